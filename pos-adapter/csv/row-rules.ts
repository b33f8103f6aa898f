import { z } from 'zod'

/**
 * A test on one field's text. Every test given must hold. Numeric tests
 * (`lt`, `eq`, `gt`) read the text as a number (the mapping's decimal
 * separator) and fail on text that is not one.
 */
export const ConditionSchema = z
  .object({
    empty: z.boolean().optional().describe('true: the field is empty or absent; false: it has a value'),
    startsWith: z.string().optional(),
    notStartsWith: z.string().optional(),
    in: z.array(z.string()).optional().describe('The trimmed text is one of these'),
    lt: z.number().optional(),
    eq: z.number().optional(),
    gt: z.number().optional(),
  })
  .strict()
export type Condition = z.infer<typeof ConditionSchema>

/**
 * A kind of row that is not a sale (a bad-debt adjustment, a stock count):
 * rows matching every condition are skipped and reported with `reason`.
 * Conditions name mapped fields: the key's (`terminalId`, `receiptNo`, ...)
 * and the columns' (`quantity`, `unitPrice`, `customerRef`, ...).
 * @example { "reason": "stock adjustment", "when": { "quantity": { "lt": 0 }, "unitPrice": { "eq": 0 } } }
 */
export const RowRuleSchema = z
  .object({
    reason: z.string().min(1),
    when: z.record(z.string(), ConditionSchema).refine((w) => Object.keys(w).length > 0, 'at least one condition'),
  })
  .strict()
export type RowRule = z.infer<typeof RowRuleSchema>

/** Whether one field's text passes a condition. Pure. */
export function meetsCondition(text: string | undefined, c: Condition, decimalSeparator: '.' | ',' = '.'): boolean {
  const v = text?.trim() ?? ''
  if (c.empty !== undefined && (v === '') !== c.empty) return false
  if (c.startsWith !== undefined && !v.startsWith(c.startsWith)) return false
  if (c.notStartsWith !== undefined && v.startsWith(c.notStartsWith)) return false
  if (c.in !== undefined && !c.in.includes(v)) return false
  if (c.lt === undefined && c.eq === undefined && c.gt === undefined) return true
  const t = decimalSeparator === ',' ? v.replace(',', '.') : v
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return false
  const n = Number(t)
  return (c.lt === undefined || n < c.lt) && (c.eq === undefined || n === c.eq) && (c.gt === undefined || n > c.gt)
}

/** The first rule a row matches, given a reader of its fields' text; undefined when none does. Pure. */
export function matchRowRule(rules: readonly RowRule[], get: (field: string) => string | undefined, decimalSeparator: '.' | ',' = '.'): RowRule | undefined {
  return rules.find((r) => Object.entries(r.when).every(([field, c]) => meetsCondition(get(field), c, decimalSeparator)))
}

/** Fields a rule names that the mapping does not map: a rule on them could never be read. */
export function unknownRuleFields(rules: readonly RowRule[], mapped: readonly string[]): string[] {
  return [...new Set(rules.flatMap((r) => Object.keys(r.when)))].filter((f) => !mapped.includes(f))
}
