import { createHash } from 'node:crypto'
import { ReceiptSchema, type Receipt, type ReceiptOutcome, type SalesResult } from '../contract/receipt.js'
import { checkCardNumber } from '../customers/card-number.js'
import type { Sql } from '../db/create-database.js'
import { AppError, type FieldError } from '../errors/app-error.js'
import { fieldErrorsOf } from '../errors/problem.js'
import type { Caller } from '../auth/caller.js'
import { findStoreByCode, type StoreRef } from '../stores/stores.repo.js'
import { checkReceipt } from './check-receipt.js'
import {
  ensureLinePartitions,
  findCards,
  receiptKey,
  storeReceipts,
  type DiscountRow,
  type LineRow,
  type ReceiptRow,
  type TenderRow,
} from './sales.repo.js'

export type IngestDeps = {
  sql: Sql
  now: () => Date
  /** Months ('YYYY-MM') whose receipt_lines partition is known to exist. */
  knownMonths: Set<string>
  /** Earliest business day accepted. */
  earliestBusinessDay: string
}

/** What a receipt became before the database had its say. */
type Prepared = { index: number; receipt: Receipt; row: ReceiptRow; warnings: string[] }

/** The content hash that tells a replay (same hash) from a conflicting reuse of a receipt key. */
export function hashReceipt(r: Receipt): string {
  // Parsed receipts have their keys in schema order and defaults filled in, so
  // the same sale hashes the same however the till ordered or omitted fields.
  return createHash('sha256').update(JSON.stringify(r)).digest('hex')
}

/**
 * Stores a batch of receipts for one store, each exactly once. Returns one
 * outcome per receipt, in order: stored, duplicate (same key, same content:
 * nothing changes), conflict (same key, other content: the stored one stays),
 * or rejected with field errors. Throws only when the whole request is wrong
 * (unknown store, a key for another store).
 */
export async function ingestSales(
  deps: IngestDeps,
  caller: Caller,
  storeCode: string,
  rawReceipts: readonly unknown[],
  source = 'api',
): Promise<SalesResult> {
  const store = await storeForCaller(deps.sql, caller, storeCode)
  const today = deps.now().toISOString().slice(0, 10)
  const outcomes: (ReceiptOutcome | undefined)[] = new Array(rawReceipts.length)
  const parsed: { index: number; receipt: Receipt }[] = []
  rawReceipts.forEach((raw, index) => {
    const base = ['receipts', index]
    const result = ReceiptSchema.safeParse(raw)
    if (!result.success) {
      outcomes[index] = { index, status: 'rejected', errors: fieldErrorsOf(result.error, base) as Extract<ReceiptOutcome, { status: 'rejected' }>['errors'] }
      return
    }
    const errors: FieldError[] = checkReceipt(result.data, { today, earliestBusinessDay: deps.earliestBusinessDay, storeCurrency: store.currency }, base)
    if (errors.length > 0) outcomes[index] = { index, status: 'rejected', errors: errors as { pointer: string; detail: string }[] }
    else parsed.push({ index, receipt: result.data })
  })

  // A key posted twice in one batch: the first occurrence is the candidate; later
  // ones are settled against it once it is stored.
  const firstByKey = new Map<string, number>()
  const repeats: { index: number; of: number; hash: string }[] = []
  const unique: { index: number; receipt: Receipt; hash: string }[] = []
  for (const p of parsed) {
    const key = receiptKey(p.receipt)
    const hash = hashReceipt(p.receipt)
    const first = firstByKey.get(key)
    if (first === undefined) {
      firstByKey.set(key, unique.length)
      unique.push({ ...p, hash })
    } else repeats.push({ index: p.index, of: first, hash })
  }

  const prepared = await resolveCards(deps.sql, unique, store.currency)
  await ensureMonths(deps, prepared.map((p) => p.receipt.businessDay))

  const lines: LineRow[] = []
  const tenders: TenderRow[] = []
  const discounts: DiscountRow[] = []
  prepared.forEach((p, i) => {
    for (const l of p.receipt.lines) {
      lines.push({
        receiptIndex: i,
        businessDay: p.receipt.businessDay,
        lineNo: l.lineNo,
        kind: l.kind,
        sku: l.sku,
        gtin: l.gtin ?? null,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        discountCents: l.discountCents,
        netAmountCents: l.netAmountCents,
        couponCode: l.couponCode ?? null,
        voided: l.voided,
        returnOf: l.returnOf ? { ...l.returnOf, lineNo: l.returnOf.lineNo ?? null } : null,
      })
    }
    p.receipt.tenders.forEach((t, seq) => tenders.push({ receiptIndex: i, seq: seq + 1, type: t.type, amountCents: t.amountCents }))
    p.receipt.discounts.forEach((d, seq) =>
      discounts.push({ receiptIndex: i, seq: seq + 1, couponCode: d.couponCode ?? null, promotionId: d.promotionId ?? null, amountCents: d.amountCents }),
    )
  })

  const { stored, existing } =
    prepared.length > 0
      ? await storeReceipts(deps.sql, store.storeId, source, prepared.map((p) => p.row), lines, tenders, discounts)
      : { stored: new Map<number, number>(), existing: new Map() }

  const settled: { receiptId: number; hash: string }[] = []
  prepared.forEach((p, i) => {
    const id = stored.get(i)
    if (id !== undefined) {
      outcomes[p.index] = { index: p.index, status: 'stored', receiptId: String(id), warnings: p.warnings }
      settled[i] = { receiptId: id, hash: p.row.contentHash }
      return
    }
    const prior = existing.get(receiptKey(p.receipt))
    if (!prior) throw new Error('invariant: a receipt neither stored nor on file')
    settled[i] = { receiptId: prior.receiptId, hash: prior.contentHash }
    outcomes[p.index] =
      prior.contentHash === p.row.contentHash
        ? { index: p.index, status: 'duplicate', receiptId: String(prior.receiptId) }
        : { index: p.index, status: 'conflict', receiptId: String(prior.receiptId), reason: conflictReason(p.receipt) }
  })
  for (const r of repeats) {
    const s = settled[r.of]!
    outcomes[r.index] =
      s.hash === r.hash
        ? { index: r.index, status: 'duplicate', receiptId: String(s.receiptId) }
        : { index: r.index, status: 'conflict', receiptId: String(s.receiptId), reason: conflictReason(unique[r.of]!.receipt) }
  }

  const results = outcomes as ReceiptOutcome[]
  const counts = { stored: 0, duplicate: 0, conflict: 0, rejected: 0 }
  for (const o of results) counts[o.status]++
  return { storeCode: store.code, counts, results }
}

