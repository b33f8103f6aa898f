import { createApiKey } from '../auth/auth.repo.js'
import { withCheckDigit } from '../customers/card-number.js'
import type { Sql } from '../db/create-database.js'
import type { Log } from '../http/logger.js'
import { ingestSales } from '../sales/ingest-sales.js'
import { upsertStores } from '../stores/stores.repo.js'
import type { StoreInput } from '../contract/store.js'
import { makeDemoReceipt, type DemoProduct } from './demo-receipts.js'
import { createRandom, pick } from './random.js'

export type DemoOptions = { log: Log; seed?: number; days?: number; receiptsPerStoreDay?: number; customers?: number; now?: () => Date }

const STORES: StoreInput[] = [
  { code: 'S001', name: 'Amsterdam Centrum', region: 'Noord-Holland', format: 'supermarket', salesAreaM2: 1200, openedOn: '2015-03-01', timeZone: 'Europe/Amsterdam', currency: 'EUR', postcode: '1012', latitude: 52.373, longitude: 4.893 },
  { code: 'S002', name: 'Utrecht Leidsche Rijn', region: 'Utrecht', format: 'hypermarket', salesAreaM2: 4200, openedOn: '2012-09-15', timeZone: 'Europe/Amsterdam', currency: 'EUR', postcode: '3541', latitude: 52.1, longitude: 5.05 },
  { code: 'S003', name: 'Groningen Zernike', region: 'Groningen', format: 'convenience', salesAreaM2: 450, openedOn: '2019-01-10', timeZone: 'Europe/Amsterdam', currency: 'EUR', postcode: '9747', latitude: 53.24, longitude: 6.53 },
  { code: 'S004', name: 'Zandvoort Boulevard', region: 'Noord-Holland', format: 'supermarket', salesAreaM2: 900, openedOn: '2010-05-20', timeZone: 'Europe/Amsterdam', currency: 'EUR', postcode: '2042', latitude: 52.37, longitude: 4.53 },
]

// department → category → [subcategory, brands, price range in cents, weighed]
const CATALOG: [string, [string, [string, string[], [number, number], boolean][]][]][] = [
  ['FRESH', [['FRUIT', [['APPLES', ['Orchard', 'Basketwise'], [150, 350], true], ['BANANAS', ['Chiquita', 'Basketwise'], [120, 220], true]]], ['VEG', [['SALAD', ['Florette', 'Basketwise'], [99, 249], false], ['POTATOES', ['Basketwise'], [149, 399], true]]]]],
  ['DAIRY', [['MILK', [['FRESH-MILK', ['Campina', 'Basketwise'], [99, 189], false], ['PLANT-MILK', ['Alpro', 'Oatly'], [199, 289], false]]], ['YOGHURT', [['GREEK-YOGHURT', ['Fage', 'Basketwise'], [179, 349], false]]], ['CHEESE', [['HARD-CHEESE', ['Old Amsterdam', 'Basketwise'], [399, 899], false]]]]],
  ['BAKERY', [['BREAD', [['LOAVES', ['Bakker Bart', 'Basketwise'], [149, 349], false], ['ROLLS', ['Basketwise'], [99, 249], false]]]]],
  ['GROCERY', [['PASTA', [['DRIED-PASTA', ['Barilla', 'De Cecco', 'Basketwise'], [89, 299], false], ['PASTA-SAUCE', ['Bertolli', 'Basketwise'], [149, 399], false]]], ['BREAKFAST', [['CEREAL', ['Kellogg', 'Basketwise'], [199, 449], false], ['COFFEE', ['Douwe Egberts', 'Lavazza', 'Basketwise'], [399, 999], false]]]]],
  ['DRINKS', [['SOFT-DRINKS', [['COLA', ['Coca-Cola', 'Pepsi', 'Basketwise'], [99, 249], false]]], ['BEER-WINE', [['BEER', ['Heineken', 'Grolsch'], [349, 1299], false], ['WINE', ['Casillero', 'Basketwise'], [499, 1499], false]]]]],
  ['BABY', [['BABY-CARE', [['NAPPIES', ['Pampers', 'Basketwise'], [799, 1599], false], ['BABY-FOOD', ['Olvarit', 'Hipp'], [129, 299], false]]]]],
  ['HOUSEHOLD', [['CLEANING', [['DETERGENT', ['Ariel', 'Basketwise'], [499, 1299], false]]], ['PAPER', [['TOILET-PAPER', ['Page', 'Basketwise'], [299, 699], false]]]]],
  ['SNACKS', [['CRISPS', [['POTATO-CRISPS', ['Lays', 'Pringles', 'Basketwise'], [129, 299], false]]], ['SWEETS', [['CHOCOLATE', ['Tony', 'Milka', 'Basketwise'], [99, 399], false]]]]],
]

