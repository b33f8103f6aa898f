import { startAffinityRun } from '../../analytics/affinity/affinity.job.js'
import { startCustomerRun } from '../../analytics/customers/customer-analytics.job.js'
import type { JobRunner } from '../../analytics/jobs/index.js'
import { AffinityRunRequestSchema } from '../contract/affinity.js'
import { CustomerRunRequestSchema } from '../contract/customer-analytics.js'
import type { Database } from '../db/create-database.js'
import type { Log } from '../http/logger.js'

/**
 * The demo's first analyses, so every dashboard view has data right after `npm start`: an
 * affinity run (categories, the chain and each store) and a customer-analytics run, queued
 * behind the KPI refresh, unless runs of those kinds already exist (a restart starts nothing).
 */
export async function startDemoAnalyses(db: Database, jobs: JobRunner, log: Log): Promise<number[]> {
  const rows = await db.sql<{ kind: string }[]>`select distinct kind from analysis_runs where status in ('queued', 'running', 'succeeded')`
  const have = new Set(rows.map((r) => r.kind))
  const started: number[] = []
  if (!have.has('affinity')) {
    const run = await startAffinityRun(db, jobs, AffinityRunRequestSchema.parse({ targets: [{ level: 'category', scopes: ['chain', 'stores'] }], minSupport: 0.02, maxLength: 3 }), 'demo')
    started.push(run.runId)
  }
  if (!have.has('customers')) started.push((await startCustomerRun(db, jobs, CustomerRunRequestSchema.parse({}), 'demo')).runId)
  if (started.length) log({ level: 'info', msg: 'demo analyses started', runIds: started })
  return started
}
