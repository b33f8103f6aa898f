import { describe, expect, it } from 'vitest'
import { matchRowRule, meetsCondition, RowRuleSchema } from './row-rules.js'

describe('row rules', () => {
  it('tests text by emptiness, prefix and list, and numbers by comparison', () => {
    expect(meetsCondition('', { empty: true })).toBe(true)
    expect(meetsCondition(undefined, { empty: true })).toBe(true)
    expect(meetsCondition('17850', { empty: true })).toBe(false)
    expect(meetsCondition('A563185', { startsWith: 'A' })).toBe(true)
    expect(meetsCondition('C536379', { notStartsWith: 'C' })).toBe(false)
    expect(meetsCondition(' POST ', { in: ['POST', 'DOT'] })).toBe(true)
    expect(meetsCondition('-12', { lt: 0 })).toBe(true)
    expect(meetsCondition('0.00', { eq: 0 })).toBe(true)
    expect(meetsCondition('0,5', { gt: 0 }, ',')).toBe(true)
    expect(meetsCondition('0,5', { gt: 0 }, '.')).toBe(false)
    expect(meetsCondition('n/a', { lt: 0 })).toBe(false)
  })

  it('matches the first rule whose every condition holds', () => {
    const rules = [
      RowRuleSchema.parse({ reason: 'bad debt', when: { receiptNo: { startsWith: 'A' } } }),
      RowRuleSchema.parse({ reason: 'stock adjustment', when: { quantity: { lt: 0 }, unitPrice: { eq: 0 } } }),
    ]
    const row = (r: Record<string, string>) => (f: string) => r[f]
    expect(matchRowRule(rules, row({ receiptNo: 'A1', quantity: '-1', unitPrice: '0' }))?.reason).toBe('bad debt')
    expect(matchRowRule(rules, row({ receiptNo: '9', quantity: '-1', unitPrice: '0' }))?.reason).toBe('stock adjustment')
    expect(matchRowRule(rules, row({ receiptNo: '9', quantity: '-1', unitPrice: '1.5' }))).toBeUndefined()
  })

  it('refuses a rule without conditions', () => {
    expect(RowRuleSchema.safeParse({ reason: 'x', when: {} }).success).toBe(false)
  })
})
