import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { PasswordChangeSchema, SessionSchema, SignInSchema } from '../contract/auth.js'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { problems } from '../http/problems.js'
import { sessionEndedError } from './access.js'
import { changeOwnPassword } from './change-password.js'
import { clientIpOf } from './client-ip.js'
import { dummyPasswordHash } from './password-hash.js'
import type { AuthEnv } from './require-key.js'
import { clearedSessionCookie, readSessionToken, sessionCookie } from './session-cookie.js'
import { deleteSession, type SessionTimeouts } from './sessions.repo.js'
import { signIn } from './sign-in.js'

const tags = ['Sign-in']
const session: Record<string, string[]>[] = [{ SessionCookie: [] }]
const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } })
// The answers carry the CSRF token: never cached.
const NO_STORE = { 'Cache-Control': 'no-store' }

const signInRoute = createRoute({
  method: 'post', path: '/v1/auth/sign-in', tags, security: [], summary: 'Sign in with a username and password',
  description:
    'Opens a session: sets the `bw_session` cookie (HttpOnly, Secure, SameSite=Strict) and returns the user and the CSRF token to send as ' +
    '`X-CSRF-Token` on every POST, PUT, PATCH and DELETE. An unknown user, a disabled user and a wrong password get the same 401. ' +
    'After 5 failed attempts for a username, or 20 from one address, within 15 minutes, attempts get 429 with Retry-After, even with the right password.',
  request: { body: { required: true, ...json(SignInSchema) } },
  responses: { 200: { description: 'Signed in', ...json(SessionSchema) }, ...problems(400, 401, 403, 429) },
})

const signOutRoute = createRoute({
  method: 'post', path: '/v1/auth/sign-out', tags, security: session, summary: 'Sign out',
  description: 'Ends the session and clears the cookie. With the session cookie, needs X-CSRF-Token like every write.',
  responses: { 204: { description: 'Signed out' }, ...problems(403) },
})

const sessionRoute = createRoute({
  method: 'get', path: '/v1/auth/session', tags, security: session, summary: 'The signed-in user and the CSRF token',
  responses: { 200: { description: 'Signed in', ...json(SessionSchema) }, ...problems(401) },
})

const passwordRoute = createRoute({
  method: 'post', path: '/v1/auth/password', tags, security: session, summary: 'Change your own password',
  description: 'Needs the current password (failures count towards the sign-in limits). Ends your other sessions; this one stays signed in.',
  request: { body: { required: true, ...json(PasswordChangeSchema) } },
  responses: { 204: { description: 'Changed' }, ...problems(400, 401, 403, 429) },
})

export type AuthRouteDeps = { sql: Sql; now: () => Date; timeouts: SessionTimeouts; trustedProxyHops?: number }

/** POST /v1/auth/sign-in, /sign-out, /password and GET /v1/auth/session. Who may call them: ROUTE_ACCESS. */
export function registerAuthRoutes(app: OpenAPIHono<AuthEnv>, deps: AuthRouteDeps): void {
  const { sql, timeouts } = deps
  void dummyPasswordHash() // computed ahead, so the first unknown-user sign-in takes no longer than the others

  app.openapi(signInRoute, async (c) => {
    const ctx = { sql, now: deps.now(), clientIp: clientIpOf(c, deps.trustedProxyHops), userAgent: c.req.header('user-agent') ?? null, timeouts }
    const signedIn = await signIn(ctx, c.req.valid('json'))
    c.header('Set-Cookie', sessionCookie(signedIn.token, timeouts.lifetimeMs / 1000))
    return c.json({ user: signedIn.user, csrfToken: signedIn.csrfToken }, 200, NO_STORE)
  })

  app.openapi(signOutRoute, async (c) => {
    const s = c.get('session')
    if (s) await deleteSession(sql, s.sha256)
    return c.body(null, 204, { 'Set-Cookie': clearedSessionCookie() })
  })

  app.openapi(sessionRoute, async (c) => {
    const s = c.get('session')
    if (!s) throw readSessionToken(c) ? sessionEndedError() : new AppError('unauthorized', 'Not signed in', [{ parameter: 'Cookie', detail: 'no bw_session cookie' }])
    return c.json({ user: { username: s.username, displayName: s.displayName, role: s.role, stores: s.storeCodes }, csrfToken: s.csrfToken }, 200, NO_STORE)
  })

  app.openapi(passwordRoute, async (c) => {
    const s = c.get('session')
    if (!s) throw new AppError('forbidden', 'Only a signed-in user changes a password here; API keys have none', [{ parameter: 'Cookie', detail: 'no session' }])
    await changeOwnPassword(sql, s, c.req.valid('json'), { now: deps.now(), clientIp: clientIpOf(c, deps.trustedProxyHops) })
    return c.body(null, 204)
  })
}
