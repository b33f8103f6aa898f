import type { Itemsets, Rule } from './types.js'

export type RuleParams = {
  /** Smallest confidence kept, 0 .. 1 (count / antecedentCount). */
  minConfidence: number
  /** Smallest lift kept (default: no bound). */
  minLift?: number
}

/**
 * Every association rule A → c with one item in the consequent and a non-empty antecedent,
 * from every frequent itemset of two or more items (A ∪ {c} is the itemset), with its support,
 * confidence, lift, leverage and conviction; rules below `minConfidence` (or `minLift`) are
 * dropped. Antecedent counts come from the itemsets themselves (every subset of a frequent
 * itemset is frequent, so it is there), found through a hash of the itemsets keyed by their
 * items. Order: the itemsets' order (size, then items), then the consequent ascending.
 *
 * @example
 * deriveRules(mineItemsets(baskets, { minSupport: 10 }), { minConfidence: 0.5 })
 * // [{ antecedent: [3], consequent: 7, count: 12, confidence: 0.6, lift: 2.1, … }, …]
 */
export function deriveRules(itemsets: Itemsets, params: RuleParams): Rule[] {
  const { minConfidence, minLift = -Infinity } = params
  if (!(minConfidence >= 0 && minConfidence <= 1)) throw new RangeError(`minimum confidence must be within 0 .. 1, got ${minConfidence}`)
  const { offsets, items, counts, itemsetCount, basketCount: N } = itemsets
  const index = new ItemsetIndex(itemsets)
  const singleCount = new Map<number, number>()
  for (let k = 0; k < itemsetCount && offsets[k + 1]! - offsets[k]! === 1; k++) singleCount.set(items[offsets[k]!]!, counts[k]!)

  const rules: Rule[] = []
  for (let k = 0; k < itemsetCount; k++) {
    const start = offsets[k]!
    const end = offsets[k + 1]!
    if (end - start < 2) continue
    const count = counts[k]!
    for (let c = start; c < end; c++) {
      const consequent = items[c]!
      const antecedentCount = index.countWithout(start, end, c)
      if (antecedentCount < 0) throw new Error(`itemset ${Array.from(items.subarray(start, end)).join(',')} has a subset missing from the itemsets: pass every frequent itemset`)
      const confidence = count / antecedentCount
      if (confidence < minConfidence) continue
      const consequentCount = singleCount.get(consequent)
      if (consequentCount === undefined) throw new Error(`item ${consequent} has no count of its own among the itemsets: pass every frequent itemset`)
      const pC = consequentCount / N
      const lift = confidence / pC
      if (lift < minLift) continue
      const antecedent: number[] = []
      for (let i = start; i < end; i++) if (i !== c) antecedent.push(items[i]!)
      rules.push(ruleFromCounts(antecedent, consequent, count, antecedentCount, consequentCount, N))
    }
  }
  return rules
}

/**
 * A rule and its measures from its basket counts out of N: support, confidence, lift, leverage,
 * conviction (Infinity when the confidence is 1).
 */
export function ruleFromCounts(antecedent: number[], consequent: number, count: number, antecedentCount: number, consequentCount: number, N: number): Rule {
  const support = count / N
  const confidence = count / antecedentCount
  const pC = consequentCount / N
  return {
    antecedent, consequent, count, antecedentCount, consequentCount, support, confidence,
    lift: confidence / pC,
    leverage: support - (antecedentCount / N) * pC,
    conviction: confidence === 1 ? Infinity : (1 - pC) / (1 - confidence),
  }
}

/** Open-addressing hash of the itemsets keyed by their items: itemset index by content. */
class ItemsetIndex {
  private readonly slots: Int32Array
  private readonly mask: number

  constructor(private readonly s: Itemsets) {
    let size = 16
    while (size < 2 * s.itemsetCount) size *= 2
    this.slots = new Int32Array(size).fill(-1)
    this.mask = size - 1
    for (let k = 0; k < s.itemsetCount; k++) {
      let h = this.hash(s.offsets[k]!, s.offsets[k + 1]!, -1) & this.mask
      while (this.slots[h] !== -1) h = (h + 1) & this.mask
      this.slots[h] = k
    }
  }

  /** The count of items[start .. end) without the item at `skip`, or −1 when that itemset is absent. */
  countWithout(start: number, end: number, skip: number): number {
    const { offsets, items, counts } = this.s
    const size = end - start - 1
    for (let h = this.hash(start, end, skip) & this.mask; ; h = (h + 1) & this.mask) {
      const k = this.slots[h]!
      if (k === -1) return -1
      const o = offsets[k]!
      if (offsets[k + 1]! - o !== size) continue
      let i = start
      let p = o
      for (; i < end; i++) {
        if (i === skip) continue
        if (items[p++] !== items[i]) break
      }
      if (i === end) return counts[k]!
    }
  }

  private hash(start: number, end: number, skip: number): number {
    const items = this.s.items
    let h = 0x811c9dc5
    for (let i = start; i < end; i++) {
      if (i === skip) continue
      h = Math.imul(h ^ items[i]!, 0x01000193)
      h ^= h >>> 15
    }
    return Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0
  }
}
