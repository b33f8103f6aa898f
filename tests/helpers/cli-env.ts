import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createTestDb } from './test-db.js'

const run = promisify(execFile)
export const BIN = new URL('../../bin/basketwise.js', import.meta.url).pathname

export type CliEnv = {
  /** A scratch directory of the test's own, removed by close(). */
  dir: string
  env: NodeJS.ProcessEnv
  /** Runs `basketwise …args` as its own process, as an operator would. */
  cli: (...args: string[]) => Promise<{ stdout: string; stderr: string }>
  close: () => Promise<void>
}

/**
 * The CLI's environment for one test file: on the embedded engine a data directory of its own;
 * on PostgreSQL (DATABASE_URL set) a fresh database of its own (`empty`: without even the schema,
 * so the CLI migrates it itself).
 */
export async function createCliEnv(prefix: string, options: { empty?: boolean; timeoutMs?: number } = {}): Promise<CliEnv> {
  const dir = mkdtempSync(join(tmpdir(), `basketwise-${prefix}-`))
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'warn' }
  delete env.DATABASE_URL
  let closeDb = async () => {}
  if (process.env.DATABASE_URL) {
    const db = await createTestDb()
    env.DATABASE_URL = db.url
    if (options.empty) {
      await db.sql`drop schema public cascade`
      await db.sql`create schema public`
    }
    closeDb = () => db.close()
  }
  return {
    dir,
    env,
    cli: (...args) => run('node', [BIN, ...args], { env, timeout: options.timeoutMs ?? 120_000 }),
    async close() {
      await closeDb()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
