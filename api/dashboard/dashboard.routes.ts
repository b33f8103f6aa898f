import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { z } from 'zod'
import { startKpiRefresh } from '../../analytics/kpis/index.js'
import type { JobRunner } from '../../analytics/jobs/index.js'
import { describeCaller } from '../auth/caller.js'
import type { AuthEnv } from '../auth/require-key.js'
import { AnalysisRunSchema } from '../contract/analysis-run.js'
import { pageOf } from '../contract/common.js'
import { DashboardStoreListSchema, DashboardUnmappedQuerySchema, KpiQuerySchema, KpiReportSchema } from '../contract/dashboard.js'
import { UnmappedSkuSchema } from '../contract/product.js'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { problems } from '../http/problems.js'
import { listUnmappedSkus, parseUnmappedCursor, unmappedCursorOf } from '../products/products.repo.js'
import { findReadableStore, listVisibleStores, publicStore } from './dashboard-stores.repo.js'
import { readKpiReport } from './read-kpi-report.js'

const tags = ['Dashboard']
const security = [{ ApiKey: [] }]
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const storesRoute = createRoute({
  method: 'get', path: '/v1/dashboard/stores', tags, security, summary: 'The stores the caller may see',
  description: 'Every store for admin and marketing; a store manager gets only their stores.',
  responses: { 200: { description: 'Stores in code order', ...json(DashboardStoreListSchema) }, ...problems(401, 403) },
})

const kpisRoute = createRoute({
  method: 'get', path: '/v1/dashboard/kpis', tags, security, summary: "A store's weekly KPIs beside the chain's, and the window against the one before",
  description:
    'Read from the KPI summaries (docs/DASHBOARD.md), as of `refreshedAt`. Weeks run Monday to Sunday; the chain is the per-store average ' +
    'of the stores trading each week, with chain-wide ratios. Without `store`, the chain only. Aggregates only: no customer identity.',
  request: { query: KpiQuerySchema },
  responses: { 200: { description: 'Weekly KPIs and totals', ...json(KpiReportSchema) }, ...problems(400, 401, 403, 404) },
})

const unmappedRoute = createRoute({
  method: 'get', path: '/v1/dashboard/unmapped-skus', tags, security, summary: 'SKUs sold but not in the catalog, in the stores the caller may see',
  request: { query: DashboardUnmappedQuerySchema },
  responses: { 200: { description: 'A page in store code, then SKU order', ...json(pageOf(UnmappedSkuSchema)) }, ...problems(400, 401, 403, 404) },
})

const refreshRoute = createRoute({
  method: 'post', path: '/v1/dashboard/kpis/refresh', tags, security, summary: 'Rebuild the KPI summaries from the receipts (admin)',
  description:
    "Starts an analysis run of kind 'kpis' (or answers with the one already queued or running) and answers at once; " +
    'follow it at /v1/analysis-runs/{runId}. Readers see the old summaries until the new ones are complete.',
  responses: { 202: { description: 'The refresh run', ...json(AnalysisRunSchema) }, ...problems(401, 403) },
})

export function registerDashboardRoutes(app: OpenAPIHono<AuthEnv>, sql: Sql, jobs: JobRunner, now: () => Date): void {
  app.openapi(storesRoute, async (c) => {
    const stores = await listVisibleStores(sql, c.get('caller'))
    return c.json({ items: stores.map(publicStore) }, 200)
  })

  app.openapi(kpisRoute, async (c) => c.json(await readKpiReport(sql, c.get('caller'), c.req.valid('query'), now), 200))

  app.openapi(unmappedRoute, async (c) => {
    const { limit, cursor, store } = c.req.valid('query')
    const caller = c.get('caller')
    const after = cursor === undefined ? undefined : parseUnmappedCursor(cursor)
    if (cursor !== undefined && !after) throw new AppError('invalid_request', 'Invalid cursor', [{ parameter: 'cursor', detail: 'pass nextCursor of the previous page' }])
    const storeIds = store !== undefined ? [(await findReadableStore(sql, caller, store)).storeId] : caller.role === 'store_manager' ? caller.storeIds : undefined
    const items = await listUnmappedSkus(sql, { storeIds, after, limit })
    return c.json({ items, nextCursor: items.length === limit ? unmappedCursorOf(items.at(-1)!) : null }, 200)
  })

  app.openapi(refreshRoute, async (c) => c.json(await startKpiRefresh(sql, jobs, describeCaller(c.get('caller'))), 202))
}
