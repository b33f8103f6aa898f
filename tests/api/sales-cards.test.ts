import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardSchemeOf, checkCardNumber, withCheckDigit } from '../../api/customers/card-number.js'
import { createRandom } from '../../api/demo/random.js'
import { startTestApi, type TestApi } from '../helpers/test-api.js'
import { TEST_NOW, receipt, salesResultOf } from '../helpers/sales-fixtures.js'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ now: () => TEST_NOW })
})
afterAll(() => api.close())

// GS1 restricted-circulation EAN-13 numbers (prefix 29), as a retailer prints them on cards.
const ACTIVE = withCheckDigit('290000000001')
const BLOCKED = withCheckDigit('290000000002')
const REPLACED = withCheckDigit('290000000003')
const UNKNOWN = withCheckDigit('290000000099')
/** ACTIVE with its last digit changed: fails the check digit, and must not reach ACTIVE's customer. */
const ACTIVE_MISREAD = ACTIVE.slice(0, -1) + String((Number(ACTIVE.at(-1)) + 1) % 10)

async function insertCustomer(ref: string): Promise<number> {
  const [row] = await api.sql<{ customerId: number }[]>`insert into customers (customer_ref) values (${ref}) returning customer_id`
  return row!.customerId
}
async function insertCard(number: string, customerId: number, status: 'active' | 'blocked' = 'active'): Promise<number> {
  const [row] = await api.sql<{ cardId: number }[]>`
    insert into loyalty_cards (card_number, customer_id, status) values (${number}, ${customerId}, ${status}) returning card_id`
  return row!.cardId
}

/** Posts one receipt with the card and returns its outcome and stored row. */
async function postWithCard(receiptNo: string, card: { number: string; entry: 'scanned' | 'keyed' }) {
  const res = await api.request('POST', '/v1/stores/S001/sales', { receipts: [receipt({ receiptNo, card })] })
  expect(res.status).toBe(200)
  const [outcome] = (await salesResultOf(res)).results
  const rows = await api.sql`
    select card_raw, card_entry, card_status, card_id, customer_id from receipts where receipt_no = ${receiptNo}`
  return { outcome, rows: rows.map((r) => ({ ...r })) }
}

describe('loyalty cards on posted sales', () => {
  let customer = 0
  let activeCard = 0
  let otherCustomer = 0
  let replacedCard = 0
  beforeAll(async () => {
    customer = await insertCustomer('C-CARD-1')
    activeCard = await insertCard(ACTIVE, customer)
    otherCustomer = await insertCustomer('C-CARD-2')
    await insertCard(BLOCKED, otherCustomer, 'blocked')
    // A lost card replaced by a new one: sales on the old card still belong to the same customer.
    const newCard = await insertCard(withCheckDigit('290000000004'), customer)
    const [row] = await api.sql<{ cardId: number }[]>`
      insert into loyalty_cards (card_number, customer_id, status, replaced_by_card_id)
      values (${REPLACED}, ${customer}, 'replaced', ${newCard}) returning card_id`
    replacedCard = row!.cardId
    expect(checkCardNumber(ACTIVE_MISREAD)).toEqual({ ok: false, number: ACTIVE_MISREAD, reason: 'check_digit' })
  })

  it('links a known active card to its customer, whatever separators the till sent', async () => {
    const spaced = `${ACTIVE.slice(0, 1)} ${ACTIVE.slice(1, 7)} ${ACTIVE.slice(7)}`
    expect(await postWithCard('CARD-ACTIVE', { number: spaced, entry: 'scanned' })).toEqual({
      outcome: { index: 0, status: 'stored', receiptId: expect.any(String), warnings: [] },
      rows: [{ cardRaw: ACTIVE, cardEntry: 'scanned', cardStatus: 'linked', cardId: activeCard, customerId: customer }],
    })
  })

  it('stores a number failing its check digit as an anonymous sale, the raw number kept, with a warning', async () => {
    expect(await postWithCard('CARD-MISREAD', { number: ACTIVE_MISREAD, entry: 'keyed' })).toEqual({
      outcome: { index: 0, status: 'stored', receiptId: expect.any(String), warnings: ['card number fails its check digit: stored as an anonymous sale'] },
      rows: [{ cardRaw: ACTIVE_MISREAD, cardEntry: 'keyed', cardStatus: 'invalid_check_digit', cardId: null, customerId: null }],
    })
  })

  it('stores a number that is not a card number at all as an anonymous sale', async () => {
    expect(await postWithCard('CARD-FORMAT', { number: '29-ABC', entry: 'keyed' })).toEqual({
      outcome: { index: 0, status: 'stored', receiptId: expect.any(String), warnings: ['card number is not 8 to 19 digits: stored as an anonymous sale'] },
      rows: [{ cardRaw: '29ABC', cardEntry: 'keyed', cardStatus: 'invalid_check_digit', cardId: null, customerId: null }],
    })
  })

  it('stores a valid number not on file as unknown_card, the number kept for later linking', async () => {
    expect(await postWithCard('CARD-UNKNOWN', { number: UNKNOWN, entry: 'scanned' })).toEqual({
      outcome: {
        index: 0,
        status: 'stored',
        receiptId: expect.any(String),
        warnings: ['card number is not on file: stored as an anonymous sale with the number kept for later linking'],
      },
      rows: [{ cardRaw: UNKNOWN, cardEntry: 'scanned', cardStatus: 'unknown_card', cardId: null, customerId: null }],
    })
  })

  it('does not link a blocked card', async () => {
    expect(await postWithCard('CARD-BLOCKED', { number: BLOCKED, entry: 'scanned' })).toEqual({
      outcome: { index: 0, status: 'stored', receiptId: expect.any(String), warnings: ['card is blocked: stored as an anonymous sale'] },
      rows: [{ cardRaw: BLOCKED, cardEntry: 'scanned', cardStatus: 'blocked_card', cardId: null, customerId: null }],
    })
  })

  it('links a replaced card to the same customer', async () => {
    expect(await postWithCard('CARD-REPLACED', { number: REPLACED, entry: 'scanned' })).toEqual({
      outcome: { index: 0, status: 'stored', receiptId: expect.any(String), warnings: [] },
      rows: [{ cardRaw: REPLACED, cardEntry: 'scanned', cardStatus: 'linked', cardId: replacedCard, customerId: customer }],
    })
  })

  it('links each receipt of a mixed batch on its own', async () => {
    const res = await api.request('POST', '/v1/stores/S001/sales', {
      receipts: [
        receipt({ receiptNo: 'MIX-1', card: { number: ACTIVE, entry: 'scanned' } }),
        receipt({ receiptNo: 'MIX-2', card: { number: ACTIVE_MISREAD, entry: 'keyed' } }),
        receipt({ receiptNo: 'MIX-3' }),
        receipt({ receiptNo: 'MIX-4', card: { number: UNKNOWN, entry: 'keyed' } }),
      ],
    })
    expect((await salesResultOf(res)).results.map((o) => o.status)).toEqual(['stored', 'stored', 'stored', 'stored'])
    const rows = await api.sql`select receipt_no, card_status, customer_id from receipts where receipt_no like 'MIX-%' order by receipt_no`
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { receiptNo: 'MIX-1', cardStatus: 'linked', customerId: customer },
      { receiptNo: 'MIX-2', cardStatus: 'invalid_check_digit', customerId: null },
      { receiptNo: 'MIX-3', cardStatus: 'none', customerId: null },
      { receiptNo: 'MIX-4', cardStatus: 'unknown_card', customerId: null },
    ])
  })
})

