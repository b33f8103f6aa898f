import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Sql } from '../../api/db/create-database.js'
import { copyIn } from '../../fixtures/writers/copy-in.js'
import { deferConstraints } from '../../fixtures/writers/defer-constraints.js'

export type PeerResult = {
  receipts: number
  lines: number
  /** Into tables with every key, index and foreign key in place. */
  indexed: { seconds: number }
  /** Keys off, COPY FREEZE, keys rebuilt: the writer's strategy. */
  deferred: { seconds: number; copySeconds: number; buildSeconds: number }
}

const FACTS = [
  ['receipts', 'peer_receipts'],
  ['receipt_lines', 'peer_lines'],
  ['receipt_tenders', 'peer_tenders'],
] as const

/**
 * The server's own limit for the rows just generated, two ways, on the first
 * `sampleLines` lines' worth of receipts (all of them for `test`): their rows of
 * receipts, receipt_lines and receipt_tenders go out with COPY TO and back in
 * with COPY FROM, both binary, into copies of the tables, with no generator in
 * front.
 * - indexed: into tables with every key, index and foreign key in place (what
 *   the writer did before: the limit of loading into a migrated schema);
 * - deferred: the writer's way now, in one transaction: keys, indexes and
 *   foreign keys off (deferConstraints), COPY FREEZE, then rebuilt and checked.
 * The copies sit beside the real tables (lines not partitioned), with the real
 * tables' foreign keys to stores, loyalty_cards and customers, and are dropped
 * afterwards.
 */
export async function measureCopyPeers(sql: Sql, sampleLines: number): Promise<PeerResult> {
  // Ids follow the simulation's order (day by day): the sample is the first days.
  const [{ cutoff, lastDay, receipts, lines }] = (await sql<{ cutoff: number; lastDay: string; receipts: number; lines: number }[]>`
    with c as (select receipt_id, business_day, sum(line_count) over (order by receipt_id) as upto from receipts)
    select max(receipt_id) as cutoff, max(business_day)::text as last_day, count(*)::int as receipts, max(upto)::int as lines
    from c where upto <= ${sampleLines}`) as unknown as [{ cutoff: number; lastDay: string; receipts: number; lines: number }]
  const dumps = new Map<string, { data: Buffer; columns: string[] }>()
  await sql.begin(async (t) => {
    const tx = t as unknown as Sql
    // COPY takes no bind parameters: the bounds travel as settings of this transaction.
    await tx`select set_config('bench.cutoff', ${String(cutoff)}, true), set_config('bench.last_day', ${lastDay}, true)`
    for (const [table, peer] of FACTS) {
      const chunks: Buffer[] = []
      // receipts and lines: the day bound prunes receipt_lines to the sample's months
      const out = await (table === 'receipt_tenders'
        ? tx`copy (select * from ${tx(table)} where receipt_id <= current_setting('bench.cutoff')::bigint) to stdout with (format binary)`
        : tx`copy (select * from ${tx(table)} where receipt_id <= current_setting('bench.cutoff')::bigint
            and business_day <= current_setting('bench.last_day')::date) to stdout with (format binary)`
      ).readable()
      await pipeline(out, new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk); done() } }))
      const columns = await tx<{ name: string }[]>`
        select attname as name from pg_attribute where attrelid = ${table}::regclass and attnum > 0 and not attisdropped order by attnum`
      dumps.set(peer, { data: Buffer.concat(chunks), columns: columns.map((c) => c.name) })
    }
  })
  const load = (tx: Sql, peer: string, freeze: boolean) => copyIn(tx, peer, dumps.get(peer)!.columns, dumps.get(peer)!.data, freeze)
  const create = async () => {
    await sql`create table peer_receipts (like receipts including all,
      foreign key (store_id) references stores, foreign key (card_id) references loyalty_cards, foreign key (customer_id) references customers)`
    await sql`create table peer_lines (like receipt_lines including all)`
    await sql`create table peer_tenders (like receipt_tenders including all, foreign key (store_id, receipt_id) references peer_receipts (store_id, receipt_id))`
  }
  const drop = () => sql`drop table if exists peer_tenders, peer_lines, peer_receipts`
  try {
    await drop()
    await create()
    let t0 = performance.now()
    await sql.begin(async (t) => {
      for (const [, peer] of FACTS) await load(t as unknown as Sql, peer, false)
    })
    const indexed = { seconds: (performance.now() - t0) / 1000 }
    await drop()
    await create()

    t0 = performance.now()
    let copied = t0
    await sql.begin(async (t) => {
      const tx = t as unknown as Sql
      await tx`select set_config('maintenance_work_mem', '1GB', true)`
      const deferred = await deferConstraints(tx, FACTS.map(([, peer]) => peer))
      await tx`truncate peer_receipts, peer_lines, peer_tenders`
      for (const [, peer] of FACTS) await load(tx, peer, true)
      copied = performance.now()
      await deferred.restore()
    })
    const done = performance.now()
    return { receipts, lines, indexed, deferred: { seconds: (done - t0) / 1000, copySeconds: (copied - t0) / 1000, buildSeconds: (done - copied) / 1000 } }
  } finally {
    await drop()
  }
}
