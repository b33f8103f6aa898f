import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReceiptInput } from '../../api/contract/receipt.js'
import { withCheckDigit } from '../../api/customers/card-number.js'
import { expectProblem as problem, jsonOf as body, startTestApi, type TestApi } from '../helpers/test-api.js'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ now: () => new Date('2026-11-24T12:00:00Z') })
})
afterAll(() => api.close())

const demographics = { gender: 'female', birthYear: 1984, incomeBand: 'middle', education: 'tertiary', householdSize: 3, childrenCount: 1, youngestChildBirthYear: 2019, postcode: '1012' }
const contact = { givenName: 'Anna', familyName: 'de Vries', addressLine1: 'Kerkstraat 1', postalCode: '1012 AB', city: 'Amsterdam', country: 'NL', email: 'anna@example.org' }
const customerCount = async (prefix: string) => (await api.sql<{ n: number }[]>`select count(*)::int as n from customers where customer_ref like ${prefix + '%'}`)[0]!.n
const sale = (receiptNo: string, card?: string): ReceiptInput => ({
  terminalId: 'LANE-1', businessDay: '2026-11-20', receiptNo, occurredAt: '2026-11-20T10:15:00+01:00',
  ...(card ? { card: { number: card, entry: 'scanned' as const } } : {}),
  lines: [{ lineNo: 1, sku: 'SKU-1', quantity: 1, unitPriceCents: 250, netAmountCents: 250 }], totalCents: 250,
})

