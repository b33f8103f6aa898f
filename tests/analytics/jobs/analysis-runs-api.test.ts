import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRun, finishRun } from '../../../analytics/jobs/jobs.repo.js'
import { expectProblem, jsonOf } from '../../helpers/test-api.js'
import { createGate, startJobsTestApi, task, type JobsTestApi } from './jobs-test-api.js'

let api: JobsTestApi
beforeAll(async () => {
  api = await startJobsTestApi()
})
afterAll(() => api.close())

const waitLong = { timeout: 15_000, interval: 25 }

/** Starts a test job whose worker spins until the gate opens, as the routes of a kind would. */
const startSpin = (gate: ReturnType<typeof createGate>, scopeKey = 'chain') =>
  api.jobs.start('spin-test', { scopeKey, params: { note: 'held' } }, async (ctx) => {
    const out = await ctx.time('spin', () => ctx.runInWorker<{ flag: Int32Array }, { spins: number }>(task('spinUntilReleased'), { flag: gate.flag }))
    return { counts: { spins: out.spins } }
  })

describe('GET /v1/analysis-runs/{runId}', () => {
  it('shows a running job with its live progress, answering while the worker computes, then its outcome', async () => {
    const gate = createGate()
    const run = await startSpin(gate)
    try {
      // Each answer is served by this thread's event loop while the worker spins without yielding.
      await vi.waitFor(async () => {
        const res = await api.request('GET', `/v1/analysis-runs/${run.runId}`)
        expect(res.status).toBe(200)
        const body = await jsonOf(res)
        expect(body).toMatchObject({ runId: run.runId, kind: 'spin-test', status: 'running', progress: { phase: 'spin', total: 0, percent: null } })
        expect(body.progress.done).toBeGreaterThan(0)
      }, waitLong)
    } finally {
      gate.release()
    }
    await api.jobs.waitFor(run.runId)
    const body = await jsonOf(await api.request('GET', `/v1/analysis-runs/${run.runId}`))
    expect(body).toMatchObject({ status: 'succeeded', params: { note: 'held' }, scopeKey: 'chain', version: 1, error: null, cancelRequested: false })
    expect(body.counts.spins).toBeGreaterThan(0)
    expect(Object.keys(body.timings)).toEqual(['spin'])
    expect(body.finishedAt).toEqual(expect.any(String))
  })

  it('answers 400 naming runId for a bad id, and 404 for an unknown one', async () => {
    for (const bad of ['abc', '0', '-1', '1.5']) {
      const problem = await expectProblem(await api.request('GET', `/v1/analysis-runs/${bad}`), 400)
      expect(problem).toMatchObject({ type: '/problems/invalid_request', errors: [{ parameter: 'runId' }] })
    }
    const problem = await expectProblem(await api.request('GET', '/v1/analysis-runs/987654'), 404)
    expect(problem).toMatchObject({ type: '/problems/not_found', errors: [{ parameter: 'runId', detail: 'unknown run' }] })
  })

  it('needs an admin key: 401 without a key, 403 for a terminal key', async () => {
    await expectProblem(await api.request('GET', '/v1/analysis-runs', { key: null }), 401)
    const problem = await expectProblem(await api.request('GET', '/v1/analysis-runs', { key: api.terminalKey }), 403)
    expect(problem).toMatchObject({ type: '/problems/forbidden' })
    await expectProblem(await api.request('POST', '/v1/analysis-runs/1/cancel', { key: api.terminalKey }), 403)
  })
})

