import type { Rule } from './types.js'

/**
 * Item constraints on rules (arules' appearance lists). Categories are resolved to their item
 * ids by the caller.
 * - `onlyItems`: keep rules that mention at least one of these items, where `onlyIn` says
 *   (default 'either': antecedent or consequent). An empty list keeps nothing (a category with
 *   no items has no rules); leave it out for no constraint.
 * - `neverItems`: drop every rule that mentions any of these, anywhere. Wins over `onlyItems`.
 */
export type ItemConstraints = {
  onlyItems?: readonly number[]
  onlyIn?: 'either' | 'antecedent' | 'consequent'
  neverItems?: readonly number[]
}

/**
 * The rules that satisfy the item constraints, in the input order.
 * @example filterRules(rules, { onlyItems: dairyIds, onlyIn: 'consequent', neverItems: [tobaccoId] })
 */
export function filterRules(rules: readonly Rule[], { onlyItems, onlyIn = 'either', neverItems = [] }: ItemConstraints): Rule[] {
  const only = onlyItems === undefined ? undefined : new Set(onlyItems)
  const never = new Set(neverItems)
  const mentionsOnly = (r: Rule): boolean => {
    if (only === undefined) return true
    if (onlyIn !== 'antecedent' && only.has(r.consequent)) return true
    return onlyIn !== 'consequent' && r.antecedent.some((i) => only.has(i))
  }
  return rules.filter((r) => !never.has(r.consequent) && !r.antecedent.some((i) => never.has(i)) && mentionsOnly(r))
}
