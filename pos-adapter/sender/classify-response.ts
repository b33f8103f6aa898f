import type { ReceiptOutcome } from '../../api/contract/receipt.js'

/** What the sender does with one receipt of a batch the API answered. */
export type ReceiptVerdict = { kind: 'delivered' } | { kind: 'refused'; status: 'conflict' | 'rejected'; reason: string }

/** What the sender does with a batch, given the API's answer. */
export type BatchVerdict =
  | { kind: 'settled'; receipts: ReceiptVerdict[] }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'configuration'; reason: string }
  | { kind: 'split'; reason: string }

/**
 * Classifies the API's answer to POST /v1/stores/{storeCode}/sales.
 * - 200: per receipt, `stored` and `duplicate` are delivered (the API is
 *   idempotent, so a replay answers `duplicate`); `conflict` and `rejected`
 *   are refused for good and go to the dead-letter file with the API's reason.
 * - 401, 403, 404: the adapter's key or store code is wrong. Nothing is
 *   dropped; the sender waits and shows the error in `status`.
 * - 400, 413: the batch as a whole was refused; split it (a single receipt
 *   the API still refuses is dead-lettered).
 * - 429, 5xx, network errors: retry with backoff. Pure.
 */
export function classifyResponse(status: number, body: unknown, batchSize: number, retryAfter?: string | null): BatchVerdict {
  if (status === 200) {
    const results = (body as { results?: ReceiptOutcome[] } | null)?.results
    if (!Array.isArray(results) || results.length !== batchSize) return { kind: 'retry', reason: `the API answered 200 without one outcome per receipt` }
    return {
      kind: 'settled',
      receipts: results.map((o): ReceiptVerdict => {
        switch (o.status) {
          case 'stored':
          case 'duplicate':
            return { kind: 'delivered' }
          case 'conflict':
            return { kind: 'refused', status: 'conflict', reason: o.reason }
          case 'rejected':
            return { kind: 'refused', status: 'rejected', reason: o.errors.map((e) => `${e.pointer}: ${e.detail}`).join('; ') }
        }
      }),
    }
  }
  const detail = (body as { detail?: string } | null)?.detail ?? ''
  if (status === 401 || status === 403 || status === 404) {
    return { kind: 'configuration', reason: `the API answered ${status}${detail ? `: ${detail}` : ''} (check POS_API_KEY and POS_STORE_CODE)` }
  }
  if (status === 400 || status === 413) return { kind: 'split', reason: `the API refused the batch with ${status}${detail ? `: ${detail}` : ''}` }
  const seconds = retryAfter ? Number(retryAfter) : NaN
  return { kind: 'retry', reason: `the API answered ${status}${detail ? `: ${detail}` : ''}`, ...(Number.isFinite(seconds) ? { retryAfterMs: seconds * 1000 } : {}) }
}
