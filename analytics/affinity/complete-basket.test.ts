import { describe, expect, it } from 'vitest'
import { completeBasket, createBasketCompleter } from './complete-basket.js'
import type { Rule } from './types.js'

function rule(antecedent: number[], consequent: number, count: number, antecedentCount: number, lift: number): Rule {
  return { antecedent, consequent, count, antecedentCount, consequentCount: 50, support: count / 1000, confidence: count / antecedentCount, lift, leverage: 0, conviction: 1 }
}

describe('completeBasket', () => {
  const rules = [
    rule([1], 10, 30, 100, 2), // 0.3
    rule([1, 2], 10, 24, 40, 3), // 0.6: the better rule for 10
    rule([2], 11, 20, 40, 4), // 0.5
    rule([3], 12, 90, 100, 9), // 3 not in the basket
    rule([1], 2, 50, 100, 5), // consequent already in the basket
    rule([2], 13, 10, 20, 4), // 0.5, same lift as 11, fewer baskets
    rule([1], 14, 25, 50, 4), // 0.5, same lift as 11, more baskets
    rule([1, 2, 5], 15, 9, 10, 9), // 5 missing
  ]

  it('scores each item by its best applicable rule and ranks by confidence, lift, count', () => {
    const s = completeBasket(rules, [2, 1])
    expect(s.map((x) => [x.item, x.confidence, x.lift, x.count])).toEqual([
      [10, 0.6, 3, 24],
      [14, 0.5, 4, 25],
      [11, 0.5, 4, 20],
      [13, 0.5, 4, 10],
    ])
    expect(s[0]!.rule).toBe(rules[1])
  })

  it('returns the top k', () => {
    expect(completeBasket(rules, [1, 2], { k: 2 }).map((x) => x.item)).toEqual([10, 14])
    expect(completeBasket(rules, [1, 2], { k: 0 })).toEqual([])
  })

  it('breaks full ties by the shorter antecedent, then by item id', () => {
    const tied = [rule([1, 2], 20, 5, 10, 2), rule([1], 20, 5, 10, 2), rule([2], 19, 5, 10, 2)]
    const s = completeBasket(tied, [1, 2])
    expect(s.map((x) => x.item)).toEqual([19, 20])
    expect(s[1]!.rule).toBe(tied[1])
  })

  it('suggests nothing for an empty basket or one no rule applies to', () => {
    expect(completeBasket(rules, [])).toEqual([])
    expect(completeBasket(rules, [99])).toEqual([])
    expect(() => completeBasket(rules, [1], { k: -1 })).toThrow(RangeError)
  })

  it('createBasketCompleter gives the same answers as the scan', () => {
    const complete = createBasketCompleter(rules)
    for (const basket of [[1, 2], [2, 1, 5], [3], [1], [], [99, 2]]) {
      expect(complete(basket, { k: 10 })).toEqual(completeBasket(rules, basket, { k: 10 }))
    }
    expect(complete([1, 2, 5], { k: 10 }).map((x) => x.item)).toEqual([15, 10, 14, 11, 13])
  })
})
