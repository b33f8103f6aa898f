import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { PageQuerySchema, pageOf } from '../contract/common.js'
import { ConsentInputSchema, ConsentsSchema } from '../contract/consent.js'
import { CustomerInputSchema, CustomerListQuerySchema, CustomerSchema, CustomerSummarySchema, RefSchema } from '../contract/customer.js'
import type { AuthEnv } from '../auth/require-key.js'
import { BulkResultSchema, bulkBodyOf, parseBulk } from '../bulk/parse-bulk.js'
import { bodyPointer, rejectRepeatedKeys, rowPointerOf } from '../bulk/row-pointer.js'
import type { Sql } from '../db/create-database.js'
import { AppError } from '../errors/app-error.js'
import { problems } from '../http/problems.js'
import { appendConsent, getConsents } from './consents.repo.js'
import { findCustomerId, getCustomer, listCustomers } from './customers.repo.js'
import { eraseCustomer } from './erase-customer.repo.js'
import { saveCustomers } from './save-customers.repo.js'

const tags = ['Customers']
const security = [{ ApiKey: [] }]
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const params = z.object({ customerRef: RefSchema })
const notFound = (ref: string) => new AppError('not_found', `No customer with customerRef ${ref}`, [{ parameter: 'customerRef', detail: 'unknown or erased customer' }])

const createCustomerRoute = createRoute({
  method: 'post', path: '/v1/customers', tags, security, summary: 'Create a customer',
  request: { body: { required: true, ...json(CustomerInputSchema) } },
  responses: { 201: { description: 'Created', ...json(CustomerSchema) }, ...problems(400, 401, 403, 409) },
})

const bulkCustomersRoute = createRoute({
  method: 'post', path: '/v1/customers/bulk', tags, security, summary: 'Create or update many customers (JSON or CSV)',
  description:
    'Upserts by `customerRef`, all or nothing. Top-level fields are replaced; demographics and contact, when given, ' +
    'replace the stored ones and, when absent, are kept. CSV: dotted headers (demographics.gender, contact.email, ...).',
  request: { body: { content: { 'application/json': { schema: bulkBodyOf(CustomerInputSchema) }, 'text/csv': { schema: z.string() } } } },
  responses: { 200: { description: 'Counts', ...json(BulkResultSchema) }, ...problems(400, 401, 403, 413) },
})

const listCustomersRoute = createRoute({
  method: 'get', path: '/v1/customers', tags, security, summary: 'List customers (without contact data)',
  request: { query: PageQuerySchema.extend(CustomerListQuerySchema.shape) },
  responses: { 200: { description: 'A page in customerRef order', ...json(pageOf(CustomerSummarySchema)) }, ...problems(400, 401, 403) },
})

const getCustomerRoute = createRoute({
  method: 'get', path: '/v1/customers/{customerRef}', tags, security, summary: 'Read a customer',
  description: 'With demographics, contact data, cards and the effective consents.',
  request: { params },
  responses: { 200: { description: 'The customer', ...json(CustomerSchema) }, ...problems(401, 403, 404) },
})

const eraseCustomerRoute = createRoute({
  method: 'delete', path: '/v1/customers/{customerRef}', tags, security, summary: 'Erase a customer (right to erasure)',
  description:
    'Deletes contact data, demographics and consents, removes the account number and card numbers, and unlinks ' +
    'the receipts, which stay as anonymous sales. Cannot be undone.',
  request: { params },
  responses: { 204: { description: 'Erased' }, ...problems(401, 403, 404) },
})

const postConsentRoute = createRoute({
  method: 'post', path: '/v1/customers/{customerRef}/consents', tags, security, summary: 'Record a consent decision',
  description: 'Appends to the consent log; the effective state is derived from the latest decisions.',
  request: { params, body: { required: true, ...json(ConsentInputSchema) } },
  responses: { 201: { description: 'The log and effective state after the decision', ...json(ConsentsSchema) }, ...problems(400, 401, 403, 404) },
})

const getConsentsRoute = createRoute({
  method: 'get', path: '/v1/customers/{customerRef}/consents', tags, security, summary: 'Read the consent log and effective state',
  request: { params },
  responses: { 200: { description: 'The log, oldest first, and the effective state', ...json(ConsentsSchema) }, ...problems(401, 403, 404) },
})

export function registerCustomerRoutes(app: OpenAPIHono<AuthEnv>, sql: Sql): void {
  app.openapi(createCustomerRoute, async (c) => {
    const input = c.req.valid('json')
    await saveCustomers(sql, [input], 'create', bodyPointer)
    return c.json((await getCustomer(sql, input.customerRef))!, 201)
  })

  app.openapi(bulkCustomersRoute, async (c) => {
    const contentType = c.req.header('content-type')
    const items = parseBulk(CustomerInputSchema, contentType, await c.req.text())
    const pointer = rowPointerOf(contentType)
    rejectRepeatedKeys(items, (i) => i.customerRef, 'customerRef', pointer)
    return c.json(await saveCustomers(sql, items, 'upsert', pointer), 200)
  })

  app.openapi(listCustomersRoute, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query')
    const items = await listCustomers(sql, { ...filter, after: cursor, limit })
    return c.json({ items, nextCursor: items.length === limit ? items.at(-1)!.customerRef : null }, 200)
  })

  app.openapi(getCustomerRoute, async (c) => {
    const { customerRef } = c.req.valid('param')
    const customer = await getCustomer(sql, customerRef)
    if (!customer) throw notFound(customerRef)
    return c.json(customer, 200)
  })

  app.openapi(eraseCustomerRoute, async (c) => {
    const { customerRef } = c.req.valid('param')
    if (!(await eraseCustomer(sql, customerRef))) throw notFound(customerRef)
    return c.body(null, 204)
  })

  app.openapi(postConsentRoute, async (c) => {
    const { customerRef } = c.req.valid('param')
    const customerId = await appendConsent(sql, customerRef, c.req.valid('json'))
    if (customerId === undefined) throw notFound(customerRef)
    return c.json({ customerRef, ...(await getConsents(sql, customerId)) }, 201)
  })

  app.openapi(getConsentsRoute, async (c) => {
    const { customerRef } = c.req.valid('param')
    const customerId = await findCustomerId(sql, customerRef)
    if (customerId === undefined) throw notFound(customerRef)
    return c.json({ customerRef, ...(await getConsents(sql, customerId)) }, 200)
  })
}
