import { ProblemSchema } from '../contract/common.js'
import { TITLE, STATUS, type ErrorCode } from '../errors/app-error.js'

const CODE_OF = Object.fromEntries(Object.entries(STATUS).map(([code, status]) => [status, code])) as Record<number, ErrorCode>

/** OpenAPI response entries for the given error statuses, all problem+json. */
export function problems<S extends number>(...statuses: S[]): Record<S, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }> {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: TITLE[CODE_OF[s]!][0], content: { 'application/problem+json': { schema: ProblemSchema } } }]),
  ) as never
}
