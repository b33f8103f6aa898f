import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJobRunner, type JobRunner } from '../../analytics/jobs/index.js'
import { kpisAreStale, readKpiRefresh, refreshKpis, startKpiRefreshIfStale } from '../../analytics/kpis/index.js'
import { createApp } from '../../api/app.js'
import { createApiKey } from '../../api/auth/auth.repo.js'
import { eraseCustomer } from '../../api/customers/erase-customer.repo.js'
import type { AnalysisRun } from '../../api/contract/analysis-run.js'
import type { KpiReport, KpiWeek } from '../../api/contract/dashboard.js'
import type { Database } from '../../api/db/create-database.js'
import { createGeneratedTestDb } from '../helpers/generated-db.js'
import { expectProblem } from '../helpers/test-api.js'

let db: Database
let jobs: JobRunner
let app: ReturnType<typeof createApp>
const keys = { admin: '', marketing: '', manager: '', terminal: '' }
let firstRun: AnalysisRun

const get = (path: string, key = keys.admin) => app.request(path, { headers: { authorization: `Bearer ${key}` } })
const post = (path: string, key = keys.admin) => app.request(path, { method: 'POST', headers: { authorization: `Bearer ${key}` } })
const report = async (query: string, key = keys.admin): Promise<KpiReport> => {
  const res = await get(`/v1/dashboard/kpis?${query}`, key)
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as KpiReport
}

beforeAll(async () => {
  ;({ db } = await createGeneratedTestDb())
  jobs = createJobRunner(db.sql)
  app = createApp({ db, log: () => {}, bodyLimitBytes: 1 << 20, jobs })
  const ids = new Map((await db.sql<{ code: string; storeId: number }[]>`select code, store_id from stores`).map((r) => [r.code, r.storeId]))
  keys.admin = (await createApiKey(db.sql, { role: 'admin', storeId: null, name: 'test admin' })).key
  keys.marketing = (await createApiKey(db.sql, { role: 'marketing', storeId: null, name: 'test marketing' })).key
  keys.manager = (await createApiKey(db.sql, { role: 'store_manager', storeId: null, storeIds: [ids.get('S001')!], name: 'test S001 manager' })).key
  keys.terminal = (await createApiKey(db.sql, { role: 'terminal', storeId: ids.get('S001')!, name: 'test S001 lane' })).key
  const res = await post('/v1/dashboard/kpis/refresh')
  expect(res.status, await res.clone().text()).toBe(202)
  firstRun = (await jobs.waitFor(((await res.json()) as AnalysisRun).runId))!
}, 600_000)
afterAll(async () => {
  await jobs?.close()
  await db?.close()
})

// ---------------------------------------------------------------- an independent count, in JS

type Receipt = { storeId: number; code: string; day: string; occurredAt: number; totalCents: number; customerId: number | null; receiptId: number }
type Expected = { sales: number; baskets: number; cardSales: number; active: Set<number>; new: number; lapsed: number }

const mondayOf = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d.toISOString().slice(0, 10)
}
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** Every store-week's KPIs counted from the receipts one by one, as docs/DASHBOARD.md defines them. */
async function countFromReceipts(): Promise<{ byStoreWeek: Map<string, Expected>; lastDay: string }> {
  const receipts = (
    await db.sql<(Omit<Receipt, 'occurredAt'> & { occurredAt: Date })[]>`
      select r.store_id, s.code, r.business_day::text as day, r.occurred_at, r.total_cents, r.customer_id, r.receipt_id
      from receipts r join stores s using (store_id)`
  ).map((r) => ({ ...r, occurredAt: r.occurredAt.getTime() }))
  const lastDay = receipts.reduce((m, r) => (r.day > m ? r.day : m), '')
  const byStoreWeek = new Map<string, Expected>()
  const at = (code: string, week: string) => {
    const k = `${code} ${week}`
    if (!byStoreWeek.has(k)) byStoreWeek.set(k, { sales: 0, baskets: 0, cardSales: 0, active: new Set(), new: 0, lapsed: 0 })
    return byStoreWeek.get(k)!
  }
  const first = new Map<number, Receipt>()
  const visits = new Map<string, Map<string, number>>() // "customer store" → week → receipts
  for (const r of receipts) {
    const e = at(r.code, mondayOf(r.day))
    e.sales += r.totalCents
    e.baskets++
    if (r.customerId === null) continue
    e.cardSales += r.totalCents
    e.active.add(r.customerId)
    const f = first.get(r.customerId)
    if (!f || r.occurredAt < f.occurredAt || (r.occurredAt === f.occurredAt && r.storeId < f.storeId)) first.set(r.customerId, r)
    const key = `${r.customerId} ${r.code}`
    const weeks = visits.get(key) ?? new Map<string, number>()
    weeks.set(mondayOf(r.day), (weeks.get(mondayOf(r.day)) ?? 0) + 1)
    visits.set(key, weeks)
  }
  for (const r of first.values()) at(r.code, mondayOf(r.day)).new++
  // Lapsed in week X: a visit in X, at least 2 visits up to X, none in the 8 weeks after X.
  for (const [key, weeks] of visits) {
    const code = key.split(' ')[1]!
    const sorted = [...weeks.keys()].sort()
    let so_far = 0
    sorted.forEach((week, i) => {
      so_far += weeks.get(week)!
      const next = sorted[i + 1]
      if (so_far >= 2 && (next === undefined || next > plusDays(week, 56))) at(code, week).lapsed++
    })
  }
  return { byStoreWeek, lastDay }
}

