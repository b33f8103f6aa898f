import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import type { Progress, SerializedError, WorkerData, WorkerMessage } from './run-in-worker.js'
import { transferablesOf } from './transferables-of.js'

// The worker side of runInWorker: import the task, call it, post progress and the outcome.
if (isMainThread || !parentPort) throw new Error('worker-main.ts runs only inside a worker started by runInWorker')
const port = parentPort
const data = workerData as WorkerData
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer)

// Throttled here, where the calls happen, so a tight loop reporting every item costs a
// clock read, not a message. A phase's first report and its last (done = total > 0) always go through.
let lastPhase: string | undefined
let lastAtMs = -Infinity
const progress: Progress = (phase, done, total) => {
  const nowMs = performance.now()
  const last = total > 0 && done >= total
  if (phase === lastPhase && !last && nowMs - lastAtMs < data.progressIntervalMs) return
  lastPhase = phase
  lastAtMs = nowMs
  post({ type: 'progress', phase, done, total })
}

const serialize = (err: unknown): SerializedError =>
  err instanceof Error
    ? { name: err.name, message: err.message, stack: err.stack, code: (err as { code?: unknown }).code }
    : { name: 'Error', message: String(err) }

try {
  const mod = (await import(data.module)) as Record<string, unknown>
  const fn = mod[data.export]
  if (typeof fn !== 'function') throw new TypeError(`${data.module} has no function export named ${data.export}`)
  const value: unknown = await fn(data.input, progress)
  post({ type: 'result', value }, transferablesOf(value))
} catch (err) {
  // Also reached when the result cannot be cloned (a function, a class instance's methods).
  post({ type: 'error', error: serialize(err) })
}
// Stay until the caller, having read the answer, terminates this thread: an exit racing
// the answer's delivery cannot then lose it.
port.on('message', () => {})
