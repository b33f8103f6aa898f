import type { AnalysisRun } from '../../api/wire-types.js'

/**
 * A run's progress in words: phase and percentage, or done of total when the total is known.
 * @example runProgressText({ status: 'running', progress: { phase: 'extract', done: 3, total: 12, percent: 25 } }) // 'extract 25%'
 */
export function runProgressText(run: Pick<AnalysisRun, 'status' | 'progress'>): string {
  if (run.status === 'queued') return 'waiting for its turn'
  const { phase, done, percent } = run.progress
  if (percent !== null) return `${phase ?? 'working'} ${percent.toFixed(0)}%`
  if (done !== null) return `${phase ?? 'working'}: ${done.toLocaleString('en-GB')} done`
  return phase ?? 'starting'
}
