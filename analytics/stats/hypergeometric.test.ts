import { describe, expect, it } from 'vitest'
import {
  hypergeometricLogPmf,
  hypergeometricLowerTail,
  hypergeometricSupport,
  hypergeometricTwoSided,
  hypergeometricUpperTail,
} from './hypergeometric.js'

/** |actual − expected| <= rel·|expected|: the precision claims are relative. */
function expectRelative(actual: number, expected: number, rel: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected))
}

// Reference values for N = 5,000,000 computed with mpmath at 40 significant digits (log-gamma
// for the first term, then exact term ratios); x, successes K, draws n, population N.
const LARGE = [
  { x: 30, K: 20_000, n: 1_000, logPmf: -37.412758635060318902, upper: 6.45359956670254402e-17 },
  { x: 130, K: 40_000, n: 5_000, logPmf: -67.487467339697822978, upper: 6.9874006168174653516e-30 },
  { x: 2, K: 9_000, n: 300, logPmf: -2.4657493749297842724, upper: 0.10243272561679692562, lower: 0.9825124371225593033 },
  { x: 10_400, K: 500_000, n: 100_000, logPmf: -14.445430702670275999, upper: 0.000011634765524113667963 },
  // mean 2,400,000, sd about 219: the tails sum thousands of terms from both sides of the mode
  { x: 2_400_000, K: 4_800_000, n: 2_500_000, logPmf: -6.3084179302330200605, upper: 0.50091045588552604556, lower: 0.50091045588552604556 },
  { x: 2_400_300, K: 4_800_000, n: 2_500_000, logPmf: -7.245914772517787372, upper: 0.085808786099658342072, lower: 0.91490429544727257977 },
] as const

describe('hypergeometricLogPmf', () => {
  it('gives the exact probabilities of a small case', () => {
    // 4 successes among 8, 4 draws: P(X = k) = C(4,k)·C(4,4−k) / 70
    const exact = [1, 16, 36, 16, 1].map((v) => v / 70)
    exact.forEach((p, k) => expectRelative(Math.exp(hypergeometricLogPmf(k, 4, 4, 8)), p, 1e-14))
  })

  it('is −Infinity outside the support and 0 when only one value is possible', () => {
    expect(hypergeometricSupport(8, 5, 10)).toEqual([3, 5])
    expect(hypergeometricLogPmf(2, 8, 5, 10)).toBe(-Infinity)
    expect(hypergeometricLogPmf(6, 8, 5, 10)).toBe(-Infinity)
    expect(hypergeometricLogPmf(1.5, 8, 5, 10)).toBe(-Infinity)
    expect(hypergeometricLogPmf(0, 7, 0, 10)).toBe(0)
    expect(hypergeometricLogPmf(7, 7, 10, 10)).toBe(0)
  })

  it('keeps 13 significant digits at N = 5,000,000 (log-factorial differences would keep about 9)', () => {
    for (const c of LARGE) expectRelative(hypergeometricLogPmf(c.x, c.K, c.n, 5_000_000), c.logPmf, 1e-13)
  })

  it('refuses impossible parameters', () => {
    expect(() => hypergeometricLogPmf(0, 11, 3, 10)).toThrow(RangeError)
    expect(() => hypergeometricLogPmf(0, 3, -1, 10)).toThrow(RangeError)
    expect(() => hypergeometricUpperTail(0, 3, 2.5, 10)).toThrow(RangeError)
  })
})

describe('hypergeometric tails', () => {
  it('match the 40-digit references at N = 5,000,000 to 1e-12', () => {
    for (const c of LARGE) {
      expectRelative(hypergeometricUpperTail(c.x, c.K, c.n, 5_000_000), c.upper, 1e-12)
      if ('lower' in c) expectRelative(hypergeometricLowerTail(c.x, c.K, c.n, 5_000_000), c.lower, 1e-12)
    }
  })

  it('add up to 1 + P(X = x) on both sides of the mean', () => {
    for (const x of [0, 3, 9, 10, 11, 15, 20]) {
      const both = hypergeometricUpperTail(x, 40, 25, 100) + hypergeometricLowerTail(x, 40, 25, 100)
      expectRelative(both, 1 + Math.exp(hypergeometricLogPmf(x, 40, 25, 100)), 1e-13)
    }
  })

  it('are 1 and 0 beyond the support', () => {
    expect(hypergeometricUpperTail(3, 8, 5, 10)).toBe(1)
    expect(hypergeometricUpperTail(6, 8, 5, 10)).toBe(0)
    expect(hypergeometricLowerTail(2, 8, 5, 10)).toBe(0)
    expect(hypergeometricLowerTail(5, 8, 5, 10)).toBe(1)
  })

  it('underflow to 0 only where the true value is below the smallest double', () => {
    // ln P(X <= 1200) = −6764.2 (mpmath): far below 1e-308
    expect(hypergeometricLowerTail(1200, 500_000, 100_000, 5_000_000)).toBe(0)
    expect(hypergeometricUpperTail(1200, 500_000, 100_000, 5_000_000)).toBe(1)
  })

  it('two-sided: 1 at the mode, and the sum of both tails beyond equally likely values', () => {
    expect(hypergeometricTwoSided(2, 4, 4, 8)).toBe(1)
    // P = [1, 16, 36, 16, 1] / 70: x = 1 takes 0, 1, 3, 4 (16 ties 16) = 34/70
    expectRelative(hypergeometricTwoSided(1, 4, 4, 8), 34 / 70, 1e-13)
    expectRelative(hypergeometricTwoSided(4, 4, 4, 8), 2 / 70, 1e-13)
    expect(hypergeometricTwoSided(5, 4, 4, 8)).toBe(0)
  })
})
