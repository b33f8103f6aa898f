import type { RunProgress } from '../../api/contract/analysis-run.js'

/**
 * A run's progress as the API shows it: the phase, done and total as reported, and the
 * percent done (one decimal, at most 100), or null when the total is unknown (0 or absent).
 *
 * @example runProgressOf('mine', 250, 1000) // { phase: 'mine', done: 250, total: 1000, percent: 25 }
 */
export function runProgressOf(phase: string | null, done: number | null, total: number | null): RunProgress {
  const percent = done !== null && total !== null && total > 0 ? Math.round(Math.min(1, Math.max(0, done / total)) * 1000) / 10 : null
  return { phase, done, total, percent }
}
