import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReceiptInput, ReceiptOutcome } from '../../api/contract/receipt.js'
import { startTestApi, type TestApi } from '../helpers/test-api.js'
import { TEST_NOW, countSalesRows, receipt, salesResultOf } from '../helpers/sales-fixtures.js'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ now: () => TEST_NOW })
})
afterAll(() => api.close())

const post = (receipts: unknown[], store = 'S001') => api.request('POST', `/v1/stores/${store}/sales`, { receipts })
const outcomesOf = async (res: Response) => {
  expect(res.status).toBe(200)
  return (await salesResultOf(res)).results
}

/** What is on file for a receipt number: header, lines, tenders, as plain rows. */
async function storedReceipt(receiptNo: string) {
  const headers = await api.sql`
    select receipt_id::text as receipt_id, total_cents, occurred_at::text as occurred_at, encode(content_hash, 'hex') as content_hash
    from receipts where receipt_no = ${receiptNo}`
  const lines = await api.sql`
    select l.line_no, l.sku, l.quantity, l.unit_price_cents, l.net_amount_cents
    from receipt_lines l join receipts r using (store_id, receipt_id) where r.receipt_no = ${receiptNo} order by l.line_no`
  const tenders = await api.sql`
    select t.seq, t.tender_type, t.amount_cents
    from receipt_tenders t join receipts r using (store_id, receipt_id) where r.receipt_no = ${receiptNo} order by t.seq`
  return { headers: headers.map((r) => ({ ...r })), lines: lines.map((r) => ({ ...r })), tenders: tenders.map((r) => ({ ...r })) }
}

const conflictReason = (r: ReceiptInput) =>
  `receipt ${r.receiptNo} of terminal ${r.terminalId} on ${r.businessDay} is already stored with different content; the stored one is kept`

