import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app.js'
import { createApiKey } from '../../api/auth/auth.repo.js'
import type { AnalysisRun } from '../../api/contract/analysis-run.js'
import type { Database } from '../../api/db/create-database.js'
import { createJobRunner, type JobRunner } from '../../analytics/jobs/index.js'
import type { GroundTruth } from '../../fixtures/generator/manifest.js'
import { createGeneratedTestDb } from '../helpers/generated-db.js'
import { expectProblem } from '../helpers/test-api.js'

type Item = { id: number; code: string; name: string }
type ApiRule = { ruleNo: number; antecedent: Item[]; consequent: Item; count: number; antecedentCount: number; confidence: number; lift: number; support: number; qValue: number | null; pValue: number | null }
type Page<T> = { items: T[]; nextCursor: string | null }

let db: Database
let manifest: GroundTruth
let jobs: JobRunner
let app: ReturnType<typeof createApp>
let key: string
let categoryRun: AnalysisRun
let skuRun: AnalysisRun

const request = (method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })

async function runToEnd(body: unknown): Promise<AnalysisRun> {
  const res = await request('POST', '/v1/affinity/runs', body)
  expect(res.status, await res.clone().text()).toBe(202)
  const run = (await res.json()) as AnalysisRun
  return (await jobs.waitFor(run.runId))!
}

beforeAll(async () => {
  ;({ db, manifest } = await createGeneratedTestDb())
  jobs = createJobRunner(db.sql)
  app = createApp({ db, log: () => {}, bodyLimitBytes: 1 << 20, jobs })
  ;({ key } = await createApiKey(db.sql, { role: 'admin', storeId: null, name: 'test admin' }))
  categoryRun = await runToEnd({ targets: [{ level: 'category', scopes: ['chain', 'stores'] }], minSupport: 0.002, minConfidence: 0.05 })
  skuRun = await runToEnd({ targets: [{ level: 'sku', scopes: ['chain'] }], minSupport: 20, minConfidence: 0.05, maxLength: 3, substitutes: false })
}, 300_000)
afterAll(async () => {
  await jobs?.close()
  await db?.close()
})

const typed = async <T>(res: Response): Promise<T> => {
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as T
}
const rulesOf = async (runId: number, query: string) => typed<Page<ApiRule>>(await request('GET', `/v1/affinity/runs/${runId}/rules?${query}`))
const names = (r: ApiRule) => `${r.antecedent.map((i) => i.code).join('+')}→${r.consequent.code}`

