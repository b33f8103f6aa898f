import type { AffinityRule } from '../../api/wire-types.js'

export type NetworkNode = { code: string; name: string; baskets: number }
export type NetworkEdge = { a: string; b: string; lift: number; count: number; confidence: number }
export type Network = { nodes: NetworkNode[]; edges: NetworkEdge[] }

/**
 * The pair rules of a scope as an undirected network: nodes are items (categories at category
 * level), an edge joins two items with a rule either way, weighted by lift (the same both ways
 * for a pair; the higher confidence is kept). The `maxEdges` strongest edges by lift are kept,
 * with the nodes they join; ties by the items' codes, so the picture is the same every time.
 * @example networkOfRules(rules, 60).edges[0] // { a: 'C012', b: 'C031', lift: 3.1, count: 420, confidence: 0.41 }
 */
export function networkOfRules(rules: readonly AffinityRule[], maxEdges = 60): Network {
  const edges = new Map<string, NetworkEdge>()
  const nodes = new Map<string, NetworkNode>()
  for (const r of rules) {
    if (r.antecedent.length !== 1) continue
    const x = r.antecedent[0]!
    const y = r.consequent
    note(nodes, x.code, x.name, r.antecedentCount)
    note(nodes, y.code, y.name, r.consequentCount)
    const [a, b] = x.code < y.code ? [x.code, y.code] : [y.code, x.code]
    const key = `${a}\u0000${b}`
    const seen = edges.get(key)
    if (!seen) edges.set(key, { a, b, lift: r.lift, count: r.count, confidence: r.confidence })
    else {
      seen.lift = Math.max(seen.lift, r.lift)
      seen.confidence = Math.max(seen.confidence, r.confidence)
    }
  }
  const kept = [...edges.values()].sort((p, q) => q.lift - p.lift || p.a.localeCompare(q.a) || p.b.localeCompare(q.b)).slice(0, maxEdges)
  const used = new Set(kept.flatMap((e) => [e.a, e.b]))
  return { nodes: [...nodes.values()].filter((n) => used.has(n.code)).sort((p, q) => p.name.localeCompare(q.name)), edges: kept }
}

function note(nodes: Map<string, NetworkNode>, code: string, name: string, baskets: number) {
  const n = nodes.get(code)
  if (!n) nodes.set(code, { code, name, baskets })
  else n.baskets = Math.max(n.baskets, baskets)
}
