import { describe, expect, it } from 'vitest'
import { findSubstitutes, type Substitute } from './find-substitutes.js'
import type { Baskets } from './types.js'

function basketsFromLists(lists: number[][], itemCount: number): Baskets {
  const offsets = new Uint32Array(lists.length + 1)
  lists.forEach((l, b) => (offsets[b + 1] = offsets[b]! + l.length))
  return { offsets, items: Uint32Array.from(lists.flat()), itemCount, basketCount: lists.length }
}
const repeat = (n: number, items: number[]) => Array.from({ length: n }, () => items)

// 100 baskets. Items 0 (cola) and 1 (diet cola) in 42 each but together in only 2 (17.64
// expected); 2 (crisps) goes with 0 more than chance and with 1 less; 3 is in 3 baskets.
const baskets = basketsFromLists(
  [...repeat(20, [0, 2]), ...repeat(20, [0]), ...repeat(2, [0, 1]), ...repeat(10, [1, 2]), ...repeat(30, [1]), ...repeat(10, [2]), ...repeat(3, [3]), ...repeat(5, [])],
  4,
)

// p-values: exact rationals (Python fractions); q: BH over the 3 tested pairs.
const COLA: Substitute = {
  a: 0, b: 1, count: 2, expected: 17.64, aCount: 42, bCount: 42,
  yuleQ: (2 * 18 - 40 * 40) / (2 * 18 + 40 * 40), // −0.95599
  lift: 2 / 17.64, pValue: 1.4006354856328178e-11, qValue: 4.201906456898454e-11,
}
const CRISPS: Substitute = {
  a: 1, b: 2, count: 10, expected: 16.8, aCount: 42, bCount: 40,
  yuleQ: (10 * 28 - 32 * 30) / (10 * 28 + 32 * 30), // −0.54839
  lift: 10 / 16.8, pValue: 0.004192704915319173, qValue: 0.00628905737297876,
}

function expectSubstitutes(actual: Substitute[], expected: Substitute[]) {
  expect(actual.map(({ a, b, count, aCount, bCount }) => ({ a, b, count, aCount, bCount }))).toEqual(
    expected.map(({ a, b, count, aCount, bCount }) => ({ a, b, count, aCount, bCount })),
  )
  actual.forEach((s, i) => {
    const e = expected[i]!
    for (const key of ['expected', 'yuleQ', 'lift'] as const) expect(s[key]).toBeCloseTo(e[key], 12)
    for (const key of ['pValue', 'qValue'] as const) expect(Math.abs(s[key] - e[key])).toBeLessThanOrEqual(1e-12 * e[key])
  })
}

describe('findSubstitutes', () => {
  it('reports the pairs far below chance with exact Q, p and q, most negative Q first', () => {
    expectSubstitutes(findSubstitutes(baskets), [COLA, CRISPS])
  })

  it('applies the Yule Q threshold', () => {
    expectSubstitutes(findSubstitutes(baskets, { maxYuleQ: -0.6 }), [COLA])
    expect(findSubstitutes(baskets, { maxYuleQ: -0.96 })).toEqual([])
  })

  it('tests only pairs with enough expected baskets, and adjusts over those alone', () => {
    // expected 17.64 for (0, 1) but 16.8 for the pairs with 2: one test, q = p
    expectSubstitutes(findSubstitutes(baskets, { minExpected: 17 }), [{ ...COLA, qValue: COLA.pValue }])
  })

  it('caps the candidates at the most frequent items', () => {
    expectSubstitutes(findSubstitutes(baskets, { maxCandidates: 2 }), [{ ...COLA, qValue: COLA.pValue }])
    // given candidates, then the cap: 1 and 2 only, one test
    expectSubstitutes(findSubstitutes(baskets, { candidates: [2, 1, 2] }), [{ ...CRISPS, qValue: CRISPS.pValue }])
  })

  it('gives Q = −1 to items never bought together', () => {
    const apart = basketsFromLists([...repeat(30, [0]), ...repeat(30, [1]), ...repeat(40, [])], 2)
    const [s] = findSubstitutes(apart)
    expect(s).toMatchObject({ a: 0, b: 1, count: 0, expected: 9, yuleQ: -1, lift: 0 })
  })

  it('reports progress per phase and refuses bad options', () => {
    const calls: string[] = []
    findSubstitutes(baskets, { onProgress: (phase, done, total) => calls.push(`${phase} ${done}/${total}`) })
    expect(calls).toEqual(['count-pairs 100/100', 'test-pairs 1/3', 'test-pairs 2/3', 'test-pairs 3/3'])
    expect(() => findSubstitutes(baskets, { maxCandidates: 5001 })).toThrow(RangeError)
    expect(() => findSubstitutes(baskets, { candidates: [4] })).toThrow(RangeError)
  })
})
