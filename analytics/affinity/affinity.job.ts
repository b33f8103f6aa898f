import type { AnalysisRun } from '../../api/contract/analysis-run.js'
import type { AffinityRunRequest, Level } from '../../api/contract/affinity.js'
import type { Database } from '../../api/db/create-database.js'
import { AppError, type FieldError } from '../../api/errors/app-error.js'
import type { JobContext, JobRunner } from '../jobs/index.js'
import { saveScopeResult, resolveItemCodes } from './affinity.repo.js'
import type { AnalyseLevelInput } from './analyse-level.task.js'
import type { ScopeResult, ScopeSpec } from './analyse-scopes.js'
import { extractBaskets, loadCatalog, type Catalog } from './basket-source.repo.js'

export const AFFINITY_KIND = 'affinity'
const TASK = { module: new URL('./analyse-level.task.ts', import.meta.url), export: 'analyseLevel' }

type StoreRow = { storeId: number; code: string; region: string }

/**
 * Checks a request against the database (stores, regions and item codes must exist), records a
 * queued affinity run and returns it; the run then executes in the background: baskets extracted
 * once (main thread), each target level mined in a worker thread, results saved in one transaction.
 */
export async function startAffinityRun(db: Database, jobs: JobRunner, request: AffinityRunRequest, requestedBy: string | null): Promise<AnalysisRun> {
  const stores = await db.sql<StoreRow[]>`select store_id, code, region from stores order by code`
  const errors: FieldError[] = []
  const targets = request.targets.map((t, ti) => ({
    level: t.level,
    scopes: expandScopes(t.scopes, stores, (si, detail) => errors.push({ pointer: `#/targets/${ti}/scopes/${si}`, detail })),
  }))
  // Item constraints resolved here, once per level, to the level's ids the job recodes.
  const constraints = new Map<Level, { only?: number[]; never?: number[] }>()
  for (const [name, key, codes] of [['onlyItems', 'only', request.onlyItems], ['neverItems', 'never', request.neverItems]] as const) {
    if (!codes) continue
    for (const t of request.targets) {
      const resolved = await resolveItemCodes(db.sql, t.level, codes)
      resolved.forEach((r, i) => {
        if (r.ids.length === 0) errors.push({ pointer: `#/${name}/${i}`, detail: `no ${t.level} item or category has the code ${JSON.stringify(r.code)}` })
      })
      constraints.set(t.level, { ...constraints.get(t.level), [key]: resolved.flatMap((r) => r.ids) })
    }
  }
  if (errors.length) throw new AppError('invalid_request', 'The request names stores, regions or items that do not exist', dedupe(errors))
  const scopeKey = request.targets.map((t) => `${t.level}:${t.scopes.join('+')}`).join(',')
  return jobs.start(AFFINITY_KIND, { scopeKey, params: request, dataFrom: request.from ?? null, dataTo: request.to ?? null, requestedBy }, (ctx) =>
    executeAffinityRun(db, ctx, targets, constraints),
  )
}

