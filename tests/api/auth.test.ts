import { createHash } from 'node:crypto'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authenticate, DEFAULT_SESSION_TIMEOUTS } from '../../api/auth/access.js'
import { createApiKey } from '../../api/auth/auth.repo.js'
import { verifyPassword } from '../../api/auth/password-hash.js'
import type { AuthEnv } from '../../api/auth/require-key.js'
import type { Database } from '../../api/db/create-database.js'
import { findStoreByCode, upsertStores } from '../../api/stores/stores.repo.js'
import { createUser } from '../../api/users/save-user.js'
import { appOn, send, signIn, type App, type As } from '../helpers/auth-client.js'
import { createTestDb } from '../helpers/test-db.js'
import { TEST_STORES, expectProblem as problemOf } from '../helpers/test-api.js'

const PASSWORD = 'correct horse battery'
const MINUTE = 60_000

let db: Database
let app: App
let clock = new Date('2026-11-24T12:00:00Z')
const now = () => clock
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms))
let s001: number
let s002: number
const keys = { admin: '', marketing: '', manager: '', terminal: '' }

beforeAll(async () => {
  db = await createTestDb()
  await upsertStores(db.sql, TEST_STORES)
  s001 = (await findStoreByCode(db.sql, 'S001'))!.storeId
  s002 = (await findStoreByCode(db.sql, 'S002'))!.storeId
  const user = (username: string, role: 'admin' | 'marketing' | 'store_manager', stores: string[] = []) =>
    createUser(db.sql, { username, role, stores, displayName: username.toUpperCase(), password: PASSWORD }, clock)
  for (const name of ['anna', 'csrf', 'idle', 'long', 'gone', 'cut']) await user(name, 'admin')
  for (const name of ['mark', 'ivy', 'mia']) await user(name, 'marketing')
  await user('sam', 'store_manager', ['S002'])
  keys.admin = (await createApiKey(db.sql, { role: 'admin', storeId: null, name: 'admin' })).key
  keys.marketing = (await createApiKey(db.sql, { role: 'marketing', storeId: null, name: 'mkt' })).key
  keys.manager = (await createApiKey(db.sql, { role: 'store_manager', storeId: null, storeIds: [s001, s002], name: 'mgr' })).key
  keys.terminal = (await createApiKey(db.sql, { role: 'terminal', storeId: s001, name: 'lane' })).key
  app = appOn(db, now)
})
afterAll(() => db.close())

const body = async (res: Response) => (await res.json()) as any
/** The problem body of an error answer without its request id (a fresh UUID each time). */
async function expectProblem(res: Response, status: number) {
  const { requestId, ...rest } = await problemOf(res, status)
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
  return rest
}
const sessionRows = async (username: string) =>
  (await db.sql<{ n: number }[]>`select count(*)::int as n from sessions join users using (user_id) where username = ${username}`)[0]!.n

const UNAUTHORIZED_SIGN_IN = {
  type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'The username or password is not right',
  instance: '/v1/auth/sign-in', errors: [{ pointer: '#/password', detail: 'username or password not right' }],
}
const ENDED = (instance: string) => ({
  type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'The session has ended; sign in again',
  instance, errors: [{ parameter: 'Cookie', detail: 'bw_session expired or ended' }],
})
const CLEARED_COOKIE = 'bw_session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict'

