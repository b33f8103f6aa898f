import type { Receipt } from '../contract/receipt.js'
import { checkCardNumber } from '../customers/card-number.js'
import { AppError } from '../errors/app-error.js'
import type { Caller } from '../auth/caller.js'
import { checkReceipt } from './check-receipt.js'
import { storeForCaller, type IngestDeps } from './ingest-sales.js'

/**
 * Checks one receipt exactly as the sales endpoint would, and stores nothing:
 * for a till vendor checking its output. Throws a 400 naming every problem
 * under '#/receipt'; answers the warnings a post would carry (a card number that
 * fails its check digit would make the sale anonymous).
 */
export async function validateReceipt(deps: IngestDeps, caller: Caller, storeCode: string, receipt: Receipt): Promise<{ valid: true; warnings: string[] }> {
  const store = await storeForCaller(deps.sql, caller, storeCode)
  const today = deps.now().toISOString().slice(0, 10)
  const errors = checkReceipt(receipt, { today, earliestBusinessDay: deps.earliestBusinessDay, storeCurrency: store.currency }, ['receipt'])
  if (errors.length > 0) throw new AppError('invalid_request', 'The receipt would be rejected', errors)
  const warnings: string[] = []
  const card = receipt.card ? checkCardNumber(receipt.card.number) : null
  if (card && !card.ok) warnings.push(`card number ${card.reason === 'format' ? 'is not 8 to 19 digits' : 'fails its check digit'}: the sale would be stored as anonymous`)
  return { valid: true, warnings }
}
