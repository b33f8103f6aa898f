import { apiGet } from '../../api/api-client.js'
import type { AffinityRule, GoesWith } from '../../api/wire-types.js'
import { formatCount, formatRatio, formatShare } from '../../ui/format.js'
import { ErrorNotice, Loading } from '../../ui/notice.js'
import { useApi } from '../../ui/use-api.js'
import type { NetworkNode } from './network-of-rules.js'

type Props = { runId: number; scope: string; level: string; items: NetworkNode[]; item: string | null; onItem: (code: string) => void }

/** "What goes with X": what buyers of X also buy, and what leads to X. */
export function GoesWithPanel({ runId, scope, level, items, item, onItem }: Props) {
  const chosen = item ?? items[0]?.code ?? null
  return (
    <section class="panel" aria-labelledby="goes-with-title">
      <h2 id="goes-with-title">What goes with…</h2>
      <div class="field">
        <label for="goes-with-item">What goes with</label>
        <select id="goes-with-item" value={chosen ?? ''} onChange={(e) => onItem(e.currentTarget.value)}>
          {items.map((n) => (
            <option key={n.code} value={n.code}>
              {n.name} ({n.code})
            </option>
          ))}
        </select>
      </div>
      {chosen && <GoesWithLists runId={runId} scope={scope} level={level} item={chosen} name={items.find((n) => n.code === chosen)?.name ?? chosen} />}
    </section>
  )
}

function GoesWithLists({ runId, scope, level, item, name }: { runId: number; scope: string; level: string; item: string; name: string }) {
  const [answer] = useApi((signal) => apiGet<GoesWith>(`/v1/affinity/runs/${runId}/goes-with`, { scope, level, item, limit: 10 }, signal), [runId, scope, level, item])
  if (answer.state === 'loading') return <Loading what="what goes with it" />
  if (answer.state === 'error') return <ErrorNotice error={answer.error} what="what goes with it" />
  const { pullsIn, pulledBy, basketCount } = answer.data
  return (
    <div aria-live="polite">
      <p class="muted">Out of {formatCount(basketCount)} baskets.</p>
      <RuleList caption={`Buyers of ${name} also buy`} rules={pullsIn} side="consequent" />
      <RuleList caption={`What leads to ${name}`} rules={pulledBy} side="antecedent" />
    </div>
  )
}

function RuleList({ caption, rules, side }: { caption: string; rules: AffinityRule[]; side: 'consequent' | 'antecedent' }) {
  return (
    <table class="compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{side === 'consequent' ? 'Also buy' : 'Bought first'}</th>
          <th scope="col" class="num">Confidence</th>
          <th scope="col" class="num">Lift</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => (
          <tr key={r.ruleNo}>
            <td>{side === 'consequent' ? r.consequent.name : r.antecedent.map((i) => i.name).join(' + ')}</td>
            <td class="num">{formatShare(r.confidence)}</td>
            <td class="num">{formatRatio(r.lift)}</td>
          </tr>
        ))}
        {rules.length === 0 && (
          <tr>
            <td colSpan={3}>No rule.</td>
          </tr>
        )}
      </tbody>
    </table>
  )
}
