import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { launchChromium, newPage, signInAs } from '../helpers/chromium.js'
import { sellUnknownSkus, startDashboardServer, type DashboardServer } from '../helpers/dashboard-server.js'
import { optionValues, statusFromPage, tableRows } from './dashboard-page.js'

// A real browser beside a loaded test run (the other fork on two cores) can be slow: more room than unit tests.
vi.setConfig({ testTimeout: 90_000 })

// What a store manager (of S001) can reach through the dashboard: their store and the chain's
// aggregates, never another store's figures nor customer-level data, whatever the address says.

let server: DashboardServer
let browser: Browser
const sessions: { close(): Promise<void> }[] = []

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startDashboardServer({ runs: true }), launchChromium()])
  await sellUnknownSkus(server)
}, 600_000)
afterAll(async () => {
  for (const s of sessions) await s.close()
  await browser?.close()
  await server?.close()
})

async function open(hash: string): Promise<{ page: Page; problems: string[] }> {
  const session = await newPage(browser)
  sessions.push(session)
  await signInAs(session.page, server.url, server.users.manager, hash)
  return session
}
const customersRun = () => server.runs.customers!.runId

describe('a store manager', () => {
  it('has no store picker, and another store in the address shows a forbidden message, not its figures', async () => {
    const { page, problems } = await open('#/kpis')
    await page.waitForURL(/#\/kpis\/S001$/)
    await page.locator('[data-metric=salesCents] .tile-value').waitFor()
    expect(await page.getByLabel('Store', { exact: true }).count()).toBe(0)
    expect(await page.getByText('Store: S001').count()).toBe(1)
    await page.goto(`${server.url}/#/kpis/S002`)
    await page.getByText('Store S002 is not one of your stores.').waitFor()
    expect(await page.locator('.tile').count()).toBe(0)
    expect(await statusFromPage(page, '/v1/dashboard/kpis?store=S002')).toBe(403)
    expect(problems).toEqual([])
  })

  it('gets no customer segments: no menu item, a message at its address, 403 from the API', async () => {
    const { page } = await open('#/kpis')
    expect(await page.getByRole('link', { name: 'Segments and value' }).count()).toBe(0)
    await page.goto(`${server.url}/#/segments`)
    await page.getByText('Segments and value: not available for your role.').waitFor()
    expect(await statusFromPage(page, `/v1/customer-analytics/runs/${customersRun()}/customers`)).toBe(403)
    expect(await statusFromPage(page, `/v1/customer-analytics/runs/${customersRun()}/segments`)).toBe(403)
  })

  it('sees the chain and their own store only, in affinity, demographics and unmapped SKUs', async () => {
    const { page, problems } = await open('#/affinity')
    await page.locator('table.rules tbody tr').first().waitFor()
    expect(await optionValues(page.getByLabel('Scope', { exact: true }))).toEqual(['chain', 'store:S001'])
    expect(await page.getByLabel('Scope', { exact: true }).inputValue()).toBe('store:S001')

    await page.getByRole('link', { name: 'Demographics' }).click()
    const chart = page.getByRole('img', { name: /^Heatmap of the purchase index by age band/ })
    await chart.waitFor()
    expect(await optionValues(page.getByLabel('Scope', { exact: true }))).toEqual(['chain', 'store:S001'])
    expect(await page.getByLabel('Scope', { exact: true }).inputValue()).toBe('store:S001')
    const cells = await server.db.sql<{ customers: number; buyers: number }[]>`
      select customers, buyers from customer_demographic_cells where run_id = ${customersRun()} and scope = 'store:S001' and level = 'category' and attribute = 'ageBand'`
    const suppressed = cells.filter((c) => c.customers < 10 || c.buyers < 10).length
    expect(await page.locator('figure').filter({ has: chart }).locator('figcaption').textContent()).toContain(`${suppressed} of ${cells.length} cells suppressed`)

    await page.getByRole('link', { name: 'Unmapped SKUs' }).click()
    const table = page.getByRole('table', { name: /SKUs sold but not in the catalogue in S001/ })
    expect((await tableRows(table)).map((r) => [r[0], r[1]])).toEqual([['S001', 'NEW-OAT-DRINK']])
    expect(problems).toEqual([])
  })
})
