import { serve, type ServerType } from '@hono/node-server'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Receipt } from '../api/contract/receipt.js'
import type { PosConfig } from './config.js'
import type { CsvMapping } from './csv/csv-mapping.js'
import { startDropFolder } from './intake/drop-folder.job.js'
import { createListener } from './intake/listener.routes.js'
import type { FileOutcome, IntakeOptions } from './intake/process-file.job.js'
import { acquireLock } from './outbox/lock.repo.js'
import { openJournal, type Journal } from './outbox/journal.repo.js'
import type { PoslogProfile } from './poslog/poslog-profile.js'
import { startSender } from './sender/sender.job.js'
import { buildStatus, type AdapterStatus } from './status/build-status.js'

export type Log = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void

export type AdapterDeps = {
  config: PosConfig
  profile: PoslogProfile
  csvMapping?: CsvMapping
  log: Log
  fetch?: typeof fetch
  now?: () => Date
  /** Run the drop folder (false for `import`, which feeds files itself). */
  watch?: boolean
  onFile?: (o: FileOutcome) => void
}

export const statePaths = (stateDir: string) => ({
  journal: join(stateDir, 'journal'),
  deadLetter: join(stateDir, 'dead-letter.jsonl'),
  status: join(stateDir, 'status.json'),
  lock: join(stateDir, 'adapter.lock'),
})

/** Opens the outbox (taking the lock), or says who holds it. */
export async function openOutbox(config: PosConfig, log: Log): Promise<{ journal: Journal; release: () => Promise<void> }> {
  const paths = statePaths(config.POS_STATE_DIR)
  mkdirSync(config.POS_STATE_DIR, { recursive: true })
  const lock = acquireLock(paths.lock)
  if ('heldBy' in lock) throw new Error(`another adapter (pid ${lock.heldBy}) is using ${config.POS_STATE_DIR}`)
  const journal = await openJournal(paths.journal, {
    segmentBytes: config.POS_SEGMENT_BYTES,
    budgetBytes: config.POS_DISK_BUDGET_BYTES,
    log: (msg, f) => log('warn', msg, f),
  })
  const r = journal.recovery
  log('info', 'outbox opened', { ...r })
  return {
    journal,
    async release() {
      await journal.close()
      lock.release()
    },
  }
}

/**
 * Runs the adapter: the outbox, the sender, the drop folder, the optional
 * HTTP listener, and a status.json written each second. Every intake path
 * goes through `accept`, which returns only once the receipts are fsync'd.
 */
