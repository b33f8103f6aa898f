import { describe, expect, it } from 'vitest'
import { countInIndex, countItemset, createItemsetCounter, indexBaskets } from './count-itemset.js'
import type { Baskets } from './types.js'

function basketsFromLists(lists: number[][], itemCount: number): Baskets {
  const offsets = new Uint32Array(lists.length + 1)
  lists.forEach((l, b) => (offsets[b + 1] = offsets[b]! + l.length))
  return { offsets, items: Uint32Array.from(lists.flat()), itemCount, basketCount: lists.length }
}

describe('countItemset', () => {
  const baskets = basketsFromLists([[0, 1, 2], [0, 2], [1, 2, 3], [0, 1, 2, 3], [2], []], 5)

  it('counts the baskets holding every item', () => {
    expect(countItemset(baskets, [2])).toBe(5)
    expect(countItemset(baskets, [0, 2])).toBe(3)
    expect(countItemset(baskets, [2, 1, 0])).toBe(2)
    expect(countItemset(baskets, [1, 3])).toBe(2)
    expect(countItemset(baskets, [0, 3])).toBe(1)
    expect(countItemset(baskets, [0, 1, 2, 3])).toBe(1)
    expect(countItemset(baskets, [4])).toBe(0)
  })

  it('counts all baskets for no items, ignores duplicates, and gives 0 for an unseen id', () => {
    expect(countItemset(baskets, [])).toBe(6)
    expect(countItemset(baskets, [2, 2, 0])).toBe(3)
    expect(countItemset(baskets, [2, 17])).toBe(0)
    expect(() => countItemset(baskets, [-1])).toThrow(RangeError)
  })

  it('builds per-item basket lists in CSR form', () => {
    const index = indexBaskets(baskets)
    expect([...index.offsets]).toEqual([0, 3, 6, 11, 13, 13])
    expect([...index.baskets]).toEqual([0, 1, 3, 0, 2, 3, 0, 1, 2, 3, 4, 2, 3])
  })

  it('agrees with a brute-force count on 3,000 random baskets', () => {
    let seed = 7
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647
    const lists = Array.from({ length: 3000 }, () => {
      const items: number[] = []
      // item i in a basket with probability 0.6 / (1 + i / 4): a few frequent items, a long tail
      for (let i = 0; i < 40; i++) if (random() < 0.6 / (1 + i / 4)) items.push(i)
      return items
    })
    const counter = createItemsetCounter(basketsFromLists(lists, 40))
    const sets = [[0], [0, 1], [0, 1, 2], [0, 5, 9], [3, 30], [1, 2, 3, 4], [0, 39], [10, 20, 30]]
    for (const set of sets) {
      const brute = lists.filter((l) => set.every((i) => l.includes(i))).length
      expect(counter(set)).toBe(brute)
    }
    expect(counter([0, 1])).toBeGreaterThan(0) // the check above compares non-trivial counts
  })

  it('countInIndex on an index equals countItemset on the baskets', () => {
    expect(countInIndex(indexBaskets(baskets), [1, 2])).toBe(countItemset(baskets, [1, 2]))
  })
})

describe('createItemsetCounter', () => {
  it('answers items and pairs from one pass, longer itemsets from the index, all equal to brute force', () => {
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const lists: number[][] = []
    for (let b = 0; b < 500; b++) lists.push([...new Set(Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => Math.floor(rnd() * 12)))].sort((x, y) => x - y))
    const offsets = new Uint32Array(lists.length + 1)
    lists.forEach((l, b) => (offsets[b + 1] = offsets[b]! + l.length))
    const baskets = { offsets, items: Uint32Array.from(lists.flat()), itemCount: 12, basketCount: lists.length }
    const count = createItemsetCounter(baskets)
    const brute = (set: number[]) => lists.filter((l) => set.every((x) => l.includes(x))).length
    for (let a = 0; a < 12; a++) {
      expect(count([a])).toBe(brute([a]))
      for (let b = 0; b < 12; b++) expect(count([a, b]), `${a},${b}`).toBe(brute([a, b]))
    }
    expect(count([1, 4, 9])).toBe(brute([1, 4, 9]))
    expect(count([1, 4, 9])).toBe(brute([1, 4, 9])) // remembered
    expect(count([])).toBe(500)
    expect(count([12])).toBe(0)
    expect(count([3, 40])).toBe(0)
  })
})
