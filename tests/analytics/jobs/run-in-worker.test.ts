import { describe, expect, it } from 'vitest'
import { isAbortError, runInWorker, runningWorkers, transferablesOf } from '../../../analytics/jobs/index.js'
import { createGate, task } from './jobs-test-api.js'
import type { SumSquaresInput, SumSquaresOutput } from './sum-squares.task.js'

describe('runInWorker', () => {
  it('runs a TypeScript task in a worker thread and returns its typed-array result', async () => {
    const values = Float64Array.from([1, 2, 3, 4])
    const out = await runInWorker<SumSquaresInput, SumSquaresOutput>(task('sumSquares'), { values, rounds: 3 }, { transfer: transferablesOf({ values }) })
    expect(out.squares).toBeInstanceOf(Float64Array)
    expect([...out.squares]).toEqual([1, 4, 9, 16])
    expect(out).toMatchObject({ sum: 30, rounds: 3 })
    // The input's buffer was moved to the worker, not copied.
    expect(values.buffer.byteLength).toBe(0)
    expect(runningWorkers()).toBe(0)
  })

  it('awaits an async export; a view on part of a buffer is copied, not moved', async () => {
    const whole = Int32Array.from([5, 6, 7, 8])
    const xs = whole.subarray(1, 3)
    expect(transferablesOf({ xs })).toEqual([])
    const out = await runInWorker<{ xs: Int32Array }, { doubled: Int32Array; offset: number }>(task('doubleLater'), { xs })
    expect([...out.doubled]).toEqual([12, 14])
    expect([...whole]).toEqual([5, 6, 7, 8])
  })

  it('reports progress on the calling thread, throttled, with the last report of a phase always delivered', async () => {
    const reports: [string, number, number][] = []
    await runInWorker(task('sumSquares'), { values: new Float64Array(8), rounds: 5_000 }, { onProgress: (...r) => reports.push(r) })
    expect(reports[0]).toEqual(['square', 1, 5_000])
    expect(reports.at(-1)).toEqual(['square', 5_000, 5_000])
    expect(reports.length).toBeLessThan(5_000)
  })

  it('rejects with the task error, its name, message and stack', async () => {
    const err = await runInWorker(task('sumSquares'), { values: new Float64Array(2), rounds: 10, failAfterRound: 2 }).catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    expect(err).toMatchObject({ name: 'RangeError', message: 'gave up after round 2' })
    expect((err as Error).stack).toContain('sum-squares.task.ts')
  })

  it('rejects when the module has no such export', async () => {
    await expect(runInWorker(task('noSuchExport'), {})).rejects.toThrow(/has no function export named noSuchExport/)
  })

  it('terminates the worker on abort and rejects with an AbortError', async () => {
    const controller = new AbortController()
    const started = runInWorker(task('sumSquares'), { values: new Float64Array(1_000), rounds: 1e12 }, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    })
    const err = await started.catch((e: unknown) => e)
    expect(isAbortError(err)).toBe(true)
    expect(runningWorkers()).toBe(0)
    await expect(runInWorker(task('sumSquares'), { values: new Float64Array(1), rounds: 1 }, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('leaves the calling thread free: its timers run while the task spins without yielding', async () => {
    // The task only ends when this thread sets the flag from a timer, after the task has
    // reported spinning; if the task blocked this thread, the test would time out.
    const gate = createGate()
    let ticks = 0
    let reports = 0
    const timer = setInterval(() => {
      ticks++
      if (ticks >= 3 && reports > 0) gate.release()
    }, 20)
    try {
      const out = await runInWorker<{ flag: Int32Array }, { spins: number }>(task('spinUntilReleased'), { flag: gate.flag }, { onProgress: () => reports++ })
      expect(ticks).toBeGreaterThanOrEqual(3)
      expect(reports).toBeGreaterThan(0)
      expect(out.spins).toBeGreaterThan(0)
    } finally {
      clearInterval(timer)
    }
  })
})
