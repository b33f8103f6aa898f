import { expect } from 'vitest'
import type { OpenAPIHono } from '@hono/zod-openapi'
import { createApp } from '../../api/app.js'
import { createApiKey } from '../../api/auth/auth.repo.js'
import type { AuthEnv } from '../../api/auth/require-key.js'
import type { StoreInput } from '../../api/contract/store.js'
import type { Sql } from '../../api/db/create-database.js'
import { upsertStores, findStoreByCode } from '../../api/stores/stores.repo.js'
import { createTestDb } from './test-db.js'

export type TestApi = {
  app: OpenAPIHono<AuthEnv>
  sql: Sql
  adminKey: string
  /** Issues a terminal key bound to the store. */
  terminalKey(storeCode: string): Promise<string>
  /** A request to the app in process, with the admin key unless `key` says otherwise (null: no key). */
  request(method: string, path: string, body?: unknown, options?: { key?: string | null; contentType?: string; raw?: boolean }): Promise<Response>
  close(): Promise<void>
}

export const TEST_STORES: StoreInput[] = [
  { code: 'S001', name: 'Test Centrum', region: 'North', format: 'supermarket', timeZone: 'Europe/Amsterdam', currency: 'EUR' },
  { code: 'S002', name: 'Test Suburb', region: 'South', format: 'hypermarket', timeZone: 'Europe/Amsterdam', currency: 'EUR' },
]

/** A migrated database of the test file's own, the app on it, an admin key and two stores. */
export async function startTestApi(options: { now?: () => Date; bodyLimitBytes?: number; stores?: StoreInput[] } = {}): Promise<TestApi> {
  const db = await createTestDb()
  const app = createApp({ db, log: () => {}, bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024, now: options.now })
  await upsertStores(db.sql, options.stores ?? TEST_STORES)
  const { key: adminKey } = await createApiKey(db.sql, { role: 'admin', storeId: null, name: 'test admin' })
  return {
    app,
    sql: db.sql,
    adminKey,
    async terminalKey(storeCode) {
      const store = await findStoreByCode(db.sql, storeCode)
      return (await createApiKey(db.sql, { role: 'terminal', storeId: store!.storeId, name: `test ${storeCode}` })).key
    },
    request(method, path, body, o = {}) {
      const headers: Record<string, string> = {}
      const key = o.key === undefined ? adminKey : o.key
      if (key !== null) headers.authorization = `Bearer ${key}`
      if (body !== undefined) headers['content-type'] = o.contentType ?? 'application/json'
      const payload = body === undefined ? undefined : o.raw || typeof body === 'string' ? (body as string) : JSON.stringify(body)
      return Promise.resolve(app.request(path, { method, headers, body: payload }))
    },
    close: () => db.close(),
  }
}

/** A response body as JSON, untyped: for tests that assert on its shape. */
export const jsonOf = async (res: Response) => (await res.json()) as any

/** Asserts an error response is problem+json with this status, and returns its body. */
export async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  return jsonOf(res)
}
