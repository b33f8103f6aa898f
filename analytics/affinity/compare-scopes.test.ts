import { describe, expect, it } from 'vitest'
import { compareScopes, type Scope } from './compare-scopes.js'
import { createItemsetCounter } from './count-itemset.js'
import type { Baskets, Rule } from './types.js'
import { ruleFromCounts } from './derive-rules.js'

const rule = ruleFromCounts
const mapCounter = (counts: Record<string, number>) => (items: readonly number[]) => counts[items.join(',')] ?? 0

// A store of 2,000 baskets against a chain of 40,000 others, where every rule has lift 2
// (200 of 1,000 antecedent baskets, consequent in 4,000). Expected intervals: log-scale delta
// method, values from the hand formula (analytics/stats/ratio-interval.test.ts).
const chainRule = (a: number, c: number) => rule([a], c, 200, 1000, 4000, 40000)
const chain: Scope = { level: 'chain', basketCount: 40000, rules: [1, 3, 5, 7, 9].map((a) => chainRule(a, a + 1)) }
const store: Scope = {
  level: 'store',
  basketCount: 2000,
  rules: [
    rule([1], 2, 60, 100, 400, 2000), // lift 3: 1.5x
    rule([3], 4, 40, 100, 400, 2000), // lift 2: same
    rule([5], 6, 10, 100, 400, 2000), // lift 0.5: a quarter
    rule([7], 8, 6, 12, 400, 2000), // 12 antecedent baskets only
  ],
  countItemset: mapCounter({ '9,10': 3, '9': 50, '10': 100 }), // {9} → 10 is not a store rule
}

