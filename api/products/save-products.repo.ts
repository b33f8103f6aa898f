import type { ProductInput } from '../contract/product.js'
import type { Sql } from '../db/create-database.js'
import { chunksOf } from '../db/chunks-of.js'
import { AppError } from '../errors/app-error.js'
import { throwIfAny, type RowPointer } from '../bulk/row-pointer.js'
import { collectHierarchy, parentConflictErrors } from './collect-hierarchy.js'
import { upsertHierarchy } from './hierarchy.repo.js'

const toRow = (p: ProductInput, subcategoryId: number) => ({
  sku: p.sku,
  gtin: p.gtin ?? null,
  name: p.name,
  brand: p.brand ?? null,
  ownBrand: p.ownBrand,
  subcategoryId,
  packSize: p.packSize ?? null,
  packUnit: p.packUnit ?? null,
  unitCostCents: p.unitCostCents ?? null,
  regularPriceCents: p.regularPriceCents ?? null,
  launchedOn: p.launchedOn ?? null,
  active: p.active,
})
type ProductRow = ReturnType<typeof toRow>

// postgres.js binds at most 65,534 parameters per statement; one per column per row.
const ROWS_PER_STATEMENT = Math.floor(65_534 / 12)

/**
 * Stores products with their hierarchy nodes in one transaction, all or
 * nothing. `create` refuses a SKU already in the catalog (409); `upsert`
 * updates it. Sales lines already stored with these SKUs get their product,
 * and the SKUs leave unmapped_skus, in the same transaction.
 */
export async function saveProducts(
  sql: Sql,
  items: readonly ProductInput[],
  mode: 'create' | 'upsert',
  pointer: RowPointer,
): Promise<{ created: number; updated: number }> {
  const hierarchy = collectHierarchy(items, pointer)
  if (!hierarchy.ok) throw new AppError('invalid_request', 'The products describe an inconsistent hierarchy; nothing was stored', hierarchy.errors)
  return sql.begin(async (txRaw) => {
    const tx = txRaw as unknown as Sql
    const { subcategoryIds, conflicts } = await upsertHierarchy(tx, hierarchy.nodes)
    throwIfAny(parentConflictErrors(conflicts, hierarchy.nodes, pointer), 'The hierarchy disagrees with the stored one')
    const rows = items.map((p) => toRow(p, subcategoryIds.get(p.subcategory.code)!))
    let created = 0
    for (const chunk of chunksOf(rows, ROWS_PER_STATEMENT)) {
      if (mode === 'create') {
        const inserted = await insertChunk(tx, chunk)
        if (inserted.length < chunk.length) {
          throw new AppError('conflict', 'A product with this SKU exists', [{ pointer: pointer(0, 'sku'), detail: 'already in the catalog' }])
        }
        created += inserted.length
      } else created += (await upsertChunk(tx, chunk)).filter((r) => r.created).length
    }
    await linkSoldLines(tx, rows.map((r) => r.sku))
    return { created, updated: rows.length - created }
  }) as Promise<{ created: number; updated: number }>
}

function insertChunk(sql: Sql, rows: ProductRow[]) {
  return sql<{ sku: string }[]>`
    insert into products ${sql(rows)}
    on conflict (sku) do nothing
    returning sku`
}

function upsertChunk(sql: Sql, rows: ProductRow[]) {
  return sql<{ created: boolean }[]>`
    insert into products ${sql(rows)}
    on conflict (sku) do update set
      gtin = excluded.gtin, name = excluded.name, brand = excluded.brand, own_brand = excluded.own_brand,
      subcategory_id = excluded.subcategory_id, pack_size = excluded.pack_size, pack_unit = excluded.pack_unit,
      unit_cost_cents = excluded.unit_cost_cents, regular_price_cents = excluded.regular_price_cents,
      launched_on = excluded.launched_on, active = excluded.active, updated_at = now()
    returning (xmax = 0) as created`
}

/** Gives sales lines stored while their SKU was unknown their product, and drops the SKUs from unmapped_skus. */
async function linkSoldLines(sql: Sql, skus: string[]): Promise<void> {
  // receipt_lines_unmapped (sku where product_id is null) keeps this to the unmapped lines.
  await sql`
    update receipt_lines l set product_id = p.product_id
    from products p
    where p.sku = any(${skus}::text[]) and l.sku = p.sku and l.product_id is null`
  await sql`delete from unmapped_skus where sku = any(${skus}::text[])`
}
