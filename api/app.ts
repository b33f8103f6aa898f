import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { createJobRunner, type JobRunner } from '../analytics/jobs/index.js'
import { registerAffinityRoutes } from './affinity/affinity.routes.js'
import { registerAnalysisRunRoutes } from './analysis-runs/analysis-runs.routes.js'
import { registerCustomerAnalyticsRoutes } from './customer-analytics/customer-analytics.routes.js'
import { registerDashboardRoutes } from './dashboard/dashboard.routes.js'
import { AppError } from './errors/app-error.js'
import { problemResponse } from './errors/problem.js'
import { authenticate, DEFAULT_SESSION_TIMEOUTS } from './auth/access.js'
import { registerAuthRoutes } from './auth/auth.routes.js'
import type { AuthEnv } from './auth/require-key.js'
import type { Database } from './db/create-database.js'
import { registerCardRoutes } from './customers/cards.routes.js'
import { registerCustomerRoutes } from './customers/customers.routes.js'
import { registerDocsRoutes } from './docs/docs.routes.js'
import { registerHealthRoutes } from './health/health.routes.js'
import type { Log } from './http/logger.js'
import { validationHook } from './http/validation-hook.js'
import { registerProductRoutes } from './products/products.routes.js'
import { registerSalesRoutes } from './sales/sales.routes.js'
import { registerStoreRoutes } from './stores/stores.routes.js'
import { registerUserRoutes } from './users/users.routes.js'
import { registerDashboardApp } from './web/serve-dashboard.js'

export type AppDeps = {
  db: Database
  log: Log
  bodyLimitBytes: number
  now?: () => Date
  /** Earliest business day a receipt may carry (history imports reach further back). */
  earliestBusinessDay?: string
  /** Runs analysis jobs; created on `db.sql` when not given (the caller then cannot close it: pass one from a server). */
  jobs?: JobRunner
  /** Session timeouts and the dashboard's public origin (config SESSION_*, PUBLIC_ORIGIN); 30 min idle, 12 h at most by default. */
  sessions?: { idleMs: number; lifetimeMs: number; publicOrigin?: string | undefined }
  /** Aggregates shown to store managers suppress cells of fewer customers than this. Default 10. */
  minCellCustomers?: number
  /** The dashboard's build served at `/`; default store-dashboard/dist. */
  dashboardDir?: string
  /** Reverse proxies whose X-Forwarded-For entries sign-in throttling trusts (config TRUSTED_PROXY_HOPS); default 0. */
  trustedProxyHops?: number
}

/** Builds the HTTP application. No I/O happens here until a request arrives. */
export function createApp(deps: AppDeps): OpenAPIHono<AuthEnv> {
  const { db, log } = deps
  const sql = db.sql
  const jobs = deps.jobs ?? createJobRunner(sql, log)
  const now = deps.now ?? (() => new Date())
  const sessions = deps.sessions ?? DEFAULT_SESSION_TIMEOUTS
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })

  app.use(requestId())
  app.use(
    bodyLimit({
      maxSize: deps.bodyLimitBytes,
      onError: () => {
        throw new AppError('payload_too_large', `The request body is larger than ${deps.bodyLimitBytes} bytes`, [{ pointer: '#', detail: 'body too large' }])
      },
    }),
  )
  // Who may call what under /v1: one ordered table (api/auth/route-access.ts), admin only by default.
  app.use('/v1/*', authenticate(sql, { ...sessions, now }))

  registerHealthRoutes(app, db)
  registerDocsRoutes(app)
  registerAuthRoutes(app, { sql, now, timeouts: sessions, trustedProxyHops: deps.trustedProxyHops ?? 0 })
  registerUserRoutes(app, { sql, now })
  registerSalesRoutes(app, { sql, now, knownMonths: new Set(), earliestBusinessDay: deps.earliestBusinessDay ?? '2000-01-01' })
  registerStoreRoutes(app, sql)
  registerProductRoutes(app, sql)
  registerCustomerRoutes(app, sql)
  registerCardRoutes(app, sql)
  registerAnalysisRunRoutes(app, jobs)
  registerAffinityRoutes(app, db, jobs)
  registerCustomerAnalyticsRoutes(app, db, jobs, deps.minCellCustomers ?? 10)
  registerDashboardRoutes(app, sql, jobs, now)
  registerDashboardApp(app, { distDir: deps.dashboardDir })

  app.notFound((c) => problemResponse(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}`), log))
  app.onError((err, c) => problemResponse(c, err, log))
  return app
}
