import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { expect } from 'vitest'
import { createJobRunner, type JobRunner } from '../../analytics/jobs/index.js'
import { startKpiRefreshIfStale } from '../../analytics/kpis/index.js'
import { createApp } from '../../api/app.js'
import { createApiKey } from '../../api/auth/auth.repo.js'
import type { UserRole } from '../../api/auth/caller.js'
import type { AnalysisRun } from '../../api/contract/analysis-run.js'
import type { Database } from '../../api/db/create-database.js'
import { createUser } from '../../api/users/save-user.js'
import type { GroundTruth } from '../../fixtures/generator/manifest.js'
import { createGeneratedTestDb } from './generated-db.js'

export type TestUser = { username: string; password: string; role: UserRole; stores: string[]; displayName: string }

/** What the browser tests run against: the API and dashboard on a real port, over the generated chain. */
export type DashboardServer = {
  url: string
  db: Database
  manifest: GroundTruth
  jobs: JobRunner
  users: { admin: TestUser; marketing: TestUser; manager: TestUser }
  /** The succeeded runs made before the tests, when asked for. */
  runs: { customers: AnalysisRun | null; affinity: AnalysisRun | null }
  /** A request to the API in process with an admin key, for setting things up. */
  request(method: string, path: string, body?: unknown): Promise<Response>
  close(): Promise<void>
}

/** The affinity run the dashboard tests read: categories of the chain and of every store. */
export const TEST_AFFINITY_RUN = { targets: [{ level: 'category', scopes: ['chain', 'stores'] }], minSupport: 0.002, minConfidence: 0.05 }

/**
 * Starts the API server in process on a free loopback port over a database of the test file's
 * own holding the generated 4-store chain, with three users made through the users repository
 * (admin, marketing, the manager of S001), the KPI summaries built as at server start, and,
 * with `runs`, a succeeded customer-analytics run and affinity run, so every view has data.
 */
export async function startDashboardServer(o: { runs?: boolean } = {}): Promise<DashboardServer> {
  const { db, manifest } = await createGeneratedTestDb()
  const jobs = createJobRunner(db.sql)
  const app = createApp({ db, log: () => {}, bodyLimitBytes: 1 << 20, jobs })
  const now = new Date()
  const user = async (username: string, role: UserRole, stores: string[], displayName: string): Promise<TestUser> => {
    const password = randomBytes(12).toString('base64url')
    await createUser(db.sql, { username, role, stores, password, displayName }, now)
    return { username, password, role, stores, displayName }
  }
  const users = {
    admin: await user('admin', 'admin', [], 'Ada Admin'),
    marketing: await user('marketing', 'marketing', [], 'Mo Marketing'),
    manager: await user('manager-s001', 'store_manager', ['S001'], 'Sam Manager'),
  }
  const runs: DashboardServer['runs'] = { customers: null, affinity: null }
  const { key } = await createApiKey(db.sql, { role: 'admin', storeId: null, name: 'dashboard tests' })
  const request = async (method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })
  if (o.runs) {
    const start = async (path: string, body: unknown) => {
      const res = await request('POST', path, body)
      expect(res.status, await res.clone().text()).toBe(202)
      const run = await jobs.waitFor(((await res.json()) as AnalysisRun).runId)
      expect(run?.status, run?.error ?? '').toBe('succeeded')
      return run!
    }
    // One job at a time per runner: started together, they queue.
    ;[runs.customers, runs.affinity] = await Promise.all([start('/v1/customer-analytics/runs', {}), start('/v1/affinity/runs', TEST_AFFINITY_RUN)])
  }
  // What the server does at start: the KPI summaries built from the receipts.
  const refresh = await startKpiRefreshIfStale(db.sql, jobs, () => {}, 'dashboard tests')
  if (refresh) expect((await jobs.waitFor(refresh.runId))?.status).toBe('succeeded')
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    manifest,
    jobs,
    users,
    runs,
    request,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await jobs.close()
      await db.close()
    },
  }
}

/**
 * Sells one SKU the catalogue does not know in S001 (NEW-OAT-DRINK) and one in S002
 * (NEW-KOMBUCHA), on the last business day, through the sales API: the unmapped list's rows.
 */
export async function sellUnknownSkus(server: DashboardServer): Promise<void> {
  const [last] = await server.db.sql<{ day: string }[]>`select max(business_day)::text as day from receipts`
  for (const [store, sku] of [['S001', 'NEW-OAT-DRINK'], ['S002', 'NEW-KOMBUCHA']] as const) {
    const line = { lineNo: 1, sku, quantity: 1, unitPriceCents: 199, netAmountCents: 199 }
    const receipt = { terminalId: 'LANE-9', businessDay: last!.day, receiptNo: `T-${sku}`, occurredAt: `${last!.day}T12:00:00Z`, lines: [line], tenders: [{ type: 'cash', amountCents: 199 }], totalCents: 199 }
    const res = await server.request('POST', `/v1/stores/${store}/sales`, { receipts: [receipt] })
    expect(res.status, await res.clone().text()).toBe(200)
  }
}
