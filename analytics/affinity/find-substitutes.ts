import { benjaminiHochberg, hypergeometricLowerTail } from '../stats/index.js'
import type { Baskets, Progress } from './types.js'

/**
 * A pair bought together much less often than chance: `count` baskets hold both, against
 * `expected` = aCount·bCount / N under independence. a < b.
 */
export type Substitute = {
  a: number
  b: number
  count: number
  expected: number
  aCount: number
  bCount: number
  /** Yule's Q = (n11·n00 − n10·n01) / (n11·n00 + n10·n01), in [−1, 1]; −1: never together. */
  yuleQ: number
  /** count / expected. */
  lift: number
  /** Fisher's exact test, one-sided for negative association. */
  pValue: number
  /** Benjamini–Hochberg across all the pairs tested (expected >= minExpected). */
  qValue: number
}

export type SubstituteOptions = {
  /** Items to consider (default: every item); only those in at least `minCount` baskets are kept. */
  candidates?: readonly number[]
  /** Default: minExpected (a pair's expected count cannot reach it otherwise). */
  minCount?: number
  /** Keep at most this many candidates, the most frequent (ties by id). Default 2,000, at most MAX_SUBSTITUTE_CANDIDATES. */
  maxCandidates?: number
  /** Report pairs with Yule's Q at most this (default −0.3, an odds ratio of 0.54). */
  maxYuleQ?: number
  /** Test only pairs expected together in at least this many baskets (default 5). */
  minExpected?: number
  /** False discovery rate (default 0.05). */
  alpha?: number
  onProgress?: Progress
}

/**
 * Pair counts are a dense triangular Uint32Array of K·(K − 1)/2 cells: 8 MB at the default
 * 2,000 candidates, 50 MB at this limit.
 */
export const MAX_SUBSTITUTE_CANDIDATES = 5000

/**
 * Substitutes: pairs of items bought together much less than chance. Counts the
 * co-occurrence of every pair of candidates (the most frequent `maxCandidates` items), tests
 * each pair expected together in at least `minExpected` baskets with Fisher's exact test for
 * negative association, adjusts across those pairs with Benjamini–Hochberg, and reports the
 * pairs with Yule's Q <= `maxYuleQ` and q <= `alpha`. Selecting the tested pairs on their
 * margins alone keeps the tests valid: Fisher's test conditions on the margins.
 * Order: Yule's Q ascending, then a, then b.
 * @example findSubstitutes(baskets, { maxCandidates: 1000 }) // [{ a: cola, b: diet cola, yuleQ: −0.71, … }]
 */
export function findSubstitutes(baskets: Baskets, options: SubstituteOptions = {}): Substitute[] {
  const { minExpected = 5, maxYuleQ = -0.3, alpha = 0.05, maxCandidates = 2000, onProgress } = options
  const minCount = options.minCount ?? minExpected
  if (!(Number.isInteger(maxCandidates) && maxCandidates >= 2 && maxCandidates <= MAX_SUBSTITUTE_CANDIDATES)) {
    throw new RangeError(`maxCandidates must be an integer from 2 to ${MAX_SUBSTITUTE_CANDIDATES}, got ${maxCandidates}`)
  }
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`)
  if (!(minExpected > 0)) throw new RangeError(`minExpected must be > 0, got ${minExpected}`)
  const { offsets, items, itemCount, basketCount: n } = baskets

  const itemCounts = new Uint32Array(itemCount)
  for (let k = 0; k < items.length; k++) itemCounts[items[k]!]!++
  const pool = options.candidates ? [...new Set(options.candidates)] : Array.from({ length: itemCount }, (_, i) => i)
  for (const id of pool) if (!(Number.isInteger(id) && id >= 0 && id < itemCount)) throw new RangeError(`candidate ${id} is not an item id below ${itemCount}`)
  const chosen = pool
    .filter((id) => itemCounts[id]! >= minCount && itemCounts[id]! > 0)
    .sort((x, y) => itemCounts[y]! - itemCounts[x]! || x - y)
    .slice(0, maxCandidates)
    .sort((x, y) => x - y) // slot order = id order, so a basket's slots come out ascending
  const k = chosen.length
  const slot = new Int32Array(itemCount).fill(-1)
  chosen.forEach((id, s) => (slot[id] = s))
  // Cell of pair (i, j), i < j: rowStart[i] + j − i − 1.
  const rowStart = new Uint32Array(k)
  for (let i = 1; i < k; i++) rowStart[i] = rowStart[i - 1]! + (k - i)
  const pairs = new Uint32Array((k * (k - 1)) / 2)

  const inBasket = new Int32Array(Math.min(k, itemCount) + 1)
  const progressEvery = 65_536
  for (let b = 0; b < n; b++) {
    let m = 0
    for (let t = offsets[b]!; t < offsets[b + 1]!; t++) {
      const s = slot[items[t]!]!
      if (s >= 0) inBasket[m++] = s
    }
    for (let x = 0; x < m - 1; x++) {
      const base = rowStart[inBasket[x]!]! - inBasket[x]! - 1
      for (let y = x + 1; y < m; y++) pairs[base + inBasket[y]!]!++
    }
    if (onProgress && (b + 1) % progressEvery === 0) onProgress('count-pairs', b + 1, n)
  }
  onProgress?.('count-pairs', n, n)

  // Test every pair whose margins allow an expected count of minExpected.
  const tested: number[] = []
  const pValues: number[] = []
  for (let i = 0; i < k; i++) {
    const aCount = itemCounts[chosen[i]!]!
    for (let j = i + 1; j < k; j++) {
      const bCount = itemCounts[chosen[j]!]!
      if ((aCount * bCount) / n < minExpected) continue
      tested.push(rowStart[i]! + j - i - 1, i, j)
      pValues.push(hypergeometricLowerTail(pairs[rowStart[i]! + j - i - 1]!, bCount, aCount, n))
    }
    onProgress?.('test-pairs', i + 1, k)
  }
  const qValues = benjaminiHochberg(pValues)

  const found: Substitute[] = []
  for (let t = 0; t < pValues.length; t++) {
    if (qValues[t]! > alpha) continue
    const [cell, i, j] = [tested[3 * t]!, tested[3 * t + 1]!, tested[3 * t + 2]!]
    const count = pairs[cell]!
    const aCount = itemCounts[chosen[i]!]!
    const bCount = itemCounts[chosen[j]!]!
    const n10 = aCount - count, n01 = bCount - count, n00 = n - aCount - bCount + count
    const yuleQ = (count * n00 - n10 * n01) / (count * n00 + n10 * n01)
    if (!(yuleQ <= maxYuleQ)) continue
    const expected = (aCount * bCount) / n
    found.push({ a: chosen[i]!, b: chosen[j]!, count, expected, aCount, bCount, yuleQ, lift: count / expected, pValue: pValues[t]!, qValue: qValues[t]! })
  }
  return found.sort((x, y) => x.yuleQ - y.yuleQ || x.a - y.a || x.b - y.b)
}