let truth: Awaited<ReturnType<typeof countFromReceipts>>
const expectedWeek = (code: string, week: string): KpiWeek => {
  const e = truth.byStoreWeek.get(`${code} ${week}`)!
  return {
    weekStart: week, salesCents: e.sales, baskets: e.baskets, averageBasketCents: e.sales / e.baskets, cardSalesShare: e.cardSales / e.sales,
    activeCardHolders: e.active.size, newCardHolders: e.new, lapsedCardHolders: plusDays(week, 62) <= truth.lastDay ? e.lapsed : null,
  }
}

describe('KPI summaries of the generated chain', () => {
  beforeAll(async () => {
    truth = await countFromReceipts()
  })

  it('are built by a succeeded analysis run of kind kpis, recorded with the receipts it read', async () => {
    expect(firstRun).toMatchObject({ kind: 'kpis', scopeKey: 'chain', status: 'succeeded' })
    expect(Object.keys(firstRun.timings!).sort()).toEqual(['save', 'store weeks', 'visits'])
    const [{ n }] = (await db.sql<{ n: number }[]>`select count(*)::int as n from receipts`) as unknown as [{ n: number }]
    expect(firstRun.counts).toMatchObject({ receipts: n, storeWeeks: truth.byStoreWeek.size, firstDay: '2025-01-06', lastDay: truth.lastDay })
    expect(await readKpiRefresh(db.sql)).toMatchObject({ runId: firstRun.runId, receiptCount: n })
    expect(await kpisAreStale(db.sql)).toBe(false)
  })

  it("equal an independent count from the receipts, for every week of two stores, as their store manager and an admin read them", async () => {
    const s001 = await report('store=S001&from=2025-01-06&to=2025-04-06', keys.manager)
    const s003 = await report('store=S003&from=2025-01-06&to=2025-04-06')
    expect(s001.weeks).toHaveLength(13)
    for (const [code, r] of [['S001', s001], ['S003', s003]] as const) {
      for (const w of r.weeks) {
        const want = expectedWeek(code, w.weekStart)
        expect({ ...w, averageBasketCents: w.averageBasketCents?.toFixed(6), cardSalesShare: w.cardSalesShare?.toFixed(9) }, `${code} ${w.weekStart}`).toEqual({
          ...want, averageBasketCents: want.averageBasketCents!.toFixed(6), cardSalesShare: want.cardSalesShare!.toFixed(9),
        })
      }
    }
    // Not vacuous: new and lapsed card holders occur, lapses are known for 5 weeks and unknown for the last 8.
    expect(s001.weeks.reduce((s, w) => s + w.newCardHolders, 0)).toBeGreaterThan(50)
    expect(s001.weeks.filter((w) => w.lapsedCardHolders !== null).map((w) => w.weekStart)).toEqual(['2025-01-06', '2025-01-13', '2025-01-20', '2025-01-27', '2025-02-03'])
    expect(s001.weeks.slice(0, 5).reduce((s, w) => s + w.lapsedCardHolders!, 0)).toBeGreaterThan(0)
    expect(s001.lapsedKnownThrough).toBe('2025-02-03')
    expect(s001).toMatchObject({ store: { code: 'S001', name: expect.any(String), region: expect.any(String), format: expect.any(String) }, dataThrough: truth.lastDay })
  })

  it('put the chain beside the store as the per-store average, with chain-wide ratios', async () => {
    const r = await report('store=S002&from=2025-02-10&to=2025-02-16')
    const codes = ['S001', 'S002', 'S003', 'S004']
    const weeks = codes.map((c) => truth.byStoreWeek.get(`${c} 2025-02-10`)!)
    const sum = (f: (e: Expected) => number) => weeks.reduce((s, e) => s + f(e), 0)
    expect(r.chain).toHaveLength(1)
    expect(r.chain[0]).toMatchObject({
      weekStart: '2025-02-10', stores: 4, salesCents: sum((e) => e.sales) / 4, baskets: sum((e) => e.baskets) / 4,
      activeCardHolders: sum((e) => e.active.size) / 4, newCardHolders: sum((e) => e.new) / 4, lapsedCardHolders: null,
    })
    expect(r.chain[0]!.averageBasketCents).toBeCloseTo(sum((e) => e.sales) / sum((e) => e.baskets), 6)
    expect(r.chain[0]!.cardSalesShare).toBeCloseTo(sum((e) => e.cardSales) / sum((e) => e.sales), 9)
    // No customer identity anywhere in the answer: only the keys of the contract.
    expect(Object.keys(r).sort()).toEqual(['chain', 'chainTotals', 'dataThrough', 'lapsedKnownThrough', 'refreshedAt', 'store', 'totals', 'weeks'])
  })

  it('total a window against the previous window of equal length', async () => {
    const r = await report('store=S004&from=2025-02-03&to=2025-03-02', keys.marketing)
    const weeksOf = (from: string, n: number) => Array.from({ length: n }, (_, i) => truth.byStoreWeek.get(`S004 ${plusDays(from, 7 * i)}`)!)
    const cur = weeksOf('2025-02-03', 4)
    const prev = weeksOf('2025-01-06', 4)
    const sales = (ws: Expected[]) => ws.reduce((s, e) => s + e.sales, 0)
    expect(r.totals.current).toMatchObject({ from: '2025-02-03', to: '2025-03-02', weeks: 4, salesCents: sales(cur), newCardHolders: cur.reduce((s, e) => s + e.new, 0), lapsedCardHolders: null })
    expect(r.totals.previous).toMatchObject({ from: '2025-01-06', to: '2025-02-02', weeks: 4, salesCents: sales(prev), lapsedCardHolders: prev.reduce((s, e) => s + e.lapsed, 0) })
    expect(r.totals.current.averageWeeklyActiveCardHolders).toBeCloseTo(cur.reduce((s, e) => s + e.active.size, 0) / 4, 9)
    expect(r.totals.change.salesCents).toBeCloseTo((sales(cur) - sales(prev)) / sales(prev), 9)
    expect(r.totals.change.lapsedCardHolders).toBeNull()
    expect(r.chainTotals.current.weeks).toBe(4)
  })

  it('without a store answer the chain alone, by default the last 13 weeks against nothing before the data', async () => {
    const r = await report('')
    expect(r.store).toBeNull()
    expect(r.weeks).toEqual([])
    expect(r.chain.map((w) => w.weekStart)).toEqual(Array.from({ length: 13 }, (_, i) => plusDays('2025-01-06', 7 * i)))
    expect(r.totals).toEqual(r.chainTotals)
    expect(r.totals.previous).toMatchObject({ weeks: 0, salesCents: null })
    expect(r.totals.change.salesCents).toBeNull()
    expect(r.refreshedAt).toBe((await readKpiRefresh(db.sql))!.refreshedAt)
  })
})

