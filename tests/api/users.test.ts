import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../api/auth/auth.repo.js'
import { verifyPassword } from '../../api/auth/password-hash.js'
import type { Database } from '../../api/db/create-database.js'
import { ensureDemoUsers } from '../../api/demo/demo-users.js'
import { upsertStores } from '../../api/stores/stores.repo.js'
import { appOn, send, signIn, type App } from '../helpers/auth-client.js'
import { createTestDb } from '../helpers/test-db.js'
import { TEST_STORES, expectProblem as problemOf } from '../helpers/test-api.js'

const T0 = new Date('2026-11-24T12:00:00Z')
let clock = T0
const now = () => clock

let db: Database
let app: App
let adminKey: string
beforeAll(async () => {
  db = await createTestDb()
  await upsertStores(db.sql, [...TEST_STORES, { ...TEST_STORES[0]!, code: 'S003', name: 'Test Three' }])
  adminKey = (await createApiKey(db.sql, { role: 'admin', storeId: null, name: 'admin' })).key
  app = appOn(db, now)
})
afterAll(() => db.close())

const body = async (res: Response) => (await res.json()) as any
async function expectProblem(res: Response, status: number) {
  const { requestId, ...rest } = await problemOf(res, status)
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
  return rest
}
const asAdmin = (method: string, path: string, payload?: unknown) => send(app, method, path, payload, { key: adminKey })
const userCount = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from users`)[0]!.n
const hashOf = async (username: string) => (await db.sql<{ passwordHash: string }[]>`select password_hash from users where username = ${username}`)[0]?.passwordHash
const invalid = (instance: string, detail: string, errors: unknown[]) => ({ type: '/problems/invalid_request', title: 'Invalid request', status: 400, detail, instance, errors })

const at = (d: Date) => ({ createdAt: d, passwordChangedAt: d })
const userBody = (u: { username: string; displayName: string; role: string; stores: string[]; disabled?: boolean }) => ({
  disabled: false, disabledAt: null, ...u,
})
/** Timestamps come back as PostgreSQL writes them (offset per session time zone): compare as instants. */
const instants = (u: any) => ({ ...u, createdAt: new Date(u.createdAt), passwordChangedAt: new Date(u.passwordChangedAt), disabledAt: u.disabledAt && new Date(u.disabledAt) })

describe('POST /v1/users', () => {
  it('creates a store manager with stores, lower-casing the username and hashing the password', async () => {
    const res = await asAdmin('POST', '/v1/users', { username: 'Sara.Manager', displayName: 'Sara', role: 'store_manager', stores: ['S002', 'S001'], password: 'sara password 1' })
    expect(res.status).toBe(201)
    expect(instants(await body(res))).toEqual({ ...userBody({ username: 'sara.manager', displayName: 'Sara', role: 'store_manager', stores: ['S001', 'S002'] }), ...at(T0) })
    const hash = (await hashOf('sara.manager'))!
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(hash).not.toContain('sara password 1')
    expect([await verifyPassword('sara password 1', hash), await verifyPassword('sara password 2', hash)]).toEqual([true, false])
    const session = await signIn(app, 'sara.manager', 'sara password 1')
    expect((await body(session.res)).user).toEqual({ username: 'sara.manager', displayName: 'Sara', role: 'store_manager', stores: ['S001', 'S002'] })
  })

  it('names each field at fault: unknown store, stores that do not fit the role, short password, bad username; 409 for a taken name; stores nothing', async () => {
    const before = await userCount()
    const cases: [unknown, number, unknown][] = [
      [{ username: 'x1', role: 'store_manager', stores: ['S001', 'S999'], password: 'long enough pw' }, 400,
        invalid('/v1/users', 'The stores do not fit the user', [{ pointer: '#/stores/1', detail: 'no store with code S999' }])],
      [{ username: 'x2', role: 'store_manager', password: 'long enough pw' }, 400,
        invalid('/v1/users', 'The stores do not fit the user', [{ pointer: '#/stores', detail: 'a store_manager needs at least one store' }])],
      [{ username: 'x3', role: 'marketing', stores: ['S001'], password: 'long enough pw' }, 400,
        invalid('/v1/users', 'The stores do not fit the user', [{ pointer: '#/stores', detail: 'a marketing sees every store and takes no stores' }])],
      [{ username: 'x4', role: 'admin', password: 'too short' }, 400,
        invalid('/v1/users', 'Request body failed validation', [{ pointer: '#/password', detail: 'at least 12 characters' }])],
      [{ username: 'no spaces', role: 'admin', password: 'long enough pw' }, 400,
        invalid('/v1/users', 'Request body failed validation', [{ pointer: '#/username', detail: 'letters, digits, ".", "_", "@" and "-", starting with a letter or digit, 1 to 64 characters' }])],
      [{ username: 'SARA.MANAGER', role: 'admin', password: 'long enough pw' }, 409,
        { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'A user named sara.manager exists', instance: '/v1/users', errors: [{ pointer: '#/username', detail: 'already taken' }] }],
    ]
    for (const [payload, status, problem] of cases) expect(await expectProblem(await asAdmin('POST', '/v1/users', payload), status)).toEqual(problem)
    expect(await userCount()).toBe(before)
  })
})

describe('GET /v1/users and PATCH /v1/users/{username}', () => {
  beforeAll(async () => {
    for (const [username, role, stores] of [['pat', 'marketing', []], ['quinn', 'store_manager', ['S003']], ['rob', 'admin', []]] as const) {
      expect((await asAdmin('POST', '/v1/users', { username, role, stores, password: `${username} password!` })).status).toBe(201)
    }
  })

  it('lists users by username without password hashes', async () => {
    const res = await asAdmin('GET', '/v1/users')
    expect(res.status).toBe(200)
    const { items } = await body(res)
    expect(items.map(instants)).toEqual([
      { ...userBody({ username: 'pat', displayName: 'pat', role: 'marketing', stores: [] }), ...at(T0) },
      { ...userBody({ username: 'quinn', displayName: 'quinn', role: 'store_manager', stores: ['S003'] }), ...at(T0) },
      { ...userBody({ username: 'rob', displayName: 'rob', role: 'admin', stores: [] }), ...at(T0) },
      { ...userBody({ username: 'sara.manager', displayName: 'Sara', role: 'store_manager', stores: ['S001', 'S002'] }), ...at(T0) },
    ])
    expect(JSON.stringify(items)).not.toMatch(/scrypt|password_hash|passwordHash/)
  })

  it('changes display name, role and stores; leaving store_manager drops the stores, entering it needs some', async () => {
    const renamed = await asAdmin('PATCH', '/v1/users/PAT', { displayName: 'Pat Jones', role: 'store_manager', stores: ['S001'] })
    expect([renamed.status, (await body(renamed)).stores, await body(await asAdmin('GET', '/v1/users/pat')).then((u: any) => u.displayName)]).toEqual([200, ['S001'], 'Pat Jones'])
    const moved = await body(await asAdmin('PATCH', '/v1/users/pat', { role: 'marketing' }))
    expect([moved.role, moved.stores]).toEqual(['marketing', []])
    expect(await db.sql`select 1 from user_stores join users using (user_id) where username = 'pat'`).toEqual([])
    expect(await expectProblem(await asAdmin('PATCH', '/v1/users/pat', { role: 'store_manager' }), 400)).toEqual(
      invalid('/v1/users/pat', 'The stores do not fit the user', [{ pointer: '#/stores', detail: 'a store_manager needs at least one store' }]),
    )
    expect(await expectProblem(await asAdmin('PATCH', '/v1/users/quinn', { stores: ['S001', 'NOPE'] }), 400)).toEqual(
      invalid('/v1/users/quinn', 'The stores do not fit the user', [{ pointer: '#/stores/1', detail: 'no store with code NOPE' }]),
    )
    expect((await body(await asAdmin('PATCH', '/v1/users/quinn', { stores: ['S002', 'S001'] }))).stores).toEqual(['S001', 'S002'])
  })

  it('answers 404 naming the username, and 400 for an empty change', async () => {
    expect(await expectProblem(await asAdmin('PATCH', '/v1/users/nobody', { displayName: 'X' }), 404)).toEqual({
      type: '/problems/not_found', title: 'Not found', status: 404, detail: 'No user named nobody', instance: '/v1/users/nobody', errors: [{ parameter: 'username', detail: 'unknown user' }],
    })
    expect(await expectProblem(await asAdmin('PATCH', '/v1/users/pat', {}), 400)).toEqual(
      invalid('/v1/users/pat', 'Request body failed validation', [{ pointer: '#', detail: 'at least one field to change' }]),
    )
  })

  it("sets a new password: the user's sessions end, the old password stops working, the new one works", async () => {
    clock = new Date(T0.getTime() + 60_000)
    const before = await signIn(app, 'rob', 'rob password!')
    expect(before.res.status).toBe(200)
    const res = await asAdmin('PATCH', '/v1/users/rob', { password: 'a brand new password' })
    expect(new Date((await body(res)).passwordChangedAt)).toEqual(clock)
    expect((await send(app, 'GET', '/v1/auth/session', undefined, { cookie: before.cookie })).status).toBe(401)
    expect((await signIn(app, 'rob', 'rob password!')).res.status).toBe(401)
    expect((await signIn(app, 'rob', 'a brand new password')).res.status).toBe(200)
  })

  it('works from an admin session with the CSRF token, and keeps that session when the admin changes their own password', async () => {
    const rob = await signIn(app, 'rob', 'a brand new password')
    const other = await signIn(app, 'rob', 'a brand new password')
    const res = await send(app, 'PATCH', '/v1/users/rob', { password: 'rob changes rob' }, { cookie: rob.cookie, csrf: rob.csrf })
    expect(res.status).toBe(200)
    expect((await send(app, 'GET', '/v1/users', undefined, { cookie: rob.cookie })).status).toBe(200)
    expect((await send(app, 'GET', '/v1/users', undefined, { cookie: other.cookie })).status).toBe(401)
  })

  it('is admin only: a store manager session and a marketing key get 403', async () => {
    const quinn = await signIn(app, 'quinn', 'quinn password!')
    expect((await expectProblem(await send(app, 'GET', '/v1/users', undefined, { cookie: quinn.cookie }), 403)).detail).toBe('A store_manager user may not use this endpoint')
    const { key } = await createApiKey(db.sql, { role: 'marketing', storeId: null, name: 'mkt' })
    const res = await send(app, 'POST', '/v1/users', { username: 'sneaky', role: 'admin', password: 'long enough pw' }, { key })
    expect((await expectProblem(res, 403)).errors).toEqual([{ parameter: 'Authorization', detail: 'needs one of: admin' }])
    expect(await hashOf('sneaky')).toBeUndefined()
  })

  it('keeps one enabled admin user: demoting or disabling the last is 409 naming the field, and changes nothing', async () => {
    const conflict = (pointer: string, detail: string) => ({
      type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'This is the last enabled admin user: make another user admin first', instance: '/v1/users/rob', errors: [{ pointer, detail }],
    })
    const robRow = async () => (await db.sql<{ role: string; disabledAt: Date | null }[]>`select role, disabled_at from users where username = 'rob'`)[0]
    expect(await expectProblem(await asAdmin('PATCH', '/v1/users/rob', { role: 'marketing' }), 409)).toEqual(conflict('#/role', 'the last enabled admin cannot leave the admin role'))
    expect(await expectProblem(await asAdmin('PATCH', '/v1/users/rob', { disabled: true, displayName: 'Gone' }), 409)).toEqual(conflict('#/disabled', 'the last enabled admin cannot be disabled'))
    expect(await robRow()).toEqual({ role: 'admin', disabledAt: null })
    expect((await body(await asAdmin('GET', '/v1/users/rob'))).displayName).toBe('rob')

    // With a second admin, either may step down, but not both.
    expect((await asAdmin('POST', '/v1/users', { username: 'uma', role: 'admin', password: 'uma password!' })).status).toBe(201)
    expect((await asAdmin('PATCH', '/v1/users/rob', { role: 'marketing' })).status).toBe(200)
    expect((await expectProblem(await asAdmin('PATCH', '/v1/users/uma', { disabled: true }), 409)).errors).toEqual([{ pointer: '#/disabled', detail: 'the last enabled admin cannot be disabled' }])
    expect((await asAdmin('PATCH', '/v1/users/rob', { role: 'admin' })).status).toBe(200)
    expect((await asAdmin('PATCH', '/v1/users/uma', { disabled: true })).status).toBe(200)
    expect(await robRow()).toEqual({ role: 'admin', disabledAt: null })
  })
})

describe('POST /v1/auth/password', () => {
  beforeAll(async () => {
    expect((await asAdmin('POST', '/v1/users', { username: 'tess', role: 'marketing', password: 'tess password!' })).status).toBe(201)
  })

  it('refuses a wrong current password naming the field, and changes nothing', async () => {
    const tess = await signIn(app, 'tess', 'tess password!')
    const hash = await hashOf('tess')
    const res = await send(app, 'POST', '/v1/auth/password', { currentPassword: 'not it at all', newPassword: 'tess new password' }, { cookie: tess.cookie, csrf: tess.csrf })
    expect(await expectProblem(res, 400)).toEqual(invalid('/v1/auth/password', 'The current password is not right', [{ pointer: '#/currentPassword', detail: 'does not match' }]))
    expect(await hashOf('tess')).toBe(hash)
  })

  it('changes the password with the current one, ends the other sessions and keeps this one', async () => {
    const here = await signIn(app, 'tess', 'tess password!')
    const elsewhere = await signIn(app, 'tess', 'tess password!')
    const res = await send(app, 'POST', '/v1/auth/password', { currentPassword: 'tess password!', newPassword: 'tess new password' }, { cookie: here.cookie, csrf: here.csrf })
    expect(res.status).toBe(204)
    expect((await send(app, 'GET', '/v1/auth/session', undefined, { cookie: here.cookie })).status).toBe(200)
    expect((await send(app, 'GET', '/v1/auth/session', undefined, { cookie: elsewhere.cookie })).status).toBe(401)
    expect([(await signIn(app, 'tess', 'tess password!')).res.status, (await signIn(app, 'tess', 'tess new password')).res.status]).toEqual([401, 200])
  })

  it('needs the CSRF token and a session (an admin key has no password)', async () => {
    const tess = await signIn(app, 'tess', 'tess new password')
    expect((await expectProblem(await send(app, 'POST', '/v1/auth/password', { currentPassword: 'tess new password', newPassword: 'x'.repeat(12) }, { cookie: tess.cookie }), 403)).errors).toEqual([
      { parameter: 'X-CSRF-Token', detail: 'missing' },
    ])
    expect((await expectProblem(await asAdmin('POST', '/v1/auth/password', { currentPassword: 'whatever', newPassword: 'x'.repeat(12) }), 403)).errors).toEqual([
      { parameter: 'Cookie', detail: 'no session' },
    ])
  })
})

describe('demo users', () => {
  it('are made once, only into a database without users: admin, marketing and the manager of the first store', async () => {
    const empty = await createTestDb()
    try {
      await upsertStores(empty.sql, TEST_STORES)
      const made = await ensureDemoUsers(empty.sql)
      expect(made.map(({ password, ...u }) => u)).toEqual([
        { username: 'admin', role: 'admin', stores: [] },
        { username: 'marketing', role: 'marketing', stores: [] },
        { username: 'manager-s001', role: 'store_manager', stores: ['S001'] },
      ])
      expect(new Set(made.map((u) => u.password)).size).toBe(3)
      for (const u of made) {
        expect(u.password).toMatch(/^[A-Za-z0-9_-]{16}$/)
        const { res } = await signIn(appOn(empty, () => new Date()), u.username, u.password)
        expect(res.status).toBe(200)
      }
      expect(await ensureDemoUsers(empty.sql)).toEqual([])
      expect(await ensureDemoUsers(db.sql)).toEqual([]) // this file's database has users
    } finally {
      await empty.close()
    }
  })
})
