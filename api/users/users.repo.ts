import type { UserRole } from '../auth/caller.js'
import type { User } from '../contract/auth.js'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'

/** What sign-in and password changes need of a user. */
export type UserCredentials = { userId: number; username: string; role: UserRole; passwordHash: string; disabled: boolean }

export async function findCredentials(sql: Sql, username: string): Promise<UserCredentials | undefined> {
  const [row] = await sql<UserCredentials[]>`
    select user_id, username, role, password_hash, disabled_at is not null as disabled from users where username = ${username}`
  return row
}

export async function findCredentialsById(sql: Sql, userId: number): Promise<UserCredentials | undefined> {
  const [row] = await sql<UserCredentials[]>`
    select user_id, username, role, password_hash, disabled_at is not null as disabled from users where user_id = ${userId}`
  return row
}

const userColumns = (sql: Sql) => sql`
  u.username, u.display_name, u.role,
  array(select s.code from user_stores us join stores s using (store_id) where us.user_id = u.user_id order by s.code) as stores,
  u.disabled_at is not null as disabled,
  to_json(u.disabled_at)#>>'{}' as disabled_at, to_json(u.created_at)#>>'{}' as created_at,
  to_json(u.password_changed_at)#>>'{}' as password_changed_at`

export async function getUser(sql: Sql, username: string): Promise<User | undefined> {
  const [row] = await sql<User[]>`select ${userColumns(sql)} from users u where u.username = ${username}`
  return row
}

export async function listUsers(sql: Sql): Promise<User[]> {
  return sql<User[]>`select ${userColumns(sql)} from users u order by u.username`
}

export async function countUsers(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from users`
  return row!.n
}

/** Store ids by code, for the codes that exist. */
export async function storeIdsByCode(sql: Sql, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map()
  const rows = await sql<{ code: string; storeId: number }[]>`select code, store_id from stores where code in ${sql(codes)}`
  return new Map(rows.map((r) => [r.code, r.storeId]))
}

export type NewUserRow = { username: string; displayName: string; role: UserRole; passwordHash: string; storeIds: readonly number[]; now: Date }

/** Inserts a user and its stores; undefined when the username is taken. */
export async function insertUser(sql: Sql, u: NewUserRow): Promise<number | undefined> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ userId: number }[]>`
      insert into users (username, display_name, password_hash, role, created_at, password_changed_at)
      values (${u.username}, ${u.displayName}, ${u.passwordHash}, ${u.role}, ${u.now}, ${u.now})
      on conflict (username) do nothing
      returning user_id`
    if (!row) return undefined
    await replaceStores(tx as unknown as Sql, row.userId, u.storeIds)
    return row.userId
  })
}

export type UserChanges = {
  displayName?: string | undefined
  role?: UserRole | undefined
  storeIds?: readonly number[] | undefined
  disabledAt?: Date | null | undefined
  passwordHash?: string | undefined
  now: Date
}

/**
 * Applies the given changes to a user in one transaction. 409 naming `#/role` or `#/disabled` when
 * they would demote or disable the last enabled admin user: the dashboard would have nobody left to
 * manage users (an admin key from the CLI could still recover, but only with shell access).
 */
export async function updateUserRow(sql: Sql, userId: number, ch: UserChanges): Promise<void> {
  await sql.begin(async (tx) => {
    const [before] = await tx<{ role: UserRole; disabledAt: Date | null }[]>`select role, disabled_at from users where user_id = ${userId} for update`
    const demoted = ch.role !== undefined && ch.role !== 'admin'
    if (before?.role === 'admin' && before.disabledAt === null && (demoted || ch.disabledAt instanceof Date)) {
      // Locks every enabled admin, so two admins demoting each other at once cannot both succeed.
      const others = await tx`select user_id from users where role = 'admin' and disabled_at is null and user_id <> ${userId} order by user_id for update`
      if (others.length === 0) {
        throw new AppError('conflict', 'This is the last enabled admin user: make another user admin first', [
          { pointer: demoted ? '#/role' : '#/disabled', detail: demoted ? 'the last enabled admin cannot leave the admin role' : 'the last enabled admin cannot be disabled' },
        ])
      }
    }
    if (ch.displayName !== undefined) await tx`update users set display_name = ${ch.displayName} where user_id = ${userId}`
    if (ch.role !== undefined) await tx`update users set role = ${ch.role} where user_id = ${userId}`
    if (ch.disabledAt !== undefined) await tx`update users set disabled_at = ${ch.disabledAt} where user_id = ${userId}`
    if (ch.passwordHash !== undefined) await tx`update users set password_hash = ${ch.passwordHash}, password_changed_at = ${ch.now} where user_id = ${userId}`
    if (ch.storeIds !== undefined) await replaceStores(tx as unknown as Sql, userId, ch.storeIds)
  })
}

async function replaceStores(sql: Sql, userId: number, storeIds: readonly number[]): Promise<void> {
  await sql`delete from user_stores where user_id = ${userId}`
  if (storeIds.length > 0) await sql`insert into user_stores ${sql(storeIds.map((storeId) => ({ userId, storeId })))}`
}

/** A user's stores, by id. */
export async function userStoreIds(sql: Sql, userId: number): Promise<number[]> {
  const rows = await sql<{ storeId: number }[]>`select store_id from user_stores where user_id = ${userId} order by store_id`
  return rows.map((r) => r.storeId)
}