describe('who sees which store', () => {
  it('lists every store to marketing, and only their own to a store manager', async () => {
    const all = await get('/v1/dashboard/stores', keys.marketing)
    expect(all.status).toBe(200)
    expect(((await all.json()) as { items: { code: string }[] }).items.map((s) => s.code)).toEqual(['S001', 'S002', 'S003', 'S004'])
    const mine = await get('/v1/dashboard/stores', keys.manager)
    expect(await mine.json()).toEqual({ items: [{ code: 'S001', name: expect.any(String), region: expect.any(String), format: expect.any(String) }] })
  })

  it("answers a store manager asking for another store 403, and anyone asking for an unknown store 404, naming store", async () => {
    const other = await expectProblem(await get('/v1/dashboard/kpis?store=S002', keys.manager), 403)
    expect(other).toMatchObject({ type: '/problems/forbidden', errors: [{ parameter: 'store', detail: 'not one of your stores' }] })
    for (const key of [keys.manager, keys.admin]) {
      const unknown = await expectProblem(await get('/v1/dashboard/kpis?store=S999', key), 404)
      expect(unknown).toMatchObject({ type: '/problems/not_found', errors: [{ parameter: 'store', detail: 'unknown store' }] })
    }
  })

  it('names the field of a bad window, and keeps terminals out and the refresh to admins', async () => {
    expect(await expectProblem(await get('/v1/dashboard/kpis?from=2025-03-01&to=2025-02-01'), 400)).toMatchObject({ errors: [{ parameter: 'from', detail: 'from must not be after to' }] })
    expect(await expectProblem(await get('/v1/dashboard/kpis?to=2025-02-30'), 400)).toMatchObject({ errors: [{ parameter: 'to' }] })
    expect(await expectProblem(await get('/v1/dashboard/kpis?store=S001', keys.terminal), 403)).toMatchObject({ type: '/problems/forbidden' })
    await expectProblem(await post('/v1/dashboard/kpis/refresh', keys.manager), 403)
    await expectProblem(await post('/v1/dashboard/kpis/refresh', keys.marketing), 403)
  })

  it("lists the unmapped SKUs of a store manager's stores only", async () => {
    await db.sql`
      insert into unmapped_skus (store_id, sku, first_business_day, last_business_day, line_count)
      select store_id, 'NEW-' || code, '2025-03-01', '2025-03-02', 3 from stores where code in ('S001', 'S002')`
    const skus = async (path: string, key: string) => {
      const res = await get(path, key)
      expect(res.status, await res.clone().text()).toBe(200)
      return ((await res.json()) as { items: { storeCode: string; sku: string; lineCount: number }[] }).items.map((i) => `${i.storeCode}/${i.sku}/${i.lineCount}`)
    }
    expect(await skus('/v1/dashboard/unmapped-skus', keys.manager)).toEqual(['S001/NEW-S001/3'])
    expect(await skus('/v1/dashboard/unmapped-skus', keys.marketing)).toEqual(['S001/NEW-S001/3', 'S002/NEW-S002/3'])
    expect(await skus('/v1/dashboard/unmapped-skus?store=S002', keys.admin)).toEqual(['S002/NEW-S002/3'])
    expect(await expectProblem(await get('/v1/dashboard/unmapped-skus?store=S002', keys.manager), 403)).toMatchObject({ errors: [{ parameter: 'store' }] })
    expect(await expectProblem(await get('/v1/dashboard/unmapped-skus?store=S999', keys.manager), 404)).toMatchObject({ errors: [{ parameter: 'store' }] })
  })
})

