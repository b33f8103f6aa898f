import type { Database } from '../../api/db/create-database.js'
import { ATTRIBUTES, attributeCodes, type AttributeTable } from './attributes.js'
import { NumericRowParser } from './parse-numeric-rows.js'
import { streamRows } from './stream-rows.repo.js'
import type { CustomerBehaviour, Day } from './types.js'

/** The product hierarchy above the SKU: subcategories (dense 0..n−1) and the category and department of each. */
export type Hierarchy = {
  subcategory: LevelTable
  category: LevelTable
  department: LevelTable
}
/** One level: its items' codes and names, and the dense item of this level for each dense subcategory. */
export type LevelTable = { ids: Int32Array; codes: string[]; names: string[]; fromSubcategory: Int32Array }

export type StoreRef = { storeId: number; code: string; name: string; region: string }

/**
 * Everything customer analytics reads, as typed arrays indexed by dense customer (0..count−1),
 * store (0..stores−1) and subcategory (0..subcategories−1).
 */
export type CustomerData = {
  window: { from: string; to: string; asOfDay: Day }
  stores: StoreRef[]
  hierarchy: Hierarchy
  customerIds: Float64Array
  /** Demographics of customers who allow profiling; the others' codes are all −1 (never read). */
  attributes: AttributeTable[]
  behaviour: CustomerBehaviour
  /** Each customer's spend per store and subcategory: CSR by customer (rows of customer i at offsets[i] .. [i+1]), grouped by store within a customer. */
  purchases: { offsets: Uint32Array; store: Int16Array; item: Int32Array; spend: Float64Array }
  /** Spend of every sale (card holders and anonymous) per store × subcategory, row-major; the last column is unmapped SKUs. */
  storeMix: Float64Array
  /** Baskets per store, card-linked and all. */
  storeBaskets: { linked: Float64Array; all: Float64Array }
}

export type CustomerWindow = { from?: string | undefined; to?: string | undefined }

const DAY = /^\d{4}-\d{2}-\d{2}$/
const EPOCH = Date.UTC(1970, 0, 1)
export const dayOf = (date: string): Day => Math.round((Date.parse(`${date}T00:00:00Z`) - EPOCH) / 86_400_000)
export const dateOf = (day: Day): string => new Date(EPOCH + day * 86_400_000).toISOString().slice(0, 10)

/**
 * Reads card holders, their demographics (only where profiling is allowed), visits and spend per
 * store and subcategory in the window, and every store's sales mix. The heavy aggregation
 * (lines → customer × store × subcategory) runs in the database; its rows stream as text into
 * typed arrays. Erased customers are not card holders any more (their receipts were unlinked).
 */
