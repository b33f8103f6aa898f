import type { Pending, Journal } from '../outbox/journal.repo.js'
import { appendDeadLetters, type DeadLetter } from '../outbox/dead-letter.repo.js'
import { backoffDelayMs, type BackoffOptions } from './backoff.js'
import { classifyResponse } from './classify-response.js'

export type SenderOptions = {
  apiUrl: string
  apiKey: string
  storeCode: string
  batchSize: number
  concurrency: number
  backoff: BackoffOptions
  deadLetterPath: string
  fetch?: typeof fetch
  random?: () => number
  requestTimeoutMs?: number
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void
}

export type SenderStats = {
  delivered: number
  deadLettered: number
  lastError: { at: string; message: string; kind: 'retry' | 'configuration' } | null
  lastSuccessAt: string | null
  /** Since when the API has been failing (null when the last attempt succeeded). */
  failingSince: string | null
  /** (time ms, receipts delivered) of recent batches, for throughput. */
  recent: { atMs: number; n: number }[]
}

/**
 * Ships pending receipts to the API in batches, `concurrency` batches in
 * flight, until stopped. Acknowledges in the journal only what the API
 * settled; everything else is retried with exponential backoff and jitter.
 * Replays are harmless: the API answers `duplicate`.
 */
export function startSender(journal: Journal, o: SenderOptions) {
  const doFetch = o.fetch ?? fetch
  const random = o.random ?? Math.random
  const log = o.log ?? (() => {})
  const inFlight = new Set<number>()
  const stats: SenderStats = { delivered: 0, deadLettered: 0, lastError: null, lastSuccessAt: null, failingSince: null, recent: [] }
  let stopped = false
  let waiters: (() => void)[] = []
  let attempt = 0
  const sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>()
  const url = `${o.apiUrl.replace(/\/$/, '')}/v1/stores/${encodeURIComponent(o.storeCode)}/sales`

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const s = { timer: setTimeout(() => (sleepers.delete(s), resolve()), ms), resolve }
      sleepers.add(s)
    })
  const waitForWork = () => new Promise<void>((r) => waiters.push(r))
  const wakeAll = () => {
    const w = waiters
    waiters = []
    for (const r of w) r()
  }

  const fail = (message: string, kind: 'retry' | 'configuration') => {
    const at = new Date().toISOString()
    stats.lastError = { at, message, kind }
    stats.failingSince ??= at
    log(kind === 'configuration' ? 'error' : 'warn', 'delivery failed', { reason: message, pending: journal.depth() })
  }

  async function post(batch: Pending[]): Promise<void> {
    let res: Response
    let body: unknown = null
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.apiKey}` },
        body: JSON.stringify({ receipts: batch.map((p) => p.receipt) }),
        signal: AbortSignal.timeout(o.requestTimeoutMs ?? 60_000),
      })
      body = await res.json().catch(() => null)
    } catch (err) {
      fail(`cannot reach the API: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ''}`, 'retry')
      await sleep(backoffDelayMs(attempt++, o.backoff, random))
      return
    }
    const verdict = classifyResponse(res.status, body, batch.length, res.headers.get('retry-after'))
    switch (verdict.kind) {
      case 'settled': {
        const letters: DeadLetter[] = []
        const at = new Date().toISOString()
        verdict.receipts.forEach((v, i) => {
          if (v.kind === 'refused') letters.push({ at, status: v.status, reason: v.reason, receipt: batch[i]!.receipt })
        })
        appendDeadLetters(o.deadLetterPath, letters)
        await journal.ack(batch.map((p) => p.id))
        stats.delivered += batch.length - letters.length
        stats.deadLettered += letters.length
        stats.lastSuccessAt = at
        stats.failingSince = null
        stats.recent.push({ atMs: Date.now(), n: batch.length })
        if (stats.recent.length > 600) stats.recent.splice(0, stats.recent.length - 600)
        if (letters.length > 0) log('warn', 'receipts refused by the API, written to the dead-letter file', { count: letters.length, first: letters[0]!.reason })
        attempt = 0
        return
      }
      case 'split': {
        if (batch.length === 1) {
          appendDeadLetters(o.deadLetterPath, [{ at: new Date().toISOString(), status: 'rejected', reason: verdict.reason, receipt: batch[0]!.receipt }])
          await journal.ack([batch[0]!.id])
          stats.deadLettered++
          return
        }
        const half = Math.ceil(batch.length / 2)
        await post(batch.slice(0, half))
        await post(batch.slice(half))
        return
      }
      case 'configuration':
        fail(verdict.reason, 'configuration')
        await sleep(o.backoff.maxMs)
        return
      case 'retry':
        fail(verdict.reason, 'retry')
        await sleep(verdict.retryAfterMs ?? backoffDelayMs(attempt++, o.backoff, random))
        return
    }
  }

  async function worker(): Promise<void> {
    while (!stopped) {
      const batch = journal.take(o.batchSize, inFlight)
      if (batch.length === 0) {
        await waitForWork()
        continue
      }
      for (const p of batch) inFlight.add(p.id)
      try {
        await post(batch)
      } catch (err) {
        fail(`internal error while delivering: ${(err as Error).message}`, 'retry')
        await sleep(backoffDelayMs(attempt++, o.backoff, random))
      } finally {
        for (const p of batch) inFlight.delete(p.id)
      }
    }
  }

  const workers = Array.from({ length: o.concurrency }, () => worker())
  return {
    stats,
    /** Call after appending: wakes idle workers. */
    notify: wakeAll,
    async stop(): Promise<void> {
      stopped = true
      for (const s of sleepers) {
        clearTimeout(s.timer)
        s.resolve()
      }
      wakeAll()
      await Promise.all(workers)
    },
  }
}
