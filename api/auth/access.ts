import { createMiddleware } from 'hono/factory'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import type { Caller } from './caller.js'
import { checkCsrf, checkOrigin, isUnsafeMethod } from './check-csrf.js'
import { readKeyCaller, type AuthEnv } from './require-key.js'
import { accessRuleFor, ROUTE_ACCESS, type AccessRule } from './route-access.js'
import { clearedSessionCookie, readSessionToken } from './session-cookie.js'
import { hashSessionToken } from './session-token.js'
import { touchSession, type ActiveSession, type SessionTimeouts } from './sessions.repo.js'

export { mayReadStore, seesCustomers } from './caller.js'
export { ROUTE_ACCESS, type AccessRule } from './route-access.js'

/** Session settings (config SESSION_IDLE_MINUTES, SESSION_LIFETIME_HOURS, PUBLIC_ORIGIN). */
export type AccessOptions = SessionTimeouts & {
  /** The dashboard's origin as browsers send it; unset = the origin of the request URL. */
  publicOrigin?: string | undefined
  now?: () => Date
  table?: readonly AccessRule[]
}

export const DEFAULT_SESSION_TIMEOUTS: SessionTimeouts = { idleMs: 30 * 60_000, lifetimeMs: 12 * 3_600_000 }

/**
 * The one gate in front of /v1: finds the request's rule in the access table, reads an API key
 * (Authorization: Bearer, X-API-Key) or else the `bw_session` cookie into `c.var.caller` (and the
 * session into `c.var.session`), checks CSRF for cookie-authenticated writes, then the rule's roles.
 *
 * - 401: no credentials where the rule needs a role; an unknown or revoked key; an expired session.
 * - 403: a role the rule does not allow; a cookie-authenticated POST, PUT, PATCH or DELETE without
 *   the session's X-CSRF-Token, or with an Origin other than this server's.
 * API keys are not ambient credentials (a browser never sends them by itself), so key requests
 * skip the CSRF checks.
 */
export const authenticate = (sql: Sql, o: AccessOptions = DEFAULT_SESSION_TIMEOUTS) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const rule = accessRuleFor(c.req.method, c.req.path, o.table ?? ROUTE_ACCESS)
    const now = o.now ?? (() => new Date())
    const key = rule.credentials === 'ignore' ? undefined : await readKeyCaller(sql, c)
    if (!key && isUnsafeMethod(c.req.method)) checkOrigin(c.req.header('origin'), o.publicOrigin ?? new URL(c.req.url).origin)

    let caller: Caller | undefined = key
    let staleCookie = false
    if (!key && rule.credentials !== 'ignore') {
      const token = readSessionToken(c)
      const session = token ? await touchSession(sql, hashSessionToken(token), now(), o) : undefined
      staleCookie = token !== undefined && !session
      if (session) {
        if (isUnsafeMethod(c.req.method)) checkCsrf(c.req.header('x-csrf-token'), session.csrfToken)
        c.set('session', session)
        caller = callerOfSession(session)
      }
    }
    if (caller) c.set('caller', caller)
    if (rule.allow !== 'anyone') {
      if (!caller) throw staleCookie ? sessionEndedError() : new AppError('unauthorized', 'An API key is required', [{ parameter: 'Authorization', detail: 'missing' }])
      if (!rule.allow.includes(caller.role)) {
        const who = caller.userId !== null ? 'user' : 'key'
        throw new AppError('forbidden', `A ${caller.role} ${who} may not use this endpoint`, [
          { parameter: who === 'user' ? 'Cookie' : 'Authorization', detail: `needs one of: ${rule.allow.join(', ')}` },
        ])
      }
    }
    await next()
  })

/** The caller a session stands for: its user's role (and a store manager's stores), read live. */
export function callerOfSession(s: ActiveSession): Caller {
  switch (s.role) {
    case 'admin':
      return { role: 'admin', keyId: null, userId: s.userId, storeId: null, storeIds: null }
    case 'marketing':
      return { role: 'marketing', keyId: null, userId: s.userId, storeId: null, storeIds: null }
    case 'store_manager':
      return { role: 'store_manager', keyId: null, userId: s.userId, storeId: null, storeIds: s.storeIds }
  }
}

/** 401 for a cookie whose session is over (expired, signed out, user disabled); tells the browser to drop it. */
export function sessionEndedError(): AppError {
  return new AppError('unauthorized', 'The session has ended; sign in again', [{ parameter: 'Cookie', detail: 'bw_session expired or ended' }], {
    headers: { 'Set-Cookie': clearedSessionCookie() },
  })
}
