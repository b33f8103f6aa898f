import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { STATUS } from './app-error.js'
import { renderErrorsDoc } from './errors-doc.js'

it('docs/ERRORS.md is the rendering of the status table (run npm run docs:errors)', () => {
  const doc = readFileSync(new URL('../../docs/ERRORS.md', import.meta.url), 'utf8')
  expect(doc).toBe(renderErrorsDoc())
  for (const [code, status] of Object.entries(STATUS)) expect(doc).toContain(`| \`/problems/${code}\` | ${status} |`)
})
