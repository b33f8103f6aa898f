import type { Problem } from './wire-types.js'
import { withQuery, type Query } from './with-query.js'

/** A non-2xx answer of the API, with its problem+json body when it had one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    message: string,
    /** Seconds to wait, from a 429's Retry-After. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

let csrfToken: string | null = null
let sessionEnded: (() => void) | null = null

/** The session's CSRF token (from sign-in or GET /v1/auth/session), sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called when an API call answers 401 (the session expired or was ended elsewhere). */
export function onSessionEnded(handler: (() => void) | null): void {
  sessionEnded = handler
}

type Options = { query?: Query; body?: unknown; signal?: AbortSignal; quiet401?: boolean }

async function request(method: string, path: string, o: Options): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (o.body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  const res = await fetch(withQuery(path, o.query), {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    credentials: 'same-origin',
    signal: o.signal,
  })
  if (res.ok) return res
  const problem = (res.headers.get('content-type') ?? '').includes('json') ? ((await res.json().catch(() => null)) as Problem | null) : null
  if (res.status === 401 && !o.quiet401) sessionEnded?.()
  const retryAfter = Number(res.headers.get('retry-after') ?? NaN)
  throw new ApiError(res.status, problem, problem?.detail ?? `${method} ${path} answered ${res.status}`, Number.isFinite(retryAfter) ? retryAfter : null)
}

/** GET a JSON resource; throws ApiError on any non-2xx answer. */
export async function apiGet<T>(path: string, query?: Query, signal?: AbortSignal, o: { quiet401?: boolean } = {}): Promise<T> {
  const res = await request('GET', path, { query, signal, quiet401: o.quiet401 })
  return (await res.json()) as T
}

/** POST, PATCH or PUT with a JSON body and the CSRF token; answers the JSON body, or null for 204. */
export async function apiSend<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, o: { quiet401?: boolean } = {}): Promise<T> {
  const res = await request(method, path, { body, quiet401: o.quiet401 })
  return (res.status === 204 ? null : await res.json()) as T
}

/** Whether an error is an ApiError with one of these statuses. */
export const isStatus = (err: unknown, ...statuses: number[]): err is ApiError => err instanceof ApiError && statuses.includes(err.status)
