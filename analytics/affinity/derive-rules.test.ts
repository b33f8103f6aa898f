import { describe, expect, it } from 'vitest'
import { deriveRules } from './derive-rules.js'
import { mineItemsets } from './mine-itemsets.js'
import type { Baskets, Rule } from './types.js'

const basketsOf = (lists: number[][]): Baskets => {
  const offsets = new Uint32Array(lists.length + 1)
  lists.forEach((l, b) => (offsets[b + 1] = offsets[b]! + l.length))
  const items = Uint32Array.from(lists.flat())
  return { offsets, items, itemCount: Math.max(0, ...items) + 1, basketCount: lists.length }
}

const shape = (r: Rule) => `${r.antecedent.join(',')}→${r.consequent}`

describe('deriveRules', () => {
  // 0 = bread, 1 = butter, 2 = milk; 5 baskets
  const baskets = basketsOf([[0, 1], [0, 1], [0, 1, 2], [0, 2], [2]])

  it('gives every one-item-consequent rule of every itemset with its measures', () => {
    const rules = deriveRules(mineItemsets(baskets, { minSupport: 1 }), { minConfidence: 0 })
    expect(rules.map(shape)).toEqual(['1→0', '0→1', '2→0', '0→2', '2→1', '1→2', '1,2→0', '0,2→1', '0,1→2'])
    expect(rules[0]).toEqual({
      antecedent: [1], consequent: 0, count: 3, antecedentCount: 3, consequentCount: 4,
      support: 3 / 5, confidence: 1, lift: 1 / (4 / 5), leverage: 3 / 5 - (3 / 5) * (4 / 5), conviction: Infinity,
    })
    expect(rules[1]).toEqual({
      antecedent: [0], consequent: 1, count: 3, antecedentCount: 4, consequentCount: 3,
      support: 3 / 5, confidence: 3 / 4, lift: (3 / 4) / (3 / 5), leverage: 3 / 5 - (4 / 5) * (3 / 5), conviction: (1 - 3 / 5) / (1 - 3 / 4),
    })
    expect(rules.find((r) => shape(r) === '0,1→2')).toMatchObject({ count: 1, antecedentCount: 3, consequentCount: 3, confidence: 1 / 3 })
  })

  it('keeps only rules at or above the minimum confidence and lift', () => {
    const itemsets = mineItemsets(baskets, { minSupport: 1 })
    expect(deriveRules(itemsets, { minConfidence: 0.75 }).map(shape)).toEqual(['1→0', '0→1', '1,2→0'])
    expect(deriveRules(itemsets, { minConfidence: 0.5 }).map(shape)).toEqual(['1→0', '0→1', '2→0', '0→2', '1,2→0', '0,2→1'])
    expect(deriveRules(itemsets, { minConfidence: 0.5, minLift: 1.2 }).map(shape)).toEqual(['1→0', '0→1', '1,2→0'])
  })

  it('finds no rule in single items, and refuses a confidence outside 0 .. 1', () => {
    const itemsets = mineItemsets(baskets, { minSupport: 4 })
    expect(deriveRules(itemsets, { minConfidence: 0 })).toEqual([])
    expect(() => deriveRules(itemsets, { minConfidence: 1.5 })).toThrow(RangeError)
  })

  it('agrees with counting antecedents and consequents by hand on random data', () => {
    let seed = 7
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
    const lists = Array.from({ length: 80 }, () => Array.from({ length: 9 }, (_, i) => i).filter(() => random() < 0.35))
    const countOf = (set: number[]) => lists.filter((l) => set.every((i) => l.includes(i))).length
    const rules = deriveRules(mineItemsets(basketsOf(lists), { minSupport: 3 }), { minConfidence: 0.3 })
    expect(rules.length).toBeGreaterThan(50)
    for (const r of rules) {
      const n = countOf([...r.antecedent, r.consequent])
      expect([r.count, r.antecedentCount, r.consequentCount]).toEqual([n, countOf(r.antecedent), countOf([r.consequent])])
      expect(r.confidence).toBeGreaterThanOrEqual(0.3)
      expect(r.antecedent).toEqual([...r.antecedent].sort((a, b) => a - b))
      expect(r.antecedent).not.toContain(r.consequent)
    }
  })
})
