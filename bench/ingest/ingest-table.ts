import type { CpuShare } from './sample-cpu.js'

/** One measured row: an API scenario, a run of the COPY peer, or the HTTP floor. */
export type IngestResult = {
  name: string
  kind: 'api' | 'copy' | 'floor'
  batchSize: number
  /** Concurrent clients (closed loop), or paced terminals when pacedRate is set. */
  clients: number
  /** Posts per second the paced terminals offered (bench/ingest/post-paced.ts); unset for closed-loop rows. */
  pacedRate?: number
  /** Paced rows: how late the load generator's timers fired (a stall of the machine, not of the API). */
  timerLateMs?: number[]
  requests: number
  receipts: number
  lines: number
  wallMs: number
  /** Per-request wall times (API and floor rows; paced rows from when each post was due) or per-transaction (COPY rows). */
  latenciesMs: number[]
  cpu: CpuShare
}

/** The nearest-rank percentile (p in 0..100) of unsorted values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

export const receiptsPerSecond = (r: IngestResult) => r.receipts / (r.wallMs / 1000)
export const linesPerSecond = (r: IngestResult) => r.lines / (r.wallMs / 1000)

/** Lines stored per second of CPU spent by the API (or floor) server, PostgreSQL and the bench client together. */
export const linesPerCpuSecond = (r: IngestResult) => r.lines / ((r.cpu.api + r.cpu.postgres + r.cpu.bench) * (r.wallMs / 1000))

/** The COPY run the API is compared with: the fastest, so the ratio errs against the API. */
export const copyPeer = (results: readonly IngestResult[]): IngestResult =>
  results.filter((r) => r.kind === 'copy').reduce((best, r) => (linesPerSecond(r) > linesPerSecond(best) ? r : best))
const copyPeerLinesPerSecond = (results: readonly IngestResult[]) => linesPerSecond(copyPeer(results))

const int = (x: number) => Math.round(x).toLocaleString('en-US')
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US'))
const cores = (x: number) => x.toFixed(2)

const HEAD = ['scenario', 'batch', 'clients', 'requests', 'receipts', 'lines', 's', 'receipts/s', 'lines/s', 'p50 ms', 'p99 ms', 'vs COPY', 'lines/CPU-s', 'CPU api', 'CPU pg', 'CPU bench', 'CPU other', 'idle']

function cells(r: IngestResult, copyRate: number): string[] {
  return [
    r.name,
    int(r.batchSize),
    String(r.clients),
    int(r.requests),
    int(r.receipts),
    int(r.lines),
    (r.wallMs / 1000).toFixed(1),
    int(receiptsPerSecond(r)),
    int(linesPerSecond(r)),
    ms(percentile(r.latenciesMs, 50)),
    ms(percentile(r.latenciesMs, 99)),
    r.kind === 'floor' ? '–' : `${((linesPerSecond(r) / copyRate) * 100).toFixed(1)}%`,
    int(linesPerCpuSecond(r)),
    cores(r.cpu.api),
    cores(r.cpu.postgres),
    cores(r.cpu.bench),
    cores(r.cpu.other),
    cores(r.cpu.idle),
  ]
}

/** The results as an aligned plain-text table for the terminal. */
export function formatTextTable(results: readonly IngestResult[]): string {
  const copyRate = copyPeerLinesPerSecond(results)
  const rows = [HEAD, ...results.map((r) => cells(r, copyRate))]
  const widths = HEAD.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  return rows.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n')
}

/** The results as a Markdown table. */
export function formatMarkdownTable(results: readonly IngestResult[]): string {
  const copyRate = copyPeerLinesPerSecond(results)
  const line = (c: string[]) => `| ${c.join(' | ')} |`
  return [line(HEAD), line(HEAD.map((_, i) => (i === 0 ? '---' : '---:'))), ...results.map((r) => line(cells(r, copyRate)))].join('\n')
}

/**
 * The offered rate at which the single-receipt latency goal is judged: 32 terminals each posting once
 * a second on average, about a hundred times a busy lane's peak (one receipt every minute or two).
 */
export const LATENCY_GOAL_RATE = 32

export type GoalCheck = { goal: string; measured: string; met: boolean }

/** The issue's two goals, judged on the results. */
export function checkGoals(results: readonly IngestResult[]): GoalCheck[] {
  const peer = copyPeer(results)
  const sameBatch = results.find((r) => r.kind === 'copy' && r.batchSize === 1000)
  const api = results.filter((r) => r.kind === 'api')
  const single32 = api.find((r) => r.batchSize === 1 && r.clients === 32 && r.pacedRate === undefined)
  const pct = (r: IngestResult, of: IngestResult) => `${((linesPerSecond(r) / linesPerSecond(of)) * 100).toFixed(1)}%`
  const checks: GoalCheck[] = api
    .filter((r) => r.batchSize === 1000)
    .map((r) => ({
      goal: `batch 1000, ${r.clients} client${r.clients > 1 ? 's' : ''}: API line rate ≥ 30% of raw COPY`,
      measured:
        `${pct(r, peer)} of the fastest COPY (${int(linesPerSecond(r))} vs ${int(linesPerSecond(peer))} lines/s, ${peer.name})` +
        (sameBatch ? `; ${pct(r, sameBatch)} of COPY in transactions of 1,000 receipts (${int(linesPerSecond(sameBatch))} lines/s)` : ''),
      met: linesPerSecond(r) >= 0.3 * linesPerSecond(peer),
    }))
  // Judged with paced terminals at the goal's rate; the closed-loop row measures saturation (docs/BENCHMARKS.md, Ingest).
  const paced = api.find((r) => r.batchSize === 1 && r.clients === 32 && r.pacedRate === LATENCY_GOAL_RATE)
  if (paced) {
    const p99 = percentile(paced.latenciesMs, 99)
    const floor = results.find((r) => r.kind === 'floor' && r.pacedRate === LATENCY_GOAL_RATE)
    const sweep = api.filter((r) => r.batchSize === 1 && r.pacedRate !== undefined)
    const within = sweep.filter((r) => percentile(r.latenciesMs, 99) < 25).map((r) => r.pacedRate!)
    checks.push({
      goal: `batch 1, 32 paced terminals offering ${LATENCY_GOAL_RATE} posts/s: p99 latency < 25 ms`,
      measured:
        `p99 ${ms(p99)} ms, p50 ${ms(percentile(paced.latenciesMs, 50))} ms` +
        (floor ? `; the HTTP floor at the same pace: p99 ${ms(percentile(floor.latenciesMs, 99))} ms` : '') +
        (paced.timerLateMs ? `; the load generator's own timers fired 10 ms or more late for ${paced.timerLateMs.filter((x) => x >= 10).length} of ${paced.timerLateMs.length} posts (latest ${ms(Math.max(0, ...paced.timerLateMs))} ms)` : '') +
        `; p99 stays under 25 ms up to ${within.length ? `${Math.max(...within)} posts/s` : 'none'} of the rates tried (${sweep.map((r) => r.pacedRate).join(', ')})` +
        (single32 ? `; closed loop (saturation, not the goal's shape): ${int(receiptsPerSecond(single32))} posts/s at p99 ${ms(percentile(single32.latenciesMs, 99))} ms` : ''),
      met: p99 < 25,
    })
  }
  return checks
}
