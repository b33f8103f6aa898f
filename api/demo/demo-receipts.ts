import type { ReceiptInput } from '../contract/receipt.js'
import { pick } from './random.js'

export type DemoProduct = { sku: string; priceCents: number; weighed: boolean }

export type DemoReceiptOptions = {
  terminalId: string
  businessDay: string
  receiptNo: string
  products: readonly DemoProduct[]
  /** Card numbers to choose from; a share of sales stays anonymous. */
  cards: readonly string[]
  anonymousShare?: number
  /** Mean lines per basket (geometric distribution, like real grocery baskets). */
  meanLines?: number
}

/**
 * One consistent receipt: lines that add up (weighed items, the odd discount and
 * voided line), a card or none, tenders that match the total. Pure: the same
 * random stream gives the same receipt.
 */
export function makeDemoReceipt(rng: () => number, o: DemoReceiptOptions): ReceiptInput {
  const meanLines = o.meanLines ?? 8
  const lineCount = Math.min(60, 1 + Math.floor(Math.log(1 - rng()) / Math.log(1 - 1 / meanLines)))
  const used = new Set<string>()
  const lines: ReceiptInput['lines'] = []
  for (let i = 0; i < lineCount; i++) {
    const p = pick(rng, o.products)
    if (used.has(p.sku)) continue
    used.add(p.sku)
    const quantity = p.weighed ? Math.round((0.2 + rng() * 1.5) * 1000) / 1000 : rng() < 0.8 ? 1 : 2 + Math.floor(rng() * 3)
    const gross = Math.round(quantity * p.priceCents)
    const discountCents = rng() < 0.1 ? Math.round(gross * 0.2) : 0
    lines.push({
      lineNo: lines.length + 1,
      kind: 'sale',
      sku: p.sku,
      quantity,
      unitPriceCents: p.priceCents,
      discountCents,
      netAmountCents: gross - discountCents,
      voided: rng() < 0.01,
    })
  }
  if (lines.every((l) => l.voided)) lines[0]!.voided = false
  const totalCents = lines.reduce((s, l) => s + (l.voided ? 0 : l.netAmountCents), 0)
  const hour = 8 + Math.floor(rng() * 13)
  const minute = Math.floor(rng() * 60)
  const anonymous = o.cards.length === 0 || rng() < (o.anonymousShare ?? 0.3)
  const cash = rng() < 0.3
  return {
    terminalId: o.terminalId,
    businessDay: o.businessDay,
    receiptNo: o.receiptNo,
    occurredAt: `${o.businessDay}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+01:00`,
    ...(anonymous ? {} : { card: { number: pick(rng, o.cards), entry: rng() < 0.95 ? ('scanned' as const) : ('keyed' as const) } }),
    lines,
    tenders: [{ type: cash ? 'cash' : 'card', amountCents: totalCents }],
    totalCents,
  }
}
