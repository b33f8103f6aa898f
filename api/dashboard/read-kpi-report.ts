import {
  alignToChain, chainWeekFigures, compareWindows, LAPSE_WEEKS, lapsedKnownThrough, readChainWeeks, readKpiRefresh, readStoreWeeks, resolveWindow, weekFigures,
} from '../../analytics/kpis/index.js'
import type { Caller } from '../auth/caller.js'
import type { KpiQuery, KpiReport } from '../contract/dashboard.js'
import type { Sql } from '../db/create-database.js'
import { findReadableStore, publicStore } from './dashboard-stores.repo.js'

/**
 * GET /v1/dashboard/kpis: a store's weekly KPIs beside the chain's per-store average, and both
 * windows' totals against the window before, read from the KPI summaries (a few hundred rows at
 * most, whatever the size of the chain). Aggregates only: no customer identity.
 */
export async function readKpiReport(sql: Sql, caller: Caller, q: KpiQuery, today: () => Date): Promise<KpiReport> {
  const store = q.store === undefined ? null : await findReadableStore(sql, caller, q.store)
  const state = await readKpiRefresh(sql)
  const window = resolveWindow(q, state?.lastDay ?? today().toISOString().slice(0, 10))
  const [chainRows, storeRows] = await Promise.all([
    readChainWeeks(sql, window.previous.from, window.current.to),
    store ? readStoreWeeks(sql, store.storeId, window.previous.from, window.current.to) : Promise.resolve(null),
  ])
  const storeWeeks = storeRows ? alignToChain(storeRows, chainRows) : null
  const shown = (w: { weekStart: string }) => w.weekStart >= window.current.from
  const chainTotals = compareWindows(chainRows, window)
  return {
    store: store ? publicStore(store) : null,
    weeks: storeWeeks ? storeWeeks.filter(shown).map(weekFigures) : [],
    chain: chainRows.filter(shown).map(chainWeekFigures),
    totals: storeWeeks ? compareWindows(storeWeeks, window) : chainTotals,
    chainTotals,
    lapsedKnownThrough: lapsedKnownThrough(state?.firstDay ?? null, state?.lastDay ?? null, LAPSE_WEEKS),
    dataThrough: state?.lastDay ?? null,
    refreshedAt: state?.refreshedAt ?? null,
  }
}
