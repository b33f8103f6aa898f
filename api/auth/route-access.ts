import type { Role } from './caller.js'

export type AccessMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * One rule of the access table.
 * - `method`: omitted = every method; 'GET' also covers HEAD.
 * - `path`: segments compared literally, `:name` matches any one segment, and a final `*`
 *   matches zero or more segments ('/v1/users/*' covers '/v1/users' and '/v1/users/anna').
 *   Matched against the decoded path Hono routes on, so the table and the router agree.
 * - `allow`: the roles that may call, or 'anyone' (the handler decides; a valid key or session
 *   is still read into `caller`).
 * - `credentials: 'ignore'`: read neither key nor cookie (sign-in: it must work with a stale
 *   cookie in the browser and acts for nobody yet). The Origin check still applies.
 */
export type AccessRule = {
  method?: AccessMethod
  path: string
  allow: 'anyone' | readonly Role[]
  credentials?: 'ignore'
}

const USERS = ['admin', 'marketing', 'store_manager'] as const satisfies readonly Role[]

/**
 * Who may call what under /v1, in order: the first rule that matches a request decides, and a
 * request no rule matches is admin only (ADMIN_ONLY). Store scoping (a terminal posts only its
 * store, a store manager reads only its stores) is checked where the store is known, with
 * `mayReadStore` and `seesCustomers` (api/auth/caller.ts).
 */
export const ROUTE_ACCESS: readonly AccessRule[] = [
  // Accounts and sessions.
  { method: 'POST', path: '/v1/auth/sign-in', allow: 'anyone', credentials: 'ignore' },
  { method: 'POST', path: '/v1/auth/sign-out', allow: 'anyone' },
  { method: 'GET', path: '/v1/auth/session', allow: 'anyone' },
  { method: 'POST', path: '/v1/auth/password', allow: USERS },
  { path: '/v1/users/*', allow: ['admin'] },

  // Sales capture: terminals post their store's sales (checked in ingestSales).
  { method: 'POST', path: '/v1/stores/:storeCode/sales', allow: ['admin', 'terminal'] },
  { method: 'POST', path: '/v1/stores/:storeCode/sales/validate', allow: ['admin', 'terminal'] },

  // Customer analytics: marketing starts runs; store managers read aggregates of the chain and
  // their own stores (scope and suppression checks in the handlers: mayReadStore, seesCustomers).
  { method: 'POST', path: '/v1/customer-analytics/runs', allow: ['admin', 'marketing'] },
  { path: '/v1/customer-analytics/*', allow: ['admin', 'marketing', 'store_manager'] },
  // Affinity: marketing starts runs; store managers read the chain's and their stores' rules
  // (scope check in the handlers); basket completion is a read.
  { method: 'POST', path: '/v1/affinity/runs', allow: ['admin', 'marketing'] },
  { method: 'GET', path: '/v1/affinity/*', allow: ['admin', 'marketing', 'store_manager'] },
  { method: 'POST', path: '/v1/affinity/runs/:runId/complete', allow: ['admin', 'marketing', 'store_manager'] },
  // Analysis runs: everyone who reads results may follow their progress.
  { method: 'GET', path: '/v1/analysis-runs/*', allow: ['admin', 'marketing', 'store_manager'] },
  // Dashboard: every user reads KPIs and the unmapped list (a store manager only their stores:
  // findReadableStore); only admins rebuild the KPI summaries.
  { method: 'POST', path: '/v1/dashboard/kpis/refresh', allow: ['admin'] },
  { method: 'GET', path: '/v1/dashboard/*', allow: USERS },
]

/** The rule of requests no rule matches: admin only. */
export const ADMIN_ONLY: AccessRule = { path: '/*', allow: ['admin'] }

/** The first rule of `table` that matches the request, or ADMIN_ONLY. */
export function accessRuleFor(method: string, path: string, table: readonly AccessRule[] = ROUTE_ACCESS): AccessRule {
  const m = method === 'HEAD' ? 'GET' : method
  return table.find((r) => (r.method === undefined || r.method === m) && pathMatches(r.path, path)) ?? ADMIN_ONLY
}

/** Whether a path matches a pattern of the access table (see AccessRule). */
export function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split('/')
  const got = path.split('/')
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!
    if (w === '*' && i === want.length - 1) return true
    const g = got[i]
    if (g === undefined) return false
    if (w.startsWith(':') ? g === '' : w !== g) return false
  }
  return want.length === got.length
}
