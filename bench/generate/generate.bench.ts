// bench/generate: how fast `basketwise generate` loads a preset into a real
// PostgreSQL, against the server's own limit measured in the same run: a raw
// COPY of the same receipt_lines rows into the same table, indexes included.
// Usage: npm run bench:generate -- [test|demo|chain]   (DATABASE_URL: admin connection)
import { cpus, totalmem } from 'node:os'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import postgres from 'postgres'
import { createDatabase } from '../../api/db/create-database.js'
import { migrate } from '../../api/db/migrate.js'
import { generateChain } from '../../fixtures/generate-chain.js'
import type { PresetName } from '../../fixtures/generator/presets.js'

const preset = (process.argv[2] ?? 'demo') as PresetName
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const NAME = 'bw_bench_generate'
const PEER_SAMPLE_LINES = 2_000_000

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
await admin.unsafe(`drop database if exists ${NAME} with (force)`)
await admin.unsafe(`create database ${NAME}`)
const url = new URL(adminUrl)
url.pathname = '/' + NAME
const db = await createDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 4 })
try {
  await migrate(db.sql)
  const [{ version }] = (await db.sql<{ version: string }[]>`select version()`) as unknown as [{ version: string }]
  let last = 0
  const t0 = performance.now()
  const { counts } = await generateChain(db, preset, 1, (p) => {
    const now = performance.now()
    if (now - last > 2000) {
      last = now
      process.stderr.write(`\r${p.phase} ${(p.fraction * 100).toFixed(0)}% ${p.receipts} receipts ${p.lines} lines ${Math.round(p.lines / ((now - t0) / 1000))} lines/s   `)
    }
  })
  const seconds = (performance.now() - t0) / 1000
  process.stderr.write('\n')

  // The peer: the same rows of receipts, receipt_lines and receipt_tenders, out
  // with COPY TO and back in with COPY FROM into identical tables (same columns,
  // keys, indexes and the tenders' foreign key), on the same server: what the
  // database itself needs to store this chain, with no generator in front.
  const peerReceipts = Math.max(1, Math.round((counts.receipts * Math.min(PEER_SAMPLE_LINES, counts.lines)) / counts.lines))
  await db.sql`create table peer_receipts_src as select * from receipts order by receipt_id limit 0`
  await db.sql`insert into peer_receipts_src select * from receipts order by receipt_id limit ${peerReceipts}`
  await db.sql`create table peer_lines_src (like receipt_lines)`
  await db.sql`insert into peer_lines_src select l.* from receipt_lines l join peer_receipts_src r using (store_id, receipt_id)`
  await db.sql`create table peer_tenders_src (like receipt_tenders)`
  await db.sql`insert into peer_tenders_src select t.* from receipt_tenders t join peer_receipts_src r using (store_id, receipt_id)`
  const dump = async (table: 'peer_receipts_src' | 'peer_lines_src' | 'peer_tenders_src') => {
    const chunks: Buffer[] = []
    await pipeline(await db.sql`copy ${db.sql(table)} to stdout`.readable(), new Writable({ write(chunk, _enc, done) { chunks.push(chunk); done() } }))
    return chunks
  }
  const data = { receipts: await dump('peer_receipts_src'), lines: await dump('peer_lines_src'), tenders: await dump('peer_tenders_src') }
  const [{ sample }] = (await db.sql<{ sample: number }[]>`select count(*)::int as sample from peer_lines_src`) as unknown as [{ sample: number }]
  await db.sql`create table peer_receipts (like receipts including all)`
  await db.sql`create table peer_lines (like receipt_lines including all)`
  await db.sql`create table peer_tenders (like receipt_tenders including all, foreign key (store_id, receipt_id) references peer_receipts (store_id, receipt_id))`
  const p0 = performance.now()
  await db.sql.begin(async (tx) => {
    await pipeline(Readable.from(data.receipts), await tx`copy peer_receipts from stdin`.writable())
    await pipeline(Readable.from(data.lines), await tx`copy peer_lines from stdin`.writable())
    await pipeline(Readable.from(data.tenders), await tx`copy peer_tenders from stdin`.writable())
  })
  const peerSeconds = (performance.now() - p0) / 1000

  const rate = counts.lines / seconds
  const peerRate = sample / peerSeconds
  const rows = [
    ['preset', preset],
    ['receipts', counts.receipts.toLocaleString('en')],
    ['lines', counts.lines.toLocaleString('en')],
    ['generate → database, wall', `${seconds.toFixed(1)} s`],
    ['generate → database, lines/s', Math.round(rate).toLocaleString('en')],
    [`raw COPY of the same rows (${sample.toLocaleString('en')} lines), lines/s`, Math.round(peerRate).toLocaleString('en')],
    ['ratio to raw COPY', `${((100 * rate) / peerRate).toFixed(0)}%`],
    ['machine', `${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${version.split(' on ')[0]}`],
  ]
  for (const [k, v] of rows) process.stdout.write(`${k!.padEnd(42)} ${v}\n`)
} finally {
  await db.close()
  await admin.unsafe(`drop database if exists ${NAME} with (force)`)
  await admin.end()
}
