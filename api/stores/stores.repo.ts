import type { Sql } from '../db/create-database.js'
import { chunksOf } from '../db/chunks-of.js'
import type { Store, StoreInput } from '../contract/store.js'

export type StoreRef = { storeId: number; code: string; currency: string; timeZone: string }

export async function findStoreByCode(sql: Sql, code: string): Promise<StoreRef | undefined> {
  const [row] = await sql<StoreRef[]>`
    select store_id, code, currency, time_zone from stores where code = ${code}`
  return row
}

const storeColumns = (sql: Sql) => sql`
  code, name, region, format, sales_area_m2, opened_on::text as opened_on, closed_on::text as closed_on,
  time_zone, currency, postcode, latitude, longitude,
  to_json(created_at)#>>'{}' as created_at, to_json(updated_at)#>>'{}' as updated_at`

export async function getStore(sql: Sql, code: string): Promise<Store | undefined> {
  const [row] = await sql<Store[]>`select ${storeColumns(sql)} from stores where code = ${code}`
  return row
}

export type StoreFilter = { region?: string | undefined; format?: string | undefined; after?: string | undefined; limit: number }

/** A page of stores in code order, starting after the code `after`. */
export async function listStores(sql: Sql, f: StoreFilter): Promise<Store[]> {
  return sql<Store[]>`
    select ${storeColumns(sql)} from stores
    where true
      ${f.region ? sql`and region = ${f.region}` : sql``}
      ${f.format ? sql`and format = ${f.format}` : sql``}
      ${f.after ? sql`and code > ${f.after}` : sql``}
    order by code
    limit ${f.limit}`
}

const toRow = (s: StoreInput) => ({
  code: s.code,
  name: s.name,
  region: s.region,
  format: s.format,
  salesAreaM2: s.salesAreaM2 ?? null,
  openedOn: s.openedOn ?? null,
  closedOn: s.closedOn ?? null,
  timeZone: s.timeZone,
  currency: s.currency,
  postcode: s.postcode ?? null,
  latitude: s.latitude ?? null,
  longitude: s.longitude ?? null,
})

/** Inserts a store; returns undefined when its code is taken. */
export async function createStore(sql: Sql, s: StoreInput): Promise<Store | undefined> {
  const [row] = await sql<Store[]>`
    insert into stores ${sql(toRow(s))}
    on conflict (code) do nothing
    returning ${storeColumns(sql)}`
  return row
}

/** Inserts or updates stores by code, all or none. */
export async function upsertStores(sql: Sql, stores: StoreInput[]): Promise<{ created: number; updated: number }> {
  return sql.begin(async (tx) => {
    let created = 0
    for (const chunk of chunksOf(stores.map(toRow), 2000)) {
      const result = await upsertChunk(tx as unknown as Sql, chunk)
      created += result.filter((r) => r.created).length
    }
    return { created, updated: stores.length - created }
  }) as Promise<{ created: number; updated: number }>
}

function upsertChunk(sql: Sql, rows: ReturnType<typeof toRow>[]) {
  return sql<{ created: boolean }[]>`
    insert into stores ${sql(rows)}
    on conflict (code) do update set
      name = excluded.name, region = excluded.region, format = excluded.format,
      sales_area_m2 = excluded.sales_area_m2, opened_on = excluded.opened_on, closed_on = excluded.closed_on,
      time_zone = excluded.time_zone, currency = excluded.currency, postcode = excluded.postcode,
      latitude = excluded.latitude, longitude = excluded.longitude, updated_at = now()
    returning (xmax = 0) as created`
}
