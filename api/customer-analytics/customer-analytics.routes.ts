import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { stringify } from 'csv-stringify/sync'
import { z } from 'zod'
import { CUSTOMERS_KIND, startCustomerRun } from '../../analytics/customers/customer-analytics.job.js'
import { findCells, findScores, findSegments, findStoreProfiles, listCustomerScopes, selectionExport } from '../../analytics/customers/customer-analytics-read.repo.js'
import type { JobRunner } from '../../analytics/jobs/index.js'
import type { AuthEnv } from '../auth/require-key.js'
import { describeCaller, seesCustomers, type Caller } from '../auth/caller.js'
import { AnalysisRunSchema, RunIdParamSchema, type AnalysisRun } from '../contract/analysis-run.js'
import { pageOf } from '../contract/common.js'
import {
  CustomerRunRequestSchema, CustomerScopeSchema, CustomerScoreSchema, CustomerSegmentSchema, DemographicCellSchema, DemographicQuerySchema, ExportQuerySchema,
  SelectionQuerySchema, StoreProfileSchema,
} from '../contract/customer-analytics.js'
import type { Database } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { problems } from '../http/problems.js'

const tags = ['Customer analytics']
const security = [{ ApiKey: [] }]
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const runParams = { params: RunIdParamSchema }
const resultProblems = problems(400, 401, 403, 404, 409)

const startRoute = createRoute({
  method: 'post', path: '/v1/customer-analytics/runs', tags, security, summary: 'Start a customer-analytics run',
  description:
    'Demographic patterns (every attribute × every category at the chosen levels, per store, region and chain, with index, Fisher test and FDR), ' +
    'store profiles and look-alikes, RFM, margin tiers, behavioural segments, and the lapsed, unprofitable and at-risk selections. ' +
    'Answers at once with the queued run; follow it at /v1/analysis-runs/{runId}.',
  request: { body: { required: true, ...json(CustomerRunRequestSchema) } },
  responses: { 202: { description: 'The run, queued', ...json(AnalysisRunSchema) }, ...problems(400, 401, 403, 413, 415) },
})
const scopesRoute = createRoute({
  method: 'get', path: '/v1/customer-analytics/runs/{runId}/scopes', tags, security, summary: "A run's scopes (store managers: the chain and their stores)",
  request: runParams,
  responses: { 200: { description: 'Scopes', ...json(z.object({ items: z.array(CustomerScopeSchema) })) }, ...resultProblems },
})
const demographicsRoute = createRoute({
  method: 'get', path: '/v1/customer-analytics/runs/{runId}/demographics', tags, security, summary: 'Who buys what: attribute × item cells of one scope and level',
  description: 'Cells with fewer customers (or buyers) than the minimum cell size are suppressed for store managers, whatever they ask.',
  request: { ...runParams, query: DemographicQuerySchema },
  responses: { 200: { description: 'A page of cells', ...json(pageOf(DemographicCellSchema)) }, ...resultProblems },
})
const storeProfilesRoute = createRoute({
  method: 'get', path: '/v1/customer-analytics/runs/{runId}/store-profiles', tags, security, summary: "Stores' shoppers against the chain's, clusters and stores like each one",
  request: { ...runParams, query: z.object({ scope: z.string().max(100).optional().describe("'store:<code>'; default every store the caller may see") }) },
  responses: { 200: { description: 'Store profiles', ...json(z.object({ items: z.array(StoreProfileSchema) })) }, ...resultProblems },
})
const segmentsRoute = createRoute({
  method: 'get', path: '/v1/customer-analytics/runs/{runId}/segments', tags, security, summary: 'Behavioural segments, RFM segments and margin tiers (marketing)',
  request: { ...runParams, query: z.object({ kind: z.enum(['behaviour', 'rfm', 'tier']).optional() }) },
  responses: { 200: { description: 'Segments', ...json(z.object({ items: z.array(CustomerSegmentSchema) })) }, ...resultProblems },
})
const customersRoute = createRoute({
  method: 'get', path: '/v1/customer-analytics/runs/{runId}/customers', tags, security, summary: 'Individual scores and selections (marketing)',
  description: 'Only customers who allow profiling now, and are not erased, are listed.',
  request: { ...runParams, query: SelectionQuerySchema },
  responses: { 200: { description: 'A page of customers', ...json(pageOf(CustomerScoreSchema)) }, ...resultProblems },
})
const exportRoute = createRoute({
  method: 'get', path: '/v1/customer-analytics/runs/{runId}/export', tags, security, summary: 'A selection as CSV (marketing)',
  description: "Contact data of the chosen channel is included only for customers who consented to marketing by that channel; the others' contact columns are empty.",
  request: { ...runParams, query: ExportQuerySchema },
  responses: { 200: { description: 'CSV, one customer per row', content: { 'text/csv': { schema: z.string() } } }, ...resultProblems },
})

