import { describe, expect, it } from 'vitest'
import { NumericRowParser } from './parse-numeric-rows.js'

const parse = (columns: number, ...chunks: string[]) => {
  const rows: number[][] = []
  const p = new NumericRowParser(columns, (f) => rows.push([...f]))
  for (const c of chunks) p.push(Buffer.from(c))
  p.finish()
  return rows
}

describe('NumericRowParser', () => {
  it('reads integers, negatives and decimals', () => {
    expect(parse(3, '1\t-20\t3.25\n', '0\t7\t-0.5\n')).toEqual([[1, -20, 3.25], [0, 7, -0.5]])
  })
  it('reads rows split anywhere across chunks', () => {
    const text = '12\t345.5\n-6\t7\n'
    for (let cut = 1; cut < text.length; cut++) expect(parse(2, text.slice(0, cut), text.slice(cut))).toEqual([[12, 345.5], [-6, 7]])
  })
  it('refuses short rows, nulls and an input that ends mid-row', () => {
    expect(() => parse(2, '1\n')).toThrow(/1 fields, expected 2/)
    expect(() => parse(2, '1\t\\N\n')).toThrow(/unexpected byte 92/)
    expect(() => parse(2, '1\t2')).toThrow(/ended inside row 1/)
    expect(() => parse(1, '1\t2\n')).toThrow(/more than 1 fields/)
  })
})
