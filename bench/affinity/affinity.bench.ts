/**
 * bench/affinity: our frequent itemset miner (`basketwise mine`, the CLI file mode, one fresh
 * process per run) against node-fpgrowth on the public data sets, in one run: retail.dat at
 * 1%, 0.5%, 0.1% and 0.05%, Groceries at 0.1%, and ours alone on retail.dat at 0.01%. Prints
 * each side's times (ours: reading, mining and the whole process's wall time; node-fpgrowth:
 * mining, capped), their ratio and the itemset counts, which must agree.
 *
 *   npm run bench:affinity
 *
 * Environment: BASKETWISE_DATA (the public data folder, default ../shared/data), BENCH_RUNS (our
 * runs per case, default 5; the median is reported), BENCH_FPGROWTH_CAP_S (node-fpgrowth's time
 * cap in seconds, default 60; 0 skips it).
 */
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../../api/config.js'

const BIN = fileURLToPath(new URL('../../bin/basketwise.js', import.meta.url))
const CHILD = fileURLToPath(new URL('./fpgrowth-child.ts', import.meta.url))
const DATA = loadConfig().BASKETWISE_DATA
const RUNS = Number(process.env.BENCH_RUNS || 5)
const CAP_S = Number(process.env.BENCH_FPGROWTH_CAP_S ?? 60)

type Case = { file: string; baskets: number; share: string; minCount: number; peer: boolean }
const RETAIL = 88162
const GROCERIES = 9835
const count = (share: number, n: number) => Math.ceil(share * n - 1e-9)
const CASES: Case[] = [
  ...[0.01, 0.005, 0.001, 0.0005].map((s) => ({ file: 'retail.dat.gz', baskets: RETAIL, share: `${s * 100}%`, minCount: count(s, RETAIL), peer: true })),
  { file: 'groceries.csv.gz', baskets: GROCERIES, share: '0.1%', minCount: count(0.001, GROCERIES), peer: true },
  { file: 'retail.dat.gz', baskets: RETAIL, share: '0.01%', minCount: count(0.0001, RETAIL), peer: false },
]

type Ours = { wallMs: number; readMs: number; mineMs: number; mineCpuMs: number; writeMs: number; itemsets: number }
type Peer = { mineMs: number; mineCpuMs: number; itemsets: number } | { cappedAtS: number }

/** One `basketwise mine` process, output to /dev/null; its phase timings come from --timings. */
function runOurs(file: string, minCount: number): Promise<Ours> {
  return new Promise((done, fail) => {
    const t0 = performance.now()
    const child = spawn('node', [BIN, 'mine', file, '--min-count', String(minCount), '--timings', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code) => {
      const wallMs = performance.now() - t0
      if (code !== 0) return fail(new Error(`basketwise mine exited with ${code}: ${err}`))
      const { timings, itemsets } = JSON.parse(err.trim().split('\n').at(-1)!)
      done({ wallMs, readMs: timings.readMs, mineMs: timings.mineMs, mineCpuMs: timings.mineCpuMs, writeMs: timings.writeMs, itemsets })
    })
  })
}

/** node-fpgrowth in a child process, killed at the cap. */
function runPeer(file: string, minCount: number): Promise<Peer> {
  return new Promise((done, fail) => {
    const child = spawn('node', ['--import', 'tsx', CHILD, file, String(minCount)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let capped = false
    const timer = setTimeout(() => {
      capped = true
      child.kill('SIGKILL')
    }, CAP_S * 1000)
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (capped) return done({ cappedAtS: CAP_S })
      if (code !== 0) return fail(new Error(`node-fpgrowth exited with ${code}: ${err}`))
      done(JSON.parse(out))
    })
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
const s = (ms: number) => (ms / 1000).toFixed(3)

const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown'
const loadBefore = os.loadavg()
process.stderr.write(`${cpu}, ${os.availableParallelism()} cores, Node ${process.version}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}\n`)

// The CLI's own start-up (tsx, commander, config), which every `basketwise mine` run pays.
const startMs: number[] = []
for (let r = 0; r <= RUNS; r++) {
  const t0 = performance.now()
  execFileSync('node', [BIN, 'mine', '--help'], { stdio: 'ignore' })
  if (r > 0) startMs.push(performance.now() - t0)
}

const rows: string[] = []
let disagree = 0
for (const c of CASES) {
  const file = resolve(DATA, c.file)
  process.stderr.write(`${c.file} at ${c.share} (${c.minCount} baskets): ours ×${RUNS}`)
  await runOurs(file, c.minCount) // a first run warms the disk cache and tsx's compile cache
  const ours: Ours[] = []
  for (let r = 0; r < RUNS; r++) ours.push(await runOurs(file, c.minCount))
  const o = {
    wallMs: median(ours.map((x) => x.wallMs)),
    readMs: median(ours.map((x) => x.readMs)),
    mineMs: median(ours.map((x) => x.mineMs)),
    minMineMs: Math.min(...ours.map((x) => x.mineMs)),
    mineCpuMs: median(ours.map((x) => x.mineCpuMs)),
    writeMs: median(ours.map((x) => x.writeMs)),
    itemsets: ours[0]!.itemsets,
  }
  let peerCells = ['—', '—', '—']
  if (c.peer && CAP_S > 0) {
    process.stderr.write(', node-fpgrowth')
    const p = await runPeer(file, c.minCount)
    if ('cappedAtS' in p) peerCells = [`> ${p.cappedAtS} s (stopped)`, '—', `> ${((p.cappedAtS * 1000) / o.mineMs).toFixed(0)}×`]
    else {
      if (p.itemsets !== o.itemsets) disagree++
      peerCells = [`${s(p.mineMs)} (${s(p.mineCpuMs)})`, p.itemsets === o.itemsets ? `${p.itemsets} ✓` : `${p.itemsets} ✗`, `${(p.mineMs / o.mineMs).toFixed(0)}× (${(p.mineCpuMs / o.mineCpuMs).toFixed(0)}×)`]
    }
  }
  process.stderr.write('\n')
  rows.push(`| ${c.file.replace('.gz', '')} | ${c.share} (${c.minCount}) | ${o.itemsets} | ${s(o.readMs)} | **${s(o.mineMs)}** (${s(o.mineCpuMs)}; min ${s(o.minMineMs)}) | ${s(o.writeMs)} | ${s(o.wallMs)} | ${peerCells[0]} | ${peerCells[1]} | ${peerCells[2]} |`)
}
const loadAfter = os.loadavg()
process.stdout.write(
  [
    `Machine: ${cpu}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average (1, 5, 15 min) ${loadBefore.map((l) => l.toFixed(2)).join(', ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(', ')} after. Ours: median of ${RUNS} runs. Times in seconds, wall clock, with (in brackets) the CPU time of the mining thread.`,
    '',
    '| Data | Min. support (baskets) | Itemsets | Ours: read | Ours: mine (CPU; fastest) | Ours: write | Ours: process wall | node-fpgrowth: mine (CPU) | node-fpgrowth: itemsets | Ratio, mining (CPU) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `CLI start-up alone (\`basketwise mine --help\`, median of ${RUNS}): ${s(median(startMs))} s; it is part of every process wall time above.`,
    '',
  ].join('\n'),
)
if (disagree) {
  process.stderr.write(`${disagree} case(s) where the itemset counts disagree\n`)
  process.exitCode = 1
}
