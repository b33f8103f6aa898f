import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { CodeSchema, PageQuerySchema, pageOf } from '../contract/common.js'
import { StoreInputSchema, StoreListQuerySchema, StoreSchema } from '../contract/store.js'
import type { AuthEnv } from '../auth/require-key.js'
import { BulkResultSchema, bulkBodyOf, parseBulk } from '../bulk/parse-bulk.js'
import { rejectRepeatedKeys, rowPointerOf } from '../bulk/row-pointer.js'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { problems } from '../http/problems.js'
import { createStore, getStore, listStores, upsertStores } from './stores.repo.js'

const tags = ['Stores']
const security = [{ ApiKey: [] }]
const StoreCodeParam = z.object({ storeCode: CodeSchema })

const createStoreRoute = createRoute({
  method: 'post', path: '/v1/stores', tags, security, summary: 'Create a store',
  request: { body: { required: true, content: { 'application/json': { schema: StoreInputSchema } } } },
  responses: { 201: { description: 'Created', content: { 'application/json': { schema: StoreSchema } } }, ...problems(400, 401, 403, 409) },
})

const bulkStoresRoute = createRoute({
  method: 'post', path: '/v1/stores/bulk', tags, security, summary: 'Create or update many stores (JSON or CSV)',
  description: 'Upserts by `code`, all or nothing. CSV: a header row with the StoreInput field names.',
  request: {
    body: { content: { 'application/json': { schema: bulkBodyOf(StoreInputSchema) }, 'text/csv': { schema: z.string() } } },
  },
  responses: { 200: { description: 'Counts', content: { 'application/json': { schema: BulkResultSchema } } }, ...problems(400, 401, 403, 413) },
})

const listStoresRoute = createRoute({
  method: 'get', path: '/v1/stores', tags, security, summary: 'List stores',
  request: { query: PageQuerySchema.extend(StoreListQuerySchema.shape) },
  responses: { 200: { description: 'A page of stores', content: { 'application/json': { schema: pageOf(StoreSchema) } } }, ...problems(400, 401, 403) },
})

const getStoreRoute = createRoute({
  method: 'get', path: '/v1/stores/{storeCode}', tags, security, summary: 'Read a store',
  request: { params: StoreCodeParam },
  responses: { 200: { description: 'The store', content: { 'application/json': { schema: StoreSchema } } }, ...problems(401, 403, 404) },
})

export function registerStoreRoutes(app: OpenAPIHono<AuthEnv>, sql: Sql): void {
  app.openapi(createStoreRoute, async (c) => {
    const store = await createStore(sql, c.req.valid('json'))
    if (!store) throw new AppError('conflict', 'A store with this code exists', [{ pointer: '#/code', detail: 'already taken' }])
    return c.json(store, 201)
  })

  app.openapi(bulkStoresRoute, async (c) => {
    const contentType = c.req.header('content-type')
    const items = parseBulk(StoreInputSchema, contentType, await c.req.text())
    rejectRepeatedKeys(items, (s) => s.code, 'code', rowPointerOf(contentType))
    return c.json(await upsertStores(sql, items), 200)
  })

  app.openapi(listStoresRoute, async (c) => {
    const q = c.req.valid('query')
    const items = await listStores(sql, { region: q.region, format: q.format, after: q.cursor, limit: q.limit })
    return c.json({ items, nextCursor: items.length === q.limit ? items.at(-1)!.code : null }, 200)
  })

  app.openapi(getStoreRoute, async (c) => {
    const { storeCode } = c.req.valid('param')
    const store = await getStore(sql, storeCode)
    if (!store) throw new AppError('not_found', `No store with code ${storeCode}`, [{ parameter: 'storeCode', detail: 'unknown store' }])
    return c.json(store, 200)
  })
}
