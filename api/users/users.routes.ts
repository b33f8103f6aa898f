import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import type { AuthEnv } from '../auth/require-key.js'
import { UserInputSchema, UserPatchSchema, UserSchema, UsernameSchema } from '../contract/auth.js'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { problems } from '../http/problems.js'
import { changeUser, createUser } from './save-user.js'
import { getUser, listUsers } from './users.repo.js'

const tags = ['Users']
const security: Record<string, string[]>[] = [{ ApiKey: [] }, { SessionCookie: [] }]
const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } })
const params = z.object({ username: UsernameSchema })

const listUsersRoute = createRoute({
  method: 'get', path: '/v1/users', tags, security, summary: 'List users (admin)',
  responses: { 200: { description: 'Every user, by username', ...json(z.object({ items: z.array(UserSchema) })) }, ...problems(401, 403) },
})

const getUserRoute = createRoute({
  method: 'get', path: '/v1/users/{username}', tags, security, summary: 'Read a user (admin)',
  request: { params },
  responses: { 200: { description: 'The user', ...json(UserSchema) }, ...problems(401, 403, 404) },
})

const createUserRoute = createRoute({
  method: 'post', path: '/v1/users', tags, security, summary: 'Create a user (admin)',
  description: 'A store_manager needs at least one store; admin and marketing take none. The password is stored as an scrypt hash.',
  request: { body: { required: true, ...json(UserInputSchema) } },
  responses: { 201: { description: 'Created', ...json(UserSchema) }, ...problems(400, 401, 403, 409) },
})

const patchUserRoute = createRoute({
  method: 'patch', path: '/v1/users/{username}', tags, security, summary: 'Change a user (admin)',
  description:
    'Absent fields stay. `disabled: true` ends the user\'s sessions at once; a new `password` ends them too (but the caller\'s own). ' +
    'Leaving the store_manager role drops the stores.',
  request: { params, body: { required: true, ...json(UserPatchSchema) } },
  responses: { 200: { description: 'The user after the change', ...json(UserSchema) }, ...problems(400, 401, 403, 404) },
})

/** GET, POST /v1/users and GET, PATCH /v1/users/{username}: admin only (ROUTE_ACCESS). */
export function registerUserRoutes(app: OpenAPIHono<AuthEnv>, deps: { sql: Sql; now: () => Date }): void {
  const { sql } = deps

  app.openapi(listUsersRoute, async (c) => c.json({ items: await listUsers(sql) }, 200))

  app.openapi(getUserRoute, async (c) => {
    const { username } = c.req.valid('param')
    const user = await getUser(sql, username)
    if (!user) throw new AppError('not_found', `No user named ${username}`, [{ parameter: 'username', detail: 'unknown user' }])
    return c.json(user, 200)
  })

  app.openapi(createUserRoute, async (c) => c.json(await createUser(sql, c.req.valid('json'), deps.now()), 201))

  app.openapi(patchUserRoute, async (c) => {
    const { username } = c.req.valid('param')
    const user = await changeUser(sql, username, c.req.valid('json'), { now: deps.now(), keepSession: c.get('session')?.sha256 })
    return c.json(user, 200)
  })
}
