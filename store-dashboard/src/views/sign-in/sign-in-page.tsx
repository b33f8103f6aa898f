import { useState } from 'preact/hooks'
import { ApiError } from '../../api/api-client.js'
import { signIn } from '../../api/session.js'
import type { Session } from '../../api/wire-types.js'
import { signInMessage } from './sign-in-message.js'

/** Username and password; POST /v1/auth/sign-in; 401 and 429 as sentences. */
export function SignInPage({ notice, onSignedIn }: { notice: string | null; onSignedIn: (s: Session) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onSignedIn(await signIn(username.trim(), password))
    } catch (err) {
      setError(err instanceof ApiError ? signInMessage(err.status, err.retryAfterSeconds) : 'The server could not be reached. Try again.')
      setPassword('')
    } finally {
      setBusy(false)
    }
  }

  return (
    <main id="main" class="sign-in">
      <form class="sign-in-form" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Basketwise</h1>
        {notice && !error && (
          <p class="notice notice-info" role="status">
            {notice}
          </p>
        )}
        <div class="field">
          <label for="username">Username</label>
          <input id="username" name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </div>
        {error && (
          <p class="notice notice-error" role="alert" id="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
