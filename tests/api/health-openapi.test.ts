import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readMigrations } from '../../api/db/migrate.js'
import { startTestApi, type TestApi } from '../helpers/test-api.js'

const latest = readMigrations().at(-1)!

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(() => api.close())

describe('GET /health', () => {
  it('reports the database reachable and fully migrated, without a key', async () => {
    const res = await api.request('GET', '/health', undefined, { key: null })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({
      status: 'ok',
      database: { reachable: true, migrationVersion: latest.version, expectedMigrationVersion: latest.version, engine: process.env.DATABASE_URL ? 'server' : 'embedded' },
    })
  })

  it('answers 503 degraded when the schema is behind the build', async () => {
    await api.sql`delete from schema_migrations where version = ${latest.version}`
    try {
      const res = await api.request('GET', '/health', undefined, { key: null })
      expect(res.status).toBe(503)
      expect(await res.json()).toMatchObject({ status: 'degraded', database: { reachable: true, migrationVersion: latest.version - 1 } })
    } finally {
      await api.sql`insert into schema_migrations (version, name, checksum) values (${latest.version}, ${latest.name}, ${latest.checksum})`
    }
  })
})

describe('GET /openapi.json', () => {
  it('documents the sales endpoint from the zod contract, with problem+json errors and the key scheme', async () => {
    const res = await api.request('GET', '/openapi.json', undefined, { key: null })
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any>; securitySchemes: Record<string, unknown> } }
    expect(doc.openapi).toBe('3.1.0')
    const post = doc.paths['/v1/stores/{storeCode}/sales']!.post
    expect(Object.keys(post.responses).sort()).toEqual(['200', '400', '401', '403', '404', '413', '415'])
    expect(post.responses['400'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem')
    expect(doc.components.securitySchemes.ApiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
    const line = doc.components.schemas.ReceiptLine
    expect(line.required).toEqual(expect.arrayContaining(['lineNo', 'sku', 'quantity', 'unitPriceCents', 'netAmountCents']))
    expect(line.properties.netAmountCents.description).toMatch(/minor units/)
    expect(line.additionalProperties).toBe(false)
  })

  it('serves a browsable reference page and its assets from the package, not a CDN', async () => {
    const page = await api.request('GET', '/api-docs', undefined, { key: null })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain("url: '/openapi.json'")
    expect(html).not.toMatch(/https?:\/\//)
    const js = await api.request('GET', '/api-docs/swagger-ui-bundle.js', undefined, { key: null })
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toMatch(/javascript/)
    expect((await api.request('GET', '/api-docs/..%2Fpackage.json', undefined, { key: null })).status).toBe(404)
  })

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await api.request('GET', '/v2/nothing', undefined, { key: null })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ type: '/problems/not_found', status: 404, instance: '/v2/nothing' })
  })
})
