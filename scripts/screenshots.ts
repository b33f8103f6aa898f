// `npm run screenshots`: starts the demo chain on an in-memory embedded database, runs customer
// analytics and basket affinity, signs in as each role and saves a PNG of every view it may open
// into docs/screenshots/ (named <role>-<view>.png), plus the sign-in page.
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { startAffinityRun } from '../analytics/affinity/affinity.job.js'
import { startCustomerRun } from '../analytics/customers/customer-analytics.job.js'
import { startKpiRefresh } from '../analytics/kpis/index.js'
import { createApiKey } from '../api/auth/auth.repo.js'
import type { UserRole } from '../api/auth/caller.js'
import { loadConfig } from '../api/config.js'
import { AffinityRunRequestSchema } from '../api/contract/affinity.js'
import { CustomerRunRequestSchema } from '../api/contract/customer-analytics.js'
import { startServer } from '../api/server.js'
import { createUser } from '../api/users/save-user.js'
import { generateChain } from '../fixtures/generate-chain.js'
import { ensureDashboardBuilt } from '../store-dashboard/tooling/ensure-built.js'
import { launchChromium } from '../store-dashboard/tooling/launch-chromium.js'

const OUT_DIR = 'docs/screenshots'
const VIEWPORT = { width: 1360, height: 900 }
/** Views each role sees, in menu order (store-dashboard/src/layout/nav-items.ts), with what to wait for. */
const VIEWS: { view: string; hash: string; roles: UserRole[]; ready: (page: Page) => Promise<unknown> }[] = [
  { view: 'kpis', hash: '#/kpis', roles: ['admin', 'marketing', 'store_manager'], ready: (p) => p.locator('.tile, .notice').first().waitFor() },
  { view: 'affinity', hash: '#/affinity', roles: ['admin', 'marketing', 'store_manager'], ready: (p) => p.locator('[data-rendered], .notice').first().waitFor() },
  { view: 'demographics', hash: '#/demographics', roles: ['admin', 'marketing', 'store_manager'], ready: (p) => p.locator('[data-rendered], .notice').first().waitFor() },
  { view: 'segments', hash: '#/segments', roles: ['admin', 'marketing'], ready: (p) => p.locator('[data-rendered]').nth(1).waitFor() },
  { view: 'runs', hash: '#/runs', roles: ['admin', 'marketing', 'store_manager'], ready: (p) => p.locator('table.runs').waitFor() },
  { view: 'unmapped-skus', hash: '#/unmapped-skus', roles: ['admin', 'marketing', 'store_manager'], ready: (p) => p.locator('table, .notice').first().waitFor() },
  { view: 'users', hash: '#/users', roles: ['admin'], ready: (p) => p.locator('table').waitFor() },
]
const t0 = performance.now()
const log = (line: string) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`)

await ensureDashboardBuilt({ log })
// Always the embedded engine in memory: the screenshots never touch a real database.
const { DATABASE_URL: _ignored, ...env } = process.env
const config = loadConfig({ ...env, DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'warn' })
const server = await startServer(config, () => {}, async (db) => {
  log('Loading the demo chain…')
  await generateChain(db, 'demo', 1)
  log('Demo chain loaded')
})
const browser = await launchChromium()
try {
  const { sql } = server.db
  const [first] = await sql<{ code: string }[]>`select code from stores order by code limit 1`
  const users = new Map<UserRole, { username: string; password: string }>()
  for (const [username, role, stores, displayName] of [
    ['admin', 'admin', [], 'Demo admin'],
    ['marketing', 'marketing', [], 'Demo marketing'],
    [`manager-${first!.code.toLowerCase()}`, 'store_manager', [first!.code], 'Demo store manager'],
  ] as const) {
    const password = randomBytes(12).toString('base64url')
    await createUser(sql, { username, role, stores: [...stores], displayName, password }, new Date())
    users.set(role, { username, password })
  }
  await plantUnmappedSkus(server.url, (await createApiKey(sql, { role: 'admin', storeId: null, name: 'screenshots' })).key)

  log('Running customer analytics and basket affinity…')
  const customers = await startCustomerRun(server.db, server.jobs, CustomerRunRequestSchema.parse({}), 'screenshots')
  // The API's defaults (support 1 %, confidence 10 %), over the chain and each store.
  const affinity = await startAffinityRun(server.db, server.jobs, AffinityRunRequestSchema.parse({ targets: [{ level: 'category', scopes: ['chain', 'stores'] }] }), 'screenshots')
  for (const run of [customers, affinity]) {
    const done = await server.jobs.waitFor(run.runId)
    if (done?.status !== 'succeeded') throw new Error(`run ${run.runId} ended ${done?.status}: ${done?.error}`)
    log(`${done.kind} run ${done.runId} succeeded`)
  }
  // The KPI summaries, the planted sales included (the server refreshed them once at start).
  await server.jobs.waitFor((await startKpiRefresh(sql, server.jobs, 'screenshots')).runId)
  log('KPI summaries refreshed')

  mkdirSync(OUT_DIR, { recursive: true })
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB', deviceScaleFactor: 1 })
  const page = await context.newPage()
  await page.goto(`${server.url}/`)
  await page.getByLabel('Username').waitFor()
  await save(page, 'sign-in')
  await context.close()

  for (const [role, user] of users) {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB', deviceScaleFactor: 1 })
    const page = await context.newPage()
    await page.goto(`${server.url}/`)
    await page.getByLabel('Username').fill(user.username)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    for (const v of VIEWS.filter((v) => v.roles.includes(role))) {
      await page.goto(`${server.url}/${v.hash}`)
      await v.ready(page)
      // Charts draw on the next frames; tables and tiles are there already.
      await page.waitForTimeout(600)
      await save(page, `${role.replace('_', '-')}-${v.view}`)
    }
    await context.close()
  }
} finally {
  await browser.close()
  await server.close()
}

async function save(page: Page, name: string) {
  const path = join(OUT_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  log(`  ${path}`)
}

/** Two sales of SKUs the catalogue does not know, so the unmapped-SKU list has something to show. */
async function plantUnmappedSkus(url: string, key: string) {
  const [store] = await server.db.sql<{ code: string }[]>`select code from stores order by code limit 1`
  const [last] = await server.db.sql<{ day: string }[]>`select max(business_day)::text as day from receipts`
  const day = last!.day
  const lines = [
    { lineNo: 1, sku: 'NEW-OAT-DRINK-1L', quantity: 2, unitPriceCents: 219, netAmountCents: 438 },
    { lineNo: 2, sku: 'NEW-KOMBUCHA-330', quantity: 1, unitPriceCents: 289, netAmountCents: 289 },
  ]
  const res = await fetch(`${url}/v1/stores/${store!.code}/sales`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ receipts: [{ terminalId: 'LANE-9', businessDay: day, receiptNo: 'SHOT-1', occurredAt: `${day}T17:42:05+01:00`, lines, tenders: [{ type: 'cash', amountCents: 727 }], totalCents: 727 }] }),
  })
  if (!res.ok) throw new Error(`planting unmapped SKUs: ${res.status} ${await res.text()}`)
}
