import { ReceiptSchema, type Receipt } from '../../api/contract/receipt.js'
import { checkCardNumber } from '../../api/customers/card-number.js'
import { checkReceipt } from '../../api/sales/check-receipt.js'

export type ValidateOptions = {
  /** Today's date (YYYY-MM-DD); later business days are refused as the API refuses them. */
  today: string
  /** The store's currency when known; a receipt in another currency is refused here rather than by the API. */
  currency?: string
}

export type Validated =
  | { ok: true; receipt: Receipt; cardInvalid: boolean }
  | { ok: false; errors: { pointer: string; detail: string }[] }

/**
 * Checks a receipt exactly as the API will: `ReceiptSchema` (imported, never
 * copied), then the API's own arithmetic and cross-field rules
 * (`checkReceipt`). The card number is normalised first (spaces, dashes,
 * dots removed) and its check digit checked; a card that fails is still sent
 * (the API keeps it, anonymised, for audit) and flagged in `cardInvalid`. Pure.
 */
export function validateReceipt(input: unknown, options: ValidateOptions): Validated {
  let candidate = input
  let cardInvalid = false
  const card = (input as { card?: { number?: unknown } } | null)?.card
  if (card && typeof card.number === 'string') {
    const check = checkCardNumber(card.number)
    cardInvalid = !check.ok
    candidate = { ...(input as object), card: { ...card, number: check.number } }
  }
  const parsed = ReceiptSchema.safeParse(candidate)
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ pointer: '#/' + i.path.map(String).join('/'), detail: i.message })) }
  }
  const receipt = parsed.data
  const errors = checkReceipt(receipt, {
    today: options.today,
    earliestBusinessDay: '2000-01-01',
    storeCurrency: options.currency ?? receipt.currency ?? 'XXX',
  }) as { pointer: string; detail: string }[]
  return errors.length > 0 ? { ok: false, errors } : { ok: true, receipt, cardInvalid }
}

/** The receipt's natural key within a store: what the API is idempotent on. */
export const receiptKeyOf = (r: { terminalId: string; businessDay: string; receiptNo: string }): string =>
  `${r.terminalId}\u001f${r.businessDay}\u001f${r.receiptNo}`

/** A readable form of a receipt key for reasons and logs. */
export const describeKey = (r: { terminalId: string; businessDay: string; receiptNo: string }): string =>
  `terminal ${r.terminalId}, day ${r.businessDay}, receipt ${r.receiptNo}`
