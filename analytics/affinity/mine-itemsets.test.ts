import { describe, expect, it } from 'vitest'
import { BasketBuilder } from './basket-builder.js'
import { mineItemsets } from './mine-itemsets.js'
import { minCountOf, type Baskets, type Itemsets, type MiningParams } from './types.js'

const basketsOf = (lists: number[][], itemCount?: number): Baskets => {
  const offsets = new Uint32Array(lists.length + 1)
  lists.forEach((l, b) => (offsets[b + 1] = offsets[b]! + l.length))
  const items = Uint32Array.from(lists.flatMap((l) => [...l].sort((x, y) => x - y)))
  return { offsets, items, itemCount: itemCount ?? Math.max(0, ...items) + 1, basketCount: lists.length }
}

/** Itemsets as [items, count] pairs, in the order they come. */
const listOf = (s: Itemsets): [number[], number][] =>
  Array.from({ length: s.itemsetCount }, (_, k) => [Array.from(s.items.subarray(s.offsets[k]!, s.offsets[k + 1]!)), s.counts[k]!])

/** Brute force: every subset of every basket counted, then filtered and put in the Itemsets order. */
function bruteForce(lists: number[][], params: MiningParams): [number[], number][] {
  const minCount = minCountOf(params.minSupport, lists.length)
  const maxLength = params.maxLength ?? Infinity
  const excluded = new Set(params.excludeItems ?? [])
  const counts = new Map<string, number>()
  for (const list of lists) {
    const items = [...new Set(list)].filter((i) => !excluded.has(i)).sort((a, b) => a - b)
    for (let mask = 1; mask < 1 << items.length; mask++) {
      const subset = items.filter((_, i) => mask & (1 << i))
      if (subset.length > maxLength) continue
      const key = subset.join(',')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  const result = [...counts].filter(([, n]) => n >= minCount).map(([k, n]): [number[], number] => [k.split(',').map(Number), n])
  return result.sort(([a], [b]) => a.length - b.length || compareLex(a, b))
}

const compareLex = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

/** mulberry32: a small seeded generator, so every failing case can be replayed. */
const randomOf = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

describe('mineItemsets', () => {
  it('finds every itemset held by at least the minimum count of baskets, by size then lexicographically', () => {
    const baskets = basketsOf([[0, 1], [0, 1, 2], [1, 2], [1, 3]])
    expect(listOf(mineItemsets(baskets, { minSupport: 2 }))).toEqual([
      [[0], 2], [[1], 4], [[2], 2],
      [[0, 1], 2], [[1, 2], 2],
    ])
  })

  it('reads a fractional minimum support as a share of the baskets, rounded up', () => {
    const baskets = basketsOf([[0, 1], [0, 1, 2], [1, 2], [1, 3]])
    // 0.6 × 4 = 2.4 → 3 baskets
    expect(listOf(mineItemsets(baskets, { minSupport: 0.6 }))).toEqual([[[1], 4]])
    expect(mineItemsets(baskets, { minSupport: 0.5 }).itemsetCount).toBe(5)
  })

  it('stops at the maximum length and drops excluded items from every basket', () => {
    const baskets = basketsOf([[0, 1, 2], [0, 1, 2], [0, 1, 2]])
    expect(listOf(mineItemsets(baskets, { minSupport: 3, maxLength: 2 })).map(([s]) => s)).toEqual([[0], [1], [2], [0, 1], [0, 2], [1, 2]])
    expect(listOf(mineItemsets(baskets, { minSupport: 3, excludeItems: [1] }))).toEqual([[[0], 3], [[2], 3], [[0, 2], 3]])
  })

  it('keeps the basket count as N, empty baskets included, and finds nothing in no baskets', () => {
    const mined = mineItemsets(basketsOf([[0], [], []], 1), { minSupport: 1 })
    expect(mined).toMatchObject({ itemsetCount: 1, basketCount: 3 })
    expect(mineItemsets(basketsOf([], 0), { minSupport: 0.5 })).toMatchObject({ itemsetCount: 0, basketCount: 0 })
  })

  it('refuses a maximum length below 1 and a fractional count', () => {
    const baskets = basketsOf([[0]])
    expect(() => mineItemsets(baskets, { minSupport: 1, maxLength: 0 })).toThrow(RangeError)
    expect(() => mineItemsets(baskets, { minSupport: 1.5 })).toThrow(RangeError)
  })

  it('works on baskets from the builder, where ids follow the keys', () => {
    const b = new BasketBuilder()
    for (const basket of [[30, 10], [10, 20, 30], [30, 20]]) b.add(basket)
    const mined = mineItemsets(b.build(), { minSupport: 2 })
    // ids: 10 → 0, 20 → 1, 30 → 2
    expect(listOf(mined)).toEqual([[[0], 2], [[1], 2], [[2], 3], [[0, 2], 2], [[1, 2], 2]])
  })

  it('mines more than 32,767 frequent items, where ranks no longer fit in 16 bits', () => {
    const n = 33_000
    const lists: number[][] = []
    for (let i = 0; i < n; i++) lists.push([i, (i + 1) % n], [i, (i + 1) % n])
    const mined = listOf(mineItemsets(basketsOf(lists, n), { minSupport: 2 }))
    // every item in 4 baskets, every pair of neighbours in 2, nothing larger
    expect(mined).toHaveLength(2 * n)
    expect(mined.slice(0, 2)).toEqual([[[0], 4], [[1], 4]])
    expect(mined.slice(n, n + 3)).toEqual([[[0, 1], 2], [[0, n - 1], 2], [[1, 2], 2]])
    expect(mined.at(-1)).toEqual([[n - 2, n - 1], 2])
  })

  // Property test: many small random data sets against brute-force counting.
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`equals brute-force counting on random data (seed ${seed})`, () => {
      const random = randomOf(seed)
      for (let round = 0; round < 25; round++) {
        const itemCount = 2 + Math.floor(random() * 14)
        const density = 0.05 + random() * 0.6
        const n = Math.floor(random() * 60)
        const lists = Array.from({ length: n }, () => Array.from({ length: itemCount }, (_, i) => i).filter(() => random() < density))
        const params: MiningParams = {
          minSupport: random() < 0.5 ? 1 + Math.floor(random() * 4) : 0.02 + random() * 0.3,
          ...(random() < 0.4 ? { maxLength: 1 + Math.floor(random() * 4) } : {}),
          ...(random() < 0.3 ? { excludeItems: [Math.floor(random() * itemCount)] } : {}),
        }
        const mined = mineItemsets(basketsOf(lists, itemCount), params)
        expect(listOf(mined), JSON.stringify({ round, params })).toEqual(bruteForce(lists, params))
        expect(mined.basketCount).toBe(n)
      }
    })
  }
})
