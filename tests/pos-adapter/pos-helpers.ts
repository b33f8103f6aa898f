import { serve, type ServerType } from '@hono/node-server'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import type { ReceiptInput } from '../../api/contract/receipt.js'
import { withCheckDigit } from '../../api/customers/card-number.js'
import { makeDemoReceipt } from '../../api/demo/demo-receipts.js'
import { createRandom } from '../../api/demo/random.js'
import { startTestApi, type TestApi } from '../helpers/test-api.js'

export const POS_BIN = new URL('../../pos-adapter/bin/basketwise-pos.js', import.meta.url).pathname

/** The test API served on a real port, with switches to take it down (503) or slow it. */
export type ServedApi = TestApi & { url: string; key: string; mode: { down: boolean; delayMs: number; requests: number }; stop(): Promise<void> }

export async function serveTestApi(port = 0): Promise<ServedApi> {
  const api = await startTestApi()
  const key = await api.terminalKey('S001')
  const mode = { down: false, delayMs: 0, requests: 0 }
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        hostname: '127.0.0.1',
        port,
        fetch: async (req) => {
          mode.requests++
          if (mode.down) return new Response(JSON.stringify({ title: 'Service unavailable', status: 503, detail: 'down for the test' }), { status: 503 })
          if (mode.delayMs) await new Promise((r) => setTimeout(r, mode.delayMs))
          return api.app.fetch(req)
        },
      },
      () => resolve(s),
    )
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    ...api,
    url,
    key,
    mode,
    async stop() {
      ;(server as import('node:http').Server).closeAllConnections?.()
      await new Promise<void>((r) => server.close(() => r()))
      await api.close()
    },
  }
}

const made: string[] = []
// Registered on the importing test file: its temporary directories go when it is done.
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true })
})
/** A temporary state directory, removed after the test file. */
export function tmpState(label: string): string {
  const d = mkdtempSync(join(tmpdir(), `bw-pos-${label}-`))
  made.push(d)
  return d
}

/** Deterministic consistent receipts (the API's demo generator), on one or more terminals. */
export function makeReceipts(n: number, o: { seed?: number; terminals?: number; day?: string; prefix?: string } = {}): ReceiptInput[] {
  const rng = createRandom(o.seed ?? 7)
  const products = Array.from({ length: 200 }, (_, i) => ({ sku: `SKU-${String(i).padStart(5, '0')}`, priceCents: 49 + ((i * 37) % 900), weighed: i % 17 === 0 }))
  const cards = Array.from({ length: 50 }, (_, i) => withCheckDigit(`29900${String(i).padStart(7, '0')}`))
  return Array.from({ length: n }, (_, i) =>
    makeDemoReceipt(rng, {
      terminalId: `${o.prefix ?? 'LANE'}-${(i % (o.terminals ?? 4)) + 1}`,
      businessDay: o.day ?? '2025-03-14',
      receiptNo: String(100000 + i),
      products,
      cards,
      meanLines: 4,
    }),
  )
}

/** Writes a file into a drop folder the safe way: a dot-name, then a rename. */
export function drop(dir: string, name: string, content: string | Buffer): void {
  const tmp = join(dir, `.${name}.part`)
  writeFileSync(tmp, content)
  renameSync(tmp, join(dir, name))
}

export type Child = { proc: ChildProcess; out: () => string; exited: Promise<number | null> }

/** Starts `basketwise-pos run` as a child process with the given environment. */
export function runAdapter(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [POS_BIN, 'run'], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)))
  return { proc, out: () => out, exited }
}

export async function waitFor<T>(what: string, f: () => Promise<T | false | undefined | null> | T | false | undefined | null, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await f()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
