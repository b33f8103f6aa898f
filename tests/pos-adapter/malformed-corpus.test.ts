import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// First: the API (and @hono/zod-openapi, which must extend zod before any contract schema is built).
import { drop, serveTestApi, tmpState, waitFor, type ServedApi } from './pos-helpers.js'
import { startAdapter } from '../../pos-adapter/adapter.job.js'
import { loadPosConfig } from '../../pos-adapter/config.js'
import { CsvMappingSchema } from '../../pos-adapter/csv/csv-mapping.js'
import { GENERIC_PROFILE } from '../../pos-adapter/poslog/poslog-profile.js'
import { CORPUS_CSV_MAPPING, corpus } from './malformed-cases.js'

// Every case is a file dropped into a running adapter. Each must end up in the
// quarantine with a .reason naming the place and the cause, while the good
// receipts of the same file reach the API.
const cases = corpus()
let api: ServedApi
let quarantine: string
let delivered: Map<string, number>
const reasons = new Map<string, string>()

beforeAll(async () => {
  api = await serveTestApi()
  const state = tmpState('corpus')
  const config = loadPosConfig({ POS_API_URL: api.url, POS_API_KEY: api.key, POS_STORE_CODE: 'S001', POS_STORE_ID: 'S001', POS_STATE_DIR: state, POS_POLL_MS: '20' })
  const adapter = await startAdapter({ config, profile: GENERIC_PROFILE, csvMapping: CsvMappingSchema.parse(CORPUS_CSV_MAPPING), log: () => {} })
  writeFileSync(join(state, 'mapping.json'), JSON.stringify(CORPUS_CSV_MAPPING))
  for (const c of cases) drop(config.inboxDir, c.file, c.content)
  try {
    await waitFor('every file processed', () => adapter.status().files.processed === cases.length, 60_000)
    expect(await adapter.drained(30_000)).toBe(true)
  } finally {
    await adapter.stop()
  }
  quarantine = config.quarantineDir
  for (const f of readdirSync(quarantine).filter((f) => f.endsWith('.reason'))) reasons.set(f.replace(/^\d{8}T\d{6}Z-/, '').replace(/\.reason$/, ''), readFileSync(join(quarantine, f), 'utf8'))
  const rows = await api.sql<{ terminalId: string; n: number }[]>`select terminal_id, count(*)::int as n from receipts group by terminal_id`
  delivered = new Map(rows.map((r) => [r.terminalId, r.n]))
}, 120_000)
afterAll(async () => {
  await api.stop()
})

describe('malformed corpus', () => {
  it('has at least 40 cases across XML, CSV and JSON', () => {
    const byExt = (ext: string) => cases.filter((c) => c.file.endsWith(ext)).length
    expect(cases.length).toBeGreaterThanOrEqual(40)
    expect([byExt('.xml') >= 20, byExt('.csv') >= 8, byExt('.json') >= 8]).toEqual([true, true, true])
  })

  it.each(cases.map((c, i) => [c.file, c, `M${String(i + 1).padStart(2, '0')}`] as const))('%s: quarantined with its reason, its good receipts delivered', (_name, c, terminal) => {
    const reason = reasons.get(c.file)
    expect(reason, `no .reason for ${c.file}`).toBeDefined()
    expect(reason).toMatch(c.reason)
    expect(reason).toContain(`receipts accepted from this file and sent: ${c.good}`)
    expect(delivered.get(terminal) ?? 0).toBe(c.good)
  })

  it('archives nothing: every corpus file went to the quarantine', () => {
    expect(readdirSync(quarantine).filter((f) => !f.endsWith('.reason'))).toHaveLength(cases.length)
  })
})
