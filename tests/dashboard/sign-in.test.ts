import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createUser } from '../../api/users/save-user.js'
import { launchChromium, newPage, signInAs } from '../helpers/chromium.js'
import { startDashboardServer, type DashboardServer } from '../helpers/dashboard-server.js'

// A real browser beside a loaded test run (the other fork on two cores) can be slow: more room than unit tests.
vi.setConfig({ testTimeout: 90_000 })

let server: DashboardServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startDashboardServer(), launchChromium()])
}, 300_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** What the page's own fetch answers: the status of a request made with the page's cookie. */
const statusFromPage = (page: Page, path: string, method = 'GET') => page.evaluate(`fetch(${JSON.stringify(path)}, { method: ${JSON.stringify(method)} }).then((r) => r.status)`)
const navLinks = async (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()

describe('signing in', () => {
  it('says "Wrong username or password." and stays on the sign-in page', async () => {
    const { page, problems, close } = await newPage(browser)
    await page.goto(`${server.url}/`)
    await page.getByLabel('Username').fill('admin')
    await page.getByLabel('Password').fill('not the password at all')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('Wrong username or password.')
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0)
    expect(await statusFromPage(page, '/v1/auth/session')).toBe(401)
    expect(problems).toEqual([])
    await close()
  })

  it('says how long to wait once a user is locked out (429)', async () => {
    await createUser(server.db.sql, { username: 'lockme', role: 'marketing', stores: [], password: 'right password here' }, new Date())
    const { page, close } = await newPage(browser)
    await page.goto(`${server.url}/`)
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('Username').fill('lockme')
      await page.getByLabel('Password').fill(`wrong password ${i}`)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('alert').waitFor()
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor()
    }
    expect(await page.getByRole('alert').textContent()).toMatch(/^Too many failed sign-ins\. Try again in 1[45] minutes\.$/)
    await close()
  })

  it('lands a store manager on the KPI view of their store, with the navigation of their role', async () => {
    const { page, problems, close } = await newPage(browser)
    await signInAs(page, server.url, server.users.manager)
    await page.getByRole('heading', { level: 1, name: /^Store KPIs/ }).waitFor()
    expect(new URL(page.url()).hash).toBe('#/kpis/S001')
    expect(await navLinks(page)).toEqual(['Store KPIs', 'Affinity', 'Demographics', 'Analysis runs', 'Unmapped SKUs'])
    expect(await page.getByText('Signed in as Sam Manager (store manager of S001)').count()).toBe(1)
    expect(await page.title()).toBe('Store KPIs · Basketwise')
    expect(problems).toEqual([])
    await close()
  })

  it('gives an admin every view, users included', async () => {
    const { page, close } = await newPage(browser)
    await signInAs(page, server.url, server.users.admin)
    expect(await navLinks(page)).toEqual(['Store KPIs', 'Affinity', 'Demographics', 'Segments and value', 'Analysis runs', 'Unmapped SKUs', 'Users'])
    await close()
  })

  it('keeps the session across a reload, and signing out ends it on the server (the CSRF token went with the POST)', async () => {
    const { page, problems, close } = await newPage(browser)
    await signInAs(page, server.url, server.users.marketing)
    await page.reload()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    expect(await statusFromPage(page, '/v1/auth/session')).toBe(200)
    // Without the token a write made with the cookie is refused: the app must be sending it.
    expect(await statusFromPage(page, '/v1/customer-analytics/runs', 'POST')).toBe(403)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('Username').waitFor()
    expect(await statusFromPage(page, '/v1/auth/session')).toBe(401)
    const [sessions] = await server.db.sql<{ n: number }[]>`select count(*)::int as n from sessions s join users u using (user_id) where u.username = 'marketing'`
    expect(sessions!.n).toBe(0)
    expect(problems).toEqual([])
    await close()
  })
})

describe('keyboard', () => {
  /** The focused element's tag and text, as the page sees it. */
  const focused = (page: Page) => page.evaluate('(() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}:${(e.textContent ?? "").trim()}` : "" })()') as Promise<string>

  it('reaches the skip link first, then the navigation; Enter follows a link; focus is visible', async () => {
    const { page, close } = await newPage(browser)
    await signInAs(page, server.url, server.users.marketing)
    // A fresh load, as a keyboard user starts: focus at the top of the document.
    await page.reload()
    await page.getByRole('heading', { level: 1, name: /^Store KPIs/ }).waitFor()
    // The view fills in its default store; that must not move the focus (it once raced the Tabs).
    await page.waitForURL(/#\/kpis\/S001$/)

    const seen: string[] = []
    for (let i = 0; i < 10 && !seen.includes('a:Unmapped SKUs'); i++) {
      await page.keyboard.press('Tab')
      seen.push(await focused(page))
    }
    expect(seen).toEqual(['a:Skip to main content', 'button:Sign out', 'a:Store KPIs', 'a:Affinity', 'a:Demographics', 'a:Segments and value', 'a:Analysis runs', 'a:Unmapped SKUs'])
    const outline = await page.evaluate('(() => { const s = getComputedStyle(document.activeElement); return `${s.outlineStyle} ${s.outlineWidth}` })()')
    expect(outline).toBe('solid 3px')

    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    expect(await focused(page)).toBe('a:Segments and value')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Customer segments and value' }).waitFor()
    expect(new URL(page.url()).hash).toBe('#/segments')
    // The new view's heading has the focus, as after a page load.
    expect(await focused(page)).toBe('h1:Customer segments and value')
    expect(await page.getByRole('link', { name: 'Segments and value' }).getAttribute('aria-current')).toBe('page')
    await close()
  })

  it('skips the navigation with the skip link', async () => {
    const { page, close } = await newPage(browser)
    await signInAs(page, server.url, server.users.admin, '#/users')
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor()
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('a:Skip to main content')
    // Off-screen until focused, then in view.
    expect((await page.getByRole('link', { name: 'Skip to main content' }).boundingBox())!.y).toBeGreaterThanOrEqual(0)
    await page.keyboard.press('Enter')
    expect(await page.evaluate('document.activeElement.id')).toBe('main')
    expect(new URL(page.url()).hash).toBe('#/users')
    // The next Tab goes into the content, past the navigation.
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('button:Change')
    await close()
  })

  it('labels every control of the sign-in page', async () => {
    const { page, close } = await newPage(browser)
    await page.goto(`${server.url}/`)
    await page.getByLabel('Username').waitFor()
    expect(await page.getByLabel('Username').getAttribute('autocomplete')).toBe('username')
    expect(await page.getByLabel('Password').getAttribute('type')).toBe('password')
    expect(await page.locator('main').ariaSnapshot()).toBe(
      ['- main:', '  - form "Sign in to Basketwise":', '    - heading "Sign in to Basketwise" [level=1]', '    - text: Username', '    - textbox "Username"', '    - text: Password', '    - textbox "Password"', '    - button "Sign in"'].join('\n'),
    )
    await close()
  })
})
