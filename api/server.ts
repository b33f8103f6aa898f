import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createJobRunner, markInterruptedRuns, type JobRunner } from '../analytics/jobs/index.js'
import { startKpiRefreshIfStale } from '../analytics/kpis/index.js'
import { createApp } from './app.js'
import type { Config } from './config.js'
import { createDatabase, type Database } from './db/create-database.js'
import { migrate } from './db/migrate.js'
import type { Log } from './http/logger.js'

export type RunningServer = { url: string; db: Database; jobs: JobRunner; close(): Promise<void> }

/** Opens the database, applies migrations, and serves the API until closed. */
export async function startServer(config: Config, log: Log, beforeListen?: (db: Database) => Promise<void>): Promise<RunningServer> {
  const db = await createDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE })
  try {
    const { applied, version } = await migrate(db.sql)
    log({ level: 'info', msg: 'database ready', engine: db.engine, location: db.location, migrationVersion: version, applied: applied.map((m) => `${m.version}_${m.name}`) })
    // Jobs live in the memory of the process that runs them: runs a stopped server left
    // queued or running will never finish, so they end 'failed' before new ones start.
    const interrupted = await markInterruptedRuns(db.sql)
    if (interrupted.length > 0) log({ level: 'warn', msg: 'analysis runs interrupted by the last stop marked failed', runIds: interrupted })
    if (beforeListen) await beforeListen(db)
  } catch (err) {
    await db.close()
    throw err
  }
  const jobs = createJobRunner(db.sql, log)
  const sessions = { idleMs: config.SESSION_IDLE_MINUTES * 60_000, lifetimeMs: config.SESSION_LIFETIME_HOURS * 3_600_000, publicOrigin: config.PUBLIC_ORIGIN }
  const app = createApp({ db, log, bodyLimitBytes: config.BODY_LIMIT_BYTES, jobs, sessions, trustedProxyHops: config.TRUSTED_PROXY_HOPS })
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  // Dashboard summaries older than the receipts (sales since the last start, the demo just
  // loaded) are rebuilt in the background; the dashboard shows the old ones until then.
  void startKpiRefreshIfStale(db.sql, jobs, log)
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`
  return {
    url,
    db,
    jobs,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      // Running jobs end 'cancelled' while the database is still open.
      await jobs.close()
      await db.close()
    },
  }
}
