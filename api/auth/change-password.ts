import type { PasswordChange } from '../contract/auth.js'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { findCredentialsById, updateUserRow } from '../users/users.repo.js'
import { hashPassword, verifyPassword } from './password-hash.js'
import { deleteUserSessions, type ActiveSession } from './sessions.repo.js'
import { clearAttempts, reserveAttempt } from './sign-in-attempts.repo.js'
import { throttledError } from './sign-in.js'

/**
 * A signed-in user changes their own password: the current one must match (counted by the
 * sign-in throttle, so a borrowed session cannot guess it), and every other session of the user
 * ends; this one stays signed in.
 */
export async function changeOwnPassword(sql: Sql, session: ActiveSession, body: PasswordChange, ctx: { now: Date; clientIp: string }): Promise<void> {
  const attempt = await reserveAttempt(sql, { username: session.username, clientIp: ctx.clientIp, now: ctx.now })
  if (attempt.throttled) throw throttledError(attempt.retryAfterSeconds)
  const user = await findCredentialsById(sql, session.userId)
  if (!user || !(await verifyPassword(body.currentPassword, user.passwordHash))) {
    throw new AppError('invalid_request', 'The current password is not right', [{ pointer: '#/currentPassword', detail: 'does not match' }])
  }
  await clearAttempts(sql, session.username)
  await updateUserRow(sql, user.userId, { passwordHash: await hashPassword(body.newPassword), now: ctx.now })
  await deleteUserSessions(sql, user.userId, session.sha256)
}