/** The store a sale is posted to, if the caller may post there: terminal keys only their own store. */
export async function storeForCaller(sql: Sql, caller: Caller, storeCode: string): Promise<StoreRef> {
  const store = await findStoreByCode(sql, storeCode)
  if (!store) throw new AppError('not_found', `No store with code ${storeCode}`, [{ parameter: 'storeCode', detail: 'unknown store' }])
  if (caller.role === 'terminal' && caller.storeId !== store.storeId) {
    throw new AppError('forbidden', `This key may only post sales of its own store, not ${storeCode}`, [{ parameter: 'storeCode', detail: 'not the store of this key' }])
  }
  return store
}

function conflictReason(r: Receipt): string {
  return `receipt ${r.receiptNo} of terminal ${r.terminalId} on ${r.businessDay} is already stored with different content; the stored one is kept`
}

async function ensureMonths(deps: IngestDeps, days: string[]): Promise<void> {
  const byMonth = new Map<string, string>()
  for (const d of days) if (!deps.knownMonths.has(d.slice(0, 7))) byMonth.set(d.slice(0, 7), d)
  if (byMonth.size === 0) return
  await ensureLinePartitions(deps.sql, [...byMonth.values()])
  for (const m of byMonth.keys()) deps.knownMonths.add(m)
}

/**
 * Links each receipt to its card's customer when the number passes its check
 * digit and names an active (or replaced, same customer) card. Anything else is
 * stored as an anonymous sale with the raw value and the reason kept: a sale is
 * never linked to a wrong customer.
 */
async function resolveCards(sql: Sql, receipts: { index: number; receipt: Receipt; hash: string }[], currency: string): Promise<Prepared[]> {
  const checks = receipts.map((r) => (r.receipt.card ? checkCardNumber(r.receipt.card.number) : null))
  const valid = [...new Set(checks.flatMap((c) => (c?.ok ? [c.number] : [])))]
  const cards = new Map((await findCards(sql, valid)).map((c) => [c.cardNumber, c]))
  return receipts.map((r, i) => {
    const check = checks[i] ?? null
    const warnings: string[] = []
    let cardStatus: ReceiptRow['cardStatus'] = 'none'
    let cardId: number | null = null
    let customerId: number | null = null
    if (check && !check.ok) {
      cardStatus = 'invalid_check_digit'
      warnings.push(`card number ${check.reason === 'format' ? 'is not 8 to 19 digits' : 'fails its check digit'}: stored as an anonymous sale`)
    } else if (check?.ok) {
      const card = cards.get(check.number)
      if (!card) {
        cardStatus = 'unknown_card'
        warnings.push('card number is not on file: stored as an anonymous sale with the number kept for later linking')
      } else if (card.status === 'blocked') {
        cardStatus = 'blocked_card'
        warnings.push('card is blocked: stored as an anonymous sale')
      } else {
        cardStatus = 'linked'
        cardId = card.cardId
        customerId = card.customerId
      }
    }
    const rec = r.receipt
    return {
      index: r.index,
      receipt: rec,
      warnings,
      row: {
        terminalId: rec.terminalId,
        businessDay: rec.businessDay,
        receiptNo: rec.receiptNo,
        occurredAt: rec.occurredAt,
        currency: rec.currency ?? currency,
        // The number as read (normalised); PostgreSQL text cannot hold U+0000, so control characters are stored as U+FFFD.
        cardRaw: check ? check.number.replace(/[\x00-\x1f\x7f]/g, '\uFFFD') : null,
        cardEntry: rec.card?.entry ?? null,
        cardStatus,
        cardId,
        customerId,
        totalCents: rec.totalCents,
        lineCount: rec.lines.length,
        receiptDiscountCents: rec.discounts.reduce((s, d) => s + d.amountCents, 0),
        contentHash: r.hash,
      },
    }
  })
}
