import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '../../api/auth/password-hash.js'
import { createDatabase, type Database } from '../../api/db/create-database.js'
import { migrate } from '../../api/db/migrate.js'
import { upsertStores } from '../../api/stores/stores.repo.js'
import { TEST_STORES } from '../helpers/test-api.js'
import { createTestDb } from '../helpers/test-db.js'

const run = promisify(execFile)
const BIN = new URL('../../bin/basketwise.js', import.meta.url).pathname

// The CLI runs as its own process on a database of its own holding two stores: an embedded
// data directory, or a fresh database on the PostgreSQL server.
let env: NodeJS.ProcessEnv
let dir: string
let open: () => Promise<Database>
let cleanup: () => Promise<void> = async () => {}
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'basketwise-users-cli-'))
  env = { ...process.env, DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'warn' }
  delete env.DATABASE_URL
  delete env.BASKETWISE_PASSWORD
  if (process.env.DATABASE_URL) {
    const db = await createTestDb()
    await upsertStores(db.sql, TEST_STORES)
    env.DATABASE_URL = db.url
    open = async () => ({ ...db, close: async () => {} })
    cleanup = () => db.close()
  } else {
    open = () => createDatabase({ dataDir: env.DATA_DIR!, poolSize: 1 })
    const db = await open()
    await migrate(db.sql)
    await upsertStores(db.sql, TEST_STORES)
    await db.close()
  }
})
afterAll(async () => {
  await cleanup()
  rmSync(dir, { recursive: true, force: true })
})

const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => run('node', [BIN, ...args], { env: { ...env, ...extra }, timeout: 60_000 })

describe('basketwise users', () => {
  it.each(['users', 'users add', 'users list', 'users set-password', 'users disable', 'users enable', 'users set-stores'])('answers "basketwise %s --help" with its usage', async (command) => {
    const { stdout } = await cli([...command.split(' '), '--help'])
    expect(stdout).toMatch(new RegExp(`^Usage: basketwise ${command} `))
    if (command === 'users add' || command === 'users set-password') expect(stdout).toContain('BASKETWISE_PASSWORD')
  })

  it('adds users with the password from BASKETWISE_PASSWORD, lists them, disables and re-enables one, and sets stores', async () => {
    const add = await cli(['users', 'add', 'Sara', '--role', 'store_manager', '--store', 'S001', '--display-name', 'Sara Smit'], { BASKETWISE_PASSWORD: 'sara password 1' })
    expect(add.stdout).toBe('Created store_manager sara of S001\n')
    await cli(['users', 'add', 'mo', '--role', 'marketing'], { BASKETWISE_PASSWORD: 'mo password 12' })
    expect((await cli(['users', 'list'])).stdout).toBe('mo\tmarketing\t-\tactive\tmo\nsara\tstore_manager\tS001\tactive\tSara Smit\n')
    expect((await cli(['users', 'disable', 'sara'])).stdout).toBe('Disabled: sara (store_manager of S001, disabled)\n')
    expect((await cli(['users', 'list'])).stdout).toMatch(/^mo\tmarketing\t-\tactive\tmo\nsara\tstore_manager\tS001\tdisabled \S+\tSara Smit\n$/)
    expect((await cli(['users', 'enable', 'SARA'])).stdout).toBe('Enabled: sara (store_manager of S001)\n')
    expect((await cli(['users', 'set-stores', 'sara', '--store', 'S002', '--store', 'S001'])).stdout).toBe('Stores set: sara (store_manager of S001, S002)\n')
    expect((await cli(['users', 'set-password', 'mo'], { BASKETWISE_PASSWORD: 'mo new password' })).stdout).toBe('New password set; sessions ended: mo (marketing)\n')
    const db = await open()
    try {
      const rows = await db.sql<{ username: string; passwordHash: string }[]>`select username, password_hash from users order by username`
      expect(await Promise.all(rows.map((r) => verifyPassword(r.username === 'mo' ? 'mo new password' : 'sara password 1', r.passwordHash)))).toEqual([true, true])
      expect(rows.every((r) => r.passwordHash.startsWith('scrypt$'))).toBe(true)
    } finally {
      await db.close()
    }
  }, 180_000)

  it('refuses, naming the problem: no password source, a short password, an unknown store, a taken name', async () => {
    const fail = (args: string[], extra: NodeJS.ProcessEnv = {}) => cli(args, extra).then(() => expect.fail('exited 0'), (e: { stderr: string; code: number }) => [e.code, e.stderr.split('\n')[0]])
    // (the usage follows the error line: the program shows help after errors)
    expect(await fail(['users', 'add', 'x', '--role', 'admin'])).toEqual([1, 'error: set BASKETWISE_PASSWORD, or run on a terminal to be asked for the password'])
    expect(await fail(['users', 'add', 'x', '--role', 'admin'], { BASKETWISE_PASSWORD: 'short' })).toEqual([1, 'error: password: at least 12 characters'])
    expect(await fail(['users', 'add', 'x', '--role', 'store_manager', '--store', 'S404'], { BASKETWISE_PASSWORD: 'long enough pw' })).toEqual([
      1, 'error: The stores do not fit the user: no store with code S404',
    ])
    // mo was added by the test above
    expect(await fail(['users', 'add', 'MO', '--role', 'admin'], { BASKETWISE_PASSWORD: 'long enough pw' })).toEqual([1, 'error: A user named mo exists: already taken'])
  }, 180_000)
})

describe('basketwise keys create for the reading roles', () => {
  it('binds a store_manager key to its stores and lists them; refuses one without a store', async () => {
    const { stdout: key } = await cli(['keys', 'create', '--role', 'store_manager', '--store', 'S002', '--store', 'S001', '--name', 'S001+S002 office'])
    expect(key).toMatch(/^bwk_[A-Za-z0-9_-]{43}\n$/)
    const { stdout: mkt } = await cli(['keys', 'create', '--role', 'marketing', '--name', 'campaigns'])
    const list = (await cli(['keys', 'list'])).stdout
    expect(list).toContain(`${key.slice(0, 12)}\tstore_manager\tS001,S002\tactive\tS001+S002 office\n`)
    expect(list).toContain(`${mkt.slice(0, 12)}\tmarketing\t-\tactive\tcampaigns\n`)
    await expect(cli(['keys', 'create', '--role', 'store_manager', '--name', 'x'])).rejects.toMatchObject({ stderr: expect.stringMatching(/^error: a store_manager key needs at least one --store <code>\n/) })
  }, 180_000)
})
