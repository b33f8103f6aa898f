import { execFile } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POS_BIN, makeReceipts, serveTestApi, tmpState, type ServedApi } from './pos-helpers.js'
import { writePoslog } from '../../pos-adapter/poslog/write-poslog.js'

const run = promisify(execFile)
let api: ServedApi
let state: string
let env: NodeJS.ProcessEnv
beforeAll(async () => {
  api = await serveTestApi()
  state = tmpState('cli')
  env = { PATH: process.env.PATH, POS_API_URL: api.url, POS_API_KEY: api.key, POS_STORE_CODE: 'S001', POS_STATE_DIR: state, LOG_LEVEL: 'error', POS_RETRY_BASE_MS: '50' }
})
afterAll(async () => {
  await api.stop()
})
const cli = (...args: string[]) => run(process.execPath, [POS_BIN, ...args], { env, timeout: 60_000 })

describe('basketwise-pos CLI', () => {
  it.each(['', 'run', 'import', 'status', 'replay'])('answers "basketwise-pos %s --help" with its usage', async (command) => {
    const { stdout } = await cli(...(command ? [command] : []), '--help')
    expect(stdout).toMatch(new RegExp(`^Usage: basketwise-pos${command ? ' ' + command : ''} `))
    if (!command) for (const c of ['run', 'import', 'status', 'replay', 'POS_API_URL', 'POS_DISK_BUDGET_BYTES']) expect(stdout).toContain(c)
  })

  it('imports files with a progress bar, delivers them, and reports each file\'s problems', async () => {
    const dir = tmpState('cli-files')
    const good = join(dir, 'lane1.xml')
    writeFileSync(good, writePoslog(makeReceipts(120, { seed: 71, prefix: 'CLI' }), 'S001'))
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify([{ ...makeReceipts(1, { seed: 72, prefix: 'CLI-BAD' })[0], totalCents: 1 }]))
    const err = await cli('import', good, bad).catch((e: { code: number; stdout: string; stderr: string }) => e)
    expect(err).toMatchObject({ code: 2 }) // problems found: a non-zero exit for scripts
    const { stdout, stderr } = err as { stdout: string; stderr: string }
    expect(stdout).toContain(`${good} (poslog): 120 receipts queued`)
    expect(stdout).toMatch(/bad\.json \(json\): 0 receipts queued; 1 problems:\n {2}\[0\]: #\/totalCents: is 1 but the lines add up to/)
    expect(stdout).toContain('delivered 120, dead-lettered 0')
    expect(stderr).toMatch(/reading +\[.*\] 100%/)
    expect(await api.sql`select count(*)::int as n from receipts where terminal_id like 'CLI-%'`).toEqual([{ n: 120 }])
  })

  it('shows the status: queue depth, oldest unsent, throughput, last error', async () => {
    const { stdout } = await cli('status')
    expect(stdout).toMatch(/^adapter: +not running/)
    expect(stdout).toContain('queue depth:    0 receipt(s) unsent')
    expect(stdout).toContain('oldest unsent:  -')
    expect(stdout).toMatch(/throughput: .*120 delivered, 0 dead-lettered/)
    const json = JSON.parse((await cli('status', '--json')).stdout)
    expect(json).toMatchObject({ running: false, queueDepth: 0, delivered: 120, alarm: null })
  })

  it('replays dead letters into the inbox for the next run', async () => {
    const [r] = makeReceipts(1, { seed: 73, prefix: 'CLI-DL' })
    writeFileSync(join(state, 'dead-letter.jsonl'), JSON.stringify({ at: new Date().toISOString(), status: 'rejected', reason: 'test', receipt: r }) + '\n')
    const { stdout } = await cli('replay')
    expect(stdout).toMatch(/^1 receipts queued again \(inbox replay-\w+\.json\); the old dead letters are in .*dead-letter\.jsonl\.replayed-/)
    expect(existsSync(join(state, 'dead-letter.jsonl'))).toBe(false)
    expect(readdirSync(join(state, 'inbox')).filter((f) => f.startsWith('replay-'))).toHaveLength(1)
  })
})
