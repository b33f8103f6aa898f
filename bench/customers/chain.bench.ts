/**
 * bench/customers/chain.bench.ts: the customer-analytics goal at chain scale (issue 6: under 5
 * minutes). One full run on a database holding the `chain` preset
 * (npm run bench:generate -- chain --keep basketwise_chain): the SQL aggregation and its
 * extraction, every demographic pattern (3 levels × chain, regions and stores), store profiles,
 * RFM, tiers, segments, selections, saving. Printed beside it, measured in the same run, is its
 * physical floor: one bare scan of the window's lines joined to their receipts (the least any
 * per-customer aggregation of them must read), and the same scan's share of the run.
 *
 * DATABASE_URL=postgres://postgres@127.0.0.1:5432/basketwise_chain npm run bench:customers-chain
 */
import { cpus, loadavg, totalmem } from 'node:os'
import { startCustomerRun } from '../../analytics/customers/customer-analytics.job.js'
import { createJobRunner, followRun } from '../../analytics/jobs/index.js'
import { CustomerRunRequestSchema } from '../../api/contract/customer-analytics.js'
import { createDatabase } from '../../api/db/create-database.js'
import { migrate } from '../../api/db/migrate.js'

const url = process.env.DATABASE_URL
if (!url) throw new Error('DATABASE_URL must name a database holding the chain preset')
const db = await createDatabase({ databaseUrl: url, dataDir: '', poolSize: 4 })
await migrate(db.sql)
const jobs = createJobRunner(db.sql)
const load = loadavg()[0]

// The floor: the lines, joined to their receipts for the customer, read once and summed.
const s0 = performance.now()
const [scan] = await db.sql<{ lines: number }[]>`
  select count(*)::float8 as lines, sum(l.net_amount_cents)::float8 as spend
  from receipt_lines l join receipts r on r.store_id = l.store_id and r.receipt_id = l.receipt_id
  where not l.voided and r.customer_id is not null`
const scanSeconds = (performance.now() - s0) / 1000

let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200)
const t0 = performance.now()
const run = await startCustomerRun(db, jobs, CustomerRunRequestSchema.parse({}), 'bench')
const done = await followRun(jobs, run.runId, { label: `customer run ${run.runId}` })
const wall = (performance.now() - t0) / 1000
clearInterval(sampler)
console.log(JSON.stringify({
  runId: done?.runId, status: done?.status, error: done?.error ?? undefined, wallSeconds: +wall.toFixed(1), goalSeconds: 300,
  floor: { cardLines: scan!.lines, bareJoinScanSeconds: +scanSeconds.toFixed(1), shareOfRun: +(scanSeconds / wall).toFixed(2) },
  timingsMs: done?.timings, counts: done?.counts, peakRssMiB: Math.round(peakRss / 2 ** 20),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) }, loadBefore: load, loadAfter: loadavg()[0],
}, null, 1))
await jobs.close()
await db.close()
