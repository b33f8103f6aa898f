import { useEffect, useState } from 'preact/hooks'
import { apiGet } from '../../api/api-client.js'
import { loadStores, type DashboardStore } from '../../api/load-stores.js'
import type { KpiReport, SessionUser } from '../../api/wire-types.js'
import { hrefOf, parseRoute } from '../../router/parse-route.js'
import { replaceHash } from '../../router/use-route.js'
import { ErrorNotice, Loading, Notice } from '../../ui/notice.js'
import { useApi } from '../../ui/use-api.js'
import { KpiCharts } from './kpi-charts.js'
import { windowOf } from './kpi-metrics.js'
import { KpiTiles } from './kpi-tiles.js'

/** Windows offered; 13 weeks is the API's default. */
const SPANS = [4, 13, 26, 52] as const
const DEFAULT_SPAN = 13

/** Store KPIs: headline tiles against the previous window, and each metric week by week beside the chain. */
export function KpiView({ user, store }: { user: SessionUser; store: string | null }) {
  const [stores] = useApi((signal) => loadStores(user, signal), [user.username])
  const [span, setSpan] = useState<number>(DEFAULT_SPAN)
  // The last business day of the summaries, from the first answer: the end of every other window.
  const [lastDay, setLastDay] = useState<string | null>(null)
  const notMine = store !== null && user.role === 'store_manager' && !user.stores.includes(store)

  // "#/kpis" alone opens the first store the user may see, unless the user has gone elsewhere
  // meanwhile (the store list can answer after a navigation: replacing then would drag them back).
  useEffect(() => {
    if (store !== null) return
    const first = user.role === 'store_manager' ? user.stores[0] : stores.state === 'ok' ? stores.data[0]?.code : undefined
    const here = parseRoute(location.hash)
    if (first && here !== null && here.view === 'kpis' && here.store === null) replaceHash(hrefOf('kpis', first))
  }, [store, stores.state])

  const storeList = stores.state === 'ok' ? stores.data : []
  const current = storeList.find((s) => s.code === store)

  return (
    <section aria-labelledby="kpi-title">
      <h1 id="kpi-title" tabIndex={-1}>
        Store KPIs{current && current.name !== current.code ? `: ${current.name}` : store ? `: ${store}` : ''}
      </h1>
      <div class="toolbar">
        {stores.state === 'loading' && <Loading what="stores" />}
        {stores.state === 'error' && <ErrorNotice error={stores.error} what="the store list" />}
        {stores.state === 'ok' && <StorePicker stores={storeList} store={store} single={user.role === 'store_manager' && storeList.length === 1} />}
        <div class="field field-inline">
          <label for="kpi-span">Weeks shown</label>
          <select id="kpi-span" value={String(span)} onChange={(e) => setSpan(Number(e.currentTarget.value))} aria-describedby="kpi-span-hint">
            {SPANS.map((n) => (
              <option key={n} value={String(n)}>
                {n} weeks
              </option>
            ))}
          </select>
          <span id="kpi-span-hint" class="field-after">
            each compared with as many weeks before
          </span>
        </div>
      </div>
      {notMine ? (
        <Notice kind="forbidden" title={`Store ${store} is not one of your stores.`}>
          <p>As a store manager you see the figures of {user.stores.join(', ')} only.</p>
        </Notice>
      ) : stores.state === 'ok' && store !== null && !current && user.role !== 'store_manager' ? (
        <Notice kind="empty" title={`There is no store ${store}.`} />
      ) : store === null ? null : (
        <StoreFigures store={store} storeName={current?.name ?? store} range={span === DEFAULT_SPAN || !lastDay ? null : windowOf(lastDay, span)} onLastDay={setLastDay} />
      )}
    </section>
  )
}

function StorePicker({ stores, store, single }: { stores: DashboardStore[]; store: string | null; single: boolean }) {
  if (single) {
    const s = stores[0]!
    return (
      <p class="toolbar-text">
        Store: <strong>{s.code}</strong> {s.name !== s.code ? s.name : ''}
      </p>
    )
  }
  return (
    <div class="field field-inline">
      <label for="store-picker">Store</label>
      <select id="store-picker" value={store ?? ''} onChange={(e) => (location.hash = hrefOf('kpis', e.currentTarget.value))}>
        {store === null && <option value="">Choose a store</option>}
        {stores.map((s) => (
          <option key={s.code} value={s.code}>
            {s.code} {s.name !== s.code ? `· ${s.name}` : ''}
          </option>
        ))}
      </select>
    </div>
  )
}

type FiguresProps = { store: string; storeName: string; range: { from: string; to: string } | null; onLastDay: (day: string) => void }

function StoreFigures({ store, storeName, range, onLastDay }: FiguresProps) {
  const [report] = useApi((signal) => apiGet<KpiReport>('/v1/dashboard/kpis', { store, from: range?.from, to: range?.to }, signal), [store, range?.from, range?.to])
  useEffect(() => {
    if (report.state === 'ok' && report.data.dataThrough) onLastDay(report.data.dataThrough)
  }, [report])
  if (report.state === 'loading') return <Loading what={`the figures of ${store}`} />
  if (report.state === 'error') return <ErrorNotice error={report.error} what="store KPIs" />
  const r = report.data
  if (!r.refreshedAt) {
    return (
      <Notice kind="empty" title="The KPI summaries have not been built yet.">
        <p>They are built from the receipts at server start and by <code>basketwise kpis refresh</code>; reload this page once that has run.</p>
      </Notice>
    )
  }
  if (r.totals.current.weeks === 0) return <Notice kind="empty" title={`No sales recorded for ${store} in these weeks.`} />
  return (
    <>
      <KpiTiles report={r} />
      <p class="muted">
        Receipts through {r.dataThrough}, summarised {new Date(r.refreshedAt).toLocaleString('en-GB')}.
        {r.lapsedKnownThrough ? ` Lapsed card holders are known through the week of ${r.lapsedKnownThrough} (a lapse is 8 weeks without a visit).` : ' Lapsed card holders are not known yet (a lapse is 8 weeks without a visit).'}
      </p>
      <KpiCharts storeName={storeName} store={r.weeks} chain={r.chain} />
    </>
  )
}
