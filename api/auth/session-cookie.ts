import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { serialize } from 'hono/utils/cookie'
import { SESSION_TOKEN_PATTERN } from './session-token.js'

export const SESSION_COOKIE = 'bw_session'

// HttpOnly: page scripts cannot read the token. SameSite=Strict: the browser sends it only on
// requests started from this site. Path=/: the dashboard (/) and the API (/v1) share it.
// Secure always: browsers still accept it on plain http://localhost and http://127.0.0.1, which
// they treat as secure contexts (Chromium and Firefox do; test Safari over HTTPS), so the demo
// works without TLS while every other deployment must serve HTTPS for the cookie to be sent.
const ATTRIBUTES = { path: '/', httpOnly: true, secure: true, sameSite: 'Strict' } as const

/** The Set-Cookie value that opens a session; the cookie lives as long as the session may. */
export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return serialize(SESSION_COOKIE, token, { ...ATTRIBUTES, maxAge: Math.floor(maxAgeSeconds) })
}

/** The Set-Cookie value that makes the browser drop the session cookie. */
export function clearedSessionCookie(): string {
  return serialize(SESSION_COOKIE, '', { ...ATTRIBUTES, maxAge: 0 })
}

/** The session token of the request's cookie, when it has a well-formed one. */
export function readSessionToken(c: Context): string | undefined {
  const token = getCookie(c, SESSION_COOKIE)
  return token && SESSION_TOKEN_PATTERN.test(token) ? token : undefined
}
