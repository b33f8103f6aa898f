import type { Itemsets } from './types.js'

/**
 * Growable typed arrays the search writes itemsets into, as item ids ascending within each
 * itemset, in discovery order; `toItemsets` puts them in the Itemsets order. Used by
 * mineItemsets and by the benchmark's alternative miners.
 */
export class ItemsetSink {
  items: Uint32Array
  ends: Uint32Array
  counts: Uint32Array
  n = 0
  used = 0
  maxSize = 0

  /**
   * Room for about `capacity` items at first (it grows as needed). Memory a typed array never
   * writes to costs nothing, while growing copies everything once more, and first touching
   * fresh memory is expensive on virtual machines: so start generous.
   */
  constructor(capacity = 1 << 16) {
    const items = Math.max(1 << 12, capacity)
    this.items = new Uint32Array(items)
    this.ends = new Uint32Array(items >> 1)
    this.counts = new Uint32Array(items >> 1)
  }

  /** Appends a single item; returns where it is written in `items`. */
  push1(id: number, count: number): number {
    this.room(1)
    const at = this.used
    this.items[this.used++] = id
    this.close(count, 1)
    return at
  }

  /**
   * Appends the itemset written at items[from .. from + size) with `id` added in its place
   * (ids stay ascending); returns where the new itemset starts. A child copies its parent's
   * ids this way, so no itemset is ever sorted.
   */
  pushWith(from: number, size: number, id: number, count: number): number {
    this.room(size + 1)
    const items = this.items
    const at = this.used
    let w = at
    let i = from
    const end = from + size
    while (i < end && items[i]! < id) items[w++] = items[i++]!
    items[w++] = id
    while (i < end) items[w++] = items[i++]!
    this.used = w
    this.close(count, size + 1)
    return at
  }

  /** Appends an itemset given as ranks, mapped to ids through idOf and sorted. */
  pushRanks(ranks: Int32Array, size: number, count: number, idOf: ArrayLike<number>): void {
    this.room(size)
    const items = this.items
    const at = this.used
    for (let i = 0; i < size; i++) {
      const v = idOf[ranks[i]!]!
      let j = at + i
      while (j > at && items[j - 1]! > v) {
        items[j] = items[j - 1]!
        j--
      }
      items[j] = v
    }
    this.used = at + size
    this.close(count, size)
  }

  private room(size: number): void {
    if (this.used + size > this.items.length) {
      const grown = new Uint32Array(Math.max(this.items.length * 2, this.used + size))
      grown.set(this.items)
      this.items = grown
    }
    if (this.n === this.ends.length) {
      const ends = new Uint32Array(this.n * 2)
      ends.set(this.ends)
      this.ends = ends
      const counts = new Uint32Array(this.n * 2)
      counts.set(this.counts)
      this.counts = counts
    }
  }

  private close(count: number, size: number): void {
    this.ends[this.n] = this.used
    this.counts[this.n++] = count
    if (size > this.maxSize) this.maxSize = size
  }

  /** The itemsets by size, then lexicographically; `scratch`, when big enough, serves the sort (two words per itemset). */
  toItemsets(itemCount: number, basketCount: number, scratch?: Uint32Array): Itemsets {
    const { n, ends, counts } = this
    const items = this.items.subarray(0, this.used)
    const order = orderBySizeThenItems(items, ends, n, this.maxSize, itemCount, scratch && scratch.length >= 2 * n ? scratch : new Uint32Array(2 * n))
    const offsets = new Uint32Array(n + 1)
    const sorted = new Uint32Array(items.length)
    const sortedCounts = new Uint32Array(n)
    gather(items, ends, counts, order, offsets, sorted, sortedCounts)
    return { offsets, items: sorted, counts: sortedCounts, itemsetCount: n, basketCount }
  }
}

/** The itemsets' order: grouped by size (a counting sort), each group by an LSD radix sort on its item columns. */
function orderBySizeThenItems(items: Uint32Array, ends: Uint32Array, n: number, maxSize: number, itemCount: number, space: Uint32Array): Uint32Array {
  const bySize = new Uint32Array(maxSize + 2)
  for (let k = 0, start = 0; k < n; k++) {
    bySize[ends[k]! - start + 1]!++
    start = ends[k]!
  }
  for (let size = 1; size <= maxSize + 1; size++) bySize[size]! += bySize[size - 1]!
  const order = space.subarray(0, n)
  const cursor = bySize.slice()
  for (let k = 0, start = 0; k < n; k++) {
    order[cursor[ends[k]! - start]!++] = k
    start = ends[k]!
  }
  const scratch = space.subarray(n, 2 * n)
  const tally = new Uint32Array(itemCount + 1)
  for (let size = 1; size <= maxSize; size++) {
    for (let col = size - 1; col >= 0; col--) radixPass(items, ends, order, scratch, bySize[size]!, bySize[size + 1]!, col - size, tally)
  }
  return order
}

/** One stable counting-sort pass of order[from .. to) on the item at offset `back` from each itemset's end. */
function radixPass(items: Uint32Array, ends: Uint32Array, order: Uint32Array, scratch: Uint32Array, from: number, to: number, back: number, tally: Uint32Array): void {
  if (to - from < 2) return
  tally.fill(0)
  for (let i = from; i < to; i++) tally[items[ends[order[i]!]! + back]! + 1]!++
  for (let v = 1; v < tally.length; v++) tally[v]! += tally[v - 1]!
  for (let i = from; i < to; i++) {
    const k = order[i]!
    scratch[from + tally[items[ends[k]! + back]!]!++] = k
  }
  order.set(scratch.subarray(from, to), from)
}

/** Copies the itemsets and counts into their final order. */
function gather(items: Uint32Array, ends: Uint32Array, counts: Uint32Array, order: Uint32Array, offsets: Uint32Array, out: Uint32Array, outCounts: Uint32Array): void {
  let w = 0
  for (let i = 0; i < order.length; i++) {
    const k = order[i]!
    const end = ends[k]!
    for (let p = k ? ends[k - 1]! : 0; p < end; p++) out[w++] = items[p]!
    offsets[i + 1] = w
    outCounts[i] = counts[k]!
  }
}
