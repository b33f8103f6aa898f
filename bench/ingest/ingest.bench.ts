/**
 * bench/ingest: receipts posted over HTTP to the API (a separate `basketwise
 * serve` process on a real PostgreSQL) at batch sizes 1, 100 and 1000 with 1
 * and 32 concurrent clients, against the same rows loaded with raw COPY in the
 * same run. Prints the table and writes it to docs/BENCHMARKS.md.
 *
 *   npm run bench:ingest
 *
 * Environment: DATABASE_URL (admin connection; default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_SECONDS (target length of each measured run, default 8), BENCH_SERVER_NODE_ARGS (extra node
 * flags for the server, e.g. "--cpu-prof --cpu-prof-dir=tmp/prof"), BENCH_SCENARIOS (a subset such as
 * "1x32,1000x1": batch size x clients, "1t32@64": 32 paced terminals offering 64 posts/s; prints only),
 * BENCH_WRITE_DOC=0 (print only).
 */
import { fileURLToPath } from 'node:url'
import { createBenchDatabase, ensurePartitions, seedBenchData } from './bench-database.js'
import { startApiServer, type ApiServer } from './api-server.js'
import { describeMachine } from './describe-machine.js'
import { LATENCY_GOAL_RATE, checkGoals, formatTextTable, type IngestResult } from './ingest-table.js'
import { measureApi, measureCopy, measurePaced, type MeasureOptions } from './measure-scenarios.js'
import { createBatchSource, recentDays } from './receipt-batches.js'
import { startHttpFloor } from './http-floor.js'
import { formatIngestResults, writeIngestResults } from './write-results.js'

const env = {
  adminUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  seconds: Number(process.env.BENCH_SECONDS || 8),
  serverNodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  // e.g. "1x32,1000x1" to profile a few scenarios; a partial run does not touch the docs.
  only: process.env.BENCH_SCENARIOS?.split(',').filter(Boolean),
  writeDoc: process.env.BENCH_WRITE_DOC !== '0' && !process.env.BENCH_SCENARIOS,
}
const DATABASE = 'bw_bench_ingest'
const SEED = 20261124
const SCENARIOS: [batchSize: number, clients: number][] = [
  [1, 1],
  [1, 32],
  [100, 1],
  [100, 32],
  [1000, 1],
  [1000, 32],
]
// Single receipts from 32 paced terminals: the goal's rate and the rates above it, to show where p99 crosses 25 ms.
const PACED_RATES = [LATENCY_GOAL_RATE, 64, 128, 256]
const DOC = fileURLToPath(new URL('../../docs/BENCHMARKS.md', import.meta.url))

const startedAt = new Date()
const t0 = performance.now()
const bench = await createBenchDatabase(env.adminUrl, DATABASE)
let server: ApiServer | undefined
let failed = false
try {
  const sql = bench.db.sql
  const machine = await describeMachine(sql)
  process.stderr.write(`seeding ${DATABASE}\n`)
  const { catalog, adminKey } = await seedBenchData(sql, 1000)
  const days = recentDays(startedAt, 7)
  await ensurePartitions(sql, days)
  server = await startApiServer({ databaseUrl: bench.url, nodeArgs: env.serverNodeArgs })
  const target = { url: server.url, key: adminKey }
  const options: MeasureOptions = { seconds: env.seconds, warmUpMs: 1500, minRequestsPerClient: 3, apiPid: server.pid }
  // Every scenario draws from the same seeded basket stream; the tag keeps receipt numbers unique.
  const source = (tag: string) =>
    createBatchSource({ seed: SEED, tag, storeCodes: catalog.stores.map((s) => s.code), products: catalog.products, cards: catalog.cards, days })

  const results: IngestResult[] = []
  // The COPY peer at its fastest (20,000 receipts per transaction, one stream per core) runs first
  // and last, so that the growth of the tables during the run weighs on both sides; COPY at the
  // API's largest batch (1,000 receipts per transaction, one stream) runs beside the batch-1000 posts.
  results.push(await measureCopy(sql, catalog, source('copy1'), 'first', 20_000, 2, options))
  for (const [batchSize, clients] of SCENARIOS.filter(([b, c]) => !env.only || env.only.includes(`${b}x${c}`))) {
    if (batchSize === 1000 && clients === 1) results.push(await measureCopy(sql, catalog, source('copy2'), '', 1000, 1, options))
    results.push(await measureApi(sql, target, { kind: 'api', pid: server.pid }, source(`b${batchSize}c${clients}`), batchSize, clients, options))
  }
  for (const rate of PACED_RATES.filter((r) => !env.only || env.only.includes(`1t32@${r}`))) {
    results.push(await measurePaced(sql, target, { kind: 'api', pid: server.pid }, source(`t32r${rate}`), 32, rate, options))
  }
  // The latency goal against its physical limit: the same client and bodies, a server that does nothing.
  const floor = await startHttpFloor()
  try {
    const floorTarget = { url: floor.url, key: adminKey }
    const floorResponder = { kind: 'floor', pid: floor.pid } as const
    if (!env.only || env.only.includes('1x32')) results.push(await measureApi(sql, floorTarget, floorResponder, source('floor'), 1, 32, options))
    results.push(await measurePaced(sql, floorTarget, floorResponder, source('floorpaced'), 32, LATENCY_GOAL_RATE, options))
  } finally {
    await floor.stop()
  }
  results.push(await measureCopy(sql, catalog, source('copy3'), 'last', 20_000, 2, options))

  const totalSeconds = (performance.now() - t0) / 1000
  process.stdout.write(`\n${formatTextTable(results)}\n\n`)
  for (const g of checkGoals(results)) process.stdout.write(`${g.met ? 'MET    ' : 'NOT MET'}  ${g.goal}: ${g.measured}\n`)
  const serverLog = server.stderr().trim()
  if (serverLog) process.stderr.write(`\nAPI server stderr:\n${serverLog}\n`)
  if (env.writeDoc) {
    writeIngestResults(DOC, formatIngestResults(results, machine, startedAt, totalSeconds))
    process.stdout.write(`\nResults written to docs/BENCHMARKS.md\n`)
  }
} catch (err) {
  failed = true
  process.stderr.write(`\n${(err as Error).stack ?? String(err)}\n${server ? `API server stderr:\n${server.stderr()}\n` : ''}`)
} finally {
  await server?.stop()
  await bench.drop()
}
process.exit(failed ? 1 : 0)
