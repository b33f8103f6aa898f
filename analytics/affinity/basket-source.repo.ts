import type { Database, Sql } from '../../api/db/create-database.js'
import { BasketRowParser } from './parse-basket-rows.js'
import type { Baskets } from './types.js'

export { LEVELS, type Level } from '../../api/contract/affinity.js'
import type { Level } from '../../api/contract/affinity.js'

/** One level of the product hierarchy as mining items: dense id ↔ the level's own id, code and name. */
export type LevelItems = {
  /** dense item id → the level's id (product_id, subcategory_id, category_id or department_id) */
  ids: Int32Array
  codes: string[]
  names: string[]
  /** dense product id → dense item id of this level (−1: the product has no parent at this level) */
  fromProduct: Int32Array
}

/** The catalog as the affinity engine sees it: products densely numbered, and each level above them. */
export type Catalog = {
  /** product_id → dense product id (−1: none) */
  productIndex: Int32Array
  levels: Record<Level, LevelItems>
}

/** Reads the product hierarchy (a small reference table) into dense numberings per level. */
export async function loadCatalog(sql: Sql): Promise<Catalog> {
  const rows = await sql<{ productId: number; sku: string; name: string; subcategoryId: number | null; categoryId: number | null; departmentId: number | null }[]>`
    select p.product_id, p.sku, p.name, p.subcategory_id, s.category_id, c.department_id
    from products p
    left join subcategories s using (subcategory_id)
    left join categories c using (category_id)
    order by p.product_id`
  const [subs, cats, deps] = await Promise.all([
    sql<{ id: number; code: string; name: string }[]>`select subcategory_id as id, code, name from subcategories order by subcategory_id`,
    sql<{ id: number; code: string; name: string }[]>`select category_id as id, code, name from categories order by category_id`,
    sql<{ id: number; code: string; name: string }[]>`select department_id as id, code, name from departments order by department_id`,
  ])
  const maxProduct = rows.length ? rows[rows.length - 1]!.productId : 0
  const productIndex = new Int32Array(maxProduct + 1).fill(-1)
  rows.forEach((r, i) => (productIndex[r.productId] = i))
  const level = (list: { id: number; code: string; name: string }[], parentOf: (r: (typeof rows)[number]) => number | null): LevelItems => {
    const dense = new Map(list.map((x, i) => [x.id, i]))
    return {
      ids: Int32Array.from(list, (x) => x.id),
      codes: list.map((x) => x.code),
      names: list.map((x) => x.name),
      fromProduct: Int32Array.from(rows, (r) => {
        const p = parentOf(r)
        return p === null ? -1 : (dense.get(p) ?? -1)
      }),
    }
  }
  return {
    productIndex,
    levels: {
      sku: { ids: Int32Array.from(rows, (r) => r.productId), codes: rows.map((r) => r.sku), names: rows.map((r) => r.name), fromProduct: Int32Array.from(rows, (_, i) => i) },
      subcategory: level(subs, (r) => r.subcategoryId),
      category: level(cats, (r) => r.categoryId),
      department: level(deps, (r) => r.departmentId),
    },
  }
}

/** Which baskets to mine. */
export type BasketFilter = {
  /** Stores (store_id); all when absent. */
  storeIds?: number[] | undefined
  /** Business days, inclusive (YYYY-MM-DD). */
  from?: string | undefined
  to?: string | undefined
  /** 'all' includes anonymous baskets; 'card-holders' only baskets linked to a customer. */
  customers?: 'all' | 'card-holders' | undefined
  /**
   * A demographic segment (implies card holders). Only customers who have not objected to
   * profiling are selected by their demographics.
   */
  segment?: Segment | undefined
}

export type Segment = {
  gender?: string[] | undefined
  incomeBand?: string[] | undefined
  education?: string[] | undefined
  /** Age (calendar year minus birth year) in the year the window ends, inclusive bounds. */
  ageFrom?: number | undefined
  ageTo?: number | undefined
  /** Households with children (true) or without (false). */
  children?: boolean | undefined
}

