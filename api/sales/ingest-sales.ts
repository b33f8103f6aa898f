import { createHash } from 'node:crypto'
import { ReceiptSchema, type Receipt, type ReceiptOutcome, type SalesResult } from '../contract/receipt.js'
import { checkCardNumber, type CardCheck } from '../customers/card-number.js'
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
  type CardRow,
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
type Prepared = { index: number; receipt: Receipt; candidate: Candidate; row: ReceiptRow; warnings: string[] }

/** The content hash that tells a replay (same hash) from a conflicting reuse of a receipt key. */
export function hashReceipt(r: Receipt): string {
  // Parsed receipts have their keys in schema order and defaults filled in, so
  // the same sale hashes the same however the till ordered or omitted fields.
  return createHash('sha256').update(JSON.stringify(r)).digest('hex')
}

/**
 * Receipts checked and stored per step. Node checks a chunk while PostgreSQL
 * stores the ones before it, and two chunks are stored at once, on two
 * connections, so a large batch keeps both the API and the database busy. Each
 * chunk is one statement, so one transaction.
 */
export const INGEST_CHUNK_RECEIPTS = 200
/** Chunks of one batch being stored at the same time. */
const CHUNKS_IN_FLIGHT = 2

/** A receipt that passed its checks and is the first in its batch with its key. */
type Candidate = { index: number; receipt: Receipt; hash: string; card: CardCheck | null; settled?: { receiptId: number; hash: string } }

/**
 * Stores a batch of receipts for one store, each exactly once. Returns one
 * outcome per receipt, in order: stored, duplicate (same key, same content:
 * nothing changes), conflict (same key, other content: the stored one stays),
 * or rejected with field errors. Throws only when the whole request is wrong
 * (unknown store, a key for another store) or the database fails; then the
 * chunks stored before the failure stay stored, each receipt whole, and a retry
 * of the batch answers them as duplicates.
 *
 * A return finds a sale of its own batch as it finds one stored before: a chunk
 * with a return of an earlier chunk's sale waits until every earlier chunk is
 * stored, and a batch in which a return comes before its sale is stored in one
 * statement, where the sale is found among the rows being inserted.
 */
export async function ingestSales(
  deps: IngestDeps,
  caller: Caller,
  storeCode: string,
  rawReceipts: readonly unknown[],
  source = 'api',
  chunkReceipts = INGEST_CHUNK_RECEIPTS,
): Promise<SalesResult> {
  const store = await storeForCaller(deps.sql, caller, storeCode)
  const context = { today: deps.now().toISOString().slice(0, 10), earliestBusinessDay: deps.earliestBusinessDay, storeCurrency: store.currency }
  const outcomes: (ReceiptOutcome | undefined)[] = new Array(rawReceipts.length)
  const references = batchReferences(rawReceipts)
  const size = references.forward ? rawReceipts.length : chunkReceipts
  // A key posted twice in one batch: the first occurrence is the candidate; later
  // ones are settled against it once it is stored.
  const firstByKey = new Map<string, Candidate>()
  const repeats: { index: number; of: Candidate; hash: string }[] = []

  const chunks: Promise<void>[] = []
  for (let start = 0; start < rawReceipts.length; start += size) {
    // Lets the last chunk's queries reach PostgreSQL before this chunk's checks take the thread.
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve))
    const candidates: Candidate[] = []
    let returnsEarlierSale = false
    for (let index = start; index < Math.min(rawReceipts.length, start + size); index++) {
      const receipt = checkOne(rawReceipts[index], index, context, outcomes)
      if (!receipt) continue
      const key = receiptKey(receipt)
      const hash = hashReceipt(receipt)
      const first = firstByKey.get(key)
      if (first) repeats.push({ index, of: first, hash })
      else {
        const candidate: Candidate = { index, receipt, hash, card: receipt.card ? checkCardNumber(receipt.card.number) : null }
        firstByKey.set(key, candidate)
        candidates.push(candidate)
        for (const l of receipt.lines) if (l.returnOf && (references.indexOfKey.get(receiptKey(l.returnOf)) ?? start) < start) returnsEarlierSale = true
      }
    }
    if (candidates.length === 0) continue
    // The card lookup runs beside the stores in flight; the store waits for its turn.
    const cards = findCardsOf(deps.sql, candidates)
    cards.catch(() => {}) // a failure is reported through the chunk below, not as unhandled
    const turn = returnsEarlierSale ? Promise.all(chunks) : chunks[chunks.length - CHUNKS_IN_FLIGHT]
    const chunk = (async () => {
      await turn // a failed earlier chunk stops this one before it stores anything
      await storeChunk(deps, store.storeId, source, resolveCards(candidates, await cards, store.currency), outcomes)
    })()
    chunk.catch(() => {}) // awaited below; a failure while the next chunk is checked is not unhandled
    chunks.push(chunk)
  }
  // Every chunk settles before the request answers, so a failure never leaves a store running behind it.
  const failure = (await Promise.allSettled(chunks)).find((r) => r.status === 'rejected')
  if (failure) throw failure.reason

  for (const r of repeats) {
    const s = r.of.settled!
    outcomes[r.index] =
      s.hash === r.hash
        ? { index: r.index, status: 'duplicate', receiptId: String(s.receiptId) }
        : { index: r.index, status: 'conflict', receiptId: String(s.receiptId), reason: conflictReason(r.of.receipt) }
  }

  const results = outcomes as ReceiptOutcome[]
  const counts = { stored: 0, duplicate: 0, conflict: 0, rejected: 0 }
  for (const o of results) counts[o.status]++
  return { storeCode: store.code, counts, results }
}

