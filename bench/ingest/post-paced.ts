import { createRandom } from '../../api/demo/random.js'
import { postBatch, type PostRun, type PostTarget } from './post-batches.js'
import type { ReceiptBatch } from './receipt-batches.js'

export type PacedOptions = {
  /** Terminals posting at once, each on a keep-alive connection of its own. */
  terminals: number
  /** Posts per second offered by all terminals together. */
  ratePerSecond: number
  durationMs: number
  seed: number
}

/**
 * Terminals as tills behave: each posts a receipt when a sale ends, not when the
 * last answer arrives. Each of `terminals` posts single receipts at random
 * (Poisson) moments, `ratePerSecond` in all, for `durationMs`. A terminal has one
 * request in flight at most: when the API answers late, its next post waits.
 *
 * Latency is counted from the moment the post was due, not from when it was
 * sent, so time spent waiting behind a slow answer counts against the API
 * (otherwise a stall would hide itself by delaying the posts that would have
 * measured it: "coordinated omission").
 */
export async function postPaced(target: PostTarget, next: () => ReceiptBatch, o: PacedOptions): Promise<PostRun & { timerLateMs: number[] }> {
  const meanGapMs = (1000 * o.terminals) / o.ratePerSecond
  const latenciesMs: number[] = []
  // How late the generator's own timers fired, for posts that waited on one: when this client
  // cannot run on time, the machine (not the API) stalled, and the latencies show it too.
  const timerLateMs: number[] = []
  let receipts = 0
  let lines = 0
  const t0 = performance.now()
  const terminal = async (rng: () => number) => {
    // Exponential gaps; the first one too, so terminals do not start in step.
    let due = t0 - Math.log(1 - rng()) * meanGapMs
    while (due - t0 < o.durationMs) {
      const wait = due - performance.now()
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait))
        timerLateMs.push(performance.now() - due)
      }
      const batch = next()
      await postBatch(target, batch)
      latenciesMs.push(performance.now() - due)
      receipts += batch.receipts.length
      lines += batch.lineCount
      due -= Math.log(1 - rng()) * meanGapMs
    }
  }
  await Promise.all(Array.from({ length: o.terminals }, (_, i) => terminal(createRandom(o.seed + i))))
  return { requests: latenciesMs.length, receipts, lines, wallMs: performance.now() - t0, latenciesMs, timerLateMs }
}
