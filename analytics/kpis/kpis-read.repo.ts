import type { Sql } from '../../api/db/create-database.js'
import type { WeekSums } from './summarise-kpis.js'

const sums = (sql: Sql) => sql`
  sum(sales_cents)::bigint as sales_cents, sum(baskets)::bigint as baskets,
  sum(card_sales_cents)::bigint as card_sales_cents, sum(card_baskets)::bigint as card_baskets,
  sum(active_card_holders)::bigint as active_card_holders, sum(new_card_holders)::bigint as new_card_holders,
  case when count(lapsed_card_holders) = count(*) then sum(lapsed_card_holders)::bigint end as lapsed_card_holders`

/** One store's weeks from `from` through `to` (days, inclusive), oldest first. */
export function readStoreWeeks(sql: Sql, storeId: number, from: string, to: string): Promise<WeekSums[]> {
  return sql<WeekSums[]>`
    select week_start::text as week_start, 1 as stores, ${sums(sql)}
    from kpi_store_week
    where store_id = ${storeId} and week_start between ${from}::date and ${to}::date
    group by week_start
    order by week_start`
}

/** The chain's weeks from `from` through `to`: every store's row of each week added up, oldest first. */
export function readChainWeeks(sql: Sql, from: string, to: string): Promise<WeekSums[]> {
  return sql<WeekSums[]>`
    select week_start::text as week_start, count(*)::int as stores, ${sums(sql)}
    from kpi_store_week
    where week_start between ${from}::date and ${to}::date
    group by week_start
    order by week_start`
}
