import type { Baskets } from './types.js'

/**
 * The baskets holding each item (tid-lists) in CSR form: the ascending basket ids of item i
 * are `baskets[offsets[i] .. offsets[i + 1])`. Same size as the Baskets' items array.
 */
export type BasketIndex = { basketCount: number; itemCount: number; offsets: Uint32Array; baskets: Uint32Array }

/** Builds the per-item basket lists of a set of baskets, in one pass over them (O(items)). */
export function indexBaskets(baskets: Baskets): BasketIndex {
  const { offsets, items, itemCount, basketCount } = baskets
  const itemOffsets = new Uint32Array(itemCount + 1)
  for (let k = 0; k < items.length; k++) itemOffsets[items[k]! + 1]!++
  for (let i = 0; i < itemCount; i++) itemOffsets[i + 1]! += itemOffsets[i]!
  const next = itemOffsets.slice(0, itemCount)
  const lists = new Uint32Array(items.length)
  for (let b = 0; b < basketCount; b++) {
    for (let k = offsets[b]!; k < offsets[b + 1]!; k++) lists[next[items[k]!]!++] = b
  }
  return { basketCount, itemCount, offsets: itemOffsets, baskets: lists }
}

/**
 * Counts the baskets of an index holding every one of `items` (duplicates ignored; an id the
 * baskets never saw counts 0; no items: every basket). Intersects the items' basket lists,
 * shortest first, with galloping search, so the cost is about the shortest list times the log
 * of the others, not the number of baskets.
 */
export function countInIndex(index: BasketIndex, items: readonly number[]): number {
  const ids = [...new Set(items)]
  for (const id of ids) if (!Number.isInteger(id) || id < 0) throw new RangeError(`item ids must be non-negative integers, got ${id}`)
  if (ids.length === 0) return index.basketCount
  if (ids.some((id) => id >= index.itemCount)) return 0
  const { offsets, baskets } = index
  const lists = ids.map((id) => ({ start: offsets[id]!, end: offsets[id + 1]! })).sort((x, y) => x.end - x.start - (y.end - y.start))
  const [driver, ...others] = lists as [{ start: number; end: number }, ...{ start: number; end: number }[]]
  if (others.length === 0) return driver.end - driver.start
  const cursor = others.map((l) => l.start)
  let count = 0
  outer: for (let k = driver.start; k < driver.end; k++) {
    const basket = baskets[k]!
    for (let j = 0; j < others.length; j++) {
      const end = others[j]!.end
      const at = gallop(baskets, cursor[j]!, end, basket)
      cursor[j] = at
      if (at === end) break outer // that list is used up: no later basket can match
      if (baskets[at] !== basket) continue outer
    }
    count++
  }
  return count
}

// First position in [from, end) whose value is >= target: doubling steps, then bisection.
function gallop(list: Uint32Array, from: number, end: number, target: number): number {
  if (from >= end || list[from]! >= target) return from
  let lo = from // list[lo] < target
  let step = 1
  while (lo + step < end && list[lo + step]! < target) {
    lo += step
    step *= 2
  }
  let hi = Math.min(lo + step, end) // list[hi] >= target, or hi = end
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1
    if (list[mid]! < target) lo = mid
    else hi = mid
  }
  return hi
}

// Indexes built by countItemset, one per Baskets object: Baskets are treated as immutable.
const indexes = new WeakMap<Baskets, BasketIndex>()

/**
 * Counts the baskets holding all of `items`. The first call on a Baskets object indexes it
 * (one pass, memory equal to its items array) and keeps the index as long as the object
 * lives, so later calls cost only the intersection. Baskets must not be changed afterwards.
 * @example countItemset(storeBaskets, [bread, butter]) // baskets with both
 */
export function countItemset(baskets: Baskets, items: readonly number[]): number {
  let index = indexes.get(baskets)
  if (index === undefined) {
    index = indexBaskets(baskets)
    indexes.set(baskets, index)
  }
  return countInIndex(index, items)
}

/** Largest item count for which a counter keeps every pair's count in a dense triangle (2048 items: 8 MiB). */
const MAX_PAIR_ITEMS = 2048

/**
 * A counting function over one set of baskets, as compareScopes takes for each scope. Items and
 * pairs are read from counts made in one pass over the baskets (when the items are few enough
 * for a dense triangle: category and department levels); longer itemsets are intersected from
 * the basket index, built on first need, and every answer is remembered: comparisons of many
 * stores with one chain ask the chain for the same itemsets again and again.
 */
export function createItemsetCounter(baskets: Baskets): (items: readonly number[]) => number {
  const pairs = baskets.itemCount <= MAX_PAIR_ITEMS ? countPairs(baskets) : null
  let index: BasketIndex | undefined
  const memo = new Map<string, number>()
  return (items) => {
    if (pairs && items.length <= 2) {
      const [a, b] = items.length === 2 && items[0]! > items[1]! ? [items[1]!, items[0]!] : [items[0], items[1]]
      if (items.length === 0) return baskets.basketCount
      if (a! >= baskets.itemCount || (b !== undefined && b >= baskets.itemCount)) return 0
      if (b === undefined || a === b) return pairs.items[a!]!
      return pairs.pairs[triangle(a!, b, baskets.itemCount)]!
    }
    const key = items.join(',')
    let n = memo.get(key)
    if (n === undefined) {
      n = countInIndex((index ??= indexBaskets(baskets)), items)
      memo.set(key, n)
    }
    return n
  }
}

// Position of pair (a, b), a < b, in a row-major upper triangle over n items.
const triangle = (a: number, b: number, n: number) => a * n - (a * (a + 1)) / 2 + (b - a - 1)

/** Every item's and every pair's basket count, in one pass (baskets hold their items ascending, once each: see Baskets). */
export function countPairs(baskets: Baskets): { items: Uint32Array; pairs: Uint32Array } {
  const { offsets, items, itemCount: n, basketCount } = baskets
  const single = new Uint32Array(n)
  const pairs = new Uint32Array((n * (n - 1)) / 2)
  for (let b = 0; b < basketCount; b++) {
    const end = offsets[b + 1]!
    for (let i = offsets[b]!; i < end; i++) {
      const a = items[i]!
      single[a]!++
      const row = a * n - (a * (a + 1)) / 2 - a - 1
      for (let j = i + 1; j < end; j++) pairs[row + items[j]!]!++
    }
  }
  return { items: single, pairs }
}
