import type { OpenAPIHono } from '@hono/zod-openapi'
import { createApp } from '../../api/app.js'
import type { AuthEnv } from '../../api/auth/require-key.js'
import type { Database } from '../../api/db/create-database.js'

export type App = OpenAPIHono<AuthEnv>

/** What a request carries: a session cookie and its CSRF token, or an API key; the client address and Origin. */
export type As = { cookie?: string; csrf?: string; key?: string; origin?: string; ip?: string; forwardedFor?: string; userAgent?: string }

/** An app on the database with the test's clock (sessions and throttling read it). */
export const appOn = (db: Database, now: () => Date, trustedProxyHops = 0): App => createApp({ db, log: () => {}, bodyLimitBytes: 1024 * 1024, now, trustedProxyHops })

/**
 * A request to the app in process. The client address reaches the app as @hono/node-server
 * gives it (env.incoming.socket.remoteAddress), so sign-in throttling sees it.
 */
export async function send(app: App, method: string, path: string, body?: unknown, as: As = {}): Promise<Response> {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (as.cookie) headers.cookie = as.cookie
  if (as.csrf) headers['x-csrf-token'] = as.csrf
  if (as.key) headers.authorization = `Bearer ${as.key}`
  if (as.origin) headers.origin = as.origin
  if (as.userAgent) headers['user-agent'] = as.userAgent
  if (as.forwardedFor) headers['x-forwarded-for'] = as.forwardedFor
  const env = { incoming: { socket: { remoteAddress: as.ip ?? '192.0.2.1' } } }
  return app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, env)
}

/** Signs in; returns the answer, the cookie to send back ('bw_session=…') and the CSRF token. */
export async function signIn(app: App, username: string, password: string, as: As = {}): Promise<{ res: Response; cookie: string; csrf: string; token: string }> {
  const res = await send(app, 'POST', '/v1/auth/sign-in', { username, password }, as)
  const setCookie = res.headers.get('set-cookie') ?? ''
  const token = setCookie.match(/^bw_session=([^;]*)/)?.[1] ?? ''
  const csrf = res.status === 200 ? ((await res.clone().json()) as { csrfToken: string }).csrfToken : ''
  return { res, cookie: `bw_session=${token}`, csrf, token }
}