describe('an affinity run over the generated chain', () => {
  it('succeeds and records what it read and found', () => {
    expect(categoryRun.status).toBe('succeeded')
    expect(categoryRun.counts).toMatchObject({ scopes: 5 })
    expect((categoryRun.counts as { baskets: number }).baskets).toBeGreaterThan(20_000)
    expect(Object.keys(categoryRun.timings!)).toEqual(expect.arrayContaining(['extract', 'mine category', 'save']))
  })

  it('finds every planted category pair and triple in the chain, at least as strong as planted', async () => {
    for (const p of manifest.categoryPairs) {
      const { items } = await rulesOf(categoryRun.runId, `scope=chain&antecedent=${p.a}&consequent=${p.b}`)
      expect(items.map(names)).toEqual([`${p.a}→${p.b}`])
      const rule = items[0]
      expect(rule!.lift).toBeGreaterThanOrEqual(p.minLift)
      expect(rule!.qValue!).toBeLessThan(0.05)
    }
    for (const t of manifest.categoryTriples) {
      const { items } = await rulesOf(categoryRun.runId, `scope=chain&antecedent=${t.given.join(',')}&consequent=${t.add}`)
      expect(items, `${t.given.join('+')} → ${t.add}`).toHaveLength(1)
      expect(items[0]!.lift).toBeGreaterThanOrEqual(t.minLift)
    }
  })

  it('finds the planted SKU pair at SKU level', async () => {
    for (const p of manifest.skuPairs) {
      const { items } = await rulesOf(skuRun.runId, `scope=chain&level=sku&antecedent=${p.a}&consequent=${p.b}`)
      expect(items.map(names)).toEqual([`${p.a}→${p.b}`])
      expect(items[0]!.lift).toBeGreaterThanOrEqual(p.minLift)
    }
  })

  it('reports the store-specific pair as stronger only in the stores it is planted in', async () => {
    const [p] = manifest.storeSpecificPairs
    for (const s of manifest.stores) {
      const { items } = await typed<Page<{ antecedent: Item[]; consequent: Item; verdict: string; liftRatio: number; note: string }>>(
        await request('GET', `/v1/affinity/runs/${categoryRun.runId}/comparisons?scope=store:${s.code}&antecedent=${p!.a}&consequent=${p!.b}`),
      )
      expect(items.length).toBeLessThanOrEqual(1)
      const c = items[0]
      if (p!.stores.includes(s.code)) {
        expect(c?.verdict, `${s.code}: ${c?.note}`).toBe('stronger')
        expect(c!.liftRatio).toBeGreaterThanOrEqual(p!.minLiftRatioToOtherStores)
      } else {
        expect(c?.verdict ?? 'absent', `${s.code}: ${c?.note}`).not.toBe('stronger')
      }
    }
  })

  it('lists the scopes with their basket counts, the stores adding up to the chain', async () => {
    const { items } = await typed<{ items: { scope: string; basketCount: number; baselineScope: string | null }[] }>(await request('GET', `/v1/affinity/runs/${categoryRun.runId}/scopes`))
    expect(items.map((s) => s.scope)).toEqual(['chain', ...manifest.stores.map((s) => `store:${s.code}`).sort()])
    const chain = items.find((s) => s.scope === 'chain')!
    expect(items.filter((s) => s.scope !== 'chain').reduce((n, s) => n + s.basketCount, 0)).toBe(chain.basketCount)
    expect(items.filter((s) => s.scope !== 'chain').every((s) => s.baselineScope === 'chain')).toBe(true)
  })

  it('sorts by any measure and pages without gaps or repeats', async () => {
    const all = await rulesOf(categoryRun.runId, 'scope=chain&sort=confidence&order=asc&limit=1000')
    expect(all.items.length).toBeGreaterThan(20)
    const confidences = all.items.map((r) => r.confidence)
    expect(confidences).toEqual([...confidences].sort((a, b) => a - b))
    const first = await rulesOf(categoryRun.runId, 'scope=chain&sort=confidence&order=asc&limit=7')
    const second = await rulesOf(categoryRun.runId, `scope=chain&sort=confidence&order=asc&limit=7&cursor=${first.nextCursor}`)
    expect([...first.items, ...second.items].map((r) => r.ruleNo)).toEqual(all.items.slice(0, 14).map((r) => r.ruleNo))
  })

  it('keeps rules of at most maxSize items: maxSize=2 gives exactly the pair rules', async () => {
    const pairs = await rulesOf(categoryRun.runId, 'scope=chain&maxSize=2&limit=1000')
    const [{ n }] = (await db.sql<{ n: number }[]>`select count(*)::int as n from affinity_rules where run_id = ${categoryRun.runId} and scope = 'chain' and level = 'category' and size = 2`) as unknown as [{ n: number }]
    expect(n).toBeGreaterThan(0)
    expect(pairs.items).toHaveLength(n)
    expect(pairs.items.every((r) => r.antecedent.length === 1)).toBe(true)
    const lifts = pairs.items.map((r) => r.lift)
    expect(lifts).toEqual([...lifts].sort((a, b) => b - a))
    await expectProblem(await request('GET', `/v1/affinity/runs/${categoryRun.runId}/rules?scope=chain&maxSize=1`), 400)
  })

  it('answers what goes with an item, and completes a basket', async () => {
    const [p] = manifest.categoryPairs
    const goes = await typed<{ pullsIn: ApiRule[]; pulledBy: ApiRule[]; basketCount: number }>(await request('GET', `/v1/affinity/runs/${categoryRun.runId}/goes-with?item=${p!.a}`))
    expect(goes.pullsIn[0]!.consequent.code).toBe(p!.b) // the planted partner is the strongest
    expect(goes.pullsIn.every((r) => r.antecedent.length === 1 && r.antecedent[0]!.code === p!.a)).toBe(true)
    // Completion ranks by confidence (how likely the item joins the basket), not by lift.
    const done = await typed<{ items: { item: Item; confidence: number; because: ApiRule }[] }>(await request('POST', `/v1/affinity/runs/${categoryRun.runId}/complete`, { items: [p!.a], limit: 50 }))
    const confidences = done.items.map((s) => s.confidence)
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a))
    expect(done.items.map((s) => s.item.code)).toContain(p!.b)
    expect(done.items.every((s) => s.item.code !== p!.a && s.because.antecedent.every((i) => i.code === p!.a))).toBe(true)
    const best = await rulesOf(categoryRun.runId, `scope=chain&antecedent=${p!.a}&sort=confidence&limit=1`)
    expect(done.items[0]!.item.code).toBe(best.items[0]!.consequent.code)
  })

  it('refuses unknown stores, runs, scopes and items with the field named', async () => {
    expect((await expectProblem(await request('POST', '/v1/affinity/runs', { targets: [{ level: 'category', scopes: ['chain', 'store:NOPE'] }] }), 400)).errors).toEqual([{ pointer: '#/targets/0/scopes/1', detail: 'no store has the code "NOPE"' }])
    expect((await expectProblem(await request('POST', '/v1/affinity/runs', { minSupport: 1.5 }), 400)).errors).toEqual([{ pointer: '#/minSupport', detail: 'a support of 1 or more is a basket count and must be an integer' }])
    expect((await expectProblem(await request('GET', `/v1/affinity/runs/999999/rules`), 404)).errors).toEqual([{ parameter: 'runId', detail: 'unknown affinity run' }])
    expect((await expectProblem(await request('GET', `/v1/affinity/runs/${categoryRun.runId}/rules?scope=store:ZZZ`), 404)).errors).toEqual([{ parameter: 'scope', detail: expect.stringContaining('the run has: chain (category)') }])
    expect((await expectProblem(await request('GET', `/v1/affinity/runs/${categoryRun.runId}/goes-with?item=NOPE`), 404)).errors).toEqual([{ parameter: 'item', detail: 'unknown item or category code' }])
  })
})