describe('card_number_valid (SQL) and checkCardNumber (TypeScript)', () => {
  it('agree on 600 random numbers of every scheme and length, half of them valid', async () => {
    const rng = createRandom(20_261_124)
    const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rng() * 10))).join('')
    const prefixes = ['02', '04', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29']
    const numbers: string[] = []
    const planted: boolean[] = []
    for (let i = 0; i < 500; i++) {
      const length = i % 5 === 0 ? 13 : i % 5 === 1 ? 18 : 8 + Math.floor(rng() * 12)
      const body = i % 5 === 0 ? prefixes[Math.floor(rng() * prefixes.length)]! + digits(10) : digits(length - 1)
      const valid = withCheckDigit(body, cardSchemeOf(body + '0') === 'luhn' ? 'luhn' : 'gs1')
      const keep = i % 2 === 0
      // Any other last digit fails either check.
      numbers.push(keep ? valid : body + String((Number(valid.at(-1)) + 1 + Math.floor(rng() * 9)) % 10))
      planted.push(keep)
    }
    // Outside the formats: too short, too long, letters, empty.
    for (let i = 0; i < 100; i++) numbers.push(i % 4 === 0 ? digits(1 + (i % 7)) : i % 4 === 1 ? digits(20 + (i % 5)) : i % 4 === 2 ? digits(6) + 'A' + digits(6) : '')
    for (let i = 0; i < 100; i++) planted.push(false)

    const ts = numbers.map((n) => checkCardNumber(n).ok)
    expect(ts).toEqual(planted)
    const rows = await api.sql<{ ok: boolean }[]>`
      select card_number_valid(n) as ok from unnest(${numbers}::text[]) with ordinality as u (n, i) order by i`
    expect(rows.map((r) => r.ok)).toEqual(ts)
    expect(ts.filter(Boolean)).toHaveLength(250)
    // Every scheme is exercised, valid and invalid.
    const schemes = new Set(numbers.slice(0, 500).map((n, i) => `${cardSchemeOf(n)}:${planted[i]}`))
    expect([...schemes].sort()).toEqual(['gs1-gsrn:false', 'gs1-gsrn:true', 'gs1-rcn13:false', 'gs1-rcn13:true', 'luhn:false', 'luhn:true'])
  })
})
