import type { Database } from '../../api/db/create-database.js'

/**
 * Streams the rows of `select <columns> <rest>` as tab-separated text chunks, the COPY TO STDOUT
 * text format, so a parser reads them straight into typed arrays (no object per row).
 * - PostgreSQL: one COPY on a connection of its own, closed afterwards (postgres.js can leave a
 *   COPY connection's socket paused: see Database.dedicatedClient).
 * - PGlite: one connection and no COPY stream, so the rows come back as a few text chunks of
 *   about 4,096 rows each, built by string_agg in the same statement.
 * `orderBy` (SQL expressions of the grouped columns) orders the rows on both engines.
 * Columns must never be null (coalesce them): COPY would write \N where concat_ws skips.
 * `rest` is interpolated into the statement: only code-built SQL with checked values goes in.
 */
export async function streamRows(db: Pick<Database, 'sql' | 'engine' | 'dedicatedClient'>, columns: string[], rest: string, orderBy: string | null, onChunk: (chunk: Uint8Array) => void, signal?: AbortSignal): Promise<void> {
  if (db.engine === 'server' && db.dedicatedClient) {
    const client = db.dedicatedClient()
    try {
      const stream = await client.unsafe(`copy (select ${columns.join(', ')} ${rest} ${orderBy ? `order by ${orderBy}` : ''}) to stdout`).readable()
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        signal?.throwIfAborted()
        onChunk(chunk)
      }
    } finally {
      await client.end({ timeout: 5 })
    }
    return
  }
  const rows = await db.sql.unsafe<{ chunk: string }[]>(`
    select string_agg(line, E'\\n' order by rn) || E'\\n' as chunk
    from (select concat_ws(E'\\t', ${columns.map((c) => `(${c})::text`).join(', ')}) as line, row_number() over (${orderBy ? `order by ${orderBy}` : ''}) as rn ${rest}) r
    group by (rn - 1) / 4096 order by (rn - 1) / 4096`)
  for (const { chunk } of rows) {
    signal?.throwIfAborted()
    onChunk(Buffer.from(chunk, 'latin1'))
  }
}
