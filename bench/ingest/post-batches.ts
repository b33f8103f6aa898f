import type { ReceiptBatch } from './receipt-batches.js'

export type PostTarget = { url: string; key: string }

export type PostRun = {
  requests: number
  receipts: number
  lines: number
  /** First request sent to last response read. */
  wallMs: number
  /** Wall time of each request: send, until the whole response body is read. */
  latenciesMs: number[]
}

/** Posts one batch and checks that every receipt in it was stored; returns the request's wall time. */
export async function postBatch(target: PostTarget, batch: ReceiptBatch): Promise<number> {
  const t0 = performance.now()
  const res = await fetch(`${target.url}/v1/stores/${batch.storeCode}/sales`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.key}`, 'content-type': 'application/json' },
    body: batch.body,
  })
  const text = await res.text()
  const ms = performance.now() - t0
  if (res.status !== 200) throw new Error(`POST sales answered ${res.status}: ${text.slice(0, 500)}`)
  const { counts } = JSON.parse(text) as { counts: { stored: number } }
  if (counts.stored !== batch.receipts.length) throw new Error(`expected ${batch.receipts.length} receipts stored, got ${text.slice(0, 500)}`)
  return ms
}

export type RunLimits = {
  /** Clients stop taking new batches after this long (requests in flight finish)... */
  durationMs: number
  /** ...but not before each has sent this many, so that a run is not all ramp-up and tail. */
  minRequestsPerClient: number
}

/**
 * `clients` closed-loop clients (each sends its next request when the last one
 * is answered, over a keep-alive connection) take prepared batches from a shared
 * queue until the run's time is up or the queue is empty. Bodies are written
 * before the clock starts, so the run measures the API, not the generator.
 */
export async function postBatches(target: PostTarget, batches: readonly ReceiptBatch[], clients: number, limits: RunLimits, onDone?: (receipts: number) => void): Promise<PostRun> {
  let next = 0
  let receipts = 0
  let lines = 0
  const latenciesMs: number[] = []
  const t0 = performance.now()
  const client = async () => {
    for (let sent = 0; next < batches.length; sent++) {
      if (sent >= limits.minRequestsPerClient && performance.now() - t0 >= limits.durationMs) return
      const batch = batches[next++]!
      latenciesMs.push(await postBatch(target, batch))
      receipts += batch.receipts.length
      lines += batch.lineCount
      onDone?.(batch.receipts.length)
    }
  }
  await Promise.all(Array.from({ length: clients }, client))
  return { requests: latenciesMs.length, receipts, lines, wallMs: performance.now() - t0, latenciesMs }
}

/**
 * Warms the server for a scenario: every client posts at least once and they
 * keep posting until `minMs` have passed. Returns the receipts/s of the second
 * half (past connection set-up and the first compilations), which sizes the run.
 */
export async function warmUp(target: PostTarget, nextBatch: () => ReceiptBatch, clients: number, minMs: number): Promise<number> {
  const t0 = performance.now()
  const half = t0 + minMs / 2
  let lateReceipts = 0
  const client = async () => {
    do {
      const batch = nextBatch()
      await postBatch(target, batch)
      if (performance.now() >= half) lateReceipts += batch.receipts.length
    } while (performance.now() - t0 < minMs)
  }
  await Promise.all(Array.from({ length: clients }, client))
  return lateReceipts / ((performance.now() - half) / 1000)
}
