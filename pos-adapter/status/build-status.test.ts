import { describe, expect, it } from 'vitest'
import { buildStatus, type StatusInputs } from './build-status.js'

const base: StatusInputs = {
  pid: 1, now: Date.parse('2025-03-14T12:00:00Z'), storeCode: 'S001', apiUrl: 'http://api', depth: 0, oldestAtMs: null,
  delivered: 0, deadLettered: 0, recent: [], lastError: null, lastSuccessAt: null, failingSince: null,
  journalBytes: 0, budgetBytes: 1000, files: { processed: 0, quarantined: 0 },
}

describe('buildStatus', () => {
  it('reports the age of the oldest unsent receipt and throughput over 10 s and 60 s', () => {
    const s = buildStatus({ ...base, depth: 5, oldestAtMs: base.now - 90_500, recent: [{ atMs: base.now - 5000, n: 500 }, { atMs: base.now - 30_000, n: 700 }, { atMs: base.now - 70_000, n: 9 }] })
    expect(s).toMatchObject({ queueDepth: 5, oldestUnsentAgeSeconds: 91, receiptsPerSecond: { last10s: 50, last60s: 20 }, alarm: null })
  })

  it('warns at 80 % of the disk budget and raises the alarm when it is full, naming the outage', () => {
    const failing = { failingSince: '2025-03-14T09:00:00.000Z', lastError: { at: '2025-03-14T11:59:00.000Z', message: 'cannot reach the API: fetch failed', kind: 'retry' as const } }
    expect(buildStatus({ ...base, ...failing, journalBytes: 850 }).alarm).toBe(
      'disk budget 85 % used (850 of 1000 bytes); the API has been failing since 2025-03-14T09:00:00.000Z (cannot reach the API: fetch failed); intake stops at 100 %',
    )
    expect(buildStatus({ ...base, ...failing, journalBytes: 1000 }).alarm).toBe(
      'DISK BUDGET FULL: the outbox holds 1000 bytes of its 1000-byte budget; the API has been failing since 2025-03-14T09:00:00.000Z (cannot reach the API: fetch failed); new receipts are refused until it drains',
    )
  })
})
