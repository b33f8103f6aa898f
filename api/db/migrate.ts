import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Sql } from './create-database.js'

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))

export type Migration = { version: number; name: string; text: string; checksum: string }
export type MigrationResult = { applied: Migration[]; version: number }

/** Reads `NNNN_name.sql` files in version order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(dir + file, 'utf8')
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        text,
        checksum: createHash('sha256').update(text).digest('hex'),
      }
    })
}

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_ID = 7_412_019

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own
 * transaction, under an advisory lock so that two processes starting at once do
 * not both apply them. Safe to run any number of times. A recorded migration
 * whose file has changed since is an error: edit by adding a migration.
 */
export async function migrate(sql: Sql, migrations = readMigrations()): Promise<MigrationResult> {
  const conn = await sql.reserve()
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK_ID})`
    await conn`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now())`
    const done = await conn<{ version: number; checksum: string }[]>`select version, checksum from schema_migrations`
    const known = new Map(done.map((r) => [r.version, r.checksum]))
    const applied: Migration[] = []
    for (const m of migrations) {
      const checksum = known.get(m.version)
      if (checksum !== undefined) {
        if (checksum !== m.checksum) throw new Error(`Migration ${m.version}_${m.name} was changed after it was applied`)
        continue
      }
      await conn`begin`
      try {
        // The only place in the code base that runs SQL text not written as a template.
        await conn.unsafe(m.text)
        await conn`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`
        await conn`commit`
      } catch (err) {
        await conn`rollback`
        throw new Error(`Migration ${m.version}_${m.name} failed: ${(err as Error).message}`, { cause: err })
      }
      applied.push(m)
    }
    const version = migrations.reduce((v, m) => Math.max(v, m.version), 0)
    return { applied, version }
  } finally {
    await conn`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.catch(() => {})
    conn.release()
  }
}

/** The highest applied migration version, or 0 when none is. */
export async function currentVersion(sql: Sql): Promise<number> {
  const [row] = await sql<{ version: number | null }[]>`
    select max(version) as version from schema_migrations`
  return row?.version ?? 0
}
