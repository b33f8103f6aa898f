import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { z } from 'zod'
import type { JobRunner } from '../../analytics/jobs/index.js'
import { AnalysisRunListQuerySchema, AnalysisRunSchema, RunIdParamSchema } from '../contract/analysis-run.js'
import { pageOf } from '../contract/common.js'
import type { AuthEnv } from '../auth/require-key.js'
import { AppError } from '../errors/app-error.js'
import { problems } from '../http/problems.js'

const tags = ['Analysis runs']
const security = [{ ApiKey: [] }]
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const notFound = (runId: number) => new AppError('not_found', `No analysis run ${runId}`, [{ parameter: 'runId', detail: 'unknown run' }])

const listRunsRoute = createRoute({
  method: 'get', path: '/v1/analysis-runs', tags, security, summary: 'List analysis runs, newest first',
  description: 'Runs of every kind (affinity, customers, ...); each kind starts its runs at its own endpoint.',
  request: { query: AnalysisRunListQuerySchema },
  responses: { 200: { description: 'A page of runs, newest first', ...json(pageOf(AnalysisRunSchema)) }, ...problems(400, 401, 403) },
})

const getRunRoute = createRoute({
  method: 'get', path: '/v1/analysis-runs/{runId}', tags, security, summary: 'Read a run: status, progress, parameters, counts, timings',
  description: 'Poll this while a run is queued or running; progress is live for runs of this server.',
  request: { params: RunIdParamSchema },
  responses: { 200: { description: 'The run', ...json(AnalysisRunSchema) }, ...problems(400, 401, 403, 404) },
})

const cancelRunRoute = createRoute({
  method: 'post', path: '/v1/analysis-runs/{runId}/cancel', tags, security, summary: 'Cancel a queued or running run',
  description:
    'Stops the job (its worker thread is terminated) and ends the run `cancelled`; its partial results are not kept for reading. ' +
    'Answers once the run has stopped, or after about two seconds with the run still `running` and `cancelRequested` true.',
  request: { params: RunIdParamSchema },
  responses: { 202: { description: 'Cancel accepted; the run as it is now', ...json(AnalysisRunSchema) }, ...problems(400, 401, 403, 404, 409) },
})

export function registerAnalysisRunRoutes(app: OpenAPIHono<AuthEnv>, jobs: JobRunner): void {
  app.openapi(listRunsRoute, async (c) => {
    const q = c.req.valid('query')
    const items = await jobs.list({ kind: q.kind, status: q.status, scopeKey: q.scopeKey, beforeRunId: q.cursor === undefined ? undefined : Number(q.cursor), limit: q.limit })
    return c.json({ items, nextCursor: items.length === q.limit ? String(items.at(-1)!.runId) : null }, 200)
  })

  app.openapi(getRunRoute, async (c) => {
    const { runId } = c.req.valid('param')
    const run = await jobs.get(runId)
    if (!run) throw notFound(runId)
    return c.json(run, 200)
  })

  app.openapi(cancelRunRoute, async (c) => {
    const { runId } = c.req.valid('param')
    if (!(await jobs.cancel(runId))) {
      const run = await jobs.get(runId)
      if (!run) throw notFound(runId)
      throw new AppError('conflict', `Run ${runId} has already finished (${run.status})`, [{ parameter: 'runId', detail: `run is ${run.status}` }])
    }
    const run = await jobs.get(runId)
    return c.json(run!, 202)
  })
}