describe('POST /v1/customers', () => {
  it('creates a customer with household, demographics and contact; GET shows them with no cards and no consents', async () => {
    const res = await api.request('POST', '/v1/customers', { customerRef: 'C-1', householdRef: 'HH-1', enrolmentStoreCode: 'S001', enrolledOn: '2024-03-01', demographics, contact })
    expect(res.status).toBe(201)
    const read = await body(await api.request('GET', '/v1/customers/C-1'))
    expect(read).toMatchObject({
      customerRef: 'C-1', householdRef: 'HH-1', enrolmentStoreCode: 'S001', enrolledOn: '2024-03-01', status: 'active',
      demographics, contact: { ...contact, addressLine2: null, phone: null }, cards: [],
      permissions: { profiling: false, marketingPostalMail: false, marketingEmail: false, offersPostalMail: false, offersEmail: false },
    })
    const [row] = await api.sql`select h.household_ref, d.income_band, k.email from customers c join households h using (household_id)
      join customer_demographics d using (customer_id) join customer_contacts k using (customer_id) where c.customer_ref = 'C-1'`
    expect({ ...row }).toEqual({ householdRef: 'HH-1', incomeBand: 'middle', email: 'anna@example.org' })
  })

  it('answers 409 for a customerRef on file, and 400 naming each invalid field, storing nothing', async () => {
    const taken = await problem(await api.request('POST', '/v1/customers', { customerRef: 'C-1' }), 409)
    expect(taken.errors).toEqual([{ pointer: '#/customerRef', detail: 'already on file' }])
    const bad = await problem(await api.request('POST', '/v1/customers', {
      customerRef: 'C-BAD', demographics: { ...demographics, incomeBand: 'rich', childrenCount: 0 }, contact: { email: 'not-an-email', country: 'nl' },
    }), 400)
    expect(bad.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/contact/country', '#/contact/email', '#/demographics/incomeBand'])
    const noKids = await problem(await api.request('POST', '/v1/customers', { customerRef: 'C-BAD', demographics: { ...demographics, childrenCount: 0 } }), 400)
    expect(noKids.errors).toEqual([{ pointer: '#/demographics/youngestChildBirthYear', detail: 'given, but childrenCount is 0' }])
    const store = await problem(await api.request('POST', '/v1/customers', { customerRef: 'C-BAD', householdRef: 'HH-BAD', enrolmentStoreCode: 'S999' }), 400)
    expect(store.errors).toEqual([{ pointer: '#/enrolmentStoreCode', detail: 'no store with code S999' }])
    expect(await customerCount('C-BAD')).toBe(0)
    expect(await api.sql`select 1 from households where household_ref = 'HH-BAD'`).toEqual([])
  })
})

describe('POST /v1/customers/bulk', () => {
  const header = 'customerRef,householdRef,enrolmentStoreCode,demographics.gender,demographics.birthYear,demographics.incomeBand,demographics.education,demographics.householdSize,demographics.childrenCount,demographics.postcode,contact.email,contact.country'
  it('upserts CSV with dotted headers; a row without contact columns keeps the stored contact', async () => {
    const csv = [header, 'CSV-1,HH-CSV,S001,male,1970,high,secondary,2,0,3541,bert@example.org,NL', 'CSV-2,HH-CSV,S002,other,1999,low,vocational,2,1,3541,,'].join('\n')
    expect(await body(await api.request('POST', '/v1/customers/bulk', csv, { contentType: 'text/csv' }))).toEqual({ created: 2, updated: 0 })
    const update = 'customerRef,enrolmentStoreCode,demographics.gender,demographics.birthYear,demographics.incomeBand,demographics.education,demographics.householdSize,demographics.childrenCount,demographics.postcode\nCSV-1,S002,male,1970,upper_middle,secondary,2,0,3541'
    expect(await body(await api.request('POST', '/v1/customers/bulk', update, { contentType: 'text/csv' }))).toEqual({ created: 0, updated: 1 })
    const one = await body(await api.request('GET', '/v1/customers/CSV-1'))
    expect(one).toMatchObject({ householdRef: null, enrolmentStoreCode: 'S002', demographics: { incomeBand: 'upper_middle', youngestChildBirthYear: null }, contact: { email: 'bert@example.org', country: 'NL' } })
    expect((await body(await api.request('GET', '/v1/customers/CSV-2'))).contact).toBeNull()
  })

  it('is all or nothing: an unknown store at one item or an invalid CSV cell stores nothing', async () => {
    const json = await problem(await api.request('POST', '/v1/customers/bulk', { items: [{ customerRef: 'AON-1' }, { customerRef: 'AON-2', enrolmentStoreCode: 'S404' }] }), 400)
    expect(json.errors).toEqual([{ pointer: '#/items/1/enrolmentStoreCode', detail: 'no store with code S404' }])
    const csv = [header, 'AON-3,,S001,male,1970,high,secondary,2,0,3541,,', 'AON-4,,S001,robot,1970,high,secondary,2,0,3541,,'].join('\n')
    const rows = await problem(await api.request('POST', '/v1/customers/bulk', csv, { contentType: 'text/csv' }), 400)
    expect(rows.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/rows/2/demographics/gender'])
    const twice = await problem(await api.request('POST', '/v1/customers/bulk', { items: [{ customerRef: 'AON-5' }, { customerRef: 'AON-5' }] }), 400)
    expect(twice.errors).toEqual([{ pointer: '#/items/1/customerRef', detail: 'AON-5 repeats #/items/0/customerRef' }])
    expect(await customerCount('AON-')).toBe(0)
  })
})

describe('GET /v1/customers', () => {
  it('filters on demographics and store, without contact data, and pages through every match exactly once', async () => {
    const items = Array.from({ length: 9 }, (_, i) => ({
      customerRef: `PG-${i}`, enrolmentStoreCode: i < 6 ? 'S001' : 'S002', contact: { email: `pg${i}@example.org` },
      demographics: { ...demographics, postcode: '9999', gender: i % 3 === 0 ? 'male' : 'female', incomeBand: i < 4 ? 'low' : 'high' },
    }))
    expect(await body(await api.request('POST', '/v1/customers/bulk', { items }))).toEqual({ created: 9, updated: 0 })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await body(await api.request('GET', `/v1/customers?postcode=9999&limit=4${cursor ? `&cursor=${cursor}` : ''}`))
      for (const c of page.items) expect(c).not.toHaveProperty('contact')
      seen.push(...page.items.map((c: { customerRef: string }) => c.customerRef))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(items.map((c) => c.customerRef))
    const refs = async (query: string) => (await body(await api.request('GET', `/v1/customers?postcode=9999&${query}`))).items.map((c: { customerRef: string }) => c.customerRef)
    expect(await refs('gender=male&enrolmentStore=S001')).toEqual(['PG-0', 'PG-3'])
    expect(await refs('gender=male&incomeBand=high')).toEqual(['PG-6'])
    expect(await refs('incomeBand=low&enrolmentStore=S002')).toEqual([])
  })
})

describe('consents', () => {
  const post = (ref: string, c: Record<string, string>) => api.request('POST', `/v1/customers/${ref}/consents`, { recordedAt: '2026-01-10T09:00:00+01:00', source: 'web-preferences', ...c })
  it('appends decisions and derives the effective state; a later objection wins', async () => {
    await api.request('POST', '/v1/customers', { customerRef: 'CON-1' })
    expect((await post('CON-1', { purpose: 'marketing', channel: 'email', decision: 'granted' })).status).toBe(201)
    await post('CON-1', { purpose: 'profiling', channel: 'any', decision: 'granted' })
    const granted = await body(await post('CON-1', { purpose: 'personalised_offers', channel: 'any', decision: 'granted' }))
    expect(granted.effective).toEqual({ profiling: true, marketingPostalMail: false, marketingEmail: true, offersPostalMail: false, offersEmail: true })
    await post('CON-1', { purpose: 'profiling', channel: 'any', decision: 'objected', recordedAt: '2026-02-01T00:00:00Z' })
    const log = await body(await api.request('GET', '/v1/customers/CON-1/consents'))
    expect(log.events.map((e: any) => [e.purpose, e.decision])).toEqual([['marketing', 'granted'], ['profiling', 'granted'], ['personalised_offers', 'granted'], ['profiling', 'objected']])
    expect(log.effective).toEqual({ profiling: false, marketingPostalMail: false, marketingEmail: true, offersPostalMail: false, offersEmail: false })
  })

  it('refuses profiling for one channel (400 #/channel) and an unknown customer (404), storing nothing', async () => {
    const channel = await problem(await post('CON-1', { purpose: 'profiling', channel: 'email', decision: 'granted' }), 400)
    expect(channel.errors).toEqual([{ pointer: '#/channel', detail: "profiling is recorded for channel 'any'" }])
    const unknown = await problem(await post('NOBODY', { purpose: 'marketing', channel: 'email', decision: 'granted' }), 404)
    expect(unknown.errors).toEqual([{ parameter: 'customerRef', detail: 'unknown or erased customer' }])
    expect((await api.sql`select count(*)::int as n from consent_events e join customers c using (customer_id) where c.customer_ref = 'CON-1'`)[0]!.n).toBe(4)
  })
})

describe('DELETE /v1/customers/{customerRef}', () => {
  it('erases contact, demographics, consents and card numbers, and unlinks receipts that stay as anonymous sales', async () => {
    const card = withCheckDigit('290000000777')
    await api.request('POST', '/v1/customers', { customerRef: 'ERASE-1', householdRef: 'HH-ERASE', demographics, contact })
    await api.request('POST', '/v1/customers/ERASE-1/consents', { purpose: 'marketing', channel: 'any', decision: 'granted', recordedAt: '2026-01-01T00:00:00Z', source: 'enrolment-form' })
    expect((await api.request('POST', '/v1/customers/ERASE-1/cards', { number: card })).status).toBe(201)
    await api.request('POST', '/v1/stores/S001/sales', { receipts: [sale('E-1', card)] })
    await api.request('POST', `/v1/cards/${card}/block`)
    await api.request('POST', '/v1/stores/S001/sales', { receipts: [sale('E-2', card)] })
    const [{ customerId }] = (await api.sql`select customer_id from customers where customer_ref = 'ERASE-1'`) as unknown as [{ customerId: number }]
    expect((await api.sql`select card_status from receipts where receipt_no in ('E-1', 'E-2') order by receipt_no`).map((r) => r.cardStatus)).toEqual(['linked', 'blocked_card'])

    const res = await api.request('DELETE', '/v1/customers/ERASE-1')
    expect(res.status).toBe(204)
    await problem(await api.request('GET', '/v1/customers/ERASE-1'), 404)
    await problem(await api.request('DELETE', '/v1/customers/ERASE-1'), 404)
    await problem(await api.request('GET', `/v1/cards/${card}`), 404)

    const left = await api.sql`select
      (select count(*)::int from customer_contacts where customer_id = ${customerId}) as contacts,
      (select count(*)::int from customer_demographics where customer_id = ${customerId}) as demographics,
      (select count(*)::int from consent_events where customer_id = ${customerId}) as consents,
      (select count(*)::int from households where household_ref = 'HH-ERASE') as households`
    expect({ ...left[0] }).toEqual({ contacts: 0, demographics: 0, consents: 0, households: 0 })
    const [person] = await api.sql`select customer_ref, household_id, status, erased_at is not null as erased from customers where customer_id = ${customerId}`
    expect({ ...person }).toEqual({ customerRef: null, householdId: null, status: 'erased', erased: true })
    expect((await api.sql`select card_number, status from loyalty_cards where customer_id = ${customerId}`).map((r) => ({ ...r }))).toEqual([{ cardNumber: null, status: 'erased' }])
    const receipts = await api.sql`select receipt_no, customer_id, card_id, card_raw, card_status, line_count, total_cents from receipts where receipt_no in ('E-1', 'E-2') order by receipt_no`
    expect(receipts.map((r) => ({ ...r }))).toEqual([
      { receiptNo: 'E-1', customerId: null, cardId: null, cardRaw: null, cardStatus: 'none', lineCount: 1, totalCents: 250 },
      { receiptNo: 'E-2', customerId: null, cardId: null, cardRaw: null, cardStatus: 'none', lineCount: 1, totalCents: 250 },
    ])
    expect((await api.sql`select count(*)::int as n from receipt_lines l join receipts r using (store_id, receipt_id) where r.receipt_no in ('E-1', 'E-2')`)[0]!.n).toBe(2)
  })
})