/**
 * Where the batch's returns name sales of the same batch: the first index of each
 * receipt key (read from the raw receipts; keys are plain strings the schema does
 * not change), and whether any return comes before the sale it names.
 */
function batchReferences(raw: readonly unknown[]): { indexOfKey: Map<string, number>; forward: boolean } {
  const indexOfKey = new Map<string, number>()
  const keyOf = (v: unknown) => {
    const k = v as { terminalId?: unknown; businessDay?: unknown; receiptNo?: unknown } | null
    return k && typeof k === 'object' && typeof k.terminalId === 'string' && typeof k.businessDay === 'string' && typeof k.receiptNo === 'string' ? receiptKey(k as { terminalId: string; businessDay: string; receiptNo: string }) : undefined
  }
  raw.forEach((r, i) => {
    const key = keyOf(r)
    if (key !== undefined && !indexOfKey.has(key)) indexOfKey.set(key, i)
  })
  let forward = false
  raw.forEach((r, i) => {
    const lines = (r as { lines?: unknown } | null)?.lines
    if (!Array.isArray(lines)) return
    for (const l of lines) {
      const key = keyOf((l as { returnOf?: unknown } | null)?.returnOf)
      if (key !== undefined && (indexOfKey.get(key) ?? -1) > i) forward = true
    }
  })
  return { indexOfKey, forward }
}

type CheckContext = { today: string; earliestBusinessDay: string; storeCurrency: string }

/** Parses and checks one receipt; a rejection is written to `outcomes` and undefined returned. */
function checkOne(raw: unknown, index: number, context: CheckContext, outcomes: (ReceiptOutcome | undefined)[]): Receipt | undefined {
  const base = ['receipts', index]
  const result = ReceiptSchema.safeParse(raw)
  if (!result.success) {
    outcomes[index] = { index, status: 'rejected', errors: fieldErrorsOf(result.error, base) as Extract<ReceiptOutcome, { status: 'rejected' }>['errors'] }
    return undefined
  }
  const errors: FieldError[] = checkReceipt(result.data, context, base)
  if (errors.length > 0) {
    outcomes[index] = { index, status: 'rejected', errors: errors as { pointer: string; detail: string }[] }
    return undefined
  }
  return result.data
}

/** Stores one chunk's receipts in one statement and writes their outcomes. */
async function storeChunk(deps: IngestDeps, storeId: number, source: string, prepared: Prepared[], outcomes: (ReceiptOutcome | undefined)[]): Promise<void> {
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

  const { stored, existing } = await storeReceipts(deps.sql, storeId, source, prepared.map((p) => p.row), lines, tenders, discounts)
  prepared.forEach((p, i) => {
    const id = stored.get(i)
    if (id !== undefined) {
      outcomes[p.index] = { index: p.index, status: 'stored', receiptId: String(id), warnings: p.warnings }
      p.candidate.settled = { receiptId: id, hash: p.row.contentHash }
      return
    }
    const prior = existing.get(receiptKey(p.receipt))
    if (!prior) throw new Error('invariant: a receipt neither stored nor on file')
    p.candidate.settled = { receiptId: prior.receiptId, hash: prior.contentHash }
    outcomes[p.index] =
      prior.contentHash === p.row.contentHash
        ? { index: p.index, status: 'duplicate', receiptId: String(prior.receiptId) }
        : { index: p.index, status: 'conflict', receiptId: String(prior.receiptId), reason: conflictReason(p.receipt) }
  })
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

/** The cards on file among the candidates' well-formed card numbers. */
async function findCardsOf(sql: Sql, candidates: Candidate[]): Promise<Map<string, CardRow>> {
  const numbers = new Set<string>()
  for (const c of candidates) if (c.card?.ok) numbers.add(c.card.number)
  return new Map((await findCards(sql, [...numbers])).map((c) => [c.cardNumber, c]))
}

/**
 * Links each receipt to its card's customer when the number passes its check
 * digit and names an active (or replaced, same customer) card. Anything else is
 * stored as an anonymous sale with the raw value and the reason kept: a sale is
 * never linked to a wrong customer.
 */
function resolveCards(receipts: Candidate[], cards: Map<string, CardRow>, currency: string): Prepared[] {
  return receipts.map((r) => {
    const check = r.card
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
      candidate: r,
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