async function executeAffinityRun(db: Database, ctx: JobContext<AffinityRunRequest>, targets: { level: Level; scopes: ScopeSpec[] }[], constraints: Map<Level, { only?: number[]; never?: number[] }>) {
  const p = ctx.params
  const catalog = await ctx.time('catalog', () => loadCatalog(db.sql))
  const everyStore = targets.some((t) => t.scopes.some((s) => s.storeIds === null))
  const storeIds = everyStore ? undefined : [...new Set(targets.flatMap((t) => t.scopes.flatMap((s) => s.storeIds ?? [])))]
  const { baskets, stores } = await ctx.time('extract', () =>
    extractBaskets(db, { storeIds, from: p.from, to: p.to, customers: p.customers, segment: p.segment }, catalog, (done, total) => ctx.progress('extract', done, total)),
  )
  const lines = baskets.offsets[baskets.basketCount]!
  const results: { level: Level; scopes: ScopeResult[] }[] = []
  for (const [i, t] of targets.entries()) {
    ctx.signal.throwIfAborted()
    const level = catalog.levels[t.level]
    const constraint = (ids: number[] | undefined) => (ids ? denseIds(catalog, t.level, ids) : undefined)
    const input: AnalyseLevelInput = {
      baskets,
      stores,
      rollUp: t.level === 'sku' ? null : { map: level.fromProduct, itemCount: level.ids.length },
      scopes: t.scopes,
      params: {
        minSupport: p.minSupport, minConfidence: p.minConfidence, minLift: p.minLift, maxLength: p.maxLength, alpha: p.alpha,
        keepInsignificant: p.keepInsignificant, keepRedundant: p.keepRedundant, substitutes: p.substitutes, maxCompared: p.maxCompared,
        onlyItems: constraint(constraints.get(t.level)?.only), onlyIn: p.onlyIn, neverItems: constraint(constraints.get(t.level)?.never),
      },
    }
    // The SKU baskets are copied to each worker but the last, which gets them transferred.
    const last = i === targets.length - 1
    const scopes = await ctx.time(`mine ${t.level}`, () =>
      ctx.runInWorker<AnalyseLevelInput, ScopeResult[]>(TASK, input, { transfer: last ? ([baskets.offsets.buffer, baskets.items.buffer, stores.buffer] as ArrayBuffer[]) : [] }),
    )
    results.push({ level: t.level, scopes })
  }
  ctx.signal.throwIfAborted()
  await ctx.time('save', () =>
    db.sql.begin(async (tx) => {
      for (const r of results) for (const s of r.scopes) await saveScopeResult(tx as never, ctx.runId, r.level, s, catalog.levels[r.level].ids)
    }),
  )
  const all = results.flatMap((r) => r.scopes)
  return {
    counts: {
      baskets: baskets.basketCount,
      lines,
      scopes: all.length,
      rules: all.reduce((s, r) => s + r.rules.length, 0),
      rulesTested: all.reduce((s, r) => s + r.rulesTested, 0),
      substitutes: all.reduce((s, r) => s + r.substitutes.length, 0),
      comparisons: all.reduce((s, r) => s + r.comparisons.length, 0),
    },
  }
}

/** Level ids (product_id, category_id, ...) → the dense ids the cores mine. */
function denseIds(catalog: Catalog, level: Level, ids: number[]): number[] {
  const dense = new Map(Array.from(catalog.levels[level].ids, (id, i) => [id, i]))
  return [...new Set(ids.map((id) => dense.get(id)).filter((x): x is number => x !== undefined))].sort((a, b) => a - b)
}

/**
 * Scope names → the scopes to mine. Stores are compared with their region when the regions are
 * mined too, and with the chain when the chain is; regions with the chain.
 */
function expandScopes(names: string[], stores: StoreRow[], fail: (index: number, detail: string) => void): ScopeSpec[] {
  const out = new Map<string, Omit<ScopeSpec, 'baselines'>>()
  const regions = [...new Set(stores.map((s) => s.region))].sort()
  names.forEach((name, i) => {
    if (name === 'chain') out.set('chain', { key: 'chain', kind: 'chain', storeIds: null })
    else if (name === 'stores') for (const s of stores) out.set(`store:${s.code}`, { key: `store:${s.code}`, kind: 'store', storeIds: [s.storeId] })
    else if (name === 'regions') for (const r of regions) out.set(`region:${r}`, { key: `region:${r}`, kind: 'region', storeIds: stores.filter((s) => s.region === r).map((s) => s.storeId) })
    else if (name.startsWith('store:')) {
      const s = stores.find((x) => x.code === name.slice(6))
      if (!s) fail(i, `no store has the code ${JSON.stringify(name.slice(6))}`)
      else out.set(name, { key: name, kind: 'store', storeIds: [s.storeId] })
    } else if (name.startsWith('region:')) {
      const r = name.slice(7)
      if (!regions.includes(r)) fail(i, `no store is in the region ${JSON.stringify(r)}`)
      else out.set(name, { key: name, kind: 'region', storeIds: stores.filter((s) => s.region === r).map((s) => s.storeId) })
    }
  })
  const regionOf = new Map(stores.map((s) => [s.storeId, s.region]))
  return [...out.values()].map((s) => ({
    ...s,
    baselines:
      s.kind === 'store'
        ? // a region of this store alone is no baseline: without the store's own baskets it is empty
          [`region:${regionOf.get(s.storeIds![0]!)}`, 'chain'].filter((k) => out.has(k) && (k === 'chain' || out.get(k)!.storeIds!.length > 1))
        : s.kind === 'region' && out.has('chain')
          ? ['chain']
          : [],
  }))
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>()
  return errors.filter((e) => {
    const k = JSON.stringify(e)
    return seen.has(k) ? false : (seen.add(k), true)
  })
}
