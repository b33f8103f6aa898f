import type { Product, UnmappedSku } from '../contract/product.js'
import type { Sql } from '../db/create-database.js'

const node = (sql: Sql, alias: string) =>
  sql`case when ${sql(alias)}.code is null then null else json_build_object('code', ${sql(alias)}.code, 'name', ${sql(alias)}.name) end`

const productSelect = (sql: Sql) => sql`
  select p.sku, p.gtin, p.name, p.brand, p.own_brand,
    ${node(sql, 'd')} as department, ${node(sql, 'c')} as category, ${node(sql, 's')} as subcategory,
    p.pack_size, p.pack_unit, p.unit_cost_cents, p.regular_price_cents, p.launched_on::text as launched_on, p.active,
    to_json(p.created_at)#>>'{}' as created_at, to_json(p.updated_at)#>>'{}' as updated_at
  from products p
  left join subcategories s on s.subcategory_id = p.subcategory_id
  left join categories c on c.category_id = s.category_id
  left join departments d on d.department_id = c.department_id`

export async function getProduct(sql: Sql, sku: string): Promise<Product | undefined> {
  const [row] = await sql<Product[]>`${productSelect(sql)} where p.sku = ${sku}`
  return row
}

export type ProductFilter = {
  department?: string | undefined
  category?: string | undefined
  subcategory?: string | undefined
  brand?: string | undefined
  ownBrand?: boolean | undefined
  active?: boolean | undefined
  q?: string | undefined
  after?: string | undefined
  limit: number
}

// ILIKE treats % and _ as wildcards and \ as their escape: a search for "50%" means those characters.
const likePattern = (q: string) => '%' + q.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%'

/** A page of products in SKU order, starting after the SKU `after`. */
export async function listProducts(sql: Sql, f: ProductFilter): Promise<Product[]> {
  return sql<Product[]>`
    ${productSelect(sql)}
    where true
      ${f.department ? sql`and d.code = ${f.department}` : sql``}
      ${f.category ? sql`and c.code = ${f.category}` : sql``}
      ${f.subcategory ? sql`and s.code = ${f.subcategory}` : sql``}
      ${f.brand ? sql`and p.brand = ${f.brand}` : sql``}
      ${f.ownBrand !== undefined ? sql`and p.own_brand = ${f.ownBrand}` : sql``}
      ${f.active !== undefined ? sql`and p.active = ${f.active}` : sql``}
      ${f.q ? sql`and p.name ilike ${likePattern(f.q)}` : sql``}
      ${f.after !== undefined ? sql`and p.sku > ${f.after}` : sql``}
    order by p.sku
    limit ${f.limit}`
}

/** Keyset position in the unmapped list: store code, then SKU. */
export type UnmappedKey = { storeCode: string; sku: string }

/** Store codes cannot contain '/', so the first '/' separates the two halves of the cursor. */
export const unmappedCursorOf = (k: UnmappedKey): string => `${k.storeCode}/${k.sku}`
export function parseUnmappedCursor(cursor: string): UnmappedKey | undefined {
  const at = cursor.indexOf('/')
  return at > 0 && at < cursor.length - 1 ? { storeCode: cursor.slice(0, at), sku: cursor.slice(at + 1) } : undefined
}

/**
 * A page of SKUs sold but not in the catalog, by store code then SKU: of the store with code
 * `store`, of the stores `storeIds` (a store manager's), or of every store.
 */
export async function listUnmappedSkus(
  sql: Sql,
  f: { store?: string | undefined; storeIds?: readonly number[] | undefined; after?: UnmappedKey | undefined; limit: number },
): Promise<UnmappedSku[]> {
  return sql<UnmappedSku[]>`
    select st.code as store_code, u.sku, u.first_business_day::text as first_business_day,
      u.last_business_day::text as last_business_day, u.line_count,
      to_json(u.first_seen_at)#>>'{}' as first_seen_at, to_json(u.last_seen_at)#>>'{}' as last_seen_at
    from unmapped_skus u
    join stores st on st.store_id = u.store_id
    where true
      ${f.store ? sql`and st.code = ${f.store}` : sql``}
      ${f.storeIds ? sql`and u.store_id = any(${f.storeIds as number[]}::int[])` : sql``}
      ${f.after ? sql`and (st.code, u.sku) > (${f.after.storeCode}, ${f.after.sku})` : sql``}
    order by st.code, u.sku
    limit ${f.limit}`
}
