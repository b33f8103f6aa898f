import { describe, expect, it } from 'vitest'
import { ReceiptSchema, type ReceiptInput } from '../contract/receipt.js'
import { checkReceipt } from './check-receipt.js'

const options = { today: '2026-11-24', earliestBusinessDay: '2000-01-01', storeCurrency: 'EUR' }
const check = (r: ReceiptInput) => checkReceipt(ReceiptSchema.parse(r), options)
const base: ReceiptInput = {
  terminalId: 'L1',
  businessDay: '2026-11-20',
  receiptNo: '1',
  occurredAt: '2026-11-20T10:00:00+01:00',
  lines: [{ lineNo: 1, sku: 'A', quantity: 0.842, unitPriceCents: 199, netAmountCents: 168 }],
  totalCents: 168,
}

describe('checkReceipt', () => {
  it('accepts a weighed line rounded to the cent (0.842 kg × 199 = 167.558 → 168)', () => {
    expect(check(base)).toEqual([])
  })

  it('accepts a return line whose net is minus quantity × price less discount', () => {
    expect(check({ ...base, lines: [...base.lines, { lineNo: 2, kind: 'return', sku: 'B', quantity: 1, unitPriceCents: 144, netAmountCents: -144 }], totalCents: 24 })).toEqual([])
  })

  it('names the line whose net does not follow from quantity, price and discount', () => {
    expect(check({ ...base, lines: [{ lineNo: 1, sku: 'A', quantity: 2, unitPriceCents: 249, discountCents: 50, netAmountCents: 498 }], totalCents: 498 })).toEqual([
      { pointer: '#/lines/0/netAmountCents', detail: 'is 498 but quantity × unitPriceCents − discountCents gives 448.0' },
    ])
  })

  it('names the total and the difference when lines do not add up', () => {
    expect(check({ ...base, totalCents: 170 })).toEqual([{ pointer: '#/totalCents', detail: 'is 170 but the lines add up to 168 (lines 168): a difference of 2' }])
  })

  it('leaves voided lines out of the total and subtracts receipt discounts', () => {
    const r: ReceiptInput = {
      ...base,
      lines: [...base.lines, { lineNo: 2, sku: 'C', quantity: 1, unitPriceCents: 119, netAmountCents: 119, voided: true }],
      discounts: [{ couponCode: 'MAIL-1', amountCents: 50 }],
      totalCents: 118,
    }
    expect(check(r)).toEqual([])
  })

  it('refuses a sale line with a negative net and a return line with a positive one', () => {
    expect(check({ ...base, lines: [{ lineNo: 1, sku: 'A', quantity: 1, unitPriceCents: 0, netAmountCents: -5 }], totalCents: -5 })).toEqual([
      { pointer: '#/lines/0/netAmountCents', detail: 'must not be negative on a sale line' },
    ])
    expect(check({ ...base, lines: [{ lineNo: 1, kind: 'return', sku: 'A', quantity: 1, unitPriceCents: 5, netAmountCents: 5 }], totalCents: 5 })).toEqual([
      { pointer: '#/lines/0/netAmountCents', detail: 'must not be positive on a return line' },
    ])
  })
})
