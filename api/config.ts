import { z } from 'zod'

/**
 * The API process configuration: every setting the server and the CLI read from
 * the environment, validated once at start and frozen. Nothing below `cli.ts`
 * reads `process.env`; it receives this object.
 */
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .describe('PostgreSQL server to use; unset = embedded PGlite'),
  DATA_DIR: z.string().min(1).default('./data/db').describe('Embedded database directory, or "memory://" for an in-memory database'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Interface the HTTP server binds to'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port; 0 picks a free one'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('Connections in the database pool'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024)
    .describe('Largest request body accepted; larger bodies get 413'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info').describe('Smallest level written to the log'),
  BASKETWISE_DATA: z.string().min(1).default('../shared/data').describe('Folder of public retail data sets used by tests and benchmarks'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30).describe('A signed-in session ends after this many minutes without a request'),
  SESSION_LIFETIME_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(12).describe('A signed-in session ends this many hours after sign-in, however active'),
  PUBLIC_ORIGIN: z
    .url()
    .regex(/^https?:\/\/[^/]+$/, 'must be an origin such as https://basketwise.example.com (scheme and host, no path)')
    .optional()
    .describe("The dashboard's origin as browsers see it, when it differs from the server's own (behind a TLS proxy); checked against the Origin header"),
  TRUSTED_PROXY_HOPS: z.coerce
    .number()
    .int()
    .min(0)
    .max(5)
    .default(0)
    .describe('Reverse proxies in front of the server that append the client address to X-Forwarded-For; 0 trusts no such header (sign-in throttling counts by TCP peer)'),
})

export type Config = Readonly<z.infer<typeof EnvSchema>>

/** Setting names with their defaults and descriptions, for the README and `--help`. */
export const CONFIG_DOC = Object.entries(EnvSchema.shape).map(([name, schema]) => ({
  name,
  description: schema.description ?? '',
}))

/** Parses the environment (or any record) into a frozen Config; throws a readable message on bad values. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  // Empty strings are "unset": `DATABASE_URL= npm start` must mean the embedded database.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = EnvSchema.safeParse({ ...cleaned, ...stringify(overrides) })
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return Object.freeze(parsed.data)
}

/** The config as it may be printed: passwords in URLs masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  return { ...config, DATABASE_URL: config.DATABASE_URL ? maskUrl(config.DATABASE_URL) : '(embedded PGlite)' }
}

function maskUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@')
}

function stringify(o: Partial<Config>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))
}
