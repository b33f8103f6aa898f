import type { AnalysisRun, RunProgress } from '../../api/contract/analysis-run.js'
import type { Sql } from '../../api/db/create-database.js'
import type { Log } from '../../api/http/logger.js'
import { createRun, finishRun, getRun, listRuns, markRunning, requestCancel, type RunFilter, type RunOutcome } from './jobs.repo.js'
import { createProgressWriter } from './progress-writer.js'
import { abortError, runInWorker, type Progress, type RunInWorkerOptions, type WorkerTask } from './run-in-worker.js'
import { runProgressOf } from './run-progress-of.js'

/** What to run: the scope (the kind's canonical name of what the run covers), its parameters and data window. */
export type JobSpec<P extends object> = {
  /** 'chain', 'store:S001', ...; versions count up per kind and scopeKey. */
  scopeKey: string
  /** Stored as jsonb; use camelCase keys (they are read back camelCased). */
  params: P
  /** First and last business day of the data the run reads (YYYY-MM-DD). */
  dataFrom?: string | null
  dataTo?: string | null
  requestedBy?: string | null
}

/** What a job's execute function gets. */
export type JobContext<P extends object = Record<string, unknown>> = {
  runId: number
  kind: string
  scopeKey: string
  version: number
  /** The params given to start (the object itself, not a copy read back). */
  params: P
  /** Aborted on cancel and on close; pass it to long loops and queries, and check it before saving results. */
  signal: AbortSignal
  /** Reports progress: shown at once by get/watch, written to the run row at most once per progressWriteMs. */
  progress: Progress
  /** Runs fn as a named phase: adds its milliseconds to the run's timings (also when it throws). */
  time<T>(phase: string, fn: () => T | Promise<T>): Promise<T>
  /** runInWorker bound to this run: cancelled with it, reporting into its progress unless onProgress says otherwise. */
  runInWorker<I, O>(task: WorkerTask, input: I, options?: Pick<RunInWorkerOptions, 'transfer' | 'onProgress'>): Promise<O>
}

/** What execute returns: counts of what it read and wrote (stored as jsonb, camelCase keys). */
export type JobResult = { counts?: object }
export type JobExecute<P extends object> = (ctx: JobContext<P>) => Promise<JobResult | void>

export type JobRunnerOptions = {
  /** Jobs executing at once; the rest wait queued. Default 1 (the analytics cores are CPU-bound). */
  concurrency?: number
  /** Least time between two progress writes of a run. Default 1000. */
  progressWriteMs?: number
  /** How long cancel() waits for the job to stop before it returns anyway. Default 2000. */
  cancelWaitMs?: number
  /** How long close() waits for cancelled jobs to stop. Default 5000. */
  closeWaitMs?: number
}

export type JobRunner = {
  /** Records a queued run (next version of its kind and scope) and returns it; execute runs later, in the background. */
  start<P extends object>(kind: string, spec: JobSpec<P>, execute: JobExecute<P>): Promise<AnalysisRun>
  /**
   * Cancels a queued or running run: false when there is no such run or it has already
   * finished. A run of this runner is aborted (its worker terminated) and ends 'cancelled'
   * before this resolves (or after cancelWaitMs); one run by another process is asked to stop
   * through its row (see requestCancel) and stops within about a second.
   */
  cancel(runId: number): Promise<boolean>
  /** The run row, with the live progress when this runner executes it. */
  get(runId: number): Promise<AnalysisRun | undefined>
  /** A page of runs, newest first. */
  list(filter: RunFilter): Promise<AnalysisRun[]>
  /** Calls listener on each progress report of a run of this runner; returns the unsubscribe. */
  watch(runId: number, listener: (progress: RunProgress) => void): () => void
  /** Resolves with the run once it has finished (at once for a finished run or one of another process). */
  waitFor(runId: number): Promise<AnalysisRun | undefined>
  /** Resolves when this runner has nothing queued or running. */
  whenIdle(): Promise<void>
  /** Run ids this runner has queued or running. */
  activeRunIds(): number[]
  /** Refuses new runs, cancels the queued and running ones and waits (up to closeWaitMs) for them to stop. */
  close(): Promise<void>
}

type Live = { phase: string; done: number; total: number }
type Entry = {
  run: AnalysisRun
  controller: AbortController
  execute: JobExecute<any>
  params: object
  live: Live | null
  listeners: Set<(progress: RunProgress) => void>
  settled: Promise<AnalysisRun | undefined>
  settle(run: AnalysisRun | undefined): void
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)) || 'failed'

/**
 * Runs analysis jobs of any kind as versioned runs in `analysis_runs`. The job's I/O runs
 * here, on the app's one client; its CPU-bound core goes to a worker thread through
 * ctx.runInWorker (docs/ARCHITECTURE.md, "Analysis jobs"). The job writes its own result
 * tables inside execute; the runner records status, progress, counts and timings.
 *
 * @example
 * const run = await jobs.start('affinity', { scopeKey: 'store:S001', params }, async (ctx) => {
 *   const baskets = await ctx.time('extract', () => loadBaskets(sql, params, ctx.progress))
 *   const rules = await ctx.time('mine', () => ctx.runInWorker(MINE_TASK, baskets, { transfer: transferablesOf(baskets) }))
 *   ctx.signal.throwIfAborted()
 *   await ctx.time('save', () => saveRules(sql, ctx.runId, rules))
 *   return { counts: { baskets: baskets.basketCount, rules: rules.length } }
 * })
 */
