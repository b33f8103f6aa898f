import { apiGet, isStatus } from './api-client.js'
import type { DashboardStore, SessionUser } from './wire-types.js'

export type { DashboardStore }

/**
 * The stores the user may pick: GET /v1/dashboard/stores; while that endpoint is not on the
 * server (404) or not open to the role (403), a store manager's own stores from the session, or
 * the admin's GET /v1/stores. A store manager never gets another store, whatever a server lists.
 */
export async function loadStores(user: SessionUser, signal?: AbortSignal): Promise<DashboardStore[]> {
  const mine = (stores: DashboardStore[]) => (user.role === 'store_manager' ? stores.filter((s) => user.stores.includes(s.code)) : stores)
  try {
    return mine((await apiGet<{ items: DashboardStore[] }>('/v1/dashboard/stores', undefined, signal)).items)
  } catch (err) {
    if (!isStatus(err, 403, 404)) throw err
  }
  if (user.role === 'store_manager') return user.stores.map((code) => ({ code, name: code, region: '', format: 'supermarket' as const }))
  const { items } = await apiGet<{ items: DashboardStore[] }>('/v1/stores', { limit: 1000 }, signal)
  return items.map(({ code, name, region, format }) => ({ code, name, region, format }))
}
