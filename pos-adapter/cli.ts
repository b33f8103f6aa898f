import { Command } from 'commander'
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { loadPosConfig, describePosConfig, POS_CONFIG_DOC, type PosConfig } from './config.js'

type Flags = Record<string, string | undefined>

/** Flags → the config keys they override (flag > environment > default). */
const FLAG_TO_ENV: Record<string, string> = {
  apiUrl: 'POS_API_URL',
  key: 'POS_API_KEY',
  store: 'POS_STORE_CODE',
  posStoreId: 'POS_STORE_ID',
  stateDir: 'POS_STATE_DIR',
  inbox: 'POS_INBOX_DIR',
  profile: 'POS_PROFILE',
  csvMapping: 'POS_CSV_MAPPING',
  listenPort: 'POS_LISTEN_PORT',
  budget: 'POS_DISK_BUDGET_BYTES',
}
const config = (flags: Flags): PosConfig =>
  loadPosConfig(process.env, Object.fromEntries(Object.entries(FLAG_TO_ENV).map(([f, env]) => [env, flags[f]])))

const withCommon = (c: Command) =>
  c
    .option('--api-url <url>', 'Basketwise API base URL (env POS_API_URL)')
    .option('--key <key>', 'API key (env POS_API_KEY)')
    .option('--store <code>', 'store code (env POS_STORE_CODE)')
    .option('--pos-store-id <id>', 'RetailStoreID the POS writes (env POS_STORE_ID)')
    .option('--state-dir <dir>', 'outbox and state directory (env POS_STATE_DIR)')
    .option('--inbox <dir>', 'drop folder (env POS_INBOX_DIR)')
    .option('--profile <name|file>', 'POSLog profile (env POS_PROFILE)')
    .option('--csv-mapping <file>', 'CSV column mapping (env POS_CSV_MAPPING)')
    .option('--budget <bytes>', 'outbox disk budget (env POS_DISK_BUDGET_BYTES)')

async function load(flags: Flags) {
  const c = config(flags)
  const [{ createLog }, { loadProfile, loadCsvMapping }] = await Promise.all([import('../api/http/logger.js'), import('./load-formats.repo.js')])
  const base = createLog(c.LOG_LEVEL)
  const log = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}) => base({ level, msg, ...fields })
  return { c, log, profile: loadProfile(c.POS_PROFILE), ...(c.POS_CSV_MAPPING ? { csvMapping: loadCsvMapping(c.POS_CSV_MAPPING) } : {}) }
}

/** Drops a file into the inbox the safe way: copy under a dot-name, then rename. */
function dropIntoInbox(c: PosConfig, from: string, name = basename(from)): string {
  const tmp = join(c.inboxDir, `.${name}.part`)
  copyFileSync(from, tmp)
  const to = join(c.inboxDir, name)
  renameSync(tmp, to)
  return to
}

const program = new Command()
  .name('basketwise-pos')
  .description('Basketwise in-store POS adapter: POSLog XML, CSV journals and JSON in; a durable outbox; delivery to the API.')
  .addHelpText('after', '\nEnvironment:\n' + POS_CONFIG_DOC.map((d) => `  ${d.name.padEnd(22)} ${d.description}`).join('\n'))
  .showHelpAfterError()

withCommon(program.command('run'))
  .description('Run the adapter: watch the drop folder, listen for terminals, deliver the outbox')
  .option('--listen-port <port>', 'HTTP listener port for terminals that push (env POS_LISTEN_PORT)')
  .action(async (flags: Flags) => {
    const { c, log, profile, csvMapping } = await load(flags)
    const { startAdapter } = await import('./adapter.job.js')
    log('info', 'starting', { config: describePosConfig(c) })
    const adapter = await startAdapter({ config: c, profile, ...(csvMapping ? { csvMapping } : {}), log })
    process.stdout.write(`basketwise-pos running for store ${c.POS_STORE_CODE}: inbox ${c.inboxDir}${adapter.listenUrl ? `, listening at ${adapter.listenUrl}` : ''}\n`)
    const stop = async (signal: string) => {
      log('info', 'stopping', { signal })
      await adapter.stop()
      process.exit(0)
    }
    process.once('SIGINT', () => void stop('SIGINT'))
    process.once('SIGTERM', () => void stop('SIGTERM'))
  })

