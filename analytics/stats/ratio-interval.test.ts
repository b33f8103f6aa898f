import { describe, expect, it } from 'vitest'
import { liftOf, liftRatioInterval, logLiftVariance, logRiskVariance, ratioInterval } from './ratio-interval.js'

const Z = 1.959963986120195 // normalQuantile(0.975), Acklam

describe('logLiftVariance', () => {
  it('is 1/n11 − 1/nA − 1/nC + (2·lift − 1)/N', () => {
    // 1/40 − 1/100 − 1/400 + 3/2000 = 0.014 (lift 2)
    expect(logLiftVariance({ count: 40, antecedentCount: 100, consequentCount: 400, basketCount: 2000 })).toBeCloseTo(0.014, 15)
    // 1/200 − 1/1000 − 1/4000 + 3/40000 = 0.003825
    expect(logLiftVariance({ count: 200, antecedentCount: 1000, consequentCount: 4000, basketCount: 40000 })).toBeCloseTo(0.003825, 15)
  })

  it('is 0 when the antecedent is in every basket (the lift is then always 1)', () => {
    expect(logLiftVariance({ count: 30, antecedentCount: 500, consequentCount: 30, basketCount: 500 })).toBeCloseTo(0, 15)
  })

  it('refuses inconsistent counts and a zero joint count', () => {
    expect(() => logLiftVariance({ count: 50, antecedentCount: 40, consequentCount: 400, basketCount: 2000 })).toThrow(RangeError)
    expect(() => logLiftVariance({ count: 10, antecedentCount: 600, consequentCount: 500, basketCount: 1000 })).toThrow(RangeError)
    expect(() => logLiftVariance({ count: 0, antecedentCount: 60, consequentCount: 50, basketCount: 1000 })).toThrow(RangeError)
  })
})

describe('liftRatioInterval', () => {
  const baseline = { count: 200, antecedentCount: 1000, consequentCount: 4000, basketCount: 40000 } // lift 2

  it('is exp(±1.96·√(v1 + v2)) around the ratio', () => {
    const r = liftRatioInterval({ count: 40, antecedentCount: 100, consequentCount: 400, basketCount: 2000 }, baseline)
    const se = Math.sqrt(0.014 + 0.003825)
    expect(r.ratio).toBe(1)
    expect(r.logStandardError).toBeCloseTo(se, 14)
    expect(r.lower).toBeCloseTo(Math.exp(-Z * se), 12) // 0.76976
    expect(r.upper).toBeCloseTo(Math.exp(Z * se), 12) // 1.29910
    expect(r.lower).toBeCloseTo(0.7697608642620856, 8)
  })

  it('finds a lift of 3 against 2 stronger: 1.5 (1.227–1.833)', () => {
    const r = liftRatioInterval({ count: 60, antecedentCount: 100, consequentCount: 400, basketCount: 2000 }, baseline)
    expect(r.ratio).toBeCloseTo(1.5, 15)
    expect(r.lower).toBeCloseTo(1.2271670190133754, 8)
    expect(r.upper).toBeCloseTo(1.8334912568046096, 8)
    expect(r.lower * r.upper).toBeCloseTo(1.5 * 1.5, 12) // symmetric on the log scale
  })

  it('Haldane-corrects a scope with no joint baskets (0.5 per cell)', () => {
    const r = liftRatioInterval({ count: 0, antecedentCount: 50, consequentCount: 400, basketCount: 2000 }, baseline)
    // corrected local lift 0.5·2002 / (51·401) = 0.048946…
    expect(r.ratio).toBeCloseTo(0.024473130898244586, 14)
    expect(r.lower).toBeCloseTo(0.001550807472252519, 9)
    expect(r.upper).toBeCloseTo(0.3862079250190052, 8)
  })

  it('widens with a higher level and narrows with more baskets', () => {
    const small = { count: 40, antecedentCount: 100, consequentCount: 400, basketCount: 2000 }
    const big = { count: 400, antecedentCount: 1000, consequentCount: 4000, basketCount: 20000 }
    const r95 = liftRatioInterval(small, baseline)
    const r99 = liftRatioInterval(small, baseline, { level: 0.99 })
    expect(r99.upper / r99.lower).toBeGreaterThan(r95.upper / r95.lower)
    expect(liftRatioInterval(big, baseline).upper).toBeLessThan(r95.upper)
  })
})

describe('ratioInterval and logRiskVariance', () => {
  it("give Katz's interval for a risk ratio: 20/100 against 10/100", () => {
    // v = (1/20 − 1/100) + (1/10 − 1/100) = 0.13; RR 2, CI 2·exp(±1.96·√0.13) = 0.987…4.052…
    const r = ratioInterval({ estimate: 0.2, logVariance: logRiskVariance(20, 100) }, { estimate: 0.1, logVariance: logRiskVariance(10, 100) })
    expect(logRiskVariance(20, 100)).toBeCloseTo(0.04, 15)
    expect(r.ratio).toBeCloseTo(2, 15)
    expect(r.lower).toBeCloseTo(2 * Math.exp(-Z * Math.sqrt(0.13)), 12)
    expect(r.upper).toBeCloseTo(2 * Math.exp(Z * Math.sqrt(0.13)), 12)
  })

  it('liftOf is n11·N / (nA·nC)', () => {
    expect(liftOf({ count: 40, antecedentCount: 100, consequentCount: 400, basketCount: 2000 })).toBe(2)
  })

  it('refuses a non-positive estimate or a bad level', () => {
    expect(() => ratioInterval({ estimate: 0, logVariance: 1 }, { estimate: 1, logVariance: 1 })).toThrow(RangeError)
    expect(() => ratioInterval({ estimate: 1, logVariance: 1 }, { estimate: 1, logVariance: 1 }, { level: 1 })).toThrow(RangeError)
  })
})
