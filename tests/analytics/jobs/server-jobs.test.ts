import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it, vi } from 'vitest'
import { INTERRUPTED_ERROR } from '../../../analytics/jobs/index.js'
import { createRun, getRun, markRunning } from '../../../analytics/jobs/jobs.repo.js'
import { loadConfig } from '../../../api/config.js'
import { startServer } from '../../../api/server.js'
import { createTestDb } from '../../helpers/test-db.js'
import { createGate, task } from './jobs-test-api.js'

it('the server cancels its running jobs when it stops, and marks runs a stopped process left behind failed when it starts', async () => {
  // Embedded: a data directory that outlives the server; server: a database of this test's own.
  const dir = mkdtempSync(join(tmpdir(), 'basketwise-jobs-'))
  const testDb = process.env.DATABASE_URL ? await createTestDb() : undefined
  const config = loadConfig({ PORT: '0', DATA_DIR: dir, DATABASE_URL: testDb?.url, DB_POOL_SIZE: '2' })
  const logged: Record<string, unknown>[] = []
  try {
    let server = await startServer(config, (e) => logged.push(e))
    const gate = createGate() // never released
    const running = await server.jobs.start('test', { scopeKey: 'chain', params: {} }, async (ctx) => {
      await ctx.runInWorker(task('spinUntilReleased'), { flag: gate.flag })
    })
    await vi.waitFor(async () => expect((await server.jobs.get(running.runId))!.status).toBe('running'), { timeout: 15_000, interval: 25 })
    // What a process killed mid-job leaves: runs that are queued or running in the table only.
    const orphanQueued = await createRun(server.db.sql, { kind: 'test', scopeKey: 'chain', params: {} })
    const orphanRunning = await createRun(server.db.sql, { kind: 'test', scopeKey: 'chain', params: {} })
    await markRunning(server.db.sql, orphanRunning.runId)
    await server.close()

    server = await startServer(config, (e) => logged.push(e))
    try {
      expect(await getRun(server.db.sql, running.runId)).toMatchObject({ status: 'cancelled' })
      for (const orphan of [orphanQueued, orphanRunning]) {
        expect(await getRun(server.db.sql, orphan.runId)).toMatchObject({ status: 'failed', error: INTERRUPTED_ERROR })
      }
      expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', runIds: [orphanQueued.runId, orphanRunning.runId] }))
    } finally {
      await server.close()
    }
  } finally {
    await testDb?.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
