import { benjaminiHochberg, fisherExact } from '../stats/index.js'
import type { Rule } from './types.js'

/**
 * Tests every rule A → C for positive association with Fisher's exact test, one-sided, on the
 * 2x2 table of the N baskets (n11 = count, n10 = antecedentCount − count,
 * n01 = consequentCount − count, n00 = the rest), and adjusts the p-values across all the rules
 * given with Benjamini–Hochberg. Returns new rules with `pValue` and `qValue` filled, in the
 * input order; the input is not changed.
 *
 * `basketCount` is the N the rules' counts are out of. `testCount` (default: the number of
 * rules) is the number of hypotheses for the adjustment; pass more when rules were tested and
 * then dropped before this call. Cost per rule does not grow with N (the hypergeometric tail
 * is summed outward from the observed count and stops when the terms stop mattering): about
 * a microsecond or two per rule (docs/AFFINITY.md).
 * @example keepSignificant(testRules(rules, baskets.basketCount), { alpha: 0.05 })
 */
export function testRules(rules: readonly Rule[], basketCount: number, { testCount }: { testCount?: number } = {}): Rule[] {
  if (!Number.isSafeInteger(basketCount) || basketCount < 0) throw new RangeError(`basketCount must be a non-negative integer, got ${basketCount}`)
  const pValues = rules.map((rule, i) => {
    const { count, antecedentCount, consequentCount } = rule
    const n10 = antecedentCount - count
    const n01 = consequentCount - count
    const n00 = basketCount - count - n10 - n01
    if (!(count >= 0 && n10 >= 0 && n01 >= 0 && n00 >= 0)) {
      throw new RangeError(`rule ${i} has counts that do not fit ${basketCount} baskets: ${count} with both, ${antecedentCount} antecedent, ${consequentCount} consequent`)
    }
    return fisherExact({ a: count, b: n10, c: n01, d: n00 }, 'greater')
  })
  const qValues = benjaminiHochberg(pValues, testCount === undefined ? {} : { testCount })
  // Object.assign rather than a spread: 3–4x faster on 10^5 rules in V8 (Node 20)
  return rules.map((rule, i) => Object.assign({}, rule, { pValue: pValues[i]!, qValue: qValues[i]! }))
}

/**
 * The rules whose false-discovery-rate adjusted p-value is at most `alpha` (default 0.05),
 * as arules' is.significant (p.adjust(…) <= alpha). Throws if a rule has not been tested.
 */
export function keepSignificant(rules: readonly Rule[], { alpha = 0.05 }: { alpha?: number } = {}): Rule[] {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`)
  return rules.filter((rule, i) => {
    if (rule.qValue === undefined) throw new RangeError(`rule ${i} has no qValue: run testRules first`)
    return rule.qValue <= alpha
  })
}
