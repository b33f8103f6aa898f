import { startAffinityRun } from '../../analytics/affinity/affinity.job.js'
import { listScopes } from '../../analytics/affinity/affinity.repo.js'
import { startCustomerRun } from '../../analytics/customers/customer-analytics.job.js'
import { followRun, type JobRunner } from '../../analytics/jobs/index.js'
import { kpisAreStale, readKpiRefresh, startKpiRefresh, type KpiRefreshState } from '../../analytics/kpis/index.js'
import type { AnalysisRun } from '../../api/contract/analysis-run.js'
import { AffinityRunRequestSchema } from '../../api/contract/affinity.js'
import { CustomerRunRequestSchema } from '../../api/contract/customer-analytics.js'
import type { Database } from '../../api/db/create-database.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The newest succeeded run of `kind` that `fits`; failing that, waits for one another process
 * has queued or running, and failing that starts one with `start` and follows it on stderr.
 */
async function latestOrStart(jobs: JobRunner, kind: string, fits: (run: AnalysisRun) => Promise<boolean>, start: () => Promise<AnalysisRun>): Promise<{ run: AnalysisRun; started: boolean }> {
  for (const run of await jobs.list({ kind, status: 'succeeded', limit: 20 })) if (await fits(run)) return { run, started: false }
  const pending = [...(await jobs.list({ kind, status: 'running', limit: 1 })), ...(await jobs.list({ kind, status: 'queued', limit: 1 }))][0]
  if (pending) {
    process.stderr.write(`waiting for ${kind} run ${pending.runId} (another process)…\n`)
    for (;;) {
      const run = (await jobs.get(pending.runId))!
      if (run.status === 'succeeded' && (await fits(run))) return { run, started: false }
      if (run.status !== 'queued' && run.status !== 'running') break
      await sleep(5000)
    }
  }
  const queued = await start()
  const run = await followRun(jobs, queued.runId, { label: `${kind} run ${queued.runId}` })
  if (run?.status !== 'succeeded') throw new Error(`${kind} run ${queued.runId} ended ${run?.status}: ${run?.error}`)
  return { run, started: true }
}

/** An affinity run with rules of `store` at category level: the latest there is, else a small one (category, chain and stores). */
export const affinityRunFor = (db: Database, jobs: JobRunner, store: string) =>
  latestOrStart(
    jobs,
    'affinity',
    async (run) => (await listScopes(db.sql, run.runId)).some((s) => s.scope === `store:${store}` && s.level === 'category'),
    () => startAffinityRun(db, jobs, AffinityRunRequestSchema.parse({ targets: [{ level: 'category', scopes: ['chain', 'stores'] }] }), 'bench dashboard'),
  )

/** A customer-analytics run: the latest there is, else one with the defaults (about 3 minutes on the chain preset). */
export const customerRunFor = (db: Database, jobs: JobRunner) =>
  latestOrStart(jobs, 'customers', async () => true, () => startCustomerRun(db, jobs, CustomerRunRequestSchema.parse({}), 'bench dashboard'))

/** Current KPI summaries: refreshed through the job runner when stale (or when `force`), with the run that built them. */
export async function currentKpis(db: Database, jobs: JobRunner, force: boolean): Promise<{ state: KpiRefreshState; run: AnalysisRun | undefined; refreshedNow: boolean }> {
  const refresh = force || (await kpisAreStale(db.sql))
  if (refresh) {
    const queued = await startKpiRefresh(db.sql, jobs, 'bench dashboard')
    const done = await followRun(jobs, queued.runId, { label: `kpis run ${queued.runId}` })
    if (done?.status !== 'succeeded') throw new Error(`kpis run ${queued.runId} ended ${done?.status}: ${done?.error}`)
  }
  const state = (await readKpiRefresh(db.sql))!
  return { state, run: state.runId === null ? undefined : await jobs.get(state.runId), refreshedNow: refresh }
}