withCommon(program.command('import'))
  .description('Import files now: into the running adapter\'s inbox, or (none running) read, queue and deliver them with a progress bar')
  .argument('<files...>', 'POSLog (.xml), CSV (.csv) or JSON (.json, .jsonl) files')
  .option('--no-wait', 'queue only; do not wait for delivery')
  .action(async (files: string[], flags: Flags & { wait: boolean }) => {
    const { c, log, profile, csvMapping } = await load(flags)
    const { lockHolder } = await import('./outbox/lock.repo.js')
    const { statePaths, startAdapter } = await import('./adapter.job.js')
    for (const f of files) if (!existsSync(f)) program.error(`error: no such file ${f}`)
    const holder = lockHolder(statePaths(c.POS_STATE_DIR).lock)
    if (holder !== null) {
      for (const f of files) process.stdout.write(`queued ${f} → ${dropIntoInbox(c, f)} (adapter pid ${holder} takes it from there)\n`)
      return
    }
    const [{ default: cliProgress }, { statSync }, { readFileReceipts }] = await Promise.all([import('cli-progress'), import('node:fs'), import('./intake/process-file.job.js')])
    const quiet = (level: string, msg: string, f?: Record<string, unknown>) => level === 'error' && log('error', msg, f)
    const adapter = await startAdapter({ config: c, profile, ...(csvMapping ? { csvMapping } : {}), log: quiet, watch: false })
    const totalBytes = files.reduce((s, f) => s + statSync(f).size, 0)
    const bar = new cliProgress.SingleBar({ format: 'reading    [{bar}] {percentage}% | {value}/{total} bytes | {receipts} receipts', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 1000 }, cliProgress.Presets.shades_classic)
    bar.start(totalBytes, 0, { receipts: 0 })
    let done = 0
    let receipts = 0
    let problems = 0
    const reports: string[] = []
    for (const f of files) {
      const { format, tally } = await readFileReceipts(f, adapter.intake, adapter.accept, (b) => bar.update(done + b, { receipts: receipts }))
      done += statSync(f).size
      receipts += tally.receipts
      problems += tally.problems.length
      bar.update(done, { receipts })
      const skipped = Object.entries(tally.skipped).map(([k, n]) => `${k} ${n}`).join(', ')
      reports.push(`${f} (${format}): ${tally.receipts} receipts queued${skipped ? `; skipped ${skipped}` : ''}${tally.problems.length ? `; ${tally.problems.length} problems:` : ''}`)
      for (const p of tally.problems) reports.push(`  ${p.at}: ${p.detail}`)
    }
    bar.stop()
    process.stdout.write(reports.join('\n') + '\n')
    if (flags.wait) {
      const send = new cliProgress.SingleBar({ format: 'delivering [{bar}] {percentage}% | {value}/{total} receipts | {error}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 1000 }, cliProgress.Presets.shades_classic)
      const total = adapter.journal.depth()
      send.start(total, 0, { error: '' })
      while (adapter.journal.depth() > 0) {
        const s = adapter.status()
        send.update(total - s.queueDepth, { error: s.lastError && s.lastSuccessAt === null ? s.lastError.message.slice(0, 60) : '' })
        await new Promise((r) => setTimeout(r, 200))
      }
      send.update(total)
      send.stop()
      const s = adapter.status()
      process.stdout.write(`delivered ${s.delivered}, dead-lettered ${s.deadLettered}\n`)
    }
    await adapter.stop()
    if (problems > 0) process.exitCode = 2
  })

withCommon(program.command('status'))
  .description('Queue depth, age of the oldest unsent receipt, last error, throughput, disk alarm')
  .option('--json', 'print the status as JSON')
  .action(async (flags: Flags & { json?: boolean }) => {
    const c = config(flags)
    const [{ statePaths }, { lockHolder }, { formatStatus }] = await Promise.all([import('./adapter.job.js'), import('./outbox/lock.repo.js'), import('./status/build-status.js')])
    const paths = statePaths(c.POS_STATE_DIR)
    if (!existsSync(paths.status)) program.error(`error: no status yet in ${c.POS_STATE_DIR} (has the adapter run here?)`)
    const status = JSON.parse(readFileSync(paths.status, 'utf8'))
    process.stdout.write(flags.json ? JSON.stringify({ running: lockHolder(paths.lock) !== null, ...status }, null, 2) + '\n' : formatStatus(status, lockHolder(paths.lock) !== null))
    if (status.alarm) process.exitCode = 3
  })

withCommon(program.command('replay'))
  .description('Send again: the dead-lettered receipts (no FILE), or files from the archive or quarantine')
  .argument('[files...]', 'files to put back into the inbox')
  .action(async (files: string[], flags: Flags) => {
    const c = config(flags)
    const [{ statePaths }, { readDeadLetters, retireDeadLetters }, { mkdirSync }] = await Promise.all([import('./adapter.job.js'), import('./outbox/dead-letter.repo.js'), import('node:fs')])
    mkdirSync(c.inboxDir, { recursive: true })
    if (files.length > 0) {
      for (const f of files) process.stdout.write(`${f} → ${dropIntoInbox(c, f, basename(f).replace(/^\d{8}T\d{6}Z-/, ''))}\n`)
      return
    }
    const path = statePaths(c.POS_STATE_DIR).deadLetter
    const letters = readDeadLetters(path)
    if (letters.length === 0) {
      process.stdout.write('no dead-lettered receipts\n')
      return
    }
    const stamp = new Date().toISOString().replace(/[-:.]/g, '')
    const tmp = join(c.inboxDir, `.replay-${stamp}.json.part`)
    writeFileSync(tmp, JSON.stringify({ receipts: letters.map((l) => l.receipt) }))
    renameSync(tmp, join(c.inboxDir, `replay-${stamp}.json`))
    const retired = retireDeadLetters(path, stamp)
    process.stdout.write(`${letters.length} receipts queued again (inbox replay-${stamp}.json); the old dead letters are in ${retired}\n`)
  })

try {
  await program.parseAsync()
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`)
  process.exit(1)
}
