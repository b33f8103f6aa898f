import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { CodeSchema } from '../contract/common.js'
import { ReceiptSchema, SalesBatchSchema, SalesResultSchema } from '../contract/receipt.js'
import type { AuthEnv } from '../auth/require-key.js'
import { problems } from '../http/problems.js'
import { ingestSales, type IngestDeps } from './ingest-sales.js'
import { validateReceipt } from './validate-receipt.js'

const postSalesRoute = createRoute({
  method: 'post',
  path: '/v1/stores/{storeCode}/sales',
  tags: ['Sales'],
  summary: 'Post a batch of receipts',
  description:
    'Stores each receipt exactly once, keyed by (store, terminalId, businessDay, receiptNo). ' +
    'Receipts are validated one by one: the response has one outcome per receipt, in order. ' +
    'A repeat of a stored receipt is `duplicate` and changes nothing; the same key with different content is `conflict`. ' +
    'Each receipt is stored whole or not at all. Terminal keys may post only their own store.',
  security: [{ ApiKey: [] }],
  request: {
    params: z.object({ storeCode: CodeSchema }),
    body: { required: true, content: { 'application/json': { schema: SalesBatchSchema } } },
  },
  responses: {
    200: { description: 'One outcome per receipt', content: { 'application/json': { schema: SalesResultSchema } } },
    ...problems(400, 401, 403, 404, 413, 415),
  },
})

const validateReceiptRoute = createRoute({
  method: 'post',
  path: '/v1/stores/{storeCode}/sales/validate',
  tags: ['Sales'],
  summary: 'Check a receipt without storing it',
  description:
    'Runs every check the sales endpoint runs on one receipt (schema, line arithmetic, totals, tenders, dates, currency) and stores nothing. ' +
    '200 with warnings when the receipt would be stored; 400 naming every problem otherwise. For till vendors testing their output.',
  security: [{ ApiKey: [] }],
  request: {
    params: z.object({ storeCode: CodeSchema }),
    body: { required: true, content: { 'application/json': { schema: z.object({ receipt: ReceiptSchema }).strict() } } },
  },
  responses: {
    200: { description: 'The receipt would be stored', content: { 'application/json': { schema: z.object({ valid: z.literal(true), warnings: z.array(z.string()) }) } } },
    ...problems(400, 401, 403, 404, 413, 415),
  },
})

export function registerSalesRoutes(app: OpenAPIHono<AuthEnv>, deps: IngestDeps): void {
  app.openapi(validateReceiptRoute, async (c) => {
    const { storeCode } = c.req.valid('param')
    return c.json(await validateReceipt(deps, c.get('caller'), storeCode, c.req.valid('json').receipt), 200)
  })

  app.openapi(postSalesRoute, async (c) => {
    const { storeCode } = c.req.valid('param')
    const { receipts } = c.req.valid('json')
    const result = await ingestSales(deps, c.get('caller'), storeCode, receipts)
    return c.json(result, 200)
  })
}

