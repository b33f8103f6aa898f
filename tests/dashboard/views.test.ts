import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { formatCents, formatCount, formatRatio, formatRelativeChange } from '../../store-dashboard/src/ui/format.js'
import { launchChromium, newPage, signInAs } from '../helpers/chromium.js'
import { sellUnknownSkus, startDashboardServer, type DashboardServer, type TestUser } from '../helpers/dashboard-server.js'
import { expectNamedControls, optionValues, tableRows } from './dashboard-page.js'

// A real browser beside a loaded test run (the other fork on two cores) can be slow: more room than unit tests.
vi.setConfig({ testTimeout: 90_000 })

let server: DashboardServer
let browser: Browser
const sessions: { page: Page; problems: string[]; close(): Promise<void> }[] = []

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startDashboardServer({ runs: true }), launchChromium()])
  await sellUnknownSkus(server)
  // The KPI summaries include those sales, as after a nightly refresh.
  const refresh = await server.request('POST', '/v1/dashboard/kpis/refresh')
  expect(refresh.status).toBe(202)
  expect((await server.jobs.waitFor(((await refresh.json()) as { runId: number }).runId))?.status).toBe('succeeded')
}, 600_000)
afterAll(async () => {
  for (const s of sessions) await s.close()
  await browser?.close()
  await server?.close()
})

/** A signed-in page of the user, at a view; every page's CSP and script errors are checked at the end of its test. */
async function open(user: TestUser, hash: string): Promise<{ page: Page; problems: string[] }> {
  const session = await newPage(browser)
  sessions.push(session)
  await signInAs(session.page, server.url, user, hash)
  return session
}
const customersRun = () => server.runs.customers!.runId
const affinityRun = () => server.runs.affinity!.runId
type NamedRule = { antecedent: string[]; consequent: string; lift: number; count: number }

/** Category-level rules of the affinity run as the API names them: category names joined. */
async function categoryRules(where: { scope: string; size?: number; antecedent?: number[] }, limit = 1000): Promise<NamedRule[]> {
  return server.db.sql<NamedRule[]>`
    select array(select c.name from unnest(r.antecedent) with ordinality a(id, n) join categories c on c.category_id = a.id order by n) as antecedent,
      cc.name as consequent, r.lift, r.count
    from affinity_rules r join categories cc on cc.category_id = r.consequent
    where r.run_id = ${affinityRun()} and r.scope = ${where.scope} and r.level = 'category'
      and (${where.size ?? null}::int is null or r.size = ${where.size ?? null}::int)
      and (${where.antecedent ?? null}::int[] is null or r.antecedent = ${where.antecedent ?? null}::int[])
    order by r.lift desc, r.rule_no limit ${limit}`
}
/** Opens the "Data table" disclosure under a chart, as a reader would to see the figures. */
async function openDataTable(page: Page, title: string) {
  await page.getByText(`Data table: ${title}`, { exact: true }).click()
}
const categoryId = async (code: string) => (await server.db.sql<{ id: number; name: string }[]>`select category_id as id, name from categories where code = ${code}`)[0]!

