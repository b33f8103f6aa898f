import type { SessionUser, SignIn } from '../contract/auth.js'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { findCredentials, getUser } from '../users/users.repo.js'
import { dummyPasswordHash, verifyPassword } from './password-hash.js'
import { createSession, pruneSessions, type SessionTimeouts } from './sessions.repo.js'
import { clearAttempts, reserveAttempt } from './sign-in-attempts.repo.js'

export type SignInContext = { sql: Sql; now: Date; clientIp: string; userAgent: string | null; timeouts: SessionTimeouts }
export type SignedIn = { token: string; csrfToken: string; expiresAt: Date; user: SessionUser }

/** How sign-in and throttling name a user: trimmed, lower-case (usernames are stored so). */
export const normalizeUsername = (username: string): string => username.trim().toLowerCase().slice(0, 200)

/**
 * Checks a username and password and opens a session.
 * - 429 (Retry-After) once the username or the client address has too many recent failures
 *   (SIGN_IN_LIMITS), before and regardless of the password.
 * - 401, the same body, for an unknown user, a disabled user and a wrong password; each costs one
 *   scrypt verification (an unknown user is checked against a dummy hash), so neither the answer
 *   nor its timing tells which.
 */
export async function signIn(ctx: SignInContext, input: SignIn): Promise<SignedIn> {
  const { sql, now } = ctx
  const username = normalizeUsername(input.username)
  const attempt = await reserveAttempt(sql, { username, clientIp: ctx.clientIp, now })
  if (attempt.throttled) throw throttledError(attempt.retryAfterSeconds)
  const user = await findCredentials(sql, username)
  const matches = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()))
  if (!user || user.disabled || !matches) {
    throw new AppError('unauthorized', 'The username or password is not right', [{ pointer: '#/password', detail: 'username or password not right' }])
  }
  await clearAttempts(sql, username)
  await pruneSessions(sql, now, ctx.timeouts)
  const session = await createSession(sql, { userId: user.userId, userAgent: ctx.userAgent, now, lifetimeMs: ctx.timeouts.lifetimeMs })
  const { displayName, role, stores } = (await getUser(sql, username))!
  return { ...session, user: { username, displayName, role, stores } }
}

/** 429 with the seconds to wait; the same answer whether the username or the address is over its limit. */
export function throttledError(retryAfterSeconds: number): AppError {
  return new AppError('too_many_requests', `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, [
    { pointer: '#/username', detail: 'too many failed sign-ins for this user or from this address' },
  ], { headers: { 'Retry-After': String(retryAfterSeconds) } })
}
