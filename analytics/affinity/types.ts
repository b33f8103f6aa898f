/**
 * The shared shapes of the affinity engine. Every core file in analytics/affinity works on
 * these: integer-coded baskets in CSR form in, frequent itemsets in CSR form out, rules as
 * plain objects. No I/O here.
 */

/**
 * Baskets in CSR (compressed sparse row) form: the items of basket b are
 * `items[offsets[b] .. offsets[b + 1])`, sorted ascending, each at most once.
 * Item ids are dense, 0 .. itemCount - 1.
 */
export type Baskets = {
  offsets: Uint32Array // length basketCount + 1
  items: Uint32Array
  itemCount: number
  basketCount: number
}

/**
 * Frequent itemsets in CSR form: itemset k is `items[offsets[k] .. offsets[k + 1])`
 * (item ids ascending) and occurs in `counts[k]` baskets. Order is deterministic:
 * by size, then lexicographically by item id.
 */
export type Itemsets = {
  offsets: Uint32Array // length itemsetCount + 1
  items: Uint32Array
  counts: Uint32Array
  itemsetCount: number
  basketCount: number // the N the counts are out of
}

/** Parameters of a mining run. Minimum support is resolved to a count before mining. */
export type MiningParams = {
  /** A basket count (an integer >= 1) or a fraction of the baskets (0 < s < 1); a fraction s means ceil(s * N). */
  minSupport: number
  /** Largest itemset size to report (default: unlimited). */
  maxLength?: number
  /** Items never to mine (dropped from every basket before mining). */
  excludeItems?: readonly number[]
}

/** Progress callback of long cores: `done` of `total` units of the named phase. */
export type Progress = (phase: string, done: number, total: number) => void

/** Resolves a minimum support given as a count or a fraction to a basket count (at least 1). */
export function minCountOf(minSupport: number, basketCount: number): number {
  if (!(minSupport > 0)) throw new RangeError(`minimum support must be > 0, got ${minSupport}`)
  if (minSupport < 1) return Math.max(1, Math.ceil(minSupport * basketCount - 1e-9))
  if (!Number.isInteger(minSupport)) throw new RangeError(`a minimum support of 1 or more is a basket count and must be an integer, got ${minSupport}`)
  return minSupport
}

/**
 * An association rule antecedent → consequent (one item in the consequent, the usual form
 * in retail and the one arules' 5,668 Groceries rules count). Counts are basket counts out of N.
 */
export type Rule = {
  antecedent: number[] // item ids ascending, non-empty
  consequent: number
  /** Baskets holding antecedent ∪ {consequent}. */
  count: number
  antecedentCount: number
  consequentCount: number
  support: number // count / N
  confidence: number // count / antecedentCount
  lift: number // confidence / (consequentCount / N)
  leverage: number // support − P(A)·P(C)
  /** (1 − P(C)) / (1 − confidence); Infinity when confidence is 1. */
  conviction: number
  /** Fisher's exact test, one-sided (positive association), when computed. */
  pValue?: number
  /** Benjamini–Hochberg adjusted p-value across the rules tested together. */
  qValue?: number
}
