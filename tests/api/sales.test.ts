import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReceiptInput, SalesResult } from '../../api/contract/receipt.js'
import { startTestApi, type TestApi } from '../helpers/test-api.js'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ now: () => new Date('2026-11-24T12:00:00Z') })
})
afterAll(() => api.close())

const receipt = (over: Partial<ReceiptInput> = {}): ReceiptInput => ({
  terminalId: 'LANE-1',
  businessDay: '2026-11-20',
  receiptNo: '1001',
  occurredAt: '2026-11-20T10:15:00+01:00',
  lines: [
    { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 249, netAmountCents: 498 },
    { lineNo: 2, sku: 'SKU-2', quantity: 0.842, unitPriceCents: 199, netAmountCents: 168 },
  ],
  totalCents: 666,
  ...over,
})

const post = (receipts: unknown[], store = 'S001', key?: string | null) => api.request('POST', `/v1/stores/${store}/sales`, { receipts }, { key })
const count = async (table: 'receipts' | 'receipt_lines') =>
  (await api.sql<{ n: number }[]>`select count(*)::int as n from ${api.sql(table)}`)[0]!.n

describe('POST /v1/stores/{storeCode}/sales', () => {
  it('stores a receipt with its lines, and answers duplicate without storing again', async () => {
    const r = receipt({ receiptNo: 'dup-1' })
    const first = await post([r])
    expect(first.status).toBe(200)
    const body = (await first.json()) as SalesResult
    expect(body).toMatchObject({ counts: { stored: 1, duplicate: 0, conflict: 0, rejected: 0 }, results: [{ index: 0, status: 'stored' }] })
    const again = await post([r])
    expect(await again.json()).toMatchObject({ results: [{ status: 'duplicate', receiptId: (body.results[0] as { receiptId: string }).receiptId }] })
    const rows = await api.sql`select count(*)::int as n from receipts where receipt_no = 'dup-1'`
    expect(rows[0]!.n).toBe(1)
    const lines = await api.sql`select line_no, quantity, net_amount_cents from receipt_lines l join receipts r using (store_id, receipt_id) where r.receipt_no = 'dup-1' order by line_no`
    expect(lines.map((l) => ({ ...l }))).toEqual([
      { lineNo: 1, quantity: 2, netAmountCents: 498 },
      { lineNo: 2, quantity: 0.842, netAmountCents: 168 },
    ])
  })
})

describe('returns', () => {
  const original = receipt({ receiptNo: 'ORIG-1', businessDay: '2026-11-10', occurredAt: '2026-11-10T17:40:00+01:00' })
  const returnOf = { terminalId: 'LANE-1', businessDay: '2026-11-10', receiptNo: 'ORIG-1', lineNo: 1 }
  const returning = (receiptNo: string, of: Partial<typeof returnOf>) =>
    receipt({
      receiptNo,
      terminalId: 'LANE-2',
      lines: [{ lineNo: 1, kind: 'return', sku: 'SKU-1', quantity: 1, unitPriceCents: 249, netAmountCents: -249, returnOf: { ...returnOf, ...of } }],
      tenders: [{ type: 'cash', amountCents: -249 }],
      totalCents: -249,
    })
  const returnLines = async (receiptNo: string) =>
    (
      await api.sql`
        select l.kind, l.net_amount_cents, l.return_of_terminal_id, l.return_of_business_day::text as return_of_business_day,
          l.return_of_receipt_no, l.return_of_line_no, l.return_of_receipt_id
        from receipt_lines l join receipts r using (store_id, receipt_id) where r.receipt_no = ${receiptNo}`
    ).map((r) => ({ ...r }))
  const storedId = async (res: Response) => {
    const body = (await res.json()) as SalesResult
    expect(body.results).toEqual([{ index: 0, status: 'stored', receiptId: expect.stringMatching(/^[0-9]+$/), warnings: [] }])
    return Number((body.results[0] as { receiptId: string }).receiptId)
  }

  it('fills return_of_receipt_id when the original sale is on file', async () => {
    const originalId = await storedId(await post([original]))
    await storedId(await post([returning('RET-1', {})]))
    expect(await returnLines('RET-1')).toEqual([
      {
        kind: 'return',
        netAmountCents: -249,
        returnOfTerminalId: 'LANE-1',
        returnOfBusinessDay: '2026-11-10',
        returnOfReceiptNo: 'ORIG-1',
        returnOfLineNo: 1,
        returnOfReceiptId: originalId,
      },
    ])
  })

  it('keeps the natural key of an original not on file, with return_of_receipt_id null', async () => {
    await storedId(await post([returning('RET-2', { receiptNo: 'NEVER-POSTED', lineNo: undefined })]))
    expect(await returnLines('RET-2')).toEqual([
      {
        kind: 'return',
        netAmountCents: -249,
        returnOfTerminalId: 'LANE-1',
        returnOfBusinessDay: '2026-11-10',
        returnOfReceiptNo: 'NEVER-POSTED',
        returnOfLineNo: null,
        returnOfReceiptId: null,
      },
    ])
  })

  it("does not link a return to another store's receipt with the same natural key", async () => {
    await storedId(await post([receipt({ receiptNo: 'ORIG-S2', businessDay: '2026-11-10' })], 'S002'))
    await storedId(await post([returning('RET-3', { receiptNo: 'ORIG-S2' })]))
    expect((await returnLines('RET-3')).map((r) => r.returnOfReceiptId)).toEqual([null])
  })
})

describe('line flags', () => {
  it('stores a voided line as voided, and leaves it out of nothing but the total', async () => {
    const r = receipt({
      receiptNo: 'void-1',
      lines: [
        { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 249, netAmountCents: 498 },
        { lineNo: 2, sku: 'SKU-2', quantity: 1, unitPriceCents: 119, netAmountCents: 119, voided: true },
      ],
      totalCents: 498,
    })
    expect(await (await post([r])).json()).toMatchObject({ counts: { stored: 1 } })
    const lines = await api.sql`select line_no, voided from receipt_lines l join receipts r using (store_id, receipt_id) where r.receipt_no = 'void-1' order by line_no`
    expect(lines.map((l) => ({ ...l }))).toEqual([{ lineNo: 1, voided: false }, { lineNo: 2, voided: true }])
  })
})
