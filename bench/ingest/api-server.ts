import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export type ApiServer = {
  url: string
  pid: number
  /** What the server wrote to stderr (warnings and errors; LOG_LEVEL=warn). */
  stderr(): string
  stop(): Promise<void>
}

export type ApiServerOptions = {
  databaseUrl: string
  /** Extra node flags for the server, e.g. ['--cpu-prof', '--cpu-prof-dir=tmp/prof']. */
  nodeArgs?: readonly string[]
  poolSize?: number
  startTimeoutMs?: number
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CLI = fileURLToPath(new URL('../../bin/basketwise.js', import.meta.url))

/**
 * Starts the API as production runs it: `node bin/basketwise.js serve` in a
 * process of its own, on a free loopback port (PORT=0; the URL is read from
 * the banner the CLI prints), against `databaseUrl`.
 */
export async function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), CLI, 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: o.databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: String(o.poolSize ?? 10),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`API server did not start in ${o.startTimeoutMs ?? 30_000} ms:\n${err}`)), o.startTimeoutMs ?? 30_000)
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s
      const m = /running at (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`API server exited with code ${code} before it was ready:\n${err}`))
    })
  })

  return {
    url,
    pid: child.pid!,
    stderr: () => err,
    async stop() {
      if (child.exitCode !== null) return
      // SIGTERM: the CLI closes the server and the pool, and a --cpu-prof profile is written.
      child.kill('SIGTERM')
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timeout)
    },
  }
}