/**
 * Loads a small demo chain into an empty database: four stores, a catalog of
 * about a hundred products, customers with cards, demographics, contact data and
 * consents, and some thousands of receipts posted through the real ingest path.
 * Issues a fresh demo admin key either way (older demo keys are revoked).
 */
export async function seedDemo(sql: Sql, o: DemoOptions): Promise<{ adminKey: string; loaded: boolean }> {
  const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from stores`
  let loaded = false
  if (n === 0) {
    const t0 = performance.now()
    const counts = await loadDemoChain(sql, o)
    o.log({ level: 'info', msg: 'demo chain loaded', ...counts, ms: Math.round(performance.now() - t0) })
    loaded = true
  }
  await sql`update api_keys set revoked_at = now() where name = 'demo admin' and revoked_at is null`
  const { key } = await createApiKey(sql, { role: 'admin', storeId: null, name: 'demo admin' })
  return { adminKey: key, loaded }
}

async function loadDemoChain(sql: Sql, o: DemoOptions) {
  const rng = createRandom(o.seed ?? 20261124)
  await upsertStores(sql, STORES)
  const stores = await sql<{ storeId: number; code: string }[]>`select store_id, code from stores order by code`

  const products: (DemoProduct & { subcategory: string })[] = []
  for (const [dept, cats] of CATALOG) {
    const [{ departmentId }] = (await sql<{ departmentId: number }[]>`
      insert into departments (code, name) values (${dept}, ${title(dept)}) returning department_id`) as unknown as [{ departmentId: number }]
    for (const [cat, subs] of cats) {
      const [{ categoryId }] = (await sql<{ categoryId: number }[]>`
        insert into categories (department_id, code, name) values (${departmentId}, ${cat}, ${title(cat)}) returning category_id`) as unknown as [{ categoryId: number }]
      for (const [sub, brands, [lo, hi], weighed] of subs) {
        const [{ subcategoryId }] = (await sql<{ subcategoryId: number }[]>`
          insert into subcategories (category_id, code, name) values (${categoryId}, ${sub}, ${title(sub)}) returning subcategory_id`) as unknown as [{ subcategoryId: number }]
        const rows = brands.flatMap((brand, b) =>
          [0, 1].map((variant) => {
            const price = Math.round(lo + rng() * (hi - lo))
            const sku = `${sub}-${b}${variant}`
            products.push({ sku, priceCents: price, weighed, subcategory: sub })
            return {
              sku,
              name: `${brand} ${title(sub).toLowerCase()}${variant ? ' large' : ''}`,
              brand,
              ownBrand: brand === 'Basketwise',
              subcategoryId,
              packUnit: weighed ? 'KG' : 'EA',
              packSize: 1,
              unitCostCents: Math.round(price * (brand === 'Basketwise' ? 0.55 : 0.7)),
              regularPriceCents: price,
              launchedOn: '2020-01-01',
            }
          }),
        )
        await sql`insert into products ${sql(rows)}`
      }
    }
  }

  const customerCount = o.customers ?? 600
  const cards: string[] = []
  const genders = ['female', 'male', 'female', 'male', 'other', 'undisclosed'] as const
  const incomes = ['low', 'lower_middle', 'middle', 'upper_middle', 'high'] as const
  const educations = ['primary', 'secondary', 'vocational', 'tertiary', 'postgraduate'] as const
  const names = ['Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos']
  const given = ['Anna', 'Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Sophie', 'Milan', 'Lotte', 'Finn']
  for (let i = 0; i < customerCount; i++) {
    const store = pick(rng, stores)
    const [{ customerId }] = (await sql<{ customerId: number }[]>`
      insert into customers (customer_ref, enrolment_store_id, enrolled_on)
      values (${'C' + String(100000 + i)}, ${store.storeId}, ${'2024-01-01'}) returning customer_id`) as unknown as [{ customerId: number }]
    const number = withCheckDigit('29' + String(1000000000 + i).padStart(10, '0'))
    cards.push(number)
    const children = rng() < 0.35 ? 1 + Math.floor(rng() * 3) : 0
    await sql`insert into loyalty_cards (card_number, customer_id, enrolment_store_id, enrolled_on)
      values (${number}, ${customerId}, ${store.storeId}, ${'2024-01-01'})`
    await sql`insert into customer_demographics ${sql({
      customerId,
      gender: pick(rng, genders),
      birthYear: 1940 + Math.floor(rng() * 65),
      incomeBand: pick(rng, incomes),
      education: pick(rng, educations),
      householdSize: children + 1 + (rng() < 0.6 ? 1 : 0),
      childrenCount: children,
      postcode: String(1000 + Math.floor(rng() * 8999)),
    })}`
    const g = pick(rng, given)
    const f = pick(rng, names)
    await sql`insert into customer_contacts ${sql({
      customerId,
      givenName: g,
      familyName: f,
      addressLine1: `${pick(rng, ['Kerkstraat', 'Dorpsweg', 'Stationsplein', 'Molenlaan'])} ${1 + Math.floor(rng() * 200)}`,
      postalCode: `${1000 + Math.floor(rng() * 8999)} AB`,
      city: pick(rng, ['Amsterdam', 'Utrecht', 'Groningen', 'Zandvoort']),
      country: 'NL',
      email: `${g}.${f.replace(/ /g, '')}.${i}@example.org`.toLowerCase(),
    })}`
    const consents = [
      { purpose: 'marketing', channel: 'postal_mail', decision: rng() < 0.7 ? 'granted' : 'objected' },
      { purpose: 'marketing', channel: 'email', decision: rng() < 0.6 ? 'granted' : 'withdrawn' },
      { purpose: 'profiling', channel: 'any', decision: rng() < 0.8 ? 'granted' : 'objected' },
      { purpose: 'personalised_offers', channel: 'any', decision: rng() < 0.6 ? 'granted' : 'withdrawn' },
    ]
    await sql`insert into consent_events ${sql(consents.map((c) => ({ customerId, ...c, recordedAt: '2024-01-01T10:00:00Z', source: 'enrolment-form' })))}`
  }

  const now = (o.now ?? (() => new Date()))()
  const days = o.days ?? 28
  const perStoreDay = o.receiptsPerStoreDay ?? 40
  const deps = { sql, now: () => now, knownMonths: new Set<string>(), earliestBusinessDay: '2000-01-01' }
  let receipts = 0
  for (const store of stores) {
    const batch: unknown[] = []
    for (let d = days; d >= 1; d--) {
      const day = new Date(now.getTime() - d * 86_400_000).toISOString().slice(0, 10)
      for (let r = 0; r < perStoreDay; r++) {
        const terminal = `LANE-${1 + (r % 4)}`
        batch.push(makeDemoReceipt(rng, { terminalId: terminal, businessDay: day, receiptNo: String(d * 1000 + r), products, cards }))
      }
    }
    for (let i = 0; i < batch.length; i += 1000) {
      const result = await ingestSales(deps, { role: 'admin', keyId: 0, userId: null, storeId: null, storeIds: null }, store.code, batch.slice(i, i + 1000), 'demo')
      receipts += result.counts.stored
    }
  }
  return { stores: stores.length, products: products.length, customers: customerCount, receipts }
}

function title(code: string): string {
  return code.charAt(0) + code.slice(1).toLowerCase().replace(/-/g, ' ')
}
