import { compareScopes, type ScopeComparison } from './compare-scopes.js'
import { createItemsetCounter } from './count-itemset.js'
import { deriveRules } from './derive-rules.js'
import { filterRules } from './filter-rules.js'
import { findSubstitutes, type Substitute } from './find-substitutes.js'
import { mineItemsets } from './mine-itemsets.js'
import { pruneRedundant } from './prune-redundant.js'
import { selectBaskets } from './roll-up-baskets.js'
import { keepSignificant, testRules } from './test-significance.js'
import { minCountOf, type Baskets, type Itemsets, type Progress, type Rule } from './types.js'

/** One scope to mine: the chain (all stores), a region or a store, by the stores it covers. */
export type ScopeSpec = {
  key: string // 'chain', 'region:North', 'store:S001'
  kind: 'chain' | 'region' | 'store'
  /** store_ids of the scope; null = every basket given. */
  storeIds: number[] | null
  /** Keys of the scopes to compare with, nearest first (a store: its region, then the chain). */
  baselines: string[]
}

export type RuleQualityParams = {
  minSupport: number
  minConfidence: number
  minLift: number
  maxLength: number
  alpha: number
  keepInsignificant: boolean
  keepRedundant: boolean
  onlyItems?: number[] | undefined
  onlyIn?: 'either' | 'antecedent' | 'consequent' | undefined
  neverItems?: number[] | undefined
  substitutes: boolean
  /** Rules of more than two items a comparison covers, the strongest by lift, besides every pair rule. */
  maxCompared: number
}

export type AnalyseInput = {
  /** Baskets at the mining level, and the store_id of each. */
  baskets: Baskets
  stores: Uint32Array
  scopes: ScopeSpec[]
  params: RuleQualityParams
}

export type ScopeResult = {
  key: string
  basketCount: number
  minCount: number
  itemsetCount: number
  /** Rules that passed support, confidence, lift and the item constraints, and were tested. */
  rulesTested: number
  /** Significant, non-redundant rules: lift, then confidence descending, then by items. */
  rules: Rule[]
  substitutes: Substitute[]
  baseline: { key: string; basketCount: number } | null
  comparisons: ScopeComparison[]
}

/**
 * The affinity pipeline over each scope, pure: select the scope's baskets, mine the frequent
 * itemsets, derive rules, apply the item constraints, test every rule (Fisher, BH across the
 * scope's rules), drop insignificant and redundant rules, find substitutes, and compare each
 * store or region with its baselines (lift ratio with an interval; thin data falls back to the
 * baseline, said in the note). Runs in a worker thread (affinity.job.ts).
 */
export function analyseScopes(input: AnalyseInput, report: Progress = () => {}): ScopeResult[] {
  const { baskets, stores, scopes, params } = input
  const p = params
  const selected = new Map<string, Baskets>()
  const basketsOf = (s: ScopeSpec): Baskets => {
    let b = selected.get(s.key)
    if (!b) {
      const set = s.storeIds ? new Set(s.storeIds) : null
      b = set ? selectBaskets(baskets, (i) => set.has(stores[i]!)) : baskets
      selected.set(s.key, b)
    }
    return b
  }
  // One itemset counter per scope, shared by every comparison that needs it (the chain's is built once).
  const counters = new Map<string, (items: readonly number[]) => number>()
  // Counts of the scope's frequent itemsets come from the mining itself; the basket index is
  // built only for an itemset that is not frequent there.
  const frequent = new Map<string, Map<string, number>>()
  const counterOf = (spec: ScopeSpec) => {
    let c = counters.get(spec.key)
    if (!c) {
      const known = frequent.get(spec.key) ?? new Map<string, number>()
      let index: ((items: readonly number[]) => number) | undefined
      c = (items) => known.get(items.join(',')) ?? (index ??= createItemsetCounter(basketsOf(spec)))(items)
      counters.set(spec.key, c)
    }
    return c
  }
  const results = new Map<string, ScopeResult>()
  const comparing = scopes.some((x) => x.baselines.length > 0)
  // Baselines first (chain, then regions), so stores can be compared with them.
  const order = [...scopes].sort((a, b) => rank(a.kind) - rank(b.kind))
  order.forEach((s, i) => {
    report(`mine ${s.key}`, i, order.length)
    const { result, itemsets } = mineScope(basketsOf(s), s.key, params)
    results.set(s.key, result)
    if (comparing) frequent.set(s.key, itemsetCounts(itemsets))
  })
  order.forEach((s, i) => {
    const result = results.get(s.key)!
    const baselines = s.baselines.map((k) => ({ spec: scopes.find((x) => x.key === k), result: results.get(k) })).filter((x) => x.spec && x.result)
    if (baselines.length === 0 || result.basketCount === 0) return
    report(`compare ${s.key}`, i, order.length)
    const first = baselines[0]!
    result.baseline = { key: first.spec!.key, basketCount: first.result!.basketCount }
    // Every pair rule (one item beside another: the shelf-layout question) and the strongest
    // longer rules of each side are compared (rules are sorted by lift); comparing every weak
    // long rule of the chain in every store costs minutes at chain scale.
    const top = (rules: Rule[]) => [...rules.filter((r) => r.antecedent.length === 1), ...rules.filter((r) => r.antecedent.length > 1).slice(0, p.maxCompared)]
    result.comparisons = compareScopes(
      { level: s.kind, basketCount: result.basketCount, rules: top(result.rules), countItemset: counterOf(s) },
      baselines.map((b) => ({ level: b.spec!.kind, basketCount: b.result!.basketCount, rules: top(b.result!.rules), countItemset: counterOf(b.spec!) })),
      { baselineIncludesLocal: true },
    )
  })
  report('mined', order.length, order.length)
  return scopes.map((s) => results.get(s.key)!)
}

