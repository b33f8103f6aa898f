import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SalesResult } from '../../api/contract/receipt.js'
import { INGEST_CHUNK_RECEIPTS } from '../../api/sales/ingest-sales.js'
import { expectProblem, startTestApi, type TestApi } from '../helpers/test-api.js'
import { TEST_NOW, countSalesRows, receipt } from '../helpers/sales-fixtures.js'

// A batch larger than a chunk is checked and stored chunk by chunk (api/sales/ingest-sales.ts):
// these tests hold it to what one statement per batch used to give.

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ now: () => TEST_NOW })
})
afterAll(() => api.close())

const post = (receipts: unknown[]) => api.request('POST', '/v1/stores/S001/sales', { receipts })
const batchOf = (tag: string, n: number) => Array.from({ length: n }, (_, i) => receipt({ receiptNo: `${tag}-${i}` }))
/** A receipt returning line 1 of the sale `of` (a receipt of the fixture, on LANE-1 on 2026-11-20). */
const returning = (receiptNo: string, of: string) =>
  receipt({
    receiptNo,
    lines: [{ lineNo: 1, kind: 'return', sku: 'SKU-1', quantity: 1, unitPriceCents: 249, netAmountCents: -249, returnOf: { terminalId: 'LANE-1', businessDay: '2026-11-20', receiptNo: of, lineNo: 1 } }],
    tenders: [{ type: 'cash', amountCents: -249 }],
    totalCents: -249,
  })
const returnedReceiptId = async (receiptNo: string) =>
  (
    await api.sql<{ id: string | null }[]>`
      select l.return_of_receipt_id::text as id from receipt_lines l join receipts r using (store_id, receipt_id) where r.receipt_no = ${receiptNo}`
  )[0]!.id
/** Runs `body` with a before-insert trigger on receipts whose PL/pgSQL is `statement`, and drops it after. */
async function withTrigger<T>(statement: string, body: () => Promise<T>): Promise<T> {
  await api.sql.unsafe(`
    create function test_receipt_trigger() returns trigger language plpgsql as $$
    begin ${statement} return new; end $$;
    create trigger test_receipt_trigger before insert on receipts for each row execute function test_receipt_trigger();`)
  try {
    return await body()
  } finally {
    await api.sql.unsafe('drop trigger test_receipt_trigger on receipts; drop function test_receipt_trigger()')
  }
}
const idOf = (r: SalesResult['results'][number]) => ('receiptId' in r ? r.receiptId : undefined)

