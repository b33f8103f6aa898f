import { describe, expect, it } from 'vitest'
import { benjaminiHochberg } from './benjamini-hochberg.js'

describe('benjaminiHochberg', () => {
  it("equals R's p.adjust(p, 'BH') on a hand-checked vector", () => {
    // sorted p·m/rank: .001·10/1 = .01, .008·10/2 = .04, .039·10/3 = .13, .041·10/4 = .1025,
    // .042·10/5 = .084, .06·10/6 = .1, .074·10/7 = .10571, .205·10/8 = .25625, .212·10/9 = .23556,
    // .216·10/10 = .216; then the running minimum from the top
    const p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    const q = benjaminiHochberg(p)
    const expected = [0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.074 * 10 / 7, 0.216, 0.216, 0.216]
    q.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 15))
  })

  it('returns q in the input order and gives tied p-values the same q', () => {
    // sorted: .01 .01 .03 .04 .5 .9 → 6·p/rank: .06 .03 .06 .06 .6 .9 → running min from the top
    expect(benjaminiHochberg([0.04, 0.01, 0.03, 0.01, 0.9, 0.5])).toEqual([0.06, 0.03, 0.06, 0.03, 0.9, 0.6])
    expect(benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05])).toEqual([0.05, 0.05, 0.05, 0.05, 0.05])
  })

  it('caps at 1 and is monotone in p', () => {
    const p = [0.8, 0.95, 0.2, 0.6, 0.99]
    const q = benjaminiHochberg(p)
    expect(Math.max(...q)).toBeLessThanOrEqual(1)
    expect(q).toEqual([0.99, 0.99, 0.99, 0.99, 0.99])
    const order = p.map((_, i) => i).sort((i, j) => p[i]! - p[j]!)
    for (let r = 1; r < order.length; r++) expect(q[order[r]!]!).toBeGreaterThanOrEqual(q[order[r - 1]!]!)
    expect(benjaminiHochberg([0.5], { testCount: 4 })).toEqual([1])
  })

  it('uses a larger number of tests when told (R: p.adjust(p, "BH", n = 4))', () => {
    expect(benjaminiHochberg([0.01, 0.02], { testCount: 4 })).toEqual([0.04, 0.04])
  })

  it('handles the empty list and refuses bad input', () => {
    expect(benjaminiHochberg([])).toEqual([])
    expect(() => benjaminiHochberg([0.1, Number.NaN])).toThrow(RangeError)
    expect(() => benjaminiHochberg([1.2])).toThrow(RangeError)
    expect(() => benjaminiHochberg([0.1, 0.2], { testCount: 1 })).toThrow(RangeError)
  })
})
