import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { inject } from 'vitest'
import { createDatabase, type Database } from '../../api/db/create-database.js'
import { migrate } from '../../api/db/migrate.js'

let counter = 0

/**
 * A fresh, migrated database of its own for a test file: an in-memory PGlite
 * (served over loopback like the product's embedded default), or, when
 * DATABASE_URL is set, a new database on that server cloned from the migrated
 * template. close() drops it.
 */
export async function createTestDb(options: { template?: { dump: string; database: string } } = {}): Promise<Database & { url?: string }> {
  const url = process.env.DATABASE_URL
  if (!url) {
    const dump = readFileSync(options.template?.dump ?? inject('templateDump'))
    const db = await createDatabase({ dataDir: 'memory://', poolSize: 1, loadDataDir: new Blob([dump]) })
    await migrate(db.sql) // a no-op on the template; applies nothing new
    return db
  }
  const name = `bw_t_${process.ppid}_${process.pid}_${Date.now().toString(36)}_${counter++}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name} template ${options.template?.database ?? inject('templateDatabase')}`)
  const u = new URL(url)
  u.pathname = '/' + name
  const db = await createDatabase({ databaseUrl: u.toString(), dataDir: '', poolSize: 10 })
  return {
    ...db,
    url: u.toString(),
    async close() {
      await db.close()
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}
