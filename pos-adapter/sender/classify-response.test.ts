import { describe, expect, it } from 'vitest'
import { backoffDelayMs } from './backoff.js'
import { classifyResponse } from './classify-response.js'

describe('classifyResponse', () => {
  it('settles a 200 per receipt: stored and duplicate delivered, conflict and rejected refused with the reason', () => {
    const body = {
      results: [
        { index: 0, status: 'stored', receiptId: '1', warnings: [] },
        { index: 1, status: 'duplicate', receiptId: '2' },
        { index: 2, status: 'conflict', receiptId: '3', reason: 'already stored with different content' },
        { index: 3, status: 'rejected', errors: [{ pointer: '#/receipts/3/currency', detail: 'is USD but the store trades in EUR' }] },
      ],
    }
    expect(classifyResponse(200, body, 4)).toEqual({
      kind: 'settled',
      receipts: [
        { kind: 'delivered' },
        { kind: 'delivered' },
        { kind: 'refused', status: 'conflict', reason: 'already stored with different content' },
        { kind: 'refused', status: 'rejected', reason: '#/receipts/3/currency: is USD but the store trades in EUR' },
      ],
    })
  })

  it('retries a 200 that does not answer every receipt, 5xx and 429 (honouring Retry-After)', () => {
    expect(classifyResponse(200, { results: [] }, 2).kind).toBe('retry')
    expect(classifyResponse(503, { detail: 'Database unavailable' }, 2)).toEqual({ kind: 'retry', reason: 'the API answered 503: Database unavailable' })
    expect(classifyResponse(429, null, 2, '7')).toEqual({ kind: 'retry', reason: 'the API answered 429', retryAfterMs: 7000 })
  })

  it('treats 401, 403 and 404 as configuration errors, and 400/413 as a batch to split', () => {
    for (const s of [401, 403, 404]) expect(classifyResponse(s, { detail: 'x' }, 1).kind).toBe('configuration')
    expect(classifyResponse(413, null, 10)).toEqual({ kind: 'split', reason: 'the API refused the batch with 413' })
  })
})

describe('backoffDelayMs', () => {
  it('doubles from the base to the cap, with half of each delay random', () => {
    const o = { baseMs: 500, maxMs: 60_000 }
    expect([0, 1, 2, 3, 10, 40].map((a) => backoffDelayMs(a, o, () => 0))).toEqual([250, 500, 1000, 2000, 30_000, 30_000])
    expect([0, 1, 2, 3, 10, 40].map((a) => backoffDelayMs(a, o, () => 0.999999))).toEqual([500, 1000, 2000, 4000, 60_000, 60_000])
  })
})
