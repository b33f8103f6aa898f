import cliProgress from 'cli-progress'
import type { Sql } from '../../api/db/create-database.js'
import type { BenchCatalog } from './bench-database.js'
import { copyReceipts } from './copy-receipts.js'
import { cpuShare, sampleCpu } from './sample-cpu.js'
import { linesPerSecond, percentile, receiptsPerSecond, type IngestResult } from './ingest-table.js'
import { postBatches, warmUp, type PostTarget } from './post-batches.js'
import { postPaced } from './post-paced.js'
import type { ReceiptBatch } from './receipt-batches.js'

export type MeasureOptions = {
  /** Length of each measured run: posting clients stop taking batches then; COPY runs are sized to it from their warm-up. */
  seconds: number
  warmUpMs: number
  /** Each client sends at least this many requests in a measured run, so the run is not all ramp-up and tail. */
  minRequestsPerClient: number
  /** The API server's process, whose CPU the COPY rows report too (it should be idle then). */
  apiPid: number
}

/** A bar on stderr: seconds elapsed of the target, and receipts stored so far. */
function progressBar(name: string, seconds: number): { tick(receipts: number): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    { format: `${name.padEnd(14)} |{bar}| {value}/{total} s, {receipts} receipts`, hideCursor: null, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  )
  const t0 = performance.now()
  let receipts = 0
  bar.start(seconds, 0, { receipts })
  return {
    tick: (n) => bar.update(Math.min(seconds, Math.round((performance.now() - t0) / 1000)), { receipts: (receipts += n) }),
    stop: () => bar.stop(),
  }
}

// A checkpoint before each run, so no run inherits the previous run's dirty pages to flush.
async function settle(sql: Sql): Promise<void> {
  await sql`checkpoint`.catch(() => {})
}

function report(r: IngestResult): IngestResult {
  process.stderr.write(
    `${r.name}: ${r.receipts.toLocaleString('en-US')} receipts in ${(r.wallMs / 1000).toFixed(1)} s, ` +
      `${Math.round(receiptsPerSecond(r)).toLocaleString('en-US')} receipts/s, ${Math.round(linesPerSecond(r)).toLocaleString('en-US')} lines/s, ` +
      `p50 ${percentile(r.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(r.latenciesMs, 99).toFixed(1)} ms\n`,
  )
  return r
}

/** Who answers the posts: the API (CPU column "api" is its process), or the HTTP floor. */
export type Responder = { kind: 'api' | 'floor'; pid: number }

/** Warms up, then posts a fresh set of batches over HTTP with `clients` concurrent clients. */
export async function measureApi(sql: Sql, target: PostTarget, responder: Responder, next: (size: number) => ReceiptBatch, batchSize: number, clients: number, o: MeasureOptions): Promise<IngestResult> {
  const name = `${responder.kind === 'api' ? 'api' : 'HTTP floor'} b${batchSize} c${clients}`
  process.stderr.write(`${name}: warming up\n`)
  const rate = await warmUp(target, () => next(batchSize), clients, o.warmUpMs)
  // Three times what the warm-up rate needs: runs stop on time, not when the queue is empty.
  const count = Math.max(Math.ceil((3 * rate * o.seconds) / batchSize), clients * o.minRequestsPerClient)
  const batches = Array.from({ length: count }, () => next(batchSize))
  await settle(sql)
  const bar = progressBar(name, o.seconds)
  const before = await sampleCpu(sql, responder.pid)
  const run = await postBatches(target, batches, clients, { durationMs: o.seconds * 1000, minRequestsPerClient: o.minRequestsPerClient }, bar.tick)
  const after = await sampleCpu(sql, responder.pid)
  bar.stop()
  return report({ name, kind: responder.kind, batchSize, clients, ...run, cpu: cpuShare(before, after, responder.pid) })
}

const PACED_SAMPLES = 2000

/**
 * Single receipts from `terminals` paced terminals offering `ratePerSecond` posts in all (bench/ingest/post-paced.ts),
 * after the same warm-up as the closed-loop rows. Latency counts from when each post was due.
 */
export async function measurePaced(sql: Sql, target: PostTarget, responder: Responder, next: (size: number) => ReceiptBatch, terminals: number, ratePerSecond: number, o: MeasureOptions): Promise<IngestResult> {
  const name = `${responder.kind === 'api' ? 'api' : 'HTTP floor'} b1 t${terminals} at ${ratePerSecond}/s`
  process.stderr.write(`${name}: warming up\n`)
  await warmUp(target, () => next(1), terminals, o.warmUpMs)
  // Long enough for 2,000 posts, so that p99 is not the third-worst of a few hundred (up to 90 s).
  const seconds = Math.min(90, Math.max(o.seconds, PACED_SAMPLES / ratePerSecond))
  // Bodies written before the clock starts, with room for the random arrivals to run over the mean.
  const batches = Array.from({ length: Math.ceil(ratePerSecond * seconds * 1.5) + terminals }, () => next(1))
  let taken = 0
  const take = () => {
    const b = batches[taken++]
    if (!b) throw new Error('paced run: ran out of prepared receipts')
    return b
  }
  await settle(sql)
  const bar = progressBar(name, Math.round(seconds))
  const before = await sampleCpu(sql, responder.pid)
  const run = await postPaced(target, () => {
    const b = take()
    bar.tick(1)
    return b
  }, { terminals, ratePerSecond, durationMs: seconds * 1000, seed: ratePerSecond })
  const after = await sampleCpu(sql, responder.pid)
  bar.stop()
  return report({ name, kind: responder.kind, batchSize: 1, clients: terminals, pacedRate: ratePerSecond, ...run, cpu: cpuShare(before, after, responder.pid) })
}

/** Loads fresh batches of `batchSize` receipts with the raw COPY peer: one transaction per batch, `streams` connections. */
export async function measureCopy(sql: Sql, catalog: BenchCatalog, next: (size: number, json?: boolean) => ReceiptBatch, label: string, batchSize: number, streams: number, o: MeasureOptions): Promise<IngestResult> {
  const name = `COPY b${batchSize} c${streams}${label ? ` ${label}` : ''}`
  process.stderr.write(`${name}: warming up\n`)
  const warm = await copyReceipts(sql, catalog, Array.from({ length: streams }, () => next(batchSize, false)), streams)
  const rate = warm.receipts / (warm.wallMs / 1000)
  const count = Math.max(2 * streams, Math.ceil((rate * o.seconds) / batchSize))
  const batches = Array.from({ length: count }, () => next(batchSize, false))
  await settle(sql)
  const bar = progressBar(name, o.seconds)
  const before = await sampleCpu(sql, o.apiPid)
  const run = await copyReceipts(sql, catalog, batches, streams, bar.tick)
  const after = await sampleCpu(sql, o.apiPid)
  bar.stop()
  return report({ name, kind: 'copy', batchSize, clients: streams, requests: run.transactions, ...run, cpu: cpuShare(before, after, o.apiPid) })
}