describe('POST /v1/auth/sign-in', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict session cookie, stores only its hash, and returns the user and CSRF token', async () => {
    const { res, token, cookie, csrf } = await signIn(app, ' Anna ', PASSWORD, { userAgent: 'vitest-browser' })
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toBe(`bw_session=${token}; Max-Age=43200; Path=/; HttpOnly; Secure; SameSite=Strict`)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await body(res)).toEqual({ user: { username: 'anna', displayName: 'ANNA', role: 'admin', stores: [] }, csrfToken: csrf })
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const rows = await db.sql<{ sessionSha256: Buffer; csrfToken: string; userAgent: string; expiresAt: Date }[]>`
      select session_sha256, csrf_token, user_agent, expires_at from sessions join users using (user_id) where username = 'anna'`
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { sessionSha256: createHash('sha256').update(token).digest(), csrfToken: csrf, userAgent: 'vitest-browser', expiresAt: new Date(clock.getTime() + 12 * 60 * MINUTE) },
    ])
    const session = await send(app, 'GET', '/v1/auth/session', undefined, { cookie })
    expect(session.status).toBe(200)
    expect(await body(session)).toEqual({ user: { username: 'anna', displayName: 'ANNA', role: 'admin', stores: [] }, csrfToken: csrf })
  })

  it('answers an unknown user, a wrong password and a disabled user alike, with no cookie', async () => {
    await db.sql`update users set disabled_at = ${clock} where username = 'gone'`
    const answers = []
    for (const [username, password] of [['nobody', PASSWORD], ['anna', 'wrong password!'], ['gone', PASSWORD]] as const) {
      const res = await send(app, 'POST', '/v1/auth/sign-in', { username, password }, { ip: '198.51.100.7' })
      answers.push({ status: res.status, type: res.headers.get('content-type'), cookie: res.headers.get('set-cookie'), body: await expectProblem(res.clone(), 401) })
    }
    const expected = { status: 401, type: 'application/problem+json', cookie: null, body: UNAUTHORIZED_SIGN_IN }
    expect(answers).toEqual([expected, expected, expected])
  })

  it('spends a password verification on an unknown user too (no timing difference to find users by)', async () => {
    const hash = (await db.sql<{ passwordHash: string }[]>`select password_hash from users where username = 'anna'`)[0]!.passwordHash
    let verifyMs = Infinity
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      await verifyPassword('wrong password!', hash)
      verifyMs = Math.min(verifyMs, performance.now() - t0)
    }
    const t0 = performance.now()
    const res = await send(app, 'POST', '/v1/auth/sign-in', { username: 'no-such-user', password: 'wrong password!' }, { ip: '198.51.100.8' })
    const unknownMs = performance.now() - t0
    expect(res.status).toBe(401)
    // A lower bound only: load makes a request slower, never faster than the scrypt inside it.
    expect(unknownMs).toBeGreaterThan(0.5 * verifyMs)
  })
})

describe('sign-in throttling', () => {
  it('refuses the 6th attempt for a username with 429 and Retry-After even with the right password, across a new app, until the window passes', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await send(app, 'POST', '/v1/auth/sign-in', { username: 'mark', password: `wrong password ${i}` }, { ip: `203.0.113.${i}` })).status).toBe(401)
      advance(MINUTE)
    }
    const refused = await send(app, 'POST', '/v1/auth/sign-in', { username: 'MARK', password: PASSWORD }, { ip: '203.0.113.99' })
    expect(refused.headers.get('retry-after')).toBe(String(15 * 60 - 5 * 60)) // the first failure leaves the window in 10 minutes
    expect(refused.headers.get('set-cookie')).toBeNull()
    expect(await expectProblem(refused, 429)).toEqual({
      type: '/problems/too_many_requests', title: 'Too many requests', status: 429, detail: 'Too many failed sign-ins; try again in 600 s',
      instance: '/v1/auth/sign-in', errors: [{ pointer: '#/username', detail: 'too many failed sign-ins for this user or from this address' }],
    })

    const restarted = appOn(db, now) // another process, or this one after a restart
    expect((await send(restarted, 'POST', '/v1/auth/sign-in', { username: 'mark', password: PASSWORD })).status).toBe(429)
    advance(10 * MINUTE - 1000)
    const stillRefused = await send(restarted, 'POST', '/v1/auth/sign-in', { username: 'mark', password: PASSWORD })
    expect([stillRefused.status, stillRefused.headers.get('retry-after')]).toEqual([429, '1'])
    advance(1000) // the first failure leaves the window: four remain
    expect((await signIn(restarted, 'mark', PASSWORD)).res.status).toBe(200)
    expect(await db.sql`select 1 from sign_in_attempts where username = 'mark'`).toEqual([])
  })

  it('resets the username count on success, so earlier failures do not add up with later ones', async () => {
    for (let i = 0; i < 4; i++) expect((await send(app, 'POST', '/v1/auth/sign-in', { username: 'ivy', password: 'nope nope nope' })).status).toBe(401)
    expect((await signIn(app, 'ivy', PASSWORD)).res.status).toBe(200)
    for (let i = 0; i < 4; i++) expect((await send(app, 'POST', '/v1/auth/sign-in', { username: 'ivy', password: 'nope nope nope' })).status).toBe(401)
    expect((await signIn(app, 'ivy', PASSWORD)).res.status).toBe(200)
  })

  it('refuses a client address after 20 failures over any usernames, while other addresses still sign in; old rows are pruned', async () => {
    const ip = '198.51.100.200'
    for (let i = 0; i < 20; i++) expect((await send(app, 'POST', '/v1/auth/sign-in', { username: `guess-${i}`, password: 'nope nope nope' }, { ip })).status).toBe(401)
    const refused = await send(app, 'POST', '/v1/auth/sign-in', { username: 'mia', password: PASSWORD }, { ip })
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '900'])
    expect((await signIn(app, 'mia', PASSWORD, { ip: '198.51.100.201' })).res.status).toBe(200)
    advance(15 * MINUTE)
    expect((await signIn(app, 'mia', PASSWORD, { ip })).res.status).toBe(200)
    expect(await db.sql`select username from sign_in_attempts where attempted_at <= ${new Date(clock.getTime() - 15 * MINUTE)}`).toEqual([])
  })
  it('behind a trusted proxy counts by the address the proxy saw, which a client cannot forge; without trusted hops the header is ignored', async () => {
    advance(15 * MINUTE) // earlier tests' failures out of the window
    const proxied = appOn(db, now, 1)
    const proxy = '10.0.0.1' // every request arrives from the proxy
    const via = (client: string, forged?: string) => ({ ip: proxy, forwardedFor: forged ? `${forged}, ${client}` : client })
    for (let i = 0; i < 20; i++) {
      // The client writes a different X-Forwarded-For each time; the proxy appends what it saw.
      expect((await send(proxied, 'POST', '/v1/auth/sign-in', { username: `proxied-${i}`, password: 'nope nope nope' }, via('198.51.100.77', `192.0.2.${i}`))).status).toBe(401)
    }
    expect((await send(proxied, 'POST', '/v1/auth/sign-in', { username: 'mia', password: PASSWORD }, via('198.51.100.77', '192.0.2.250'))).status).toBe(429)
    // Another client behind the same proxy is not held back, nor is the proxy's own address counted.
    expect((await signIn(proxied, 'mia', PASSWORD, via('198.51.100.78'))).res.status).toBe(200)
    expect(await db.sql`select distinct client_ip from sign_in_attempts where username like 'proxied-%'`).toEqual([{ clientIp: '198.51.100.77' }])

    // With no trusted hops (the default), the same header is the client's word and counts for nothing.
    const direct = appOn(db, now)
    expect((await send(direct, 'POST', '/v1/auth/sign-in', { username: 'ivy', password: 'nope nope nope' }, via('198.51.100.79'))).status).toBe(401)
    expect(await db.sql`select client_ip from sign_in_attempts where username = 'ivy'`).toEqual([{ clientIp: proxy }])
  })
})