describe('who reads which affinities', () => {
  it("a store manager reads the chain's rules and their own store's, not another store's", async () => {
    const [s1] = (await db.sql<{ storeId: number }[]>`select store_id from stores where code = 'S001'`) as unknown as [{ storeId: number }]
    const { key: managerKey } = await createApiKey(db.sql, { role: 'store_manager', storeId: null, storeIds: [s1.storeId], name: 'S001 manager' })
    const manager = (path: string) => app.request(path, { headers: { authorization: `Bearer ${managerKey}` } })
    const scopes = await typed<{ items: { scope: string }[] }>(await manager(`/v1/affinity/runs/${categoryRun.runId}/scopes`))
    expect([...new Set(scopes.items.map((s) => s.scope))].sort()).toEqual(['chain', 'store:S001'])
    expect((await typed<Page<ApiRule>>(await manager(`/v1/affinity/runs/${categoryRun.runId}/rules?scope=store:S001&limit=5`))).items.length).toBeGreaterThan(0)
    expect((await typed<Page<ApiRule>>(await manager(`/v1/affinity/runs/${categoryRun.runId}/rules?scope=chain&limit=5`))).items.length).toBeGreaterThan(0)
    const forbidden = await expectProblem(await manager(`/v1/affinity/runs/${categoryRun.runId}/rules?scope=store:S002`), 403)
    expect(forbidden).toMatchObject({ errors: [{ parameter: 'scope', detail: 'not one of your stores' }] })
    expect((await app.request('/v1/affinity/runs', { method: 'POST', headers: { authorization: `Bearer ${managerKey}`, 'content-type': 'application/json' }, body: '{}' })).status).toBe(403)
  })
})

describe('item constraints of a run, end to end', () => {
  it('onlyItems keeps rules about those categories, neverItems leaves them out, unknown codes are named', async () => {
    const only = await runToEnd({ targets: [{ level: 'category', scopes: ['chain'] }], minSupport: 0.002, minConfidence: 0.05, onlyItems: ['PASTA'], onlyIn: 'antecedent', substitutes: false })
    const onlyRules = (await rulesOf(only.runId, 'scope=chain&level=category&limit=1000')).items
    expect(onlyRules.length).toBeGreaterThan(0)
    expect(onlyRules.every((r) => r.antecedent.some((i) => i.code === 'PASTA'))).toBe(true)
    expect((await rulesOf(only.runId, 'scope=chain&level=category&antecedent=PASTA&consequent=PASTA-SAUCE')).items.map(names)).toEqual(['PASTA→PASTA-SAUCE'])
    const never = await runToEnd({ targets: [{ level: 'category', scopes: ['chain'] }], minSupport: 0.002, minConfidence: 0.05, neverItems: ['PASTA'], substitutes: false })
    const neverRules = (await rulesOf(never.runId, 'scope=chain&level=category&limit=1000')).items
    expect(neverRules.length).toBeGreaterThan(0)
    expect(neverRules.some((r) => [...r.antecedent, r.consequent].some((i) => i.code === 'PASTA'))).toBe(false)
    const bad = await request('POST', '/v1/affinity/runs', { targets: [{ level: 'category', scopes: ['chain'] }], onlyItems: ['PASTA', 'NO-SUCH-CATEGORY'] })
    expect(await expectProblem(bad, 400)).toMatchObject({ errors: [{ pointer: '#/onlyItems/1', detail: 'no category item or category has the code "NO-SUCH-CATEGORY"' }] })
  })
})
