import { pathToFileURL } from 'node:url'
import { Worker, type Transferable } from 'node:worker_threads'

/** Progress of a long computation: `done` of `total` units of the named phase (total 0: unknown). */
export type Progress = (phase: string, done: number, total: number) => void

/**
 * A function to run in a worker thread: the module (a file URL, or an absolute path) and the
 * name of its export. The export is called as `fn(input, progress)` and may be sync or async;
 * it receives and returns structured-clonable data (typed arrays, plain objects, arrays).
 *
 * @example { module: new URL('./count-pairs.task.ts', import.meta.url), export: 'countPairsTask' }
 */
export type WorkerTask = { module: URL | string; export: string }

export type RunInWorkerOptions = {
  /** Buffers to move into the worker rather than copy; they are detached here afterwards. */
  transfer?: readonly Transferable[]
  /** Aborting terminates the worker, and the promise rejects with an AbortError. */
  signal?: AbortSignal
  /** Called on the calling thread with the task's progress, at most every `progressIntervalMs`. */
  onProgress?: Progress
  /** Least time between two progress messages, except a phase's first and its last (done = total > 0). Default 100. */
  progressIntervalMs?: number
}

/** What the worker receives in `workerData` (see worker-main.ts). */
export type WorkerData = { module: string; export: string; input: unknown; progressIntervalMs: number }

/** What the worker posts back. */
export type WorkerMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: SerializedError }

export type SerializedError = { name: string; message: string; stack?: string | undefined; code?: unknown }

// A plain-JS file: workers do not inherit the tsx loader the main thread runs under (or
// vitest's transform), so the bootstrap registers tsx before it imports any TypeScript.
const BOOTSTRAP = new URL('./worker-bootstrap.js', import.meta.url)

let running = 0

/** Worker threads started by runInWorker that have not yet stopped (for tests and health). */
export const runningWorkers = (): number => running

/** An Error named 'AbortError', as fetch and the stream APIs reject with. */
export function abortError(message = 'The operation was aborted'): Error {
  return new DOMException(message, 'AbortError')
}

export const isAbortError = (err: unknown): boolean => err instanceof Error && err.name === 'AbortError'

/**
 * Runs a task in a new worker thread and resolves with what it returns. The caller's
 * thread stays free (the API keeps answering) while the task computes. Typed arrays in
 * the result come back transferred, not copied. A task error rejects with an Error of the
 * task's name, message and stack; an abort terminates the thread at once, even in a tight
 * loop, and rejects with an AbortError. One thread per call: the start-up (about 0.2 s,
 * mostly the TypeScript loader) is small beside the jobs this is for.
 *
 * @example
 * const { counts } = await runInWorker<Baskets, PairCounts>(
 *   { module: new URL('./count-pairs.task.ts', import.meta.url), export: 'countPairsTask' },
 *   baskets, { transfer: transferablesOf(baskets), signal, onProgress: (phase, done, total) => … })
 */
export function runInWorker<I, O>(task: WorkerTask, input: I, options: RunInWorkerOptions = {}): Promise<O> {
  const { signal, onProgress } = options
  if (signal?.aborted) return Promise.reject(abortError())
  const data: WorkerData = {
    module: moduleHref(task.module),
    export: task.export,
    input,
    progressIntervalMs: options.progressIntervalMs ?? 100,
  }
  return new Promise<O>((resolve, reject) => {
    let worker: Worker
    try {
      worker = new Worker(BOOTSTRAP, { workerData: data, transferList: [...(options.transfer ?? [])], name: `task ${task.export}` })
    } catch (err) {
      reject(err)
      return
    }
    running++
    // The outcome is decided by the first of: result, task error, thread error, abort. The
    // promise settles only at 'exit', so when it does, nothing computes any more.
    let outcome: (() => void) | undefined
    const decide = (o: () => void) => {
      if (outcome) return
      outcome = o
      void worker.terminate()
    }
    const onAbort = () => decide(() => reject(abortError()))
    signal?.addEventListener('abort', onAbort, { once: true })

    worker.on('message', (m: WorkerMessage) => {
      if (outcome) return
      if (m.type === 'progress') onProgress?.(m.phase, m.done, m.total)
      else if (m.type === 'result') decide(() => resolve(m.value as O))
      else decide(() => reject(errorOf(m.error)))
    })
    worker.on('error', (err) => decide(() => reject(err)))
    worker.on('messageerror', (err) => decide(() => reject(err)))
    worker.once('exit', (code) => {
      running--
      signal?.removeEventListener('abort', onAbort)
      const settle = outcome ?? (() => reject(new Error(`The worker running ${task.export} stopped (exit code ${code}) before it answered`)))
      settle()
    })
  })
}

function moduleHref(module: URL | string): string {
  if (module instanceof URL) return module.href
  return /^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module) ? module : pathToFileURL(module).href
}

/** Rebuilds the task's error on this thread, keeping its name, message, stack and code. */
function errorOf(e: SerializedError): Error {
  const err = new Error(e.message) as Error & { code?: unknown }
  err.name = e.name
  if (e.stack) err.stack = e.stack
  if (e.code !== undefined) err.code = e.code
  return err
}
