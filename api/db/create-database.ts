import { mkdirSync } from 'node:fs'
import net from 'node:net'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import postgres from 'postgres'

/** The one database client type every repository receives. */
export type Sql = postgres.Sql<Record<string, never>>

export type Database = {
  sql: Sql
  /** 'server' when DATABASE_URL names a PostgreSQL server, 'embedded' for PGlite. */
  engine: 'server' | 'embedded'
  /** Where the client connects, without credentials. */
  location: string
  close(): Promise<void>
  /**
   * Server only: a client with one connection of its own, for a COPY TO STDOUT stream; end it
   * when the stream is done. postgres.js pauses the socket when a COPY stream's buffer is full
   * and resumes it only on the next read; when the copy ends while paused, the connection stays
   * paused and the next query on it never answers (reproduced in about one run in ten), so such
   * a connection must not go back to the pool.
   */
  dedicatedClient?: () => Sql
  /** Embedded only: the data directory as a tarball (used to snapshot a migrated template). */
  dump?: () => Promise<Blob>
}

export type DatabaseOptions = {
  databaseUrl?: string | undefined
  /** Embedded only: a directory, or 'memory://' for a database that vanishes on close. */
  dataDir: string
  poolSize: number
  /** Embedded only: start from this data-directory dump (PGlite `dumpDataDir`), e.g. a migrated template in tests. */
  loadDataDir?: Blob | undefined
}

/** Client options shared by both engines, so the same SQL returns the same shapes. */
const clientOptions = (poolSize: number): postgres.Options<Record<string, postgres.PostgresType>> => ({
    max: poolSize,
    transform: postgres.camel,
    onnotice: () => {},
    types: {
      // int8 and numeric arrive as strings by default; our ids, money (minor units)
      // and quantities (3 decimals) all fit a double exactly, so read them as numbers.
      bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
      numeric: { to: 1700, from: [1700], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
})

/** What postgres.js hands a `socket` factory: the parsed connection options. */
type SocketTarget = { host: string[]; port: number[]; path?: string | false }

/**
 * A connection to the server with Nagle's algorithm off (TCP_NODELAY), as libpq opens every
 * connection. postgres.js leaves it on, so a small write (a query sent behind another on the
 * same connection, which postgres.js does when every connection is busy, or the last message
 * of a COPY) can wait in the kernel for an acknowledgement. Measured with 32 paced terminals posting single receipts:
 * p99 13.6–19.4 ms with it off against 18.0–26.8 ms with it on (docs/BENCHMARKS.md).
 * A Unix socket has no Nagle; several hosts are left to postgres.js, which tries them in turn.
 */
export function connectWithoutDelay(o: SocketTarget): net.Socket {
  if (o.path) return net.connect({ path: o.path })
  const socket = net.connect({ host: o.host[0], port: o.port[0]!, noDelay: true })
  // postgres.js reads these when it opens TLS (the server name) and in its error messages.
  return Object.assign(socket, { host: o.host[0], port: o.port[0] })
}

/** postgres.js's `socket` option (in its code, not its types) for `databaseUrl`, when it names one host. */
function socketOption(databaseUrl: string): { socket?: typeof connectWithoutDelay } {
  const hosts = databaseUrl.slice(databaseUrl.indexOf('://') + 3).split(/[?/]/)[0]!
  return hosts.includes(',') ? {} : { socket: connectWithoutDelay }
}

/**
 * Opens the database: the server in `databaseUrl` when given, otherwise an
 * embedded PGlite served on a loopback port by pglite-socket, so that the same
 * postgres.js client and the same SQL run on both.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const url = options.databaseUrl
    const socket = socketOption(url)
    const sql = postgres(url, { ...clientOptions(options.poolSize), ...socket }) as unknown as Sql
    const u = new URL(url)
    return {
      sql,
      engine: 'server',
      location: `${u.hostname}:${u.port || 5432}${u.pathname}`,
      close: () => sql.end({ timeout: 5 }),
      dedicatedClient: () => postgres(url, { ...clientOptions(1), ...socket, idle_timeout: 0 }) as unknown as Sql,
    }
  }
  const memory = options.dataDir.startsWith('memory://')
  if (!memory) mkdirSync(options.dataDir, { recursive: true })
  const pglite = await PGlite.create(memory ? 'memory://' : options.dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {})
  // One connection. PGlite is a single backend, and pglite-socket's multiplexer
  // switches connections between protocol messages rather than at Sync, so two
  // connections' extended-protocol queries clobber each other's unnamed portal
  // (seen: 'portal "" does not exist'). postgres.js queues queries and
  // transactions on its one connection instead; the server refuses a second one.
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 1 })
  await server.start()
  const [, portText] = server.getServerConn().split(':')
  const sql = postgres({
    ...clientOptions(1),
    host: '127.0.0.1',
    port: Number(portText),
    database: 'postgres',
    username: 'postgres',
    idle_timeout: 0,
  }) as unknown as Sql
  return {
    sql,
    engine: 'embedded',
    location: memory ? 'memory://' : options.dataDir,
    dump: () => pglite.dumpDataDir('none'),
    async close() {
      await sql.end({ timeout: 5 })
      await server.stop()
      await pglite.close()
    },
  }
}
