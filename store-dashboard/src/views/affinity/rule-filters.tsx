import { useState } from 'preact/hooks'
import { scopeLabel } from '../../ui/scope-label.js'

export const RULE_SORTS = ['lift', 'confidence', 'support', 'leverage', 'count', 'qValue'] as const
const SORT_LABELS: Record<(typeof RULE_SORTS)[number], string> = {
  lift: 'Lift', confidence: 'Confidence', support: 'Support', leverage: 'Leverage', count: 'Baskets', qValue: 'q-value',
}

export type Filters = { item: string; minLift: string; minConfidence: string; sort: (typeof RULE_SORTS)[number]; order: 'asc' | 'desc' }
export const DEFAULT_FILTERS: Filters = { item: '', minLift: '', minConfidence: '', sort: 'lift', order: 'desc' }

type Props = {
  scopes: string[]
  levels: string[]
  scope: string
  level: string
  filters: Filters
  onScope: (scope: string) => void
  onLevel: (level: string) => void
  onApply: (filters: Filters) => void
}

/** Scope and level (applied at once) and the rule filters (applied with the button). */
export function RuleFilters({ scopes, levels, scope, level, filters, onScope, onLevel, onApply }: Props) {
  const [draft, setDraft] = useState(filters)
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setDraft({ ...draft, [key]: value })
  return (
    <form
      class="filters"
      aria-label="Rule filters"
      onSubmit={(e) => {
        e.preventDefault()
        onApply({ ...draft, item: draft.item.trim() })
      }}
    >
      <div class="field">
        <label for="rule-scope">Scope</label>
        <select id="rule-scope" value={scope} onChange={(e) => onScope(e.currentTarget.value)}>
          {scopes.map((s) => (
            <option key={s} value={s}>
              {scopeLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="rule-level">Level</label>
        <select id="rule-level" value={level} onChange={(e) => onLevel(e.currentTarget.value)} disabled={levels.length < 2}>
          {levels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="rule-item">Item or category code</label>
        <input id="rule-item" value={draft.item} onInput={(e) => set('item', e.currentTarget.value)} aria-describedby="rule-item-hint" />
        <span id="rule-item-hint" class="hint">Rules mentioning it on either side</span>
      </div>
      <div class="field">
        <label for="rule-min-lift">Minimum lift</label>
        <input id="rule-min-lift" type="number" min="0" step="0.1" inputMode="decimal" value={draft.minLift} onInput={(e) => set('minLift', e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="rule-min-confidence">Minimum confidence</label>
        <input id="rule-min-confidence" type="number" min="0" max="1" step="0.05" inputMode="decimal" value={draft.minConfidence} onInput={(e) => set('minConfidence', e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="rule-sort">Sort by</label>
        <select id="rule-sort" value={draft.sort} onChange={(e) => set('sort', e.currentTarget.value as Filters['sort'])}>
          {RULE_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="rule-order">Order</label>
        <select id="rule-order" value={draft.order} onChange={(e) => set('order', e.currentTarget.value as Filters['order'])}>
          <option value="desc">Highest first</option>
          <option value="asc">Lowest first</option>
        </select>
      </div>
      <div class="field field-button">
        <button type="submit" class="button-primary">
          Apply filters
        </button>
      </div>
    </form>
  )
}