export async function startAdapter(deps: AdapterDeps) {
  const { config, log } = deps
  const now = deps.now ?? (() => new Date())
  if (!config.POS_API_KEY || !config.POS_STORE_CODE) throw new Error('POS_API_KEY and POS_STORE_CODE (or --key and --store) are required to deliver')
  const paths = statePaths(config.POS_STATE_DIR)
  const { journal, release } = await openOutbox(config, log)
  const sender = startSender(journal, {
    apiUrl: config.POS_API_URL,
    apiKey: config.POS_API_KEY,
    storeCode: config.POS_STORE_CODE,
    batchSize: config.POS_BATCH_SIZE,
    concurrency: config.POS_SEND_CONCURRENCY,
    backoff: { baseMs: config.POS_RETRY_BASE_MS, maxMs: config.POS_RETRY_MAX_MS },
    deadLetterPath: paths.deadLetter,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    log,
  })
  const files = { processed: 0, quarantined: 0 }
  let alarmLogged = false
  const mayAccept = () => {
    const ok = !journal.overBudget()
    if (!ok && !alarmLogged) log('error', 'ALARM: outbox disk budget full; intake paused', { journalBytes: journal.diskBytes(), budgetBytes: config.POS_DISK_BUDGET_BYTES })
    alarmLogged = !ok
    return ok
  }
  const accept = async (receipts: Receipt[]) => {
    await journal.append(receipts)
    sender.notify()
  }
  const status = (): AdapterStatus =>
    buildStatus({
      pid: process.pid,
      now: now().getTime(),
      storeCode: config.POS_STORE_CODE ?? null,
      apiUrl: config.POS_API_URL,
      depth: journal.depth(),
      oldestAtMs: journal.oldest()?.atMs ?? null,
      delivered: sender.stats.delivered,
      deadLettered: sender.stats.deadLettered,
      recent: sender.stats.recent,
      lastError: sender.stats.lastError,
      lastSuccessAt: sender.stats.lastSuccessAt,
      failingSince: sender.stats.failingSince,
      journalBytes: journal.diskBytes(),
      budgetBytes: config.POS_DISK_BUDGET_BYTES,
      files,
    })
  const writeStatus = () => {
    try {
      writeFileSync(paths.status + '.tmp', JSON.stringify(status(), null, 2))
      renameSync(paths.status + '.tmp', paths.status)
    } catch (err) {
      log('warn', 'cannot write status.json', { error: (err as Error).message })
    }
  }
  const statusTimer = setInterval(writeStatus, 1000)
  writeStatus()

  const intake: IntakeOptions = {
    profile: deps.profile,
    ...(deps.csvMapping ? { csvMapping: deps.csvMapping } : {}),
    mapContext: config.POS_STORE_ID ? { posStoreId: config.POS_STORE_ID } : {},
    ...(config.POS_CURRENCY ? { currency: config.POS_CURRENCY } : {}),
    maxFileBytes: config.POS_MAX_FILE_BYTES,
    today: () => now().toISOString().slice(0, 10),
  }
  const onFile = (o: FileOutcome) => {
    files.processed++
    if (o.quarantined) files.quarantined++
    log(o.quarantined ? 'warn' : 'info', o.quarantined ? 'file quarantined' : 'file archived', {
      file: o.file,
      format: o.format,
      receipts: o.tally.receipts,
      problems: o.tally.problems.length,
      skipped: o.tally.skipped,
      movedTo: o.movedTo,
    })
    deps.onFile?.(o)
  }
  const drop =
    deps.watch === false
      ? null
      : startDropFolder({ ...intake, inboxDir: config.inboxDir, archiveDir: config.archiveDir, quarantineDir: config.quarantineDir, pollMs: config.POS_POLL_MS, now, mayAccept, onFile, onError: (err) => log('error', 'drop folder scan failed', { error: err.message }) }, accept)

  let server: ServerType | null = null
  let listenUrl: string | null = null
  if (config.POS_LISTEN_PORT !== undefined) {
    const app = createListener({
      storeCode: config.POS_STORE_CODE,
      ...(config.POS_LISTEN_KEY ? { key: config.POS_LISTEN_KEY } : {}),
      validate: () => ({ today: intake.today(), ...(config.POS_CURRENCY ? { currency: config.POS_CURRENCY } : {}) }),
      accept,
      mayAccept,
      status,
    })
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: config.POS_LISTEN_HOST, port: config.POS_LISTEN_PORT }, () => resolve(s))
      s.once('error', reject)
    })
    listenUrl = `http://${config.POS_LISTEN_HOST}:${(server.address() as AddressInfo).port}`
    log('info', 'listening for terminals', { url: listenUrl })
  }

  return {
    journal,
    intake,
    accept,
    status,
    listenUrl,
    onFile,
    /**
     * Resolves when the outbox is empty and its acknowledged segments are
     * compacted away, so the disk figures (and the budget alarm) are final;
     * false when `timeoutMs` passes first.
     */
    async drained(timeoutMs = Infinity): Promise<boolean> {
      const end = Date.now() + timeoutMs
      while (journal.depth() > 0 || !journal.idle()) {
        if (Date.now() > end) return false
        await new Promise((r) => setTimeout(r, 50))
      }
      return true
    },
    async stop(): Promise<void> {
      clearInterval(statusTimer)
      if (server) await new Promise<void>((r) => server!.close(() => r()))
      await drop?.stop()
      await sender.stop()
      writeStatus()
      await release()
    },
  }
}
