import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReceiptInput } from '../../api/contract/receipt.js'
import { withCheckDigit } from '../../api/customers/card-number.js'
import { expectProblem as problem, jsonOf as body, startTestApi, type TestApi } from '../helpers/test-api.js'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ now: () => new Date('2026-11-24T12:00:00Z') })
  const items = ['CARD-1', 'CARD-2', 'CARD-3', 'CARD-4'].map((customerRef) => ({ customerRef }))
  await api.request('POST', '/v1/customers/bulk', { items })
})
afterAll(() => api.close())

/** A valid in-store EAN-13 card number: '29' + 10 digits + GS1 check digit. */
const card = (n: number) => withCheckDigit('29' + String(n).padStart(10, '0'))
const badCheckDigit = (n: number) => card(n).slice(0, -1) + String((Number(card(n).at(-1)) + 1) % 10)
const cardCount = async () => (await api.sql<{ n: number }[]>`select count(*)::int as n from loyalty_cards`)[0]!.n
const sale = (receiptNo: string, number: string): ReceiptInput => ({
  terminalId: 'LANE-2', businessDay: '2026-11-21', receiptNo, occurredAt: '2026-11-21T11:00:00+01:00',
  card: { number, entry: 'scanned' },
  lines: [{ lineNo: 1, sku: 'SKU-9', quantity: 1, unitPriceCents: 300, netAmountCents: 300 }], totalCents: 300,
})
const postSale = async (receiptNo: string, number: string) =>
  (await body(await api.request('POST', '/v1/stores/S001/sales', { receipts: [sale(receiptNo, number)] }))).results[0]
const receiptLink = async (receiptNo: string) =>
  ({ ...(await api.sql`select r.card_status, c.customer_ref, lc.card_number from receipts r left join customers c using (customer_id)
    left join loyalty_cards lc using (card_id) where r.receipt_no = ${receiptNo}`)[0] })

describe('POST /v1/customers/{customerRef}/cards', () => {
  it('issues a card under its normalised number', async () => {
    const spaced = card(1).replace(/^(\d{2})(\d{5})/, '$1 $2 ')
    const res = await api.request('POST', '/v1/customers/CARD-1/cards', { number: spaced, enrolmentStoreCode: 'S002', enrolledOn: '2026-01-05' })
    expect(res.status).toBe(201)
    expect(await body(res)).toMatchObject({ number: card(1), status: 'active', customerRef: 'CARD-1', replacedBy: null, enrolmentStoreCode: 'S002', enrolledOn: '2026-01-05' })
    expect(await body(await api.request('GET', `/v1/cards/${card(1)}`))).toMatchObject({ number: card(1), customerRef: 'CARD-1' })
  })

  it('refuses a bad check digit, a taken number, an unknown store or customer, storing nothing', async () => {
    const before = await cardCount()
    const digit = await problem(await api.request('POST', '/v1/customers/CARD-2/cards', { number: badCheckDigit(2) }), 400)
    expect(digit.errors).toEqual([{ pointer: '#/number', detail: 'fails its GS1 (in-store EAN-13) check digit' }])
    const format = await problem(await api.request('POST', '/v1/customers/CARD-2/cards', { number: '12AB' }), 400)
    expect(format.errors).toEqual([{ pointer: '#/number', detail: expect.stringContaining('8 to 19 digits') }])
    const taken = await problem(await api.request('POST', '/v1/customers/CARD-2/cards', { number: card(1) }), 409)
    expect(taken.errors).toEqual([{ pointer: '#/number', detail: 'already issued' }])
    const store = await problem(await api.request('POST', '/v1/customers/CARD-2/cards', { number: card(2), enrolmentStoreCode: 'S404' }), 400)
    expect(store.errors).toEqual([{ pointer: '#/enrolmentStoreCode', detail: 'no store with code S404' }])
    const nobody = await problem(await api.request('POST', '/v1/customers/NOBODY/cards', { number: card(2) }), 404)
    expect(nobody.errors).toEqual([{ parameter: 'customerRef', detail: 'unknown or erased customer' }])
    expect(await cardCount()).toBe(before)
    expect((await problem(await api.request('GET', `/v1/cards/${badCheckDigit(2)}`), 400)).errors).toEqual([{ parameter: 'number', detail: expect.stringContaining('check digit') }])
    expect((await problem(await api.request('GET', `/v1/cards/${card(2)}`), 404)).errors).toEqual([{ parameter: 'number', detail: 'unknown card' }])
  })
})

