import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app.js'
import { revokeApiKey } from '../../api/auth/auth.repo.js'
import { loadConfig } from '../../api/config.js'
import { TITLE, type ErrorCode, type FieldError } from '../../api/errors/app-error.js'
import { startTestApi, type TestApi } from '../helpers/test-api.js'
import { TEST_NOW, countSalesRows, problemOf, receipt, salesResultOf } from '../helpers/sales-fixtures.js'

// Small enough that an oversized body is cheap to build, large enough for 1,001 receipts.
const BODY_LIMIT_BYTES = 512 * 1024

let api: TestApi
const keys: Record<'admin' | 'revoked' | 'ownTerminal' | 'otherStoreTerminal', string> = { admin: '', revoked: '', ownTerminal: '', otherStoreTerminal: '' }

beforeAll(async () => {
  api = await startTestApi({ now: () => TEST_NOW, bodyLimitBytes: BODY_LIMIT_BYTES })
  keys.admin = api.adminKey
  keys.ownTerminal = await api.terminalKey('S001')
  keys.otherStoreTerminal = await api.terminalKey('S002')
  keys.revoked = await api.terminalKey('S001')
  expect(await revokeApiKey(api.sql, keys.revoked.slice(0, 12))).toBe(true)
})
afterAll(() => api.close())

type Auth = keyof typeof keys | 'none' | { header: string; value: string }

/** Posts a raw body with exactly the headers given: the corpus needs full control of them. */
function postRaw(o: { body: string; store?: string; contentType?: string | null; auth?: Auth; headers?: Record<string, string> }): Promise<Response> {
  const headers: Record<string, string> = { ...o.headers }
  const auth = o.auth ?? 'admin'
  if (typeof auth === 'object') headers[auth.header] = auth.value
  else if (auth !== 'none') headers.authorization = `Bearer ${keys[auth]}`
  const contentType = o.contentType === undefined ? 'application/json' : o.contentType
  if (contentType !== null) headers['content-type'] = contentType
  return Promise.resolve(api.app.request(`/v1/stores/${o.store ?? 'S001'}/sales`, { method: 'POST', headers, body: o.body }))
}

const batch = (...receipts: unknown[]) => JSON.stringify({ receipts })
const good = () => receipt({ receiptNo: 'CORPUS-GOOD' })

// ------------------------------------------------------------------ whole-request errors (4xx)

type RequestCase = {
  name: string
  body: string
  store?: string
  contentType?: string | null
  auth?: Auth
  status: number
  code: ErrorCode
  detail: string
  errors: FieldError[]
}

const malformed = (name: string, body: string): RequestCase => ({
  name: `malformed JSON: ${name}`,
  body,
  status: 400,
  code: 'invalid_request',
  detail: 'Malformed JSON in request body',
  errors: [{ pointer: '#', detail: 'Malformed JSON in request body' }],
})
const notAnObject = (name: string, body: string, received: string): RequestCase => ({
  name: `body not an object: ${name}`,
  body,
  status: 400,
  code: 'invalid_request',
  detail: 'Request body failed validation',
  errors: [{ pointer: '#', detail: `Invalid input: expected object, received ${received}` }],
})
const mediaType = (contentType: string | null): RequestCase => ({
  name: `content type ${contentType ?? '(none)'}`,
  body: batch(good()),
  contentType,
  status: 415,
  code: 'unsupported_media_type',
  detail: 'Unsupported Media Type',
  errors: [{ parameter: 'Content-Type', detail: 'not a media type this endpoint accepts' }],
})
const envelope = (name: string, body: string, errors: FieldError[]): RequestCase => ({
  name: `batch envelope: ${name}`,
  body,
  status: 400,
  code: 'invalid_request',
  detail: 'Request body failed validation',
  errors,
})
const badStoreCode = (name: string, store: string): RequestCase => ({
  name: `store code ${name}`,
  body: batch(good()),
  store,
  status: 400,
  code: 'invalid_request',
  detail: 'Invalid param parameters',
  errors: [{ parameter: 'storeCode', detail: 'letters, digits, - and _, 1 to 32 characters' }],
})
const unauthorized = (name: string, auth: Auth, missing: boolean, body = batch(good())): RequestCase => ({
  name: `401: ${name}`,
  body,
  auth,
  status: 401,
  code: 'unauthorized',
  detail: missing ? 'An API key is required' : 'The API key is not valid or has been revoked',
  errors: [{ parameter: 'Authorization', detail: missing ? 'missing' : 'unknown or revoked key' }],
})

