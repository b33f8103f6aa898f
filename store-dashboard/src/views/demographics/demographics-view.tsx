import { useMemo, useState } from 'preact/hooks'
import { apiGet } from '../../api/api-client.js'
import type { AnalysisRun, CustomerScope, DemographicCell, Page, SessionUser } from '../../api/wire-types.js'
import { ChartPanel } from '../../charts/chart-panel.js'
import { formatCount, formatP, formatShare } from '../../ui/format.js'
import { ErrorNotice, Loading, Notice } from '../../ui/notice.js'
import { useApi } from '../../ui/use-api.js'
import { ATTRIBUTES, type AttributeName } from './attributes.js'
import { heatmapOf } from './heatmap-of-cells.js'
import { heatmapOption } from './heatmap-option.js'

/** Cells of fewer customers than this are suppressed (the API does so for store managers whatever is asked). */
export const MIN_CELL_CUSTOMERS = 10
const LEVELS = ['department', 'category', 'subcategory'] as const

/** Who buys what: an attribute × categories heatmap of the index, for the chain or a store. */
export function DemographicsView({ user }: { user: SessionUser }) {
  const [runs] = useApi((signal) => apiGet<Page<AnalysisRun>>('/v1/analysis-runs', { kind: 'customers', status: 'succeeded', limit: 1 }, signal), [])
  let body
  if (runs.state === 'loading') body = <Loading what="customer-analytics runs" />
  else if (runs.state === 'error') body = <ErrorNotice error={runs.error} what="demographic patterns" />
  else if (!runs.data.items[0]) body = <NoCustomerRun />
  else body = <RunDemographics run={runs.data.items[0]} user={user} />
  return (
    <section aria-labelledby="demographics-title">
      <h1 id="demographics-title" tabIndex={-1}>
        Demographics: who buys what
      </h1>
      {body}
    </section>
  )
}

/** The data a run covered, in words. */
export const dataOf = (run: AnalysisRun): string => (run.dataFrom || run.dataTo ? `data ${run.dataFrom ?? 'from the start'} to ${run.dataTo ?? 'the last day'}` : 'all data')

export const NoCustomerRun = () => (
  <Notice kind="empty" title="No customer-analytics run has succeeded yet.">
    <p>
      Marketing starts one under <a href="#/runs">Analysis runs</a>; the results show here once it has succeeded.
    </p>
  </Notice>
)

