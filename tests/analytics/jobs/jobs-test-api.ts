import type { OpenAPIHono } from '@hono/zod-openapi'
import { createJobRunner, type JobRunner, type JobRunnerOptions, type WorkerTask } from '../../../analytics/jobs/index.js'
import { createApp } from '../../../api/app.js'
import { createApiKey } from '../../../api/auth/auth.repo.js'
import type { AuthEnv } from '../../../api/auth/require-key.js'
import type { Sql } from '../../../api/db/create-database.js'
import { findStoreByCode, upsertStores } from '../../../api/stores/stores.repo.js'
import { TEST_STORES } from '../../helpers/test-api.js'
import { createTestDb } from '../../helpers/test-db.js'

/** The test tasks, as runInWorker names them. */
export const task = (name: 'sumSquares' | 'spinUntilReleased' | 'doubleLater' | 'noSuchExport'): WorkerTask => ({
  module: new URL('./sum-squares.task.ts', import.meta.url),
  export: name,
})

/** A flag in shared memory: a spinUntilReleased task runs until release() is called. */
export function createGate() {
  const flag = new Int32Array(new SharedArrayBuffer(4))
  return { flag, release: () => Atomics.store(flag, 0, 1) }
}

export type JobsTestApi = {
  app: OpenAPIHono<AuthEnv>
  sql: Sql
  jobs: JobRunner
  adminKey: string
  terminalKey: string
  request(method: string, path: string, options?: { key?: string | null }): Promise<Response>
  close(): Promise<void>
}

/**
 * Like startTestApi, but the app runs on a job runner the test holds (progress written
 * every 50 ms instead of every second, so tests wait less).
 */
export async function startJobsTestApi(options: JobRunnerOptions = {}): Promise<JobsTestApi> {
  const db = await createTestDb()
  const jobs = createJobRunner(db.sql, () => {}, { progressWriteMs: 50, ...options })
  const app = createApp({ db, log: () => {}, bodyLimitBytes: 1024 * 1024, jobs })
  await upsertStores(db.sql, TEST_STORES)
  const { key: adminKey } = await createApiKey(db.sql, { role: 'admin', storeId: null, name: 'test admin' })
  const store = await findStoreByCode(db.sql, 'S001')
  const { key: terminalKey } = await createApiKey(db.sql, { role: 'terminal', storeId: store!.storeId, name: 'test S001' })
  return {
    app,
    sql: db.sql,
    jobs,
    adminKey,
    terminalKey,
    request(method, path, o = {}) {
      const key = o.key === undefined ? adminKey : o.key
      return Promise.resolve(app.request(path, { method, headers: key === null ? {} : { authorization: `Bearer ${key}` } }))
    },
    async close() {
      await jobs.close()
      await db.close()
    },
  }
}
