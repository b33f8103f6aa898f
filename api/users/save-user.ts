import type { z } from 'zod'
import { hashPassword } from '../auth/password-hash.js'
import type { UserRole } from '../auth/caller.js'
import { deleteUserSessions } from '../auth/sessions.repo.js'
import type { User, UserInputSchema, UserPatch } from '../contract/auth.js'
import type { Sql } from '../db/create-database.js'
import { AppError, type FieldError } from '../errors/app-error.js'
import { findCredentials, getUser, insertUser, storeIdsByCode, updateUserRow, userStoreIds, type UserChanges } from './users.repo.js'

export type NewUser = z.output<typeof UserInputSchema>

/**
 * Creates a user (API and CLI). 400 naming `#/stores` or `#/stores/i` when the stores do not fit
 * the role or a code is unknown; 409 naming `#/username` when it is taken.
 */
export async function createUser(sql: Sql, input: NewUser, now: Date): Promise<User> {
  const storeIds = await resolveStores(sql, input.role, input.stores)
  const userId = await insertUser(sql, {
    username: input.username,
    displayName: input.displayName ?? input.username,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    storeIds,
    now,
  })
  if (userId === undefined) throw new AppError('conflict', `A user named ${input.username} exists`, [{ pointer: '#/username', detail: 'already taken' }])
  return (await getUser(sql, input.username))!
}

/**
 * Changes a user (API and CLI). A new password ends the user's sessions except `keepSession`
 * (the admin's own, when changing their own account); disabling ends all of them at once.
 * Changing the role away from store_manager drops the stores; to store_manager needs stores.
 */
export async function changeUser(sql: Sql, username: string, patch: UserPatch, o: { now: Date; keepSession?: Buffer | undefined }): Promise<User> {
  const user = await findCredentials(sql, username)
  if (!user) throw new AppError('not_found', `No user named ${username}`, [{ parameter: 'username', detail: 'unknown user' }])
  const role = patch.role ?? user.role
  const changes: UserChanges = { displayName: patch.displayName, role: patch.role, now: o.now }
  if (patch.stores !== undefined) changes.storeIds = await resolveStores(sql, role, patch.stores)
  else if (role !== 'store_manager') changes.storeIds = []
  else if ((await userStoreIds(sql, user.userId)).length === 0) throw storesError([{ pointer: '#/stores', detail: 'a store_manager needs at least one store' }])
  if (patch.disabled === true && !user.disabled) changes.disabledAt = o.now
  if (patch.disabled === false) changes.disabledAt = null
  if (patch.password !== undefined) changes.passwordHash = await hashPassword(patch.password)
  await updateUserRow(sql, user.userId, changes)
  if (patch.disabled === true) await deleteUserSessions(sql, user.userId)
  else if (patch.password !== undefined) await deleteUserSessions(sql, user.userId, o.keepSession)
  return (await getUser(sql, user.username))!
}

/** Store codes → ids for a role: a store manager needs at least one store, the other roles none. */
async function resolveStores(sql: Sql, role: UserRole, codes: readonly string[]): Promise<number[]> {
  if (role !== 'store_manager') {
    if (codes.length > 0) throw storesError([{ pointer: '#/stores', detail: `a ${role} sees every store and takes no stores` }])
    return []
  }
  if (codes.length === 0) throw storesError([{ pointer: '#/stores', detail: 'a store_manager needs at least one store' }])
  const ids = await storeIdsByCode(sql, codes)
  const unknown: FieldError[] = codes.flatMap((code, i) => (ids.has(code) ? [] : [{ pointer: `#/stores/${i}`, detail: `no store with code ${code}` }]))
  if (unknown.length > 0) throw storesError(unknown)
  return [...new Set(ids.values())]
}

const storesError = (errors: FieldError[]) => new AppError('invalid_request', 'The stores do not fit the user', errors)