const goodJson = JSON.stringify(good())
const REQUEST_CASES: RequestCase[] = [
  malformed('truncated', '{"receipts": ['),
  malformed('empty body', ''),
  malformed('whitespace only', '  \n '),
  malformed('trailing comma', `{"receipts": [${goodJson},]}`),
  malformed('single quotes', "{'receipts': []}"),
  malformed('unquoted key', `{receipts: [${goodJson}]}`),
  malformed('NaN literal', `{"receipts": [${goodJson.replace('"totalCents":666', '"totalCents":NaN')}]}`),
  malformed('Infinity literal', `{"receipts": [${goodJson.replace('"totalCents":666', '"totalCents":Infinity')}]}`),
  malformed('hexadecimal number', `{"receipts": [${goodJson.replace('"totalCents":666', '"totalCents":0x29a')}]}`),
  malformed('a comment', `{"receipts": [${goodJson}] /* batch 1 */}`),
  malformed('two documents', `${batch(good())}${batch(good())}`),
  malformed('the word undefined', 'undefined'),
  malformed('raw control character in a string', `{"receipts": [${goodJson.replace('"receiptNo":"CORPUS-GOOD"', '"receiptNo":"A\u0001B"')}]}`),
  notAnObject('array', `[${goodJson}]`, 'array'),
  notAnObject('null', 'null', 'null'),
  notAnObject('string', JSON.stringify(batch(good())), 'string'),
  notAnObject('number', '42', 'number'),
  notAnObject('boolean', 'true', 'boolean'),
  mediaType('text/plain'),
  mediaType('application/x-www-form-urlencoded'),
  mediaType('multipart/form-data; boundary=x'),
  mediaType('application/xml'),
  mediaType('text/csv'),
  mediaType(null),
  envelope('receipts missing', '{}', [{ pointer: '#/receipts', detail: 'required' }]),
  envelope('receipts an object', JSON.stringify({ receipts: good() }), [{ pointer: '#/receipts', detail: 'Invalid input: expected array, received object' }]),
  envelope('receipts a string', JSON.stringify({ receipts: goodJson }), [{ pointer: '#/receipts', detail: 'Invalid input: expected array, received string' }]),
  envelope('receipts null', '{"receipts": null}', [{ pointer: '#/receipts', detail: 'Invalid input: expected array, received null' }]),
  envelope('receipts 1e400', '{"receipts": 1e400}', [{ pointer: '#/receipts', detail: 'Invalid input: expected array, received Infinity' }]),
  envelope('0 receipts', batch(), [{ pointer: '#/receipts', detail: 'at least one receipt' }]),
  envelope('1,001 receipts', batch(...Array.from({ length: 1001 }, (_, i) => receipt({ receiptNo: `MANY-${i}` }))), [
    { pointer: '#/receipts', detail: 'at most 1000 receipts per batch' },
  ]),
  envelope('unknown top-level field', JSON.stringify({ receipts: [good()], storeCode: 'S002' }), [{ pointer: '#', detail: 'Unrecognized key: "storeCode"' }]),
  envelope('__proto__ key', `{"receipts": [${goodJson}], "__proto__": {"admin": true}}`, [{ pointer: '#', detail: 'Unrecognized key: "__proto__"' }]),
  {
    name: `body over the ${BODY_LIMIT_BYTES}-byte limit`,
    body: JSON.stringify({ receipts: [{ ...good(), receiptNo: 'x'.repeat(BODY_LIMIT_BYTES) }] }),
    status: 413,
    code: 'payload_too_large',
    detail: `The request body is larger than ${BODY_LIMIT_BYTES} bytes`,
    errors: [{ pointer: '#', detail: 'body too large' }],
  },
  badStoreCode('with a space', 'S%20001'),
  badStoreCode('of 33 characters', 'S'.repeat(33)),
  badStoreCode('with SQL in it', encodeURIComponent("S001' or '1'='1")),
  badStoreCode('starting with a dash', '-S001'),
  {
    name: '404: unknown store',
    body: batch(good()),
    store: 'S999',
    status: 404,
    code: 'not_found',
    detail: 'No store with code S999',
    errors: [{ parameter: 'storeCode', detail: 'unknown store' }],
  },
  unauthorized('no key', 'none', true),
  unauthorized('no key, and a malformed body (auth is checked first)', 'none', true, '{"receipts": ['),
  unauthorized('Basic instead of Bearer', { header: 'authorization', value: 'Basic dXNlcjpwYXNz' }, true),
  unauthorized('Bearer without a key', { header: 'authorization', value: 'Bearer ' }, true),
  unauthorized('malformed key', { header: 'authorization', value: 'Bearer nope' }, false),
  unauthorized('malformed key with SQL', { header: 'authorization', value: "Bearer bwk_'or'1'='1" }, false),
  unauthorized('well-formed unknown key', { header: 'authorization', value: `Bearer bwk_${'A'.repeat(43)}` }, false),
  unauthorized('well-formed unknown key in X-API-Key', { header: 'x-api-key', value: `bwk_${'B'.repeat(43)}` }, false),
  unauthorized('revoked key', 'revoked', false),
  {
    name: "403: another store's terminal key",
    body: batch(good()),
    auth: 'otherStoreTerminal',
    status: 403,
    code: 'forbidden',
    detail: 'This key may only post sales of its own store, not S001',
    errors: [{ parameter: 'storeCode', detail: 'not the store of this key' }],
  },
]

