import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// First: the API (and @hono/zod-openapi, which must extend zod before any contract schema is built).
import { drop, makeReceipts, serveTestApi, tmpState, waitFor, type ServedApi } from './pos-helpers.js'
import { startAdapter } from '../../pos-adapter/adapter.job.js'
import { loadPosConfig } from '../../pos-adapter/config.js'
import { loadCsvMapping, loadProfile } from '../../pos-adapter/load-formats.repo.js'
import { writePoslog } from '../../pos-adapter/poslog/write-poslog.js'
import { readDeadLetters } from '../../pos-adapter/outbox/dead-letter.repo.js'

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname
let api: ServedApi
beforeAll(async () => {
  api = await serveTestApi()
})
afterAll(async () => {
  await api.stop()
})

async function adapter(env: Record<string, string> = {}) {
  const state = tmpState('delivery')
  const config = loadPosConfig({
    POS_API_URL: api.url,
    POS_API_KEY: api.key,
    POS_STORE_CODE: 'S001',
    POS_STORE_ID: 'S001',
    POS_STATE_DIR: state,
    POS_POLL_MS: '20',
    POS_RETRY_BASE_MS: '40',
    POS_RETRY_MAX_MS: '400',
    POS_CSV_MAPPING: join(FIXTURES, 'journal-de.mapping.json'),
    ...env,
  })
  const a = await startAdapter({
    config,
    profile: loadProfile(config.POS_PROFILE),
    csvMapping: loadCsvMapping(config.POS_CSV_MAPPING!),
    log: () => {},
  })
  mkdirSync(config.inboxDir, { recursive: true })
  return { a, config, state, inbox: config.inboxDir }
}
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : [])

