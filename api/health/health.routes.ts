import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import type { AuthEnv } from '../auth/require-key.js'
import type { Database } from '../db/create-database.js'
import { currentVersion, readMigrations } from '../db/migrate.js'

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.object({
      engine: z.enum(['server', 'embedded']),
      reachable: z.boolean(),
      latencyMs: z.number().nullable(),
      migrationVersion: z.number().int().nullable().describe('Highest applied migration'),
      expectedMigrationVersion: z.number().int().describe('Highest migration this build ships'),
      error: z.string().optional(),
    }),
  })
  .meta({ id: 'Health' })

const healthRoute = createRoute({
  method: 'get', path: '/health', tags: ['Operations'], summary: 'Database reachability and migration version',
  description: 'No key needed. 200 when the database answers and is fully migrated, 503 otherwise.',
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'Database unreachable or behind', content: { 'application/json': { schema: HealthSchema } } },
  },
})

export function registerHealthRoutes(app: OpenAPIHono<AuthEnv>, db: Database): void {
  const expected = readMigrations().reduce((v, m) => Math.max(v, m.version), 0)
  app.openapi(healthRoute, async (c) => {
    const t0 = performance.now()
    try {
      const version = await Promise.race([
        currentVersion(db.sql),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref()),
      ])
      const body = {
        status: version === expected ? ('ok' as const) : ('degraded' as const),
        database: { engine: db.engine, reachable: true, latencyMs: Math.round((performance.now() - t0) * 10) / 10, migrationVersion: version, expectedMigrationVersion: expected },
      }
      return c.json(body, version === expected ? 200 : 503)
    } catch (err) {
      const body = {
        status: 'degraded' as const,
        database: { engine: db.engine, reachable: false, latencyMs: null, migrationVersion: null, expectedMigrationVersion: expected, error: (err as Error).message },
      }
      return c.json(body, 503)
    }
  })
}
