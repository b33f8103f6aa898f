import type { Role } from '../api/wire-types.js'
import type { View } from '../router/parse-route.js'

export type NavItem = { view: View; label: string }

/** Every view, its label, and who may open it (the API enforces the same; this only hides what would answer 403). */
const ITEMS: readonly (NavItem & { roles: readonly Role[] })[] = [
  { view: 'kpis', label: 'Store KPIs', roles: ['admin', 'marketing', 'store_manager'] },
  { view: 'affinity', label: 'Affinity', roles: ['admin', 'marketing', 'store_manager'] },
  { view: 'demographics', label: 'Demographics', roles: ['admin', 'marketing', 'store_manager'] },
  { view: 'segments', label: 'Segments and value', roles: ['admin', 'marketing'] },
  { view: 'runs', label: 'Analysis runs', roles: ['admin', 'marketing', 'store_manager'] },
  { view: 'unmapped-skus', label: 'Unmapped SKUs', roles: ['admin', 'marketing', 'store_manager'] },
  { view: 'users', label: 'Users', roles: ['admin'] },
]

/**
 * The navigation of a role, in menu order. Store managers get no customer segments (the API
 * answers them 403: customer-level data) and no user administration.
 * @example navItemsFor('store_manager').map((i) => i.view) // ['kpis', 'affinity', 'demographics', 'runs', 'unmapped-skus']
 */
export function navItemsFor(role: Role): NavItem[] {
  return ITEMS.filter((i) => i.roles.includes(role)).map(({ view, label }) => ({ view, label }))
}

/** Whether a role may open a view. */
export function mayOpen(role: Role, view: View): boolean {
  return ITEMS.some((i) => i.view === view && i.roles.includes(role))
}

/** The label of a view. */
export function labelOf(view: View): string {
  return ITEMS.find((i) => i.view === view)?.label ?? view
}
