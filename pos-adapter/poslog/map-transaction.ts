import type { ReceiptInput } from '../../api/contract/receipt.js'
import type { ParsedItem } from '../intake/parsed-item.js'
import { lineAmountCents, parseCents, parseQuantity } from '../money/parse-decimal.js'
import type { PoslogProfile } from './poslog-profile.js'
import { selectAll, valueOf, type XmlNode } from './xml-node.js'

export type MapContext = {
  /** The store's id as the POS writes it (RetailStoreID); a transaction of another store is a problem. Unset: not checked. */
  posStoreId?: string
}

/** Counts a caller may want beyond the receipt: households seen, cards keyed. */
export type MapNotes = { householdId?: string }

class MapError extends Error {}

/** The value of a flag path: `path[=value]` compares, a bare path is true for 'true' or '1'. */
const flagCache = new Map<string, { path: string[]; expected: string | null }>()
function isFlagged(node: XmlNode, paths: readonly string[], ns: Record<string, string>): boolean {
  return paths.some((p) => {
    let f = flagCache.get(p)
    if (!f) {
      const m = /^(.*)\[=([^\]]*)\]$/.exec(p)
      f = { path: [m ? m[1]! : p], expected: m ? m[2]! : null }
      flagCache.set(p, f)
    }
    const v = valueOf(node, f.path, ns)
    if (v === undefined) return false
    return f.expected !== null ? v === f.expected : v === 'true' || v === '1'
  })
}

const isVoided = isFlagged

function cents(text: string | undefined, what: string, required = true): number | undefined {
  if (text === undefined || text === '') {
    if (required) throw new MapError(`${what} is missing`)
    return undefined
  }
  const r = parseCents(text)
  if (!r.ok) throw new MapError(`${what} ${r.detail}`)
  return r.value
}

function withOffset(dateTime: string, offset: string): string {
  return /(Z|[+-]\d{2}:?\d{2})$/.test(dateTime) ? dateTime : dateTime + offset
}

/**
 * Maps one buffered POSLog `Transaction` to a receipt candidate (validated
 * later, as the API validates it), a skip (control, tender control, cancelled,
 * training-mode transactions: counted, not sent) or a problem naming the
 * element. Money in POSLog is in major units ('4.98') and becomes integer
 * cents exactly. Pure.
 */
export function mapTransaction(tx: XmlNode, profile: PoslogProfile, ctx: MapContext = {}, notes: MapNotes = {}): ParsedItem {
  const ns = profile.namespaces
  const t = profile.transaction
  const seq = valueOf(tx, t.receiptNo, ns)
  const at = `Transaction at line ${tx.line}${seq ? ` (SequenceNumber ${seq})` : ''}`
  const retail = tx.children.find((c) => c.name === 'RetailTransaction')
  if (!retail) {
    const kind = tx.children.find((c) => c.name.endsWith('Transaction'))?.name ?? 'Transaction without RetailTransaction'
    return { kind: 'skipped', at, reason: kind }
  }
  if (isFlagged(tx, t.cancelled, ns)) return { kind: 'skipped', at, reason: 'cancelled' }
  if (isFlagged(tx, t.training, ns)) return { kind: 'skipped', at, reason: 'training mode' }
  try {
    const storeId = valueOf(tx, t.storeId, ns)
    if (ctx.posStoreId !== undefined && storeId !== undefined && storeId !== ctx.posStoreId) {
      throw new MapError(`RetailStoreID is ${storeId} but this adapter serves store ${ctx.posStoreId}`)
    }
    const terminalId = valueOf(tx, t.terminalId, ns)
    const businessDay = valueOf(tx, t.businessDay, ns)
    const occurred = valueOf(tx, t.occurredAt, ns)
    if (!terminalId) throw new MapError('WorkstationID is missing')
    if (!seq) throw new MapError('SequenceNumber is missing')
    if (!businessDay) throw new MapError('BusinessDayDate is missing')
    if (!occurred) throw new MapError('EndDateTime/BeginDateTime is missing')

    const lines: ReceiptInput['lines'] = []
    const discounts: NonNullable<ReceiptInput['discounts']> = []
    const tenders: NonNullable<ReceiptInput['tenders']> = []
    let position = 0
    for (const li of selectAll(tx, t.lineItems, ns)) {
      position++
      const content = li.children.find((c) => profile.line.kinds[c.name] !== undefined)
      if (!content) continue
      const kind = profile.line.kinds[content.name]!
      const voided = isVoided(li, profile.line.voidFlag, ns)
      const lineNoText = valueOf(li, profile.line.lineNo, ns)
      const where = `LineItem at line ${li.line}`
      try {
        if (kind === 'sale' || kind === 'return') {
          lines.push(mapItem(content, kind, voided, lineNoText ? Number(lineNoText) : position, profile, ctx))
        } else if (voided || kind === 'ignore') {
          continue
        } else if (kind === 'tender') {
          const type = valueOf(content, profile.tender.type, ns) ?? ''
          let amount = cents(valueOf(content, profile.tender.amount, ns), 'Tender Amount')! - (cents(valueOf(content, profile.tender.change, ns), 'TenderChange Amount', false) ?? 0)
          if (isFlagged(content, profile.tender.refund, ns)) amount = -Math.abs(amount)
          tenders.push({ type: profile.tender.types[type] ?? 'other', amountCents: amount })
        } else {
          if (profile.discount.onlyWhen.length > 0 && !isFlagged(content, profile.discount.onlyWhen, ns)) continue
          const amount = Math.abs(cents(valueOf(content, profile.discount.amount, ns), `${content.name} Amount`)!)
          if (amount === 0) continue
          const couponCode = valueOf(content, profile.discount.couponCode, ns)
          const promotionId = valueOf(content, profile.discount.promotionId, ns)
          discounts.push({
            amountCents: amount,
            ...(couponCode ? { couponCode } : kind === 'coupon' && promotionId ? { couponCode: promotionId } : {}),
            ...(promotionId ? { promotionId } : {}),
          })
        }
      } catch (err) {
        if (err instanceof MapError) throw new MapError(`${where}: ${err.message}`)
        throw err
      }
    }

    const cardNumber = valueOf(tx, t.cardNumber, ns)
    const entry = valueOf(tx, t.cardEntry, ns)
    const household = valueOf(tx, t.householdId, ns)
    if (household) notes.householdId = household
    const totalText = valueOf(tx, t.total, ns)
    // Without a grand total the receipt's total is what its lines say; with one, the API reconciles the two.
    const totalCents =
      totalText !== undefined ? cents(totalText, 'Total TransactionGrandAmount')! : lines.reduce((s, l) => s + (l.voided ? 0 : l.netAmountCents), 0) - discounts.reduce((s, x) => s + x.amountCents, 0)
    const currency = valueOf(tx, t.currency, ns)
    const receipt: ReceiptInput = {
      terminalId,
      businessDay: businessDay.slice(0, 10),
      receiptNo: seq,
      occurredAt: withOffset(occurred, profile.defaultUtcOffset),
      ...(currency ? { currency } : {}),
      ...(cardNumber ? { card: { number: cardNumber, entry: entry && /key|manual/i.test(entry) ? 'keyed' : 'scanned' } } : {}),
      lines,
      discounts,
      tenders,
      totalCents,
    }
    return { kind: 'receipt', at, input: receipt }
  } catch (err) {
    if (err instanceof MapError) return { kind: 'problem', at, detail: err.message }
    throw err
  }
}

