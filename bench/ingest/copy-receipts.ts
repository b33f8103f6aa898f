import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReceiptInput } from '../../api/contract/receipt.js'
import type { Sql } from '../../api/db/create-database.js'
import type { BenchCatalog } from './bench-database.js'
import type { ReceiptBatch } from './receipt-batches.js'

export type CopyRun = { transactions: number; receipts: number; lines: number; wallMs: number; latenciesMs: number[] }

/** A value in COPY text format: \N for null, backslash escapes for the characters COPY gives meaning to. */
function field(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N'
  if (typeof v !== 'string') return String(v)
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}
const row = (values: (string | number | boolean | null | undefined)[]) => values.map(field).join('\t') + '\n'

/** Rows in groups of a few hundred, produced while COPY consumes them. */
function* rows<T>(items: readonly T[], toRows: (item: T, i: number) => string[]): Generator<string> {
  let buf: string[] = []
  for (let i = 0; i < items.length; i++) {
    for (const r of toRows(items[i]!, i)) buf.push(r)
    if (buf.length >= 500) {
      yield buf.join('')
      buf = []
    }
  }
  if (buf.length) yield buf.join('')
}

/**
 * The raw COPY peer: the same receipt, line and tender rows the API stores,
 * written with COPY FROM STDIN, one transaction per batch, `streams` connections
 * each taking the next batch. It validates nothing and resolves cards and SKUs
 * from in-memory maps; it draws receipt ids from the table's identity sequence,
 * and pays for the same indexes, foreign keys, check constraints and commits.
 */
export async function copyReceipts(sql: Sql, catalog: BenchCatalog, batches: readonly ReceiptBatch[], streams = 1, onDone?: (receipts: number) => void): Promise<CopyRun> {
  const storeIds = new Map(catalog.stores.map((s) => [s.code, s.storeId]))
  const latenciesMs: number[] = []
  let next = 0
  const t0 = performance.now()
  const stream = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!
      const started = performance.now()
      await copyBatch(sql, catalog, storeIds.get(batch.storeCode)!, batch)
      latenciesMs.push(performance.now() - started)
      onDone?.(batch.receipts.length)
    }
  }
  await Promise.all(Array.from({ length: streams }, stream))
  return {
    transactions: batches.length,
    receipts: batches.reduce((s, b) => s + b.receipts.length, 0),
    lines: batches.reduce((s, b) => s + b.lineCount, 0),
    wallMs: performance.now() - t0,
    latenciesMs,
  }
}

/** One batch in one transaction: ids from the sequence, then COPY receipts, lines, tenders. */
async function copyBatch(sql: Sql, catalog: BenchCatalog, storeId: number, batch: ReceiptBatch): Promise<void> {
  const rs = batch.receipts
  await sql.begin(async (tx) => {
    const ids = await tx<{ id: number }[]>`
      select nextval(pg_get_serial_sequence('receipts', 'receipt_id')) as id from generate_series(1, ${rs.length})`
    const idOf = (i: number) => ids[i]!.id
    const receiptRow = (r: ReceiptInput, i: number) => {
      const card = r.card ? catalog.cardsByNumber.get(r.card.number) : undefined
      return [
        row([storeId, idOf(i), r.terminalId, r.businessDay, r.receiptNo, r.occurredAt, r.currency ?? 'EUR',
          r.card?.number, r.card?.entry, card ? 'linked' : 'none', card?.cardId, card?.customerId, r.totalCents,
          r.lines.length, 0, '\\x' + createHash('sha256').update(JSON.stringify(r)).digest('hex'), 'copy']),
      ]
    }
    const lineRows = (r: ReceiptInput, i: number) =>
      r.lines.map((l) =>
        row([storeId, r.businessDay, idOf(i), l.lineNo, l.kind ?? 'sale', l.sku, catalog.productIds.get(l.sku), l.gtin, l.quantity,
          l.unitPriceCents, l.discountCents ?? 0, l.netAmountCents, l.couponCode, l.voided ?? false]),
      )
    const tenderRows = (r: ReceiptInput, i: number) => (r.tenders ?? []).map((t, seq) => row([storeId, idOf(i), seq + 1, t.type, t.amountCents]))

    await pipeline(Readable.from(rows(rs, receiptRow)), await tx`
      copy receipts (store_id, receipt_id, terminal_id, business_day, receipt_no, occurred_at, currency, card_raw,
        card_entry, card_status, card_id, customer_id, total_cents, line_count, receipt_discount_cents, content_hash, source)
      from stdin`.writable())
    await pipeline(Readable.from(rows(rs, lineRows)), await tx`
      copy receipt_lines (store_id, business_day, receipt_id, line_no, kind, sku, product_id, gtin, quantity,
        unit_price_cents, discount_cents, net_amount_cents, coupon_code, voided)
      from stdin`.writable())
    await pipeline(Readable.from(rows(rs, tenderRows)), await tx`
      copy receipt_tenders (store_id, receipt_id, seq, tender_type, amount_cents) from stdin`.writable())
  })
}
