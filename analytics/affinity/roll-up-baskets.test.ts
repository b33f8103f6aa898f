import { describe, expect, it } from 'vitest'
import { BasketRowParser } from './parse-basket-rows.js'
import { rollUpBaskets, selectBaskets } from './roll-up-baskets.js'
import type { Baskets } from './types.js'

const csr = (rows: number[][], itemCount: number): Baskets => {
  const offsets = new Uint32Array(rows.length + 1)
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length))
  return { offsets, items: Uint32Array.from(rows.flat()), itemCount, basketCount: rows.length }
}
const rowsOf = (b: Baskets) => Array.from({ length: b.basketCount }, (_, i) => Array.from(b.items.subarray(b.offsets[i]!, b.offsets[i + 1]!)))

describe('rollUpBaskets', () => {
  it('maps items to their parent, once per basket, ascending, and keeps empty baskets in N', () => {
    // items 0..5 → parents: 0→2, 1→0, 2→2, 3→1, 4→-1 (dropped), 5→0
    const map = Int32Array.from([2, 0, 2, 1, -1, 0])
    const up = rollUpBaskets(csr([[0, 1, 2, 3], [4], [0, 2], [1, 5, 3]], 6), map, 3)
    expect(rowsOf(up)).toEqual([[0, 1, 2], [], [2], [0, 1]])
    expect(up.basketCount).toBe(4)
    expect(up.itemCount).toBe(3)
  })
})

describe('selectBaskets', () => {
  it('keeps the chosen baskets in order', () => {
    const b = csr([[1], [2, 3], [], [0, 4]], 5)
    expect(rowsOf(selectBaskets(b, (i) => i !== 1))).toEqual([[1], [], [0, 4]])
  })
})

describe('BasketRowParser', () => {
  it('reads COPY text rows split anywhere across chunks, recoding ids and skipping unknown ones', () => {
    const index = new Int32Array(1000).fill(-1)
    index[10] = 0
    index[20] = 1
    index[300] = 2
    const p = new BasketRowParser(index, 3)
    const text = '7\t300 10 20\n8\t999\n7\t20 20\n12\t10 300\r\n'
    const bytes = new TextEncoder().encode(text)
    for (let i = 0; i < bytes.length; i += 3) p.push(bytes.subarray(i, i + 3))
    const { baskets, stores } = p.finish()
    expect(rowsOf(baskets)).toEqual([[0, 1, 2], [], [1], [0, 2]])
    expect(Array.from(stores)).toEqual([7, 8, 7, 12])
  })

  it('refuses a truncated or malformed stream', () => {
    const p = new BasketRowParser(new Int32Array(10), 1)
    p.push(new TextEncoder().encode('1\t2 3'))
    expect(() => p.finish()).toThrow('the basket rows end in the middle of a row')
    expect(() => new BasketRowParser(new Int32Array(10), 1).push(new TextEncoder().encode('1\tx\n'))).toThrow('unexpected byte 120')
  })

  it('grows past its initial capacity', () => {
    const index = Int32Array.from({ length: 5 }, (_, i) => i)
    const p = new BasketRowParser(index, 5)
    const row = new TextEncoder().encode('1\t0 1 2 3 4\n')
    for (let i = 0; i < 300_000; i++) p.push(row)
    const { baskets } = p.finish()
    expect(baskets.basketCount).toBe(300_000)
    expect(baskets.items.length).toBe(1_500_000)
    expect(baskets.offsets[300_000]).toBe(1_500_000)
  })
})
