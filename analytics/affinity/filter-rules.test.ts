import { describe, expect, it } from 'vitest'
import { filterRules } from './filter-rules.js'
import type { Rule } from './types.js'

function rule(antecedent: number[], consequent: number): Rule {
  return { antecedent, consequent, count: 5, antecedentCount: 10, consequentCount: 20, support: 0.05, confidence: 0.5, lift: 2.5, leverage: 0.03, conviction: 1.6 }
}
const names = (rules: Rule[]) => rules.map((r) => `${r.antecedent.join('+')}>${r.consequent}`)
const rules = [rule([1], 2), rule([2, 3], 4), rule([5], 1), rule([3], 6), rule([6, 7], 8)]

describe('filterRules', () => {
  it('keeps rules mentioning any of onlyItems, in the antecedent or the consequent', () => {
    expect(names(filterRules(rules, { onlyItems: [1, 3] }))).toEqual(['1>2', '2+3>4', '5>1', '3>6'])
  })

  it('can require the item in the consequent, or in the antecedent', () => {
    expect(names(filterRules(rules, { onlyItems: [1, 4], onlyIn: 'consequent' }))).toEqual(['2+3>4', '5>1'])
    expect(names(filterRules(rules, { onlyItems: [1, 4], onlyIn: 'antecedent' }))).toEqual(['1>2'])
  })

  it('drops every rule mentioning a never item, and never wins over only', () => {
    expect(names(filterRules(rules, { neverItems: [3, 8] }))).toEqual(['1>2', '5>1'])
    expect(names(filterRules(rules, { onlyItems: [1, 3], neverItems: [2] }))).toEqual(['5>1', '3>6'])
  })

  it('keeps everything without constraints and nothing for an empty onlyItems', () => {
    expect(filterRules(rules, {})).toEqual(rules)
    expect(filterRules(rules, { onlyItems: [] })).toEqual([])
  })
})