describe('compareScopes', () => {
  const result = compareScopes(store, [chain], { baselineIncludesLocal: false })
  const byRule = (a: number) => result.find((r) => r.antecedent[0] === a)!

  it('gives each rule a verdict and orders stronger, weaker, similar, thin-data', () => {
    expect(result.map((r) => [r.antecedent, r.consequent, r.verdict, r.source])).toEqual([
      [[1], 2, 'stronger', 'store'],
      [[5], 6, 'weaker', 'store'],
      [[3], 4, 'similar', 'store'],
      [[9], 10, 'thin-data', 'chain'], // |ln 0.6| > |ln 1.25|
      [[7], 8, 'thin-data', 'chain'],
    ])
  })

  it('reports both lifts, the ratio and its interval, with the baskets behind each figure', () => {
    const r = byRule(1)
    expect(r.local).toEqual({ level: 'store', excludesLocal: false, basketCount: 2000, antecedentCount: 100, consequentCount: 400, count: 60, confidence: 0.6, lift: 3 })
    expect(r.baseline).toEqual({ level: 'chain', excludesLocal: false, basketCount: 40000, antecedentCount: 1000, consequentCount: 4000, count: 200, confidence: 0.2, lift: 2 })
    expect(r.liftRatio).toBeCloseTo(1.5, 14)
    expect(r.lower).toBeCloseTo(1.2271670190133754, 8)
    expect(r.upper).toBeCloseTo(1.8334912568046096, 8)
    expect(r.advice).toEqual(r.local)
    expect(r.note).toBe('stronger: store lift 3.00 (60 of 100 baskets with the antecedent, 2000 baskets) against chain lift 2.00 (200 of 1000 baskets with the antecedent, 40000 baskets); ratio 1.50 (95% CI 1.23–1.83).')
    expect([byRule(5).lower, byRule(5).upper].map((x) => x!.toFixed(6))).toEqual(['0.138263', '0.452036'])
    expect([byRule(3).lower, byRule(3).upper].map((x) => x!.toFixed(6))).toEqual(['0.769761', '1.299105'])
  })

  it('falls back to the chain when the store has fewer than 30 antecedent baskets, and says so', () => {
    const r = byRule(7)
    expect(r.liftRatio).toBeCloseTo(1.25, 14) // computed, but not acted on
    expect(r.advice).toEqual(r.baseline)
    expect(r.note).toBe('thin data: store has 12 baskets with the antecedent (fewer than 30). Advice uses chain lift 2.00 (200 of 1000 baskets with the antecedent, 40000 baskets).')
  })

  it('counts a rule missing from the store with its counting callback, and falls back when the interval is too wide', () => {
    const r = byRule(9)
    expect(r.local).toMatchObject({ count: 3, antecedentCount: 50, consequentCount: 100, lift: 1.2 })
    expect(r.note).toBe('thin data: the 95% interval of the ratio, 0.20–1.78, is wider than a factor of 4. Advice uses chain lift 2.00 (200 of 1000 baskets with the antecedent, 40000 baskets).')
  })

  it('compares against the rest of a baseline that includes the local baskets', () => {
    // chain = store + the 40,000 others: 260 of 1,100, consequent 4,400, 42,000 baskets
    const whole: Scope = { level: 'chain', basketCount: 42000, rules: [rule([1], 2, 260, 1100, 4400, 42000)] }
    const [r] = compareScopes({ ...store, rules: [store.rules[0]!] }, [whole], { baselineIncludesLocal: true })
    expect(r!.baseline).toEqual({ level: 'chain', excludesLocal: true, basketCount: 40000, antecedentCount: 1000, consequentCount: 4000, count: 200, confidence: 0.2, lift: 2 })
    expect(r!.lower).toBeCloseTo(1.2271670190133754, 8)
    expect(r!.note).toContain('against chain (without the local baskets) lift 2.00')
    expect(() => compareScopes(store, [{ ...whole, basketCount: 1000 }], { baselineIncludesLocal: true })).toThrow(/do not include the local ones/)
  })

  it('falls back to the nearest baseline with enough baskets: region, else chain, else the best supported', () => {
    const region = (antecedentCount: number): Scope => ({
      level: 'region', basketCount: 10000, rules: [rule([7], 8, antecedentCount / 2, antecedentCount, 2000, 10000)],
      countItemset: mapCounter({}),
    })
    const thinStore: Scope = { level: 'store', basketCount: 2000, rules: [store.rules[3]!] }
    const sources = (r: Scope, c: Scope) => compareScopes(thinStore, [r, c], { baselineIncludesLocal: false }).find((x) => x.antecedent[0] === 7)!
    const chain7: Scope = { level: 'chain', basketCount: 40000, rules: [chainRule(7, 8)] }
    expect(sources(region(300), chain7).source).toBe('region')
    expect(sources(region(300), chain7).advice).toMatchObject({ level: 'region', antecedentCount: 300, count: 150 })
    expect(sources(region(20), chain7).source).toBe('chain')
    const tinyChain: Scope = { level: 'chain', basketCount: 40000, rules: [rule([7], 8, 5, 25, 4000, 40000)] }
    const last = sources(region(20), tinyChain)
    expect(last.source).toBe('chain')
    expect(last.note).toMatch(/itself fewer than 30: indicative only\.$/)
  })

  it('works with counts taken from baskets, and needs a counter for rules it cannot count', () => {
    const lists = [[0, 1], [0, 1], [0], [1], []]
    const offsets = Uint32Array.from([0, 2, 4, 5, 6, 6])
    const baskets: Baskets = { offsets, items: Uint32Array.from(lists.flat()), itemCount: 2, basketCount: 5 }
    const local: Scope = { level: 'store', basketCount: 5, rules: [], countItemset: createItemsetCounter(baskets) }
    const [r] = compareScopes(local, [{ level: 'chain', basketCount: 40000, rules: [chainRule(0, 1)] }], { baselineIncludesLocal: false })
    expect(r!.local).toMatchObject({ count: 2, antecedentCount: 3, consequentCount: 3 })
    expect(r!.verdict).toBe('thin-data')
    expect(() => compareScopes({ ...local, countItemset: undefined }, [chain], { baselineIncludesLocal: false })).toThrow(/give it a countItemset/)
    expect(() => compareScopes(store, [], { baselineIncludesLocal: false })).toThrow(RangeError)
  })
})
