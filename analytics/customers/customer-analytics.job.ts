import type { AnalysisRun } from '../../api/contract/analysis-run.js'
import type { CustomerRunRequest } from '../../api/contract/customer-analytics.js'
import type { Database } from '../../api/db/create-database.js'
import type { JobContext, JobRunner } from '../jobs/index.js'
import type { CustomerAnalysis } from './analyse-customers.js'
import type { AnalyseCustomersInput } from './analyse-customers.task.js'
import { saveCustomerAnalysis } from './customer-analytics.repo.js'
import { extractCustomerData } from './customer-source.repo.js'

export const CUSTOMERS_KIND = 'customers'
const TASK = { module: new URL('./analyse-customers.task.ts', import.meta.url), export: 'analyseCustomersTask' }

/**
 * Records a queued customer-analytics run and returns it; the run then executes in the
 * background: the aggregation in SQL and the extraction on the main thread, the statistics and
 * clustering in a worker thread, the results saved in one transaction.
 */
export async function startCustomerRun(db: Database, jobs: JobRunner, request: CustomerRunRequest, requestedBy: string | null): Promise<AnalysisRun> {
  return jobs.start(CUSTOMERS_KIND, { scopeKey: 'chain', params: request, dataFrom: request.from ?? null, dataTo: request.to ?? null, requestedBy }, (ctx) => executeCustomerRun(db, ctx))
}

async function executeCustomerRun(db: Database, ctx: JobContext<CustomerRunRequest>) {
  const p = ctx.params
  const data = await ctx.time('extract', () => extractCustomerData(db, { from: p.from, to: p.to }, (phase, done, total) => ctx.progress(phase, done, total), ctx.signal))
  ctx.signal.throwIfAborted()
  // Copied to the worker, not transferred: saving reads the same arrays afterwards.
  const analysis = await ctx.time('analyse', () =>
    ctx.runInWorker<AnalyseCustomersInput, CustomerAnalysis>(TASK, {
      data,
      params: { levels: p.levels, baseline: p.baseline, fdr: p.fdr, minIndex: p.minIndex, lapse: p.lapse, clusters: p.clusters },
    }),
  )
  ctx.signal.throwIfAborted()
  const saved = await ctx.time('save', () => db.sql.begin((tx) => saveCustomerAnalysis(tx as never, ctx.runId, data, analysis)))
  const count = (a: Uint8Array) => a.reduce((s, x) => s + x, 0)
  return {
    counts: {
      customers: data.behaviour.count,
      scored: saved.customers,
      purchaseRows: data.purchases.item.length,
      demographicCells: saved.cells,
      flaggedCells: analysis.demographics.reduce((s, d) => s + d.cells.flag.reduce((t, f) => t + (f !== 0 ? 1 : 0), 0), 0),
      segments: analysis.segments.k,
      lapsed: count(analysis.lapses.lapsed),
      unprofitable: count(analysis.unprofitable.selected),
      atRisk: count(analysis.atRisk.selected),
    },
  }
}
