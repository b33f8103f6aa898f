import { boolArray, numberArray, textArray } from '../db/array-literal.js'
import type { Sql } from '../db/create-database.js'

/** A receipt ready to store: parsed, checked, its card resolved. */
export type ReceiptRow = {
  terminalId: string
  businessDay: string
  receiptNo: string
  occurredAt: string
  currency: string
  cardRaw: string | null
  cardEntry: 'scanned' | 'keyed' | null
  cardStatus: 'none' | 'linked' | 'invalid_check_digit' | 'unknown_card' | 'blocked_card'
  cardId: number | null
  customerId: number | null
  totalCents: number
  lineCount: number
  receiptDiscountCents: number
  contentHash: string // hex sha256
}

export type LineRow = {
  receiptIndex: number
  businessDay: string
  lineNo: number
  kind: 'sale' | 'return'
  sku: string
  gtin: string | null
  quantity: number
  unitPriceCents: number
  discountCents: number
  netAmountCents: number
  couponCode: string | null
  voided: boolean
  returnOf: { terminalId: string; businessDay: string; receiptNo: string; lineNo: number | null } | null
}

export type TenderRow = { receiptIndex: number; seq: number; type: string; amountCents: number }
export type DiscountRow = { receiptIndex: number; seq: number; couponCode: string | null; promotionId: string | null; amountCents: number }

export type CardRow = { cardNumber: string; cardId: number; customerId: number; status: 'active' | 'blocked' | 'replaced' | 'erased' }

export const receiptKey = (k: { terminalId: string; businessDay: string; receiptNo: string }) => `${k.terminalId}\u001f${k.businessDay}\u001f${k.receiptNo}`

export async function findCards(sql: Sql, numbers: string[]): Promise<CardRow[]> {
  if (numbers.length === 0) return []
  return sql<CardRow[]>`
    select card_number, card_id, customer_id, status from loyalty_cards where card_number = any(${textArray(numbers)}::text[])`
}

/** Creates the month partitions of receipt_lines that `days` fall in. Outside any transaction: it locks the parent. */
export async function ensureLinePartitions(sql: Sql, days: string[]): Promise<void> {
  for (const day of days) await sql`select ensure_receipt_line_partition(${day}::date)`
}

export type StoreResult = { stored: Map<number, number>; existing: Map<string, { receiptId: number; contentHash: string }> }

/**
 * Stores receipts whole, in one statement (so in one implicit transaction and
 * one round trip): headers with `on conflict do nothing`, so the unique natural
 * key decides races, and in the same statement the lines, tenders and discounts
 * of the headers that were new. Receipts already on file come back in
 * `existing` with their content hash (a second query, only when there are any).
 */
