import { spawn } from 'node:child_process'

export type HttpFloor = { url: string; pid: number; stop(): Promise<void> }

// The whole server: read the body, answer what the sales endpoint answers for one stored
// receipt. No routing, validation or database: what is left is Node's HTTP stack on both
// sides, loopback TCP and the scheduler, which every API request pays as well.
const SERVER = `
const http = require('node:http')
const answer = JSON.stringify({ storeCode: 'S001', counts: { stored: 1, duplicate: 0, conflict: 0, rejected: 0 },
  results: [{ index: 0, status: 'stored', receiptId: '1', warnings: [] }] })
const server = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answer))
})
server.listen(0, '127.0.0.1', () => process.stdout.write('listening ' + server.address().port + '\\n'))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
`

/**
 * The physical limit for single-receipt posts on this machine: a server process
 * that answers every POST at once with a fixed "stored" body. Posting to it with
 * the same client shows how much of the API's latency the HTTP round trip alone takes.
 */
export async function startHttpFloor(): Promise<HttpFloor> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s
      const m = /listening (\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    void exited.then(() => reject(new Error('the HTTP floor server exited before it listened')))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
