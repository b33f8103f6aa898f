import type { Sql } from '../../api/db/create-database.js'

/** Weeks after a visit that must pass without another before a card holder counts as lapsed. */
export const LAPSE_WEEKS = 8

/** What the summaries were built from (the row of kpi_refresh). */
export type KpiRefreshState = {
  runId: number | null
  refreshedAt: string
  receiptCount: number
  lastReceiptId: number | null
  firstDay: string | null
  lastDay: string | null
  /** Set when something other than new receipts changed what the summaries would say (an erasure). */
  staleSince: string | null
}

/** What a refresh read and wrote. */
export type KpiRefreshCounts = { receipts: number; storeWeeks: number; cardHolders: number; firstDay: string | null; lastDay: string | null }

export type RefreshOptions = {
  /** The analysis run doing the refresh, recorded in kpi_refresh. */
  runId?: number | null
  /** Checked between the steps; an abort rolls the whole refresh back. */
  signal?: AbortSignal
  /** Wraps each step (the job passes ctx.time: named phases, timed). */
  phase?: <T>(name: string, fn: () => Promise<T>) => Promise<T>
}

/** Receipts' count and highest id: what a refresh records and a staleness check compares. */
export type ReceiptWatermark = { receiptCount: number; lastReceiptId: number | null }

// An ISO week's Monday by date arithmetic: date_trunc('week', date) would go through
// timestamptz and depend on the session's time zone.
const weekOf = (sql: Sql, column: string) => sql`(${sql(column)} - (extract(isodow from ${sql(column)})::int - 1))`

/**
 * Rebuilds kpi_store_week and kpi_refresh from receipts, in one transaction: readers see the old
 * summaries until it commits, then the new ones, never a half-built state. Every figure comes
 * from one statement's snapshot of receipts (the visits table below), so a sale committed during
 * the refresh is either in all of them or in none. Refreshes run one at a time (a table lock that
 * still lets readers read). Definitions: docs/DASHBOARD.md.
 */
