import cliProgress from 'cli-progress'
import type { AnalysisRun, RunProgress } from '../../api/contract/analysis-run.js'
import type { Sql } from '../../api/db/create-database.js'
import { createJobRunner, type JobRunner } from './job-runner.js'

/** A progress display for the CLI, fed by a run's progress reports. */
export type ProgressView = {
  update(progress: Pick<RunProgress, 'phase' | 'done' | 'total'>): void
  /** Ends the display with a last line (the final state, and `message` when given). */
  stop(message?: string): void
}

export type ProgressViewOptions = {
  /** Where to draw; default process.stderr, so stdout stays for the command's result. */
  stream?: NodeJS.WriteStream
  /** Written before the phase, e.g. 'affinity run 12'. */
  label?: string
  /** Without a TTY: least time between two plain lines of the same phase. Default 2000. */
  plainIntervalMs?: number
  now?: () => number
}

/**
 * Shows a run's progress: on a terminal a cli-progress bar per phase (phase name, bar,
 * percent, done/total, ETA; a phase whose total is unknown shows its count), and where the
 * stream is not a TTY (a pipe, a log file, CI) plain lines, one per phase change and at most
 * one per plainIntervalMs otherwise.
 */
export function createProgressView(options: ProgressViewOptions = {}): ProgressView {
  const stream = options.stream ?? process.stderr
  const label = options.label ? `${options.label} ` : ''
  return stream.isTTY ? barView(stream, label) : plainView(stream, label, options.plainIntervalMs ?? 2000, options.now ?? Date.now)
}

function barView(stream: NodeJS.WriteStream, label: string): ProgressView {
  const known = new cliProgress.SingleBar(
    { stream, format: `${label}{phase} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  )
  const unknown = new cliProgress.SingleBar({ stream, format: `${label}{phase} {value} | {duration_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic)
  let bar: cliProgress.SingleBar | undefined
  let phase: string | null = null
  return {
    update({ phase: p, done, total }) {
      if (p === null) return
      const next = total && total > 0 ? known : unknown
      // A new phase (or a total becoming known) starts a new bar, so each phase's ETA is its own.
      if (p !== phase || next !== bar) {
        bar?.stop()
        bar = next
        phase = p
        bar.start(total && total > 0 ? total : 0, done ?? 0, { phase: p })
        return
      }
      if (total && total > 0) bar.setTotal(total)
      bar.update(done ?? 0, { phase: p })
    },
    stop(message) {
      bar?.stop()
      bar = undefined
      if (message) stream.write(`${label}${message}\n`)
    },
  }
}

function plainView(stream: NodeJS.WritableStream, label: string, intervalMs: number, now: () => number): ProgressView {
  let phase: string | null = null
  let lastMs = -Infinity
  let last: Pick<RunProgress, 'phase' | 'done' | 'total'> | undefined
  let lastWritten: typeof last
  const write = (p: Pick<RunProgress, 'phase' | 'done' | 'total'>) => {
    const { phase, done, total } = p
    const of = total && total > 0 ? `${done ?? 0}/${total} (${Math.floor((100 * (done ?? 0)) / total)}%)` : `${done ?? 0}`
    stream.write(`${label}${phase}: ${of}\n`)
    lastWritten = p
  }
  return {
    update(p) {
      if (p.phase === null) return
      last = p
      const t = now()
      if (p.phase !== phase || t - lastMs >= intervalMs) {
        phase = p.phase
        lastMs = t
        write(p)
      }
    },
    stop(message) {
      if (last && last !== lastWritten) write(last)
      if (message) stream.write(`${label}${message}\n`)
    },
  }
}

/**
 * Shows the progress of a run of `runner` until it finishes, then a line with its outcome;
 * resolves with the finished run. For CLI commands that start a run and wait for it.
 *
 * @example
 * const run = await jobs.start('affinity', spec, executeAffinity)
 * const done = await followRun(jobs, run.runId, { label: `affinity run ${run.runId}` })
 * process.exitCode = done?.status === 'succeeded' ? 0 : 1
 */
export async function followRun(runner: Pick<JobRunner, 'watch' | 'waitFor'>, runId: number, options: ProgressViewOptions = {}): Promise<AnalysisRun | undefined> {
  const view = createProgressView(options)
  const unwatch = runner.watch(runId, (p) => view.update(p))
  try {
    const run = await runner.waitFor(runId)
    view.stop(run ? outcomeLine(run) : `run ${runId} not found`)
    return run
  } catch (err) {
    view.stop()
    throw err
  } finally {
    unwatch()
  }
}

/** One line saying how a run ended: 'succeeded in 12.3 s', 'failed: <error>', 'cancelled'. */
export function outcomeLine(run: AnalysisRun): string {
  const seconds = run.startedAt && run.finishedAt ? ` in ${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s` : ''
  if (run.status === 'failed') return `failed${seconds}: ${run.error ?? 'unknown error'}`
  return `${run.status}${seconds}`
}

/**
 * A CLI command's run from start to end: a job runner of the command's own, the run started by
 * `start`, followed with a progress bar, the runner closed. Returns the run when it succeeded;
 * otherwise sets a failing exit code and returns undefined (the bar has said why).
 */
export async function runToEnd(sql: Sql, label: string, start: (jobs: JobRunner) => Promise<AnalysisRun>): Promise<AnalysisRun | undefined> {
  const jobs = createJobRunner(sql)
  try {
    const run = await start(jobs)
    const done = await followRun(jobs, run.runId, { label: `${label} ${run.runId}` })
    if (done?.status === 'succeeded') return done
    process.exitCode = 1
    return undefined
  } finally {
    await jobs.close()
  }
}
