import { describe, expect, it } from 'vitest'
import { fisherExact, type Table2x2 } from './fisher-exact.js'

function expectRelative(actual: number, expected: number, rel: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected))
}

// An independent, exact oracle: rational arithmetic on binomial coefficients (BigInt), with
// R's definition of the two-sided p-value (tables no more likely than the observed one,
// within a relative 1e-7).
function choose(n: bigint, k: bigint): bigint {
  if (k < 0n || k > n) return 0n
  if (k > n - k) k = n - k
  let r = 1n
  for (let i = 1n; i <= k; i++) r = (r * (n - k + i)) / i
  return r
}
function toNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0
  const shift = den.toString(2).length - num.toString(2).length + 64
  return Number((num << BigInt(shift)) / den) / 2 ** shift
}
function exactFisher({ a, b, c, d }: Table2x2, alternative: 'greater' | 'less' | 'two-sided'): number {
  const [A, B, C, D] = [a, b, c, d].map(BigInt) as [bigint, bigint, bigint, bigint]
  const N = A + B + C + D, K = A + C, n = A + B
  const lo = n - (N - K) > 0n ? n - (N - K) : 0n
  const hi = n < K ? n : K
  // terms C(K,k)·C(N−K,n−k) for k = lo..hi; each step's division is exact
  const terms: bigint[] = [choose(K, lo) * choose(N - K, n - lo)]
  for (let k = lo; k < hi; k++) terms.push((terms[terms.length - 1]! * (K - k) * (n - k)) / ((k + 1n) * (N - K - n + k + 1n)))
  const observed = terms[Number(A - lo)]!
  let num = 0n
  terms.forEach((term, i) => {
    const k = lo + BigInt(i)
    if (alternative === 'greater' ? k >= A : alternative === 'less' ? k <= A : term * 10_000_000n <= observed * 10_000_001n) num += term
  })
  return toNumber(num, choose(N, n))
}

const t = (a: number, b: number, c: number, d: number): Table2x2 => ({ a, b, c, d })

describe('fisherExact', () => {
  it("reproduces R's fisher.test on the tea-tasting table (3 1 / 1 3)", () => {
    // fisher.test(matrix(c(3, 1, 1, 3), 2)): p = 0.4857 two-sided, 0.2429 greater; exactly 34/70, 17/70
    expectRelative(fisherExact(t(3, 1, 1, 3), 'greater'), 17 / 70, 1e-13)
    expectRelative(fisherExact(t(3, 1, 1, 3), 'less'), 69 / 70, 1e-13)
    expectRelative(fisherExact(t(3, 1, 1, 3)), 34 / 70, 1e-13)
  })

  it("reproduces R's fisher.test on the Convictions data of its help page (2 15 / 10 3)", () => {
    // fisher.test(Convictions, alternative = 'less'): p-value = 0.0004652; two-sided 0.0005367
    expectRelative(fisherExact(t(2, 15, 10, 3), 'less'), 0.00046518094336290503, 1e-13)
    expectRelative(fisherExact(t(2, 15, 10, 3)), 0.0005367241191434358, 1e-13)
    expectRelative(fisherExact(t(2, 15, 10, 3), 'greater'), 0.9999845190186861, 1e-13)
  })

  it('gives 1/252 and 2/252 for the most extreme 5x5 table', () => {
    expectRelative(fisherExact(t(0, 5, 5, 0), 'less'), 1 / 252, 1e-13)
    expectRelative(fisherExact(t(0, 5, 5, 0)), 2 / 252, 1e-13)
    expect(fisherExact(t(0, 5, 5, 0), 'greater')).toBe(1)
  })

  it('agrees with an exact rational oracle on tables of up to 2,000', () => {
    const tables = [t(7, 12, 0, 5), t(12, 5, 8, 30), t(1, 9, 11, 3), t(50, 950, 450, 550), t(45, 155, 255, 1545), t(3, 397, 97, 1503), t(30, 70, 70, 1830)]
    for (const table of tables) {
      for (const alt of ['greater', 'less', 'two-sided'] as const) expectRelative(fisherExact(table, alt), exactFisher(table, alt), 1e-12)
    }
  })

  it("counts tables as likely as the observed one within R's relative 1e-7, whatever the rounding", () => {
    // equal probabilities that floating point computes a few ulps apart: R gives 0.5165 and 1
    expectRelative(fisherExact(t(4, 7, 0, 4)), exactFisher(t(4, 7, 0, 4), 'two-sided'), 1e-12)
    expectRelative(fisherExact(t(4, 7, 0, 4)), 0.5164835164835165, 1e-12)
    expect(fisherExact(t(3, 2, 8, 3))).toBeCloseTo(1, 12)
  })

  it('is unchanged by transposing the table, and by swapping both rows and columns', () => {
    for (const alt of ['greater', 'less', 'two-sided'] as const) {
      expectRelative(fisherExact(t(12, 5, 8, 30), alt), fisherExact(t(12, 8, 5, 30), alt), 1e-13)
      expectRelative(fisherExact(t(12, 5, 8, 30), alt), fisherExact(t(30, 8, 5, 12), alt), 1e-13)
    }
  })

  it('swapping the rows exchanges greater and less and leaves two-sided alone', () => {
    expectRelative(fisherExact(t(12, 5, 8, 30), 'greater'), fisherExact(t(8, 30, 12, 5), 'less'), 1e-13)
    expectRelative(fisherExact(t(12, 5, 8, 30)), fisherExact(t(8, 30, 12, 5)), 1e-13)
  })

  it('two-sided is at most twice the smaller one-sided p-value and at least that p-value', () => {
    for (const table of [t(12, 5, 8, 30), t(2, 15, 10, 3), t(45, 155, 255, 1545), t(3, 397, 97, 1503)]) {
      const one = Math.min(fisherExact(table, 'greater'), fisherExact(table, 'less'))
      const two = fisherExact(table)
      expect(two).toBeGreaterThanOrEqual(one)
      expect(two).toBeLessThanOrEqual(2 * one * (1 + 1e-12))
    }
  })

  it('handles a rule over 5,000,000 baskets (30 of 1,000 antecedent baskets hold a 20,000-basket consequent)', () => {
    // mpmath, 40 digits: P(X >= 30) = 6.45359956670254402e-17
    expectRelative(fisherExact(t(30, 970, 19_970, 4_979_030), 'greater'), 6.45359956670254402e-17, 1e-12)
  })

  it('refuses negative or fractional cells', () => {
    expect(() => fisherExact(t(-1, 2, 3, 4))).toThrow(RangeError)
    expect(() => fisherExact(t(1, 2.5, 3, 4))).toThrow(RangeError)
  })
})
