import type { Hook } from '@hono/zod-openapi'
import { AppError, pointerOf, type FieldError } from '../errors/app-error.js'

/**
 * The one place request validation failures become errors: body fields are
 * named by JSON Pointer, path, query and header fields by parameter name.
 */
export const validationHook: Hook<unknown, any, any, any> = (result) => {
  if (result.success) return
  const inBody = result.target === 'json' || result.target === 'form'
  const errors: FieldError[] = result.error.issues.map((issue) =>
    inBody || issue.path.length === 0
      ? { pointer: pointerOf(issue.path), detail: issue.message }
      : { parameter: String(issue.path[0]), detail: issue.message },
  )
  throw new AppError('invalid_request', inBody ? 'Request body failed validation' : `Invalid ${result.target} parameters`, errors)
}
