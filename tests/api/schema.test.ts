import { mkdtempSync, rmSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../api/db/create-database.js'
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../api/db/migrate.js'
import { createTestDb } from '../helpers/test-db.js'

let db: Database
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

describe('migrations', () => {
  it('are recorded with their checksums and applying them again changes nothing', async () => {
    const rows = await db.sql<{ version: number; name: string; checksum: string }[]>`select version, name, checksum from schema_migrations order by version`
    expect(rows.map((r) => ({ ...r }))).toEqual(readMigrations().map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })))
    expect(await migrate(db.sql)).toEqual({ applied: [], version: readMigrations().at(-1)!.version })
  })

  it('refuse to start when an applied migration file was edited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-migrations-'))
    try {
      for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f))
      writeFileSync(join(dir, '0002_consent_view.sql'), '-- edited\n', { flag: 'a' })
      await expect(migrate(db.sql, readMigrations(dir + '/'))).rejects.toThrow('Migration 2_consent_view was changed after it was applied')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('roll a failing migration back whole and record nothing', async () => {
    const broken = { version: 9999, name: 'broken', text: 'create table half_done (x int); select 1/0;', checksum: 'x' }
    await expect(migrate(db.sql, [...readMigrations(), broken])).rejects.toThrow(/Migration 9999_broken failed: division by zero/)
    expect(await db.sql`select to_regclass('half_done') as t`).toEqual([{ t: null }])
    expect(await db.sql`select count(*)::int as n from schema_migrations where version = 9999`).toEqual([{ n: 0 }])
  })
})

describe('receipt_lines partitions', () => {
  it('are created per month on demand, idempotently, and date-bounded queries read only their month', async () => {
    await db.sql`select ensure_receipt_line_partition('2025-03-14')`
    await db.sql`select ensure_receipt_line_partition('2025-03-31')`
    await db.sql`select ensure_receipt_line_partition('2025-04-01')`
    const parts = await db.sql<{ name: string }[]>`
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'receipt_lines'::regclass and c.relname like 'receipt_lines_2025_%' order by 1`
    expect(parts.map((p) => p.name)).toEqual(['receipt_lines_2025_03', 'receipt_lines_2025_04'])
    const plan = await db.sql<{ queryPlan: string }[]>`
      explain select count(*) from receipt_lines where business_day between '2025-03-01' and '2025-03-31'`
    const text = plan.map((p) => Object.values(p)[0]).join('\n')
    expect(text).toContain('receipt_lines_2025_03')
    expect(text).not.toContain('receipt_lines_2025_04')
  })
})

describe('card_number_valid()', () => {
  it('agrees with the check-digit rules on known numbers', async () => {
    const rows = await db.sql<{ n: string; ok: boolean }[]>`
      select n, card_number_valid(n) as ok from unnest(${['2990001234567', '2990001234564', '4006381333931', '4111111111111111', '79927398713', '1234567', 'abcdefghijk']}::text[]) n`
    expect(Object.fromEntries(rows.map((r) => [r.n, r.ok]))).toEqual({
      '2990001234567': true,
      '2990001234564': false,
      '4006381333931': false, // a product EAN-13 outside the in-store ranges: Luhn applies, and it fails
      '4111111111111111': true,
      '79927398713': true,
      '1234567': false,
      abcdefghijk: false,
    })
  })
})