export async function storeReceipts(
  sql: Sql,
  storeId: number,
  source: string,
  receipts: ReceiptRow[],
  lines: LineRow[],
  tenders: TenderRow[],
  discounts: DiscountRow[],
): Promise<StoreResult> {
  const col = <K extends keyof ReceiptRow>(k: K) => receipts.map((r) => r[k])
  const inserted = await sql<{ ord: number; receiptId: number }[]>`
    with u as (
      select * from unnest(${textArray(col('terminalId'))}::text[], ${textArray(col('businessDay'))}::date[], ${textArray(col('receiptNo'))}::text[],
        ${textArray(col('occurredAt'))}::timestamptz[], ${textArray(col('currency'))}::text[], ${textArray(col('cardRaw'))}::text[],
        ${textArray(col('cardEntry'))}::text[], ${textArray(col('cardStatus'))}::text[], ${numberArray(col('cardId'))}::bigint[],
        ${numberArray(col('customerId'))}::bigint[], ${numberArray(col('totalCents'))}::bigint[], ${numberArray(col('lineCount'))}::int[],
        ${numberArray(col('receiptDiscountCents'))}::bigint[], ${textArray(col('contentHash'))}::text[]) with ordinality
        as u (terminal_id, business_day, receipt_no, occurred_at, currency, card_raw, card_entry,
          card_status, card_id, customer_id, total_cents, line_count, receipt_discount_cents, content_hash, ord)
    ), ins as (
      insert into receipts (store_id, terminal_id, business_day, receipt_no, occurred_at, currency,
        card_raw, card_entry, card_status, card_id, customer_id, total_cents, line_count,
        receipt_discount_cents, content_hash, source)
      select ${storeId}, u.terminal_id, u.business_day, u.receipt_no, u.occurred_at, u.currency,
        u.card_raw, u.card_entry, u.card_status, u.card_id, u.customer_id, u.total_cents, u.line_count,
        u.receipt_discount_cents, decode(u.content_hash, 'hex'), ${source}
      from u
      order by u.terminal_id, u.business_day, u.receipt_no
      on conflict (store_id, terminal_id, business_day, receipt_no) do nothing
      returning receipt_id, terminal_id, business_day, receipt_no
    ), stored as (
      select u.ord::int as ord, ins.receipt_id from ins join u using (terminal_id, business_day, receipt_no)
    ), ${lineCtes(sql, storeId, lines)}
    , tenders as (
      insert into receipt_tenders (store_id, receipt_id, seq, tender_type, amount_cents)
      select ${storeId}, s.receipt_id, t.seq, t.tender_type, t.amount_cents
      from unnest(${numberArray(tenders.map((t) => t.receiptIndex + 1))}::int[], ${numberArray(tenders.map((t) => t.seq))}::int2[],
        ${textArray(tenders.map((t) => t.type))}::text[], ${numberArray(tenders.map((t) => t.amountCents))}::bigint[]) as t (ord, seq, tender_type, amount_cents)
      join stored s using (ord)
    ), discounts as (
      insert into receipt_discounts (store_id, receipt_id, seq, coupon_code, promotion_id, amount_cents)
      select ${storeId}, s.receipt_id, d.seq, d.coupon_code, d.promotion_id, d.amount_cents
      from unnest(${numberArray(discounts.map((d) => d.receiptIndex + 1))}::int[], ${numberArray(discounts.map((d) => d.seq))}::int2[],
        ${textArray(discounts.map((d) => d.couponCode))}::text[], ${textArray(discounts.map((d) => d.promotionId))}::text[],
        ${numberArray(discounts.map((d) => d.amountCents))}::bigint[]) as d (ord, seq, coupon_code, promotion_id, amount_cents)
      join stored s using (ord)
    )
    select ord, receipt_id from stored`

  const stored = new Map(inserted.map((r) => [r.ord - 1, r.receiptId]))
  const missing = receipts.filter((_, i) => !stored.has(i))
  const existing = new Map<string, { receiptId: number; contentHash: string }>()
  if (missing.length > 0) {
    // A statement of its own: a key taken by a transaction that committed while ours
    // waited on it is visible to this statement's snapshot, not to the insert's.
    const rows = await sql<{ key: string; receiptId: number; contentHash: string }[]>`
      select r.terminal_id || chr(31) || r.business_day::text || chr(31) || r.receipt_no as key,
        r.receipt_id, encode(r.content_hash, 'hex') as content_hash
      from unnest(${textArray(missing.map((r) => r.terminalId))}::text[], ${textArray(missing.map((r) => r.businessDay))}::date[],
        ${textArray(missing.map((r) => r.receiptNo))}::text[]) as u (terminal_id, business_day, receipt_no)
      join receipts r on r.store_id = ${storeId} and r.terminal_id = u.terminal_id
        and r.business_day = u.business_day and r.receipt_no = u.receipt_no`
    for (const row of rows) existing.set(row.key, { receiptId: row.receiptId, contentHash: row.contentHash })
  }
  return { stored, existing }
}

/**
 * The lines part of storeReceipts' statement, as common table expressions: the
 * lines of the receipts in `stored` (ordinal → receipt_id, from the receipts
 * insert `ins`) with their SKUs mapped to products, and the SKUs the catalog
 * does not know yet counted in unmapped_skus.
 */
