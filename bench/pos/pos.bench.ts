/**
 * bench:pos — receipts per second from a POSLog drop folder to the API on a real PostgreSQL,
 * with the adapter, the API and PostgreSQL all on this machine (three processes).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:pos -- [receipts] [receiptsPerFile]
 *
 * Peer in the same run: the same receipts posted straight to the API as JSON (no adapter, no
 * files, no outbox), which is the ceiling the adapter can approach.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import type { ReceiptInput } from '../../api/contract/receipt.js'
import { withCheckDigit } from '../../api/customers/card-number.js'
import { makeDemoReceipt } from '../../api/demo/demo-receipts.js'
import { createRandom } from '../../api/demo/random.js'
import { writePoslog } from '../../pos-adapter/poslog/write-poslog.js'

const N = Number(process.argv[2] ?? 40_000)
const PER_FILE = Number(process.argv[3] ?? 2_000)
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const ROOT = new URL('../../', import.meta.url).pathname

function receipts(n: number): ReceiptInput[] {
  const rng = createRandom(20250314)
  const products = Array.from({ length: 5000 }, (_, i) => ({ sku: `SKU-${String(i).padStart(5, '0')}`, priceCents: 29 + ((i * 7919) % 1500), weighed: i % 23 === 0 }))
  const cards = Array.from({ length: 20_000 }, (_, i) => withCheckDigit(`29${String(i).padStart(10, '0')}`))
  return Array.from({ length: n }, (_, i) =>
    makeDemoReceipt(rng, { terminalId: `LANE-${(i % 12) + 1}`, businessDay: `2025-03-${String(1 + (Math.floor(i / 3000) % 28)).padStart(2, '0')}`, receiptNo: String(1_000_000 + i), products, cards }),
  )
}

function start(cmd: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ proc: ChildProcess; match: RegExpExecArray; out: () => string }> {
  const proc = spawn(process.execPath, cmd, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  return new Promise((resolve, reject) => {
    const on = (d: Buffer) => {
      out += d
      const m = ready.exec(out)
      if (m) resolve({ proc, match: m, out: () => out })
    }
    proc.stdout!.on('data', on)
    proc.stderr!.on('data', on)
    proc.once('exit', (code) => reject(new Error(`${cmd.join(' ')} exited ${code}: ${out}`)))
  })
}

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  const db = `bw_bench_pos_${process.pid}`
  await admin.unsafe(`create database ${db}`)
  const u = new URL(ADMIN_URL)
  u.pathname = '/' + db
  const work = mkdtempSync(join(tmpdir(), 'bw-bench-pos-'))
  const procs: ChildProcess[] = []
  try {
    const apiEnv = { DATABASE_URL: u.toString(), PORT: '0', LOG_LEVEL: 'warn', DB_POOL_SIZE: '10', BODY_LIMIT_BYTES: String(32 * 1024 * 1024) }
    const api = await start(['bin/basketwise.js', 'serve'], apiEnv, /running at (http:\/\/\S+)/)
    procs.push(api.proc)
    const apiUrl = api.match[1]!
    const sql = postgres(u.toString(), { max: 2, onnotice: () => {} })
    await sql`insert into stores (code, name, region, format, time_zone, currency) values ('S001', 'Bench', 'North', 'supermarket', 'Europe/Amsterdam', 'EUR'), ('S002', 'Peer', 'North', 'supermarket', 'Europe/Amsterdam', 'EUR')`
    const key = (await run(['bin/basketwise.js', 'keys', 'create', '--role', 'terminal', '--store', 'S001', '--name', 'bench pos'], { DATABASE_URL: u.toString() })).trim()
    const adminKey = (await run(['bin/basketwise.js', 'keys', 'create', '--role', 'admin', '--name', 'bench peer'], { DATABASE_URL: u.toString() })).trim()

    process.stderr.write(`generating ${N} receipts in files of ${PER_FILE}…\n`)
    const rs = receipts(N)
    const lines = rs.reduce((s, r) => s + r.lines.length, 0)
    const staging = join(work, 'staging')
    const state = join(work, 'state')
    const inbox = join(state, 'inbox')
    mkdirSync(staging, { recursive: true })
    mkdirSync(inbox, { recursive: true })
    let bytes = 0
    for (let i = 0; i < N; i += PER_FILE) {
      const xml = writePoslog(rs.slice(i, i + PER_FILE), 'S001')
      bytes += Buffer.byteLength(xml)
      writeFileSync(join(staging, `lane-${String(i / PER_FILE).padStart(4, '0')}.xml`), xml)
    }

    // Peer: the same receipts straight to the API as JSON batches of 500, two in flight (the adapter's defaults).
    process.stderr.write('peer: posting the receipts straight to the API…\n')
    const p0 = performance.now()
    let next = 0
    const poster = async () => {
      while (next < N) {
        const batch = rs.slice(next, (next += 500))
        const res = await fetch(`${apiUrl}/v1/stores/S002/sales`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` }, body: JSON.stringify({ receipts: batch }) })
        if (res.status !== 200) throw new Error(`peer post: ${res.status} ${await res.text()}`)
      }
    }
    await Promise.all([poster(), poster()])
    const peerS = (performance.now() - p0) / 1000

    const adapter = await start(['pos-adapter/bin/basketwise-pos.js', 'run'], {
      POS_API_URL: apiUrl, POS_API_KEY: key, POS_STORE_CODE: 'S001', POS_STATE_DIR: state, POS_POLL_MS: '100', LOG_LEVEL: 'warn',
    }, /basketwise-pos running/)
    procs.push(adapter.proc)
    process.stderr.write('adapter: dropping the files…\n')
    const files = Math.ceil(N / PER_FILE)
    const t0 = performance.now()
    for (let f = 0; f < files; f++) {
      const name = `lane-${String(f).padStart(4, '0')}.xml`
      renameSync(join(staging, name), join(inbox, name))
    }
    const samples: { s: number; n: number }[] = []
    let intakeS = 0
    for (;;) {
      const n = (await sql<{ n: number }[]>`select count(*)::int as n from receipts r join stores s using (store_id) where s.code = 'S001'`)[0]!.n
      const s = (performance.now() - t0) / 1000
      samples.push({ s, n })
      if (!intakeS && existsSync(join(state, 'archive')) && !existsSync(join(inbox, `lane-${String(files - 1).padStart(4, '0')}.xml`))) intakeS = s
      if (n >= N) break
      if (s > 600) throw new Error(`only ${n} of ${N} receipts after 10 minutes`)
      await new Promise((r) => setTimeout(r, 250))
    }
    const totalS = samples.at(-1)!.s
    const half = samples.find((x) => x.n >= N / 2)!
    const status = JSON.parse(readFileSync(join(state, 'status.json'), 'utf8'))
    const peerN = (await sql<{ n: number }[]>`select count(*)::int as n from receipts r join stores s using (store_id) where s.code = 'S002'`)[0]!.n
    const result = {
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      receipts: N,
      lines,
      files,
      poslogBytes: bytes,
      adapter: {
        seconds: round(totalS),
        receiptsPerSecond: Math.round(N / totalS),
        secondHalfReceiptsPerSecond: Math.round((N - half.n) / (totalS - half.s)),
        linesPerSecond: Math.round(lines / totalS),
        intakeSeconds: round(intakeS),
        deadLettered: status.deadLettered,
      },
      peerDirectJson: { seconds: round(peerS), receiptsPerSecond: Math.round(N / peerS), stored: peerN },
    }
    process.stdout.write(JSON.stringify(result, null, 2) + '\n')
    process.stdout.write(
      `\n| ${N} receipts (${lines} lines), ${files} POSLog files | adapter: ${result.adapter.receiptsPerSecond} receipts/s (second half ${result.adapter.secondHalfReceiptsPerSecond}/s), ${round(totalS)} s | peer, JSON straight to the API: ${result.peerDirectJson.receiptsPerSecond} receipts/s |\n`,
    )
    await sql.end()
  } finally {
    for (const p of procs) p.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 500))
    await admin.unsafe(`drop database if exists ${db} with (force)`)
    await admin.end()
    rmSync(work, { recursive: true, force: true })
  }
}

const round = (x: number) => Math.round(x * 10) / 10

function run(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    p.stdout!.on('data', (d) => (out += d))
    p.stderr!.on('data', (d) => (err += d))
    p.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')}: ${err}`))))
  })
}

await main()