describe('idempotent sales posts', () => {
  it('answers duplicate to a receipt posted again, with the same receiptId, and keeps one copy', async () => {
    const r = receipt({ receiptNo: 'SEQ-1' })
    const [first] = await outcomesOf(await post([r]))
    expect(first).toEqual({ index: 0, status: 'stored', receiptId: expect.stringMatching(/^[0-9]+$/), warnings: [] })
    const id = (first as { receiptId: string }).receiptId
    const before = await countSalesRows(api.sql)

    expect(await outcomesOf(await post([r]))).toEqual([{ index: 0, status: 'duplicate', receiptId: id }])
    expect(await outcomesOf(await post([r]))).toEqual([{ index: 0, status: 'duplicate', receiptId: id }])

    expect(await countSalesRows(api.sql)).toEqual(before)
    const stored = await storedReceipt('SEQ-1')
    expect(stored.headers).toEqual([{ receiptId: id, totalCents: 666, occurredAt: expect.any(String), contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) }])
    expect(stored.lines).toEqual([
      { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 249, netAmountCents: 498 },
      { lineNo: 2, sku: 'SKU-2', quantity: 0.842, unitPriceCents: 199, netAmountCents: 168 },
    ])
    expect(stored.tenders).toEqual([{ seq: 1, tenderType: 'card', amountCents: 666 }])
  })

  it('treats the same sale with fields reordered and defaults written out as a duplicate', async () => {
    const r = receipt({ receiptNo: 'SEQ-ORDER' })
    const [first] = await outcomesOf(await post([r]))
    const id = (first as { receiptId: string }).receiptId
    // Same content as the till might re-send it: other key order, defaults explicit.
    const again = {
      totalCents: 666,
      tenders: [{ amountCents: 666, type: 'card' }],
      discounts: [],
      lines: r.lines.map((l) => ({ netAmountCents: l.netAmountCents, voided: false, discountCents: 0, unitPriceCents: l.unitPriceCents, quantity: l.quantity, sku: l.sku, kind: 'sale', lineNo: l.lineNo })),
      occurredAt: r.occurredAt,
      receiptNo: r.receiptNo,
      businessDay: r.businessDay,
      terminalId: r.terminalId,
    }
    expect(await outcomesOf(await post([again]))).toEqual([{ index: 0, status: 'duplicate', receiptId: id }])
    expect((await storedReceipt('SEQ-ORDER')).headers).toHaveLength(1)
  })

  it('answers conflict to the same key with other content, and keeps the stored receipt unchanged', async () => {
    const original = receipt({ receiptNo: 'CONF-1' })
    const [first] = await outcomesOf(await post([original]))
    const id = (first as { receiptId: string }).receiptId
    const before = await storedReceipt('CONF-1')
    const counts = await countSalesRows(api.sql)

    const changed = receipt({
      receiptNo: 'CONF-1',
      lines: [{ lineNo: 1, sku: 'SKU-9', quantity: 1, unitPriceCents: 999, netAmountCents: 999 }],
      tenders: [{ type: 'cash', amountCents: 999 }],
      totalCents: 999,
    })
    expect(await outcomesOf(await post([changed]))).toEqual([{ index: 0, status: 'conflict', receiptId: id, reason: conflictReason(changed) }])
    // A change as small as the time of sale is a conflict too.
    const retimed = receipt({ receiptNo: 'CONF-1', occurredAt: '2026-11-20T10:15:01+01:00' })
    expect(await outcomesOf(await post([retimed]))).toEqual([{ index: 0, status: 'conflict', receiptId: id, reason: conflictReason(retimed) }])
    // And the original is still a duplicate of itself.
    expect(await outcomesOf(await post([original]))).toEqual([{ index: 0, status: 'duplicate', receiptId: id }])

    expect(await storedReceipt('CONF-1')).toEqual(before)
    expect(before.lines).toHaveLength(2)
    expect(await countSalesRows(api.sql)).toEqual(counts)
  })

  it('stores a receipt given twice in one batch once: stored then duplicate; a changed repeat is a conflict', async () => {
    const r = receipt({ receiptNo: 'BATCH-1' })
    const changed = receipt({ receiptNo: 'BATCH-1', totalCents: 498, lines: [r.lines[0]!], tenders: [] })
    const other = receipt({ receiptNo: 'BATCH-2' })
    const before = await countSalesRows(api.sql)
    const res = await post([r, other, r, changed])
    const body = await salesResultOf(res)
    const id = (body.results[0] as { receiptId: string }).receiptId
    expect(body).toEqual({
      storeCode: 'S001',
      counts: { stored: 2, duplicate: 1, conflict: 1, rejected: 0 },
      results: [
        { index: 0, status: 'stored', receiptId: id, warnings: [] },
        { index: 1, status: 'stored', receiptId: expect.not.stringMatching(`^${id}$`), warnings: [] },
        { index: 2, status: 'duplicate', receiptId: id },
        { index: 3, status: 'conflict', receiptId: id, reason: conflictReason(changed) },
      ],
    })
    const after = await countSalesRows(api.sql)
    expect([after.receipts - before.receipts, after.receipt_lines - before.receipt_lines, after.receipt_tenders - before.receipt_tenders]).toEqual([2, 4, 2])
    expect((await storedReceipt('BATCH-1')).lines).toHaveLength(2)
  })

  it('stores racing posts of the same receipt exactly once (20 at a time)', async () => {
    // On PostgreSQL (DATABASE_URL) the pool has 10 connections and these really race;
    // on the embedded engine the one connection serialises them. The outcome must be the same.
    const r = receipt({
      receiptNo: 'RACE-1',
      businessDay: '2026-10-15', // a month no other test uses: the partition is created under the race too
      occurredAt: '2026-10-15T09:00:00+02:00',
      lines: [
        { lineNo: 1, sku: 'RACE-SKU-A', quantity: 2, unitPriceCents: 249, netAmountCents: 498 },
        { lineNo: 2, sku: 'RACE-SKU-B', quantity: 0.842, unitPriceCents: 199, netAmountCents: 168 },
      ],
    })
    const before = await countSalesRows(api.sql)
    const responses = await Promise.all(Array.from({ length: 20 }, () => post([r])))
    const outcomes = (await Promise.all(responses.map(outcomesOf))).map((o) => o[0]!)
    const stored = outcomes.filter((o) => o.status === 'stored')
    const duplicates = outcomes.filter((o) => o.status === 'duplicate')
    expect([stored.length, duplicates.length]).toEqual([1, 19])
    const id = (stored[0] as { receiptId: string }).receiptId
    expect(new Set(outcomes.map((o) => (o as { receiptId: string }).receiptId))).toEqual(new Set([id]))

    const after = await countSalesRows(api.sql)
    expect(after).toEqual({ ...before, receipts: before.receipts + 1, receipt_lines: before.receipt_lines + 2, receipt_tenders: before.receipt_tenders + 1, unmapped_skus: before.unmapped_skus + 2 })
    expect((await storedReceipt('RACE-1')).lines).toEqual([
      { lineNo: 1, sku: 'RACE-SKU-A', quantity: 2, unitPriceCents: 249, netAmountCents: 498 },
      { lineNo: 2, sku: 'RACE-SKU-B', quantity: 0.842, unitPriceCents: 199, netAmountCents: 168 },
    ])
    // The unmapped-SKU tally counts the lines stored, not the posts that tried.
    const unmapped = await api.sql`select sku, line_count from unmapped_skus where sku like 'RACE-SKU-%' order by sku`
    expect(unmapped).toEqual([
      { sku: 'RACE-SKU-A', lineCount: 1 },
      { sku: 'RACE-SKU-B', lineCount: 1 },
    ])
  })

  it('keeps exactly one of racing posts that reuse a key with different content', async () => {
    const variants = Array.from({ length: 10 }, (_, i) => receipt({ receiptNo: 'RACE-2', occurredAt: `2026-11-20T10:15:0${i}+01:00` }))
    const outcomes = (await Promise.all((await Promise.all(variants.map((v) => post([v])))).map(outcomesOf))).map((o) => o[0]!)
    const winner = outcomes.findIndex((o) => o.status === 'stored')
    expect(winner).toBeGreaterThanOrEqual(0)
    const id = (outcomes[winner] as { receiptId: string }).receiptId
    const expected: ReceiptOutcome[] = variants.map((v, i) =>
      i === winner ? { index: 0, status: 'stored', receiptId: id, warnings: [] } : { index: 0, status: 'conflict', receiptId: id, reason: conflictReason(v) },
    )
    expect(outcomes).toEqual(expected)
    // What is on file is the winner's content.
    const rows = await api.sql`select extract(epoch from occurred_at)::float8 as epoch from receipts where receipt_no = 'RACE-2'`
    expect(rows).toEqual([{ epoch: Date.parse(variants[winner]!.occurredAt) / 1000 }])
  })

  it('stores racing posts of different receipts in a new month all, each once', async () => {
    // Twenty posts that each create (or find) the 2026-09 partition of receipt_lines at once.
    const receipts = Array.from({ length: 20 }, (_, i) => receipt({ receiptNo: `SEPT-${i}`, businessDay: '2026-09-30', occurredAt: '2026-09-30T18:00:00+02:00' }))
    const before = await countSalesRows(api.sql)
    const outcomes = (await Promise.all((await Promise.all(receipts.map((r) => post([r])))).map(outcomesOf))).map((o) => o[0]!.status)
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => 'stored'))
    const after = await countSalesRows(api.sql)
    expect([after.receipts - before.receipts, after.receipt_lines - before.receipt_lines]).toEqual([20, 40])
    const partitions = await api.sql`select count(*)::int as n from receipt_lines_2026_09`
    expect(partitions).toEqual([{ n: 40 }])
  })
})
