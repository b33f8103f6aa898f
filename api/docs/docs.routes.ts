import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AuthEnv } from '../auth/require-key.js'

const require = createRequire(import.meta.url)
// Swagger UI is served from the npm package, not a CDN: the reference page must
// work on a store server with no internet access.
const SWAGGER_DIR = dirname(require.resolve('swagger-ui-dist/package.json'))
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Basketwise API reference</title>
  <link rel="stylesheet" href="/api-docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api-docs/swagger-ui-bundle.js"></script>
  <script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });</script>
</body>
</html>`

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Basketwise API',
    version: '1',
    description:
      'Sales capture from checkout terminals and retail reference data. Every error is application/problem+json (RFC 9457) whose `errors` name each failing field by JSON Pointer or parameter name.',
  },
} as const

/** GET /openapi.json (generated from the zod contract) and GET /api-docs (a browsable reference). */
export function registerDocsRoutes(app: OpenAPIHono<AuthEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key issued by `basketwise keys create`: `Authorization: Bearer bwk_...` (or the X-API-Key header).',
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'SessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'bw_session',
    description: 'A browser session from POST /v1/auth/sign-in. Writes (POST, PUT, PATCH, DELETE) must also send the session\'s X-CSRF-Token header.',
  })
  app.doc31('/openapi.json', OPENAPI_INFO)
  app.get('/api-docs', (c) => c.html(PAGE))
  app.get('/api-docs/:asset', async (c) => {
    const asset = c.req.param('asset')
    const type = ASSETS[asset]
    if (!type) return c.notFound()
    const body = await readFile(join(SWAGGER_DIR, asset))
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' })
  })
}
