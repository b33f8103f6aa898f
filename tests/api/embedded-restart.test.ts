import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createApp } from '../../api/app.js'
import { createApiKey } from '../../api/auth/auth.repo.js'
import { createDatabase, type Database } from '../../api/db/create-database.js'
import { migrate, readMigrations } from '../../api/db/migrate.js'
import { upsertStores } from '../../api/stores/stores.repo.js'
import { TEST_STORES } from '../helpers/test-api.js'
import { TEST_NOW, receipt, salesResultOf } from '../helpers/sales-fixtures.js'

const open = (dataDir: string) => createDatabase({ dataDir, poolSize: 1 })
const post = (db: Database, key: string, receipts: unknown[]) =>
  createApp({ db, log: () => {}, bodyLimitBytes: 1024 * 1024, now: () => TEST_NOW }).request('/v1/stores/S001/sales', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ receipts }),
  })

// Embedded engine only: with DATABASE_URL set the data lives in the PostgreSQL server,
// which this process neither starts nor stops, so there is no restart to test.
it.skipIf(!!process.env.DATABASE_URL)('keeps stored receipts, keys and the idempotency key across a restart of the embedded database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'basketwise-restart-'))
  try {
    const r = receipt({ receiptNo: 'SURVIVOR-1' })
    let db = await open(dir)
    await migrate(db.sql)
    await upsertStores(db.sql, [TEST_STORES[0]!])
    const { key } = await createApiKey(db.sql, { role: 'admin', storeId: null, name: 'restart test' })
    const first = await salesResultOf(await post(db, key, [r]))
    expect(first.counts).toEqual({ stored: 1, duplicate: 0, conflict: 0, rejected: 0 })
    const id = (first.results[0] as { receiptId: string }).receiptId
    await db.close()

    db = await open(dir)
    try {
      expect(await migrate(db.sql)).toEqual({ applied: [], version: Math.max(...readMigrations().map((m) => m.version)) })
      const rows = await db.sql`
        select r.receipt_id::text as receipt_id, r.total_cents, l.line_no, l.sku, l.quantity, l.net_amount_cents
        from receipts r join receipt_lines l using (store_id, receipt_id) where r.receipt_no = 'SURVIVOR-1' order by l.line_no`
      expect(rows.map((x) => ({ ...x }))).toEqual([
        { receiptId: id, totalCents: 666, lineNo: 1, sku: 'SKU-1', quantity: 2, netAmountCents: 498 },
        { receiptId: id, totalCents: 666, lineNo: 2, sku: 'SKU-2', quantity: 0.842, netAmountCents: 168 },
      ])
      // The key still works and the receipt is still known: a re-post is a duplicate, not a second sale.
      expect((await salesResultOf(await post(db, key, [r]))).results).toEqual([{ index: 0, status: 'duplicate', receiptId: id }])
      expect(await db.sql`select count(*)::int as n from receipts`).toEqual([{ n: 1 }])
    } finally {
      await db.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  // Migrating and reopening an on-disk PGlite takes 20 s on a busy two-core machine.
}, 180_000)