describe('CSRF', () => {
  let as: As
  beforeAll(async () => {
    const s = await signIn(app, 'csrf', PASSWORD)
    as = { cookie: s.cookie, csrf: s.csrf }
  })
  const store = (code: string) => ({ code, name: 'CSRF test', region: 'East', format: 'convenience' })
  const storeExists = async (code: string) => (await db.sql`select 1 from stores where code = ${code}`).length === 1

  it('refuses a write with the session cookie but without the X-CSRF-Token header, or with another token, and stores nothing', async () => {
    const missing = await send(app, 'POST', '/v1/stores', store('C1'), { cookie: as.cookie })
    expect(await expectProblem(missing, 403)).toEqual({
      type: '/problems/forbidden', title: 'Forbidden', status: 403, detail: 'A request with the session cookie that changes state must send the X-CSRF-Token header',
      instance: '/v1/stores', errors: [{ parameter: 'X-CSRF-Token', detail: 'missing' }],
    })
    const wrong = await send(app, 'POST', '/v1/stores', store('C1'), { cookie: as.cookie, csrf: 'A'.repeat(43) })
    expect((await expectProblem(wrong, 403)).errors).toEqual([{ parameter: 'X-CSRF-Token', detail: 'does not match the session' }])
    expect(await storeExists('C1')).toBe(false)
  })

  it('accepts the write with the token, from no Origin or from this server\'s own', async () => {
    expect((await send(app, 'POST', '/v1/stores', store('C2'), as)).status).toBe(201)
    expect((await send(app, 'POST', '/v1/stores', store('C3'), { ...as, origin: 'http://localhost' })).status).toBe(201)
    expect([await storeExists('C2'), await storeExists('C3')]).toEqual([true, true])
  })

  it('refuses a write whose Origin is another site, even with the token, and a sign-in from another site', async () => {
    const res = await send(app, 'POST', '/v1/stores', store('C4'), { ...as, origin: 'https://evil.example' })
    expect(await expectProblem(res, 403)).toEqual({
      type: '/problems/forbidden', title: 'Forbidden', status: 403, detail: 'Requests that change state are accepted only from http://localhost',
      instance: '/v1/stores', errors: [{ parameter: 'Origin', detail: "https://evil.example is not this server's origin" }],
    })
    expect(await storeExists('C4')).toBe(false)
    const signInElsewhere = await send(app, 'POST', '/v1/auth/sign-in', { username: 'csrf', password: PASSWORD }, { origin: 'null' })
    expect((await expectProblem(signInElsewhere, 403)).errors).toEqual([{ parameter: 'Origin', detail: "null is not this server's origin" }])
  })

  it('does not ask API-key requests for a token or an Origin, and lets reads with the cookie through without one', async () => {
    expect((await send(app, 'POST', '/v1/stores', store('C5'), { key: keys.admin, origin: 'https://elsewhere.example' })).status).toBe(201)
    expect((await send(app, 'GET', '/v1/stores/C5', undefined, { cookie: as.cookie })).status).toBe(200)
  })

  it('signs out with the token: 204, the cookie cleared, the session gone', async () => {
    const s = await signIn(app, 'csrf', PASSWORD)
    expect((await send(app, 'POST', '/v1/auth/sign-out', undefined, { cookie: s.cookie })).status).toBe(403)
    const out = await send(app, 'POST', '/v1/auth/sign-out', undefined, { cookie: s.cookie, csrf: s.csrf })
    expect([out.status, out.headers.get('set-cookie')]).toEqual([204, CLEARED_COOKIE])
    const after = await send(app, 'GET', '/v1/auth/session', undefined, { cookie: s.cookie })
    expect(after.headers.get('set-cookie')).toBe(CLEARED_COOKIE)
    expect(await expectProblem(after, 401)).toEqual(ENDED('/v1/auth/session'))
    expect((await send(app, 'GET', '/v1/stores', undefined, { cookie: as.cookie })).status).toBe(200) // the other session lives on
  })
})

