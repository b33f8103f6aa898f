/**
 * bench/affinity/chain.bench.ts: the affinity goal at chain scale. One run mines every store and
 * the chain at category level, and the chain at SKU level, on a database holding the `chain`
 * preset (npm run bench:generate -- chain --keep basketwise_chain), end to end: extraction,
 * mining in a worker thread, comparisons, saving. Prints the run's phase timings, its counts,
 * the wall time and the process's peak memory (goal: under 3 minutes, under 4 GiB).
 *
 * DATABASE_URL=postgres://postgres@127.0.0.1:5432/basketwise_chain npm run bench:affinity-chain
 */
import { loadavg } from 'node:os'
import { startAffinityRun } from '../../analytics/affinity/affinity.job.js'
import { createJobRunner, followRun } from '../../analytics/jobs/index.js'
import { AffinityRunRequestSchema } from '../../api/contract/affinity.js'
import { createDatabase } from '../../api/db/create-database.js'
import { migrate } from '../../api/db/migrate.js'

const url = process.env.DATABASE_URL
if (!url) throw new Error('DATABASE_URL must name a database holding the chain preset')
const db = await createDatabase({ databaseUrl: url, dataDir: '', poolSize: 4 })
await migrate(db.sql)
const jobs = createJobRunner(db.sql)
const request = AffinityRunRequestSchema.parse({
  targets: [
    { level: 'category', scopes: ['chain', 'stores'] },
    { level: 'sku', scopes: ['chain'] },
  ],
  minSupport: Number(process.argv[2] ?? 0.01),
  minConfidence: 0.1,
})
const load = loadavg()[0]
let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200)
const t0 = performance.now()
const run = await startAffinityRun(db, jobs, request, 'bench')
const done = await followRun(jobs, run.runId, { label: `affinity run ${run.runId}` })
const wall = (performance.now() - t0) / 1000
clearInterval(sampler)
console.log(JSON.stringify({ runId: done?.runId, status: done?.status, wallSeconds: +wall.toFixed(1), timingsMs: done?.timings, counts: done?.counts, peakRssMiB: Math.round(peakRss / 2 ** 20), loadBefore: load, loadAfter: loadavg()[0] }, null, 1))
await jobs.close()
await db.close()
