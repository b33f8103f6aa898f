import type { AnalysisRun, RunStatus } from '../../api/contract/analysis-run.js'
import type { Sql } from '../../api/db/create-database.js'
import { runProgressOf } from './run-progress-of.js'

/** What a new run records. JSON keys come back camelCased (the client's postgres.camel transform): use camelCase keys. */
export type NewRun = {
  kind: string
  scopeKey: string
  params: object
  /** YYYY-MM-DD */
  dataFrom?: string | null | undefined
  dataTo?: string | null | undefined
  requestedBy?: string | null | undefined
}

export type RunFilter = {
  kind?: string | undefined
  status?: RunStatus | undefined
  scopeKey?: string | undefined
  /** Keyset paging: only runs with a smaller runId. */
  beforeRunId?: number | undefined
  limit: number
}

export type RunOutcome = {
  status: 'succeeded' | 'failed' | 'cancelled'
  counts?: object | null | undefined
  timings: Record<string, number>
  error?: string | null | undefined
  progress?: { phase: string; done: number; total: number } | null | undefined
}

/** What the start-up step writes on runs a stopped process left queued or running. */
export const INTERRUPTED_ERROR = 'interrupted: the server stopped'

type RunRow = Omit<AnalysisRun, 'progress'> & { progressPhase: string | null; progressDone: number | null; progressTotal: number | null }

const runColumns = (sql: Sql) => sql`
  run_id, kind, scope_key, version, status, params, data_from::text as data_from, data_to::text as data_to,
  progress_phase, progress_done, progress_total, counts, timings, error, requested_by,
  cancel_requested_at is not null as cancel_requested,
  to_json(created_at)#>>'{}' as created_at, to_json(started_at)#>>'{}' as started_at,
  to_json(finished_at)#>>'{}' as finished_at`

const toRun = ({ progressPhase, progressDone, progressTotal, ...row }: RunRow): AnalysisRun => ({
  ...row,
  progress: runProgressOf(progressPhase, progressDone, progressTotal),
})

const json = (sql: Sql, value: object) => sql.json(value as Parameters<Sql['json']>[0])

/**
 * Records a queued run with the next version of its kind and scope. Two processes creating
 * runs of the same kind and scope at once compute the same version; the unique
 * (kind, scope_key, version) key lets one insert through, and the other tries again.
 */
export async function createRun(sql: Sql, run: NewRun): Promise<AnalysisRun> {
  for (let attempt = 0; attempt < 10; attempt++) {
    // Casts: in INSERT ... SELECT the parameters' types are not taken from the target columns.
    const [row] = await sql<RunRow[]>`
      insert into analysis_runs (kind, scope_key, version, params, data_from, data_to, requested_by)
      select ${run.kind}::text, ${run.scopeKey}::text, coalesce(max(version), 0) + 1, ${json(sql, run.params)}::jsonb,
        ${run.dataFrom ?? null}::date, ${run.dataTo ?? null}::date, ${run.requestedBy ?? null}::text
      from analysis_runs where kind = ${run.kind} and scope_key = ${run.scopeKey}
      on conflict (kind, scope_key, version) do nothing
      returning ${runColumns(sql)}`
    if (row) return toRun(row)
  }
  throw new Error(`Could not allocate a version for a ${run.kind} run over ${run.scopeKey}: too many concurrent runs`)
}

/** queued → running. False when the run is no longer queued (cancelled, or marked interrupted). */
export async function markRunning(sql: Sql, runId: number): Promise<boolean> {
  const rows = await sql`
    update analysis_runs set status = 'running', started_at = now()
    where run_id = ${runId} and status = 'queued' returning run_id`
  return rows.length === 1
}

/**
 * Writes a running run's progress, and reads back whether another process asked to cancel
 * it (the runner that executes it aborts the job then).
 */
