import { rankItems } from './rank-items.js'
import { ItemsetSink } from './itemset-sink.js'
import type { Baskets, Itemsets, MiningParams, Progress } from './types.js'

/**
 * Every frequent itemset of the baskets: each set of items held by at least the minimum
 * support of baskets (a count, or a fraction of N rounded up), up to `maxLength` items, with
 * the `excludeItems` dropped from every basket first. Counts are basket counts out of N.
 * Output order: by size, then lexicographically by item id (the Itemsets order).
 *
 * Algorithm (docs/AFFINITY.md has the measurements behind the choice): LCM-style
 * depth-first search with occurrence delivery. Items are recoded by descending support and
 * infrequent ones dropped; each basket is kept as a run of recoded items in one typed array
 * (16-bit while the ranks fit), runs separated by −1. An occurrence of itemset P is the position of P's last-added item in
 * its basket's run; the items before it are the only ones P can still be extended with, so
 * one backward scan per occurrence delivers it into the bucket of every extension at once.
 * Buckets are one pool allocated once (item i's bucket holds at most support(i) entries) and
 * reused at every depth, extensions being processed in ascending order; below the first level
 * a scan delivers only to the parent's frequent extensions. No object is made per itemset:
 * results go straight into growable typed arrays and are put in order at the end by a
 * linear-time radix sort.
 *
 * @example
 * mineItemsets(basketsOf([[0, 1], [0, 1, 2], [1, 2]]), { minSupport: 2 })
 * // {0} 2, {1} 3, {2} 2, {0,1} 2, {1,2} 2
 */
export function mineItemsets(baskets: Baskets, params: MiningParams, report?: Progress): Itemsets {
  const { minCount, maxLength, support, byRank, rankOf, F } = rankItems(baskets, params)
  if (!(maxLength >= 1) || (maxLength !== Infinity && !Number.isInteger(maxLength))) throw new RangeError(`maximum length must be an integer >= 1, got ${maxLength}`)
  const { basketCount: N, itemCount } = baskets

  const db = maxLength >= 2 && F >= 2 ? layOutBaskets(baskets, rankOf, Uint32Array.from(byRank, (item) => support[item]!)) : null
  // The single items first, in rank order: single r's item sits at items[r] of the sink.
  const out = new ItemsetSink(db ? 2 * db.flat.length : F)
  for (let r = 0; r < F; r++) out.push1(byRank[r]!, support[byRank[r]!]!)
  if (db) searchExtensions(db, Uint32Array.from(byRank), minCount, maxLength, out, report)
  // The search's pool is free now: the sort's scratch space, already in memory.
  return out.toItemsets(itemCount, N, db ? new Uint32Array(db.pool.buffer, db.pool.byteOffset, db.pool.length) : undefined)
}

/**
 * The reduced database: the baskets with two or more frequent items as runs of ranks,
 * ascending, separated by −1 (flat[0] is −1 too); and the root's buckets: bucket r,
 * pool[bucketStart[r] .. bucketEnd[r]), holds the positions in `flat` of rank r.
 */
export type RankedBaskets = {
  flat: Int16Array | Int32Array
  pool: Int32Array
  /** F + 1 entries; bucket r may grow up to bucketStart[r + 1] */
  bucketStart: Int32Array
  bucketEnd: Int32Array
}

/**
 * Lays out the reduced database and the root's buckets in one pass over the baskets; bucket r
 * gets room for capacity[r] positions (the item's support bounds its occurrences). Exported for
 * the benchmark's alternative miners.
 */
export function layOutBaskets(baskets: Baskets, rankOf: Int32Array, capacity: Uint32Array): RankedBaskets {
  const F = capacity.length
  const bucketStart = new Int32Array(F + 1)
  for (let r = 0; r < F; r++) bucketStart[r + 1] = bucketStart[r]! + capacity[r]!
  const bucketEnd = bucketStart.slice(0, F)
  const pool = new Int32Array(bucketStart[F]!)
  // Room for every item and a separator per basket: no counting pass first. Ranks fit in 16
  // bits up to 32,767 frequent items: half the memory to touch and to scan (15% faster).
  const size = baskets.offsets[baskets.basketCount]! + baskets.basketCount + 1
  const flat = F <= 0x7fff ? new Int16Array(size) : new Int32Array(size)
  flat[0] = -1
  const used = fillRanked(baskets, rankOf, flat, pool, bucketEnd)
  return { flat: flat.subarray(0, used), pool, bucketStart, bucketEnd }
}

