import { useEffect, useRef } from 'preact/hooks'
import type { Session } from '../api/wire-types.js'
import { hrefOf } from '../router/parse-route.js'
import { useRoute } from '../router/use-route.js'
import { labelOf, mayOpen, navItemsFor } from './nav-items.js'
import { roleLabel } from './role-label.js'
import { ErrorBoundary } from '../ui/error-boundary.js'
import { RoutedView } from './routed-view.js'

/** The frame around every view: skip link, top bar with the user and sign-out, navigation by role, main. */
export function Layout({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { user } = session
  const route = useRoute()
  const main = useRef<HTMLElement>(null)
  const firstView = useRef(true)
  const items = navItemsFor(user.role)

  const lastStore = useRef<string | null>(null)
  const store = route.view === 'kpis' ? (route.store ?? null) : null
  useEffect(() => {
    document.title = `${route.view === 'not-found' ? 'Not found' : labelOf(route.view)} · Basketwise`
    // After a navigation, focus goes to the new view's heading, as a page load would start there.
    // The KPI view filling in its default store (#/kpis → #/kpis/S001) is not a navigation: a
    // keyboard user who has started tabbing from the top must not be moved.
    const defaulted = route.view === 'kpis' && lastStore.current === null && store !== null
    lastStore.current = store
    if (firstView.current) firstView.current = false
    else if (!defaulted) main.current?.querySelector<HTMLElement>('h1')?.focus()
  }, [route.view, store])

  return (
    <div class="shell">
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          // Not a route: focus the content instead of changing the hash.
          e.preventDefault()
          main.current?.focus()
        }}
      >
        Skip to main content
      </a>
      <header class="top-bar">
        <span class="brand">Basketwise</span>
        <span class="who">
          Signed in as <strong>{user.displayName}</strong> ({roleLabel(user.role)}
          {user.role === 'store_manager' && user.stores.length > 0 ? ` of ${user.stores.join(', ')}` : ''})
        </span>
        <button type="button" class="button-quiet" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <div class="frame">
        <nav class="side-nav" aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.view}>
                <a href={hrefOf(item.view)} aria-current={route.view === item.view ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" ref={main} tabIndex={-1}>
          {route.view !== 'not-found' && !mayOpen(user.role, route.view) ? (
            <ForbiddenView label={labelOf(route.view)} />
          ) : (
            <ErrorBoundary key={route.view === 'kpis' ? `kpis/${route.store}` : route.view}>
              <RoutedView route={route} user={user} />
            </ErrorBoundary>
          )}
        </main>
      </div>
    </div>
  )
}

function ForbiddenView({ label }: { label: string }) {
  return (
    <section>
      <h1 tabIndex={-1}>{label}</h1>
      <div class="notice notice-forbidden" role="status">
        <p class="notice-title">{label}: not available for your role.</p>
      </div>
    </section>
  )
}
