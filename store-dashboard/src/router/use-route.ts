import { useEffect, useState } from 'preact/hooks'
import { parseRoute, type Route } from './parse-route.js'

/** The route of the location hash, following hashchange; in-page anchors keep the last route. */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash) ?? { view: 'kpis', store: null })
  useEffect(() => {
    const follow = () => {
      const next = parseRoute(location.hash)
      if (next) setRoute(next)
    }
    addEventListener('hashchange', follow)
    // Child components' effects run before this one: a redirect they made (replaceHash) fired its
    // hashchange before anyone listened. Read the location once now, so it is never missed.
    follow()
    return () => removeEventListener('hashchange', follow)
  }, [])
  return route
}

/** Goes to a hash without a history entry (redirects such as "#/kpis" → "#/kpis/S001"). */
export function replaceHash(hash: string): void {
  history.replaceState(null, '', hash)
  dispatchEvent(new HashChangeEvent('hashchange'))
}
