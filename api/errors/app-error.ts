/**
 * One entry of a problem body's `errors`: what is wrong, and where. A field of the
 * body is named by `pointer`, a JSON Pointer (RFC 6901) as a URI fragment
 * ('#/receipts/3/lines/0/quantity'); a path, query or header parameter by
 * `parameter` ('storeCode', 'limit').
 */
export type FieldError = { pointer: string; detail: string } | { parameter: string; detail: string }

export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'internal'
  | 'unavailable'

/** HTTP status of each error code. Adding a code without a status does not compile. */
export const STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<ErrorCode, number>

/** Problem `title` of each code, and what a client should do about it (docs/ERRORS.md). */
export const TITLE = {
  invalid_request: ['Invalid request', 'Fix the fields named in `errors` and send again.'],
  unauthorized: ['Unauthorized', 'Send a valid API key in the Authorization header (Bearer) or X-API-Key, or sign in (POST /v1/auth/sign-in) and send the session cookie.'],
  forbidden: ['Forbidden', 'The key or user is valid but may not do this (for example another store\'s sales, or an admin endpoint); use a key or user with that right. A browser session must also send X-CSRF-Token on POST, PUT, PATCH and DELETE.'],
  not_found: ['Not found', 'Check the identifier in the path; create the resource first if it should exist.'],
  conflict: ['Conflict', 'The resource already exists or has changed; read it and decide.'],
  payload_too_large: ['Payload too large', 'Split the request: at most 1000 receipts per batch, and the body under the size limit.'],
  unsupported_media_type: ['Unsupported media type', 'Send application/json (or text/csv where the endpoint says so).'],
  too_many_requests: ['Too many requests', 'Too many failed sign-ins for this user or from this address: wait the seconds in Retry-After, then try again.'],
  internal: ['Internal error', 'Retry later; if it persists, report the request id in `instance` to the operators.'],
  unavailable: ['Service unavailable', 'The database is unreachable; retry with backoff.'],
} as const satisfies Record<ErrorCode, readonly [string, string]>

/** The one error type of the application; reaches HTTP only through `problemResponse`. */
export class AppError extends Error {
  /** Response headers the problem carries (Retry-After on 429, a cleared cookie on 401). */
  readonly headers: Readonly<Record<string, string>>

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
    options?: ErrorOptions & { headers?: Record<string, string> },
  ) {
    super(message, options)
    this.name = 'AppError'
    this.headers = options?.headers ?? {}
  }
}

/** Builds a JSON Pointer fragment from a path: ['receipts', 0, 'lines'] → '#/receipts/0/lines'. */
export function pointerOf(path: readonly PropertyKey[]): string {
  return '#' + path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}