describe('a batch of 1,000 receipts, stored in chunks', () => {
  it('spans several chunks', () => {
    expect(1000 / INGEST_CHUNK_RECEIPTS).toBeGreaterThanOrEqual(3)
  })

  it('links a return to a sale in an earlier chunk of the same batch, and settles repeats across chunks', async () => {
    const batch: unknown[] = batchOf('BIG', 1000)
    // In the second chunk, which would otherwise be stored beside the first: a return of the first chunk's last sale...
    const returnAt = INGEST_CHUNK_RECEIPTS + 5
    batch[returnAt] = returning(`BIG-${returnAt}`, `BIG-${INGEST_CHUNK_RECEIPTS - 1}`)
    // ...the key of receipt 3 with other content, an exact repeat of receipt 500, and a bad receipt.
    batch[950] = receipt({ receiptNo: 'BIG-3', occurredAt: '2026-11-20T11:00:00+01:00' })
    batch[999] = batch[500]
    batch[600] = { ...receipt({ receiptNo: 'BIG-600' }), totalCents: 1 }
    const before = await countSalesRows(api.sql)

    // The first chunk is slow to store, so the second would overtake it if it did not wait.
    const res = await withTrigger(`if new.receipt_no = 'BIG-0' then perform pg_sleep(0.3); end if;`, () => post(batch))
    expect(res.status).toBe(200)
    const body = (await res.json()) as SalesResult
    expect(body.counts).toEqual({ stored: 997, duplicate: 1, conflict: 1, rejected: 1 })
    expect(body.results.map((r) => r.index)).toEqual(batch.map((_, i) => i))
    expect(body.results[950]).toMatchObject({ status: 'conflict', receiptId: idOf(body.results[3]!) })
    expect(body.results[999]).toMatchObject({ status: 'duplicate', receiptId: idOf(body.results[500]!) })
    expect(body.results[600]).toMatchObject({ status: 'rejected', errors: expect.arrayContaining([expect.objectContaining({ pointer: '#/receipts/600/totalCents' })]) })

    expect(await returnedReceiptId(`BIG-${returnAt}`)).toBe(idOf(body.results[INGEST_CHUNK_RECEIPTS - 1]!))
    const after = await countSalesRows(api.sql)
    expect(after.receipts - before.receipts).toBe(997)
    expect(after.receipt_lines - before.receipt_lines).toBe(996 * 2 + 1)
  })

  it('keeps the chunks stored before a database failure whole, starts none after it, and a retry completes the batch', async () => {
    // The database refuses one receipt of the third chunk (the trigger stands for a failing disk or a lost connection).
    const failing = 2 * INGEST_CHUNK_RECEIPTS + 50
    const batch = batchOf('FAIL', 1000)
    const before = await countSalesRows(api.sql)
    await withTrigger(`if new.receipt_no = 'FAIL-${failing}' then raise exception 'refused for the test'; end if;`, async () => {
      await expectProblem(await post(batch), 500)
      const stored = await api.sql<{ receiptNo: string; lines: number }[]>`
        select r.receipt_no, (select count(*)::int from receipt_lines l where l.store_id = r.store_id and l.receipt_id = r.receipt_id) as lines
        from receipts r where r.receipt_no like 'FAIL-%'`
      // Chunks 1 and 2 were stored; the third failed; the fourth ran beside it and may have been
      // stored, whole; the fifth waits for the third, so it never started.
      const numbers = new Set(stored.map((r) => Number(r.receiptNo.slice('FAIL-'.length))))
      const chunkOf = (i: number) => Math.floor(i / INGEST_CHUNK_RECEIPTS)
      const storedPerChunk = [0, 1, 2, 3, 4].map((c) => batch.filter((_, i) => chunkOf(i) === c && numbers.has(i)).length)
      expect(storedPerChunk.slice(0, 3)).toEqual([INGEST_CHUNK_RECEIPTS, INGEST_CHUNK_RECEIPTS, 0])
      expect([0, INGEST_CHUNK_RECEIPTS]).toContain(storedPerChunk[3])
      expect(storedPerChunk[4]).toBe(0)
      expect(stored.every((r) => r.lines === 2)).toBe(true)
    })

    const storedBefore = (await api.sql<{ n: number }[]>`select count(*)::int as n from receipts where receipt_no like 'FAIL-%'`)[0]!.n
    const retry = await post(batch)
    expect(retry.status).toBe(200)
    const body = (await retry.json()) as SalesResult
    expect(storedBefore).toBeGreaterThan(0)
    expect(body.counts).toEqual({ stored: 1000 - storedBefore, duplicate: storedBefore, conflict: 0, rejected: 0 })
    const after = await countSalesRows(api.sql)
    expect(after.receipts - before.receipts).toBe(1000)
    expect(after.receipt_lines - before.receipt_lines).toBe(2000)
  })

  it('links a return that comes before its sale in the batch, however far apart they are', async () => {
    const batch: unknown[] = batchOf('FWD', 1000)
    batch[10] = returning('FWD-10', 'FWD-990')
    const res = await post(batch)
    expect(res.status).toBe(200)
    const body = (await res.json()) as SalesResult
    expect(body.counts).toEqual({ stored: 1000, duplicate: 0, conflict: 0, rejected: 0 })
    expect(await returnedReceiptId('FWD-10')).toBe(idOf(body.results[990]!))
  })
})
