import { useEffect, useState } from 'preact/hooks'
import { apiGet } from '../../api/api-client.js'
import type { AffinityRule, Page } from '../../api/wire-types.js'
import { formatCount, formatP, formatRatio, formatShare } from '../../ui/format.js'
import { ErrorNotice, Loading } from '../../ui/notice.js'
import { scopeLabel } from '../../ui/scope-label.js'
import type { Filters } from './rule-filters.js'

const PAGE = 25

/** A page of a scope's rules at a time, as the filters ask; "Show more" follows the cursor. */
export function RulesTable({ runId, scope, level, filters }: { runId: number; scope: string; level: string; filters: Filters }) {
  const [rows, setRows] = useState<AffinityRule[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [state, setState] = useState<'loading' | 'ok' | 'error'>('loading')
  const [error, setError] = useState<unknown>(null)

  const load = async (after: string | null, signal?: AbortSignal) => {
    setState('loading')
    try {
      const page = await apiGet<Page<AffinityRule>>(
        `/v1/affinity/runs/${runId}/rules`,
        { scope, level, item: filters.item, minLift: filters.minLift, minConfidence: filters.minConfidence, sort: filters.sort, order: filters.order, limit: PAGE, cursor: after },
        signal,
      )
      if (signal?.aborted) return
      setRows((before) => (after ? [...before, ...page.items] : page.items))
      setCursor(page.nextCursor)
      setState('ok')
    } catch (err) {
      if (signal?.aborted) return
      setError(err)
      setState('error')
    }
  }

  useEffect(() => {
    const abort = new AbortController()
    setRows([])
    void load(null, abort.signal)
    return () => abort.abort()
  }, [runId, scope, level, filters])

  if (state === 'error') return <ErrorNotice error={error} what="the rules" />
  return (
    <div class="table-wrap">
      <table class="rules">
        <caption>
          Rules of {scopeLabel(scope)} at {level} level{filters.item ? ` mentioning ${filters.item}` : ''}, by {filters.sort} ({filters.order === 'desc' ? 'highest' : 'lowest'} first)
          {state === 'ok' ? `: ${rows.length}${cursor ? '+' : ''} shown` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">If a basket has</th>
            <th scope="col">it also has</th>
            <th scope="col" class="num">Baskets</th>
            <th scope="col" class="num">Support</th>
            <th scope="col" class="num">Confidence</th>
            <th scope="col" class="num">Lift</th>
            <th scope="col" class="num">q-value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.ruleNo}>
              <td>{r.antecedent.map((i) => i.name).join(' + ')}</td>
              <td>{r.consequent.name}</td>
              <td class="num">{formatCount(r.count)}</td>
              <td class="num">{formatShare(r.support, 2)}</td>
              <td class="num">{formatShare(r.confidence)}</td>
              <td class="num">{formatRatio(r.lift)}</td>
              <td class="num">{formatP(r.qValue)}</td>
            </tr>
          ))}
          {state === 'ok' && rows.length === 0 && (
            <tr>
              <td colSpan={7}>No rule matches these filters.</td>
            </tr>
          )}
        </tbody>
      </table>
      {state === 'loading' && <Loading what="rules" />}
      {state === 'ok' && cursor && (
        <button type="button" onClick={() => void load(cursor)}>
          Show {PAGE} more rules
        </button>
      )}
    </div>
  )
}
