import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { INTERRUPTED_ERROR, createJobRunner, markInterruptedRuns, runningWorkers, transferablesOf, type JobContext, type JobRunner } from '../../../analytics/jobs/index.js'
import { createRun, markRunning } from '../../../analytics/jobs/jobs.repo.js'
import type { Database } from '../../../api/db/create-database.js'
import { createTestDb } from '../../helpers/test-db.js'
import { createGate, task } from './jobs-test-api.js'
import type { SumSquaresInput, SumSquaresOutput } from './sum-squares.task.js'

let db: Database
let jobs: JobRunner
beforeAll(async () => {
  db = await createTestDb()
  jobs = createJobRunner(db.sql, () => {}, { progressWriteMs: 50 })
})
afterAll(async () => {
  await jobs.close()
  await db.close()
})

const waitLong = { timeout: 15_000, interval: 25 }

/** A job that holds its worker spinning until the gate opens. */
const spinJob = (gate: ReturnType<typeof createGate>) => async (ctx: JobContext<object>) => {
  const out = await ctx.time('spin', () => ctx.runInWorker<{ flag: Int32Array }, { spins: number }>(task('spinUntilReleased'), { flag: gate.flag }))
  return { counts: { spins: out.spins } }
}

const rowOf = async (runId: number) => {
  const [row] = await db.sql<{ status: string; progressPhase: string | null; progressDone: number | null; error: string | null }[]>`
    select status, progress_phase, progress_done, error from analysis_runs where run_id = ${runId}`
  return row
}