export async function extractCustomerData(db: Pick<Database, 'sql' | 'engine' | 'dedicatedClient'>, w: CustomerWindow, progress: (phase: string, done: number, total: number) => void = () => {}, signal?: AbortSignal): Promise<CustomerData> {
  const { sql } = db
  for (const [name, d] of [['from', w.from], ['to', w.to]] as const) if (d !== undefined && !DAY.test(d)) throw new RangeError(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(d)}`)
  const [bounds] = await sql<{ first: string | null; last: string | null }[]>`
    select min(business_day)::text as first, max(business_day)::text as last from receipts
    where (${w.from ?? null}::date is null or business_day >= ${w.from ?? null}::date)
      and (${w.to ?? null}::date is null or business_day <= ${w.to ?? null}::date)`
  const from = w.from ?? bounds?.first ?? w.to ?? '1970-01-01'
  const to = w.to ?? bounds?.last ?? from
  const asOfDay = dayOf(to)
  const inWindow = (alias: string) => `${alias}.business_day between date '${from}' and date '${to}'`

  const stores = await sql<StoreRef[]>`select store_id, code, name, region from stores order by code`
  const storeIndex = new Map(stores.map((s, i) => [s.storeId, i]))
  const hierarchy = await loadHierarchy(db)
  const subIndex = new Map(Array.from(hierarchy.subcategory.ids, (id, i) => [id, i]))
  const nSub = hierarchy.subcategory.ids.length

  // Card holders: active customers only; demographics read only where profiling is allowed.
  progress('customers', 0, 1)
  const people = await sql<{ customerId: string; profiling: boolean; gender: string | null; birthYear: number | null; incomeBand: string | null; education: string | null; householdSize: number | null; childrenCount: number | null; youngestChildBirthYear: number | null; postcode: string | null }[]>`
    select c.customer_id::text, coalesce(p.profiling, false) as profiling,
      case when p.profiling then d.gender end as gender, case when p.profiling then d.birth_year end as birth_year,
      case when p.profiling then d.income_band end as income_band, case when p.profiling then d.education end as education,
      case when p.profiling then d.household_size end as household_size, case when p.profiling then d.children_count end as children_count,
      case when p.profiling then d.youngest_child_birth_year end as youngest_child_birth_year, case when p.profiling then d.postcode end as postcode
    from customers c
    left join customer_permissions p using (customer_id)
    left join customer_demographics d using (customer_id)
    where c.status = 'active'
    order by c.customer_id`
  signal?.throwIfAborted()
  const count = people.length
  const customerIds = Float64Array.from(people, (p) => Number(p.customerId))
  const maxId = count ? customerIds[count - 1]! : 0
  const dense = new Int32Array(maxId + 1).fill(-1)
  customerIds.forEach((id, i) => (dense[id] = i))
  const include = Uint8Array.from(people, (p) => (p.profiling ? 1 : 0))
  const attributes = attributeCodes(people, Number(to.slice(0, 4)))
  progress('customers', 1, 1)

  // Visits: one row per customer and day, in order, straight into the CSR.
  const visitOffsets = new Uint32Array(count + 1)
  const visits = new Uint32Array(count)
  const couponCents = new Float64Array(count)
  let visitDays = new Int32Array(1 << 16)
  let nDays = 0
  let lastCustomer = -1
  const visitParser = new NumericRowParser(4, (f) => {
    const c = f[0]! <= maxId ? dense[f[0]!]! : -1
    if (c < 0) return // not an active customer (cannot happen: erasure unlinks receipts)
    if (c !== lastCustomer) {
      for (let k = lastCustomer + 1; k <= c; k++) visitOffsets[k] = nDays
      lastCustomer = c
    }
    if (nDays === visitDays.length) visitDays = grow(visitDays)
    visitDays[nDays++] = f[1]!
    visits[c]! += f[2]!
    couponCents[c]! += f[3]!
  })
  await streamRows(db, ['r.customer_id', `r.business_day - date '1970-01-01'`, 'count(*)', 'sum(r.receipt_discount_cents)'], `
    from receipts r where r.customer_id is not null and ${inWindow('r')}
    group by r.customer_id, r.business_day`, 'r.customer_id, r.business_day', (chunk) => visitParser.push(chunk), signal)
  visitParser.finish()
  for (let k = lastCustomer + 1; k <= count; k++) visitOffsets[k] = nDays
  progress('visits', 1, 1)

  // Lines: customer (0 = anonymous) × store × subcategory (0 = unmapped SKU), summed in SQL.
  const spendCents = new Float64Array(count)
  const costCents = new Float64Array(count)
  const lines = new Uint32Array(count)
  const promoLines = new Uint32Array(count)
  const storeMix = new Float64Array(stores.length * (nSub + 1))
  let rowCustomer = new Int32Array(1 << 16)
  let rowStore = new Int16Array(1 << 16)
  let rowItem = new Int32Array(1 << 16)
  let rowSpend = new Float64Array(1 << 16)
  let nRows = 0
  const lineParser = new NumericRowParser(7, (f) => {
    const s = storeIndex.get(f[1]!)!
    const item = f[2]! === 0 ? -1 : (subIndex.get(f[2]!) ?? -1)
    storeMix[s * (nSub + 1) + (item < 0 ? nSub : item)]! += f[3]!
    const c = f[0]! !== 0 && f[0]! <= maxId ? dense[f[0]!]! : -1
    if (c < 0) return
    spendCents[c]! += f[3]!
    costCents[c]! += f[4]!
    lines[c]! += f[5]!
    promoLines[c]! += f[6]!
    if (item < 0) return
    if (nRows === rowCustomer.length) {
      rowCustomer = grow(rowCustomer)
      rowStore = grow(rowStore)
      rowItem = grow(rowItem)
      rowSpend = grow(rowSpend)
    }
    rowCustomer[nRows] = c
    rowStore[nRows] = s
    rowItem[nRows] = item
    rowSpend[nRows++] = f[3]!
    if ((nRows & 0xfffff) === 0) progress('purchases', nRows, 0)
  })
  await streamRows(db, [
    'coalesce(r.customer_id, 0)', 'l.store_id', 'coalesce(p.subcategory_id, 0)', 'sum(l.net_amount_cents)',
    `round(sum(case when l.kind = 'sale' then 1 else -1 end * l.quantity * coalesce(p.unit_cost_cents, 0)))`,
    `count(*) filter (where l.kind = 'sale')`,
    `count(*) filter (where l.kind = 'sale' and (l.discount_cents > 0 or l.coupon_code is not null))`,
  ], `
    from receipt_lines l
    join receipts r on r.store_id = l.store_id and r.receipt_id = l.receipt_id
    left join products p on p.product_id = l.product_id
    where not l.voided and ${inWindow('l')} and ${inWindow('r')}
    group by coalesce(r.customer_id, 0), l.store_id, coalesce(p.subcategory_id, 0)`, null, (chunk) => lineParser.push(chunk), signal)
  lineParser.finish()
  progress('purchases', nRows, nRows)

  // Counting sorts of the purchase rows, by store and then (stable) by customer: the CSR the
  // cores read, each customer's rows grouped by store.
  const byStore = new Uint32Array(stores.length + 1)
  for (let r = 0; r < nRows; r++) byStore[rowStore[r]! + 1]!++
  for (let k = 0; k < stores.length; k++) byStore[k + 1]! += byStore[k]!
  const storeOrder = new Uint32Array(nRows)
  for (let r = 0; r < nRows; r++) storeOrder[byStore[rowStore[r]!]!++] = r
  const offsets = new Uint32Array(count + 1)
  for (let r = 0; r < nRows; r++) offsets[rowCustomer[r]! + 1]!++
  for (let c = 0; c < count; c++) offsets[c + 1]! += offsets[c]!
  const fill = offsets.slice(0, count)
  const store = new Int16Array(nRows)
  const item = new Int32Array(nRows)
  const spend = new Float64Array(nRows)
  for (let k = 0; k < nRows; k++) {
    const r = storeOrder[k]!
    const at = fill[rowCustomer[r]!]!++
    store[at] = rowStore[r]!
    item[at] = rowItem[r]!
    spend[at] = rowSpend[r]!
  }

  const basketRows = await sql<{ storeId: number; linked: number; all: number }[]>`
    select store_id, count(*) filter (where customer_id is not null)::float8 as linked, count(*)::float8 as all
    from receipts r where ${sql.unsafe(inWindow('r'))} group by store_id`
  const storeBaskets = { linked: new Float64Array(stores.length), all: new Float64Array(stores.length) }
  for (const b of basketRows) {
    storeBaskets.linked[storeIndex.get(b.storeId)!] = b.linked
    storeBaskets.all[storeIndex.get(b.storeId)!] = b.all
  }

  const marginCents = new Float64Array(count)
  for (let c = 0; c < count; c++) marginCents[c] = spendCents[c]! - costCents[c]! - couponCents[c]!
  return {
    window: { from, to, asOfDay },
    stores,
    hierarchy,
    customerIds,
    attributes,
    behaviour: { count, include, spendCents, marginCents, visits, lines, promoLines, visitOffsets, visitDays: visitDays.slice(0, nDays) },
    purchases: { offsets, store, item, spend },
    storeMix,
    storeBaskets,
  }
}

async function loadHierarchy(db: Pick<Database, 'sql'>): Promise<Hierarchy> {
  const subs = await db.sql<{ id: number; code: string; name: string; categoryId: number }[]>`select subcategory_id as id, code, name, category_id from subcategories order by subcategory_id`
  const cats = await db.sql<{ id: number; code: string; name: string; departmentId: number }[]>`select category_id as id, code, name, department_id from categories order by category_id`
  const deps = await db.sql<{ id: number; code: string; name: string }[]>`select department_id as id, code, name from departments order by department_id`
  const catIndex = new Map(cats.map((c, i) => [c.id, i]))
  const depIndex = new Map(deps.map((d, i) => [d.id, i]))
  const subToCat = Int32Array.from(subs, (s) => catIndex.get(s.categoryId)!)
  return {
    subcategory: { ids: Int32Array.from(subs, (s) => s.id), codes: subs.map((s) => s.code), names: subs.map((s) => s.name), fromSubcategory: Int32Array.from(subs, (_, i) => i) },
    category: { ids: Int32Array.from(cats, (c) => c.id), codes: cats.map((c) => c.code), names: cats.map((c) => c.name), fromSubcategory: subToCat },
    department: { ids: Int32Array.from(deps, (d) => d.id), codes: deps.map((d) => d.code), names: deps.map((d) => d.name), fromSubcategory: Int32Array.from(subToCat, (c) => depIndex.get(cats[c]!.departmentId)!) },
  }
}

function grow<T extends Int32Array | Int16Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2)
  b.set(a)
  return b
}

export { ATTRIBUTES }
