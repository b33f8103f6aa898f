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
