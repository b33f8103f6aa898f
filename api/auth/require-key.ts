import type { Context } from 'hono'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { API_KEY_PATTERN } from './api-keys.js'
import { findCallerByKey } from './auth.repo.js'
import type { Caller } from './caller.js'
import type { ActiveSession } from './sessions.repo.js'

/**
 * The variables `authenticate` (api/auth/access.ts) sets: `caller` on every request it let
 * through with credentials, `session` when those were a session cookie. Route files import this
 * type from here.
 */
export type AuthEnv = { Variables: { caller: Caller; session?: ActiveSession; requestId: string } }

/**
 * The caller of the API key in `Authorization: Bearer <key>` or `X-API-Key`; undefined when the
 * request carries neither. 401 for a key that is malformed, unknown or revoked.
 */
export async function readKeyCaller(sql: Sql, c: Context): Promise<Caller | undefined> {
  const header = c.req.header('authorization')
  const key = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? c.req.header('x-api-key')
  if (!key) return undefined
  const caller = API_KEY_PATTERN.test(key) ? await findCallerByKey(sql, key) : undefined
  if (!caller) throw new AppError('unauthorized', 'The API key is not valid or has been revoked', [{ parameter: 'Authorization', detail: 'unknown or revoked key' }])
  return caller
}
