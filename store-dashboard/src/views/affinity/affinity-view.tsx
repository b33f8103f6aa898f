import { useMemo, useState } from 'preact/hooks'
import { apiGet } from '../../api/api-client.js'
import type { AffinityRule, AffinityScope, AnalysisRun, Page, SessionUser } from '../../api/wire-types.js'
import { ErrorNotice, Loading, Notice } from '../../ui/notice.js'
import { useApi } from '../../ui/use-api.js'
import { scopeLabel } from '../../ui/scope-label.js'
import { CategoryNetwork } from './category-network.js'
import { GoesWithPanel } from './goes-with-panel.js'
import { networkOfRules } from './network-of-rules.js'
import { RuleFilters, DEFAULT_FILTERS, type Filters } from './rule-filters.js'
import { RulesTable } from './rules-table.js'

/** The affinity explorer: a succeeded run's rules (filtered, sorted), the network of pairs, and what goes with an item. */
export function AffinityView({ user }: { user: SessionUser }) {
  const [runs] = useApi((signal) => apiGet<Page<AnalysisRun>>('/v1/analysis-runs', { kind: 'affinity', status: 'succeeded', limit: 20 }, signal), [])
  const [chosen, setChosen] = useState<number | null>(null)

  let body
  if (runs.state === 'loading') body = <Loading what="affinity runs" />
  else if (runs.state === 'error') body = <ErrorNotice error={runs.error} what="affinity results" />
  else if (runs.data.items.length === 0) {
    body = (
      <Notice kind="empty" title="No affinity run has succeeded yet.">
        <p>Start one with <code>basketwise affinity run</code> or POST /v1/affinity/runs; its rules show here once it has succeeded.</p>
      </Notice>
    )
  } else {
    const items = runs.data.items
    const runId = chosen ?? items[0]!.runId
    body = (
      <>
        <div class="toolbar">
          <div class="field field-inline">
            <label for="affinity-run">Run</label>
            <select id="affinity-run" value={String(runId)} onChange={(e) => setChosen(Number(e.currentTarget.value))}>
              {items.map((r) => (
                <option key={r.runId} value={String(r.runId)}>
                  Run {r.runId} · {r.scopeKey} v{r.version} · {r.finishedAt?.slice(0, 10) ?? ''}
                </option>
              ))}
            </select>
          </div>
        </div>
        <RunExplorer key={runId} runId={runId} user={user} />
      </>
    )
  }
  return (
    <section aria-labelledby="affinity-title">
      <h1 id="affinity-title" tabIndex={-1}>
        Affinity explorer
      </h1>
      {body}
    </section>
  )
}

function RunExplorer({ runId, user }: { runId: number; user: SessionUser }) {
  const [scopes] = useApi((signal) => apiGet<{ items: AffinityScope[] }>(`/v1/affinity/runs/${runId}/scopes`, undefined, signal), [runId])
  const [picked, setPicked] = useState<{ scope: string; level: string } | null>(null)
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS)
  const [item, setItem] = useState<string | null>(null)

  if (scopes.state === 'loading') return <Loading what="the run's scopes" />
  if (scopes.state === 'error') return <ErrorNotice error={scopes.error} what="affinity results" />
  const all = scopes.data.items
  if (all.length === 0) return <Notice kind="empty" title={`Run ${runId} has no scope you may see.`} />
  const own = user.role === 'store_manager' ? all.find((s) => user.stores.some((code) => s.scope === `store:${code}`)) : undefined
  const first = own ?? all.find((s) => s.scope === 'chain') ?? all[0]!
  const scope = picked?.scope ?? first.scope
  const levels = [...new Set(all.filter((s) => s.scope === scope).map((s) => s.level))]
  const level = picked && levels.includes(picked.level as never) ? picked.level : levels[0]!
  const current = all.find((s) => s.scope === scope && s.level === level)

  return (
    <>
      <RuleFilters
        scopes={[...new Set(all.map((s) => s.scope))]}
        levels={levels}
        scope={scope}
        level={level}
        filters={filters}
        onScope={(s) => {
          setPicked({ scope: s, level })
          setItem(null)
        }}
        onLevel={(l) => {
          setPicked({ scope, level: l })
          setItem(null)
        }}
        onApply={setFilters}
      />
      {current && (
        <p class="muted">
          {scopeLabel(scope)}: {current.basketCount.toLocaleString('en-GB')} baskets, {current.ruleCount.toLocaleString('en-GB')} rules kept of {current.rulesTested.toLocaleString('en-GB')} tested.
        </p>
      )}
      {/* Keyed by what it shows: new filters start a new table, never the old rows under a new caption. */}
      <RulesTable key={JSON.stringify([scope, level, filters])} runId={runId} scope={scope} level={level} filters={filters} />
      <PairsOfScope runId={runId} scope={scope} level={level} item={item} onItem={setItem} />
    </>
  )
}

/** The network of the scope's pair rules (the 60 strongest by lift) and the "what goes with" panel, which share its items. */
function PairsOfScope({ runId, scope, level, item, onItem }: { runId: number; scope: string; level: string; item: string | null; onItem: (code: string) => void }) {
  const [rules] = useApi(
    (signal) => apiGet<Page<AffinityRule>>(`/v1/affinity/runs/${runId}/rules`, { scope, level, maxSize: 2, sort: 'lift', order: 'desc', limit: 1000 }, signal),
    [runId, scope, level],
  )
  const network = useMemo(() => (rules.state === 'ok' ? networkOfRules(rules.data.items, 60) : null), [rules])
  if (rules.state === 'loading') return <Loading what="the pairs" />
  if (rules.state === 'error') return <ErrorNotice error={rules.error} what="the pairs" />
  return (
    <div class="two-col">
      <CategoryNetwork network={network!} level={level} scope={scope} onPick={onItem} />
      <GoesWithPanel runId={runId} scope={scope} level={level} items={network!.nodes} item={item} onItem={onItem} />
    </div>
  )
}
