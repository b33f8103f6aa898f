import type { Sql } from '../db/create-database.js'
import type { UserRole } from './caller.js'
import { generateCsrfToken, generateSessionToken } from './session-token.js'

/** How long sessions live; from config SESSION_IDLE_MINUTES and SESSION_LIFETIME_HOURS. */
export type SessionTimeouts = { idleMs: number; lifetimeMs: number }

/** A session found valid for this request, with its user as stored now (role and stores read live). */
export type ActiveSession = {
  sha256: Buffer
  csrfToken: string
  userId: number
  username: string
  displayName: string
  role: UserRole
  /** Store ids and codes of a store manager's stores; empty for the other roles. */
  storeIds: number[]
  storeCodes: string[]
}

/** Opens a session for a user; the token (for the cookie) is returned once, only its hash is kept. */
export async function createSession(
  sql: Sql,
  s: { userId: number; userAgent: string | null; now: Date; lifetimeMs: number },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const { token, sha256 } = generateSessionToken()
  const csrfToken = generateCsrfToken()
  const expiresAt = new Date(s.now.getTime() + s.lifetimeMs)
  await sql`
    insert into sessions (session_sha256, user_id, csrf_token, user_agent, created_at, last_seen_at, expires_at)
    values (${sha256}, ${s.userId}, ${csrfToken}, ${s.userAgent?.slice(0, 500) ?? null}, ${s.now}, ${s.now}, ${expiresAt})`
  return { token, csrfToken, expiresAt }
}

/**
 * The session of a token hash if it is still valid at `now`: not past its absolute expiry, used
 * within the idle timeout, and its user not disabled. Marks it used (one statement).
 */
export async function touchSession(sql: Sql, sha256: Buffer, now: Date, t: SessionTimeouts): Promise<ActiveSession | undefined> {
  const idleSince = new Date(now.getTime() - t.idleMs)
  const [row] = await sql<Omit<ActiveSession, 'sha256'>[]>`
    update sessions s set last_seen_at = ${now}
    from users u
    where s.session_sha256 = ${sha256} and u.user_id = s.user_id and u.disabled_at is null
      and s.expires_at > ${now} and s.last_seen_at > ${idleSince}
    returning s.csrf_token, u.user_id, u.username, u.display_name, u.role,
      array(select us.store_id from user_stores us where us.user_id = u.user_id order by us.store_id) as store_ids,
      array(select st.code from user_stores us join stores st using (store_id) where us.user_id = u.user_id order by st.code) as store_codes`
  return row ? { ...row, sha256 } : undefined
}

export async function deleteSession(sql: Sql, sha256: Buffer): Promise<void> {
  await sql`delete from sessions where session_sha256 = ${sha256}`
}

/** Ends every session of a user, except `keep` (the session making the change, when there is one). */
export async function deleteUserSessions(sql: Sql, userId: number, keep?: Buffer): Promise<number> {
  const rows = keep
    ? await sql`delete from sessions where user_id = ${userId} and session_sha256 <> ${keep} returning 1`
    : await sql`delete from sessions where user_id = ${userId} returning 1`
  return rows.length
}

/** Deletes sessions that can no longer be used at `now` (expired or idle too long). */
export async function pruneSessions(sql: Sql, now: Date, t: SessionTimeouts): Promise<void> {
  await sql`delete from sessions where expires_at <= ${now} or last_seen_at <= ${new Date(now.getTime() - t.idleMs)}`
}
