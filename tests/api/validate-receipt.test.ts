import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReceiptInput } from '../../api/contract/receipt.js'
import { startTestApi, type TestApi } from '../helpers/test-api.js'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ now: () => new Date('2026-11-24T12:00:00Z') })
})
afterAll(() => api.close())

const receipt: ReceiptInput = {
  terminalId: 'LANE-1',
  businessDay: '2026-11-20',
  receiptNo: 'V-1',
  occurredAt: '2026-11-20T10:15:00+01:00',
  card: { number: '2990001234564', entry: 'keyed' },
  lines: [{ lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 249, netAmountCents: 498 }],
  totalCents: 498,
}
const validate = (body: unknown, key?: string) => api.request('POST', '/v1/stores/S001/sales/validate', body, key ? { key } : {})
const stored = async () => (await api.sql<{ n: number }[]>`select count(*)::int as n from receipts`)[0]!.n

describe('POST /v1/stores/{storeCode}/sales/validate', () => {
  it('answers valid with the warnings a post would carry, and stores nothing', async () => {
    const res = await validate({ receipt }, await api.terminalKey('S001'))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ valid: true, warnings: ['card number fails its check digit: the sale would be stored as anonymous'] })
    expect(await stored()).toBe(0)
  })

  it('names every problem under #/receipt, schema and arithmetic alike', async () => {
    const schema = await validate({ receipt: { ...receipt, lines: [{ ...receipt.lines[0], quantity: -1 }] } })
    expect(schema.status).toBe(400)
    expect(schema.headers.get('content-type')).toBe('application/problem+json')
    expect(((await schema.json()) as { errors: unknown[] }).errors).toEqual([{ pointer: '#/receipt/lines/0/quantity', detail: 'must be greater than 0' }])
    const sums = await validate({ receipt: { ...receipt, totalCents: 500 } })
    expect(await sums.json()).toMatchObject({ status: 400, detail: 'The receipt would be rejected', errors: [{ pointer: '#/receipt/totalCents', detail: 'is 500 but the lines add up to 498 (lines 498): a difference of 2' }] })
    expect(await stored()).toBe(0)
  })

  it("refuses another store's terminal key", async () => {
    const res = await validate({ receipt }, await api.terminalKey('S002'))
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ type: '/problems/forbidden', errors: [{ parameter: 'storeCode' }] })
  })

  it('puts the Receipt schema in the OpenAPI document through this route', async () => {
    const doc = (await (await api.request('GET', '/openapi.json', undefined, { key: null })).json()) as { components: { schemas: Record<string, unknown> }; paths: Record<string, unknown> }
    expect(doc.paths['/v1/stores/{storeCode}/sales/validate']).toBeDefined()
    expect(doc.components.schemas.Receipt).toMatchObject({ type: 'object', additionalProperties: false })
  })
})
