import type { AnalysisRun } from '../../api/contract/analysis-run.js'
import type { Sql } from '../../api/db/create-database.js'
import type { Log } from '../../api/http/logger.js'
import type { JobRunner } from '../jobs/index.js'
import { kpisAreStale, refreshKpis } from './refresh-kpis.repo.js'

export const KPIS_KIND = 'kpis'

/**
 * Records a queued KPI refresh and returns it; the refresh then runs in the background as an
 * analysis job (phases visits, store weeks, save; all SQL, so no worker thread). When this
 * runner already has a KPI refresh queued or running, that run is returned instead of a second.
 */
export async function startKpiRefresh(sql: Sql, jobs: JobRunner, requestedBy: string | null): Promise<AnalysisRun> {
  for (const runId of jobs.activeRunIds()) {
    const run = await jobs.get(runId)
    if (run?.kind === KPIS_KIND && (run.status === 'queued' || run.status === 'running')) return run
  }
  return jobs.start(KPIS_KIND, { scopeKey: 'chain', params: {}, requestedBy }, async (ctx) => {
    const counts = await refreshKpis(sql, { runId: ctx.runId, signal: ctx.signal, phase: (name, fn) => ctx.time(name, fn) })
    return { counts }
  })
}

/**
 * Starts a KPI refresh when receipts have changed since the summaries were built (server start,
 * after the demo load); resolves with the run, or null when the summaries are current. Never
 * rejects: a failure is logged, and the dashboard shows the summaries it has.
 */
export async function startKpiRefreshIfStale(sql: Sql, jobs: JobRunner, log: Log, requestedBy = 'server start'): Promise<AnalysisRun | null> {
  try {
    if (!(await kpisAreStale(sql))) return null
    const run = await startKpiRefresh(sql, jobs, requestedBy)
    log({ level: 'info', msg: 'KPI summaries are older than the receipts: refreshing', runId: run.runId })
    return run
  } catch (err) {
    log({ level: 'warn', msg: 'KPI staleness check failed', err: err instanceof Error ? err.message : String(err) })
    return null
  }
}
