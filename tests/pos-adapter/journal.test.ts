import { appendFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Receipt } from '../../api/contract/receipt.js'
import { ReceiptSchema } from '../../api/contract/receipt.js'
import { openJournal } from '../../pos-adapter/outbox/journal.repo.js'
import { makeReceipts, tmpState } from './pos-helpers.js'

const receipts = (n: number, seed = 3): Receipt[] => makeReceipts(n, { seed }).map((r) => ReceiptSchema.parse(r))
const options = { segmentBytes: 64 * 1024, budgetBytes: 10 * 1024 * 1024 }

describe('outbox journal', () => {
  it('gives back, after a reopen, exactly the receipts not yet acknowledged, in order', async () => {
    const dir = tmpState('journal')
    const j = await openJournal(dir, options)
    const rs = receipts(10)
    const ids = await j.append(rs)
    await j.ack(ids.slice(0, 4))
    await j.close()
    const again = await openJournal(dir, options)
    expect(again.recovery).toMatchObject({ receipts: 10, acked: 4, pending: 6, tornBytes: 0 })
    expect(again.take(100, new Set()).map((p) => p.receipt)).toEqual(rs.slice(4))
    // New ids continue after the old ones.
    expect(await again.append(receipts(1, 99))).toEqual([11])
    await again.close()
  })

  it('cuts off a torn tail left by a crash and keeps every whole record', async () => {
    const dir = tmpState('torn')
    const j = await openJournal(dir, options)
    await j.append(receipts(3))
    await j.close()
    const seg = readdirSync(dir).filter((f) => f.endsWith('.log')).sort().at(-1)!
    appendFileSync(join(dir, seg), Buffer.from([0xb7, 200, 0, 0, 0, 1, 2, 3, 4, 123, 34])) // a frame header promising 200 bytes, then 2
    const again = await openJournal(dir, options)
    expect(again.recovery).toMatchObject({ pending: 3, tornBytes: 11 })
    expect(statSync(join(dir, seg)).size).toBeGreaterThan(0)
    await again.close()
    const third = await openJournal(dir, options)
    expect(third.recovery.tornBytes).toBe(0) // truncated for good
    await third.close()
  })

  it('does not queue a receipt again while the same one is pending (a file read twice after a crash)', async () => {
    const j = await openJournal(tmpState('dedupe'), options)
    const rs = receipts(5)
    const first = await j.append(rs)
    expect(await j.append(rs)).toEqual(first)
    expect(j.depth()).toBe(5)
    await j.close()
  })

  it('compacts: acknowledged segments are deleted, pending receipts survive the rewrite', async () => {
    const dir = tmpState('compact')
    const j = await openJournal(dir, { segmentBytes: 16 * 1024, budgetBytes: 10 * 1024 * 1024 })
    const all: number[] = []
    for (let i = 0; i < 20; i++) all.push(...(await j.append(receipts(20, 100 + i))))
    const peak = j.diskBytes()
    await j.ack(all.slice(0, 390))
    await j.append(receipts(1, 999)) // a write lets the flush loop rotate and compact
    expect(j.diskBytes()).toBeLessThan(peak / 4)
    expect(j.depth()).toBe(11)
    await j.close()
    const again = await openJournal(dir, options)
    expect(again.recovery.pending).toBe(11)
    expect(again.take(100, new Set()).map((p) => p.id)).toEqual([...all.slice(390), 401])
    await again.close()
  })

  it('reports when it has used its disk budget', async () => {
    const j = await openJournal(tmpState('budget'), { segmentBytes: 1024 * 1024, budgetBytes: 8 * 1024 })
    expect(j.overBudget()).toBe(false)
    await j.append(receipts(40))
    expect(j.overBudget()).toBe(true)
    await j.close()
  })
})
