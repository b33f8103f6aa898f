/** The views of the dashboard, as they appear in the hash (`#/kpis/S001`, `#/affinity`, ...). */
export const VIEWS = ['kpis', 'affinity', 'demographics', 'segments', 'runs', 'unmapped-skus', 'users'] as const
export type View = (typeof VIEWS)[number]

export type Route = { view: View; store: string | null } | { view: 'not-found'; path: string }

/**
 * The route of a location hash. Hash routing keeps the server free of an SPA fallback: every
 * page is `/` and the view lives after the `#`. Hashes not starting with `#/` (the skip link's
 * `#main`) are not routes: null, and the current view stays.
 * @example parseRoute('#/kpis/S001') // { view: 'kpis', store: 'S001' }
 */
export function parseRoute(hash: string): Route | null {
  if (hash === '' || hash === '#' || hash === '#/') return { view: 'kpis', store: null }
  if (!hash.startsWith('#/')) return null
  const [name = '', store, ...rest] = hash.slice(2).split('/').map(decodeURIComponent)
  const view = (VIEWS as readonly string[]).includes(name) ? (name as View) : null
  if (view === null || rest.length > 0 || (store !== undefined && (view !== 'kpis' || store === ''))) return { view: 'not-found', path: hash.slice(1) }
  return { view, store: store ?? null }
}

/** The hash of a view (and a store, for the KPIs). */
export function hrefOf(view: View, store?: string | null): string {
  return store ? `#/${view}/${encodeURIComponent(store)}` : `#/${view}`
}