describe('session lifetime', () => {
  it('ends a session after 30 idle minutes', async () => {
    const s = await signIn(app, 'idle', PASSWORD)
    advance(29 * MINUTE)
    expect((await send(app, 'GET', '/v1/stores', undefined, { cookie: s.cookie })).status).toBe(200)
    advance(29 * MINUTE) // 58 minutes after sign-in, 29 after the last request
    expect((await send(app, 'GET', '/v1/stores', undefined, { cookie: s.cookie })).status).toBe(200)
    advance(30 * MINUTE)
    const res = await send(app, 'GET', '/v1/stores', undefined, { cookie: s.cookie })
    expect(res.headers.get('set-cookie')).toBe(CLEARED_COOKIE)
    expect(await expectProblem(res, 401)).toEqual(ENDED('/v1/stores'))
  })

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const s = await signIn(app, 'long', PASSWORD)
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      advance(20 * MINUTE)
      expect((await send(app, 'GET', '/v1/auth/session', undefined, { cookie: s.cookie })).status).toBe(200)
    }
    advance(20 * MINUTE) // 12 h exactly
    expect(await expectProblem(await send(app, 'GET', '/v1/auth/session', undefined, { cookie: s.cookie }), 401)).toEqual(ENDED('/v1/auth/session'))
  })

  it('stops a disabled user\'s session at once, even when only the user row changes', async () => {
    const s = await signIn(app, 'cut', PASSWORD)
    expect((await send(app, 'GET', '/v1/stores', undefined, { cookie: s.cookie })).status).toBe(200)
    await db.sql`update users set disabled_at = ${clock} where username = 'cut'`
    expect(await expectProblem(await send(app, 'GET', '/v1/stores', undefined, { cookie: s.cookie }), 401)).toEqual(ENDED('/v1/stores'))
    await db.sql`update users set disabled_at = null where username = 'cut'`
    const again = await signIn(app, 'cut', PASSWORD)
    const disabled = await send(app, 'PATCH', '/v1/users/cut', { disabled: true }, { key: keys.admin })
    expect([disabled.status, (await body(disabled)).disabled]).toEqual([200, true])
    expect(await sessionRows('cut')).toBe(0)
    expect((await send(app, 'GET', '/v1/auth/session', undefined, { cookie: again.cookie })).status).toBe(401)
  })
})