// Each hot loop lives in a small function of its own: V8 then optimizes the whole function
// once it is hot, instead of compiling a long function on-stack while its later parts have
// never run, which costs a deoptimization each time one of those parts is reached. And the
// loops are few: every one of them runs in the interpreter for a while before it is compiled.

/**
 * Writes each basket's frequent items as ranks, ascending, then −1, and each item's position
 * into its bucket; returns the length used. A basket with one frequent item is left out: it
 * adds only to that item's support, which is known.
 */
function fillRanked({ offsets, items, basketCount }: Baskets, rankOf: Int32Array, flat: Int16Array | Int32Array, pool: Int32Array, bucketEnd: Int32Array): number {
  let w = 1
  let from = offsets[0]!
  for (let b = 0; b < basketCount; b++) {
    const end = offsets[b + 1]!
    const start = w
    for (let i = from; i < end; i++) {
      const r = rankOf[items[i]!]!
      if (r < 0) continue
      let j = w++
      while (j > start && flat[j - 1]! > r) {
        flat[j] = flat[j - 1]!
        j--
      }
      flat[j] = r
    }
    if (w - start >= 2) {
      for (let q = start; q < w; q++) pool[bucketEnd[flat[q]!]!++] = q
      flat[w++] = -1
    } else w = start
    from = end
  }
  return w
}

/**
 * Occurrence delivery: for each occurrence pool[from .. to) of the prefix (the position of its
 * last item e), the position of every item j before e in that basket goes into bucket j. Each
 * item met for the first time is pushed onto s from t; returns the new top of s.
 *
 * An item that has c occurrences so far, with r occurrences of the prefix left to scan, can
 * reach minCount only if c + r ≥ minCount: once that fails it is written no more (its bucket
 * will be emptied anyway). Next to a rare item most items are met once or twice, so this saves
 * most of the writes where the prefix is rare.
 */
function deliver(flat: Int16Array | Int32Array, pool: Int32Array, from: number, to: number, bucketStart: Int32Array, bucketEnd: Int32Array, s: Int32Array, t: number, minCount: number): number {
  for (let k = from; k < to; k++) {
    const need = minCount - (to - k)
    let q = pool[k]! - 1
    let j = flat[q]!
    while (j >= 0) {
      const w = bucketEnd[j]!
      const c = w - bucketStart[j]!
      if (c >= need) {
        if (c === 0) s[t++] = j
        pool[w] = q
        bucketEnd[j] = w + 1
      }
      j = flat[--q]!
    }
  }
  return t
}

/**
 * Occurrence delivery restricted to the candidates: items marked `id` in `alive` (the frequent
 * extensions of the parent, all ≥ lo). Items below lo end the scan of a basket early: they come
 * last, as a basket's items are sorted and scanned backwards. The same bound as `deliver`.
 */
function deliverAlive(flat: Int16Array | Int32Array, pool: Int32Array, from: number, to: number, bucketStart: Int32Array, bucketEnd: Int32Array, s: Int32Array, t: number, minCount: number, alive: Int32Array, id: number, lo: number): number {
  for (let k = from; k < to; k++) {
    const need = minCount - (to - k)
    let q = pool[k]! - 1
    let j = flat[q]!
    while (j >= lo) {
      if (alive[j] === id) {
        const w = bucketEnd[j]!
        const c = w - bucketStart[j]!
        if (c >= need) {
          if (c === 0) s[t++] = j
          pool[w] = q
          bucketEnd[j] = w + 1
        }
      }
      j = flat[--q]!
    }
  }
  return t
}

