import { readFileSync } from 'node:fs'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Receipt } from '../../api/contract/receipt.js'
import { createCollector } from '../intake/collect-items.js'
import { createPoslogParser } from './parse-poslog.js'
import { BUILT_IN_PROFILES } from './poslog-profile.js'

const fixture = (name: string) => readFileSync(new URL(`../../tests/pos-adapter/fixtures/${name}`, import.meta.url), 'utf8')

/** Parses POSLog text in chunks of `chunk` characters (streaming), collecting validated receipts. */
function parse(xml: string, profile = 'generic', chunk = 97) {
  const c = createCollector({ today: '2026-01-01' })
  const p = createPoslogParser(BUILT_IN_PROFILES[profile]!, { posStoreId: 'S001' }, (i) => c.push(i))
  for (let i = 0; i < xml.length; i += chunk) p.write(xml.slice(i, i + chunk))
  p.end()
  return { ...c.tally, receipts: c.drain() }
}

describe('POSLog, generic ARTS profile', () => {
  const r = parse(fixture('poslog-generic.xml'))

  it('reads sales, skips and counts control, tender-control, training and cancelled transactions', () => {
    expect(r.receipts.map((x) => x.receiptNo)).toEqual(['88214', '5101', '5104'])
    expect(r.skipped).toEqual({ ControlTransaction: 1, 'training mode': 1, cancelled: 1, TenderControlTransaction: 1 })
    expect(r.problems).toEqual([])
  })

  it('maps a sale with a voided line, a weighed item, a linked return, a loyalty reward and a scanned card, in cents', () => {
    expect(r.receipts[0]).toEqual({
      terminalId: 'LANE-03',
      businessDay: '2025-03-14',
      receiptNo: '88214',
      occurredAt: '2025-03-14T17:44:51+01:00',
      currency: 'EUR',
      card: { number: '2990001234567', entry: 'scanned' }, // '2990 0012 3456 7' normalised
      lines: [
        { lineNo: 1, kind: 'sale', sku: 'SKU-40411', gtin: '05012345678900', quantity: 2, unitPriceCents: 249, discountCents: 0, netAmountCents: 498, voided: false },
        { lineNo: 2, kind: 'sale', sku: 'SKU-77120', quantity: 1, unitPriceCents: 119, discountCents: 0, netAmountCents: 119, voided: true },
        { lineNo: 3, kind: 'sale', sku: 'SKU-00873', quantity: 0.842, unitPriceCents: 199, discountCents: 0, netAmountCents: 168, voided: false },
        {
          lineNo: 4, kind: 'return', sku: 'SKU-11873', quantity: 1, unitPriceCents: 399, discountCents: 0, netAmountCents: -399, voided: false,
          returnOf: { terminalId: 'LANE-01', businessDay: '2025-03-12', receiptNo: '87990' },
        },
      ],
      discounts: [{ promotionId: 'MAIL-2025Q1-C17', amountCents: 50 }],
      tenders: [{ type: 'card', amountCents: 217 }],
      totalCents: 217,
    })
  })

  it('maps line coupons (price modifiers), markdowns, a basket coupon, split tenders with change, and a keyed card', () => {
    const t = r.receipts[1]!
    expect(t.card).toEqual({ number: '2000000000008', entry: 'keyed' })
    expect(t.lines.map((l) => [l.sku, l.unitPriceCents, l.discountCents, l.netAmountCents, l.couponCode])).toEqual([
      ['SKU-20001', 120, 50, 310, 'CPN-3FOR'],
      ['SKU-20002', 500, 50, 450, undefined],
    ])
    expect(t.discounts).toEqual([{ couponCode: 'BASKET-1EUR', amountCents: 100 }])
    expect(t.tenders).toEqual([{ type: 'cash', amountCents: 500 }, { type: 'card', amountCents: 160 }])
    expect(t.totalCents).toBe(660)
  })

  it('maps a refund: a return line and a negative cash tender', () => {
    expect(r.receipts[2]).toMatchObject({ totalCents: -250, tenders: [{ type: 'cash', amountCents: -250 }], lines: [{ kind: 'return', netAmountCents: -250 }] })
  })

  it('gives the same result whatever the chunking', () => {
    expect(parse(fixture('poslog-generic.xml'), 'generic', 1).receipts).toEqual(r.receipts)
    expect(parse(fixture('poslog-generic.xml'), 'generic', 1 << 20).receipts).toEqual(r.receipts)
  })

  it('yields exactly the contract type', () => {
    expectTypeOf(r.receipts[0]!).toEqualTypeOf<Receipt>()
  })
})