describe('roles', () => {
  it('refuses marketing and store-manager keys and sessions on admin endpoints with 403 naming the roles', async () => {
    const mkt = await signIn(app, 'mia', PASSWORD)
    const mgr = await signIn(app, 'sam', PASSWORD)
    const callers: [string, As, string][] = [
      ['A marketing key may not use this endpoint', { key: keys.marketing }, 'Authorization'],
      ['A store_manager key may not use this endpoint', { key: keys.manager }, 'Authorization'],
      ['A marketing user may not use this endpoint', { cookie: mkt.cookie }, 'Cookie'],
      ['A store_manager user may not use this endpoint', { cookie: mgr.cookie }, 'Cookie'],
    ]
    for (const [detail, as, parameter] of callers) {
      for (const path of ['/v1/stores', '/v1/users', '/v1/customers', '/v1/products']) {
        expect(await expectProblem(await send(app, 'GET', path, undefined, as), 403)).toEqual({
          type: '/problems/forbidden', title: 'Forbidden', status: 403, detail, instance: path, errors: [{ parameter, detail: 'needs one of: admin' }],
        })
      }
    }
    const sale = await send(app, 'POST', '/v1/stores/S001/sales', { receipts: [] }, { key: keys.marketing })
    expect((await expectProblem(sale, 403)).errors).toEqual([{ parameter: 'Authorization', detail: 'needs one of: admin, terminal' }])
  })

  it('keeps terminal keys to posting sales', async () => {
    expect(await expectProblem(await send(app, 'GET', '/v1/stores', undefined, { key: keys.terminal }), 403)).toMatchObject({ detail: 'A terminal key may not use this endpoint' })
    expect(await expectProblem(await send(app, 'POST', '/v1/auth/password', { currentPassword: 'x', newPassword: 'y'.repeat(12) }, { key: keys.terminal }), 403)).toMatchObject({
      errors: [{ parameter: 'Authorization', detail: 'needs one of: admin, marketing, store_manager' }],
    })
    const res = await send(app, 'POST', '/v1/stores/S001/sales', { receipts: [] }, { key: keys.terminal })
    expect((await expectProblem(res, 400)).errors).toEqual([{ pointer: '#/receipts', detail: 'at least one receipt' }])
  })

  it("puts a store manager's stores into the caller, from a session or a key, read live", async () => {
    const probe = new Hono<AuthEnv>()
    const table = [{ path: '/v1/probe', allow: ['admin', 'marketing', 'store_manager'] } as const]
    probe.use('/v1/*', authenticate(db.sql, { ...DEFAULT_SESSION_TIMEOUTS, now, table }))
    probe.get('/v1/probe', (c) => c.json(c.get('caller')))
    const sam = (await db.sql<{ userId: number }[]>`select user_id from users where username = 'sam'`)[0]!.userId
    const mgr = await signIn(app, 'sam', PASSWORD)
    expect(await body(await send(probe as unknown as App, 'GET', '/v1/probe', undefined, { cookie: mgr.cookie }))).toEqual({
      role: 'store_manager', keyId: null, userId: sam, storeId: null, storeIds: [s002],
    })
    const keyCaller = await body(await send(probe as unknown as App, 'GET', '/v1/probe', undefined, { key: keys.manager }))
    expect(keyCaller).toEqual({ role: 'store_manager', keyId: expect.any(Number), userId: null, storeId: null, storeIds: [s001, s002] })
    expect(await body(await send(probe as unknown as App, 'GET', '/v1/probe', undefined, { key: keys.marketing }))).toEqual({
      role: 'marketing', keyId: expect.any(Number), userId: null, storeId: null, storeIds: null,
    })
    await db.sql`insert into user_stores (user_id, store_id) values (${sam}, ${s001})`
    expect((await body(await send(probe as unknown as App, 'GET', '/v1/probe', undefined, { cookie: mgr.cookie }))).storeIds).toEqual([s001, s002])
    expect((await body(await send(app, 'GET', '/v1/auth/session', undefined, { cookie: mgr.cookie }))).user).toEqual({
      username: 'sam', displayName: 'SAM', role: 'store_manager', stores: ['S001', 'S002'],
    })
    await db.sql`delete from user_stores where user_id = ${sam} and store_id = ${s001}`
  })

  it('answers 401 without credentials as before, and for a revoked key', async () => {
    expect(await expectProblem(await send(app, 'GET', '/v1/users'), 401)).toEqual({
      type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'An API key is required', instance: '/v1/users',
      errors: [{ parameter: 'Authorization', detail: 'missing' }],
    })
    expect(await expectProblem(await send(app, 'GET', '/v1/auth/session'), 401)).toMatchObject({ detail: 'Not signed in', errors: [{ parameter: 'Cookie', detail: 'no bw_session cookie' }] })
    await db.sql`update api_keys set revoked_at = now() where name = 'mkt'`
    expect((await expectProblem(await send(app, 'GET', '/v1/auth/session', undefined, { key: keys.marketing }), 401)).detail).toBe('The API key is not valid or has been revoked')
  })
})
