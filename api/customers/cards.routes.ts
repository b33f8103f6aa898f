import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { CardBulkItemSchema, CardInputSchema, CardNumberSchema, CardReplaceSchema, CardSchema } from '../contract/card.js'
import { RefSchema } from '../contract/customer.js'
import type { AuthEnv } from '../auth/require-key.js'
import { BulkResultSchema, bulkBodyOf, parseBulk } from '../bulk/parse-bulk.js'
import { rowPointerOf } from '../bulk/row-pointer.js'
import type { Sql } from '../db/create-database.js'
import { AppError, type FieldError } from '../errors/app-error.js'
import { problems } from '../http/problems.js'
import { findStoreByCode } from '../stores/stores.repo.js'
import { createCard, getCard, replaceCard, setCardStatus } from './cards.repo.js'
import { readCardNumber } from './read-card-number.js'
import { saveCards } from './save-cards.repo.js'

const tags = ['Cards']
const security = [{ ApiKey: [] }]
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const numberParam = z.object({ number: CardNumberSchema })
const cardRoute = (path: string, summary: string) =>
  createRoute({
    method: 'post', path, tags, security, summary, request: { params: numberParam },
    responses: { 200: { description: 'The card', ...json(CardSchema) }, ...problems(400, 401, 403, 404, 409) },
  })

const issueCardRoute = createRoute({
  method: 'post', path: '/v1/customers/{customerRef}/cards', tags, security, summary: 'Issue a card to a customer',
  request: { params: z.object({ customerRef: RefSchema }), body: { required: true, ...json(CardInputSchema) } },
  responses: { 201: { description: 'Issued', ...json(CardSchema) }, ...problems(400, 401, 403, 404, 409) },
})

const getCardRoute = createRoute({
  method: 'get', path: '/v1/cards/{number}', tags, security, summary: 'Read a card',
  request: { params: numberParam },
  responses: { 200: { description: 'The card and its customer', ...json(CardSchema) }, ...problems(400, 401, 403, 404) },
})

const replaceCardRoute = createRoute({
  method: 'post', path: '/v1/cards/{number}/replace', tags, security, summary: 'Replace a card (lost, damaged)',
  description: 'Issues `newNumber` to the same customer and marks this card replaced; the purchase history stays the customer\'s. A replaced card cannot be replaced again (409).',
  request: { params: numberParam, body: { required: true, ...json(CardReplaceSchema) } },
  responses: { 201: { description: 'The successor card', ...json(CardSchema) }, ...problems(400, 401, 403, 404, 409) },
})

const blockCardRoute = cardRoute('/v1/cards/{number}/block', 'Block a card: its sales are stored anonymous')
const unblockCardRoute = cardRoute('/v1/cards/{number}/unblock', 'Unblock a card')

const bulkCardsRoute = createRoute({
  method: 'post', path: '/v1/cards/bulk', tags, security, summary: 'Create or update many cards (JSON or CSV)',
  description: 'Upserts by normalised number, all or nothing. CSV header: number, customerRef, enrolmentStoreCode, enrolledOn, status.',
  request: { body: { content: { 'application/json': { schema: bulkBodyOf(CardBulkItemSchema) }, 'text/csv': { schema: z.string() } } } },
  responses: { 200: { description: 'Counts', ...json(BulkResultSchema) }, ...problems(400, 401, 403, 413) },
})

/** The normalised number, or a 400 naming where it came from. */
function cardNumberOf(raw: string, at: { pointer: string } | { parameter: string }): string {
  const read = readCardNumber(raw)
  if (!read.ok) throw new AppError('invalid_request', 'Not a valid card number', [{ ...at, detail: read.detail } as FieldError])
  return read.number
}

const cardNotFound = (number: string) => new AppError('not_found', `No card ${number}`, [{ parameter: 'number', detail: 'unknown card' }])

export function registerCardRoutes(app: OpenAPIHono<AuthEnv>, sql: Sql): void {
  app.openapi(issueCardRoute, async (c) => {
    const { customerRef } = c.req.valid('param')
    const input = c.req.valid('json')
    const number = cardNumberOf(input.number, { pointer: '#/number' })
    const store = input.enrolmentStoreCode ? await findStoreByCode(sql, input.enrolmentStoreCode) : undefined
    if (input.enrolmentStoreCode && !store) throw new AppError('invalid_request', 'Unknown store', [{ pointer: '#/enrolmentStoreCode', detail: `no store with code ${input.enrolmentStoreCode}` }])
    const outcome = await createCard(sql, customerRef, { number, enrolmentStoreId: store?.storeId ?? null, enrolledOn: input.enrolledOn ?? null })
    if (outcome === 'no_customer') throw new AppError('not_found', `No customer with customerRef ${customerRef}`, [{ parameter: 'customerRef', detail: 'unknown or erased customer' }])
    if (outcome === 'taken') throw new AppError('conflict', `Card ${number} is on file`, [{ pointer: '#/number', detail: 'already issued' }])
    return c.json((await getCard(sql, number))!, 201)
  })

  app.openapi(getCardRoute, async (c) => {
    const number = cardNumberOf(c.req.valid('param').number, { parameter: 'number' })
    const card = await getCard(sql, number)
    if (!card) throw cardNotFound(number)
    return c.json(card, 200)
  })

  app.openapi(replaceCardRoute, async (c) => {
    const number = cardNumberOf(c.req.valid('param').number, { parameter: 'number' })
    const newNumber = cardNumberOf(c.req.valid('json').newNumber, { pointer: '#/newNumber' })
    const r = await replaceCard(sql, number, newNumber)
    if (r.outcome === 'not_found') throw cardNotFound(number)
    if (r.outcome === 'not_replaceable') throw new AppError('conflict', `Card ${number} is ${r.status}`, [{ parameter: 'number', detail: `a ${r.status} card cannot be replaced` }])
    if (r.outcome === 'taken') throw new AppError('conflict', `Card ${newNumber} is on file`, [{ pointer: '#/newNumber', detail: 'already issued' }])
    return c.json((await getCard(sql, newNumber))!, 201)
  })

  for (const [route, status] of [[blockCardRoute, 'blocked'], [unblockCardRoute, 'active']] as const) {
    app.openapi(route, async (c) => {
      const number = cardNumberOf(c.req.valid('param').number, { parameter: 'number' })
      const outcome = await setCardStatus(sql, number, status)
      if (outcome === 'not_found') throw cardNotFound(number)
      if (outcome === 'not_changeable') throw new AppError('conflict', `Card ${number} was replaced`, [{ parameter: 'number', detail: 'a replaced card cannot be blocked or unblocked' }])
      return c.json((await getCard(sql, number))!, 200)
    })
  }

  app.openapi(bulkCardsRoute, async (c) => {
    const contentType = c.req.header('content-type')
    const items = parseBulk(CardBulkItemSchema, contentType, await c.req.text())
    return c.json(await saveCards(sql, items, rowPointerOf(contentType)), 200)
  })
}
