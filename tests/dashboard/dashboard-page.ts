import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/** The rows of a table as arrays of cell texts (header cells included), trimmed. */
export async function tableRows(table: Locator): Promise<string[][]> {
  await table.waitFor({ state: 'attached' })
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => Array.from((r as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells, (c) => (c.textContent ?? '').trim())),
  )
}

/** The status a request made by the page (with its cookie) gets. */
export const statusFromPage = (page: Page, path: string, method = 'GET') =>
  page.evaluate(`fetch(${JSON.stringify(path)}, { method: ${JSON.stringify(method)} }).then((r) => r.status)`) as Promise<number>

/** The values a select offers. */
export const optionValues = (select: Locator) => select.locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value))

/**
 * Every form control in the main region has an accessible name: the aria snapshot lists a
 * control without a name as a bare role ("- combobox" rather than '- combobox "Store"').
 */
export async function expectNamedControls(page: Page): Promise<void> {
  const snapshot = await page.locator('main').ariaSnapshot()
  const unnamed = snapshot.split('\n').filter((line) => /^\s*- (textbox|combobox|spinbutton|checkbox|radio|button|listbox|slider|searchbox)(\s*\[[^\]]*\])?:?$/.test(line))
  expect(unnamed, snapshot).toEqual([])
  const controls = await page.locator('main').locator('input, select, textarea').count()
  const labelled = await page
    .locator('main')
    .locator('input, select, textarea')
    .evaluateAll((els) => els.filter((e) => ((e as unknown as { labels: ArrayLike<unknown> | null }).labels?.length ?? 0) > 0 || (e as unknown as { getAttribute(n: string): string | null }).getAttribute('aria-label')).length)
  expect(labelled).toBe(controls)
}
