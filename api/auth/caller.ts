/**
 * Who is calling, as established by an API key (`keyId`) or a signed-in user's session (`userId`).
 * - admin: everything.
 * - terminal: keys only; posts the sales of its one store (`storeId`).
 * - marketing: every store, customer-level data included.
 * - store_manager: only the stores in `storeIds`, aggregates only (no customer-level rows).
 */
export type Caller =
  | { role: 'admin'; keyId: number | null; userId: number | null; storeId: null; storeIds: null }
  | { role: 'terminal'; keyId: number; userId: null; storeId: number; storeIds: null }
  | { role: 'marketing'; keyId: number | null; userId: number | null; storeId: null; storeIds: null }
  | { role: 'store_manager'; keyId: number | null; userId: number | null; storeId: null; storeIds: number[] }

export type Role = Caller['role']

/** Roles a user account may have (terminals are keys, never people). */
export const USER_ROLES = ['admin', 'marketing', 'store_manager'] as const
export type UserRole = (typeof USER_ROLES)[number]

/** Every role, in the order help texts list them. */
export const ROLES = ['admin', 'terminal', 'marketing', 'store_manager'] as const satisfies readonly Role[]

/**
 * Whether the caller may read figures of this store: admin and marketing any store, a store
 * manager its own stores, a terminal its one store.
 * @example mayReadStore({ role: 'store_manager', …, storeIds: [1, 3] }, 2) // false
 */
export function mayReadStore(caller: Caller, storeId: number): boolean {
  switch (caller.role) {
    case 'admin':
    case 'marketing':
      return true
    case 'store_manager':
      return caller.storeIds.includes(storeId)
    case 'terminal':
      return caller.storeId === storeId
  }
}

/** Whether the caller may see customer-level data (single customers, their segments and scores): admin and marketing only. */
export function seesCustomers(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'marketing'
}

/** How the caller shows in logs and run rows: 'key 12' or 'user 3'. */
export function describeCaller(caller: Caller): string {
  return caller.userId !== null ? `user ${caller.userId}` : `key ${caller.keyId}`
}