describe('delivery to the API', () => {
  it('delivers every fixture format: generic POSLog, a CSV journal and our JSON, with the contract fields intact', async () => {
    const { a, inbox, config } = await adapter()
    try {
      drop(inbox, 'generic.xml', readFileSync(join(FIXTURES, 'poslog-generic.xml')))
      drop(inbox, 'journal.csv', readFileSync(join(FIXTURES, 'journal-de.csv')))
      drop(inbox, 'push.json', JSON.stringify({ receipts: makeReceipts(3, { seed: 5, prefix: 'JSON' }) }))
      await waitFor('three files archived', () => filesIn(config.archiveDir).length === 3)
      expect(await a.drained(20_000)).toBe(true)
    } finally {
      await a.stop()
    }
    const rows = await api.sql<{ terminalId: string; receiptNo: string; totalCents: number; cardStatus: string; cardEntry: string | null; lineCount: number }[]>`
      select terminal_id, receipt_no, total_cents, card_status, card_entry, line_count from receipts
      where terminal_id in ('LANE-03', 'LANE-04', 'K01', 'K02') or terminal_id like 'JSON-%' order by terminal_id, receipt_no`
    const json = makeReceipts(3, { seed: 5, prefix: 'JSON' })
    expect(rows.map((r) => [r.terminalId, r.receiptNo, r.totalCents, r.cardStatus, r.cardEntry, r.lineCount])).toEqual([
      ...json.map((r) => [r.terminalId, r.receiptNo, r.totalCents, r.card ? 'unknown_card' : 'none', r.card?.entry ?? null, r.lines.length]),
      ['K01', '4711', 666, 'unknown_card', 'scanned', 3],
      ['K01', '4712', -89, 'none', null, 2],
      ['K02', '77', 123450, 'unknown_card', 'keyed', 1],
      ['LANE-03', '88214', 217, 'unknown_card', 'scanned', 4],
      ['LANE-04', '5101', 660, 'unknown_card', 'keyed', 2],
      ['LANE-04', '5104', -250, 'none', null, 1],
    ])
    const lines = await api.sql<{ lineNo: number; kind: string; quantity: string; netAmountCents: number; voided: boolean; returnOfReceiptNo: string | null }[]>`
      select l.line_no, l.kind, l.quantity::text, l.net_amount_cents, l.voided, l.return_of_receipt_no from receipt_lines l
      join receipts r using (receipt_id) where r.receipt_no = '88214' order by l.line_no`
    expect(lines.map((l) => [l.lineNo, l.kind, l.quantity, l.netAmountCents, l.voided, l.returnOfReceiptNo])).toEqual([
      [1, 'sale', '2.000', 498, false, null],
      [2, 'sale', '1.000', 119, true, null],
      [3, 'sale', '0.842', 168, false, null],
      [4, 'return', '1.000', -399, false, '87990'],
    ])
    const tenders = await api.sql<{ tenderType: string; amountCents: number }[]>`
      select t.tender_type, t.amount_cents from receipt_tenders t join receipts r using (receipt_id) where r.receipt_no = '5101' order by t.seq`
    expect(tenders).toEqual([{ tenderType: 'cash', amountCents: 500 }, { tenderType: 'card', amountCents: 160 }])
  })

  it('delivers the vendor-shaped POSLog files with their profiles', async () => {
    for (const [profile, file, receiptNos] of [['ncr-acs', 'poslog-ncr-acs.xml', ['161', '902']], ['fgl-arts', 'poslog-fgl-arts.xml', ['30017']]] as const) {
      const { a, inbox, config } = await adapter({ POS_PROFILE: profile })
      try {
        drop(inbox, file, readFileSync(join(FIXTURES, file)))
        await waitFor('the file archived', () => filesIn(config.archiveDir).length === 1)
        expect(await a.drained(20_000)).toBe(true)
      } finally {
        await a.stop()
      }
      const rows = await api.sql<{ receiptNo: string }[]>`select receipt_no from receipts where receipt_no in ${api.sql([...receiptNos])} order by receipt_no`
      expect(rows.map((r) => r.receiptNo)).toEqual([...receiptNos].sort())
    }
  })

  it('holds the backlog while the API is down, retrying with backoff, and drains it when the API returns', async () => {
    api.mode.down = true
    const before = api.mode.requests
    const { a, inbox, config } = await adapter()
    try {
      const rs = makeReceipts(600, { seed: 31, prefix: 'OUT' })
      drop(inbox, 'a.xml', writePoslog(rs.slice(0, 300), 'S001'))
      drop(inbox, 'b.xml', writePoslog(rs.slice(300), 'S001'))
      await waitFor('both files taken in', () => filesIn(config.archiveDir).length === 2)
      await new Promise((r) => setTimeout(r, 1500))
      const s = a.status()
      expect(s.queueDepth).toBe(600)
      expect(s.oldestUnsentAgeSeconds).toBeGreaterThanOrEqual(1)
      expect(s.lastError).toMatchObject({ kind: 'retry', message: expect.stringContaining('503') })
      expect(s.delivered).toBe(0)
      // Backoff, not a busy loop: two workers, delays doubling from 40 ms to 400 ms, over about 1.5 s.
      expect(api.mode.requests - before).toBeLessThan(30)
      api.mode.down = false
      expect(await a.drained(30_000)).toBe(true)
      expect(a.status()).toMatchObject({ queueDepth: 0, delivered: 600, oldestUnsentAgeSeconds: null })
    } finally {
      api.mode.down = false
      await a.stop()
    }
    expect(await api.sql`select count(*)::int as n from receipts where terminal_id like 'OUT-%'`).toEqual([{ n: 600 }])
  })

  it('raises the disk-budget alarm and stops taking files while the API is away, then resumes', async () => {
    api.mode.down = true
    const { a, inbox, config } = await adapter({ POS_DISK_BUDGET_BYTES: String(40 * 1024), POS_SEGMENT_BYTES: String(16 * 1024) })
    try {
      const rs = makeReceipts(200, { seed: 41, prefix: 'BUDGET' })
      drop(inbox, 'a.xml', writePoslog(rs.slice(0, 100), 'S001'))
      await waitFor('the first file taken in', () => filesIn(config.archiveDir).length === 1)
      drop(inbox, 'b.xml', writePoslog(rs.slice(100), 'S001'))
      await new Promise((r) => setTimeout(r, 500))
      expect(filesIn(inbox)).toEqual(['b.xml']) // waits in the inbox, not lost
      expect(a.status().alarm).toMatch(/^DISK BUDGET FULL: the outbox holds \d+ bytes of its 40960-byte budget; the API has been failing since .*503.*new receipts are refused/)
      api.mode.down = false
      await waitFor('the second file taken in', () => filesIn(config.archiveDir).length === 2, 30_000)
      expect(await a.drained(30_000)).toBe(true)
      expect(a.status().alarm).toBeNull()
    } finally {
      api.mode.down = false
      await a.stop()
    }
    expect(await api.sql`select count(*)::int as n from receipts where terminal_id like 'BUDGET-%'`).toEqual([{ n: 200 }])
  })

  it('dead-letters what the API refuses for good (conflict, rejected) with its reason, and never retries it', async () => {
    const [original] = makeReceipts(1, { seed: 51, prefix: 'DL' })
    expect((await api.request('POST', '/v1/stores/S001/sales', { receipts: [original] })).status).toBe(200)
    const changed = { ...original!, lines: original!.lines.map((l) => ({ ...l, sku: 'SKU-CHANGED' })) }
    const usd = { ...makeReceipts(1, { seed: 52, prefix: 'DL' })[0]!, receiptNo: 'USD-1', currency: 'USD' }
    const { a, inbox, state } = await adapter()
    try {
      drop(inbox, 'x.json', JSON.stringify([changed, usd]))
      await waitFor('two dead letters', () => a.status().deadLettered === 2, 20_000)
      expect(await a.drained(5000)).toBe(true)
    } finally {
      await a.stop()
    }
    const letters = readDeadLetters(join(state, 'dead-letter.jsonl'))
    expect(letters.map((l) => [l.status, l.receipt.receiptNo, l.reason])).toEqual([
      ['conflict', original!.receiptNo, expect.stringContaining('already stored with different content')],
      ['rejected', 'USD-1', '#/receipts/1/currency: is USD but the store trades in EUR'],
    ])
  })

  it('treats 401 as a configuration error: nothing is dropped, status says why', async () => {
    const { a, inbox, config } = await adapter({ POS_API_KEY: 'bwk_wrong' })
    try {
      drop(inbox, 'k.json', JSON.stringify(makeReceipts(5, { seed: 61, prefix: 'KEY' })))
      await waitFor('the file taken in', () => filesIn(config.archiveDir).length === 1)
      await waitFor('the error in status', () => a.status().lastError?.kind === 'configuration')
      expect(a.status()).toMatchObject({ queueDepth: 5, deadLettered: 0, lastError: { message: expect.stringMatching(/^the API answered 401.*check POS_API_KEY/) } })
    } finally {
      await a.stop()
    }
  })
})
