import type { Sql } from '../db/create-database.js'

/** Sign-in throttling: failed attempts allowed per username and per client address within the window. */
export const SIGN_IN_LIMITS = { perUsername: 5, perClient: 20, windowMs: 15 * 60_000 } as const

export type AttemptReservation =
  | { throttled: false; attemptId: number }
  | { throttled: true; retryAfterSeconds: number }

/**
 * Records an attempt before the password is checked, then counts the earlier attempts of the
 * username and of the client within the window. Recording first settles races: attempts made at
 * the same moment (several processes) each see the others, so a burst cannot get past the
 * limit. A refused attempt is not kept, so refusals do not extend the lock-out; the window
 * passes SIGN_IN_LIMITS.windowMs after the failures that filled it.
 *
 * The row stays as a failure unless `clearAttempts` removes it (a success).
 */
export async function reserveAttempt(sql: Sql, a: { username: string; clientIp: string; now: Date }): Promise<AttemptReservation> {
  const { perUsername, perClient, windowMs } = SIGN_IN_LIMITS
  const since = new Date(a.now.getTime() - windowMs)
  await sql`delete from sign_in_attempts where attempted_at <= ${since}`
  const [own] = await sql<{ attemptId: number }[]>`
    insert into sign_in_attempts (username, client_ip, attempted_at) values (${a.username}, ${a.clientIp}, ${a.now}) returning attempt_id`
  const attemptId = own!.attemptId
  // The limit-th newest other attempt: while it is inside the window, the limit is reached, and
  // the wait is until it leaves the window.
  const [edges] = await sql<{ usernameEdge: Date | null; clientEdge: Date | null }[]>`
    select
      (select attempted_at from sign_in_attempts
        where username = ${a.username} and attempted_at > ${since} and attempt_id <> ${attemptId}
        order by attempted_at desc, attempt_id desc offset ${perUsername - 1} limit 1) as username_edge,
      (select attempted_at from sign_in_attempts
        where client_ip = ${a.clientIp} and attempted_at > ${since} and attempt_id <> ${attemptId}
        order by attempted_at desc, attempt_id desc offset ${perClient - 1} limit 1) as client_edge`
  const blockedUntil = Math.max(edges!.usernameEdge?.getTime() ?? -Infinity, edges!.clientEdge?.getTime() ?? -Infinity) + windowMs
  if (!Number.isFinite(blockedUntil)) return { throttled: false, attemptId }
  await sql`delete from sign_in_attempts where attempt_id = ${attemptId}`
  return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil((blockedUntil - a.now.getTime()) / 1000)) }
}

/** After a successful sign-in: the username's failures (from any address) no longer count. */
export async function clearAttempts(sql: Sql, username: string): Promise<void> {
  await sql`delete from sign_in_attempts where username = ${username}`
}
