import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Receipt } from '../../api/contract/receipt.js'
import type { AdapterStatus } from '../status/build-status.js'
import { validateReceipt, type ValidateOptions } from './validate-receipt.js'

export type ListenerDeps = {
  storeCode: string | null
  key?: string
  validate: () => ValidateOptions
  accept: (receipts: Receipt[]) => Promise<void>
  mayAccept: () => boolean
  status: () => AdapterStatus
  bodyLimitBytes?: number
}

/**
 * The listener terminals push to: the API's own route and body
 * (POST /v1/stores/{storeCode}/sales with `{ "receipts": [...] }`, or one
 * receipt), so a till can be pointed at the adapter or at the API alike. Each
 * receipt is validated as the API will, the good ones are fsync'd into the
 * outbox, and only then does the answer go out: 202 with one outcome per
 * receipt, `accepted` or `rejected` with the field errors. 503 while the
 * outbox is over its disk budget.
 */
export function createListener(deps: ListenerDeps): Hono {
  const app = new Hono()
  app.use(bodyLimit({ maxSize: deps.bodyLimitBytes ?? 8 * 1024 * 1024, onError: (c) => c.json({ title: 'Payload too large', status: 413 }, 413) }))
  app.get('/health', (c) => c.json({ status: 'ok' }))
  app.get('/status', (c) => c.json(deps.status()))
  const post = async (c: import('hono').Context) => {
    if (deps.key && c.req.header('authorization') !== `Bearer ${deps.key}`) return c.json({ title: 'Unauthorized', status: 401 }, 401)
    const code = c.req.param('storeCode')
    if (code && deps.storeCode && code !== deps.storeCode) return c.json({ title: 'Forbidden', status: 403, detail: `this adapter serves store ${deps.storeCode}` }, 403)
    if (!deps.mayAccept()) return c.json({ title: 'Outbox full', status: 503, detail: 'the outbox is over its disk budget; retry later' }, 503, { 'Retry-After': '60' })
    let body: unknown
    try {
      body = await c.req.json()
    } catch {
      return c.json({ title: 'Invalid request', status: 400, detail: 'malformed JSON body' }, 400)
    }
    const list = body && typeof body === 'object' && Array.isArray((body as { receipts?: unknown }).receipts) ? (body as { receipts: unknown[] }).receipts : [body]
    if (list.length === 0 || list.length > 1000) return c.json({ title: 'Invalid request', status: 400, detail: '1 to 1000 receipts per request' }, 400)
    const options = deps.validate()
    const good: Receipt[] = []
    const results = list.map((raw, index) => {
      const v = validateReceipt(raw, options)
      if (!v.ok) return { index, status: 'rejected' as const, errors: v.errors.map((e) => ({ pointer: e.pointer.replace(/^#/, `#/receipts/${index}`), detail: e.detail })) }
      good.push(v.receipt)
      return { index, status: 'accepted' as const }
    })
    if (good.length > 0) await deps.accept(good)
    return c.json({ results }, 202)
  }
  app.post('/v1/stores/:storeCode/sales', post)
  app.post('/v1/receipts', post)
  return app
}
