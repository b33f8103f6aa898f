import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createProgressView, followRun, outcomeLine, type JobRunner } from '../../../analytics/jobs/index.js'
import type { AnalysisRun, RunProgress } from '../../../api/contract/analysis-run.js'

/** A stream that keeps what is written; a TTY when asked. */
function captureStream(isTTY: boolean) {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    },
  }) as Writable & { isTTY?: boolean; columns?: number }
  if (isTTY) Object.assign(stream, { isTTY: true, columns: 100 })
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') }
}

const run = (over: Partial<AnalysisRun>): AnalysisRun => ({
  runId: 7, kind: 'affinity', scopeKey: 'chain', version: 2, status: 'succeeded', params: {}, dataFrom: null, dataTo: null,
  progress: { phase: null, done: null, total: null, percent: null }, counts: null, timings: null, error: null, requestedBy: null,
  cancelRequested: false, createdAt: '2025-05-01T10:00:00Z', startedAt: '2025-05-01T10:00:00Z', finishedAt: '2025-05-01T10:00:12.345Z', ...over,
})

describe('createProgressView without a TTY', () => {
  it('writes plain lines: one per phase change, then at most one per interval, and the last state at the end', () => {
    let nowMs = 0
    const out = captureStream(false)
    const view = createProgressView({ stream: out.stream, label: 'run 7', plainIntervalMs: 1000, now: () => nowMs })
    view.update({ phase: 'extract', done: 0, total: 0 })
    nowMs = 500
    view.update({ phase: 'extract', done: 40_000, total: 0 })
    view.update({ phase: 'mine', done: 1, total: 4 })
    nowMs = 700
    view.update({ phase: 'mine', done: 2, total: 4 })
    nowMs = 1600
    view.update({ phase: 'mine', done: 3, total: 4 })
    view.stop('succeeded in 1.6 s')
    expect(out.text()).toBe(['run 7 extract: 0', 'run 7 mine: 1/4 (25%)', 'run 7 mine: 3/4 (75%)', 'run 7 succeeded in 1.6 s', ''].join('\n'))
  })
})

describe('createProgressView on a TTY', () => {
  it('draws a bar with the phase, done/total and ETA, and a count for a phase of unknown size', () => {
    const out = captureStream(true)
    const view = createProgressView({ stream: out.stream })
    view.update({ phase: 'extract', done: 120, total: 0 })
    view.update({ phase: 'mine', done: 5, total: 10 })
    view.stop()
    const text = out.text()
    expect(text).toContain('extract 120')
    expect(text).toMatch(/mine \[[^\]]+\] 50% \| 5\/10 \| ETA /)
  })
})

describe('followRun', () => {
  it('shows the reports of a run until it finishes, then its outcome, and returns the run', async () => {
    const listeners: ((p: RunProgress) => void)[] = []
    let finish!: (r: AnalysisRun) => void
    const runner: Pick<JobRunner, 'watch' | 'waitFor'> = {
      watch: (_runId, listener) => {
        listeners.push(listener)
        return () => listeners.splice(listeners.indexOf(listener), 1)
      },
      waitFor: () => new Promise<AnalysisRun>((resolve) => (finish = resolve)),
    }
    const out = captureStream(false)
    const following = followRun(runner, 7, { stream: out.stream, label: 'affinity run 7' })
    listeners[0]!({ phase: 'mine', done: 1, total: 2, percent: 50 })
    finish(run({ status: 'failed', error: 'no baskets in the window' }))
    expect(await following).toMatchObject({ status: 'failed' })
    expect(listeners).toEqual([])
    expect(out.text()).toBe('affinity run 7 mine: 1/2 (50%)\naffinity run 7 failed in 12.3 s: no baskets in the window\n')
  })

  it('says how a run ended', () => {
    expect(outcomeLine(run({}))).toBe('succeeded in 12.3 s')
    expect(outcomeLine(run({ status: 'cancelled', startedAt: null }))).toBe('cancelled')
  })
})
