import { apiGet, apiSend, isStatus, setCsrfToken } from './api-client.js'
import type { Session } from './wire-types.js'

/** The signed-in session, or null when there is none (401). */
export async function fetchSession(): Promise<Session | null> {
  try {
    // No session yet is the normal start, not a session that ended.
    const session = await apiGet<Session>('/v1/auth/session', undefined, undefined, { quiet401: true })
    setCsrfToken(session.csrfToken)
    return session
  } catch (err) {
    if (isStatus(err, 401)) return null
    throw err
  }
}

/** Signs in: the cookie is set by the answer, the CSRF token kept for later writes. Throws ApiError (401, 429, ...). */
export async function signIn(username: string, password: string): Promise<Session> {
  const session = await apiSend<Session>('POST', '/v1/auth/sign-in', { username, password }, { quiet401: true })
  setCsrfToken(session.csrfToken)
  return session
}

/** Ends the session on the server; the token is forgotten whatever the answer. */
export async function signOut(): Promise<void> {
  try {
    await apiSend('POST', '/v1/auth/sign-out', undefined, { quiet401: true })
  } finally {
    setCsrfToken(null)
  }
}