export function createJobRunner(sql: Sql, log: Log = () => {}, options: JobRunnerOptions = {}): JobRunner {
  const concurrency = Math.max(1, options.concurrency ?? 1)
  const progressWriteMs = options.progressWriteMs ?? 1000
  const entries = new Map<number, Entry>()
  const queue: Entry[] = []
  const idleWaiters: (() => void)[] = []
  let running = 0
  let closed = false

  const pump = () => {
    while (running < concurrency && queue.length > 0) launch(queue.shift()!, true)
  }

  const launch = (e: Entry, takesSlot: boolean) => {
    if (takesSlot) running++
    void runEntry(e).then((final) => {
      if (takesSlot) running--
      entries.delete(e.run.runId)
      e.settle(final)
      if (entries.size === 0) for (const resolve of idleWaiters.splice(0)) resolve()
      pump()
    })
  }

  /** Takes one run from queued to finished; never rejects (bookkeeping failures are logged). */
  async function runEntry(e: Entry): Promise<AnalysisRun | undefined> {
    const { runId } = e.run
    const signal = e.controller.signal
    try {
      if (signal.aborted) return (await finishRun(sql, runId, { status: 'cancelled', timings: {} })) ?? (await getRun(sql, runId))
      // Not queued any more: cancelled by another process, or marked interrupted.
      if (!(await markRunning(sql, runId))) return await getRun(sql, runId)
      const timings: Record<string, number> = {}
      const writer = createProgressWriter(sql, runId, {
        intervalMs: progressWriteMs,
        log,
        current: () => e.live,
        onCancelRequested: () => e.controller.abort(abortError(`Run ${runId} was cancelled`)),
      })
      const progress: Progress = (phase, done, total) => {
        e.live = { phase, done, total }
        writer.changed()
        if (e.listeners.size === 0) return
        const p = runProgressOf(phase, done, total)
        for (const listener of e.listeners) {
          try {
            listener(p)
          } catch {
            // A display's failure must not fail the job.
          }
        }
      }
      const ctx: JobContext<any> = {
        runId,
        kind: e.run.kind,
        scopeKey: e.run.scopeKey,
        version: e.run.version,
        params: e.params,
        signal,
        progress,
        async time(phase, fn) {
          if (e.live?.phase !== phase) progress(phase, 0, 0)
          const t0 = performance.now()
          try {
            return await fn()
          } finally {
            timings[phase] = (timings[phase] ?? 0) + Math.round(performance.now() - t0)
          }
        },
        runInWorker: (task, input, o = {}) => runInWorker(task, input, { transfer: o.transfer, signal, onProgress: o.onProgress ?? progress }),
      }
      let outcome: RunOutcome
      try {
        const result = await e.execute(ctx)
        // A job that finishes after a cancel still ends cancelled: the cancel was answered as accepted.
        outcome = signal.aborted ? { status: 'cancelled', timings } : { status: 'succeeded', counts: result?.counts ?? {}, timings }
      } catch (err) {
        outcome = signal.aborted ? { status: 'cancelled', timings } : { status: 'failed', error: messageOf(err), timings }
        if (!signal.aborted) log({ level: 'warn', msg: 'analysis run failed', runId, kind: e.run.kind, err: messageOf(err) })
      }
      await writer.stop()
      return (await finishRun(sql, runId, { ...outcome, progress: e.live })) ?? (await getRun(sql, runId))
    } catch (err) {
      log({ level: 'error', msg: 'analysis run bookkeeping failed', runId, kind: e.run.kind, err: messageOf(err) })
      return undefined
    }
  }

  const whenIdle = () => (entries.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)))

  const abortEntry = (e: Entry) => {
    e.controller.abort(abortError(`Run ${e.run.runId} was cancelled`))
    const i = queue.indexOf(e)
    if (i >= 0) {
      // Queued: end it now rather than when a slot frees up.
      queue.splice(i, 1)
      launch(e, false)
    }
  }

  return {
    async start(kind, spec, executeJob) {
      if (closed) throw new Error('The job runner is closed')
      const run = await createRun(sql, { kind, ...spec })
      let settle!: (run: AnalysisRun | undefined) => void
      const settled = new Promise<AnalysisRun | undefined>((resolve) => (settle = resolve))
      const e: Entry = { run, controller: new AbortController(), execute: executeJob, params: spec.params, live: null, listeners: new Set(), settled, settle }
      entries.set(run.runId, e)
      queue.push(e)
      // After the caller has the row: the job starts on a later turn of the event loop.
      setImmediate(pump)
      return run
    },

    async cancel(runId) {
      // Through the row first, so the run shows cancelRequested (and a queued one is ended)
      // whichever process executes it.
      if (!(await requestCancel(sql, runId)).requested) return false
      const e = entries.get(runId)
      if (e) {
        abortEntry(e)
        await Promise.race([e.settled, sleep(options.cancelWaitMs ?? 2000)])
      }
      return true
    },

    async get(runId) {
      const run = await getRun(sql, runId)
      const live = entries.get(runId)?.live
      return run && live && run.status === 'running' ? { ...run, progress: runProgressOf(live.phase, live.done, live.total) } : run
    },

    list: (filter) => listRuns(sql, filter),

    watch(runId, listener) {
      const e = entries.get(runId)
      if (!e) return () => {}
      e.listeners.add(listener)
      if (e.live) listener(runProgressOf(e.live.phase, e.live.done, e.live.total))
      return () => e.listeners.delete(listener)
    },

    async waitFor(runId) {
      const e = entries.get(runId)
      return e ? e.settled : getRun(sql, runId)
    },

    whenIdle,

    activeRunIds: () => [...entries.keys()],

    async close() {
      closed = true
      for (const e of [...entries.values()]) abortEntry(e)
      if (entries.size > 0) await Promise.race([whenIdle(), sleep(options.closeWaitMs ?? 5000)])
    },
  }
}
