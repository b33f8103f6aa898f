import type { ReceiptInput } from '../../api/contract/receipt.js'

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
/** Integer cents → major units text ('4.98'), on integers. */
export const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`

const TENDER: Record<string, string> = { cash: 'Cash', card: 'CreditDebit', voucher: 'Voucher', gift_card: 'GiftCard', mobile: 'Mobile', loyalty_points: 'Loyalty', other: 'Other' }

/**
 * Writes receipts as one generic ARTS POSLog document, the way a till would
 * export them (benchmarks, tests and demos feed the adapter with it). Pure.
 */
export function writePoslog(receipts: readonly ReceiptInput[], storeId: string): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<POSLog xmlns="http://www.nrf-arts.org/IXRetail/namespace/">\n']
  for (const r of receipts) out.push(writeTransaction(r, storeId))
  out.push('</POSLog>\n')
  return out.join('')
}

export function writeTransaction(r: ReceiptInput, storeId: string): string {
  const parts: string[] = [
    `<Transaction CancelFlag="false" TrainingModeFlag="false"><RetailStoreID>${esc(storeId)}</RetailStoreID><WorkstationID>${esc(r.terminalId)}</WorkstationID>`,
    `<SequenceNumber>${esc(r.receiptNo)}</SequenceNumber><BusinessDayDate>${r.businessDay}</BusinessDayDate><EndDateTime>${r.occurredAt}</EndDateTime>`,
    r.currency ? `<CurrencyCode>${r.currency}</CurrencyCode>` : '',
    '<RetailTransaction>',
  ]
  if (r.card) parts.push(`<Customer><LoyaltyAccount><LoyaltyAccountID EntryMethod="${r.card.entry === 'keyed' ? 'Keyed' : 'Scanned'}">${esc(r.card.number)}</LoyaltyAccountID></LoyaltyAccount></Customer>`)
  let seq = 0
  for (const l of r.lines) {
    seq = Math.max(seq, l.lineNo)
    const el = l.kind === 'return' ? 'Return' : 'Sale'
    const discount = l.discountCents ?? 0
    const gross = Math.abs(l.netAmountCents) + discount
    parts.push(
      `<LineItem VoidFlag="${l.voided ? 'true' : 'false'}"><SequenceNumber>${l.lineNo}</SequenceNumber><${el} ItemType="Stock">`,
      l.gtin ? `<POSIdentity POSIDType="GTIN"><POSItemID>${l.gtin}</POSItemID></POSIdentity>` : '',
      `<ItemID>${esc(l.sku)}</ItemID><RegularSalesUnitPrice>${money(l.unitPriceCents)}</RegularSalesUnitPrice><ExtendedAmount>${money(gross)}</ExtendedAmount>`,
      discount ? `<DiscountAmount>${money(discount)}</DiscountAmount>` : '',
      `<Quantity>${l.quantity}</Quantity></${el}></LineItem>`,
    )
  }
  for (const d of r.discounts ?? []) {
    parts.push(`<LineItem><SequenceNumber>${++seq}</SequenceNumber><LoyaltyReward>${d.promotionId ? `<PromotionID>${esc(d.promotionId)}</PromotionID>` : ''}${d.couponCode ? `<CouponNumber>${esc(d.couponCode)}</CouponNumber>` : ''}<Amount>${money(d.amountCents)}</Amount></LoyaltyReward></LineItem>`)
  }
  for (const t of r.tenders ?? []) {
    parts.push(`<LineItem><SequenceNumber>${++seq}</SequenceNumber><Tender TenderType="${TENDER[t.type]}"${t.amountCents < 0 ? ' TypeCode="Refund"' : ''}><Amount>${money(Math.abs(t.amountCents))}</Amount></Tender></LineItem>`)
  }
  parts.push(`<Total TotalType="TransactionGrandAmount">${money(r.totalCents)}</Total></RetailTransaction></Transaction>\n`)
  return parts.join('')
}