export async function writeProgress(sql: Sql, runId: number, p: { phase: string; done: number; total: number }): Promise<{ cancelRequested: boolean }> {
  const [row] = await sql<{ cancelRequested: boolean }[]>`
    update analysis_runs set progress_phase = ${p.phase}, progress_done = ${Math.round(p.done)}, progress_total = ${Math.round(p.total)}
    where run_id = ${runId} and status = 'running'
    returning cancel_requested_at is not null as cancel_requested`
  return { cancelRequested: row?.cancelRequested ?? false }
}

/** Ends a queued or running run. Undefined when it had already ended (or does not exist). */
export async function finishRun(sql: Sql, runId: number, o: RunOutcome): Promise<AnalysisRun | undefined> {
  const [row] = await sql<RunRow[]>`
    update analysis_runs set
      status = ${o.status}, finished_at = now(),
      counts = ${o.counts ? json(sql, o.counts) : null}, timings = ${json(sql, o.timings)},
      error = ${o.error ?? null}
      ${o.progress ? sql`, progress_phase = ${o.progress.phase}, progress_done = ${Math.round(o.progress.done)}, progress_total = ${Math.round(o.progress.total)}` : sql``}
    where run_id = ${runId} and status in ('queued', 'running')
    returning ${runColumns(sql)}`
  return row && toRun(row)
}

/**
 * Cancels a run that this process does not execute: a queued one ends 'cancelled' at once;
 * a running one gets `cancel_requested_at`, which the process running it reads back within
 * about a second (at its next progress write) and then stops the job. `requested` is false
 * when the run had already finished (`run` as it is) or does not exist (`run` undefined).
 */
export async function requestCancel(sql: Sql, runId: number): Promise<{ requested: boolean; run: AnalysisRun | undefined }> {
  const [row] = await sql<RunRow[]>`
    update analysis_runs set
      status = case when status = 'queued' then 'cancelled' else status end,
      finished_at = case when status = 'queued' then now() else finished_at end,
      cancel_requested_at = coalesce(cancel_requested_at, now())
    where run_id = ${runId} and status in ('queued', 'running')
    returning ${runColumns(sql)}`
  return row ? { requested: true, run: toRun(row) } : { requested: false, run: await getRun(sql, runId) }
}

export async function getRun(sql: Sql, runId: number): Promise<AnalysisRun | undefined> {
  const [row] = await sql<RunRow[]>`select ${runColumns(sql)} from analysis_runs where run_id = ${runId}`
  return row && toRun(row)
}

/** A page of runs, newest first (by runId), optionally of one kind, status and scope. */
export async function listRuns(sql: Sql, f: RunFilter): Promise<AnalysisRun[]> {
  const rows = await sql<RunRow[]>`
    select ${runColumns(sql)} from analysis_runs
    where true
      ${f.kind !== undefined ? sql`and kind = ${f.kind}` : sql``}
      ${f.status !== undefined ? sql`and status = ${f.status}` : sql``}
      ${f.scopeKey !== undefined ? sql`and scope_key = ${f.scopeKey}` : sql``}
      ${f.beforeRunId !== undefined ? sql`and run_id < ${f.beforeRunId}` : sql``}
    order by run_id desc
    limit ${f.limit}`
  return rows.map(toRun)
}

/**
 * Start-up step of the server: runs left queued or running belong to a process that has
 * stopped (jobs live in the memory of the process that runs them), so they end 'failed'
 * with INTERRUPTED_ERROR. Returns their run ids. With several processes on one PostgreSQL
 * server, call it only where no other process runs jobs at the time.
 */
export async function markInterruptedRuns(sql: Sql): Promise<number[]> {
  const rows = await sql<{ runId: number }[]>`
    update analysis_runs set status = 'failed', error = ${INTERRUPTED_ERROR}, finished_at = now()
    where status in ('queued', 'running')
    returning run_id`
  return rows.map((r) => r.runId).sort((a, b) => a - b)
}