export async function refreshKpis(sql: Sql, options: RefreshOptions = {}): Promise<KpiRefreshCounts> {
  const phase = options.phase ?? ((_name, fn) => fn())
  const check = () => options.signal?.throwIfAborted()
  check()
  return (await sql.begin(async (t) => {
    const tx = t as unknown as Sql
    await tx`lock table kpi_store_week in share row exclusive mode`
    // An erasure marking the summaries stale waits for this refresh, so its mark is not lost.
    await tx`select 1 from kpi_refresh for update`
    // Grouping ~5 million receipts into ~3 million (store, week, customer) rows and sorting them
    // spills to disk at the default 4 MB; this transaction alone gets more. The planner expects a
    // sixth of the groups there are and picks a hash aggregate followed by a sort for the window:
    // sorting first (in parallel) and grouping the sorted rows feeds the window without a second
    // sort (chain preset: 12.5 s instead of 16.2 s; docs/DASHBOARD.md).
    await tx`set local work_mem = '256MB'`
    await tx`set local enable_hashagg = off`

    // One row per store, week and card holder (customer_id null: the anonymous receipts of the
    // store-week together), with the running visit count and the next visiting week of the same
    // customer at the same store: the lapse test needs nothing else.
    await phase('visits', () => tx`
      create temp table kpi_visits on commit drop as
      select store_id, ${weekOf(tx, 'business_day')} as week_start, customer_id,
        sum(total_cents)::bigint as sales_cents, count(*)::int as receipts,
        min(occurred_at) as first_at, max(business_day) as last_day, min(business_day) as first_day,
        max(receipt_id) as last_receipt_id,
        lead(${weekOf(tx, 'business_day')}) over w as next_week,
        sum(count(*)) over (w rows unbounded preceding) as visits_so_far
      from receipts
      group by store_id, customer_id, ${weekOf(tx, 'business_day')}
      window w as (partition by store_id, customer_id order by ${weekOf(tx, 'business_day')})`)
    check()
    await tx`set local enable_hashagg to default`

    const storeWeeks = await phase('store weeks', async () => {
      await tx`delete from kpi_store_week`
      // new: the store and week of each customer's first linked receipt (earliest occurred_at,
      // ties to the lower store id). lapsed: known once the 8 weeks after the week are in the data.
      const inserted = await tx`
        with bounds as (select max(last_day) as last_day from kpi_visits),
        firsts as (
          select store_id, week_start, count(*)::int as n from (
            select distinct on (customer_id) customer_id, store_id, week_start
            from kpi_visits where customer_id is not null
            order by customer_id, first_at, store_id
          ) f
          group by store_id, week_start
        ),
        weeks as (
          select store_id, week_start,
            sum(sales_cents)::bigint as sales_cents,
            sum(receipts)::int as baskets,
            coalesce(sum(sales_cents) filter (where customer_id is not null), 0)::bigint as card_sales_cents,
            coalesce(sum(receipts) filter (where customer_id is not null), 0)::int as card_baskets,
            count(customer_id)::int as active_card_holders,
            count(*) filter (where customer_id is not null and visits_so_far >= 2
              and (next_week is null or next_week > week_start + ${7 * LAPSE_WEEKS}::int))::int as lapsed
          from kpi_visits
          group by store_id, week_start
        )
        insert into kpi_store_week (store_id, week_start, sales_cents, baskets, card_sales_cents, card_baskets,
          active_card_holders, new_card_holders, lapsed_card_holders)
        select w.store_id, w.week_start, w.sales_cents, w.baskets, w.card_sales_cents, w.card_baskets, w.active_card_holders,
          coalesce(f.n, 0),
          case when w.week_start + ${7 * LAPSE_WEEKS + 6}::int <= b.last_day then w.lapsed end
        from weeks w cross join bounds b
        left join firsts f on f.store_id = w.store_id and f.week_start = w.week_start`
      return inserted.count
    })
    check()

    return phase('save', async () => {
      const [s] = await tx<{ receipts: number; cardHolders: number; lastReceiptId: number | null; firstDay: string | null; lastDay: string | null }[]>`
        select coalesce(sum(receipts), 0)::bigint as receipts, max(last_receipt_id) as last_receipt_id,
          min(first_day)::text as first_day, max(last_day)::text as last_day,
          -- each card holder is new exactly once
          (select coalesce(sum(new_card_holders), 0)::int from kpi_store_week) as card_holders
        from kpi_visits`
      await tx`
        insert into kpi_refresh (singleton, run_id, refreshed_at, receipt_count, last_receipt_id, first_day, last_day, stale_since)
        values (true, ${options.runId ?? null}, now(), ${s!.receipts}, ${s!.lastReceiptId}, ${s!.firstDay}, ${s!.lastDay}, null)
        on conflict (singleton) do update set run_id = excluded.run_id, refreshed_at = excluded.refreshed_at,
          receipt_count = excluded.receipt_count, last_receipt_id = excluded.last_receipt_id,
          first_day = excluded.first_day, last_day = excluded.last_day, stale_since = null`
      return { receipts: s!.receipts, storeWeeks, cardHolders: s!.cardHolders, firstDay: s!.firstDay, lastDay: s!.lastDay }
    })
  })) as KpiRefreshCounts
}

/** The row describing the summaries readers see; undefined before the first refresh. */
export async function readKpiRefresh(sql: Sql): Promise<KpiRefreshState | undefined> {
  const [row] = await sql<KpiRefreshState[]>`
    select run_id, to_json(refreshed_at)#>>'{}' as refreshed_at, receipt_count, last_receipt_id,
      first_day::text as first_day, last_day::text as last_day, to_json(stale_since)#>>'{}' as stale_since
    from kpi_refresh`
  return row
}

/** Receipts' count and highest id now (an index-only scan: about 0.7 s over 5 million receipts). */
export async function receiptWatermark(sql: Sql): Promise<ReceiptWatermark> {
  const [row] = await sql<ReceiptWatermark[]>`select count(*)::bigint as receipt_count, max(receipt_id) as last_receipt_id from receipts`
  return row!
}

/**
 * Whether receipts have been stored (or removed) since the summaries were built, or the
 * summaries were marked stale (an erasure). A database without receipts and without summaries
 * is not stale: there is nothing to summarise.
 */
export async function kpisAreStale(sql: Sql): Promise<boolean> {
  const [state, now] = await Promise.all([readKpiRefresh(sql), receiptWatermark(sql)])
  if (state?.staleSince) return true
  return now.receiptCount !== (state?.receiptCount ?? 0) || now.lastReceiptId !== (state?.lastReceiptId ?? null)
}
