import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ZodError } from 'zod'
import { AppError, STATUS, TITLE, pointerOf, type FieldError } from './app-error.js'
import type { Log } from '../http/logger.js'

/** Converts zod issues to problem `errors`, each pointing at its field under `base`. */
export function fieldErrorsOf(error: ZodError, base: readonly PropertyKey[] = []): FieldError[] {
  return error.issues.map((issue) => ({ pointer: pointerOf([...base, ...issue.path]), detail: issue.message }))
}

/** Anything thrown → AppError; unknown errors become `internal` and keep their cause for the log. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? 'payload_too_large' : err.status === 401 ? 'unauthorized' : err.status === 403 ? 'forbidden' : err.status === 415 ? 'unsupported_media_type' : err.status === 404 ? 'not_found' : err.status < 500 ? 'invalid_request' : 'internal'
    // Hono's JSON validator answers a body that does not parse with a 400 of its own.
    // A 415 comes from the media-type gate of a route's body: name the header at fault.
    const errors: FieldError[] =
      code === 'invalid_request' ? [{ pointer: '#', detail: err.message || 'malformed body' }]
      : code === 'unsupported_media_type' ? [{ parameter: 'Content-Type', detail: 'not a media type this endpoint accepts' }]
      : []
    return new AppError(code, err.message || TITLE[code][0], errors, { cause: err })
  }
  if (err instanceof SyntaxError) return new AppError('invalid_request', 'Malformed JSON body', [{ pointer: '#', detail: err.message }])
  const pgCode = (err as { code?: unknown } | null)?.code
  if (pgCode === 'ECONNREFUSED' || pgCode === 'CONNECTION_CLOSED' || pgCode === 'CONNECT_TIMEOUT' || pgCode === '57P01') {
    return new AppError('unavailable', 'Database unavailable', [], { cause: err })
  }
  return new AppError('internal', 'Internal error', [], { cause: err })
}

export type ProblemBody = {
  type: string
  title: string
  status: number
  detail: string
  instance: string
  errors: FieldError[]
  requestId?: string
}

/** The RFC 9457 problem body of an error; 5xx bodies carry the request id, never the cause. */
export function problemBody(e: AppError, instance: string, requestId?: string): ProblemBody {
  return {
    type: `/problems/${e.code}`,
    title: TITLE[e.code][0],
    status: STATUS[e.code],
    detail: e.message,
    instance,
    errors: e.errors,
    ...(requestId ? { requestId } : {}),
  }
}

/** Writes any error as application/problem+json. The only place errors reach HTTP. */
export function problemResponse(c: Context, err: unknown, log: Log): Response {
  const e = toAppError(err)
  const requestId = c.get('requestId' as never) as string | undefined
  if (STATUS[e.code] >= 500) log({ level: 'error', msg: 'request failed', code: e.code, requestId, path: c.req.path, err: describeCause(e.cause ?? e) })
  return new Response(JSON.stringify(problemBody(e, c.req.path, requestId)), {
    status: STATUS[e.code],
    headers: { ...e.headers, 'Content-Type': 'application/problem+json' },
  })
}

function describeCause(cause: unknown): string {
  // Logs carry the error's message and SQLSTATE, never query parameters (postgres.js hides them).
  if (cause instanceof Error) return `${cause.name}: ${cause.message}${(cause as { code?: string }).code ? ` (${(cause as { code?: string }).code})` : ''}`
  return String(cause)
}
