/**
 * bench/dashboard/pages.bench.ts: how fast the API answers each store-dashboard page at chain
 * scale (issue 7: p95 under 1 s). Against DATABASE_URL holding the `chain` preset, it starts the
 * app in this process on a loopback port, issues an API key per role (deleted at the end), and
 * loads each page as the browser does: the page's API calls at once, 50 times after 5 warm-ups,
 * one page load after another. It reports, per page, the load time (the slowest call, as the
 * client sees it) and each call's server time (the app's handler, JSON built), with GET /health
 * (one trivial query) measured the same way in the same run as the floor. Last, the KPI page
 * again while a KPI refresh runs (the summaries are rebuilt in one transaction that readers
 * must not wait for).
 *
 * Results need the KPI summaries (refreshed here when stale, or always with BENCH_REFRESH=1),
 * an affinity run with store scopes (the latest succeeded, else one is waited for or started)
 * and a customer-analytics run (likewise; starting one takes about 3 minutes). Only the run
 * bookkeeping, the KPI tables and the bench's keys are written, and the keys are deleted.
 *
 * DATABASE_URL=postgres://postgres@127.0.0.1:5432/basketwise_chain npm run bench:dashboard
 */
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { loadavg } from 'node:os'
import { createJobRunner } from '../../analytics/jobs/index.js'
import { startKpiRefresh } from '../../analytics/kpis/index.js'
import { createApp } from '../../api/app.js'
import { createApiKey } from '../../api/auth/auth.repo.js'
import { createDatabase } from '../../api/db/create-database.js'
import { migrate } from '../../api/db/migrate.js'
import { describeMachine, formatMachine } from '../ingest/describe-machine.js'
import { affinityRunFor, currentKpis, customerRunFor } from './analysis-runs-for.js'

const url = process.env.DATABASE_URL
if (!url) throw new Error('DATABASE_URL must name a database holding the chain preset')
const STORE = process.env.BENCH_STORE ?? 'S001'
const LOADS = Number(process.env.BENCH_REQUESTS ?? 50)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5)

const db = await createDatabase({ databaseUrl: url, dataDir: '', poolSize: 10 })
await migrate(db.sql)
const jobs = createJobRunner(db.sql, (e) => e.level !== 'debug' && e.level !== 'info' && process.stderr.write(JSON.stringify(e) + '\n'))
const machine = await describeMachine(db.sql)

const kpis = await currentKpis(db, jobs, process.env.BENCH_REFRESH === '1')
const affinity = await affinityRunFor(db, jobs, STORE)
const customers = await customerRunFor(db, jobs)

const [{ storeId }] = (await db.sql<{ storeId: number }[]>`select store_id from stores where code = ${STORE}`) as unknown as [{ storeId: number }]
const issued = [
  await createApiKey(db.sql, { role: 'store_manager', storeId: null, storeIds: [storeId], name: `bench dashboard ${STORE} manager` }),
  await createApiKey(db.sql, { role: 'marketing', storeId: null, name: 'bench dashboard marketing' }),
]
const keyOf = { store_manager: issued[0]!.key, marketing: issued[1]!.key } as const

// The app in process; every answer's server time is recorded by path.
const serverMs = new Map<string, number[]>()
const app = createApp({ db, log: () => {}, bodyLimitBytes: 1 << 20, jobs })
const server = serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch: async (req, env) => {
    const t0 = performance.now()
    const res = await app.fetch(req, env)
    const u = new URL(req.url)
    const key = u.pathname + u.search
    serverMs.set(key, [...(serverMs.get(key) ?? []), performance.now() - t0])
    return res
  },
})
await new Promise((r) => server.once('listening', r))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

type Call = { role: keyof typeof keyOf | null; path: string }
type Page = { name: string; calls: Call[] }

// The category the affinity page is about: the strongest rule of the store names one.
const topRule = (await (await fetch(`${base}/v1/affinity/runs/${affinity.run.runId}/rules?scope=store:${STORE}&level=category&limit=1`, { headers: { authorization: `Bearer ${keyOf.store_manager}` } })).json()) as { items: { antecedent: { code: string }[] }[] }
const category = topRule.items[0]!.antecedent[0]!.code
const a = `/v1/affinity/runs/${affinity.run.runId}`
const c = `/v1/customer-analytics/runs/${customers.run.runId}`
const lastDay = kpis.state.lastDay!

const PAGES: Page[] = [
  { name: 'Floor: GET /health', calls: [{ role: null, path: '/health' }] },
  { name: `KPIs: ${STORE} beside the chain, 13 weeks (store manager)`, calls: [{ role: 'store_manager', path: '/v1/dashboard/stores' }, { role: 'store_manager', path: `/v1/dashboard/kpis?store=${STORE}` }] },
  { name: `KPIs: ${STORE} beside the chain, 52 weeks (store manager)`, calls: [{ role: 'store_manager', path: `/v1/dashboard/kpis?store=${STORE}&from=${addDays(lastDay, -363)}&to=${lastDay}` }] },
  { name: 'KPIs: the chain, 13 weeks (marketing)', calls: [{ role: 'marketing', path: '/v1/dashboard/stores' }, { role: 'marketing', path: '/v1/dashboard/kpis' }] },
  { name: 'Unmapped SKUs (store manager)', calls: [{ role: 'store_manager', path: '/v1/dashboard/unmapped-skus?limit=100' }] },
  {
    name: `Affinity: ${STORE} rules with filters, goes-with, comparisons (store manager)`,
    calls: [
      { role: 'store_manager', path: `${a}/scopes` },
      { role: 'store_manager', path: `${a}/rules?scope=store:${STORE}&level=category&minLift=1.2&minConfidence=0.2&sort=lift&limit=50` },
      { role: 'store_manager', path: `${a}/rules?scope=store:${STORE}&level=category&item=${category}&sort=confidence&limit=50` },
      { role: 'store_manager', path: `${a}/goes-with?scope=store:${STORE}&level=category&item=${category}&limit=10` },
      { role: 'store_manager', path: `${a}/comparisons?scope=store:${STORE}&level=category&verdict=stronger&limit=50` },
    ],
  },
  {
    name: `Customers: ${STORE} heatmap ageBand × categories, store profile (store manager)`,
    calls: [
      { role: 'store_manager', path: `${c}/scopes` },
      { role: 'store_manager', path: `${c}/demographics?scope=store:${STORE}&level=category&attribute=ageBand&limit=1000` },
      { role: 'store_manager', path: `${c}/store-profiles?scope=store:${STORE}` },
    ],
  },
  {
    name: 'Customers: chain heatmap incomeBand × categories, segments (marketing)',
    calls: [
      { role: 'marketing', path: `${c}/demographics?scope=chain&level=category&attribute=incomeBand&limit=1000` },
      { role: 'marketing', path: `${c}/segments` },
    ],
  },
]

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