function RunDemographics({ run, user }: { run: AnalysisRun; user: SessionUser }) {
  const [scopes] = useApi((signal) => apiGet<{ items: CustomerScope[] }>(`/v1/customer-analytics/runs/${run.runId}/scopes`, undefined, signal), [run.runId])
  const [scope, setScope] = useState<string | null>(null)
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('category')
  const [attribute, setAttribute] = useState<AttributeName>('ageBand')
  if (scopes.state === 'loading') return <Loading what="the run's scopes" />
  if (scopes.state === 'error') return <ErrorNotice error={scopes.error} what="demographic patterns" />
  const all = scopes.data.items
  const own = user.role === 'store_manager' ? all.find((s) => user.stores.some((code) => s.scope === `store:${code}`)) : undefined
  const chosen = scope ?? own?.scope ?? all.find((s) => s.kind === 'chain')?.scope ?? all[0]?.scope
  if (!chosen) return <Notice kind="empty" title={`Run ${run.runId} has no scope you may see.`} />
  const levels = LEVELS.filter((l) => (run.params as { levels?: string[] }).levels?.includes(l) ?? true)
  return (
    <>
      <p class="muted">
        Run {run.runId} of {run.finishedAt?.slice(0, 10)}, {dataOf(run)}. The index compares a group's share of buyers with the chain's (100 = the same).
      </p>
      <div class="toolbar">
        <div class="field field-inline">
          <label for="demo-scope">Scope</label>
          <select id="demo-scope" value={chosen} onChange={(e) => setScope(e.currentTarget.value)}>
            {all.map((s) => (
              <option key={s.scope} value={s.scope}>
                {s.label}
                {s.customers === null ? '' : ` (${formatCount(s.customers)} customers)`}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-inline">
          <label for="demo-attribute">Attribute</label>
          <select id="demo-attribute" value={attribute} onChange={(e) => setAttribute(e.currentTarget.value as AttributeName)}>
            {ATTRIBUTES.map((a) => (
              <option key={a.name} value={a.name}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-inline">
          <label for="demo-level">Level</label>
          <select id="demo-level" value={level} onChange={(e) => setLevel(e.currentTarget.value as (typeof LEVELS)[number])}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Cells runId={run.runId} scope={chosen} scopeLabel={all.find((s) => s.scope === chosen)?.label ?? chosen} level={level} attribute={attribute} />
    </>
  )
}

async function loadCells(runId: number, query: Record<string, string | number>, signal: AbortSignal): Promise<DemographicCell[]> {
  const out: DemographicCell[] = []
  let cursor: string | null = null
  do {
    const page: Page<DemographicCell> = await apiGet<Page<DemographicCell>>(`/v1/customer-analytics/runs/${runId}/demographics`, { ...query, limit: 1000, cursor }, signal)
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor && out.length < 20_000)
  return out
}

function Cells({ runId, scope, scopeLabel, level, attribute }: { runId: number; scope: string; scopeLabel: string; level: string; attribute: AttributeName }) {
  const [cells] = useApi((signal) => loadCells(runId, { scope, level, attribute, minCustomers: MIN_CELL_CUSTOMERS }, signal), [runId, scope, level, attribute])
  const spec = ATTRIBUTES.find((a) => a.name === attribute)!
  const heatmap = useMemo(() => (cells.state === 'ok' ? heatmapOf(cells.data, spec.values) : null), [cells])
  const option = useMemo(() => (heatmap ? heatmapOption(heatmap, MIN_CELL_CUSTOMERS) : null), [heatmap])
  if (cells.state === 'loading') return <Loading what="the cells" />
  if (cells.state === 'error') return <ErrorNotice error={cells.error} what="demographic patterns" />
  if (!heatmap || !option || (heatmap.shown.length === 0 && heatmap.suppressed.length === 0)) return <Notice kind="empty" title={`No cells for ${spec.label} in ${scopeLabel}.`} />
  const { highest, lowest } = heatmap
  const describe = (c: NonNullable<typeof highest>) => `${c.value} × ${c.item.name} (index ${Math.round(c.index!)})`
  const summary = [
    highest ? `Highest index: ${describe(highest)}.` : 'Every cell is suppressed.',
    lowest && lowest !== highest ? `Lowest: ${describe(lowest)}.` : '',
    `${heatmap.suppressed.length} of ${heatmap.shown.length + heatmap.suppressed.length} cells suppressed (fewer than ${MIN_CELL_CUSTOMERS} customers).`,
  ].join(' ')
  return (
    <>
      <ChartPanel
        title={`${spec.label} × ${level === 'category' ? 'categories' : `${level}s`}, ${scopeLabel}`}
        label={`Heatmap of the purchase index by ${spec.label.toLowerCase()} (rows) and ${level} (columns) in ${scopeLabel}; red above 100, blue below, hatched grey suppressed`}
        summary={summary}
        option={option}
        heightPx={Math.max(360, 150 + 40 * heatmap.values.length)}
        table={<CellTable cells={[...heatmap.shown, ...heatmap.suppressed].sort((a, b) => a.y - b.y || a.x - b.x)} />}
      />
      <ul class="legend" aria-label="Legend">
        <li>
          <span class="swatch swatch-over" aria-hidden="true" /> index above 100: bought more than the chain's card holders
        </li>
        <li>
          <span class="swatch swatch-under" aria-hidden="true" /> index below 100: bought less
        </li>
        <li>
          <span class="swatch swatch-suppressed" aria-hidden="true" /> fewer than {MIN_CELL_CUSTOMERS} customers: figures withheld
        </li>
      </ul>
    </>
  )
}

function CellTable({ cells }: { cells: DemographicCell[] }) {
  return (
    <table>
      <caption>Cells of the heatmap</caption>
      <thead>
        <tr>
          <th scope="col">Value</th>
          <th scope="col">Item</th>
          <th scope="col" class="num">Customers</th>
          <th scope="col" class="num">Penetration</th>
          <th scope="col" class="num">Index</th>
          <th scope="col" class="num">q-value</th>
          <th scope="col">Flag</th>
        </tr>
      </thead>
      <tbody>
        {cells.map((c) => (
          <tr key={`${c.value}-${c.item.code}`} data-cell={`${c.value}|${c.item.code}`}>
            <th scope="row">{c.value}</th>
            <td>{c.item.name}</td>
            {c.suppressed ? (
              <td colSpan={5}>fewer than {MIN_CELL_CUSTOMERS} customers</td>
            ) : (
              <>
                <td class="num">{formatCount(c.customers ?? 0)}</td>
                <td class="num">{formatShare(c.penetration ?? 0)}</td>
                <td class="num">{Math.round(c.index ?? 0)}</td>
                <td class="num">{formatP(c.qValue)}</td>
                <td>{c.flag === 'none' ? '' : c.flag}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