function mapItem(item: XmlNode, kind: 'sale' | 'return', voided: boolean, lineNo: number, profile: PoslogProfile, ctx: MapContext): ReceiptInput['lines'][number] {
  const ns = profile.namespaces
  const p = profile.item
  const sku = valueOf(item, p.sku, ns)
  if (!sku) throw new MapError(`${item.name} has no ItemID`)
  const qText = valueOf(item, p.quantity, ns) ?? '1'
  const q = parseQuantity(qText)
  if (!q.ok) throw new MapError(`Quantity ${q.detail}`)
  const quantity = Math.abs(q.value)
  const unitPriceCents = cents(valueOf(item, p.unitPrice, ns), 'RegularSalesUnitPrice')!
  const gross = lineAmountCents(quantity, unitPriceCents)
  // ARTS: ExtendedAmount is quantity × selling price before price modifiers;
  // ExtendedDiscountAmount, when present and non-zero, is after them.
  const netGiven = cents(valueOf(item, p.netAmount, ns), 'ExtendedDiscountAmount', false)
  let net: number
  let couponCode: string | undefined
  if (netGiven !== undefined && netGiven !== 0) net = Math.abs(netGiven)
  else {
    const extended = cents(valueOf(item, p.extendedAmount, ns), 'ExtendedAmount', false)
    net = extended !== undefined ? Math.abs(extended) : gross
    net -= Math.abs(cents(valueOf(item, p.discountAmount, ns), 'DiscountAmount', false) ?? 0)
    for (const m of selectAll(item, p.modifiers, ns)) {
      const amount = Math.abs(cents(valueOf(m, p.modifierAmount, ns), 'RetailPriceModifier Amount')!)
      net += m.attrs.Action === 'Add' || valueOf(m, ['Amount/@Action'], ns) === 'Add' ? amount : -amount
      couponCode ??= valueOf(m, p.modifierCoupon, ns)
    }
  }
  // Whatever separates the shelf price from what was paid is the line's discount.
  const discountCents = Math.max(0, gross - net)
  const gtin = valueOf(item, p.gtin, ns)
  const link = kind === 'return' ? selectAll(item, p.returnLink, ns)[0] : undefined
  const linkStore = link ? valueOf(link, ['RetailStoreID'], ns) : undefined
  const returnOf =
    link && (ctx.posStoreId === undefined || linkStore === undefined || linkStore === ctx.posStoreId)
      ? {
          terminalId: valueOf(link, ['WorkstationID'], ns) ?? '',
          businessDay: (valueOf(link, ['BusinessDayDate'], ns) ?? '').slice(0, 10),
          receiptNo: valueOf(link, ['SequenceNumber'], ns) ?? '',
          ...(valueOf(link, ['LineNumber'], ns) ? { lineNo: Number(valueOf(link, ['LineNumber'], ns)) } : {}),
        }
      : undefined
  return {
    lineNo,
    kind,
    sku,
    ...(gtin && /^\d{8,14}$/.test(gtin) ? { gtin } : {}),
    quantity,
    unitPriceCents,
    discountCents,
    netAmountCents: kind === 'return' ? -net : net,
    ...(couponCode ? { couponCode } : {}),
    voided,
    ...(returnOf ? { returnOf } : {}),
  }
}