export type ExtractedBaskets = {
  /** Baskets at SKU level (dense product ids). */
  baskets: Baskets
  /** store_id of each basket */
  stores: Uint32Array
}

/**
 * Streams the baskets that pass `filter` out of the database into the typed-array encoding, one
 * text row per receipt (`store_id`, its product ids) parsed byte by byte, so memory grows with the
 * encoded baskets, never with objects per line. Sale lines only, voided lines and unmapped SKUs
 * left out; a receipt with none left is not a basket.
 * - PostgreSQL: one COPY TO STDOUT, on a connection of its own that is closed afterwards
 *   (see Database.dedicatedClient: postgres.js can leave a COPY connection's socket paused).
 * - PGlite: it has one connection, so no COPY stream there (the same pause hangs the whole
 *   database: reproduced); the same rows come one month at a time as ordinary queries, each
 *   row a chunk of about 4,096 receipts' baskets as one text, and the one connection is free
 *   for other queries between months (a cursor would hold it until the end).
 */
export async function extractBaskets(db: Pick<Database, 'sql' | 'engine' | 'dedicatedClient'>, filter: BasketFilter, catalog: Catalog, progress: (done: number, total: number) => void = () => {}): Promise<ExtractedBaskets> {
  const { sql } = db
  const f = normaliseFilter(filter)
  const [{ receipts, first, last }] = (await sql<{ receipts: number; first: string | null; last: string | null }[]>`
    select count(*)::int as receipts, min(business_day)::text as first, max(business_day)::text as last
    from receipts r
    where (${f.from}::date is null or r.business_day >= ${f.from}::date)
      and (${f.to}::date is null or r.business_day <= ${f.to}::date)
      and (${f.storeIds}::int[] is null or r.store_id = any(${f.storeIds}::int[]))
      and (${f.customers !== 'card-holders'} or r.customer_id is not null)`) as unknown as [{ receipts: number; first: string | null; last: string | null }]
  // Ages are taken at the end of the window (the last day with data when it is open).
  const refYear = Number((f.to ?? last ?? new Date().toISOString()).slice(0, 4))
  const parser = new BasketRowParser(catalog.productIndex, catalog.levels.sku.ids.length)
  let lastReport = 0
  const report = () => {
    if (parser.baskets - lastReport >= 20_000) {
      lastReport = parser.baskets
      progress(parser.baskets, Math.max(receipts, parser.baskets))
    }
  }
  if (db.engine === 'server' && db.dedicatedClient) {
    const copyClient = db.dedicatedClient()
    try {
      const stream = await copyClient.unsafe(`copy (select store_id, items from (${basketSelectSql(f, refYear)}) b) to stdout`).readable()
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        parser.push(chunk)
        report()
      }
    } finally {
      await copyClient.end({ timeout: 5 })
    }
  } else if (first && last) {
    for (const w of monthWindows(maxDay(f.from, first)!, minDay(f.to, last)!)) {
      const rows = await sql.unsafe<{ chunk: string }[]>(`
        select string_agg(store_id || E'\t' || items, E'\n') || E'\n' as chunk
        from (${basketSelectSql({ ...f, from: maxDay(f.from, w.from), to: minDay(f.to, w.to) }, refYear)}) b
        group by receipt_id / 4096`)
      for (const { chunk } of rows) {
        parser.push(Buffer.from(chunk, 'latin1'))
        report()
      }
    }
  }
  const out = parser.finish()
  progress(out.baskets.basketCount, out.baskets.basketCount)
  return out
}

type NormalFilter = { storeIds: number[] | null; from: string | null; to: string | null; customers: 'all' | 'card-holders'; segment: Segment | null }

