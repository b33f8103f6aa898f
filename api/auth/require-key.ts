import { createMiddleware } from 'hono/factory'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { API_KEY_PATTERN } from './api-keys.js'
import { findCallerByKey } from './auth.repo.js'
import type { Caller } from './caller.js'

export type AuthEnv = { Variables: { caller: Caller; requestId: string } }

/**
 * Authenticates the API key in `Authorization: Bearer <key>` or `X-API-Key`, and
 * allows only the given roles. 401 for no or an unknown key, 403 for a role not
 * allowed. Store scoping of terminal keys is checked where the store is known.
 */
export const requireKey = (sql: Sql, roles: readonly Caller['role'][]) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization')
    const key = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? c.req.header('x-api-key')
    if (!key) throw new AppError('unauthorized', 'An API key is required', [{ parameter: 'Authorization', detail: 'missing' }])
    const caller = API_KEY_PATTERN.test(key) ? await findCallerByKey(sql, key) : undefined
    if (!caller) throw new AppError('unauthorized', 'The API key is not valid or has been revoked', [{ parameter: 'Authorization', detail: 'unknown or revoked key' }])
    if (!roles.includes(caller.role)) {
      throw new AppError('forbidden', `A ${caller.role} key may not use this endpoint`, [{ parameter: 'Authorization', detail: `needs one of: ${roles.join(', ')}` }])
    }
    c.set('caller', caller)
    await next()
  })
