import type { ComponentChildren } from 'preact'
import { ApiError } from '../api/api-client.js'

type Kind = 'info' | 'empty' | 'forbidden' | 'error'

/** A message in place of a view's content: empty, forbidden, not there yet, failed. */
export function Notice({ kind, title, children }: { kind: Kind; title: string; children?: ComponentChildren }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <p class="notice-title">{title}</p>
      {children && <div class="notice-body">{children}</div>}
    </div>
  )
}

/**
 * An API failure as a reader understands it: 403 is "not for your role", 404 of an endpoint
 * the server does not have yet is "not available yet", anything else the problem's detail.
 */
export function ErrorNotice({ error, what }: { error: unknown; what: string }) {
  if (error instanceof ApiError && error.status === 403) {
    return <Notice kind="forbidden" title={`${capitalise(what)}: not available for your role.`}>{error.problem?.detail && <p>{error.problem.detail}</p>}</Notice>
  }
  if (error instanceof ApiError && error.status === 404 && error.problem?.detail?.startsWith('No route')) {
    return <Notice kind="empty" title={`${capitalise(what)}: not available on this server yet.`}><p>The server has no endpoint for this yet ({error.problem.instance}).</p></Notice>
  }
  const detail = error instanceof Error ? error.message : String(error)
  return <Notice kind="error" title={`Could not load ${what}.`}><p>{detail}</p></Notice>
}

/** The loading line of a view part. */
export const Loading = ({ what }: { what: string }) => (
  <p class="loading" role="status">
    Loading {what}…
  </p>
)

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
