import { describe, expect, it } from 'vitest'
import { pruneRedundant } from './prune-redundant.js'
import type { Rule } from './types.js'
import { ruleFromCounts } from './derive-rules.js'

const N = 100
const rule = (antecedent: number[], consequent: number, count: number, antecedentCount: number, consequentCount = 25): Rule =>
  ruleFromCounts(antecedent, consequent, count, antecedentCount, consequentCount, N)
const names = (rules: Rule[]) => rules.map((r) => `${r.antecedent.join('+')}>${r.consequent}`)

describe('pruneRedundant', () => {
  const rules = [
    rule([1], 9, 5, 10), // 0.5
    rule([2], 9, 4, 10), // 0.4
    rule([1, 2], 9, 3, 6), // 0.5 = {1}: redundant (equal counts as redundant)
    rule([1, 3], 9, 6, 10), // 0.6 > {1}; {3} → 9 is not in the set: kept
    rule([1, 2, 3], 9, 11, 20), // 0.55 <= {1,3}: redundant
    rule([2, 3], 9, 7, 10), // 0.7: kept
    rule([1, 2, 3, 4], 9, 13, 20), // 0.65 <= {2,3} two levels down: redundant
    rule([1, 2], 7, 3, 10), // 0.3, other consequent; {1} → 7 absent: kept
    rule([4], 9, 9, 10), // 0.9
    rule([2, 4], 9, 19, 20), // 0.95 > {4}, {2}: kept
  ]

  it("removes the rules a more general rule with the same consequent is as confident as (arules' is.redundant)", () => {
    expect(names(pruneRedundant(rules))).toEqual(['1>9', '2>9', '1+3>9', '2+3>9', '1+2>7', '4>9', '2+4>9'])
  })

  it('compares confidences exactly: 2/6 equals 1/3', () => {
    expect(names(pruneRedundant([rule([5], 8, 1, 3), rule([5, 6], 8, 2, 6)]))).toEqual(['5>8'])
    expect(names(pruneRedundant([rule([5], 8, 1, 3), rule([5, 6], 8, 2, 5)]))).toEqual(['5>8', '5+6>8'])
  })

  it('with the basket count, also drops rules no more confident than the consequent alone (lift <= 1)', () => {
    // P(9) = 25/100: 20/80 equals it, 21/80 beats it
    const base = [rule([5], 9, 20, 80), rule([6], 9, 21, 80)]
    expect(names(pruneRedundant(base))).toEqual(['5>9', '6>9'])
    expect(names(pruneRedundant(base, { basketCount: N }))).toEqual(['6>9'])
  })

  it('handles antecedents too long to enumerate subsets of, with the same answer', () => {
    const long = Array.from({ length: 14 }, (_, i) => i + 1)
    const general = rule([3, 7], 20, 8, 10) // 0.8
    expect(names(pruneRedundant([general, rule(long, 20, 7, 10)]))).toEqual(['3+7>20'])
    expect(names(pruneRedundant([general, rule(long, 20, 9, 10)]))).toEqual(['3+7>20', long.join('+') + '>20'])
    expect(names(pruneRedundant([rule([3, 99], 20, 9, 10), rule(long, 20, 1, 10)]))).toEqual(['3+99>20', long.join('+') + '>20'])
  })

  it('keeps the input order and returns the same objects; empty in, empty out', () => {
    const kept = pruneRedundant([rules[5]!, rules[0]!])
    expect(kept[0]).toBe(rules[5])
    expect(names(kept)).toEqual(['2+3>9', '1>9'])
    expect(pruneRedundant([])).toEqual([])
    expect(() => pruneRedundant(rules, { basketCount: 0 })).toThrow(RangeError)
  })
})