describe('store KPIs', () => {
  it('shows the store picked, its tiles and weekly tables as the receipts add up', async () => {
    const { page, problems } = await open(server.users.admin, '#/kpis')
    await page.waitForURL(/#\/kpis\/S001$/)
    const picker = page.getByLabel('Store', { exact: true })
    await picker.waitFor()
    expect(await optionValues(picker)).toEqual(['S001', 'S002', 'S003', 'S004'])
    await picker.selectOption('S002')
    await page.waitForURL(/#\/kpis\/S002$/)
    // The generated chain has 13 weeks of receipts: the default window is all of them.
    const heading = page.getByRole('heading', { level: 2, name: /^13 weeks from/ })
    const [, from, to] = /from (\S+) to (\S+)/.exec((await heading.textContent())!)!
    const sums = (from: string, to: string) => server.db.sql<{ sales: number; baskets: number }[]>`
      select coalesce(sum(r.total_cents), 0)::float8 as sales, count(*)::int as baskets from receipts r join stores s using (store_id)
      where s.code = 'S002' and r.business_day between ${from}::date and ${to}::date`.then((rows) => rows[0]!)
    const all = await sums(from!, to!)
    expect(await page.locator('[data-metric=salesCents] .tile-value').textContent()).toBe(formatCents(all.sales))
    expect(await page.locator('[data-metric=baskets] .tile-value').textContent()).toBe(formatCount(all.baskets))
    expect(await page.locator('[data-metric=salesCents] .tile-change').textContent()).toBe('No earlier weeks to compare with')

    // The weekly table under the Sales chart: the last week, the store's receipts of that week.
    const rows = await tableRows(page.locator('table[data-metric=salesCents]'))
    const [weekOf, storeSales] = rows.at(-1)!
    const [week] = await server.db.sql<{ sales: number }[]>`
      select sum(r.total_cents)::float8 as sales from receipts r join stores s using (store_id)
      where s.code = 'S002' and r.business_day between ${weekOf!}::date and ${weekOf!}::date + 6`
    expect(storeSales).toBe(formatCents(week!.sales))
    expect(await page.getByRole('img', { name: /^Sales per week: / }).count()).toBe(1)
    await expectNamedControls(page)

    // The last 4 weeks against the 4 before, from the receipts.
    await page.getByLabel('Weeks shown').selectOption('4')
    const four = page.getByRole('heading', { level: 2, name: /^4 weeks from/ })
    await four.waitFor()
    const [, from4, to4] = /from (\S+) to (\S+)/.exec((await four.textContent())!)!
    const day = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
    const current = await sums(from4!, to4!)
    const previous = await sums(day(from4!, -28), day(from4!, -1))
    expect(await page.locator('[data-metric=salesCents] .tile-value').textContent()).toBe(formatCents(current.sales))
    expect(await page.locator('[data-metric=salesCents] .tile-change').textContent()).toBe(`${formatRelativeChange((current.sales - previous.sales) / previous.sales)} on the previous 4 weeks`)
    expect(problems).toEqual([])
  })
})

describe('affinity explorer', () => {
  it("lists the run's chain rules by lift, as stored", async () => {
    const { page, problems } = await open(server.users.marketing, '#/affinity')
    const table = page.locator('table.rules')
    await table.locator('tbody tr').first().waitFor()
    const [top] = await categoryRules({ scope: 'chain' }, 1)
    const [first] = await tableRows(table)
    expect([first![0], first![1], first![5]]).toEqual([top!.antecedent.join(' + '), top!.consequent, formatRatio(top!.lift)])
    expect(await optionValues(page.getByLabel('Scope', { exact: true }))).toEqual(['chain', 'store:S001', 'store:S002', 'store:S003', 'store:S004'])
    await expectNamedControls(page)
    expect(problems).toEqual([])
  })

  it('filters by category and minimum lift: the rows the database holds', async () => {
    const { page } = await open(server.users.marketing, '#/affinity')
    const pair = server.manifest.categoryPairs[0]!
    const a = await categoryId(pair.a)
    await page.getByLabel('Item or category code').fill(pair.a)
    await page.getByLabel('Minimum lift').fill('1.5')
    await page.getByLabel('Sort by').selectOption('confidence')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    const caption = page.locator('table.rules caption')
    await caption.filter({ hasText: `mentioning ${pair.a}` }).filter({ hasText: 'shown' }).waitFor()
    const [{ n }] = (await server.db.sql<{ n: number }[]>`
      select count(*)::int as n from affinity_rules where run_id = ${affinityRun()} and scope = 'chain' and level = 'category'
        and (antecedent && array[${a.id}]::int[] or consequent = ${a.id}) and lift >= 1.5`) as unknown as [{ n: number }]
    expect(n).toBeGreaterThan(0)
    expect(await caption.textContent()).toContain(`: ${Math.min(n, 25)}${n > 25 ? '+' : ''} shown`)
    const rows = await tableRows(page.locator('table.rules'))
    expect(rows.every((r) => `${r[0]} + ${r[1]}`.split(' + ').includes(a.name))).toBe(true)
    const confidences = rows.map((r) => Number.parseFloat(r[4]!))
    expect(confidences).toEqual([...confidences].sort((x, y) => y - x))
  })

  it('draws the 60 strongest pairs as the network, and says what goes with a category', async () => {
    const { page, problems } = await open(server.users.marketing, '#/affinity')
    const network = page.getByRole('img', { name: /^Network of \d+ category items in Chain/ })
    await network.waitFor()
    // The strongest unordered pairs of the stored pair rules.
    const edges = new Map<string, { names: string[]; lift: number }>()
    for (const r of await categoryRules({ scope: 'chain', size: 2 }, 5000)) {
      const names = [r.antecedent[0]!, r.consequent]
      const key = [...names].sort().join('|')
      if (!edges.has(key)) edges.set(key, { names, lift: r.lift })
    }
    const expected = [...edges.values()].sort((x, y) => y.lift - x.lift).slice(0, 60)
    const rows = await tableRows(page.locator('figure').filter({ has: network }).locator('table'))
    expect(rows.map((r) => [[r[0], r[1]].sort().join('|'), r[2]])).toEqual(expected.map((e) => [[...e.names].sort().join('|'), formatRatio(e.lift)]))

    const pair = server.manifest.categoryPairs[0]!
    const a = await categoryId(pair.a)
    await page.getByLabel('What goes with', { exact: true }).selectOption(pair.a)
    const buyers = page.getByRole('table', { name: `Buyers of ${a.name} also buy` })
    await buyers.waitFor()
    const pullsIn = await categoryRules({ scope: 'chain', antecedent: [a.id] }, 10)
    expect((await tableRows(buyers)).map((r) => [r[0], r[2]])).toEqual(pullsIn.map((r) => [r.consequent, formatRatio(r.lift)]))
    expect(pullsIn.map((r) => r.consequent)).toContain((await categoryId(pair.b)).name)
    expect(problems).toEqual([])
  })
})

describe('demographic heatmap', () => {
  type Cell = { value: string; itemName: string; itemCode: string; index: number; customers: number; buyers: number }
  const cellsOf = (scope: string, attribute: string) => server.db.sql<Cell[]>`
    select value, item_name, item_code, index, customers, buyers from customer_demographic_cells
    where run_id = ${customersRun()} and scope = ${scope} and level = 'category' and attribute = ${attribute}`

  it("shows the chain's index by age band and category, the highest named in the summary", async () => {
    const { page, problems } = await open(server.users.marketing, '#/demographics')
    const chart = page.getByRole('img', { name: /^Heatmap of the purchase index by age band/ })
    await chart.waitFor()
    const cells = await cellsOf('chain', 'ageBand')
    const shown = cells.filter((c) => c.customers >= 10 && c.buyers >= 10 && c.index !== null)
    const top = shown.reduce((best, c) => (c.index > best.index ? c : best))
    const summary = await page.locator('figure').filter({ has: chart }).locator('figcaption').textContent()
    expect(summary).toContain(`Highest index: ${top.value} × ${top.itemName} (index ${Math.round(top.index)}).`)
    expect(summary).toContain(`${cells.length - shown.length} of ${cells.length} cells suppressed (fewer than 10 customers).`)
    // The planted preference of 18–29 year-olds for soft drinks: its row in the data table.
    const planted = server.manifest.demographic.find((d) => d.segment === 'age-18-29')!
    const cell = shown.find((c) => c.value === '18-29' && c.itemCode === planted.category)!
    const row = page.locator(`tr[data-cell="18-29|${planted.category}"]`)
    expect(await row.locator('td').allTextContents()).toEqual([cell.itemName, formatCount(cell.customers), expect.stringMatching(/%$/), String(Math.round(cell.index)), expect.any(String), expect.any(String)])
    expect(await page.getByText('fewer than 10 customers: figures withheld').count()).toBe(1)
    await expectNamedControls(page)
    expect(problems).toEqual([])
  })
})

describe('segments and value', () => {
  it('lists the behavioural segments, RFM sizes and margin deciles the run stored', async () => {
    const { page, problems } = await open(server.users.marketing, '#/segments')
    await page.getByRole('table', { name: /^Behavioural segments/ }).locator('tbody tr').first().waitFor()
    const segments = await server.db.sql<{ kind: string; segment: string; label: string; customers: number; marginCents: number }[]>`
      select kind, segment, label, customers, margin_cents::float8 as margin_cents from customer_segments where run_id = ${customersRun()}`
    const behaviour = segments.filter((s) => s.kind === 'behaviour').sort((a, b) => Number(a.segment) - Number(b.segment))
    expect((await tableRows(page.getByRole('table', { name: /^Behavioural segments/ }))).map((r) => [r[0], r[2]])).toEqual(behaviour.map((s) => [s.label, formatCount(s.customers)]))
    const rfm = segments.filter((s) => s.kind === 'rfm').sort((a, b) => b.customers - a.customers)
    await openDataTable(page, 'RFM segments')
    expect((await tableRows(page.getByRole('table', { name: 'Customers per RFM segment' }))).map((r) => r[1])).toEqual(rfm.map((s) => formatCount(s.customers)))
    const top = segments.find((s) => s.kind === 'tier' && s.segment === 'decile 10')!
    await openDataTable(page, 'Gross margin by margin decile')
    expect((await tableRows(page.getByRole('table', { name: 'Margin deciles' }))).find((r) => r[0] === top.label)?.[2]).toBe(formatCents(top.marginCents))
    await expectNamedControls(page)
    expect(problems).toEqual([])
  })

  it('downloads a selection as CSV with contact data of the chosen channel', async () => {
    const { page } = await open(server.users.marketing, '#/segments')
    await page.getByLabel('Contact channel').selectOption('postal_mail')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Lapsed customers (CSV, post)' }).click()])
    expect(download.suggestedFilename()).toBe(`run-${customersRun()}-lapsed-postal_mail.csv`)
    const csv = await new Response((await download.createReadStream()) as unknown as ReadableStream).text()
    const listed = (await (await server.request('GET', `/v1/customer-analytics/runs/${customersRun()}/customers?selection=lapsed&limit=1000`)).json()) as { items: unknown[] }
    const lines = csv.trim().split('\n')
    expect(lines[0]).toMatch(/^customerRef,reason,.*,postalCode,city,country$/)
    expect(lines.length - 1).toBe(listed.items.length)
  })
})

describe('analysis runs', () => {
  it('lists the runs, and shows a started run moving until it ends', async () => {
    const { page, problems } = await open(server.users.marketing, '#/runs')
    const table = page.locator('table.runs')
    await table.locator('tbody tr').first().waitFor()
    const runs = await server.db.sql<{ runId: number; status: string }[]>`select run_id, status from analysis_runs order by run_id desc`
    expect((await tableRows(table)).map((r) => [Number(r[0]), r[3]])).toEqual(runs.map((r) => [r.runId, r.status]))

    await page.getByRole('button', { name: 'Start a customer-analytics run' }).click()
    const message = page.getByText(/^Customer-analytics run \d+ is (queued|running)\.$/)
    await message.waitFor()
    const runId = Number(/run (\d+)/.exec((await message.textContent())!)![1])
    await page.getByRole('progressbar', { name: `Progress of run ${runId}` }).waitFor()
    await server.jobs.cancel(runId)
    await page.locator(`tr[data-run="${runId}"] .status-cancelled`).waitFor({ timeout: 15_000 })
    expect(await page.getByRole('progressbar').count()).toBe(0)
    await expectNamedControls(page)
    expect(problems).toEqual([])
  })
})

describe('unmapped SKUs', () => {
  it("lists every store's unmapped SKUs for an admin", async () => {
    const { page, problems } = await open(server.users.admin, '#/unmapped-skus')
    const expected = await server.db.sql<{ code: string; sku: string; lineCount: number }[]>`
      select s.code, u.sku, u.line_count from unmapped_skus u join stores s using (store_id) order by s.code, u.sku`
    expect(expected.map((e) => e.sku)).toEqual(['NEW-OAT-DRINK', 'NEW-KOMBUCHA'])
    const table = page.getByRole('table', { name: /SKUs sold but not in the catalogue/ })
    expect((await tableRows(table)).map((r) => [r[0], r[1], r[4]])).toEqual(expected.map((e) => [e.code, e.sku, formatCount(e.lineCount)]))
    expect(problems).toEqual([])
  })
})

describe('users', () => {
  it('adds a store manager, changes the role, and disables the user, as the database then says', async () => {
    const { page, problems } = await open(server.users.admin, '#/users')
    const table = page.getByRole('table', { name: /users$/ })
    await table.locator('tbody tr').first().waitFor()
    expect((await tableRows(table)).map((r) => r[0])).toEqual(['admin', 'manager-s001', 'marketing'])
    await expectNamedControls(page)

    const form = page.getByRole('form', { name: 'Add a user' })
    await form.getByLabel('Username').fill('nora')
    await form.getByLabel('Display name').fill('Nora North')
    await form.getByLabel('Role').selectOption('store_manager')
    await form.getByRole('group', { name: 'Stores' }).getByLabel('S002').check()
    await form.getByLabel('Password').fill('a long enough passphrase')
    await form.getByRole('button', { name: 'Add user' }).click()
    await page.getByText('nora was added as store manager.').waitFor()
    const nora = async () => (await server.db.sql<{ role: string; disabled: boolean; stores: string[] }[]>`
      select u.role, u.disabled_at is not null as disabled, array(select s.code from user_stores us join stores s using (store_id) where us.user_id = u.user_id order by s.code) as stores
      from users u where username = 'nora'`)[0]
    expect(await nora()).toEqual({ role: 'store_manager', disabled: false, stores: ['S002'] })

    await page.getByRole('button', { name: 'Change role or stores of nora' }).click()
    const editor = page.getByRole('form', { name: 'Change nora' })
    await editor.getByLabel('Role').selectOption('marketing')
    await editor.getByRole('button', { name: 'Save' }).click()
    await page.getByText('nora changed.').waitFor()
    expect(await nora()).toEqual({ role: 'marketing', disabled: false, stores: [] })

    // A taken username: the API's 409, as a sentence naming the field.
    await form.getByLabel('Username').fill('nora')
    await form.getByRole('group', { name: 'Stores' }).getByLabel('S003').check()
    await form.getByLabel('Password').fill('another long passphrase')
    await form.getByRole('button', { name: 'Add user' }).click()
    expect(await page.getByRole('alert').textContent()).toBe('A user named nora exists: username already taken')

    await page.getByRole('button', { name: 'Disable nora' }).click()
    await page.getByText('nora is disabled: their sessions have ended.').waitFor()
    expect(await nora()).toMatchObject({ disabled: true })
    expect(await page.locator('tr[data-user=nora] td').nth(3).textContent()).toMatch(/^disabled since \d{4}-\d\d-\d\d$/)
    expect(problems).toEqual([])
  })
})
