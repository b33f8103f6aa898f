import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReceiptInput } from '../../api/contract/receipt.js'
import { expectProblem as problem, jsonOf as body, startTestApi, type TestApi } from '../helpers/test-api.js'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ now: () => new Date('2026-11-24T12:00:00Z') })
})
afterAll(() => api.close())

const product = (sku: string, over: Record<string, unknown> = {}) => ({
  sku, name: `Product ${sku}`, department: { code: 'DAIRY' }, category: { code: 'MILK' }, subcategory: { code: 'FRESH-MILK' }, ...over,
})
const count = async (table: string, sku?: string) =>
  (await api.sql<{ n: number }[]>`select count(*)::int as n from ${api.sql(table)} ${sku ? api.sql`where sku like ${sku + '%'}` : api.sql``}`)[0]!.n
const sale = (receiptNo: string, skus: string[]): ReceiptInput => ({
  terminalId: 'LANE-1', businessDay: '2026-11-20', receiptNo, occurredAt: '2026-11-20T10:15:00+01:00',
  lines: skus.map((sku, i) => ({ lineNo: i + 1, sku, quantity: 1, unitPriceCents: 100, netAmountCents: 100 })),
  totalCents: 100 * skus.length,
})

describe('POST /v1/products', () => {
  it('creates a product and its hierarchy, names defaulting to codes, then answers 409 for the SKU', async () => {
    const res = await api.request('POST', '/v1/products', product('P-1', { department: { code: 'DAIRY', name: 'Dairy' }, packSize: 1.5, packUnit: 'L', regularPriceCents: 129 }))
    expect(res.status).toBe(201)
    expect(await body(res)).toMatchObject({
      sku: 'P-1', ownBrand: false, active: true, packSize: 1.5, packUnit: 'L', regularPriceCents: 129, gtin: null,
      department: { code: 'DAIRY', name: 'Dairy' }, category: { code: 'MILK', name: 'MILK' }, subcategory: { code: 'FRESH-MILK', name: 'FRESH-MILK' },
    })
    const again = await problem(await api.request('POST', '/v1/products', product('P-1', { name: 'Other' })), 409)
    expect(again.errors).toEqual([{ pointer: '#/sku', detail: 'already in the catalog' }])
    expect(await api.sql`select name from products where sku = 'P-1'`).toEqual([{ name: 'Product P-1' }])
  })

  it('names every invalid field and stores nothing', async () => {
    const before = [await count('products'), await count('departments')]
    const res = await api.request('POST', '/v1/products', { ...product('P-BAD', { packUnit: 'XX', regularPriceCents: 1.5, brand: 'a\u0000b', department: { code: 'NEW-DEPT' } }), category: undefined })
    const p = await problem(res, 400)
    expect(p.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/brand', '#/category', '#/packUnit', '#/regularPriceCents'])
    expect([await count('products'), await count('departments')]).toEqual(before)
  })

  it('rolls the new hierarchy nodes back when the SKU is taken', async () => {
    await problem(await api.request('POST', '/v1/products', product('P-1', { department: { code: 'GHOST' }, category: { code: 'GHOST-C' }, subcategory: { code: 'GHOST-S' } })), 409)
    expect(await api.sql`select code from departments where code = 'GHOST'`).toEqual([])
  })

  it('answers 404 naming the sku parameter for an unknown SKU', async () => {
    const p = await problem(await api.request('GET', '/v1/products/NOPE'), 404)
    expect(p.errors).toEqual([{ parameter: 'sku', detail: 'not in the catalog' }])
  })
})

describe('POST /v1/products/bulk', () => {
  it('upserts JSON by SKU: creates, updates and renames a node', async () => {
    await api.request('POST', '/v1/products', product('B-1'))
    const res = await api.request('POST', '/v1/products/bulk', {
      items: [product('B-1', { name: 'Renamed', subcategory: { code: 'FRESH-MILK', name: 'Fresh milk' } }), product('B-2', { ownBrand: true })],
    })
    expect(res.status).toBe(200)
    expect(await body(res)).toEqual({ created: 1, updated: 1 })
    const rows = await api.sql`select p.sku, p.name, p.own_brand, s.name as sub from products p join subcategories s using (subcategory_id) where sku like 'B-%' order by sku`
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { sku: 'B-1', name: 'Renamed', ownBrand: false, sub: 'Fresh milk' },
      { sku: 'B-2', name: 'Product B-2', ownBrand: true, sub: 'Fresh milk' },
    ])
  })

  it('upserts CSV with dotted hierarchy headers, keeping leading zeros of SKUs', async () => {
    const csv = [
      'sku,name,brand,ownBrand,department.code,department.name,category.code,subcategory.code,packSize,packUnit,regularPriceCents,active',
      '00123,Crisps salted,Lays,false,SNACKS,Snacks,CRISPS,POTATO-CRISPS,0.15,KG,199,true',
      '00124,Crisps paprika,Basketwise,true,SNACKS,Snacks,CRISPS,POTATO-CRISPS,,,149,false',
    ].join('\n')
    expect(await body(await api.request('POST', '/v1/products/bulk', csv, { contentType: 'text/csv' }))).toEqual({ created: 2, updated: 0 })
    const update = csv.replace('Crisps salted', 'Crisps sea salt')
    expect(await body(await api.request('POST', '/v1/products/bulk', update, { contentType: 'text/csv' }))).toEqual({ created: 0, updated: 2 })
    const stored = await body(await api.request('GET', '/v1/products/00123'))
    expect(stored).toMatchObject({ sku: '00123', name: 'Crisps sea salt', brand: 'Lays', packSize: 0.15, packUnit: 'KG', department: { code: 'SNACKS', name: 'Snacks' } })
    expect(await body(await api.request('GET', '/v1/products/00124'))).toMatchObject({ ownBrand: true, active: false, packSize: null })
  })

  it('is all or nothing: one invalid item or CSV row stores nothing, and the pointer names it', async () => {
    const before = await count('products', 'AON-')
    const json = await problem(await api.request('POST', '/v1/products/bulk', { items: [product('AON-1'), product('AON-2', { name: '' })] }), 400)
    expect(json.errors).toEqual([{ pointer: '#/items/1/name', detail: expect.any(String) }])
    const csv = 'sku,name,department.code,category.code,subcategory.code,packUnit\nAON-3,A,DAIRY,MILK,FRESH-MILK,EA\nAON-4,B,DAIRY,MILK,FRESH-MILK,BOX\n'
    const rows = await problem(await api.request('POST', '/v1/products/bulk', csv, { contentType: 'text/csv' }), 400)
    expect(rows.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/rows/2/packUnit'])
    expect(await count('products', 'AON-')).toBe(before)
  })

  it('refuses a category under another department than stored, keeping nothing of the request', async () => {
    const p = await problem(await api.request('POST', '/v1/products/bulk', {
      items: [product('H-1', { department: { code: 'NEW-D' }, category: { code: 'NEW-C' }, subcategory: { code: 'NEW-S' } }), product('H-2', { department: { code: 'FROZEN' } })],
    }), 400)
    expect(p.errors).toEqual([{ pointer: '#/items/1/category/code', detail: expect.stringContaining('category MILK is stored under department DAIRY, not FROZEN') }])
    expect(await count('products', 'H-')).toBe(0)
    expect(await api.sql`select code from departments where code in ('NEW-D', 'FROZEN')`).toEqual([])
  })

  it('refuses one subcategory under two categories, and a SKU twice, in one request', async () => {
    const tree = await problem(await api.request('POST', '/v1/products/bulk', { items: [product('T-1'), product('T-2', { category: { code: 'YOGHURT' } })] }), 400)
    expect(tree.errors).toEqual([{ pointer: '#/items/1/subcategory/code', detail: expect.stringContaining('is under category MILK at #/items/0') }])
    const twice = await problem(await api.request('POST', '/v1/products/bulk', 'sku,name,department.code,category.code,subcategory.code\nT-3,a,DAIRY,MILK,FRESH-MILK\nT-3,b,DAIRY,MILK,FRESH-MILK', { contentType: 'text/csv' }), 400)
    expect(twice.errors).toEqual([{ pointer: '#/rows/2/sku', detail: 'T-3 repeats #/rows/1/sku' }])
    expect(await count('products', 'T-')).toBe(0)
  })

  it('stores more rows than one statement may bind (12 columns × 6,000 > 65,534) in one request', async () => {
    const lines = Array.from({ length: 6000 }, (_, i) => `BIG-${String(i).padStart(5, '0')},Item ${i},DAIRY,MILK,FRESH-MILK,${i}`)
    const csv = 'sku,name,department.code,category.code,subcategory.code,regularPriceCents\n' + lines.join('\n')
    expect(await body(await api.request('POST', '/v1/products/bulk', csv, { contentType: 'text/csv' }))).toEqual({ created: 6000, updated: 0 })
    expect(await api.sql`select count(*)::int as n, sum(regular_price_cents)::int as total from products where sku like 'BIG-%'`).toEqual([{ n: 6000, total: (5999 * 6000) / 2 }])
  })
})