/** Stores a caller may see aggregates of: every store, or a store manager's own. */
const storeScopes = (caller: Caller): number[] | null => (caller.role === 'store_manager' ? caller.storeIds : null)

export function registerCustomerAnalyticsRoutes(app: OpenAPIHono<AuthEnv>, db: Database, jobs: JobRunner, minCellCustomers: number): void {
  const { sql } = db
  const requireCustomers = (caller: Caller) => {
    if (!seesCustomers(caller)) throw new AppError('forbidden', 'Customer-level results are for marketing only', [{ parameter: 'Authorization', detail: 'needs one of: admin, marketing' }])
  }

  app.openapi(startRoute, async (c) => {
    const caller = c.get('caller')
    requireCustomers(caller)
    const run = await startCustomerRun(db, jobs, c.req.valid('json'), describeCaller(caller))
    return c.json(run, 202)
  })

  app.openapi(scopesRoute, async (c) => {
    const run = await finishedRun(jobs, c.req.valid('param').runId)
    const caller = c.get('caller')
    const scopes = (await listCustomerScopes(sql, run.runId)).filter((s) => mayReadScope(caller, s))
    const k = caller.role === 'store_manager' ? minCellCustomers : 1
    return c.json({ items: scopes.map((s) => ({ scope: s.scope, kind: s.kind, label: s.label, customers: s.customers >= k ? s.customers : null })) }, 200)
  })

  app.openapi(demographicsRoute, async (c) => {
    const q = c.req.valid('query')
    const caller = c.get('caller')
    const run = await finishedRun(jobs, c.req.valid('param').runId)
    readableScope(await listCustomerScopes(sql, run.runId), run.runId, caller, q.scope)
    const k = Math.max(q.minCustomers ?? 0, caller.role === 'store_manager' ? minCellCustomers : 0)
    const offset = Number(q.cursor ?? 0)
    const rows = await findCells(sql, run.runId, { scope: q.scope, level: q.level, attribute: q.attribute, item: q.item, flagged: q.flagged, limit: q.limit, offset })
    const items = rows.map((r) => {
      const suppressed = k > 0 && (r.customers < k || r.buyers < k)
      const hide = <T>(v: T) => (suppressed ? null : v)
      return {
        attribute: r.attribute, value: r.value, item: { code: r.itemCode, name: r.itemName }, suppressed,
        customers: hide(r.customers), buyers: hide(r.buyers), penetration: hide(r.penetration), spendShare: hide(r.spendShare), spendPerCustomerCents: hide(r.spendPerCustomer),
        index: hide(r.index), spendIndex: hide(r.spendIndex), pValue: hide(r.pValue), qValue: hide(r.qValue), spendPValue: hide(r.spendPValue), spendQValue: hide(r.spendQValue), flag: hide(r.flag === 1 ? 'over' as const : r.flag === -1 ? 'under' as const : 'none' as const),
      }
    })
    return c.json({ items, nextCursor: rows.length === q.limit ? String(offset + q.limit) : null }, 200)
  })

  app.openapi(storeProfilesRoute, async (c) => {
    const caller = c.get('caller')
    const run = await finishedRun(jobs, c.req.valid('param').runId)
    const scope = c.req.valid('query').scope
    const scopes = await listCustomerScopes(sql, run.runId)
    if (scope) readableScope(scopes, run.runId, caller, scope)
    const labels = new Map(scopes.map((s) => [s.scope, s.label]))
    const visible = new Set(scopes.filter((s) => s.kind === 'store' && mayReadScope(caller, s)).map((s) => s.scope))
    const k = caller.role === 'store_manager' ? minCellCustomers : 1
    const items = (await findStoreProfiles(sql, run.runId, scope)).filter((p) => visible.has(p.scope)).map((p) => ({
      scope: p.scope, label: labels.get(p.scope) ?? p.scope, cluster: p.cluster,
      similar: p.similar.map((s) => ({ ...s, label: labels.get(s.scope) ?? s.scope })),
      distinctive: p.distinctive,
      demographics: p.demographics.map((d) => {
        const suppressed = d.customers < k
        return { attribute: d.attribute, value: d.value, suppressed, customers: suppressed ? null : d.customers, share: suppressed ? null : d.share, chainShare: d.chainShare, index: suppressed ? null : d.index, qValue: suppressed ? null : d.qValue, flag: suppressed ? null : d.flag === 1 ? 'over' as const : d.flag === -1 ? 'under' as const : 'none' as const }
      }),
      salesMix: p.salesMix,
    }))
    return c.json({ items }, 200)
  })

  app.openapi(segmentsRoute, async (c) => {
    requireCustomers(c.get('caller'))
    const run = await finishedRun(jobs, c.req.valid('param').runId)
    return c.json({ items: await findSegments(sql, run.runId, c.req.valid('query').kind) }, 200)
  })

  app.openapi(customersRoute, async (c) => {
    requireCustomers(c.get('caller'))
    const run = await finishedRun(jobs, c.req.valid('param').runId)
    const q = c.req.valid('query')
    const offset = Number(q.cursor ?? 0)
    const rows = await findScores(sql, run.runId, { ...q, offset })
    return c.json({ items: rows, nextCursor: rows.length === q.limit ? String(offset + q.limit) : null }, 200)
  })

  app.openapi(exportRoute, async (c) => {
    requireCustomers(c.get('caller'))
    const run = await finishedRun(jobs, c.req.valid('param').runId)
    const q = c.req.valid('query')
    const rows = await selectionExport(sql, run.runId, q.selection, q.channel)
    const csv = stringify(rows, { header: true, columns: rows.length ? Object.keys(rows[0]!) : selectionColumns(q.channel) })
    c.header('content-disposition', `attachment; filename="run-${run.runId}-${q.selection}${q.channel === 'none' ? '' : `-${q.channel}`}.csv"`)
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8' })
  })
}

