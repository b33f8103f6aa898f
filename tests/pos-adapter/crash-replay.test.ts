import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writePoslog } from '../../pos-adapter/poslog/write-poslog.js'
import { drop, makeReceipts, runAdapter, serveTestApi, tmpState, waitFor, type Child, type ServedApi } from './pos-helpers.js'

// The adapter runs as its own process, as in a store, and is killed with SIGKILL:
// no handler runs, nothing is flushed. Every receipt it acknowledged must still reach
// the API exactly once after a restart.
let api: ServedApi
beforeAll(async () => {
  api = await serveTestApi()
})
afterAll(async () => {
  await api.stop()
})

const count = async () => (await api.sql<{ n: number }[]>`select count(*)::int as n from receipts`)[0]!.n

function envFor(state: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    POS_API_URL: api.url,
    POS_API_KEY: api.key,
    POS_STORE_CODE: 'S001',
    POS_STORE_ID: 'S001',
    POS_STATE_DIR: state,
    POS_POLL_MS: '50',
    POS_BATCH_SIZE: '100',
    POS_SEND_CONCURRENCY: '2',
    POS_RETRY_BASE_MS: '50',
    POS_RETRY_MAX_MS: '500',
    ...extra,
  }
}

async function kill(child: Child): Promise<void> {
  child.proc.kill('SIGKILL')
  expect(await child.exited).toBeNull() // killed by the signal, not exited
}

describe('kill -9 and restart', () => {
  it('delivers every receipt of the drop folder exactly once across two SIGKILLs (one during intake, one mid-delivery)', async () => {
    const state = tmpState('crash')
    const inbox = join(state, 'inbox')
    mkdirSync(inbox, { recursive: true })
    const receipts = makeReceipts(3000, { seed: 11, terminals: 6 })
    for (let f = 0; f < 6; f++) drop(inbox, `lane-${f}.xml`, writePoslog(receipts.slice(f * 500, (f + 1) * 500), 'S001'))
    const expectedTotal = receipts.reduce((s, r) => s + r.totalCents, 0)

    api.mode.delayMs = 100 // a slow API keeps the adapter mid-delivery long enough to kill it there
    const first = runAdapter(envFor(state))
    await waitFor('the first file to be journaled', () => existsSync(join(state, 'archive')) && readdirSync(join(state, 'archive')).length >= 1, 30_000, 5)
    await kill(first)

    const second = runAdapter(envFor(state))
    const n = await waitFor('delivery under way', async () => {
      const c = await count()
      return c >= 600 && c
    }, 60_000, 20)
    await kill(second)
    expect(n).toBeLessThan(3000)

    api.mode.delayMs = 0
    const third = runAdapter(envFor(state))
    try {
      await waitFor('all 3000 receipts in the API', async () => (await count()) === 3000, 90_000, 100)
      await waitFor('an empty outbox', () => {
        const s = existsSync(join(state, 'status.json')) && JSON.parse(readFileSync(join(state, 'status.json'), 'utf8'))
        return s && s.queueDepth === 0
      }, 30_000)
    } finally {
      third.proc.kill('SIGTERM')
      await third.exited
    }
    const [row] = await api.sql<{ n: number; keys: number; total: number }[]>`
      select count(*)::int as n, count(distinct (terminal_id, business_day, receipt_no))::int as keys, sum(total_cents)::bigint as total
      from receipts where source = 'api'`
    expect(row).toEqual({ n: 3000, keys: 3000, total: expectedTotal })
    expect(readdirSync(inbox).filter((f) => !f.startsWith('.'))).toEqual([])
    expect(readdirSync(join(state, 'archive'))).toHaveLength(6)
    expect(existsSync(join(state, 'quarantine')) ? readdirSync(join(state, 'quarantine')) : []).toEqual([])
    expect(existsSync(join(state, 'dead-letter.jsonl'))).toBe(false) // replays came back as duplicates, never as conflicts
  }, 240_000)

  it('keeps receipts the HTTP listener acknowledged (202) when killed before it could deliver any', async () => {
    const state = tmpState('listener')
    api.mode.down = true
    const child = runAdapter(envFor(state, { POS_LISTEN_PORT: '0' }))
    const base = await waitFor('the listener URL', () => /listening at (http:\/\/\S+)/.exec(child.out())?.[1], 30_000, 20)
    const receipts = makeReceipts(40, { seed: 23, prefix: 'PUSH' })
    const acked: string[] = []
    for (let i = 0; i < receipts.length; i += 10) {
      const res = await fetch(`${base}/v1/stores/S001/sales`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipts: receipts.slice(i, i + 10) }) })
      expect(res.status).toBe(202)
      const body = (await res.json()) as { results: { status: string }[] }
      expect(body.results.every((r) => r.status === 'accepted')).toBe(true)
      acked.push(...receipts.slice(i, i + 10).map((r) => r.receiptNo))
    }
    await kill(child) // at once: the answers went out, nothing was delivered (the API is down)
    expect(await count()).toBe(3000)

    api.mode.down = false
    const again = runAdapter(envFor(state))
    try {
      await waitFor('the pushed receipts in the API', async () => {
        const rows = await api.sql<{ receiptNo: string }[]>`select receipt_no from receipts where terminal_id like 'PUSH-%' order by receipt_no`
        return rows.length === acked.length && rows
      }, 60_000)
    } finally {
      again.proc.kill('SIGTERM')
      await again.exited
    }
    const rows = await api.sql<{ receiptNo: string }[]>`select receipt_no from receipts where terminal_id like 'PUSH-%' order by receipt_no`
    expect(rows.map((r) => r.receiptNo)).toEqual([...acked].sort())
  }, 120_000)
})