describe('refreshing the KPI summaries', () => {
  const snapshot = () => db.sql`select * from kpi_store_week order by store_id, week_start`

  it('is idempotent: a second refresh replaces the rows with the same rows, adding none', async () => {
    const before = await snapshot()
    const counts = await refreshKpis(db.sql)
    expect(await snapshot()).toEqual(before)
    expect(counts.storeWeeks).toBe(before.length)
  })

  // Another connection reading while the refresh has deleted and re-inserted but not committed.
  // The embedded engine has one connection, on which the reader would wait for the refresh.
  it.skipIf(!process.env.DATABASE_URL)('shows readers the old summaries until it commits, never a half-built state', async () => {
    const [{ storeId }] = (await db.sql<{ storeId: number }[]>`select store_id from stores where code = 'S002'`) as unknown as [{ storeId: number }]
    await db.sql`insert into kpi_store_week values (${storeId}, '2024-12-23', 7, 7, 7, 7, 7, 7, 7)`
    const before = await db.sql<{ n: number }[]>`select count(*)::int as n from kpi_store_week`
    const seen: { phase: string; rows: number; planted: number }[] = []
    await refreshKpis(db.sql, {
      phase: async (name, fn) => {
        const result = await fn()
        const [r] = await db.sql<{ rows: number; planted: number }[]>`
          select count(*)::int as rows, count(*) filter (where week_start = '2024-12-23')::int as planted from kpi_store_week`
        seen.push({ phase: name, ...r! })
        return result
      },
    })
    // Each step done, the old rows are all a reader sees, the planted one included.
    expect(seen).toEqual(['visits', 'store weeks', 'save'].map((phase) => ({ phase, rows: before[0]!.n, planted: 1 })))
    expect(await db.sql`select 1 from kpi_store_week where week_start = '2024-12-23'`).toHaveLength(0)
  })

  it('replaces what is there: rows of weeks without receipts go, changed receipts show, new receipts make the summaries stale until refreshed', async () => {
    const [{ storeId }] = (await db.sql<{ storeId: number }[]>`select store_id from stores where code = 'S001'`) as unknown as [{ storeId: number }]
    await db.sql`insert into kpi_store_week values (${storeId}, '2024-12-30', 1, 1, 1, 1, 1, 1, 1)`
    const [{ receiptId }] = (await db.sql<{ receiptId: number }[]>`
      update receipts set total_cents = total_cents + 100
      where (store_id, receipt_id) = (select store_id, receipt_id from receipts where store_id = ${storeId} and business_day = '2025-02-12' limit 1)
      returning receipt_id`) as unknown as [{ receiptId: number }]
    expect(receiptId).toBeGreaterThan(0)
    const before = await report('store=S001&from=2025-02-10&to=2025-02-16')
    // A sale the summaries have not seen yet (anonymous, 2.50 on 2025-02-12).
    await db.sql`
      insert into receipts (store_id, terminal_id, business_day, receipt_no, occurred_at, currency, card_status, total_cents, line_count, content_hash)
      values (${storeId}, 'LANE-T', '2025-02-12', 'T-1', '2025-02-12T10:00:00Z', 'EUR', 'none', 250, 1, '\\x00')`
    expect(await kpisAreStale(db.sql)).toBe(true)
    const run = await startKpiRefreshIfStale(db.sql, jobs, () => {})
    expect(run).not.toBeNull()
    expect((await jobs.waitFor(run!.runId))!.status).toBe('succeeded')
    expect(await kpisAreStale(db.sql)).toBe(false)
    expect(await startKpiRefreshIfStale(db.sql, jobs, () => {})).toBeNull()

    const after = await report('store=S001&from=2025-02-10&to=2025-02-16')
    expect(after.weeks[0]).toMatchObject({ salesCents: before.weeks[0]!.salesCents + 100 + 250, baskets: before.weeks[0]!.baskets + 1 })
    expect(await db.sql`select 1 from kpi_store_week where week_start = '2024-12-30'`).toHaveLength(0)
    expect(Date.parse(after.refreshedAt!)).toBeGreaterThan(Date.parse(before.refreshedAt!))
  })

  it("go stale when a customer is erased, though no receipt was added; refreshed, the erased customer's sales count as anonymous", async () => {
    await refreshKpis(db.sql)
    expect(await kpisAreStale(db.sql)).toBe(false)
    // A card holder who bought at S001 in the week of 2025-02-10.
    const [holder] = await db.sql<{ customerRef: string }[]>`
      select c.customer_ref from receipts r join stores s using (store_id) join customers c using (customer_id)
      where s.code = 'S001' and r.business_day between '2025-02-10' and '2025-02-16' and c.customer_ref is not null
      order by c.customer_id limit 1`
    expect(holder).toBeDefined()
    const week = async () => (await report('store=S001&from=2025-02-10&to=2025-02-16')).weeks[0]!
    const before = await week()

    expect(await eraseCustomer(db.sql, holder!.customerRef)).toBe(true)
    expect(await kpisAreStale(db.sql)).toBe(true)
    expect((await readKpiRefresh(db.sql))!.staleSince).not.toBeNull()
    const run = await startKpiRefreshIfStale(db.sql, jobs, () => {})
    expect((await jobs.waitFor(run!.runId))!.status).toBe('succeeded')
    expect(await kpisAreStale(db.sql)).toBe(false)
    expect((await readKpiRefresh(db.sql))!.staleSince).toBeNull()

    const after = await week()
    expect(after).toMatchObject({ salesCents: before.salesCents, baskets: before.baskets, activeCardHolders: before.activeCardHolders - 1 })
    expect(after.cardSalesShare!).toBeLessThan(before.cardSalesShare!)
  })
})
