import { describe, expect, it } from 'vitest'
import type { AffinityRule } from '../../api/wire-types.js'
import { networkOfRules } from './network-of-rules.js'

const item = (code: string) => ({ id: Number(code.slice(1)), code, name: `Name ${code}` })
const rule = (from: string[], to: string, lift: number, confidence: number, count = 10, antecedentCount = 50, consequentCount = 40): AffinityRule => ({
  ruleNo: 0, antecedent: from.map(item), consequent: item(to), count, antecedentCount, consequentCount,
  support: 0.01, confidence, lift, leverage: 0.001, conviction: 1.2, pValue: 0.001, qValue: 0.01,
})

describe('networkOfRules', () => {
  it('joins both directions of a pair into one edge and leaves longer rules out', () => {
    const net = networkOfRules([rule(['C1'], 'C2', 2, 0.3, 10, 50, 40), rule(['C2'], 'C1', 2, 0.25, 10, 40, 50), rule(['C1', 'C2'], 'C3', 5, 0.9)])
    expect(net).toEqual({
      nodes: [{ code: 'C1', name: 'Name C1', baskets: 50 }, { code: 'C2', name: 'Name C2', baskets: 40 }],
      edges: [{ a: 'C1', b: 'C2', lift: 2, count: 10, confidence: 0.3 }],
    })
  })

  it('keeps the strongest edges and only the nodes they join', () => {
    const net = networkOfRules([rule(['C1'], 'C2', 1.5, 0.2), rule(['C3'], 'C4', 3, 0.2), rule(['C5'], 'C3', 2, 0.2)], 2)
    expect(net.edges.map((e) => `${e.a}-${e.b}`)).toEqual(['C3-C4', 'C3-C5'])
    expect(net.nodes.map((n) => n.code)).toEqual(['C3', 'C4', 'C5'])
  })
})
