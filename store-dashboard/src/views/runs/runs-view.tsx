import { useEffect, useState } from 'preact/hooks'
import { apiGet, apiSend } from '../../api/api-client.js'
import type { AnalysisRun, Page, SessionUser } from '../../api/wire-types.js'
import { ErrorNotice, Loading, Notice } from '../../ui/notice.js'
import { RunRow } from './run-row.js'

const POLL_MS = 1000
const isLive = (r: AnalysisRun) => r.status === 'queued' || r.status === 'running'

/** Analysis runs, newest first, with live progress while any is queued or running; marketing and admins start customer analytics here. */
export function RunsView({ user }: { user: SessionUser }) {
  const [runs, setRuns] = useState<AnalysisRun[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  const mayStart = user.role === 'admin' || user.role === 'marketing'

  useEffect(() => {
    const abort = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    apiGet<Page<AnalysisRun>>('/v1/analysis-runs', { limit: 50 }, abort.signal).then(
      (page) => {
        setRuns(page.items)
        setError(null)
        // Poll only while something moves.
        if (page.items.some(isLive)) timer = setTimeout(() => setTick((t) => t + 1), POLL_MS)
      },
      (err: unknown) => abort.signal.aborted || setError(err),
    )
    return () => {
      abort.abort()
      clearTimeout(timer)
    }
  }, [tick])

  const start = async () => {
    setMessage(null)
    try {
      const run = await apiSend<AnalysisRun>('POST', '/v1/customer-analytics/runs', {})
      setMessage(`Customer-analytics run ${run.runId} is ${run.status}.`)
      setTick((t) => t + 1)
    } catch (err) {
      setMessage(`The run could not be started: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title" tabIndex={-1}>
        Analysis runs
      </h1>
      {mayStart && (
        <div class="toolbar">
          <button type="button" class="button-primary" onClick={start}>
            Start a customer-analytics run
          </button>
          <p class="toolbar-text" role="status" aria-live="polite">
            {message}
          </p>
        </div>
      )}
      {error ? (
        <ErrorNotice error={error} what="analysis runs" />
      ) : runs === null ? (
        <Loading what="analysis runs" />
      ) : runs.length === 0 ? (
        <Notice kind="empty" title="No analysis has run yet." />
      ) : (
        <div class="table-wrap">
          <table class="runs">
            <caption>The latest {runs.length} runs, newest first{runs.some(isLive) ? '; progress updates every second' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Kind</th>
                <th scope="col">Scope</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Data</th>
                <th scope="col">Started</th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <RunRow key={r.runId} run={r} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
