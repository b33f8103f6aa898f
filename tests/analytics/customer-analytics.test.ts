import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app.js'
import { createApiKey } from '../../api/auth/auth.repo.js'
import type { AnalysisRun } from '../../api/contract/analysis-run.js'
import type { Database } from '../../api/db/create-database.js'
import { createJobRunner, type JobRunner } from '../../analytics/jobs/index.js'
import type { GroundTruth } from '../../fixtures/generator/manifest.js'
import { createGeneratedTestDb } from '../helpers/generated-db.js'
import { expectProblem } from '../helpers/test-api.js'

type Page<T> = { items: T[]; nextCursor: string | null }
type Cell = { attribute: string; value: string; item: { code: string; name: string }; suppressed: boolean; customers: number | null; buyers: number | null; index: number | null; qValue: number | null; flag: 'over' | 'under' | 'none' | null }
type Score = { customerRef: string; lapsed: boolean; driftedOn: string | null; unprofitable: boolean; atRisk: boolean; marginCents: number; visits: number; rfmSegment: string; marginDecile: number }

let db: Database
let manifest: GroundTruth
let jobs: JobRunner
let app: ReturnType<typeof createApp>
let key: string
let run: AnalysisRun

const request = (method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })
const typed = async <T>(res: Response): Promise<T> => {
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as T
}
async function all<T>(path: string): Promise<T[]> {
  const out: T[] = []
  let cursor: string | null = null
  do {
    const page: Page<T> = await typed<Page<T>>(await request('GET', `${path}${path.includes('?') ? '&' : '?'}limit=1000${cursor ? `&cursor=${cursor}` : ''}`))
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}
const precisionRecall = (found: Set<string>, truth: Set<string>) => {
  const hits = [...found].filter((x) => truth.has(x)).length
  return { precision: found.size ? hits / found.size : 0, recall: truth.size ? hits / truth.size : 0, found: found.size, truth: truth.size }
}

beforeAll(async () => {
  ;({ db, manifest } = await createGeneratedTestDb())
  jobs = createJobRunner(db.sql)
  app = createApp({ db, log: () => {}, bodyLimitBytes: 1 << 20, jobs })
  ;({ key } = await createApiKey(db.sql, { role: 'admin', storeId: null, name: 'test admin' }))
  const res = await request('POST', '/v1/customer-analytics/runs', {})
  expect(res.status, await res.clone().text()).toBe(202)
  run = (await jobs.waitFor(((await res.json()) as AnalysisRun).runId))!
}, 300_000)
afterAll(async () => {
  await jobs?.close()
  await db?.close()
})

/** Card holders who allow profiling: the only ones individual results may hold. */
async function profiled(): Promise<Set<string>> {
  const rows = await db.sql<{ customerRef: string }[]>`select c.customer_ref from customers c join customer_permissions p using (customer_id) where p.profiling`
  return new Set(rows.map((r) => r.customerRef))
}

describe('a customer-analytics run over the generated chain', () => {
  it('succeeds and records what it read and found', () => {
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded')
    expect(Object.keys(run.timings!)).toEqual(expect.arrayContaining(['extract', 'analyse', 'save']))
    expect((run.counts as { customers: number }).customers).toBe(1_500)
  })

  it('flags every planted demographic preference, and few others', async () => {
    const cells = await all<Cell>(`/v1/customer-analytics/runs/${run.runId}/demographics?scope=chain&level=category&flagged=over`)
    const babyCats = (await db.sql<{ code: string }[]>`select c.code from categories c join departments d using (department_id) where d.code = 'BABY'`).map((r) => r.code)
    const planted = new Set([...babyCats.map((c) => `children=under 5:${c}`), 'ageBand=18-29:SOFT-DRINKS', 'ageBand=65+:CAKES'])
    const found = new Set(cells.map((c) => `${c.attribute}=${c.value}:${c.item.code}`))
    const pr = precisionRecall(found, planted)
    // Other attributes correlate with the planted ones (parents of young children are 30-44 and
    // live in households of 3+), and catchments differ in demand (a planted store effect shows
    // through postcode areas and the incomes living there): real patterns, in the categories a
    // planted mechanism touches. A flag in any other category is a false discovery.
    const touched = new Set([...babyCats, 'SOFT-DRINKS', 'CAKES', ...manifest.storeDemand.map((d) => d.category), ...manifest.storeSpecificPairs.flatMap((p) => [p.a, p.b])])
    const falseFlags = [...found].filter((f) => !touched.has(f.split(':')[1]!))
    console.log(`demographic preferences (chain, category, over-index): recall ${pr.recall}, ${pr.found} flagged, exact planted cells ${(pr.precision * 100).toFixed(0)} %, in planted categories ${found.size - falseFlags.length} of ${found.size}`)
    expect(pr.recall).toBe(1)
    expect(falseFlags.length / found.size).toBeLessThanOrEqual(0.1)
  })

  it('finds the planted lapsed customers and cherry-pickers with precision and recall of at least 0.8', async () => {
    const allowed = await profiled()
    const scores = await all<Score>(`/v1/customer-analytics/runs/${run.runId}/customers`)
    const lapsed = precisionRecall(new Set(scores.filter((s) => s.lapsed).map((s) => s.customerRef)), new Set(manifest.lapsed.map((l) => l.customerRef).filter((r) => allowed.has(r))))
    const pickers = precisionRecall(new Set(scores.filter((s) => s.unprofitable).map((s) => s.customerRef)), new Set(manifest.cherryPickers.customerRefs.filter((r) => allowed.has(r))))
    console.log('lapsed:', lapsed, 'cherry-pickers (unprofitable):', pickers)
    expect(lapsed.precision).toBeGreaterThanOrEqual(0.8)
    expect(lapsed.recall).toBeGreaterThanOrEqual(0.8)
    expect(pickers.precision).toBeGreaterThanOrEqual(0.8)
    expect(pickers.recall).toBeGreaterThanOrEqual(0.8)
  })
})

describe('consent and erasure in customer analytics', () => {
  it('leaves customers who objected to profiling out of every individual result, while their purchases count in the stores', async () => {
    const objectors = await db.sql<{ customerId: string }[]>`
      select c.customer_id::text from customers c join customer_permissions p using (customer_id)
      where not p.profiling and exists (select 1 from receipts r where r.customer_id = c.customer_id)`
    expect(objectors.length).toBeGreaterThan(50)
    const [{ n }] = (await db.sql<{ n: number }[]>`select count(*)::int as n from customer_scores where run_id = ${run.runId} and customer_id = any(${objectors.map((o) => o.customerId)}::bigint[])`) as unknown as [{ n: number }]
    expect(n).toBe(0)
    // The chain's demographic population is the card holders who allow profiling and bought.
    const [{ profiled: expected }] = (await db.sql<{ profiled: number }[]>`
      select count(*)::int as profiled from customers c join customer_permissions p using (customer_id)
      where p.profiling and exists (select 1 from receipt_lines l join receipts r using (store_id, receipt_id) where r.customer_id = c.customer_id and l.product_id is not null and not l.voided)`) as unknown as [{ profiled: number }]
    const scopes = await typed<{ items: { scope: string; customers: number }[] }>(await request('GET', `/v1/customer-analytics/runs/${run.runId}/scopes`))
    expect(scopes.items.find((s) => s.scope === 'chain')!.customers).toBe(expected)
    // A store's sales mix counts every sale: anonymous, objectors', everyone's.
    const profiles = await typed<{ items: { scope: string; salesMix: { department: string; share: number }[] }[] }>(await request('GET', `/v1/customer-analytics/runs/${run.runId}/store-profiles?scope=store:S001`))
    const mix = await db.sql<{ department: string; share: number }[]>`
      select d.code as department, sum(l.net_amount_cents)::float8 / sum(sum(l.net_amount_cents)) over () as share
      from receipt_lines l join products p using (product_id) join subcategories s using (subcategory_id) join categories c using (category_id) join departments d using (department_id)
      join stores st on st.store_id = l.store_id
      where st.code = 'S001' and not l.voided group by d.code`
    const got = new Map(profiles.items[0]!.salesMix.map((m) => [m.department, m.share]))
    expect(mix.length).toBeGreaterThan(3)
    for (const m of mix) expect(got.get(m.department)).toBeCloseTo(m.share, 6)
  })

  it('an objection recorded after the run takes the customer out of its stored results at once', async () => {
    const [someone] = await all<Score>(`/v1/customer-analytics/runs/${run.runId}/customers?selection=lapsed`)
    expect(someone).toBeDefined()
    const res = await request('POST', `/v1/customers/${someone!.customerRef}/consents`, { purpose: 'profiling', channel: 'any', decision: 'objected', recordedAt: new Date().toISOString(), source: 'call-centre' })
    expect(res.status, await res.clone().text()).toBeLessThan(300)
    const after = await all<Score>(`/v1/customer-analytics/runs/${run.runId}/customers?selection=lapsed`)
    expect(after.map((s) => s.customerRef)).not.toContain(someone!.customerRef)
    const csv = await (await request('GET', `/v1/customer-analytics/runs/${run.runId}/export?selection=lapsed`)).text()
    expect(csv).not.toContain(someone!.customerRef)
  })

  it('erasing a customer deletes their individual results from every run', async () => {
    const [someone] = await all<Score>(`/v1/customer-analytics/runs/${run.runId}/customers?selection=unprofitable`)
    const [{ id }] = (await db.sql<{ id: string }[]>`select customer_id::text as id from customers where customer_ref = ${someone!.customerRef}`) as unknown as [{ id: string }]
    expect((await request('DELETE', `/v1/customers/${someone!.customerRef}`)).status).toBe(204)
    expect(await db.sql`select 1 from customer_scores where customer_id = ${id}`).toHaveLength(0)
    const after = await all<Score>(`/v1/customer-analytics/runs/${run.runId}/customers?selection=unprofitable`)
    expect(after.map((s) => s.customerRef)).not.toContain(someone!.customerRef)
  })

  it('exports a selection as CSV with contact data only for customers who consented to that channel', async () => {
    const res = await request('GET', `/v1/customer-analytics/runs/${run.runId}/export?selection=lapsed&channel=email`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    const [header, ...lines] = (await res.text()).trim().split('\n')
    expect(header).toBe('customerRef,reason,visits,lastVisit,driftedOn,spendCents,marginCents,promoShare,rfmSegment,marginDecile,givenName,familyName,email')
    const consent = new Map((await db.sql<{ customerRef: string; email: boolean }[]>`
      select c.customer_ref, p.marketing_email as email from customers c join customer_permissions p using (customer_id)`).map((r) => [r.customerRef, r.email]))
    const rows = lines.map((l) => l.split(','))
    expect(rows.length).toBeGreaterThan(20)
    const withEmail = rows.filter((r) => r[12] !== '')
    expect(withEmail.length).toBeGreaterThan(0)
    expect(withEmail.length).toBeLessThan(rows.length) // some lapsed customers did not consent to email
    for (const r of rows) expect(r[12] !== '', r[0]).toBe(consent.get(r[0]!))
    expect(withEmail.every((r) => /@example\.org$/.test(r[12]!))).toBe(true)
  })

  it('refuses an unknown run, a run of another kind and an unknown scope, naming the parameter', async () => {
    expect(await expectProblem(await request('GET', '/v1/customer-analytics/runs/99999/scopes'), 404)).toMatchObject({ errors: [{ parameter: 'runId', detail: 'unknown customer-analytics run' }] })
    expect(await expectProblem(await request('GET', `/v1/customer-analytics/runs/${run.runId}/demographics?scope=store:NOPE`), 404)).toMatchObject({ errors: [{ parameter: 'scope', detail: "unknown scope: 'chain', 'region:<name>' or 'store:<code>'" }] })
    const bad = await request('POST', '/v1/customer-analytics/runs', { from: '2025-03-01', to: '2025-01-01', fdr: 2 })
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { errors: { pointer: string }[] }
    expect(body.errors.map((e) => e.pointer).sort()).toEqual(['#/fdr', '#/from'])
  })
})

describe('who sees what of customer analytics', () => {
  const as = (k: string) => (method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { authorization: `Bearer ${k}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })

  it("a store manager sees the chain and their own store, small cells suppressed, and no customer at all", async () => {
    const [s1] = (await db.sql<{ storeId: number }[]>`select store_id from stores where code = 'S001'`) as unknown as [{ storeId: number }]
    const manager = as((await createApiKey(db.sql, { role: 'store_manager', storeId: null, storeIds: [s1.storeId], name: 'S001 manager' })).key)
    const scopes = (await typed<{ items: { scope: string }[] }>(await manager('GET', `/v1/customer-analytics/runs/${run.runId}/scopes`))).items.map((s) => s.scope)
    expect(scopes).toEqual(['chain', 'store:S001'])
    expect(await expectProblem(await manager('GET', `/v1/customer-analytics/runs/${run.runId}/demographics?scope=store:S002`), 403)).toMatchObject({ errors: [{ parameter: 'scope', detail: 'not one of your stores' }] })
    // Asking for no suppression does not lift it.
    const page = await typed<Page<Cell>>(await manager('GET', `/v1/customer-analytics/runs/${run.runId}/demographics?scope=store:S001&level=subcategory&minCustomers=1&limit=1000`))
    const suppressed = page.items.filter((c) => c.suppressed)
    expect(suppressed.length).toBeGreaterThan(0)
    expect(suppressed.every((c) => c.customers === null && c.buyers === null && c.index === null && c.flag === null)).toBe(true)
    expect(page.items.filter((c) => !c.suppressed).every((c) => c.customers! >= 10 && c.buyers! >= 10)).toBe(true)
    // Marketing sees the same cells unsuppressed.
    const marketing = as((await createApiKey(db.sql, { role: 'marketing', storeId: null, name: 'campaigns' })).key)
    const full = await typed<Page<Cell>>(await marketing('GET', `/v1/customer-analytics/runs/${run.runId}/demographics?scope=store:S001&level=subcategory&limit=1000`))
    expect(full.items.filter((c) => c.suppressed)).toHaveLength(0)
    expect(full.items.some((c) => c.buyers! < 10)).toBe(true)
    const profiles = await typed<{ items: { scope: string }[] }>(await manager('GET', `/v1/customer-analytics/runs/${run.runId}/store-profiles`))
    expect(profiles.items.map((p) => p.scope)).toEqual(['store:S001'])
    for (const path of ['customers', 'segments', 'export?selection=lapsed']) {
      expect(await expectProblem(await manager('GET', `/v1/customer-analytics/runs/${run.runId}/${path}`), 403), path).toMatchObject({ errors: [{ parameter: 'Authorization', detail: 'needs one of: admin, marketing' }] })
    }
    expect((await manager('POST', '/v1/customer-analytics/runs', {})).status).toBe(403)
    expect((await marketing('GET', `/v1/customer-analytics/runs/${run.runId}/customers?limit=1`)).status).toBe(200)
  })
})
