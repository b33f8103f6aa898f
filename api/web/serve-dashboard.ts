import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Context, Env, Hono, MiddlewareHandler } from 'hono'
import { cacheControlOf, DASHBOARD_SECURITY_HEADERS } from './security-headers.js'

/** Where `npm run build:dashboard` writes the web application. */
export const DASHBOARD_DIST_DIR = fileURLToPath(new URL('../../store-dashboard/dist', import.meta.url))

/** The paths the dashboard's build holds: the page and its hashed assets. Everything else stays the API's. */
const DASHBOARD_PATHS = ['/', '/index.html', '/favicon.svg', '/assets/*'] as const

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Basketwise: dashboard not built</title></head>
<body>
<main>
<h1>The dashboard has not been built</h1>
<p>This server has no dashboard build to serve. Build it with</p>
<pre><code>npm run build:dashboard</code></pre>
<p>and reload this page (<code>npm start</code> builds it too). The API is running: see <a href="/api-docs">/api-docs</a>.</p>
</main>
</body>
</html>
`

/**
 * Serves the store dashboard (store-dashboard/dist) at `/`: index.html revalidated on every load
 * (`no-cache`), hashed assets under /assets cached for a year, and the dashboard's security
 * headers (CSP, nosniff, Referrer-Policy) on every answer. Without a build, the page is a 503
 * saying how to make one. Registered outside /v1, so the access table never sees these paths.
 */
export function registerDashboardApp<E extends Env>(app: Hono<E>, options: { distDir?: string | undefined } = {}): void {
  const distDir = options.distDir ?? DASHBOARD_DIST_DIR
  // Created on the first request after a build exists: serveStatic warns about a missing root.
  let serve: MiddlewareHandler | undefined
  const handler = async (c: Context<E>, next: () => Promise<void>) => {
    for (const [name, value] of Object.entries(DASHBOARD_SECURITY_HEADERS)) c.header(name, value)
    if (!existsSync(join(distDir, 'index.html'))) return c.html(NOT_BUILT_PAGE, 503, { 'Cache-Control': 'no-store' })
    serve ??= serveStatic({ root: distDir })
    const res = await serve(c, next)
    // undefined: no such file, next() has answered (404 problem); only files get cache headers.
    if (res instanceof Response) res.headers.set('Cache-Control', cacheControlOf(c.req.path))
    return res
  }
  for (const path of DASHBOARD_PATHS) app.get(path, handler)
}
