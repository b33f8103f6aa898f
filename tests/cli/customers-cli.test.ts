import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCliEnv, type CliEnv } from '../helpers/cli-env.js'

// The CLI as an operator runs it, on a database of its own holding no sales yet: the run must
// still succeed, with nothing found.
let c: CliEnv
beforeAll(async () => {
  c = await createCliEnv('customers-cli')
})
afterAll(() => c?.close())
const cli = (...args: string[]) => c.cli(...args)

describe('basketwise customers', () => {
  it('runs on a database without sales, and exports an empty selection with its header', async () => {
    const { stdout } = await cli('customers', 'run')
    const [, runId, counts] = /^run (\d+) \(version \d+\): (\{.*\})$/m.exec(stdout)!
    expect(JSON.parse(counts!)).toEqual({ atRisk: 0, lapsed: 0, scored: 0, segments: 0, customers: 0, flaggedCells: 0, purchaseRows: 0, unprofitable: 0, demographicCells: 0 })
    const exported = await cli('customers', 'export', runId!, '--selection', 'lapsed', '--channel', 'postal_mail')
    expect(exported.stdout).toBe('customerRef,reason,visits,lastVisit,driftedOn,spendCents,marginCents,promoShare,rfmSegment,marginDecile,givenName,familyName,addressLine1,addressLine2,postalCode,city,country\n')
    expect(exported.stderr).toBe('0 customers\n')
  })

  it('refuses a bad option and an unknown run with a clear message', async () => {
    await expect(cli('customers', 'export', '1', '--selection', 'everyone')).rejects.toMatchObject({ stderr: expect.stringContaining("argument 'everyone' is invalid. Allowed choices are lapsed, unprofitable, at-risk") })
    await expect(cli('customers', 'export', '999', '--selection', 'lapsed')).rejects.toMatchObject({ stderr: expect.stringContaining('error: no customer-analytics run 999') })
    await expect(cli('customers', 'run', '--from', '2025-13-01')).rejects.toMatchObject({ stderr: expect.stringContaining('from: must be a date YYYY-MM-DD') })
  })
})
