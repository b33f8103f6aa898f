import { z } from 'zod'
import { CodeSchema } from '../api/contract/common.js'

const Bytes = z.coerce.number().int().min(1)

/**
 * The adapter process configuration: one zod schema over the environment,
 * with CLI flags laid over it (flag > environment > default), parsed once at
 * start and frozen. Nothing below `cli.ts` reads `process.env`.
 */
const EnvSchema = z.object({
  POS_API_URL: z.string().url().default('http://127.0.0.1:3000').describe('Base URL of the Basketwise API'),
  POS_API_KEY: z.string().min(1).optional().describe('Terminal (or admin) API key, sent as Authorization: Bearer'),
  POS_STORE_CODE: CodeSchema.optional().describe('Store code in Basketwise, e.g. S001 (one adapter per store)'),
  POS_STORE_ID: z.string().min(1).optional().describe('The store as the POS names it (POSLog RetailStoreID); other stores are refused. Unset: not checked'),
  POS_STATE_DIR: z.string().min(1).default('./data/pos').describe('Outbox journal, dead letters, status, lock'),
  POS_INBOX_DIR: z.string().min(1).optional().describe('Drop folder the terminals write to (default STATE_DIR/inbox)'),
  POS_ARCHIVE_DIR: z.string().min(1).optional().describe('Where processed files go (default STATE_DIR/archive)'),
  POS_QUARANTINE_DIR: z.string().min(1).optional().describe('Where files with problems go, with a .reason file (default STATE_DIR/quarantine)'),
  POS_PROFILE: z.string().min(1).default('generic').describe('POSLog profile: generic, ncr-acs, fgl-arts, or a JSON file path'),
  POS_CSV_MAPPING: z.string().min(1).optional().describe('CSV column-mapping JSON file (needed for .csv files)'),
  POS_CURRENCY: z.string().regex(/^[A-Z]{3}$/).optional().describe("The store's currency; receipts in another are quarantined"),
  POS_LISTEN_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('Port of the HTTP listener for terminals that push; unset: no listener'),
  POS_LISTEN_HOST: z.string().min(1).default('127.0.0.1').describe('Interface the listener binds to'),
  POS_LISTEN_KEY: z.string().min(1).optional().describe('Key terminals must send to the listener (Bearer); unset: none'),
  POS_DISK_BUDGET_BYTES: Bytes.default(512 * 1024 * 1024).describe('Disk the outbox may use; past it intake stops and status raises an alarm'),
  POS_SEGMENT_BYTES: Bytes.default(16 * 1024 * 1024).describe('Journal segment size'),
  POS_MAX_FILE_BYTES: Bytes.default(512 * 1024 * 1024).describe('Largest input file read; larger ones are quarantined'),
  POS_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(500).describe('Receipts per POST'),
  POS_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2).describe('Batches in flight'),
  POS_RETRY_BASE_MS: z.coerce.number().int().min(1).default(500).describe('First retry delay (doubles, with jitter)'),
  POS_RETRY_MAX_MS: z.coerce.number().int().min(1).default(60_000).describe('Longest retry delay'),
  POS_POLL_MS: z.coerce.number().int().min(10).default(500).describe('Drop folder scan interval'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
})

export type PosConfig = Readonly<z.infer<typeof EnvSchema>> & { inboxDir: string; archiveDir: string; quarantineDir: string }

export const POS_CONFIG_DOC = Object.entries(EnvSchema.shape).map(([name, schema]) => ({ name, description: schema.description ?? '' }))

/** Parses the environment (with flag overrides) into a frozen config; throws one readable message on bad values. */
export function loadPosConfig(env: Record<string, string | undefined> = process.env, overrides: Record<string, string | number | undefined> = {}): PosConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && v !== '' && (k.startsWith('POS_') || k === 'LOG_LEVEL')))
  const flags = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))
  const parsed = EnvSchema.safeParse({ ...cleaned, ...flags })
  if (!parsed.success) {
    throw new Error(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`)
  }
  const c = parsed.data
  const dir = c.POS_STATE_DIR.replace(/\/$/, '')
  return Object.freeze({
    ...c,
    inboxDir: c.POS_INBOX_DIR ?? `${dir}/inbox`,
    archiveDir: c.POS_ARCHIVE_DIR ?? `${dir}/archive`,
    quarantineDir: c.POS_QUARANTINE_DIR ?? `${dir}/quarantine`,
  })
}

/** The config as it may be printed: the keys masked. */
export function describePosConfig(c: PosConfig): Record<string, unknown> {
  return { ...c, POS_API_KEY: c.POS_API_KEY ? `${c.POS_API_KEY.slice(0, 8)}…` : undefined, POS_LISTEN_KEY: c.POS_LISTEN_KEY ? '***' : undefined }
}