describe('unmapped SKUs', () => {
  it('lists SKUs sold before the catalog knew them, and resolves them when the product is created', async () => {
    const posted = await api.request('POST', '/v1/stores/S001/sales', { receipts: [sale('U-1', ['UNK-1', 'UNK-1', 'UNK-2'])] })
    expect(await body(posted)).toMatchObject({ counts: { stored: 1 } })
    await api.request('POST', '/v1/stores/S002/sales', { receipts: [sale('U-2', ['UNK-1'])] })
    const listed = await body(await api.request('GET', '/v1/unmapped-skus?limit=2'))
    expect(listed.items.map((u: any) => [u.storeCode, u.sku, u.lineCount, u.firstBusinessDay])).toEqual([['S001', 'UNK-1', 2, '2026-11-20'], ['S001', 'UNK-2', 1, '2026-11-20']])
    expect(listed.nextCursor).toBe('S001/UNK-2')
    const next = await body(await api.request('GET', `/v1/unmapped-skus?limit=2&cursor=${encodeURIComponent(listed.nextCursor)}`))
    expect(next.items.map((u: any) => [u.storeCode, u.sku])).toEqual([['S002', 'UNK-1']])

    expect((await api.request('POST', '/v1/products', product('UNK-1'))).status).toBe(201)
    const lines = await api.sql`select l.sku, p.sku as product_sku from receipt_lines l left join products p using (product_id) where l.sku like 'UNK-%' order by l.sku, l.store_id, l.line_no`
    expect(lines.map((l) => ({ ...l }))).toEqual([
      { sku: 'UNK-1', productSku: 'UNK-1' }, { sku: 'UNK-1', productSku: 'UNK-1' }, { sku: 'UNK-1', productSku: 'UNK-1' }, { sku: 'UNK-2', productSku: null },
    ])
    expect(await api.sql`select sku from unmapped_skus`).toEqual([{ sku: 'UNK-2' }])
    expect((await body(await api.request('GET', '/v1/unmapped-skus?store=S001'))).items.map((u: any) => u.sku)).toEqual(['UNK-2'])

    const csv = 'sku,name,department.code,category.code,subcategory.code\nUNK-2,Found,DAIRY,MILK,FRESH-MILK'
    expect(await body(await api.request('POST', '/v1/products/bulk', csv, { contentType: 'text/csv' }))).toEqual({ created: 1, updated: 0 })
    expect(await api.sql`select count(*)::int as n from receipt_lines where sku like 'UNK-%' and product_id is null`).toEqual([{ n: 0 }])
    expect((await body(await api.request('GET', '/v1/unmapped-skus'))).items).toEqual([])
  })

  it('answers 400 naming the cursor parameter for a cursor it did not issue', async () => {
    const p = await problem(await api.request('GET', '/v1/unmapped-skus?cursor=garbage'), 400)
    expect(p.errors).toEqual([{ parameter: 'cursor', detail: 'pass nextCursor of the previous page' }])
  })
})