describe('POST /v1/analysis-runs/{runId}/cancel', () => {
  it('cancels a running job (202, worker gone, run cancelled), then answers 409 for it', async () => {
    const gate = createGate() // never released
    const run = await startSpin(gate, 'store:S001')
    await vi.waitFor(async () => expect((await api.jobs.get(run.runId))!.progress.phase).toBe('spin'), waitLong)
    const res = await api.request('POST', `/v1/analysis-runs/${run.runId}/cancel`)
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({ runId: run.runId, status: 'cancelled', cancelRequested: true, error: null })
    expect(api.jobs.activeRunIds()).toEqual([])
    const again = await expectProblem(await api.request('POST', `/v1/analysis-runs/${run.runId}/cancel`), 409)
    expect(again).toMatchObject({ type: '/problems/conflict', detail: `Run ${run.runId} has already finished (cancelled)`, errors: [{ parameter: 'runId' }] })
  })

  it('answers 404 for an unknown run and 400 for a bad id', async () => {
    await expectProblem(await api.request('POST', '/v1/analysis-runs/987654/cancel'), 404)
    const problem = await expectProblem(await api.request('POST', '/v1/analysis-runs/x/cancel'), 400)
    expect(problem.errors).toEqual([{ parameter: 'runId', detail: expect.any(String) }])
  })
})

describe('GET /v1/analysis-runs', () => {
  it('lists newest first, filters by kind, status and scopeKey, and pages by cursor', async () => {
    await api.jobs.whenIdle()
    await api.sql`delete from analysis_runs`
    const made: number[] = []
    for (const [kind, scopeKey, status] of [
      ['affinity', 'chain', 'succeeded'],
      ['affinity', 'store:S001', 'failed'],
      ['customers', 'chain', 'succeeded'],
      ['affinity', 'chain', 'succeeded'],
      ['affinity', 'chain', 'queued'],
    ] as const) {
      const run = await createRun(api.sql, { kind, scopeKey, params: { minSupport: 0.01 } })
      if (status !== 'queued') await finishRun(api.sql, run.runId, { status, timings: {} })
      made.push(run.runId)
    }
    const ids = async (query: string) => (await jsonOf(await api.request('GET', `/v1/analysis-runs${query}`))).items.map((r: { runId: number }) => r.runId)
    expect(await ids('')).toEqual([...made].reverse())
    expect(await ids('?kind=affinity&status=succeeded')).toEqual([made[3], made[0]])
    expect(await ids('?scopeKey=store:S001')).toEqual([made[1]])
    expect(await ids('?kind=customers')).toEqual([made[2]])

    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: { items: { runId: number; version: number }[]; nextCursor: string | null } = await jsonOf(
        await api.request('GET', `/v1/analysis-runs?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
      )
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((r) => r.runId))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([...made].reverse())

    const first = (await jsonOf(await api.request('GET', '/v1/analysis-runs?kind=affinity&scopeKey=chain'))).items
    expect(first.map((r: { version: number }) => r.version)).toEqual([3, 2, 1])
    expect(first[0]).toMatchObject({ status: 'queued', params: { minSupport: 0.01 }, progress: { phase: null, done: null, total: null, percent: null }, counts: null, startedAt: null, finishedAt: null })
  })

  it('answers 400 naming the parameter for a bad status, limit or cursor', async () => {
    for (const [query, parameter] of [['status=done', 'status'], ['limit=0', 'limit'], ['cursor=abc', 'cursor']]) {
      const problem = await expectProblem(await api.request('GET', `/v1/analysis-runs?${query}`), 400)
      expect(problem.errors).toEqual([{ parameter, detail: expect.any(String) }])
    }
  })
})

describe('OpenAPI', () => {
  it('documents the three endpoints with the AnalysisRun schema', async () => {
    const doc = await jsonOf(await api.request('GET', '/openapi.json', { key: null }))
    expect(Object.keys(doc.paths['/v1/analysis-runs/{runId}/cancel'].post.responses).sort()).toEqual(['202', '400', '401', '403', '404', '409'])
    expect(doc.paths['/v1/analysis-runs'].get).toBeDefined()
    expect(doc.paths['/v1/analysis-runs/{runId}'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/AnalysisRun')
    expect(doc.components.schemas.AnalysisRun.required).toEqual(expect.arrayContaining(['runId', 'kind', 'scopeKey', 'version', 'status', 'progress']))
    expect(doc.components.schemas.RunProgress).toBeDefined()
  })
})