describe('POST /v1/cards/{number}/replace', () => {
  it('keeps the history with the customer: sales with the old and the new card link to the same customer_id', async () => {
    const [oldCard, newCard] = [card(10), card(11)]
    await api.request('POST', '/v1/customers/CARD-2/cards', { number: oldCard })
    expect(await postSale('R-1', oldCard)).toMatchObject({ status: 'stored', warnings: [] })
    const res = await api.request('POST', `/v1/cards/${oldCard}/replace`, { newNumber: newCard })
    expect(res.status).toBe(201)
    expect(await body(res)).toMatchObject({ number: newCard, status: 'active', customerRef: 'CARD-2' })
    await postSale('R-2', newCard)
    expect(await receiptLink('R-1')).toEqual({ cardStatus: 'linked', customerRef: 'CARD-2', cardNumber: oldCard })
    expect(await receiptLink('R-2')).toEqual({ cardStatus: 'linked', customerRef: 'CARD-2', cardNumber: newCard })
    const ids = await api.sql`select distinct customer_id from receipts where receipt_no in ('R-1', 'R-2')`
    expect(ids).toHaveLength(1)
    expect(await body(await api.request('GET', `/v1/cards/${oldCard}`))).toMatchObject({ status: 'replaced', replacedBy: newCard })
    const customer = await body(await api.request('GET', '/v1/customers/CARD-2'))
    expect(customer.cards).toEqual([
      { number: oldCard, status: 'replaced', replacedBy: newCard, enrolledOn: null },
      { number: newCard, status: 'active', replacedBy: null, enrolledOn: expect.any(String) },
    ])
  })

  it('answers 409 for a replaced card or a taken new number, changing nothing', async () => {
    const again = await problem(await api.request('POST', `/v1/cards/${card(10)}/replace`, { newNumber: card(12) }), 409)
    expect(again.errors).toEqual([{ parameter: 'number', detail: 'a replaced card cannot be replaced' }])
    const taken = await problem(await api.request('POST', `/v1/cards/${card(11)}/replace`, { newNumber: card(1) }), 409)
    expect(taken.errors).toEqual([{ pointer: '#/newNumber', detail: 'already issued' }])
    const rows = await api.sql`select card_number, status from loyalty_cards where card_number in (${card(11)}, ${card(12)})`
    expect(rows.map((r) => ({ ...r }))).toEqual([{ cardNumber: card(11), status: 'active' }])
    await problem(await api.request('POST', `/v1/cards/${card(99)}/replace`, { newNumber: card(12) }), 404)
  })
})

describe('block and unblock', () => {
  it('stores a sale with a blocked card as anonymous, and links again once unblocked', async () => {
    const number = card(20)
    await api.request('POST', '/v1/customers/CARD-3/cards', { number })
    const blocked = await api.request('POST', `/v1/cards/${number}/block`)
    expect(await body(blocked)).toMatchObject({ status: 'blocked', statusChangedAt: expect.any(String) })
    expect(await postSale('B-1', number)).toMatchObject({ status: 'stored', warnings: ['card is blocked: stored as an anonymous sale'] })
    expect(await receiptLink('B-1')).toEqual({ cardStatus: 'blocked_card', customerRef: null, cardNumber: null })
    expect((await api.sql`select card_raw from receipts where receipt_no = 'B-1'`)[0]!.cardRaw).toBe(number)
    expect(await body(await api.request('POST', `/v1/cards/${number}/unblock`))).toMatchObject({ status: 'active' })
    await postSale('B-2', number)
    expect(await receiptLink('B-2')).toEqual({ cardStatus: 'linked', customerRef: 'CARD-3', cardNumber: number })
    const replaced = await problem(await api.request('POST', `/v1/cards/${card(10)}/block`), 409)
    expect(replaced.errors).toEqual([{ parameter: 'number', detail: 'a replaced card cannot be blocked or unblocked' }])
  })
})