describe('GET /v1/products', () => {
  it('filters, and pages through every match exactly once', async () => {
    const items = Array.from({ length: 7 }, (_, i) =>
      product(`L-${i}`, { department: { code: 'PAGE' }, category: { code: 'PAGE-C' }, subcategory: { code: 'PAGE-S' }, ownBrand: i % 2 === 0, name: i === 3 ? 'Half 50% off_x' : `Item ${i}` }))
    await api.request('POST', '/v1/products/bulk', { items })
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: any = await body(await api.request('GET', `/v1/products?department=PAGE&limit=3${cursor ? `&cursor=${cursor}` : ''}`))
      seen.push(...page.items.map((p: { sku: string }) => p.sku))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(seen).toEqual(['L-0', 'L-1', 'L-2', 'L-3', 'L-4', 'L-5', 'L-6'])
    expect(pages).toBe(3)
    const own = await body(await api.request('GET', '/v1/products?subcategory=PAGE-S&ownBrand=false'))
    expect(own.items.map((p: { sku: string }) => p.sku)).toEqual(['L-1', 'L-3', 'L-5'])
    const q = await body(await api.request('GET', `/v1/products?q=${encodeURIComponent('50%')}`))
    expect(q.items.map((p: { sku: string }) => p.sku)).toEqual(['L-3'])
    const bad = await problem(await api.request('GET', '/v1/products?ownBrand=maybe'), 400)
    expect(bad.errors).toEqual([{ parameter: 'ownBrand', detail: expect.any(String) }])
  })
})
