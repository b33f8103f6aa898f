import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { createDatabase } from '../../api/db/create-database.js'
import { migrate } from '../../api/db/migrate.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Embedded: a migrated PGlite data-dir dump each test file starts from. */
    templateDump: string
    /** Server: a migrated template database each test file clones. */
    templateDatabase: string
  }
}

/**
 * Migrates once per run, so each test file starts from a migrated database in
 * about a second: on PGlite from a data-dir dump, on PostgreSQL by cloning a
 * template database (CREATE DATABASE ... TEMPLATE).
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL
  if (url) {
    const admin = postgres(url, { max: 1, onnotice: () => {} })
    const name = `bw_template_${process.pid}`
    await admin.unsafe(`drop database if exists ${name}`)
    await admin.unsafe(`create database ${name}`)
    const u = new URL(url)
    u.pathname = '/' + name
    const db = await createDatabase({ databaseUrl: u.toString(), dataDir: '', poolSize: 1 })
    await migrate(db.sql)
    await db.close()
    project.provide('templateDatabase', name)
    project.provide('templateDump', '')
    return async () => {
      // Test files drop their own clones; leftovers of crashed runs go here too.
      const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${'bw_t_' + process.pid + '_%'}`
      for (const { datname } of stale) await admin.unsafe(`drop database if exists ${datname} with (force)`)
      // generated-chain templates (tests/helpers/generated-db.ts)
      const generated = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${name + '_gen%'}`
      for (const { datname } of generated) await admin.unsafe(`drop database if exists ${datname} with (force)`)
      await admin.unsafe(`drop database if exists ${name}`)
      await admin.end()
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'basketwise-template-'))
  const db = await createDatabase({ dataDir: 'memory://', poolSize: 1 })
  await migrate(db.sql)
  const dump = await db.dump!()
  await db.close()
  const file = join(dir, 'template.tar')
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('templateDump', file)
  project.provide('templateDatabase', '')
  return () => rmSync(dir, { recursive: true, force: true })
}
