import type { Rule } from './types.js'

/** A suggested item for a basket, with the rule behind it. */
export type Suggestion = { item: number; confidence: number; lift: number; count: number; rule: Rule }

// Better first: confidence, then lift, then count.
const compareScores = (x: Rule, y: Rule): number => y.confidence - x.confidence || y.lift - x.lift || y.count - x.count

// The rule shown for an item: the best score, then the shorter antecedent, then the
// antecedent's ids, so equal scores pick the same rule on every run.
const compareRules = (x: Rule, y: Rule): number =>
  compareScores(x, y) || x.antecedent.length - y.antecedent.length || compareIds(x.antecedent, y.antecedent)

function compareIds(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return x.length - y.length
}

/**
 * Basket completion ("given some items, the likeliest others"): every rule whose antecedent is
 * in the basket and whose consequent is not proposes its consequent; each item is scored by
 * its best rule (highest confidence, ties by lift, then count), and the top `k` (default 5)
 * are returned best first, ties by item id. Scans all the rules: for repeated calls on one
 * rule set, createBasketCompleter indexes them first.
 * @example completeBasket(rules, [bread, butter], { k: 3 }) // [{ item: jam, confidence: 0.42, … }, …]
 */
export function completeBasket(rules: readonly Rule[], basketItems: readonly number[], { k = 5 }: { k?: number } = {}): Suggestion[] {
  return rank(rules, new Set(basketItems), k)
}

/**
 * completeBasket over a fixed rule set, indexed once: each rule is filed under the item of its
 * antecedent that the fewest antecedents contain, and a call looks only at the lists of the
 * basket's items (a rule can only apply if that item is in the basket). Same results.
 * @example const complete = createBasketCompleter(rules); complete([bread, butter], { k: 3 })
 */
export function createBasketCompleter(rules: readonly Rule[]): (basketItems: readonly number[], options?: { k?: number }) => Suggestion[] {
  const frequency = new Map<number, number>()
  for (const r of rules) for (const i of r.antecedent) frequency.set(i, (frequency.get(i) ?? 0) + 1)
  const byItem = new Map<number, Rule[]>()
  for (const r of rules) {
    let key = r.antecedent[0]!
    for (const i of r.antecedent) if (frequency.get(i)! < frequency.get(key)! || (frequency.get(i) === frequency.get(key) && i < key)) key = i
    const list = byItem.get(key)
    if (list) list.push(r)
    else byItem.set(key, [r])
  }
  return (basketItems, { k = 5 } = {}) => {
    const basket = new Set(basketItems)
    const lists = [...basket].map((item) => byItem.get(item) ?? [])
    return rank((function* () { for (const list of lists) yield* list })(), basket, k)
  }
}

function rank(rules: Iterable<Rule>, basket: ReadonlySet<number>, k: number): Suggestion[] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`)
  const best = new Map<number, Rule>()
  for (const r of rules) {
    if (basket.has(r.consequent) || !r.antecedent.every((i) => basket.has(i))) continue
    const current = best.get(r.consequent)
    if (current === undefined || compareRules(r, current) < 0) best.set(r.consequent, r)
  }
  return [...best.values()]
    .sort((x, y) => compareScores(x, y) || x.consequent - y.consequent)
    .slice(0, k)
    .map((r) => ({ item: r.consequent, confidence: r.confidence, lift: r.lift, count: r.count, rule: r }))
}
