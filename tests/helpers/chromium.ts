import type { Browser, Page } from 'playwright-core'
import type { TestUser } from './dashboard-server.js'

export { launchChromium } from '../../store-dashboard/tooling/launch-chromium.js'

/**
 * A page of its own (a fresh context: no cookies of another test) that records what the
 * console says about the Content-Security-Policy, and any script error.
 */
export async function newPage(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB' })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text())
  })
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}\n${err.stack}`))
  return { page, problems, close: () => context.close() }
}

/** Signs in through the form, as a person would, and waits for the navigation to appear. */
export async function signInAs(page: Page, url: string, user: TestUser, hash = ''): Promise<void> {
  await page.goto(`${url}/${hash}`)
  await page.getByLabel('Username').fill(user.username)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 15_000 })
}
