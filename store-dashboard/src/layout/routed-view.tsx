import type { SessionUser } from '../api/wire-types.js'
import type { Route } from '../router/parse-route.js'
import { Notice } from '../ui/notice.js'
import { AffinityView } from '../views/affinity/affinity-view.js'
import { DemographicsView } from '../views/demographics/demographics-view.js'
import { KpiView } from '../views/kpis/kpi-view.js'
import { RunsView } from '../views/runs/runs-view.js'
import { SegmentsView } from '../views/segments/segments-view.js'
import { UnmappedView } from '../views/unmapped/unmapped-view.js'
import { UsersView } from '../views/users/users-view.js'

/** The view of a route (access already checked by the layout). */
export function RoutedView({ route, user }: { route: Route; user: SessionUser }) {
  switch (route.view) {
    case 'kpis':
      return <KpiView user={user} store={route.store} />
    case 'affinity':
      return <AffinityView user={user} />
    case 'demographics':
      return <DemographicsView user={user} />
    case 'segments':
      return <SegmentsView />
    case 'runs':
      return <RunsView user={user} />
    case 'unmapped-skus':
      return <UnmappedView user={user} />
    case 'users':
      return <UsersView />
    case 'not-found':
      return (
        <section>
          <h1 tabIndex={-1}>Page not found</h1>
          <Notice kind="empty" title={`There is no page ${route.path}.`}>
            <p>
              Choose a view in the navigation, or go to the <a href="#/kpis">store KPIs</a>.
            </p>
          </Notice>
        </section>
      )
  }
}
