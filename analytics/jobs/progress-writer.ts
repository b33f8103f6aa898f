import type { Sql } from '../../api/db/create-database.js'
import type { Log } from '../../api/http/logger.js'
import { writeProgress } from './jobs.repo.js'

export type ProgressWriter = {
  /** The run's progress changed: write it soon. */
  changed(): void
  /** No more writes; resolves when the one in flight, if any, is done. */
  stop(): Promise<void>
}

/**
 * Writes a running run's latest progress to its row at most once per `intervalMs`, one
 * write at a time, so a job may report as often as it likes; the latest report always
 * lands eventually. Each write reads back whether another process asked to cancel the
 * run, and calls onCancelRequested when so.
 */
export function createProgressWriter(
  sql: Sql,
  runId: number,
  o: { intervalMs: number; log: Log; current: () => { phase: string; done: number; total: number } | null; onCancelRequested: () => void },
): ProgressWriter {
  let timer: NodeJS.Timeout | undefined
  let writing: Promise<void> | undefined
  let lastWriteMs = -Infinity
  let changes = 0
  let written = 0
  let stopped = false
  const schedule = () => {
    if (stopped || timer || writing || changes === written) return
    timer = setTimeout(write, Math.max(0, lastWriteMs + o.intervalMs - performance.now()))
  }
  const write = () => {
    timer = undefined
    const p = o.current()
    const upTo = changes
    if (!p) return
    writing = writeProgress(sql, runId, p)
      .then((r) => {
        if (r.cancelRequested) o.onCancelRequested()
      })
      .catch((err: unknown) => o.log({ level: 'warn', msg: 'analysis run progress not written', runId, err: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        writing = undefined
        written = upTo
        lastWriteMs = performance.now()
        schedule()
      })
  }
  return {
    changed() {
      changes++
      schedule()
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await writing
    },
  }
}