describe('a job', () => {
  it('runs its core in a worker, gets the typed-array result back and ends succeeded with counts and timings', async () => {
    let squares: Float64Array | undefined
    const queued = await jobs.start('test', { scopeKey: 'store:S001', params: { rounds: 2 }, dataFrom: '2025-01-01', dataTo: '2025-03-31', requestedBy: 'test' }, async (ctx) => {
      const input = { values: Float64Array.from([3, 4]), rounds: ctx.params.rounds }
      const out = await ctx.time('square', () => ctx.runInWorker<SumSquaresInput, SumSquaresOutput>(task('sumSquares'), input, { transfer: transferablesOf(input) }))
      squares = out.squares
      await ctx.time('save', async () => {})
      return { counts: { values: out.squares.length, sum: out.sum } }
    })
    expect(queued).toMatchObject({ kind: 'test', scopeKey: 'store:S001', version: 1, status: 'queued', params: { rounds: 2 }, dataFrom: '2025-01-01', dataTo: '2025-03-31', requestedBy: 'test', startedAt: null })
    const run = await jobs.waitFor(queued.runId)
    expect(squares).toBeInstanceOf(Float64Array)
    expect([...squares!]).toEqual([9, 16])
    expect(run).toMatchObject({ status: 'succeeded', counts: { values: 2, sum: 25 }, error: null, progress: { phase: 'save' } })
    expect(Object.keys(run!.timings!).sort()).toEqual(['save', 'square'])
    expect(run!.timings!.square).toBeGreaterThanOrEqual(0)
    expect(run!.startedAt).not.toBeNull()
    expect(Date.parse(run!.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(run!.startedAt!))
    expect(await jobs.get(queued.runId)).toEqual(run)
  })

  it('ends failed with the message when execute throws, or the worker task does', async () => {
    const thrown = await jobs.start('test', { scopeKey: 'chain', params: {} }, async () => {
      throw new Error('no baskets in the window')
    })
    const inWorker = await jobs.start('test', { scopeKey: 'chain', params: {} }, async (ctx) => {
      await ctx.runInWorker(task('sumSquares'), { values: new Float64Array(4), rounds: 5, failAfterRound: 3 })
    })
    expect(await jobs.waitFor(thrown.runId)).toMatchObject({ status: 'failed', error: 'no baskets in the window', counts: null })
    expect(await jobs.waitFor(inWorker.runId)).toMatchObject({ status: 'failed', error: 'gave up after round 3' })
  })

  it('writes its progress to the run row while it runs, and get shows it live', async () => {
    const gate = createGate()
    const run = await jobs.start('test', { scopeKey: 'chain', params: {} }, spinJob(gate))
    try {
      await vi.waitFor(async () => {
        const row = await rowOf(run.runId)
        expect(row).toMatchObject({ status: 'running', progressPhase: 'spin' })
        expect(row!.progressDone).toBeGreaterThan(0)
      }, waitLong)
      const live = await jobs.get(run.runId)
      expect(live).toMatchObject({ status: 'running', progress: { phase: 'spin', total: 0, percent: null } })
      expect(live!.progress.done).toBeGreaterThan(0)
    } finally {
      gate.release()
    }
    const done = await jobs.waitFor(run.runId)
    expect(done).toMatchObject({ status: 'succeeded', progress: { phase: 'spin' } })
    expect((done!.counts as { spins: number }).spins).toBeGreaterThan(0)
  })
})

describe('cancel', () => {
  it('stops a running job: the worker is terminated and the run ends cancelled, not failed', async () => {
    const gate = createGate() // never released: only the cancel ends this job
    const run = await jobs.start('test', { scopeKey: 'chain', params: {} }, spinJob(gate))
    await vi.waitFor(async () => expect((await jobs.get(run.runId))!.progress.phase).toBe('spin'), waitLong)
    await vi.waitFor(() => expect(runningWorkers()).toBe(1), waitLong)
    expect(await jobs.cancel(run.runId)).toBe(true)
    expect(runningWorkers()).toBe(0)
    expect(await jobs.get(run.runId)).toMatchObject({ status: 'cancelled', error: null, cancelRequested: true })
    expect((await jobs.get(run.runId))!.timings).toHaveProperty('spin')
    expect(await jobs.cancel(run.runId)).toBe(false)
    expect(await jobs.cancel(999_999)).toBe(false)
  })

  it('ends a queued run without executing it', async () => {
    const gate = createGate()
    const first = await jobs.start('test', { scopeKey: 'chain', params: {} }, spinJob(gate))
    const execute = vi.fn(async () => {})
    const second = await jobs.start('test', { scopeKey: 'chain', params: {} }, execute)
    await vi.waitFor(async () => expect((await jobs.get(first.runId))!.status).toBe('running'), waitLong)
    expect((await jobs.get(second.runId))!.status).toBe('queued') // one job at a time
    expect(await jobs.cancel(second.runId)).toBe(true)
    expect(await jobs.get(second.runId)).toMatchObject({ status: 'cancelled', startedAt: null })
    gate.release()
    await jobs.whenIdle()
    expect(execute).not.toHaveBeenCalled()
    expect((await jobs.get(first.runId))!.status).toBe('succeeded')
  })

  it('reaches a run executed by another runner (another process) through its row', async () => {
    const other = createJobRunner(db.sql, () => {}, { progressWriteMs: 50 })
    const gate = createGate()
    try {
      const run = await other.start('test', { scopeKey: 'chain', params: {} }, spinJob(gate))
      await vi.waitFor(async () => expect((await rowOf(run.runId))!.progressPhase).toBe('spin'), waitLong)
      expect(await jobs.cancel(run.runId)).toBe(true)
      expect(await other.waitFor(run.runId)).toMatchObject({ status: 'cancelled', cancelRequested: true })
      expect(runningWorkers()).toBe(0)
    } finally {
      gate.release()
      await other.close()
    }
  })

  it('close() cancels what is running and refuses new runs', async () => {
    const closing = createJobRunner(db.sql, () => {}, { progressWriteMs: 50 })
    const run = await closing.start('test', { scopeKey: 'chain', params: {} }, spinJob(createGate()))
    await vi.waitFor(async () => expect((await rowOf(run.runId))!.status).toBe('running'), waitLong)
    await closing.close()
    expect((await rowOf(run.runId))!.status).toBe('cancelled')
    expect(closing.activeRunIds()).toEqual([])
    await expect(closing.start('test', { scopeKey: 'chain', params: {} }, async () => {})).rejects.toThrow('The job runner is closed')
  })
})

describe('versions', () => {
  it('count up per kind and scope, also when created at the same time', async () => {
    const make = (kind: string, scopeKey: string) => createRun(db.sql, { kind, scopeKey, params: {} })
    const concurrent = await Promise.all([1, 2, 3, 4, 5].map(() => make('versions', 'store:S001')))
    expect(concurrent.map((r) => r.version).sort()).toEqual([1, 2, 3, 4, 5])
    expect((await make('versions', 'store:S001')).version).toBe(6)
    expect((await make('versions', 'store:S002')).version).toBe(1)
    expect((await make('versions-other', 'store:S001')).version).toBe(1)
    await db.sql`delete from analysis_runs where kind like 'versions%'` // never executed: not left for markInterruptedRuns
  })
})

describe('markInterruptedRuns', () => {
  it('fails the runs a stopped process left queued or running, and nothing else', async () => {
    await jobs.whenIdle()
    const queued = await createRun(db.sql, { kind: 'interrupted', scopeKey: 'chain', params: {} })
    const running = await createRun(db.sql, { kind: 'interrupted', scopeKey: 'chain', params: {} })
    await markRunning(db.sql, running.runId)
    const finished = await jobs.start('interrupted', { scopeKey: 'chain', params: {} }, async () => ({ counts: { n: 1 } }))
    await jobs.waitFor(finished.runId)

    expect(await markInterruptedRuns(db.sql)).toEqual([queued.runId, running.runId])
    for (const runId of [queued.runId, running.runId]) {
      const run = await jobs.get(runId)
      expect(run).toMatchObject({ status: 'failed', error: INTERRUPTED_ERROR })
      expect(run!.finishedAt).not.toBeNull()
    }
    expect((await jobs.get(finished.runId))!.status).toBe('succeeded')
    expect(await markInterruptedRuns(db.sql)).toEqual([])
  })
})