/** Keeps in s[base ..) the items whose bucket reached the minimum, emptying the other buckets; returns the new top. */
function keepFrequent(s: Int32Array, base: number, t: number, bucketStart: Int32Array, bucketEnd: Int32Array, minCount: number): number {
  let m = base
  for (let i = base; i < t; i++) {
    const j = s[i]!
    if (bucketEnd[j]! - bucketStart[j]! >= minCount) s[m++] = j
    else bucketEnd[j] = bucketStart[j]!
  }
  return m
}

/**
 * The depth-first search over extensions. `bucketStart[j] .. bucketEnd[j]` of `pool` holds
 * the occurrences (positions in `flat`) of the current prefix extended by j. Invariant: when
 * the search of prefix P ∪ {e} returns, the buckets of every item below e are empty, which is
 * what lets one pool serve every depth.
 */
function searchExtensions({ flat, pool, bucketStart, bucketEnd }: RankedBaskets, idOf: Uint32Array, minCount: number, maxLength: number, out: ItemsetSink, report?: Progress): void {
  const F = idOf.length

  // The extensions of every node on the current path: a stack.
  let stack = new Int32Array(Math.max(1024, 4 * F))
  let top = 0
  // marks[d][j] = id of the node at depth d of which j is a frequent extension. Only those can
  // extend its children (every subset of a frequent itemset is frequent), so a child looks at
  // nothing else. Node ids start at 1 and are never reused: marks never need clearing.
  const marks: Int32Array[] = []
  let nodeId = 0

  // Mines the extensions of the itemset P of `depth` items written at out.items[at ..), whose
  // last item e has its occurrences in bucket e; the candidates are the items marked `id` in
  // `alive` (every item below e when alive is null).
  const expand = (e: number, depth: number, at: number, alive: Int32Array | null, id: number, lo: number): void => {
    if (top + e + 1 > stack.length) {
      const grown = new Int32Array(Math.max(2 * stack.length, top + e + 1))
      grown.set(stack)
      stack = grown
    }
    const s = stack
    const base = top
    const from = bucketStart[e]!
    const to = bucketEnd[e]!
    const t = alive === null ? deliver(flat, pool, from, to, bucketStart, bucketEnd, s, base, minCount) : deliverAlive(flat, pool, from, to, bucketStart, bucketEnd, s, base, minCount, alive, id, lo)
    const m = keepFrequent(s, base, t, bucketStart, bucketEnd, minCount)
    if (m - base > 1) sortRange(s, base, m)
    top = m
    // A child extends with its siblings before it: the first child has none.
    const deeper = depth + 1 < maxLength && m - base > 1
    let layer: Int32Array | null = null
    let childId = 0
    if (deeper) {
      layer = marks[depth] ??= new Int32Array(F)
      childId = ++nodeId
      for (let i = base; i < m; i++) layer[s[i]!] = childId
    }
    const childLo = s[base]!
    for (let i = base; i < m; i++) {
      const j = s[i]!
      const childAt = out.pushWith(at, depth, idOf[j]!, bucketEnd[j]! - bucketStart[j]!)
      if (deeper && i > base) expand(j, depth + 1, childAt, layer, childId, childLo)
      bucketEnd[j] = bucketStart[j]!
    }
    top = base
  }

  const step = Math.max(1, Math.floor(F / 100))
  for (let e = 0; e < F; e++) {
    if (e > 0) expand(e, 1, e, null, 0, 0)
    bucketEnd[e] = bucketStart[e]!
    if (report && (e % step === 0 || e === F - 1)) report('mine', e + 1, F)
  }
}

/** Sorts a[from .. to) ascending: insertion sort for the short runs that are the rule here. */
function sortRange(a: Int32Array, from: number, to: number): void {
  if (to - from > 24) {
    a.subarray(from, to).sort()
    return
  }
  for (let i = from + 1; i < to; i++) {
    const v = a[i]!
    let j = i - 1
    while (j >= from && a[j]! > v) {
      a[j + 1] = a[j]!
      j--
    }
    a[j + 1] = v
  }
}