describe('POST /v1/stores/{storeCode}/sales: whole-request errors', () => {
  it.each(REQUEST_CASES)('$name → $status', async (c) => {
    const before = await countSalesRows(api.sql)
    const res = await postRaw(c)
    expect(res.status).toBe(c.status)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const problem = await problemOf(res)
    expect({ ...problem, requestId: undefined }).toEqual({
      type: `/problems/${c.code}`,
      title: TITLE[c.code][0],
      status: c.status,
      detail: c.detail,
      instance: decodeURI(`/v1/stores/${c.store ?? 'S001'}/sales`),
      errors: c.errors,
      requestId: undefined,
    })
    expect(await countSalesRows(api.sql)).toEqual(before)
  })

  it('holds more than 45 distinct cases', () => {
    expect(new Set(REQUEST_CASES.map((c) => c.name)).size).toBe(REQUEST_CASES.length)
    expect(REQUEST_CASES.length).toBeGreaterThanOrEqual(45)
  })

  it('stores the corpus base receipt with the own terminal key, with a key in X-API-Key and with a JSON charset', async () => {
    // The control: the cases above fail for the reason they name, not because the base request is bad.
    const a = await postRaw({ body: batch(receipt({ receiptNo: 'CTRL-1' })), auth: 'ownTerminal' })
    const b = await postRaw({ body: batch(receipt({ receiptNo: 'CTRL-2' })), auth: { header: 'x-api-key', value: keys.admin } })
    const c = await postRaw({ body: batch(receipt({ receiptNo: 'CTRL-3' })), contentType: 'application/json; charset=utf-8' })
    for (const res of [a, b, c]) {
      expect(res.status).toBe(200)
      expect((await salesResultOf(res)).counts).toEqual({ stored: 1, duplicate: 0, conflict: 0, rejected: 0 })
    }
    const rows = await api.sql`select receipt_no from receipts where receipt_no like 'CTRL-%' order by receipt_no`
    expect(rows.map((r) => r.receiptNo)).toEqual(['CTRL-1', 'CTRL-2', 'CTRL-3'])
  })
})

// ------------------------------------------------------------------ 10 MB

describe('a real 10 MB body', () => {
  // 1,000 schema-valid receipts of 40 lines: a batch a till could send, only too big.
  const bigBatch = () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({ lineNo: i + 1, sku: `SKU-${'9'.repeat(180)}-${i}`, quantity: 1, unitPriceCents: 100, netAmountCents: 100 }))
    const receipts = Array.from({ length: 1000 }, (_, i) => receipt({ receiptNo: `BIG-${i}`, lines, tenders: [], totalCents: 4000 }))
    return JSON.stringify({ receipts })
  }

  it.each([
    { how: 'with Content-Length', withLength: true },
    { how: 'streamed without Content-Length', withLength: false },
  ])('is refused with 413 under the default 8 MiB limit ($how), nothing stored', async ({ withLength }) => {
    const limit = loadConfig({}).BODY_LIMIT_BYTES
    expect(limit).toBe(8 * 1024 * 1024)
    const app = createApp({ db: { sql: api.sql, engine: 'embedded', location: '', close: async () => {} }, log: () => {}, bodyLimitBytes: limit, now: () => TEST_NOW })
    const body = bigBatch()
    expect(body.length).toBeGreaterThan(10 * 1024 * 1024)
    const bytes = new TextEncoder().encode(body)
    const headers: Record<string, string> = { authorization: `Bearer ${keys.admin}`, 'content-type': 'application/json' }
    if (withLength) headers['content-length'] = String(bytes.length)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024))
        controller.close()
      },
    })
    const before = await countSalesRows(api.sql)
    const res = await app.request('/v1/stores/S001/sales', { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const problem = await problemOf(res)
    expect([problem.type, problem.detail, problem.errors]).toEqual([
      '/problems/payload_too_large',
      `The request body is larger than ${limit} bytes`,
      [{ pointer: '#', detail: 'body too large' }],
    ])
    expect(await countSalesRows(api.sql)).toEqual(before)
  })
})

// ------------------------------------------------------------------ receipt-level rejections (200)

type Json = any // receipts are mutated freely here: the point is to send what the schema refuses
type ReceiptCase = {
  name: string
  /** Changes a copy of a valid receipt into a bad one (or returns a replacement). */
  make: (r: Json) => Json
  /** Rewrites the serialised receipt, for what JSON.stringify cannot write (1e400). */
  raw?: (json: string) => string
  /** [pointer below #/receipts/i, detail] of every error expected, in order. */
  errors: [string, string][]
}

