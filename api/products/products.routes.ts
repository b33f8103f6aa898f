import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { PageQuerySchema, pageOf } from '../contract/common.js'
import { ProductInputSchema, ProductListQuerySchema, ProductSchema, SkuSchema, UnmappedSkuQuerySchema, UnmappedSkuSchema } from '../contract/product.js'
import type { AuthEnv } from '../auth/require-key.js'
import { BulkResultSchema, bulkBodyOf, parseBulk } from '../bulk/parse-bulk.js'
import { bodyPointer, rejectRepeatedKeys, rowPointerOf } from '../bulk/row-pointer.js'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { problems } from '../http/problems.js'
import { getProduct, listProducts, listUnmappedSkus, parseUnmappedCursor, unmappedCursorOf } from './products.repo.js'
import { saveProducts } from './save-products.repo.js'

const tags = ['Products']
const security = [{ ApiKey: [] }]
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const createProductRoute = createRoute({
  method: 'post', path: '/v1/products', tags, security, summary: 'Create a product',
  description: 'Creates the hierarchy nodes it names. Sales lines already stored with this SKU get linked to it.',
  request: { body: { required: true, ...json(ProductInputSchema) } },
  responses: { 201: { description: 'Created', ...json(ProductSchema) }, ...problems(400, 401, 403, 409) },
})

const bulkProductsRoute = createRoute({
  method: 'post', path: '/v1/products/bulk', tags, security, summary: 'Create or update many products (JSON or CSV)',
  description:
    'Upserts by `sku`, all or nothing, in one transaction. CSV: a header row with the ProductInput field names, ' +
    'dotted for the hierarchy (department.code, department.name, category.code, ...). Sales lines already stored ' +
    'with these SKUs get linked, and the SKUs leave the unmapped list.',
  request: { body: { content: { 'application/json': { schema: bulkBodyOf(ProductInputSchema) }, 'text/csv': { schema: z.string() } } } },
  responses: { 200: { description: 'Counts', ...json(BulkResultSchema) }, ...problems(400, 401, 403, 413) },
})

const listProductsRoute = createRoute({
  method: 'get', path: '/v1/products', tags, security, summary: 'List products',
  request: { query: PageQuerySchema.extend(ProductListQuerySchema.shape) },
  responses: { 200: { description: 'A page of products in SKU order', ...json(pageOf(ProductSchema)) }, ...problems(400, 401, 403) },
})

const getProductRoute = createRoute({
  method: 'get', path: '/v1/products/{sku}', tags, security, summary: 'Read a product',
  request: { params: z.object({ sku: SkuSchema }) },
  responses: { 200: { description: 'The product', ...json(ProductSchema) }, ...problems(401, 403, 404) },
})

const listUnmappedRoute = createRoute({
  method: 'get', path: '/v1/unmapped-skus', tags, security, summary: 'List SKUs sold but not in the catalog',
  description: 'Per store, with the business days first and last sold and the number of sales lines. Creating the product removes the entry.',
  request: { query: PageQuerySchema.extend(UnmappedSkuQuerySchema.shape) },
  responses: { 200: { description: 'A page in store code, then SKU order', ...json(pageOf(UnmappedSkuSchema)) }, ...problems(400, 401, 403) },
})

export function registerProductRoutes(app: OpenAPIHono<AuthEnv>, sql: Sql): void {
  app.openapi(createProductRoute, async (c) => {
    const input = c.req.valid('json')
    await saveProducts(sql, [input], 'create', bodyPointer)
    return c.json((await getProduct(sql, input.sku))!, 201)
  })

  app.openapi(bulkProductsRoute, async (c) => {
    const contentType = c.req.header('content-type')
    const items = parseBulk(ProductInputSchema, contentType, await c.req.text())
    const pointer = rowPointerOf(contentType)
    rejectRepeatedKeys(items, (p) => p.sku, 'sku', pointer)
    return c.json(await saveProducts(sql, items, 'upsert', pointer), 200)
  })

  app.openapi(listProductsRoute, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query')
    const items = await listProducts(sql, { ...filter, after: cursor, limit })
    return c.json({ items, nextCursor: items.length === limit ? items.at(-1)!.sku : null }, 200)
  })

  app.openapi(getProductRoute, async (c) => {
    const { sku } = c.req.valid('param')
    const product = await getProduct(sql, sku)
    if (!product) throw new AppError('not_found', `No product with SKU ${sku}`, [{ parameter: 'sku', detail: 'not in the catalog' }])
    return c.json(product, 200)
  })

  app.openapi(listUnmappedRoute, async (c) => {
    const { limit, cursor, store } = c.req.valid('query')
    const after = cursor === undefined ? undefined : parseUnmappedCursor(cursor)
    if (cursor !== undefined && !after) throw new AppError('invalid_request', 'Invalid cursor', [{ parameter: 'cursor', detail: 'pass nextCursor of the previous page' }])
    const items = await listUnmappedSkus(sql, { store, after, limit })
    return c.json({ items, nextCursor: items.length === limit ? unmappedCursorOf(items.at(-1)!) : null }, 200)
  })
}