async function call(k: Call): Promise<void> {
  const res = await fetch(base + k.path, { headers: k.role ? { authorization: `Bearer ${keyOf[k.role]}` } : {} })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`${k.path}: ${res.status} ${body.slice(0, 300)}`)
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}
const stats = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), max: Math.max(...xs) })
const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0))

/** Loads a page LOADS times after WARMUP warm-ups; its table row and figures. */
async function measure(page: Page, name = page.name): Promise<{ row: string; figures: Record<string, unknown> }> {
  for (let i = 0; i < WARMUP; i++) await Promise.all(page.calls.map(call))
  for (const k of page.calls) serverMs.delete(k.path)
  const loadMs: number[] = []
  for (let i = 0; i < LOADS; i++) {
    const t0 = performance.now()
    await Promise.all(page.calls.map(call))
    loadMs.push(performance.now() - t0)
  }
  const load = stats(loadMs)
  // A page's server time per load: its slowest call (the calls run at once).
  const srv = stats(Array.from({ length: LOADS }, (_, i) => Math.max(...page.calls.map((k) => serverMs.get(k.path)![i]!))))
  return {
    row: `| ${name} | ${page.calls.length} | ${ms(srv.p50)} | ${ms(srv.p95)} | ${ms(srv.max)} | ${ms(load.p50)} | ${ms(load.p95)} | ${ms(load.max)} |`,
    figures: { page: name, load, server: srv, calls: page.calls.map((k) => ({ path: k.path, server: stats(serverMs.get(k.path)!) })) },
  }
}

const loadBefore = loadavg()
const rows: string[] = []
const report: Record<string, unknown>[] = []
for (const page of PAGES) {
  const { row, figures } = await measure(page)
  rows.push(row)
  report.push(figures)
}

// The KPI page again while a refresh rebuilds the summaries: its lock lets readers through to
// the old rows, so the page must stay as fast (less the CPU the refresh takes).
const refresh = await startKpiRefresh(db.sql, jobs, 'bench dashboard')
while ((await jobs.get(refresh.runId))!.status === 'queued') await new Promise((r) => setTimeout(r, 50))
const during = await measure(PAGES[1]!, `${PAGES[1]!.name}, during a refresh`)
const measuredUntil = Date.now()
const refreshed = (await jobs.waitFor(refresh.runId))!
// Whether every measured load fell inside the refresh (the run row's clock is the same machine's).
const overlapped = refreshed.finishedAt !== null && Date.parse(refreshed.finishedAt) >= measuredUntil
const refreshSeconds = ((Date.parse(refreshed.finishedAt!) - Date.parse(refreshed.startedAt!)) / 1000).toFixed(1)
rows.push(during.row.replace(' |', ` (refresh run ${refresh.runId}: ${refreshed.status} in ${refreshSeconds} s; every load inside it: ${overlapped ? 'yes' : 'no'}) |`))
report.push({ ...during.figures, refresh: { runId: refresh.runId, status: refreshed.status, timings: refreshed.timings, overlapped } })
const loadAfter = loadavg()

const kpiRun = kpis.run
process.stdout.write(
  [
    `\nDashboard pages on ${db.location}: ${LOADS} loads per page after ${WARMUP} warm-ups; store ${STORE}; affinity run ${affinity.run.runId}${affinity.started ? ' (started here)' : ''}, customer run ${customers.run.runId}${customers.started ? ' (started here)' : ''}.`,
    `KPI summaries: run ${kpiRun?.runId ?? '-'}${kpis.refreshedNow ? ' (refreshed here)' : ''}, ${kpis.state.receiptCount} receipts to ${kpis.state.lastDay}; refresh took ${kpiRun?.startedAt && kpiRun.finishedAt ? ((Date.parse(kpiRun.finishedAt) - Date.parse(kpiRun.startedAt)) / 1000).toFixed(1) : '?'} s ${JSON.stringify(kpiRun?.timings ?? {})}.`,
    '',
    '| Page | calls | server p50 ms | server p95 ms | server max ms | load p50 ms | load p95 ms | load max ms |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    formatMachine(machine),
    `- Load average (1, 5, 15 min) before the pages: ${loadBefore.map((x) => x.toFixed(2)).join(', ')}; after: ${loadAfter.map((x) => x.toFixed(2)).join(', ')}`,
    '',
  ].join('\n'),
)
if (process.env.BENCH_JSON === '1') process.stdout.write(JSON.stringify(report, null, 1) + '\n')

await db.sql`delete from api_keys where key_id = any(${issued.map((k) => k.keyId)}::bigint[])`
await new Promise<void>((r) => server.close(() => r()))
await jobs.close()
await db.close()
