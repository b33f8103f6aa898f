import { describe, expect, it } from 'vitest'
import { columnStats, standardise, zScore } from './standardise.js'

describe('standardise', () => {
  it('z-scores each column with the population standard deviation', () => {
    // Column 0: 1, 2, 3, 6 → mean 3, deviations −2, −1, 0, 3, variance 14 / 4 = 3.5.
    // Column 1: 10, 10, 30, 30 → mean 20, sd 10.
    const m = { n: 4, d: 2, values: Float64Array.of(1, 10, 2, 10, 3, 30, 6, 30) }
    const sd0 = Math.sqrt(3.5)
    const { matrix, means, sds } = standardise(m)
    expect([...means]).toEqual([3, 20])
    expect(sds[0]).toBeCloseTo(sd0, 14)
    expect(sds[1]).toBe(10)
    expect(matrix.n).toBe(4)
    expect(matrix.d).toBe(2)
    const expected = [-2 / sd0, -1, -1 / sd0, -1, 0, 1, 3 / sd0, 1]
    matrix.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 14))
  })

  it('turns a constant column into zeros, not NaN', () => {
    const { matrix, means, sds } = standardise({ n: 3, d: 2, values: Float64Array.of(7, 1, 7, 2, 7, 3) })
    expect([...means]).toEqual([7, 2])
    expect(sds[0]).toBe(0)
    expect([0, 2, 4].map((i) => matrix.values[i])).toEqual([0, 0, 0])
  })

  it('keeps a constant column exactly constant despite rounding in the mean', () => {
    // 12 × 0.15 summed and divided by 12 is 0.14999999999999997 in floating point; a tiny sd from
    // that residue would turn rounding noise into z-scores of order 1.
    const { matrix, means, sds } = standardise({ n: 12, d: 1, values: new Float64Array(12).fill(0.15) })
    expect([means[0], sds[0]]).toEqual([0.15, 0])
    expect([...matrix.values]).toEqual(new Array(12).fill(0))
  })

  it('leaves the input untouched and gives every non-constant column mean 0 and sd 1', () => {
    const values = Float64Array.from({ length: 50 * 3 }, (_, i) => ((i * 7919) % 101) + 1e6 * (i % 3))
    const copy = values.slice()
    const { matrix } = standardise({ n: 50, d: 3, values })
    expect(values).toEqual(copy)
    const again = columnStats(matrix)
    for (let j = 0; j < 3; j++) {
      expect(again.means[j]).toBeCloseTo(0, 9)
      expect(again.sds[j]).toBeCloseTo(1, 9)
    }
  })

  it('handles an empty matrix', () => {
    expect(standardise({ n: 0, d: 2, values: new Float64Array(0) })).toEqual({
      matrix: { n: 0, d: 2, values: new Float64Array(0) },
      means: new Float64Array(2),
      sds: new Float64Array(2),
    })
  })

  it('rejects a matrix whose values do not match its shape', () => {
    expect(() => standardise({ n: 2, d: 2, values: new Float64Array(3) })).toThrow(RangeError)
  })
})

describe('columnStats', () => {
  it('counts only included rows', () => {
    const m = { n: 3, d: 1, values: Float64Array.of(1, 3, 1000) }
    expect(columnStats(m, Uint8Array.of(1, 1, 0))).toEqual({ means: Float64Array.of(2), sds: Float64Array.of(1) })
  })

  it('gives zeros when no row is included', () => {
    const m = { n: 2, d: 1, values: Float64Array.of(1, 3) }
    expect(columnStats(m, Uint8Array.of(0, 0))).toEqual({ means: Float64Array.of(0), sds: Float64Array.of(0) })
  })
})

describe('zScore', () => {
  it('is 0 for a constant column', () => {
    expect(zScore(5, 5, 0)).toBe(0)
    expect(zScore(6, 4, 2)).toBe(1)
  })
})