const set = (f: (r: Json) => void) => (r: Json) => {
  f(r)
  return r
}
const req = 'required'
const notNegative = 'must not be negative'
const notCents = 'must be an integer number of minor units (cents)'
const noControls = 'must not contain control characters'
const tillId = 'printable ASCII without spaces'
const badDay = 'must be a date YYYY-MM-DD'
const badInstant = 'must be an ISO 8601 date-time with offset'
const unrecognized = (k: string) => `Unrecognized key: "${k}"`
const returnLine = { lineNo: 1, kind: 'return', sku: 'SKU-1', quantity: 1, unitPriceCents: 249, netAmountCents: -249 }

const RECEIPT_CASES: ReceiptCase[] = [
  // wrong types
  { name: 'totalCents as a string', make: set((r) => (r.totalCents = '666')), errors: [['/totalCents', 'Invalid input: expected number, received string']] },
  { name: 'quantity "NaN"', make: set((r) => (r.lines[0].quantity = 'NaN')), errors: [['/lines/0/quantity', 'Invalid input: expected number, received string']] },
  { name: 'unitPriceCents "Infinity"', make: set((r) => (r.lines[1].unitPriceCents = 'Infinity')), errors: [['/lines/1/unitPriceCents', 'Invalid input: expected number, received string']] },
  { name: 'totalCents 1e400', make: (r) => r, raw: (j) => j.replace('"totalCents":666', '"totalCents":1e400'), errors: [['/totalCents', 'Invalid input: expected number, received Infinity']] },
  { name: 'quantity -1e400', make: (r) => r, raw: (j) => j.replace('"quantity":2,', '"quantity":-1e400,'), errors: [['/lines/0/quantity', 'Invalid input: expected number, received -Infinity']] },
  { name: 'totalCents 1e20', make: set((r) => (r.totalCents = 1e20)), errors: [['/totalCents', notCents], ['/totalCents', 'Too big: expected number to be <=10000000000']] },
  { name: 'netAmountCents above 10^10', make: set((r) => (r.lines[0].netAmountCents = 10_000_000_001)), errors: [['/lines/0/netAmountCents', 'Too big: expected number to be <=10000000000']] },
  { name: 'lines an object', make: set((r) => (r.lines = r.lines[0])), errors: [['/lines', 'Invalid input: expected array, received object']] },
  { name: 'businessDay a number', make: set((r) => (r.businessDay = 20261120)), errors: [['/businessDay', badDay]] },
  { name: 'card a string', make: set((r) => (r.card = '2900000000001')), errors: [['/card', 'Invalid input: expected object, received string']] },
  { name: 'voided "yes"', make: set((r) => (r.lines[0].voided = 'yes')), errors: [['/lines/0/voided', 'Invalid input: expected boolean, received string']] },
  { name: 'receipt null', make: () => null, errors: [['', 'Invalid input: expected object, received null']] },
  { name: 'receipt an array', make: (r) => [r], errors: [['', 'Invalid input: expected object, received array']] },
  { name: 'kind "refund"', make: set((r) => (r.lines[0].kind = 'refund')), errors: [['/lines/0/kind', 'Invalid option: expected one of "sale"|"return"']] },
  {
    name: 'tender type "bitcoin"',
    make: set((r) => (r.tenders[0].type = 'bitcoin')),
    errors: [['/tenders/0/type', 'Invalid option: expected one of "cash"|"card"|"voucher"|"gift_card"|"mobile"|"loyalty_points"|"other"']],
  },
  // missing fields
  { name: 'terminalId missing', make: set((r) => delete r.terminalId), errors: [['/terminalId', req]] },
  // A field with a format of its own names the format, not 'required', when it is missing.
  { name: 'businessDay missing', make: set((r) => delete r.businessDay), errors: [['/businessDay', badDay]] },
  { name: 'receiptNo missing', make: set((r) => delete r.receiptNo), errors: [['/receiptNo', req]] },
  { name: 'occurredAt missing', make: set((r) => delete r.occurredAt), errors: [['/occurredAt', badInstant]] },
  { name: 'lines missing', make: set((r) => delete r.lines), errors: [['/lines', req]] },
  { name: 'totalCents missing', make: set((r) => delete r.totalCents), errors: [['/totalCents', req]] },
  { name: 'sku of line 1 missing', make: set((r) => delete r.lines[1].sku), errors: [['/lines/1/sku', req]] },
  { name: 'quantity of line 1 missing', make: set((r) => delete r.lines[1].quantity), errors: [['/lines/1/quantity', req]] },
  { name: 'netAmountCents missing', make: set((r) => delete r.lines[0].netAmountCents), errors: [['/lines/0/netAmountCents', req]] },
  { name: 'tender amountCents missing', make: set((r) => delete r.tenders[0].amountCents), errors: [['/tenders/0/amountCents', req]] },
  { name: 'card entry missing', make: set((r) => (r.card = { number: '2900000000001' })), errors: [['/card/entry', 'Invalid option: expected one of "scanned"|"keyed"']] },
  // money and quantities
  { name: 'negative unitPriceCents', make: set((r) => (r.lines[0].unitPriceCents = -249)), errors: [['/lines/0/unitPriceCents', notNegative]] },
  { name: 'negative discountCents', make: set((r) => (r.lines[0].discountCents = -1)), errors: [['/lines/0/discountCents', notNegative]] },
  { name: 'fractional unitPriceCents', make: set((r) => (r.lines[0].unitPriceCents = 249.5)), errors: [['/lines/0/unitPriceCents', notCents]] },
  { name: 'fractional totalCents', make: set((r) => (r.totalCents = 666.5)), errors: [['/totalCents', notCents]] },
  { name: 'fractional tender', make: set((r) => (r.tenders[0].amountCents = 666.01)), errors: [['/tenders/0/amountCents', notCents]] },
  { name: 'quantity 0', make: set((r) => (r.lines[1].quantity = 0)), errors: [['/lines/1/quantity', 'must be greater than 0']] },
  { name: 'quantity negative', make: set((r) => (r.lines[1].quantity = -0.842)), errors: [['/lines/1/quantity', 'must be greater than 0']] },
  { name: 'quantity with 4 decimals', make: set((r) => (r.lines[1].quantity = 0.8425)), errors: [['/lines/1/quantity', 'at most 3 decimals']] },
  { name: 'quantity over 100,000', make: set((r) => (r.lines[0].quantity = 100_001)), errors: [['/lines/0/quantity', 'Too big: expected number to be <=100000']] },
  { name: 'lineNo 0', make: set((r) => (r.lines[0].lineNo = 0)), errors: [['/lines/0/lineNo', 'Too small: expected number to be >=1']] },
  { name: 'lineNo 1.5', make: set((r) => (r.lines[0].lineNo = 1.5)), errors: [['/lines/0/lineNo', 'Invalid input: expected int, received number']] },
  { name: 'receipt discount of 0', make: set((r) => (r.discounts = [{ couponCode: 'C0', amountCents: 0 }])), errors: [['/discounts/0/amountCents', 'must be at least 1']] },
  // structure and arithmetic
  { name: 'empty lines', make: set((r) => (r.lines = [])), errors: [['/lines', 'a receipt has at least one line']] },
  {
    name: '1,001 lines',
    make: set((r) => (r.lines = Array.from({ length: 1001 }, (_, i) => ({ lineNo: i + 1, sku: 'S', quantity: 1, unitPriceCents: 1, netAmountCents: 1 })))),
    errors: [['/lines', 'Too big: expected array to have <=1000 items']],
  },
  { name: '51 tenders', make: set((r) => (r.tenders = Array.from({ length: 51 }, () => ({ type: 'cash', amountCents: 1 })))), errors: [['/tenders', 'Too big: expected array to have <=50 items']] },
  { name: 'duplicate line numbers', make: set((r) => (r.lines[1].lineNo = 1)), errors: [['/lines/1/lineNo', 'line number 1 appears twice']] },
  {
    name: 'lines not adding up to the total',
    make: set((r) => ((r.totalCents = 668), (r.tenders[0].amountCents = 668))),
    errors: [['/totalCents', 'is 668 but the lines add up to 666 (lines 666): a difference of 2']],
  },
  {
    name: 'lines less receipt discounts not adding up to the total',
    make: set((r) => ((r.discounts = [{ couponCode: 'C100', amountCents: 100 }]), (r.tenders = []))),
    errors: [['/totalCents', 'is 666 but the lines add up to 566 (lines 666 less discounts 100): a difference of 100']],
  },
  { name: 'tenders not adding up', make: set((r) => (r.tenders = [{ type: 'cash', amountCents: 600 }])), errors: [['/tenders', 'add up to 600 but totalCents is 666: a difference of -66']] },
  {
    name: 'sale line with a negative net',
    make: set((r) => ((r.lines = [{ lineNo: 1, sku: 'SKU-1', quantity: 1, unitPriceCents: 100, netAmountCents: -100 }]), (r.totalCents = -100), (r.tenders = []))),
    errors: [['/lines/0/netAmountCents', 'must not be negative on a sale line']],
  },
  {
    name: 'return line with a positive net',
    make: set((r) => ((r.lines = [{ ...returnLine, netAmountCents: 249 }]), (r.totalCents = 249), (r.tenders = []))),
    errors: [['/lines/0/netAmountCents', 'must not be positive on a return line']],
  },
  {
    name: 'net not quantity × price',
    make: set((r) => ((r.lines[0].netAmountCents = 500), (r.totalCents = 668), (r.tenders[0].amountCents = 668))),
    errors: [['/lines/0/netAmountCents', 'is 500 but quantity × unitPriceCents − discountCents gives 498.0']],
  },
  {
    name: 'discount larger than the line',
    make: set((r) => ((r.lines = [{ lineNo: 1, sku: 'SKU-1', quantity: 1, unitPriceCents: 100, discountCents: 150, netAmountCents: 0 }]), (r.totalCents = 0), (r.tenders = []))),
    errors: [
      ['/lines/0/netAmountCents', 'is 0 but quantity × unitPriceCents − discountCents gives -50.0'],
      ['/lines/0/discountCents', 'is larger than the line before discount'],
    ],
  },
  {
    name: 'returnOf on a sale line',
    make: set((r) => (r.lines[0].returnOf = { terminalId: 'LANE-1', businessDay: '2026-11-19', receiptNo: '900' })),
    errors: [['/lines/0/returnOf', 'only a return line can name the sale it returns']],
  },
  // strict schemas
  { name: 'unknown receipt field', make: set((r) => (r.customerId = 42)), errors: [['', unrecognized('customerId')]] },
  { name: 'unknown line field', make: set((r) => (r.lines[0].price = 249)), errors: [['/lines/0', unrecognized('price')]] },
  { name: 'unknown tender field', make: set((r) => (r.tenders[0].currency = 'EUR')), errors: [['/tenders/0', unrecognized('currency')]] },
  { name: 'unknown card field', make: set((r) => (r.card = { number: '2900000000001', entry: 'keyed', pin: '1234' })), errors: [['/card', unrecognized('pin')]] },
  { name: 'unknown discount field', make: set((r) => ((r.discounts = [{ couponCode: 'C1', amountCents: 6, percent: 1 }]), (r.totalCents = 660), (r.tenders = []))), errors: [['/discounts/0', unrecognized('percent')]] },
  {
    name: 'unknown returnOf field',
    make: set((r) => ((r.lines = [{ ...returnLine, returnOf: { terminalId: 'LANE-1', businessDay: '2026-11-19', receiptNo: '900', storeCode: 'S002' } }]), (r.totalCents = -249), (r.tenders = []))),
    errors: [['/lines/0/returnOf', unrecognized('storeCode')]],
  },
  // days and instants
  { name: 'business day in the future', make: set((r) => (r.businessDay = '2026-11-26')), errors: [['/businessDay', 'is in the future (today is 2026-11-24)']] },
  { name: 'business day 2026-02-30', make: set((r) => (r.businessDay = '2026-02-30')), errors: [['/businessDay', badDay]] },
  { name: 'business day 2025-02-29 (not a leap year)', make: set((r) => (r.businessDay = '2025-02-29')), errors: [['/businessDay', badDay]] },
  { name: 'business day in month 13', make: set((r) => (r.businessDay = '2026-13-01')), errors: [['/businessDay', badDay]] },
  { name: 'business day with a time', make: set((r) => (r.businessDay = '2026-11-20T00:00:00Z')), errors: [['/businessDay', badDay]] },
  { name: 'business day before 2000', make: set((r) => (r.businessDay = '1999-12-31')), errors: [['/businessDay', 'is before 2000-01-01, the earliest day accepted']] },
  { name: 'datetime without offset', make: set((r) => (r.occurredAt = '2026-11-20T10:15:00')), errors: [['/occurredAt', badInstant]] },
  { name: 'datetime a date only', make: set((r) => (r.occurredAt = '2026-11-20')), errors: [['/occurredAt', badInstant]] },
  { name: 'datetime at hour 25', make: set((r) => (r.occurredAt = '2026-11-20T25:00:00+01:00')), errors: [['/occurredAt', badInstant]] },
  { name: 'datetime on 2026-02-30', make: set((r) => (r.occurredAt = '2026-02-30T10:00:00+01:00')), errors: [['/occurredAt', badInstant]] },
  { name: 'datetime in year 0000', make: set((r) => (r.occurredAt = '0000-01-01T00:00:00Z')), errors: [['/occurredAt', 'is before 2000-01-01, the earliest day accepted']] },
  // currency
  { name: 'currency other than the store’s', make: set((r) => (r.currency = 'USD')), errors: [['/currency', 'is USD but the store trades in EUR']] },
  { name: 'currency in lower case', make: set((r) => (r.currency = 'eur')), errors: [['/currency', 'ISO 4217 code']] },
  // strings: SQL, control characters, lengths
  { name: 'receiptNo "1\'; drop table receipts;--"', make: set((r) => (r.receiptNo = "1'; drop table receipts;--")), errors: [['/receiptNo', tillId]] },
  { name: 'receiptNo with U+0000', make: set((r) => (r.receiptNo = '10\u000001')), errors: [['/receiptNo', tillId]] },
  { name: 'terminalId with a tab', make: set((r) => (r.terminalId = 'LANE\t1')), errors: [['/terminalId', tillId]] },
  { name: 'terminalId with a non-ASCII letter', make: set((r) => (r.terminalId = 'KASSE-Ü')), errors: [['/terminalId', tillId]] },
  { name: 'terminalId empty', make: set((r) => (r.terminalId = '')), errors: [['/terminalId', 'Too small: expected string to have >=1 characters'], ['/terminalId', tillId]] },
  { name: 'sku with U+0000', make: set((r) => (r.lines[0].sku = 'SKU\u00001')), errors: [['/lines/0/sku', noControls]] },
  { name: 'sku with a newline', make: set((r) => (r.lines[1].sku = 'SKU-2\n')), errors: [['/lines/1/sku', noControls]] },
  { name: 'sku with DEL', make: set((r) => (r.lines[1].sku = 'SKU-2\u007f')), errors: [['/lines/1/sku', noControls]] },
  { name: 'sku empty', make: set((r) => (r.lines[0].sku = '')), errors: [['/lines/0/sku', 'Too small: expected string to have >=1 characters']] },
  { name: 'line couponCode with BEL', make: set((r) => (r.lines[0].couponCode = 'C\u0007')), errors: [['/lines/0/couponCode', noControls]] },
  {
    name: 'receipt discount promotionId with U+0000',
    make: set((r) => ((r.discounts = [{ promotionId: 'P\u00001', amountCents: 66 }]), (r.totalCents = 600), (r.tenders = []))),
    errors: [['/discounts/0/promotionId', noControls]],
  },
  { name: 'receiptNo of 33 characters', make: set((r) => (r.receiptNo = '9'.repeat(33))), errors: [['/receiptNo', 'Too big: expected string to have <=32 characters']] },
  { name: 'sku of 65 characters', make: set((r) => (r.lines[0].sku = 'S'.repeat(65))), errors: [['/lines/0/sku', 'Too big: expected string to have <=64 characters']] },
  { name: 'sku of 200,000 characters', make: set((r) => (r.lines[0].sku = 'S'.repeat(200_000))), errors: [['/lines/0/sku', 'Too big: expected string to have <=64 characters']] },
  { name: 'card number of 41 characters', make: set((r) => (r.card = { number: '2'.repeat(41), entry: 'keyed' })), errors: [['/card/number', 'Too big: expected string to have <=40 characters']] },
  { name: 'gtin with letters', make: set((r) => (r.lines[0].gtin = '40000000000AB')), errors: [['/lines/0/gtin', '8 to 14 digits']] },
]

