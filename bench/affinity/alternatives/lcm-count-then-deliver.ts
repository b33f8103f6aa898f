// Alternative measured in docs/AFFINITY.md: LCM-style search in TWO passes per node: count the
// items before e over the prefix's baskets, then deliver occurrences to the frequent ones only
// (fewer scattered writes, twice the scanning). Otherwise as analytics/affinity/mine-itemsets.ts.
import { ItemsetSink } from '../../../analytics/affinity/itemset-sink.js'
import { layOutBaskets, type RankedBaskets } from '../../../analytics/affinity/mine-itemsets.js'
import type { Baskets, Itemsets, MiningParams } from '../../../analytics/affinity/types.js'
import { rankItems } from '../../../analytics/affinity/rank-items.js'

export function mineItemsets(baskets: Baskets, params: MiningParams): Itemsets {
  const { minCount, maxLength, support, byRank, rankOf, F } = rankItems(baskets, params)
  const out = new ItemsetSink()
  for (let r = 0; r < F; r++) out.push1(byRank[r]!, support[byRank[r]!]!)
  if (maxLength >= 2 && F >= 2) search(layOutBaskets(baskets, rankOf, Uint32Array.from(byRank, (i) => support[i]!)), F, minCount, maxLength, out, byRank)
  return out.toItemsets(baskets.itemCount, baskets.basketCount)
}

function search({ flat, pool, bucketStart, bucketEnd }: RankedBaskets, F: number, minCount: number, maxLength: number, out: ItemsetSink, idOf: number[]): void {

  // The extensions of every node on the current path, with their counts: a stack.
  let stack = new Int32Array(Math.max(1024, 4 * F))
  let stackCounts = new Uint32Array(stack.length)
  let top = 0
  const prefix = new Int32Array(Math.min(maxLength, F) + 1)
  const count = new Uint32Array(F)

  // Mines the extensions of prefix[0 .. depth) whose last item e has its occurrences in bucket e.
  const expand = (e: number, depth: number): void => {
    if (top + e + 1 > stack.length) {
      const grown = new Int32Array(Math.max(2 * stack.length, top + e + 1))
      grown.set(stack)
      stack = grown
      const grownCounts = new Uint32Array(grown.length)
      grownCounts.set(stackCounts)
      stackCounts = grownCounts
    }
    const s = stack
    const c = stackCounts
    const base = top
    const from = bucketStart[e]!
    const to = bucketEnd[e]!
    // Two passes over the prefix's baskets: count, then deliver only to the frequent extensions.
    const m = keepFrequent(s, base, countBefore(flat, pool, from, to, count, s, base), count, minCount)
    if (m === base) return
    const deeper = depth + 1 < maxLength
    if (deeper) deliverFrequent(flat, pool, from, to, count, minCount, bucketEnd)
    if (m - base > 1) s.subarray(base, m).sort()
    takeCounts(s, c, base, m, count)
    top = m
    for (let i = base; i < m; i++) {
      const j = s[i]!
      prefix[depth] = j
      out.pushRanks(prefix, depth + 1, c[i]!, idOf)
      if (deeper && j > 0) expand(j, depth + 1)
      bucketEnd[j] = bucketStart[j]!
    }
    top = base
  }

  for (let e = 0; e < F; e++) {
    if (e > 0) {
      prefix[0] = e
      expand(e, 1)
    }
    bucketEnd[e] = bucketStart[e]!
  }
}

/**
 * Counts every item before e in the baskets of the occurrences pool[from .. to), pushing each
 * item met for the first time onto s from t; returns the new top of s.
 */
function countBefore(flat: Int16Array | Int32Array, pool: Int32Array, from: number, to: number, count: Uint32Array, s: Int32Array, t: number): number {
  for (let k = from; k < to; k++) {
    let q = pool[k]! - 1
    let j = flat[q]!
    while (j >= 0) {
      if (count[j]!++ === 0) s[t++] = j
      j = flat[--q]!
    }
  }
  return t
}

/** Occurrence delivery: each item before e that reached the minimum gets the position of its occurrence. */
function deliverFrequent(flat: Int16Array | Int32Array, pool: Int32Array, from: number, to: number, count: Uint32Array, minCount: number, bucketEnd: Int32Array): void {
  for (let k = from; k < to; k++) {
    let q = pool[k]! - 1
    let j = flat[q]!
    while (j >= 0) {
      if (count[j]! >= minCount) pool[bucketEnd[j]!++] = q
      j = flat[--q]!
    }
  }
}

/** Keeps in s[base ..) the items that reached the minimum, forgetting the counts of the others; returns the new top. */
function keepFrequent(s: Int32Array, base: number, t: number, count: Uint32Array, minCount: number): number {
  let m = base
  for (let i = base; i < t; i++) {
    const j = s[i]!
    if (count[j]! >= minCount) s[m++] = j
    else count[j] = 0
  }
  return m
}

/** Moves the counts of s[base .. m) into c[base .. m), clearing them for the next node. */
function takeCounts(s: Int32Array, c: Uint32Array, base: number, m: number, count: Uint32Array): void {
  for (let i = base; i < m; i++) {
    const j = s[i]!
    c[i] = count[j]!
    count[j] = 0
  }
}
