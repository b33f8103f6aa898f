import { describe, expect, it } from 'vitest'
import { keepSignificant, testRules } from './test-significance.js'
import type { Rule } from './types.js'
import { ruleFromCounts } from './derive-rules.js'

const rule = ruleFromCounts

describe('testRules', () => {
  // Over 8 baskets: tea-tasting table (3 1 / 1 3), p = 17/70; independence (2 2 / 2 2), p = 53/70.
  // Over 30 baskets: (10 2 / 3 15), p = 0.00046518094336290503 (R: fisher.test(…, alternative = 'greater')).
  const tea = rule([1], 2, 3, 4, 4, 8)
  const flat = rule([3], 4, 2, 4, 4, 8)

  it('fills the one-sided Fisher p-value of each rule and the BH q-value across them', () => {
    const strong = rule([5, 6], 7, 10, 12, 13, 30)
    const [a, b] = [testRules([tea, flat], 8), testRules([strong], 30)]
    expect(a[0]!.pValue).toBeCloseTo(17 / 70, 14)
    expect(a[1]!.pValue).toBeCloseTo(53 / 70, 14)
    // BH over 2: 17/70·2/1 = 0.4857 then min with 53/70
    expect(a[0]!.qValue).toBeCloseTo(34 / 70, 14)
    expect(a[1]!.qValue).toBeCloseTo(53 / 70, 14)
    expect(b[0]!.pValue).toBeCloseTo(0.00046518094336290503, 17)
    expect(b[0]!.qValue).toBe(b[0]!.pValue)
  })

  it('keeps the input order, copies the other fields and does not change the input', () => {
    const input = [flat, tea]
    const out = testRules(input, 8)
    expect(out.map((r) => r.antecedent)).toEqual([[3], [1]])
    expect(out[1]).toEqual({ ...tea, pValue: out[1]!.pValue, qValue: out[1]!.qValue })
    expect(input[0]!.pValue).toBeUndefined()
    expect(out[0]).not.toBe(flat)
  })

  it('adjusts for more tests when told how many were run', () => {
    const [r] = testRules([tea], 8, { testCount: 3 })
    expect(r!.qValue).toBeCloseTo(Math.min(1, (3 * 17) / 70), 14)
  })

  it('gives p = 1 to a rule that occurs less than by chance', () => {
    // 0 of 4 antecedent baskets hold a consequent found in 4 of 8
    expect(testRules([rule([1], 2, 0, 4, 4, 8)], 8)[0]!.pValue).toBe(1)
  })

  it('refuses counts that do not fit the basket count', () => {
    expect(() => testRules([rule([1], 2, 3, 4, 4, 8)], 4)).toThrow(/rule 0 has counts that do not fit 4 baskets/)
    expect(() => testRules([{ ...tea, count: 5 }], 8)).toThrow(RangeError)
  })
})

describe('keepSignificant', () => {
  it('keeps the rules with q <= alpha, inclusive, as arules is.significant', () => {
    const rules = testRules([rule([1], 2, 3, 4, 4, 8), rule([3], 4, 2, 4, 4, 8)], 8)
    expect(keepSignificant(rules).length).toBe(0)
    expect(keepSignificant(rules, { alpha: 34 / 70 + 1e-12 }).map((r) => r.antecedent)).toEqual([[1]])
    const strong = testRules([rule([5, 6], 7, 10, 12, 13, 30), rule([1], 2, 2, 4, 8, 30)], 30) // the second: p = 0.2835
    expect(keepSignificant(strong).map((r) => r.consequent)).toEqual([7])
  })

  it('refuses untested rules and a bad alpha', () => {
    expect(() => keepSignificant([rule([1], 2, 3, 4, 4, 8)])).toThrow(/run testRules first/)
    expect(() => keepSignificant([], { alpha: 0 })).toThrow(RangeError)
  })
})
