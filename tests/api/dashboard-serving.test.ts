import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app.js'
import type { Database } from '../../api/db/create-database.js'
import { DASHBOARD_CSP } from '../../api/web/security-headers.js'
import { createTestDb } from '../helpers/test-db.js'

let db: Database
let dir: string
const INDEX = '<!doctype html><title>Basketwise</title><script type="module" src="/assets/index-abc123.js"></script>'

beforeAll(async () => {
  db = await createTestDb()
  dir = mkdtempSync(join(tmpdir(), 'basketwise-dist-'))
  mkdirSync(join(dir, 'built', 'assets'), { recursive: true })
  writeFileSync(join(dir, 'built', 'index.html'), INDEX)
  writeFileSync(join(dir, 'built', 'assets', 'index-abc123.js'), 'console.log(1)\n')
  writeFileSync(join(dir, 'built', '.source-hash'), 'abc\n')
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await db?.close()
})

const appWith = (dashboardDir: string) => createApp({ db, log: () => {}, bodyLimitBytes: 1 << 20, dashboardDir })
const SECURITY = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
}

describe('the dashboard at /', () => {
  it('serves index.html at / with revalidation and the security headers', async () => {
    const res = await appWith(join(dir, 'built')).request('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(Object.fromEntries(Object.keys(SECURITY).map((h) => [h, res.headers.get(h)]))).toEqual(SECURITY)
    expect(await res.text()).toBe(INDEX)
  })

  it('forbids inline scripts and framing in its policy', () => {
    expect(DASHBOARD_CSP.split('; ')).toEqual(expect.arrayContaining(["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"]))
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline')
  })

  it('caches hashed assets for a year', async () => {
    const res = await appWith(join(dir, 'built')).request('/assets/index-abc123.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('answers a missing asset with the problem 404, not cached, and never shows the build record', async () => {
    const app = appWith(join(dir, 'built'))
    const res = await app.request('/assets/index-nope.js')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.headers.get('cache-control')).toBeNull()
    expect((await app.request('/.source-hash')).status).toBe(404)
  })

  it('leaves /v1, /health and the API reference to the API', async () => {
    const app = appWith(join(dir, 'built'))
    expect((await app.request('/v1/auth/session')).status).toBe(401)
    expect((await app.request('/openapi.json')).headers.get('content-security-policy')).toBeNull()
  })

  it('says how to build the dashboard when there is no build (503)', async () => {
    const res = await appWith(join(dir, 'missing')).request('/')
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP)
    expect(await res.text()).toContain('npm run build:dashboard')
  })
})
