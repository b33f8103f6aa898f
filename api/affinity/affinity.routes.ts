import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { findComparisons, findRules, findSubstituteRows, labelItems, listScopes, resolveItemCodes, type RuleRow, type ScopeRow } from '../../analytics/affinity/affinity.repo.js'
import { AFFINITY_KIND, startAffinityRun } from '../../analytics/affinity/affinity.job.js'
import { completeBasket } from '../../analytics/affinity/complete-basket.js'
import type { Rule } from '../../analytics/affinity/types.js'
import type { JobRunner } from '../../analytics/jobs/index.js'
import { describeCaller, type Caller } from '../auth/caller.js'
import type { AuthEnv } from '../auth/require-key.js'
import {
  AffinityComparisonSchema, AffinityRuleSchema, AffinityRunRequestSchema, AffinityScopeSchema, ComparisonListQuerySchema, CompleteBasketRequestSchema,
  GoesWithQuerySchema, GoesWithSchema, RuleListQuerySchema, SubstituteListQuerySchema, SubstituteSchema, SuggestionSchema, type Level,
} from '../contract/affinity.js'
import { AnalysisRunSchema, RunIdParamSchema, type AnalysisRun } from '../contract/analysis-run.js'
import { pageOf } from '../contract/common.js'
import type { Database, Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { problems } from '../http/problems.js'

const tags = ['Affinity']
const security = [{ ApiKey: [] }]
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const startRunRoute = createRoute({
  method: 'post', path: '/v1/affinity/runs', tags, security, summary: 'Start a basket-affinity run',
  description:
    'Mines frequent itemsets and association rules at each target level over each scope (the chain, regions, stores), keeps the rules that are ' +
    'significant (Fisher, Benjamini–Hochberg) and not redundant, finds substitutes, and compares each store with its region and the chain. ' +
    'Answers at once with the queued run; follow it at /v1/analysis-runs/{runId}.',
  request: { body: { required: true, ...json(AffinityRunRequestSchema) } },
  responses: { 202: { description: 'The run, queued', ...json(AnalysisRunSchema) }, ...problems(400, 401, 403, 413, 415) },
})

const runParams = { params: RunIdParamSchema }
const resultProblems = problems(400, 401, 403, 404, 409)

const scopesRoute = createRoute({
  method: 'get', path: '/v1/affinity/runs/{runId}/scopes', tags, security, summary: 'The scopes and levels of a finished run, with their basket and rule counts',
  request: runParams,
  responses: { 200: { description: 'Scopes', ...json(z.object({ items: z.array(AffinityScopeSchema) })) }, ...resultProblems },
})

const rulesRoute = createRoute({
  method: 'get', path: '/v1/affinity/runs/{runId}/rules', tags, security, summary: "A run's rules in one scope: filter by item or category, sort by any measure",
  request: { ...runParams, query: RuleListQuerySchema },
  responses: { 200: { description: 'A page of rules', ...json(pageOf(AffinityRuleSchema)) }, ...resultProblems },
})

const comparisonsRoute = createRoute({
  method: 'get', path: '/v1/affinity/runs/{runId}/comparisons', tags, security, summary: 'A store (or region) against its baseline: affinities markedly stronger or weaker here',
  request: { ...runParams, query: ComparisonListQuerySchema },
  responses: { 200: { description: 'A page of comparisons: stronger, weaker, similar, thin-data', ...json(pageOf(AffinityComparisonSchema)) }, ...resultProblems },
})

const substitutesRoute = createRoute({
  method: 'get', path: '/v1/affinity/runs/{runId}/substitutes', tags, security, summary: 'Pairs bought together much less often than chance',
  request: { ...runParams, query: SubstituteListQuerySchema },
  responses: { 200: { description: 'A page of substitutes, most negative Yule\'s Q first', ...json(pageOf(SubstituteSchema)) }, ...resultProblems },
})

const goesWithRoute = createRoute({
  method: 'get', path: '/v1/affinity/runs/{runId}/goes-with', tags, security, summary: 'What goes with an item or a category',
  request: { ...runParams, query: GoesWithQuerySchema },
  responses: { 200: { description: 'Rules from and to the item', ...json(GoesWithSchema) }, ...resultProblems },
})

const completeRoute = createRoute({
  method: 'post', path: '/v1/affinity/runs/{runId}/complete', tags, security, summary: 'Basket completion: given some items, the likeliest others',
  request: { ...runParams, body: { required: true, ...json(CompleteBasketRequestSchema) } },
  responses: { 200: { description: 'Suggestions, likeliest first, each with the rule behind it', ...json(z.object({ items: z.array(SuggestionSchema) })) }, ...resultProblems },
})

export function registerAffinityRoutes(app: OpenAPIHono<AuthEnv>, db: Database, jobs: JobRunner): void {
  const { sql } = db

  app.openapi(startRunRoute, async (c) => {
    const run = await startAffinityRun(db, jobs, c.req.valid('json'), describeCaller(c.get('caller')))
    return c.json(run, 202)
  })

  app.openapi(scopesRoute, async (c) => {
    const run = await finishedRun(jobs, c.req.valid('param').runId)
    const caller = c.get('caller')
    const mine = caller.role === 'store_manager' ? await storeCodesOf(sql, caller.storeIds) : null
    return c.json({ items: (await listScopes(sql, run.runId)).filter((s) => mine === null || s.scope === 'chain' || mine.includes(s.scope)) }, 200)
  })

  app.openapi(rulesRoute, async (c) => {
    const q = c.req.valid('query')
    const { run, level } = await scopeOf(sql, jobs, c.get('caller'), c.req.valid('param').runId, q.scope, q.level)
    const items = q.item === undefined ? undefined : await itemIds(sql, level, q.item, 'item')
    const exact = await exactRuleIds(sql, level, q)
    const offset = Number(q.cursor ?? 0)
    const rows = await findRules(sql, run.runId, { scope: q.scope, level, items, itemIn: q.itemIn, ...exact, minLift: q.minLift, minConfidence: q.minConfidence, maxSize: q.maxSize, sort: q.sort, order: q.order, limit: q.limit, offset })
    return c.json({ items: await labelRules(sql, level, rows), nextCursor: rows.length === q.limit ? String(offset + q.limit) : null }, 200)
  })

  app.openapi(comparisonsRoute, async (c) => {
    const q = c.req.valid('query')
    const { run, level, scope } = await scopeOf(sql, jobs, c.get('caller'), c.req.valid('param').runId, q.scope, q.level)
    if (!scope.baselineScope) throw new AppError('invalid_request', `Scope ${q.scope} was not compared with a baseline in run ${run.runId}`, [{ parameter: 'scope', detail: 'no baseline: mine the chain (or the region) in the same run' }])
    const offset = Number(q.cursor ?? 0)
    const rows = await findComparisons(sql, run.runId, { scope: q.scope, level, verdict: q.verdict, ...(await exactRuleIds(sql, level, q)), limit: q.limit, offset })
    const label = await labeller(sql, level, rows.flatMap((r) => [...r.antecedent, r.consequent]))
    const items = rows.map((r) => ({
      antecedent: r.antecedent.map(label), consequent: label(r.consequent),
      local: { basketCount: r.localBasketCount, antecedentCount: r.localAntecedentCount, count: r.localCount, lift: r.localLift },
      baseline: { scope: r.baselineScope, basketCount: r.baselineBasketCount, antecedentCount: r.baselineAntecedentCount, count: r.baselineCount, lift: r.baselineLift },
      liftRatio: r.liftRatio, liftRatioLow: r.liftRatioLow, liftRatioHigh: r.liftRatioHigh,
      verdict: r.verdict as 'stronger', adviceSource: r.adviceSource, adviceLift: r.adviceLift, note: r.note,
    }))
    return c.json({ items, nextCursor: rows.length === q.limit ? String(offset + q.limit) : null }, 200)
  })

  app.openapi(substitutesRoute, async (c) => {
    const q = c.req.valid('query')
    const { run, level } = await scopeOf(sql, jobs, c.get('caller'), c.req.valid('param').runId, q.scope, q.level)
    const offset = Number(q.cursor ?? 0)
    const rows = await findSubstituteRows(sql, run.runId, { scope: q.scope, level, limit: q.limit, offset })
    const label = await labeller(sql, level, rows.flatMap((r) => [r.itemA, r.itemB]))
    const items = rows.map(({ itemA, itemB, ...r }) => ({ a: label(itemA), b: label(itemB), ...r }))
    return c.json({ items, nextCursor: rows.length === q.limit ? String(offset + q.limit) : null }, 200)
  })

  app.openapi(goesWithRoute, async (c) => {
    const q = c.req.valid('query')
    const { run, level, scope } = await scopeOf(sql, jobs, c.get('caller'), c.req.valid('param').runId, q.scope, q.level)
    const ids = await itemIds(sql, level, q.item, 'item')
    const base = { scope: q.scope, level, sort: 'lift' as const, order: 'desc' as const, limit: q.limit, offset: 0 }
    // One item: rules with exactly it as antecedent. A category's items: rules from any of them.
    const pullsIn = ids.length === 1 ? await findRules(sql, run.runId, { ...base, antecedentIs: ids }) : await findRules(sql, run.runId, { ...base, items: ids, itemIn: 'antecedent' })
    const pulledBy = await findRules(sql, run.runId, { ...base, items: ids, itemIn: 'consequent' })
    return c.json({ item: q.item, scope: q.scope, level, basketCount: scope.basketCount, pullsIn: await labelRules(sql, level, pullsIn), pulledBy: await labelRules(sql, level, pulledBy) }, 200)
  })

  app.openapi(completeRoute, async (c) => {
    const body = c.req.valid('json')
    const { run, level } = await scopeOf(sql, jobs, c.get('caller'), c.req.valid('param').runId, body.scope, body.level)
    const resolved = await resolveItemCodes(sql, level, body.items)
    const missing = resolved.flatMap((r, i) => (r.ids.length === 0 ? [{ pointer: `#/items/${i}`, detail: `no ${level} item has the code ${JSON.stringify(r.code)}` }] : []))
    if (missing.length) throw new AppError('invalid_request', 'The basket names items that do not exist', missing)
    const basket = [...new Set(resolved.flatMap((r) => r.ids))]
    const rows = await findRules(sql, run.runId, { scope: body.scope, level, antecedentWithin: basket, sort: 'confidence', order: 'desc', limit: 5000, offset: 0 })
    const byNo = new Map(rows.map((r) => [r.ruleNo, r]))
    const rules: (Rule & { ruleNo: number })[] = rows.map((r) => ({ ...r, conviction: r.conviction ?? Infinity, pValue: r.pValue ?? undefined, qValue: r.qValue ?? undefined }) as Rule & { ruleNo: number })
    const suggestions = completeBasket(rules, basket, { k: body.limit })
    // Each suggestion is its rule's consequent, so the rules' labels name the items too.
    const labelled = await labelRules(sql, level, suggestions.map((s) => byNo.get((s.rule as Rule & { ruleNo: number }).ruleNo)!))
    return c.json({ items: suggestions.map((s, i) => ({ item: labelled[i]!.consequent, confidence: s.confidence, lift: s.lift, count: s.count, because: labelled[i]! })) }, 200)
  })
}

async function finishedRun(jobs: JobRunner, runId: number): Promise<AnalysisRun> {
  const run = await jobs.get(runId)
  if (!run || run.kind !== AFFINITY_KIND) throw new AppError('not_found', `No affinity run ${runId}`, [{ parameter: 'runId', detail: 'unknown affinity run' }])
  if (run.status !== 'succeeded') throw new AppError('conflict', `Run ${runId} is ${run.status}: results are there once it has succeeded`, [{ parameter: 'runId', detail: `run is ${run.status}` }])
  return run
}

/** A store manager's stores as affinity scope names ('store:<code>'). */
async function storeCodesOf(sql: Sql, storeIds: number[]): Promise<string[]> {
  const rows = await sql<{ code: string }[]>`select code from stores where store_id = any(${storeIds}::int[])`
  return rows.map((r) => `store:${r.code}`)
}

async function scopeOf(sql: Sql, jobs: JobRunner, caller: Caller, runId: number, scopeName: string, levelAsked: Level | undefined): Promise<{ run: AnalysisRun; level: Level; scope: ScopeRow }> {
  const run = await finishedRun(jobs, runId)
  // Store managers read the chain's rules and their own stores', never another store's or a region's.
  if (caller.role === 'store_manager' && scopeName !== 'chain' && !(await storeCodesOf(sql, caller.storeIds)).includes(scopeName)) {
    throw new AppError('forbidden', `A store manager sees the chain and their own stores only, not ${scopeName}`, [{ parameter: 'scope', detail: 'not one of your stores' }])
  }
  const scopes = await listScopes(sql, run.runId)
  const level = levelAsked ?? (run.params as { targets?: { level: Level }[] }).targets?.[0]?.level ?? 'category'
  const scope = scopes.find((s) => s.scope === scopeName && s.level === level)
  if (!scope) {
    const known = scopes.map((s) => `${s.scope} (${s.level})`).slice(0, 10).join(', ')
    throw new AppError('not_found', `Run ${runId} has no scope ${scopeName} at level ${level}`, [{ parameter: 'scope', detail: `the run has: ${known}` }])
  }
  return { run, level, scope }
}

async function itemIds(sql: Sql, level: Level, code: string, parameter: string): Promise<number[]> {
  const [r] = await resolveItemCodes(sql, level, [code])
  if (!r || r.ids.length === 0) throw new AppError('not_found', `No ${level} item or category has the code ${JSON.stringify(code)}`, [{ parameter, detail: 'unknown item or category code' }])
  return r.ids
}

/** The `antecedent` (comma-separated codes) and `consequent` filters as item ids: each code must name one item of the level. */
async function exactRuleIds(sql: Sql, level: Level, q: { antecedent?: string | undefined; consequent?: string | undefined }) {
  const one = async (code: string, parameter: string) => {
    const ids = await itemIds(sql, level, code, parameter)
    if (ids.length !== 1) throw new AppError('invalid_request', `${JSON.stringify(code)} names ${ids.length} items at level ${level}, not one`, [{ parameter, detail: 'must name one item of the level' }])
    return ids[0]!
  }
  const antecedentIs = q.antecedent === undefined ? undefined : (await Promise.all(q.antecedent.split(',').map((c) => one(c.trim(), 'antecedent')))).sort((a, b) => a - b)
  const consequentIs = q.consequent === undefined ? undefined : await one(q.consequent, 'consequent')
  return { antecedentIs, consequentIs }
}

async function labeller(sql: Sql, level: Level, ids: number[]) {
  const labels = new Map((await labelItems(sql, level, ids)).map((l) => [l.id, l]))
  return (id: number) => labels.get(id) ?? { id, code: String(id), name: '(deleted)' }
}

async function labelRules(sql: Sql, level: Level, rows: RuleRow[]) {
  const label = await labeller(sql, level, rows.flatMap((r) => [...r.antecedent, r.consequent]))
  return rows.map(({ antecedent, consequent, size: _size, ...r }) => ({ ...r, antecedent: antecedent.map(label), consequent: label(consequent) }))
}
