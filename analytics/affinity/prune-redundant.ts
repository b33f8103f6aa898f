import type { Rule } from './types.js'

// Confidences are the exact fractions count / antecedentCount, compared by cross-multiplying,
// so 1/3 and 2/6 are equal (both products stay below 2^53 for counts up to about 9·10^7).

/**
 * Removes redundant rules, as arules' is.redundant (Bayardo et al. 2000, "improvement"):
 * X → Y is redundant when a more general rule X' → Y in the set (X' a proper, non-empty subset
 * of X, same consequent) has a confidence at least as high. Confidences are compared exactly
 * as fractions. Returns the other rules in the input order.
 *
 * With `basketCount`, the empty-antecedent rule {} → Y (confidence = P(Y)) also counts as more
 * general, so every rule with lift <= 1 is redundant too.
 *
 * Cost: one trie of antecedents per consequent; a rule's more general rules are found by a
 * walk that only enters subsets of X that begin some rule's antecedent, so it never
 * enumerates the 2^k subsets of a long antecedent blindly. Apply it to the full output of the
 * miner, before filters that drop rules, so a general rule is still there to compare against.
 * @example pruneRedundant(rules) // drops {bread, milk} → butter when {bread} → butter is as confident
 */
export function pruneRedundant(rules: readonly Rule[], { basketCount }: { basketCount?: number } = {}): Rule[] {
  if (basketCount !== undefined && !(Number.isSafeInteger(basketCount) && basketCount > 0)) {
    throw new RangeError(`basketCount must be a positive integer, got ${basketCount}`)
  }
  // One trie per consequent over the antecedents (ascending ids), stored flat to spare the
  // garbage collector half a million small objects: node n's best rule confidence is
  // num[n] / den[n] (num −1: no rule ends there); the edge from node n on item i is
  // edges.get(n · stride + i).
  let maxItem = 0
  for (const r of rules) for (const item of r.antecedent) if (item > maxItem) maxItem = item
  const stride = maxItem + 1
  const edges = new Map<number, number>()
  const num: number[] = []
  const den: number[] = []
  const roots = new Map<number, number>()
  const addNode = () => (num.push(-1), den.push(1), num.length - 1)
  for (const r of rules) {
    let node = roots.get(r.consequent)
    if (node === undefined) roots.set(r.consequent, (node = addNode()))
    for (const item of r.antecedent) {
      const key = node * stride + item
      let child = edges.get(key)
      if (child === undefined) edges.set(key, (child = addNode()))
      node = child
    }
    if (num[node]! < 0 || r.count * den[node]! >= num[node]! * r.antecedentCount) {
      num[node] = r.count
      den[node] = r.antecedentCount
    }
  }

  // Whether a proper subset of x (items x[from..] below `node`, `size` items taken so far)
  // is the antecedent of a rule with confidence >= ownNum / ownDen. The walk only enters
  // subsets that begin some rule's antecedent.
  const hasGeneral = (node: number, x: readonly number[], from: number, size: number, ownNum: number, ownDen: number): boolean => {
    for (let i = from; i < x.length; i++) {
      const child = edges.get(node * stride + x[i]!)
      if (child === undefined) continue
      if (size + 1 < x.length && num[child]! >= 0 && num[child]! * ownDen >= ownNum * den[child]!) return true
      if (hasGeneral(child, x, i + 1, size + 1, ownNum, ownDen)) return true
    }
    return false
  }

  return rules.filter((r) => {
    // conf(X → Y) <= P(Y)  ⇔  count·N <= consequentCount·antecedentCount
    if (basketCount !== undefined && r.count * basketCount <= r.consequentCount * r.antecedentCount) return false
    return r.antecedent.length < 2 || !hasGeneral(roots.get(r.consequent)!, r.antecedent, 0, 0, r.count, r.antecedentCount)
  })
}