const rank = (k: ScopeSpec['kind']) => (k === 'chain' ? 0 : k === 'region' ? 1 : 2)

function itemsetCounts(itemsets: Itemsets | null): Map<string, number> {
  const out = new Map<string, number>()
  if (!itemsets) return out
  const { offsets, items, counts, itemsetCount } = itemsets
  for (let k = 0; k < itemsetCount; k++) out.set(Array.from(items.subarray(offsets[k]!, offsets[k + 1]!)).join(','), counts[k]!)
  return out
}

function mineScope(baskets: Baskets, key: string, p: RuleQualityParams): { result: ScopeResult; itemsets: Itemsets | null } {
  const N = baskets.basketCount
  const empty = { key, basketCount: N, minCount: 0, itemsetCount: 0, rulesTested: 0, rules: [], substitutes: [], baseline: null, comparisons: [] }
  if (N === 0) return { result: empty, itemsets: null }
  const minCount = minCountOf(p.minSupport, N)
  const itemsets = mineItemsets(baskets, { minSupport: minCount, maxLength: p.maxLength, excludeItems: p.neverItems ?? [] })
  let rules = deriveRules(itemsets, { minConfidence: p.minConfidence, minLift: p.minLift })
  if (p.onlyItems || p.neverItems) rules = filterRules(rules, { onlyItems: p.onlyItems, onlyIn: p.onlyIn ?? 'either', neverItems: p.neverItems ?? [] })
  const tested = testRules(rules, N)
  let kept = p.keepInsignificant ? tested : keepSignificant(tested, { alpha: p.alpha })
  if (!p.keepRedundant) kept = pruneRedundant(kept)
  kept.sort(byStrength)
  let substitutes: Substitute[] = []
  if (p.substitutes) {
    const never = new Set(p.neverItems ?? [])
    substitutes = findSubstitutes(baskets, { alpha: p.alpha }).filter((s) => !never.has(s.a) && !never.has(s.b))
  }
  return { result: { ...empty, minCount, itemsetCount: itemsets.itemsetCount, rulesTested: tested.length, rules: kept, substitutes }, itemsets }
}

/** Lift, then confidence descending, then antecedent and consequent ids: a total, deterministic order. */
export function byStrength(a: Rule, b: Rule): number {
  if (a.lift !== b.lift) return b.lift - a.lift
  if (a.confidence !== b.confidence) return b.confidence - a.confidence
  const n = Math.min(a.antecedent.length, b.antecedent.length)
  for (let i = 0; i < n; i++) if (a.antecedent[i] !== b.antecedent[i]) return a.antecedent[i]! - b.antecedent[i]!
  if (a.antecedent.length !== b.antecedent.length) return a.antecedent.length - b.antecedent.length
  return a.consequent - b.consequent
}
