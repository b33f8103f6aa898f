import type { AnalysisRun } from '../../api/wire-types.js'
import { runProgressText } from './run-progress-text.js'

const KIND_LABELS: Record<string, string> = { affinity: 'Basket affinity', customers: 'Customer analytics', kpis: 'KPI summaries' }

/** One run: its status and, while it runs, a labelled progress bar. */
export function RunRow({ run }: { run: AnalysisRun }) {
  const live = run.status === 'queued' || run.status === 'running'
  const { percent } = run.progress
  const took = run.startedAt && run.finishedAt ? `${Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000)} s` : ''
  return (
    <tr data-run={run.runId}>
      <th scope="row">{run.runId}</th>
      <td>{KIND_LABELS[run.kind] ?? run.kind}</td>
      <td>
        {run.scopeKey} v{run.version}
      </td>
      <td>
        <span class={`status status-${run.status}`}>{run.status}</span>
        {run.error && <span class="hint"> {run.error}</span>}
      </td>
      <td>
        {live ? (
          <>
            <progress id={`run-progress-${run.runId}`} max={100} value={percent ?? undefined} aria-label={`Progress of run ${run.runId}`} />{' '}
            <span class="hint">{runProgressText(run)}</span>
          </>
        ) : run.status === 'succeeded' ? (
          'done'
        ) : (
          ''
        )}
      </td>
      <td>{run.dataFrom && run.dataTo ? `${run.dataFrom} to ${run.dataTo}` : 'all'}</td>
      <td>{run.startedAt ? new Date(run.startedAt).toLocaleString('en-GB') : ''}</td>
      <td>{took}</td>
    </tr>
  )
}