describe('POST /v1/cards/bulk', () => {
  it('upserts JSON and CSV by normalised number; a status left out keeps the stored one', async () => {
    const first = await api.request('POST', '/v1/cards/bulk', { items: [
      { number: card(30), customerRef: 'CARD-4', status: 'blocked' },
      { number: card(31), customerRef: 'CARD-4', enrolmentStoreCode: 'S001' },
    ] })
    expect(await body(first)).toEqual({ created: 2, updated: 0 })
    const csv = `number,customerRef,enrolmentStoreCode,enrolledOn,status\n${card(30)},CARD-3,S002,2026-02-01,\n${card(32).replace(/^(\d{4})/, '$1-')},CARD-4,,,blocked\n`
    expect(await body(await api.request('POST', '/v1/cards/bulk', csv, { contentType: 'text/csv' }))).toEqual({ created: 1, updated: 1 })
    const rows = await api.sql`select lc.card_number, c.customer_ref, lc.status, lc.enrolled_on::text as enrolled_on from loyalty_cards lc
      join customers c using (customer_id) where card_number in (${card(30)}, ${card(31)}, ${card(32)}) order by card_number`
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { cardNumber: card(30), customerRef: 'CARD-3', status: 'blocked', enrolledOn: '2026-02-01' },
      { cardNumber: card(31), customerRef: 'CARD-4', status: 'active', enrolledOn: null },
      { cardNumber: card(32), customerRef: 'CARD-4', status: 'blocked', enrolledOn: null },
    ])
  })

  it('is all or nothing: an unknown customerRef, a bad check digit, a repeat or a replaced card stores nothing', async () => {
    const before = await api.sql`select card_number, customer_id, status from loyalty_cards order by card_id`
    const unknown = await problem(await api.request('POST', '/v1/cards/bulk', { items: [{ number: card(40), customerRef: 'CARD-1' }, { number: card(41), customerRef: 'GHOST' }] }), 400)
    expect(unknown.errors).toEqual([{ pointer: '#/items/1/customerRef', detail: 'no customer with customerRef GHOST' }])
    const csv = await problem(await api.request('POST', '/v1/cards/bulk', `number,customerRef\n${card(40)},CARD-1\n${card(41)},GHOST\n`, { contentType: 'text/csv' }), 400)
    expect(csv.errors).toEqual([{ pointer: '#/rows/2/customerRef', detail: 'no customer with customerRef GHOST' }])
    const digit = await problem(await api.request('POST', '/v1/cards/bulk', { items: [{ number: badCheckDigit(40), customerRef: 'CARD-1' }] }), 400)
    expect(digit.errors).toEqual([{ pointer: '#/items/0/number', detail: 'fails its GS1 (in-store EAN-13) check digit' }])
    const repeat = await problem(await api.request('POST', '/v1/cards/bulk', { items: [{ number: card(40), customerRef: 'CARD-1' }, { number: ` ${card(40)} `, customerRef: 'CARD-2' }] }), 400)
    expect(repeat.errors).toEqual([{ pointer: '#/items/1/number', detail: `${card(40)} repeats #/items/0/number` }])
    const replaced = await problem(await api.request('POST', '/v1/cards/bulk', { items: [{ number: card(40), customerRef: 'CARD-1' }, { number: card(10), customerRef: 'CARD-2', status: 'active' }] }), 400)
    expect(replaced.errors).toEqual([{ pointer: '#/items/1/status', detail: 'the card was replaced: its customer and status cannot change' }])
    expect(await api.sql`select card_number, customer_id, status from loyalty_cards order by card_id`).toEqual(before)
  })
})