const serialise = (c: ReceiptCase, i: number) => {
  const r = c.make({ ...structuredClone(receipt()), receiptNo: `BAD-${i}` })
  const json = JSON.stringify(r)
  return c.raw ? c.raw(json) : json
}
const expectedErrors = (c: ReceiptCase, index: number) => c.errors.map(([at, detail]) => ({ pointer: `#/receipts/${index}${at}`, detail }))

describe('POST /v1/stores/{storeCode}/sales: receipts rejected one by one (200)', () => {
  it.each(RECEIPT_CASES.map((c, i) => ({ ...c, i })))('$name', async (c) => {
    const before = await countSalesRows(api.sql)
    const body = `{"receipts":[${serialise(c, c.i)}]}`
    if (c.raw) expect(body).not.toBe(`{"receipts":[${JSON.stringify(c.make({ ...structuredClone(receipt()), receiptNo: `BAD-${c.i}` }))}]}`)
    const res = await postRaw({ body })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await salesResultOf(res)).toEqual({
      storeCode: 'S001',
      counts: { stored: 0, duplicate: 0, conflict: 0, rejected: 1 },
      results: [{ index: 0, status: 'rejected', errors: expectedErrors(c, 0) }],
    })
    expect(await countSalesRows(api.sql)).toEqual(before)
  })

  it('holds more than 80 distinct cases', () => {
    expect(new Set(RECEIPT_CASES.map((c) => c.name)).size).toBe(RECEIPT_CASES.length)
    expect(RECEIPT_CASES.length).toBeGreaterThanOrEqual(80)
  })

  it('rejects the whole corpus in one batch, each error pointing at its own receipt, and stores the good receipts between them', async () => {
    const before = await countSalesRows(api.sql)
    // good, bad 0, good, bad 1, ...: the good ones must not be held back by their neighbours.
    const parts: string[] = []
    const expected: unknown[] = []
    RECEIPT_CASES.forEach((c, i) => {
      parts.push(JSON.stringify(receipt({ receiptNo: `MIXED-${i}` })))
      expected.push({ index: 2 * i, status: 'stored', receiptId: expect.stringMatching(/^[0-9]+$/), warnings: [] })
      parts.push(serialise(c, i))
      expected.push({ index: 2 * i + 1, status: 'rejected', errors: expectedErrors(c, 2 * i + 1) })
    })
    const res = await postRaw({ body: `{"receipts":[${parts.join(',')}]}` })
    expect(res.status).toBe(200)
    const result = await salesResultOf(res)
    const goodCount = expected.length / 2
    expect(result.counts).toEqual({ stored: goodCount, duplicate: 0, conflict: 0, rejected: goodCount })
    expect(result.results).toEqual(expected)
    // Exactly the good receipts, whole; nothing of a rejected one (their numbers are BAD-i).
    const after = await countSalesRows(api.sql)
    expect(after.receipts - before.receipts).toBe(goodCount)
    expect(after.receipt_lines - before.receipt_lines).toBe(2 * goodCount)
    expect(after.receipt_tenders - before.receipt_tenders).toBe(goodCount)
    expect(after.receipt_discounts - before.receipt_discounts).toBe(0)
    expect(await api.sql`select count(*)::int as n from receipts where receipt_no like 'BAD-%'`).toEqual([{ n: 0 }])
    const lines = await api.sql`
      select count(*)::int as n, count(distinct r.receipt_no)::int as receipts from receipt_lines l
      join receipts r using (store_id, receipt_id) where r.receipt_no like 'MIXED-%'`
    expect(lines).toEqual([{ n: 2 * goodCount, receipts: goodCount }])
  })
})