function normaliseFilter(f: BasketFilter): NormalFilter {
  const day = (d: string | undefined, name: string) => {
    if (d === undefined) return null
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new RangeError(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(d)}`)
    return d
  }
  if (f.storeIds && !f.storeIds.every((s) => Number.isInteger(s) && s > 0)) throw new RangeError('store ids must be positive integers')
  return {
    storeIds: f.storeIds ?? null,
    from: day(f.from, 'from'),
    to: day(f.to, 'to'),
    customers: f.segment ? 'card-holders' : (f.customers ?? 'all'),
    segment: f.segment ?? null,
  }
}

/**
 * The basket query. COPY takes no bind parameters, so values are written into the text:
 * dates and store ids only after normaliseFilter has checked them (YYYY-MM-DD, positive
 * integers), so the planner can prune month partitions; the segment's strings travel as one
 * JSON string literal (single quotes doubled: complete escaping under
 * standard_conforming_strings, on by default on both engines), read back with ->>.
 */
function basketSelectSql(f: NormalFilter, refYear: number): string {
  const s = f.segment
  const json = JSON.stringify({ gender: s?.gender ?? null, income: s?.incomeBand ?? null, education: s?.education ?? null, ageFrom: s?.ageFrom ?? null, ageTo: s?.ageTo ?? null, children: s?.children ?? null })
  const needsReceipt = f.customers === 'card-holders' || s !== null
  const where = [
    `l.kind = 'sale'`,
    `not l.voided`,
    `l.product_id is not null`,
    f.from ? `l.business_day >= date '${f.from}'` : null,
    f.to ? `l.business_day <= date '${f.to}'` : null,
    f.storeIds ? `l.store_id in (${f.storeIds.map((x) => String(x)).join(', ')})` : null,
    needsReceipt ? `r.customer_id is not null` : null,
    s ? `r.customer_id in (select customer_id from segment)` : null,
  ].filter((x): x is string => x !== null)
  // The segment is resolved to its customers once (materialized), before the join with the
  // lines: the consent view is per customer, and must not be evaluated per line.
  const segment = s
    ? `with segment as materialized (
      select d.customer_id
      from customer_demographics d
      join customer_permissions cp on cp.customer_id = d.customer_id and cp.profiling
      cross join (select '${json.replace(/'/g, "''")}'::jsonb as j) p
      where (p.j->'gender' = 'null' or d.gender in (select jsonb_array_elements_text(p.j->'gender')))
        and (p.j->'income' = 'null' or d.income_band in (select jsonb_array_elements_text(p.j->'income')))
        and (p.j->'education' = 'null' or d.education in (select jsonb_array_elements_text(p.j->'education')))
        and (p.j->'ageFrom' = 'null' or ${refYear} - d.birth_year >= (p.j->>'ageFrom')::int)
        and (p.j->'ageTo' = 'null' or ${refYear} - d.birth_year <= (p.j->>'ageTo')::int)
        and (p.j->'children' = 'null' or (coalesce(d.children_count, 0) > 0) = (p.j->>'children')::boolean))`
    : ''
  return `${segment}
    select l.store_id, l.receipt_id, string_agg(l.product_id::text, ' ') as items
    from receipt_lines l
    ${needsReceipt ? 'join receipts r on r.store_id = l.store_id and r.receipt_id = l.receipt_id' : ''}
    where ${where.join('\n      and ')}
    group by l.store_id, l.receipt_id`
}

function monthWindows(first: string, last: string): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = []
  let y = Number(first.slice(0, 4))
  let m = Number(first.slice(5, 7))
  const endKey = Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7))
  while (y * 12 + m <= endKey) {
    const from = `${y}-${String(m).padStart(2, '0')}-01`
    const next = m === 12 ? { y: y + 1, m: 1 } : { y, m: m + 1 }
    const to = new Date(Date.UTC(next.y, next.m - 1, 0)).toISOString().slice(0, 10)
    out.push({ from, to })
    y = next.y
    m = next.m
  }
  return out
}

const maxDay = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b)
const minDay = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b)