describe('POSLog, vendor profiles', () => {
  it('NCR ACS: the card from acs:LoyaltyMembership, detailed monetary rewards once, local times given the profile offset', () => {
    const r = parse(fixture('poslog-ncr-acs.xml'), 'ncr-acs')
    expect(r.skipped).toEqual({ ControlTransaction: 1 })
    expect(r.receipts.map((x) => [x.receiptNo, x.card, x.occurredAt, x.discounts, x.totalCents])).toEqual([
      ['161', { number: '2990001234567', entry: 'scanned' }, '2025-10-01T02:02:54-05:00', [{ promotionId: '5123', amountCents: 19 }], 107],
      ['902', { number: '2990001234574', entry: 'keyed' }, '2025-09-30T19:12:00-05:00', [], 267],
    ])
    expect(r.receipts[0]!.lines[0]).toMatchObject({ quantity: 0.42, unitPriceCents: 299, netAmountCents: 126 })
  })

  it('NCR ACS through the generic profile: the reward amount is in a vendor extension, so the transaction is a problem naming it', () => {
    const r = parse(fixture('poslog-ncr-acs.xml'), 'generic')
    expect(r.receipts.map((x) => x.receiptNo)).toEqual(['902'])
    expect(r.problems).toEqual([{ at: 'Transaction at line 1 (SequenceNumber 161)', detail: 'LineItem at line 1: LoyaltyReward Amount is missing' }])
  })

  it('retailer-namespaced ARTS (FGL shape): arts: prefix, coupon modifier, discount and tax lines, no card', () => {
    const r = parse(fixture('poslog-fgl-arts.xml'), 'fgl-arts')
    expect(r.problems).toEqual([])
    expect(r.receipts).toHaveLength(1)
    const t = r.receipts[0]!
    expect(t.card).toBeUndefined()
    expect(t.lines.map((l) => [l.sku, l.discountCents, l.netAmountCents, l.couponCode])).toEqual([
      ['FGL-778812', 1000, 6998, 'SPRING10'],
      ['FGL-100200', 0, 1250, undefined],
    ])
    expect(t.discounts).toEqual([{ promotionId: 'EMP-5PCT', amountCents: 248 }])
    expect(t.tenders).toEqual([{ type: 'gift_card', amountCents: 5000 }, { type: 'card', amountCents: 3000 }])
    expect(t.totalCents).toBe(8000)
  })
})

describe('POSLog safety', () => {
  it('refuses a DOCTYPE before any entity can expand (billion laughs)', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><POSLog><Transaction>&lol2;</Transaction></POSLog>`
    const r = parse(lol)
    expect(r.receipts).toEqual([])
    expect(r.problems).toEqual([{ at: 'line 1, column 95', detail: 'DOCTYPE declarations are refused (no DTDs: entity expansion and external entities are attack vectors); the rest of the file is not read' }])
  })

  it('keeps the transactions before a well-formedness error and reports the rest', () => {
    const xml = fixture('poslog-generic.xml')
    const cut = xml.slice(0, xml.indexOf('<SequenceNumber>5101'))
    const r = parse(cut)
    expect(r.receipts.map((x) => x.receiptNo)).toEqual(['88214'])
    expect(r.problems).toHaveLength(1)
    expect(r.problems[0]!.detail).toMatch(/not well-formed|the rest of the file is not read/)
  })
})
