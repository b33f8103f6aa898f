/**
 * bench/generate: how fast `basketwise generate` loads a preset into a real
 * PostgreSQL, against the server's own limit measured in the same run (see
 * measureCopyPeers): a raw binary COPY of the same rows into fully indexed
 * tables, and the same with keys and indexes deferred, as the writer does.
 *
 *   npm run bench:generate -- [test|demo|chain] [--keep DATABASE]
 *
 * Without --keep the preset goes into a scratch database that is dropped
 * afterwards. With --keep it goes into DATABASE (created when missing, migrated;
 * it must hold no data yet), which is kept: `--keep basketwise_chain` leaves the
 * chain for the analytics benchmarks. DATABASE_URL: admin connection (default
 * the local PostgreSQL); BENCH_PEER_LINES: lines in the peers' sample (default
 * 2,000,000, i.e. every line of `test` and `demo`).
 */
import os from 'node:os'
import postgres from 'postgres'
import { createDatabase } from '../../api/db/create-database.js'
import { migrate } from '../../api/db/migrate.js'
import { generateChain } from '../../fixtures/generate-chain.js'
import type { PresetName } from '../../fixtures/generator/presets.js'
import { describeMachine, formatMachine } from '../ingest/describe-machine.js'
import { cpuShare, sampleCpu } from '../ingest/sample-cpu.js'
import { measureCopyPeers } from './copy-peers.js'

const args = process.argv.slice(2)
const keepAt = args.indexOf('--keep')
const keep = keepAt >= 0 ? args[keepAt + 1] : undefined
if (keepAt >= 0 && !/^[a-z_][a-z0-9_]*$/.test(keep ?? '')) throw new Error('--keep needs a database name (lower case letters, digits, _)')
const preset = (args.find((a, i) => !a.startsWith('--') && (keepAt < 0 || i !== keepAt + 1)) ?? 'demo') as PresetName
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const peerLines = Number(process.env.BENCH_PEER_LINES ?? 2_000_000)
const NAME = keep ?? 'bw_bench_generate'
const NO_API = -1 // sampleCpu's API process: there is none here

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
// Identifiers below come from the checked name above, not from data.
if (!keep) await admin.unsafe(`drop database if exists ${NAME} with (force)`)
const [exists] = await admin`select 1 from pg_database where datname = ${NAME}`
if (!exists) await admin.unsafe(`create database ${NAME}`)
const url = new URL(adminUrl)
url.pathname = '/' + NAME
const db = await createDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 2 })
const loads: number[] = []
const watch = setInterval(() => loads.push(os.loadavg()[0]!), 5_000)
try {
  await migrate(db.sql)
  const machine = await describeMachine(db.sql)
  const phases: Record<string, number> = {}
  let lastPrint = 0
  const cpu0 = await sampleCpu(db.sql, NO_API)
  const t0 = performance.now()
  const { counts } = await generateChain(db, preset, 1, (p) => {
    const now = performance.now()
    const phase = p.phase === 'receipts' ? 'receipts' : p.phase.startsWith('building') || p.phase === 'built' ? 'build' : 'reference'
    phases[phase] ??= now
    if (p.phase === 'built') phases.built = now
    if (now - lastPrint > 2000) {
      lastPrint = now
      process.stderr.write(`\r${p.phase} ${(p.fraction * 100).toFixed(0)}% ${p.receipts} receipts ${p.lines} lines ${Math.round(p.lines / ((now - t0) / 1000))} lines/s   `)
    }
  })
  const end = performance.now()
  const share = cpuShare(cpu0, await sampleCpu(db.sql, NO_API), NO_API)
  process.stderr.write('\n')
  const s = (from: number, to: number) => (to - from) / 1000
  const seconds = s(t0, end)
  const receiptSeconds = s(phases.receipts!, phases.build!)
  const buildSeconds = s(phases.build!, phases.built!)

  const peer = await measureCopyPeers(db.sql, peerLines)
  const [{ size }] = (await db.sql<{ size: string }[]>`select pg_size_pretty(pg_database_size(current_database())) as size`) as unknown as [{ size: string }]
  const rate = (lines: number, secs: number) => Math.round(lines / secs).toLocaleString('en')
  // The generator's receipts and keys phases against a peer's rate on its sample.
  const pct = (peerSeconds: number) => `${((100 * counts.lines) / (receiptSeconds + buildSeconds) / (peer.lines / peerSeconds)).toFixed(0)}%`
  const rows: [string, string][] = [
    ['preset', `${preset} (seed 1) into ${NAME}${keep ? ', kept' : ''}, ${size}`],
    ['receipts / lines', `${counts.receipts.toLocaleString('en')} / ${counts.lines.toLocaleString('en')}`],
    ['generate → database, wall', `${seconds.toFixed(1)} s, ${rate(counts.lines, seconds)} lines/s`],
    ['  reference data (stores … customers)', `${s(phases.reference ?? t0, phases.receipts!).toFixed(1)} s`],
    ['  receipts (simulate, hash, COPY)', `${receiptSeconds.toFixed(1)} s, ${rate(counts.lines, receiptSeconds)} lines/s`],
    ['  keys, indexes, foreign keys', `${buildSeconds.toFixed(1)} s`],
    ['  commit and ANALYZE', `${s(phases.built!, end).toFixed(1)} s`],
    ['  receipts + keys (the peers\' scope)', `${rate(counts.lines, receiptSeconds + buildSeconds)} lines/s`],
    [`raw COPY into indexed tables (${peer.lines.toLocaleString('en')} lines)`, `${rate(peer.lines, peer.indexed.seconds)} lines/s (${peer.indexed.seconds.toFixed(1)} s)`],
    ['raw COPY, keys deferred (same strategy)', `${rate(peer.lines, peer.deferred.seconds)} lines/s (COPY ${peer.deferred.copySeconds.toFixed(1)} s + keys ${peer.deferred.buildSeconds.toFixed(1)} s)`],
    ['ratio to raw COPY: indexed / deferred', `${pct(peer.indexed.seconds)} / ${pct(peer.deferred.seconds)}`],
    ['cores used during generate', `Node ${share.bench.toFixed(2)}, PostgreSQL ${share.postgres.toFixed(2)}, other work ${share.other.toFixed(2)}, idle ${share.idle.toFixed(2)}`],
    ['load average (1 min)', `${machine.loadAverage.toFixed(2)} before; during: ${loads.length ? `${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}, mean ${(loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(2)}` : 'n/a (under 5 s)'}`],
  ]
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(48)} ${v}\n`)
  process.stdout.write(formatMachine(machine) + '\n')
} finally {
  clearInterval(watch)
  await db.close()
  if (!keep) await admin.unsafe(`drop database if exists ${NAME} with (force)`)
  await admin.end()
}
