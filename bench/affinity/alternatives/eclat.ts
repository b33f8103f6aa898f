// Alternative measured in docs/AFFINITY.md: Eclat over tid-lists (vertical layout). Pairs are
// counted in one sweep into a triangular matrix (a tid-list intersection for every pair of
// frequent items would be F²/2 of them); deeper levels intersect the sorted tid-lists of a
// class by merging, stopping once the minimum can no longer be reached. Tidsets only.
import { ItemsetSink } from '../../../analytics/affinity/itemset-sink.js'
import { layOutBaskets } from '../../../analytics/affinity/mine-itemsets.js'
import type { Baskets, Itemsets, MiningParams } from '../../../analytics/affinity/types.js'
import { rankItems } from '../../../analytics/affinity/rank-items.js'

export function mineItemsets(baskets: Baskets, params: MiningParams): Itemsets {
  const { minCount, maxLength, support, byRank, rankOf, F } = rankItems(baskets, params)
  const out = new ItemsetSink()
  for (let r = 0; r < F; r++) out.push1(byRank[r]!, support[byRank[r]!]!)
  if (maxLength >= 2 && F >= 2) new EclatSearch(layOutBaskets(baskets, rankOf, Uint32Array.from(byRank, (i) => support[i]!)).flat, F, minCount, maxLength, out, byRank).run()
  return out.toItemsets(baskets.itemCount, baskets.basketCount)
}

class EclatSearch {
  private pool: Int32Array
  private top = 0
  private readonly prefix: Int32Array

  constructor(
    private readonly flat: Int16Array | Int32Array,
    private readonly F: number,
    private readonly minCount: number,
    private readonly maxLength: number,
    private readonly out: ItemsetSink,
    private readonly idOf: number[],
  ) {
    this.pool = new Int32Array(1 << 20)
    this.prefix = new Int32Array(Math.min(maxLength, F) + 2)
  }

  run(): void {
    const { flat, F, minCount } = this
    // Tid-lists of every rank (tids: baskets of the reduced database, in order).
    const sizes = new Uint32Array(F + 1)
    for (let q = 1; q < flat.length; q++) if (flat[q]! >= 0) sizes[flat[q]! + 1]!++
    for (let r = 0; r < F; r++) sizes[r + 1]! += sizes[r]!
    const tidStart = sizes.slice(0, F)
    const tidEnd = sizes.slice(0, F)
    this.ensure(sizes[F]!)
    const pool = this.pool
    let tid = 0
    // The pair matrix: pairs[r·(r−1)/2 + j] counts baskets holding ranks j < r.
    const pairs = new Uint32Array((F * (F - 1)) / 2)
    for (let q = 1; q < flat.length; q++) {
      const r = flat[q]!
      if (r < 0) {
        tid++
        continue
      }
      pool[tidEnd[r]!++] = tid
      const row = (r * (r - 1)) / 2
      for (let p = q - 1; flat[p]! >= 0; p--) pairs[row + flat[p]!]!++
    }
    this.top = sizes[F]!
    const members = new Int32Array(F)
    const starts = new Int32Array(F)
    const ends = new Int32Array(F)
    for (let i = 1; i < F; i++) {
      const row = (i * (i - 1)) / 2
      let k = 0
      this.prefix[0] = i
      for (let j = 0; j < i; j++) {
        const n = pairs[row + j]!
        if (n < minCount) continue
        this.prefix[1] = j
        this.out.pushRanks(this.prefix, 2, n, this.idOf)
        if (this.maxLength > 2) {
          const at = this.top
          const len = this.intersect(tidStart[i]!, tidEnd[i]!, tidStart[j]!, tidEnd[j]!, 0)
          members[k] = j
          starts[k] = at
          ends[k++] = at + len
        }
      }
      if (k > 1) this.expand(members.slice(0, k), starts.slice(0, k), ends.slice(0, k), 1)
      this.top = sizes[F]!
    }
  }

  /** The class of prefix[0 .. depth): members with their tid-lists; extends each member with the ones before it. */
  private expand(members: Int32Array, starts: Int32Array, ends: Int32Array, depth: number): void {
    const k = members.length
    const deeper = depth + 3 <= this.maxLength
    for (let a = 1; a < k; a++) {
      this.prefix[depth] = members[a]!
      const base = this.top
      const nm = new Int32Array(a)
      const ns = new Int32Array(a)
      const ne = new Int32Array(a)
      let n = 0
      for (let b = 0; b < a; b++) {
        const at = this.top
        const len = this.intersect(starts[a]!, ends[a]!, starts[b]!, ends[b]!, this.minCount)
        if (len < this.minCount) {
          this.top = at
          continue
        }
        this.prefix[depth + 1] = members[b]!
        this.out.pushRanks(this.prefix, depth + 2, len, this.idOf)
        nm[n] = members[b]!
        ns[n] = at
        ne[n++] = at + len
      }
      if (deeper && n > 1) this.expand(nm.subarray(0, n), ns.subarray(0, n), ne.subarray(0, n), depth + 1)
      this.top = base
    }
  }

  /** Writes the intersection of two sorted tid-lists at the top of the pool; stops early (returning less than min) when min is out of reach. */
  private intersect(a0: number, a1: number, b0: number, b1: number, min: number): number {
    this.ensure(this.top + Math.min(a1 - a0, b1 - b0))
    const p = this.pool
    let w = this.top
    const start = w
    let i = a0
    let j = b0
    while (i < a1 && j < b1) {
      if (w - start + Math.min(a1 - i, b1 - j) < min) break
      const x = p[i]!
      const y = p[j]!
      if (x < y) i++
      else if (x > y) j++
      else {
        p[w++] = x
        i++
        j++
      }
    }
    this.top = w
    return w - start
  }

  private ensure(size: number): void {
    if (size <= this.pool.length) return
    const grown = new Int32Array(Math.max(size, this.pool.length * 2))
    grown.set(this.pool)
    this.pool = grown
  }
}
