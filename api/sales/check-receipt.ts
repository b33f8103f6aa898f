import { pointerOf, type FieldError } from '../errors/app-error.js'
import type { Receipt } from '../contract/receipt.js'

export type ReceiptCheckOptions = {
  /** Today's date (YYYY-MM-DD) in UTC; business days later than tomorrow are refused. */
  today: string
  /** Earliest business day accepted (history imports go further back than live sales). */
  earliestBusinessDay: string
  storeCurrency: string
}

/** Cents a line should net to: quantity × unit price − discount, signed by kind, as an exact rational ×1000. */
function expectedNetMilli(quantity: number, unitPriceCents: number, discountCents: number): number {
  return Math.round(quantity * 1000) * unitPriceCents - discountCents * 1000
}

/**
 * Checks what the schema cannot: arithmetic and cross-field rules of a parsed
 * receipt. Returns the problems as field errors under `base`, empty when the
 * receipt is consistent. Pure.
 */
export function checkReceipt(r: Receipt, options: ReceiptCheckOptions, base: readonly PropertyKey[] = []): FieldError[] {
  const errors: FieldError[] = []
  const at = (...path: PropertyKey[]) => pointerOf([...base, ...path])

  if (r.businessDay > addDays(options.today, 1)) errors.push({ pointer: at('businessDay'), detail: `is in the future (today is ${options.today})` })
  if (r.businessDay < options.earliestBusinessDay) errors.push({ pointer: at('businessDay'), detail: `is before ${options.earliestBusinessDay}, the earliest day accepted` })
  // The same floor for the sale's instant (a day's slack for time zones); it also keeps out
  // year 0000, which ISO 8601 allows and PostgreSQL cannot store.
  if (Date.parse(r.occurredAt) < Date.parse(addDays(options.earliestBusinessDay, -1) + 'T00:00:00Z')) {
    errors.push({ pointer: at('occurredAt'), detail: `is before ${options.earliestBusinessDay}, the earliest day accepted` })
  }
  if (r.currency !== undefined && r.currency !== options.storeCurrency) {
    errors.push({ pointer: at('currency'), detail: `is ${r.currency} but the store trades in ${options.storeCurrency}` })
  }

  const seen = new Set<number>()
  let linesNet = 0
  r.lines.forEach((line, i) => {
    if (seen.has(line.lineNo)) errors.push({ pointer: at('lines', i, 'lineNo'), detail: `line number ${line.lineNo} appears twice` })
    seen.add(line.lineNo)
    const sign = line.kind === 'return' ? -1 : 1
    if (sign * line.netAmountCents < 0) {
      errors.push({ pointer: at('lines', i, 'netAmountCents'), detail: line.kind === 'return' ? 'must not be positive on a return line' : 'must not be negative on a sale line' })
    } else {
      // Tills round to the cent in different ways; anything within one cent of the exact value is accepted.
      // Compare magnitudes: a return's net is the negative of quantity × price − discount.
      const diffMilli = Math.abs(sign * line.netAmountCents * 1000 - expectedNetMilli(line.quantity, line.unitPriceCents, line.discountCents))
      if (diffMilli >= 1000) {
        const expected = (sign * expectedNetMilli(line.quantity, line.unitPriceCents, line.discountCents)) / 1000
        errors.push({
          pointer: at('lines', i, 'netAmountCents'),
          detail: `is ${line.netAmountCents} but quantity × unitPriceCents − discountCents gives ${expected.toFixed(1)}`,
        })
      }
    }
    if (line.discountCents > Math.round(line.quantity * line.unitPriceCents) + 1) {
      errors.push({ pointer: at('lines', i, 'discountCents'), detail: 'is larger than the line before discount' })
    }
    if (line.returnOf && line.kind !== 'return') errors.push({ pointer: at('lines', i, 'returnOf'), detail: 'only a return line can name the sale it returns' })
    if (!line.voided) linesNet += line.netAmountCents
  })

  const discounts = r.discounts.reduce((s, d) => s + d.amountCents, 0)
  const expectedTotal = linesNet - discounts
  if (expectedTotal !== r.totalCents) {
    errors.push({
      pointer: at('totalCents'),
      detail: `is ${r.totalCents} but the lines add up to ${expectedTotal} (lines ${linesNet}${discounts ? ` less discounts ${discounts}` : ''}): a difference of ${r.totalCents - expectedTotal}`,
    })
  }
  if (r.tenders.length > 0) {
    const tendered = r.tenders.reduce((s, t) => s + t.amountCents, 0)
    if (tendered !== r.totalCents) {
      errors.push({ pointer: at('tenders'), detail: `add up to ${tendered} but totalCents is ${r.totalCents}: a difference of ${tendered - r.totalCents}` })
    }
  }
  return errors
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(isoDate + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