export function selectionColumns(channel: 'postal_mail' | 'email' | 'none'): string[] {
  const base = ['customerRef', 'reason', 'visits', 'lastVisit', 'driftedOn', 'spendCents', 'marginCents', 'promoShare', 'rfmSegment', 'marginDecile']
  return channel === 'postal_mail' ? [...base, 'givenName', 'familyName', 'addressLine1', 'addressLine2', 'postalCode', 'city', 'country'] : channel === 'email' ? [...base, 'givenName', 'familyName', 'email'] : base
}

type ScopeInfo = { scope: string; kind: string; storeIds: number[] }
function mayReadScope(caller: Caller, s: ScopeInfo): boolean {
  const mine = storeScopes(caller)
  if (mine === null) return true
  return s.kind === 'chain' || (s.kind === 'store' && s.storeIds.every((id) => mine.includes(id)))
}

function readableScope(scopes: ScopeInfo[], runId: number, caller: Caller, scope: string): void {
  const s = scopes.find((x) => x.scope === scope)
  if (!s) throw new AppError('not_found', `Run ${runId} has no scope ${scope}`, [{ parameter: 'scope', detail: "unknown scope: 'chain', 'region:<name>' or 'store:<code>'" }])
  if (!mayReadScope(caller, s)) throw new AppError('forbidden', `A store manager sees the chain and their own stores only, not ${scope}`, [{ parameter: 'scope', detail: 'not one of your stores' }])
}

async function finishedRun(jobs: JobRunner, runId: number): Promise<AnalysisRun> {
  const run = await jobs.get(runId)
  if (!run || run.kind !== CUSTOMERS_KIND) throw new AppError('not_found', `No customer-analytics run ${runId}`, [{ parameter: 'runId', detail: 'unknown customer-analytics run' }])
  if (run.status !== 'succeeded') throw new AppError('conflict', `Run ${runId} is ${run.status}: results are there once it has succeeded`, [{ parameter: 'runId', detail: `run is ${run.status}` }])
  return run
}