// ------------------------------------------------------------------ SQL-looking strings

describe('SQL-looking and unusual strings', () => {
  it('are stored verbatim as data where the schema allows them, and every table is still there', async () => {
    const receiptNo = "1';drop-table-receipts;--"
    const sku1 = "'); delete from receipt_lines; --"
    const sku2 = 'Crème brûlée 🍮 "x" \\ %_'
    const coupon = "x' or '1'='1"
    const r = receipt({
      receiptNo,
      terminalId: 'LANE;--',
      lines: [
        { lineNo: 1, sku: sku1, quantity: 2, unitPriceCents: 249, netAmountCents: 498, couponCode: coupon },
        { lineNo: 2, sku: sku2, quantity: 0.842, unitPriceCents: 199, netAmountCents: 168 },
      ],
      card: { number: "2900'; drop table loyalty_cards;--", entry: 'keyed' },
    })
    const res = await postRaw({ body: batch(r) })
    expect(res.status).toBe(200)
    expect(await salesResultOf(res)).toEqual({
      storeCode: 'S001',
      counts: { stored: 1, duplicate: 0, conflict: 0, rejected: 0 },
      results: [{ index: 0, status: 'stored', receiptId: expect.any(String), warnings: ['card number is not 8 to 19 digits: stored as an anonymous sale'] }],
    })
    const rows = await api.sql`
      select r.terminal_id, r.receipt_no, r.card_raw, r.card_status, l.sku, l.coupon_code
      from receipts r join receipt_lines l using (store_id, receipt_id)
      where r.receipt_no = ${receiptNo} order by l.line_no`
    expect(rows.map((x) => ({ ...x }))).toEqual([
      // The card number is normalised (spaces, dashes, dots and slashes removed), nothing else.
      { terminalId: 'LANE;--', receiptNo, cardRaw: "2900';droptableloyalty_cards;", cardStatus: 'invalid_check_digit', sku: sku1, couponCode: coupon },
      { terminalId: 'LANE;--', receiptNo, cardRaw: "2900';droptableloyalty_cards;", cardStatus: 'invalid_check_digit', sku: sku2, couponCode: null },
    ])
    const tables = await api.sql`
      select to_regclass('receipts') is not null as receipts, to_regclass('receipt_lines') is not null as lines,
        to_regclass('loyalty_cards') is not null as cards, (select count(*)::int from stores) as stores`
    expect(tables).toEqual([{ receipts: true, lines: true, cards: true, stores: 2 }])
  })

  it('keeps a sale whose card number holds control characters, the raw number readable', async () => {
    const res = await postRaw({ body: batch(receipt({ receiptNo: 'CARD-NUL', card: { number: '2900\u00001\r\n', entry: 'scanned' } })) })
    expect(res.status).toBe(200)
    expect((await salesResultOf(res)).results).toEqual([
      { index: 0, status: 'stored', receiptId: expect.any(String), warnings: ['card number is not 8 to 19 digits: stored as an anonymous sale'] },
    ])
    const rows = await api.sql`select card_raw, card_status, customer_id from receipts where receipt_no = 'CARD-NUL'`
    expect(rows).toEqual([{ cardRaw: '2900\uFFFD1', cardStatus: 'invalid_check_digit', customerId: null }])
  })

  it('accepts strings at their length limits and stores them whole', async () => {
    const receiptNo = 'N'.repeat(32)
    const sku = 'S'.repeat(64)
    const res = await postRaw({
      body: batch(receipt({ receiptNo, terminalId: 'T'.repeat(32), lines: [{ lineNo: 9999, sku, quantity: 100_000, unitPriceCents: 1, netAmountCents: 100_000 }], tenders: [], totalCents: 100_000 })),
    })
    expect((await salesResultOf(res)).counts).toEqual({ stored: 1, duplicate: 0, conflict: 0, rejected: 0 })
    const rows = await api.sql`
      select r.terminal_id, l.sku, l.line_no, l.quantity from receipts r join receipt_lines l using (store_id, receipt_id) where r.receipt_no = ${receiptNo}`
    expect(rows).toEqual([{ terminalId: 'T'.repeat(32), sku, lineNo: 9999, quantity: 100_000 }])
  })
})
