import { describe, expect, it } from 'vitest'
import { describeCaller, mayReadStore, seesCustomers, type Caller } from './caller.js'

const admin: Caller = { role: 'admin', keyId: 1, userId: null, storeId: null, storeIds: null }
const terminal: Caller = { role: 'terminal', keyId: 2, userId: null, storeId: 7, storeIds: null }
const marketing: Caller = { role: 'marketing', keyId: null, userId: 3, storeId: null, storeIds: null }
const manager: Caller = { role: 'store_manager', keyId: null, userId: 4, storeId: null, storeIds: [1, 3] }

describe('mayReadStore', () => {
  it('lets admin and marketing read every store, a store manager only its own, a terminal only its one', () => {
    expect([1, 2, 3, 7].map((s) => mayReadStore(admin, s))).toEqual([true, true, true, true])
    expect([1, 2, 3, 7].map((s) => mayReadStore(marketing, s))).toEqual([true, true, true, true])
    expect([1, 2, 3, 7].map((s) => mayReadStore(manager, s))).toEqual([true, false, true, false])
    expect([1, 2, 3, 7].map((s) => mayReadStore(terminal, s))).toEqual([false, false, false, true])
  })
})

describe('seesCustomers', () => {
  it('shows customer-level data to admin and marketing only', () => {
    expect([admin, terminal, marketing, manager].map(seesCustomers)).toEqual([true, false, true, false])
  })
})

describe('describeCaller', () => {
  it('names the user of a session and the key otherwise', () => {
    expect([admin, terminal, marketing, manager].map(describeCaller)).toEqual(['key 1', 'key 2', 'user 3', 'user 4'])
  })
})
