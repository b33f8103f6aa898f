import { createHash } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import postgres from 'postgres'
import { inject } from 'vitest'
import type { Database } from '../../api/db/create-database.js'
import { generateChain } from '../../fixtures/generate-chain.js'
import { buildWorld } from '../../fixtures/generator/build-world.js'
import { buildManifest, type GroundTruth } from '../../fixtures/generator/manifest.js'
import { createTestDb } from './test-db.js'

/** The seed of the generated chain the analytics tests share. */
export const GENERATED_SEED = 3

/**
 * A database of the test file's own holding the fixtures' `test` preset (seed 3) and its ground
 * truth. The chain is generated once per test run, by whichever test file asks first, and kept as
 * a template: a PGlite dump beside the migrated one, or a template database on PostgreSQL. The
 * other test files wait for it (a lock file, or an advisory lock) and clone it.
 */
export async function createGeneratedTestDb(): Promise<{ db: Database; manifest: GroundTruth }> {
  const template = process.env.DATABASE_URL ? await serverTemplate(process.env.DATABASE_URL) : await embeddedTemplate()
  const db = await createTestDb({ template })
  return { db, manifest: buildManifest(buildWorld('test', GENERATED_SEED), GENERATED_SEED) }
}

/**
 * Generating the chain into PGlite takes minutes, so its dump is kept between runs in
 * node_modules/.cache, named by a hash of everything that shapes it (migrations, generator,
 * writers): any change to those makes a new one.
 */
function embeddedCacheFile(): string {
  const hash = createHash('sha256')
  for (const dir of ['api/db/migrations', 'fixtures/generator', 'fixtures/writers']) {
    for (const f of readdirSync(dir).sort()) if (!f.endsWith('.test.ts')) hash.update(f).update(readFileSync(join(dir, f)))
  }
  hash.update(readFileSync('fixtures/generate-chain.ts'))
  const dir = 'node_modules/.cache/basketwise'
  mkdirSync(dir, { recursive: true })
  return join(dir, `generated-test-${GENERATED_SEED}-${hash.digest('hex').slice(0, 16)}.tar`)
}

async function embeddedTemplate(): Promise<{ dump: string; database: string }> {
  const file = embeddedCacheFile()
  const lock = file + '.lock'
  for (;;) {
    if (existsSync(file)) return { dump: file, database: '' }
    let fd: number
    try {
      fd = openSync(lock, 'wx')
    } catch {
      await new Promise((r) => setTimeout(r, 250)) // another test file is generating it
      continue
    }
    try {
      if (existsSync(file)) continue
      const db = await createTestDb()
      await generateChain(db, 'test', GENERATED_SEED)
      const dump = await db.dump!()
      await db.close()
      writeFileSync(file + '.part', Buffer.from(await dump.arrayBuffer()))
      renameSync(file + '.part', file)
      // Dumps of earlier generators or schemas are stale now: about 180 MB each.
      for (const old of readdirSync(dirname(file))) if (old.startsWith(`generated-test-${GENERATED_SEED}-`) && join(dirname(file), old) !== file) rmSync(join(dirname(file), old), { force: true })
    } finally {
      closeSync(fd)
      rmSync(lock, { force: true })
    }
  }
}

async function serverTemplate(url: string): Promise<{ dump: string; database: string }> {
  const name = `${inject('templateDatabase')}_gen${GENERATED_SEED}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await admin`select pg_advisory_lock(hashtext(${name}))`
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`
    if (!exists) {
      const db = await createTestDb()
      await generateChain(db, 'test', GENERATED_SEED)
      const u = new URL((db as { url?: string }).url!)
      await db.sql.end()
      // The clone becomes the template: rename it rather than copying it again.
      await admin.unsafe(`alter database ${u.pathname.slice(1)} rename to ${name}`)
    }
    await admin`select pg_advisory_unlock(hashtext(${name}))`
    return { dump: '', database: name }
  } finally {
    await admin.end()
  }
}
