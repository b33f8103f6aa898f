import { randomBytes } from 'node:crypto'
import type { UserRole } from '../auth/caller.js'
import type { Sql } from '../db/create-database.js'
import { createUser } from '../users/save-user.js'
import { countUsers } from '../users/users.repo.js'

export type DemoUser = { username: string; role: UserRole; stores: string[]; password: string }

/**
 * The demo's three users, made only when the database has no user at all: an admin, a marketing
 * user and the manager of the first store. Each gets a random password (96 bits), returned once
 * for the console and stored only as a hash; there is no fixed demo password, because a demo
 * database is easily copied or exposed. Lost passwords: `basketwise users set-password`.
 */
export async function ensureDemoUsers(sql: Sql, now = new Date()): Promise<DemoUser[]> {
  if ((await countUsers(sql)) > 0) return []
  const [first] = await sql<{ code: string }[]>`select code from stores order by store_id limit 1`
  const wanted: Omit<DemoUser, 'password'>[] = [
    { username: 'admin', role: 'admin', stores: [] },
    { username: 'marketing', role: 'marketing', stores: [] },
    ...(first ? [{ username: `manager-${first.code.toLowerCase()}`, role: 'store_manager' as const, stores: [first.code] }] : []),
  ]
  const made: DemoUser[] = []
  for (const u of wanted) {
    const password = randomBytes(12).toString('base64url')
    await createUser(sql, { ...u, displayName: DISPLAY_NAMES[u.role], password }, now)
    made.push({ ...u, password })
  }
  return made
}

const DISPLAY_NAMES: Record<UserRole, string> = { admin: 'Demo admin', marketing: 'Demo marketing', store_manager: 'Demo store manager' }
