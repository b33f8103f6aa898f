import { mayReadStore, type Caller } from '../auth/caller.js'
import type { DashboardStore } from '../contract/dashboard.js'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'

export type StoreRow = DashboardStore & { storeId: number }

/** The stores a caller may see, in code order: every store, or a store manager's own. */
export function listVisibleStores(sql: Sql, caller: Caller): Promise<StoreRow[]> {
  const only = caller.role === 'store_manager' ? caller.storeIds : caller.role === 'terminal' ? [caller.storeId] : null
  return sql<StoreRow[]>`
    select store_id, code, name, region, format from stores
    ${only === null ? sql`` : sql`where store_id = any(${only}::int[])`}
    order by code`
}

/**
 * The store with this code, when the caller may read it. 404 naming the query parameter `store`
 * for an unknown code, 403 naming it for another store than a store manager's own.
 */
export async function findReadableStore(sql: Sql, caller: Caller, code: string): Promise<StoreRow> {
  const [store] = await sql<StoreRow[]>`select store_id, code, name, region, format from stores where code = ${code}`
  if (!store) throw new AppError('not_found', `No store with code ${code}`, [{ parameter: 'store', detail: 'unknown store' }])
  if (!mayReadStore(caller, store.storeId)) throw new AppError('forbidden', `Store ${code} is not one of yours`, [{ parameter: 'store', detail: 'not one of your stores' }])
  return store
}

/** The wire form of a store: no internal id. */
export const publicStore = ({ code, name, region, format }: StoreRow): DashboardStore => ({ code, name, region, format })
