import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readMigrations } from '../../api/db/migrate.js'
import { BIN, createCliEnv, type CliEnv } from '../helpers/cli-env.js'

// The CLI runs as its own process, like an operator's. On the embedded engine it
// gets a data directory of its own; on PostgreSQL a fresh database of its own.
let env: NodeJS.ProcessEnv
let dir: string
let c: CliEnv
beforeAll(async () => {
  c = await createCliEnv('cli', { empty: true, timeoutMs: 60_000 })
  ;({ env, dir } = c)
})
afterAll(() => c?.close())

const cli = (...args: string[]) => c.cli(...args)

describe('basketwise CLI', () => {
  it.each(['', 'serve', 'migrate', 'keys', 'keys create', 'keys list', 'keys revoke'])('answers "basketwise %s --help" with its usage', async (command) => {
    const args = command ? command.split(' ') : []
    const { stdout } = await cli(...args, '--help')
    expect(stdout).toMatch(new RegExp(`^Usage: basketwise${command ? ' ' + command : ''} `))
    if (args.length === 0) for (const c of ['serve', 'migrate', 'keys', 'DATABASE_URL']) expect(stdout).toContain(c)
  })

  it('migrates an empty database, then finds nothing to do', async () => {
    const all = readMigrations()
    expect((await cli('migrate')).stdout).toBe(`Applied ${all.map((m) => `${m.version}_${m.name}`).join(', ')}; now at version ${all.at(-1)!.version}\n`)
    expect((await cli('migrate')).stdout).toBe(`Already at version ${all.at(-1)!.version}\n`)
  }, 120_000) // each CLI call is a process that opens its own embedded database

  it('issues a key shown once, lists it by prefix, and revokes it', async () => {
    const { stdout: key } = await cli('keys', 'create', '--role', 'admin', '--name', 'ci check')
    expect(key).toMatch(/^bwk_[A-Za-z0-9_-]{43}\n$/)
    const prefix = key.slice(0, 12)
    expect((await cli('keys', 'list')).stdout).toContain(`${prefix}\tadmin\t-\tactive\tci check`)
    await cli('keys', 'revoke', prefix)
    expect((await cli('keys', 'list')).stdout).toMatch(new RegExp(`${prefix}\\tadmin\\t-\\trevoked `))
  }, 180_000)

  it('refuses a terminal key without a store, naming the option', async () => {
    await expect(cli('keys', 'create', '--role', 'terminal', '--name', 'x')).rejects.toMatchObject({ stderr: expect.stringContaining('--store') })
  })
})

describe('npm start (serve --demo) on the embedded default', () => {
  it('loads the demo chain, prints the URL and an admin key that works, and queues the first analyses', async () => {
    const demoEnv: NodeJS.ProcessEnv = { ...env, DATA_DIR: join(dir, 'demo-db'), PORT: '0' }
    delete demoEnv.DATABASE_URL
    const child = spawn('node', [BIN, 'serve', '--demo'], { env: demoEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      let out = ''
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no key printed; stdout: ${out}`)), 150_000)
        child.stdout.on('data', (d) => {
          out += d
          if (/Demo admin key.*bwk_\S+/.test(out)) {
            clearTimeout(timer)
            resolve()
          }
        })
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)))
      })
      const url = out.match(/running at (http:\/\/\S+)/)![1]!
      const key = out.match(/(bwk_[A-Za-z0-9_-]{43})/)![1]!
      const health = await fetch(`${url}/health`)
      expect(await health.json()).toMatchObject({ status: 'ok', database: { engine: 'embedded', reachable: true, migrationVersion: readMigrations().at(-1)!.version } })
      const stores = (await (await fetch(`${url}/v1/stores`, { headers: { authorization: `Bearer ${key}` } })).json()) as { items: { code: string }[] }
      expect(stores.items.map((s) => s.code)).toEqual(['S001', 'S002', 'S003', 'S004', 'S005', 'S006'])
      // The dashboard has data at once: the KPI summaries, an affinity run and a customer run are queued.
      const runs = (await (await fetch(`${url}/v1/analysis-runs`, { headers: { authorization: `Bearer ${key}` } })).json()) as { items: { kind: string }[] }
      expect(runs.items.map((r) => r.kind).sort()).toEqual(['affinity', 'customers', 'kpis'])
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
  }, 180_000)
})
