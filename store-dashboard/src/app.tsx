import { useEffect, useState } from 'preact/hooks'
import { onSessionEnded } from './api/api-client.js'
import { fetchSession, signOut } from './api/session.js'
import type { Session } from './api/wire-types.js'
import { Layout } from './layout/layout.js'
import { Loading, Notice } from './ui/notice.js'
import { SignInPage } from './views/sign-in/sign-in-page.js'

/** The dashboard: the sign-in page until there is a session, then the layout with the routed view. */
export function App() {
  // undefined: not known yet (GET /v1/auth/session pending); null: signed out.
  const [session, setSession] = useState<Session | null | undefined>(undefined)
  const [failure, setFailure] = useState<unknown>(null)
  const [ended, setEnded] = useState(false)

  useEffect(() => {
    onSessionEnded(() => {
      setEnded(true)
      setSession(null)
    })
    fetchSession().then(setSession, setFailure)
    return () => onSessionEnded(null)
  }, [])

  if (failure) {
    return (
      <main id="main" class="centered">
        <Notice kind="error" title="The dashboard cannot reach the server.">
          <p>{failure instanceof Error ? failure.message : String(failure)}</p>
        </Notice>
      </main>
    )
  }
  if (session === undefined) return <main id="main" class="centered"><Loading what="the dashboard" /></main>
  if (session === null) {
    return (
      <SignInPage
        notice={ended ? 'Your session has ended. Sign in again.' : null}
        onSignedIn={(s) => {
          setEnded(false)
          setSession(s)
        }}
      />
    )
  }
  return (
    <Layout
      session={session}
      onSignOut={async () => {
        await signOut().catch(() => undefined)
        history.replaceState(null, '', '#/')
        setSession(null)
      }}
    />
  )
}