function lineCtes(sql: Sql, storeId: number, lines: LineRow[]) {
  const col = <T>(f: (l: LineRow) => T) => lines.map(f)
  // Column arrays travel as array literals written by api/db/array-literal.ts (cheaper than
  // postgres.js's generic array serialiser, and exact for booleans).
  // A return names its sale by natural key: on file before this statement, or stored
  // by it (in ins: the statement's own snapshot does not show those in receipts). The
  // lookups sit in a CASE so that they run for return lines only; as joins, a generic
  // plan (which guesses 10 rows per array) scanned ins once per line.
  // Unknown SKUs are counted in SKU order, so concurrent batches lock unmapped_skus
  // rows in the same order and cannot deadlock.
  return sql`l as (
      select * from unnest(${numberArray(col((l) => l.receiptIndex + 1))}::int[], ${textArray(col((l) => l.businessDay))}::date[],
        ${numberArray(col((l) => l.lineNo))}::int2[], ${textArray(col((l) => l.kind))}::text[], ${textArray(col((l) => l.sku))}::text[],
        ${textArray(col((l) => l.gtin))}::text[], ${numberArray(col((l) => l.quantity))}::numeric[], ${numberArray(col((l) => l.unitPriceCents))}::bigint[],
        ${numberArray(col((l) => l.discountCents))}::bigint[], ${numberArray(col((l) => l.netAmountCents))}::bigint[],
        ${textArray(col((l) => l.couponCode))}::text[], ${boolArray(col((l) => l.voided))}::bool[],
        ${textArray(col((l) => l.returnOf?.terminalId ?? null))}::text[], ${textArray(col((l) => l.returnOf?.businessDay ?? null))}::date[],
        ${textArray(col((l) => l.returnOf?.receiptNo ?? null))}::text[], ${numberArray(col((l) => l.returnOf?.lineNo ?? null))}::int2[])
      as u (ord, business_day, line_no, kind, sku, gtin, quantity, unit_price_cents, discount_cents,
        net_amount_cents, coupon_code, voided, rt, rbd, rno, rln)
    ), line_ins as (
      insert into receipt_lines (store_id, business_day, receipt_id, line_no, kind, sku, product_id, gtin,
        quantity, unit_price_cents, discount_cents, net_amount_cents, coupon_code, voided,
        return_of_terminal_id, return_of_business_day, return_of_receipt_no, return_of_line_no, return_of_receipt_id)
      select ${storeId}, l.business_day, s.receipt_id, l.line_no, l.kind, l.sku, p.product_id, l.gtin,
        l.quantity, l.unit_price_cents, l.discount_cents, l.net_amount_cents, l.coupon_code, l.voided,
        l.rt, l.rbd, l.rno, l.rln,
        case when l.rno is not null then coalesce(
          (select o.receipt_id from receipts o
            where o.store_id = ${storeId} and o.terminal_id = l.rt and o.business_day = l.rbd and o.receipt_no = l.rno),
          (select n.receipt_id from ins n where n.terminal_id = l.rt and n.business_day = l.rbd and n.receipt_no = l.rno)) end
      from l
      join stored s using (ord)
      left join products p on p.sku = l.sku
      returning sku, product_id, business_day
    ), unmapped as (
      insert into unmapped_skus (store_id, sku, first_business_day, last_business_day, line_count)
      select ${storeId}, sku, min(business_day), max(business_day), count(*)
      from line_ins where product_id is null
      group by sku order by sku
      on conflict (store_id, sku) do update set
        last_seen_at = now(),
        line_count = unmapped_skus.line_count + excluded.line_count,
        first_business_day = least(unmapped_skus.first_business_day, excluded.first_business_day),
        last_business_day = greatest(unmapped_skus.last_business_day, excluded.last_business_day)
    )`
}
