import { describe, expect, it } from 'vitest'
import { fisherExact } from '../stats/fisher-exact.js'
import type { AttributeTable } from './attributes.js'
import { demographicCells, tallyScope, type CellsInput } from './demographic-cells.js'

/** Builds the CSR input from [customer, store, subcategory, spend] rows (rows sorted by customer). */
function input(rows: [number, number, number, number][], attrs: AttributeTable[], count: number, include?: number[]): CellsInput {
  const offsets = new Uint32Array(count + 1)
  for (const [c] of rows) offsets[c + 1]!++
  for (let c = 0; c < count; c++) offsets[c + 1]! += offsets[c]!
  return {
    count,
    include: Uint8Array.from(include ?? Array(count).fill(1)),
    attributes: attrs,
    purchases: { offsets, store: Int16Array.from(rows, (r) => r[1]), item: Int32Array.from(rows, (r) => r[2]), spend: Float64Array.from(rows, (r) => r[3]) },
    // subcategories 0, 1 → category 0; subcategory 2 → category 1
    fromSubcategory: Int32Array.from([0, 0, 1]),
    itemCount: 2,
  }
}
const gender = (codes: number[]): AttributeTable => ({ name: 'gender', label: 'Gender', values: ['female', 'male'], codes: Int16Array.from(codes) })

describe('demographicCells', () => {
  // Six customers in store 0, one more only in store 1. Women 0, 1, 2; men 3, 4; 5 unknown; 6 a man in store 1.
  const rows: [number, number, number, number][] = [
    [0, 0, 0, 100], [0, 0, 1, 50], // two subcategories of category 0: one item, spend 150
    [1, 0, 0, 200],
    [2, 0, 2, 40],
    [3, 0, 2, 60],
    [4, 0, 2, 10], [4, 1, 0, 30], // customer 4 also buys category 0 in store 1
    [5, 0, 0, 20],
    [6, 1, 0, 70],
  ]
  const data = input(rows, [gender([0, 0, 0, 1, 1, -1, 1])], 7)

  it('counts customers, buyers and spend per segment and item, an item bought twice counting one buyer', () => {
    const c = demographicCells(data, Uint8Array.from([1, 0]))
    expect(c.segments).toEqual([{ attribute: 'gender', value: 'female' }, { attribute: 'gender', value: 'male' }])
    expect(c.scopeCustomers).toBe(6)
    expect([...c.customers]).toEqual([3, 2])
    expect([...c.spendCents]).toEqual([390, 70])
    // cells: female×cat0, female×cat1, male×cat0, male×cat1
    expect([...c.buyers]).toEqual([2, 1, 0, 2])
    expect([...c.spend]).toEqual([350, 40, 0, 70])
  })

  it('indexes penetration against the scope and tests the segment against the rest of it', () => {
    const c = demographicCells(data, Uint8Array.from([1, 0]))
    // category 0 in store 0: buyers 0, 1, 5 of 6 customers → 50 %; women 2 of 3 → index 133.3
    expect(c.index[0]).toBeCloseTo(((2 / 3) / (3 / 6)) * 100, 10)
    expect(c.spendIndex[0]).toBeCloseTo((350 / 3 / (370 / 6)) * 100, 10)
    // the rest of the store: 3 customers (two men and one unknown), 1 buyer
    expect(c.p[0]).toBeCloseTo(fisherExact({ a: 2, b: 1, c: 1, d: 2 }, 'two-sided'), 12)
    expect(c.p[2]).toBeCloseTo(fisherExact({ a: 0, b: 2, c: 3, d: 1 }, 'two-sided'), 12)
    expect(Math.min(...c.q.filter((x) => !Number.isNaN(x)))).toBeGreaterThanOrEqual(Math.min(...c.p.filter((x) => !Number.isNaN(x))))
    expect([...c.flag]).toEqual([0, 0, 0, 0]) // six customers prove nothing
  })

  it('against the chain baseline, counts customer–store pairs, the rest being the chain less the segment', () => {
    const chain = tallyScope(data, Uint8Array.from([1, 1]), true)
    // pairs: six in store 0, customers 4 and 6 in store 1 → 8; category 0 bought in 0, 1, 5 (store 0), 4, 6 (store 1) → 5 of 8
    expect([chain.all, chain.distinct, chain.buyersAll[0]]).toEqual([8, 7, 5])
    const c = demographicCells(data, Uint8Array.from([1, 0]), chain)
    expect(c.scopeCustomers).toBe(6)
    expect(c.index[2]).toBeCloseTo(0, 10) // men in store 0 bought no category 0 there
    expect(c.index[0]).toBeCloseTo(((2 / 3) / (5 / 8)) * 100, 10)
    // men of store 0 (two pairs, no buyer) against the other 6 pairs, 5 of them buyers
    expect(c.p[2]).toBeCloseTo(fisherExact({ a: 0, b: 2, c: 5, d: 1 }, 'two-sided'), 12)
  })

  it('leaves out customers who do not allow profiling', () => {
    const c = demographicCells({ ...data, include: Uint8Array.from([1, 1, 0, 1, 1, 1, 1]) }, Uint8Array.from([1, 0]))
    expect(c.scopeCustomers).toBe(5)
    expect([...c.customers]).toEqual([2, 2])
  })

  it('flags a strong, well-supported difference over and its mirror under', () => {
    // 400 customers: women buy category 1 with 60 %, men with 10 %; everyone buys category 0.
    const rows: [number, number, number, number][] = []
    const codes: number[] = []
    for (let c = 0; c < 400; c++) {
      const woman = c % 2 === 0
      codes.push(woman ? 0 : 1)
      rows.push([c, 0, 0, 10])
      if ((woman && c % 10 < 6) || (!woman && c % 20 === 1)) rows.push([c, 0, 2, 5])
    }
    const c = demographicCells(input(rows, [gender(codes)], 400), Uint8Array.from([1]))
    expect([...c.flag]).toEqual([0, 1, 0, -1])
    expect(c.q[1]).toBeLessThan(1e-10)
  })

  it('flags a segment that buys three times as much of a category everyone buys, by spend when penetration cannot tell', () => {
    const rows: [number, number, number, number][] = []
    const codes: number[] = []
    for (let c = 0; c < 600; c++) {
      const young = c % 3 === 0
      codes.push(young ? 0 : 1)
      rows.push([c, 0, 0, 100 + (c % 7)]) // everyone buys category 0 alike
      rows.push([c, 0, 2, (young ? 30 : 10) + (c % 5)]) // and category 1, the young three times as much
    }
    const c = demographicCells(input(rows, [gender(codes)], 600), Uint8Array.from([1]))
    expect(c.index[1]).toBeCloseTo(100, 10) // penetration: everyone, index 100
    expect(c.p[1]).toBe(1)
    expect(c.spendIndex[1]).toBeGreaterThan(150)
    expect(c.spendQ[1]).toBeLessThan(1e-10)
    expect([...c.flag]).toEqual([0, 1, 0, -1])
  })
})
