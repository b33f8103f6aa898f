import { describe, expect, it } from 'vitest'
import { validateReceipt } from './validate-receipt.js'

const receipt = (card?: { number: string; entry: 'scanned' | 'keyed' }) => ({
  terminalId: 'L1',
  businessDay: '2025-03-14',
  receiptNo: '1',
  occurredAt: '2025-03-14T10:00:00Z',
  ...(card ? { card } : {}),
  lines: [{ lineNo: 1, sku: 'A', quantity: 2, unitPriceCents: 249, netAmountCents: 498 }],
  totalCents: 498,
})

describe('validateReceipt', () => {
  it('normalises a scanned card number and checks its GS1 check digit', () => {
    const ok = validateReceipt(receipt({ number: ' 2990-0012.3456 7 ', entry: 'scanned' }), { today: '2026-01-01' })
    expect(ok).toMatchObject({ ok: true, cardInvalid: false, receipt: { card: { number: '2990001234567', entry: 'scanned' } } })
    // RETAIL-FACTS' sample number fails its check digit: sent (the API keeps the sale anonymous) and flagged.
    expect(validateReceipt(receipt({ number: '2990001234564', entry: 'keyed' }), { today: '2026-01-01' })).toMatchObject({ ok: true, cardInvalid: true })
  })

  it('applies the API\'s own arithmetic and currency rules', () => {
    expect(validateReceipt({ ...receipt(), totalCents: 500 }, { today: '2026-01-01' })).toEqual({
      ok: false,
      errors: [{ pointer: '#/totalCents', detail: 'is 500 but the lines add up to 498 (lines 498): a difference of 2' }],
    })
    expect(validateReceipt({ ...receipt(), currency: 'USD' }, { today: '2026-01-01', currency: 'EUR' })).toEqual({
      ok: false,
      errors: [{ pointer: '#/currency', detail: 'is USD but the store trades in EUR' }],
    })
  })
})
