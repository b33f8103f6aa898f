import { createApiKey } from '../auth/auth.repo.js'
import type { Database } from '../db/create-database.js'
import type { Log } from '../http/logger.js'
import { generateChain } from '../../fixtures/generate-chain.js'
import { ensureDemoUsers, type DemoUser } from './demo-users.js'

/**
 * What `npm start` does before serving: into an empty database, the fixtures'
 * `demo` chain (6 stores, 70 days, planted truths included); then a fresh demo
 * admin key, older demo keys revoked; and, when there is no user yet, the three demo users
 * (ensureDemoUsers). Returns the key and the new users' passwords, shown once.
 */
export async function loadDemo(db: Database, log: Log): Promise<{ key: string; users: DemoUser[] }> {
  const [{ n }] = (await db.sql<{ n: number }[]>`select count(*)::int as n from stores`) as unknown as [{ n: number }]
  if (n === 0) {
    const t0 = performance.now()
    const { counts } = await generateChain(db, 'demo', 1)
    log({ level: 'info', msg: 'demo chain loaded', preset: 'demo', seed: 1, ...counts, ms: Math.round(performance.now() - t0) })
  }
  await db.sql`update api_keys set revoked_at = now() where name = 'demo admin' and revoked_at is null`
  const { key } = await createApiKey(db.sql, { role: 'admin', storeId: null, name: 'demo admin' })
  return { key, users: await ensureDemoUsers(db.sql) }
}
