import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../api/db/create-database.js'
import { createRandom } from '../../api/demo/random.js'
import { extractBaskets, loadCatalog, type Catalog } from '../../analytics/affinity/basket-source.repo.js'
import { rollUpBaskets } from '../../analytics/affinity/roll-up-baskets.js'
import type { Baskets } from '../../analytics/affinity/types.js'
import { buildWorld } from '../../fixtures/generator/build-world.js'
import { simulate, type GenReceipt } from '../../fixtures/generator/simulate.js'
import type { World } from '../../fixtures/generator/simulate.js'
import { createGeneratedTestDb, GENERATED_SEED } from '../helpers/generated-db.js'

let db: Database
let catalog: Catalog
let world: World
let receipts: GenReceipt[]
let storeIdOf: Map<string, number>
beforeAll(async () => {
  ;({ db } = await createGeneratedTestDb())
  catalog = await loadCatalog(db.sql)
  world = buildWorld('test', GENERATED_SEED)
  receipts = [...simulate(world, createRandom(GENERATED_SEED ^ 0x6006))]
  storeIdOf = new Map((await db.sql<{ code: string; storeId: number }[]>`select code, store_id from stores`).map((s) => [s.code, s.storeId]))
}, 300_000)
afterAll(() => db?.close())

/** Baskets as sorted "store|item,item" strings, hashed: order-free comparison of two basket lists. */
const digest = (rows: string[]) => createHash('sha256').update(rows.sort().join('\n')).digest('hex')
const rowsOf = (b: Baskets, stores: Uint32Array, names: string[]) =>
  Array.from({ length: b.basketCount }, (_, i) => `${stores[i]}|${Array.from(b.items.subarray(b.offsets[i]!, b.offsets[i + 1]!), (x) => names[x]).sort().join(',')}`)

/** What the generator sold: each receipt with a live sale line is a basket of its distinct items. */
const expectedRows = (keep: (r: GenReceipt) => boolean, itemOf: (sku: number) => string) =>
  receipts.filter(keep).flatMap((r) => {
    const items = [...new Set(r.lines.filter((l) => l.kind === 'sale' && !l.voided).map((l) => itemOf(l.sku)))].sort()
    return items.length ? [`${storeIdOf.get(world.stores[r.store]!.code)}|${items.join(',')}`] : []
  })

describe('extractBaskets', () => {
  it('streams every receipt with a live sale line as one basket of its distinct SKUs', async () => {
    const { baskets, stores } = await extractBaskets(db, {}, catalog)
    const expected = expectedRows(() => true, (s) => world.catalog.sku[s]!)
    expect(baskets.basketCount).toBe(expected.length)
    expect(digest(rowsOf(baskets, stores, catalog.levels.sku.codes))).toBe(digest(expected))
  })

  it('rolls SKUs up to categories, each category once per basket', async () => {
    const { baskets, stores } = await extractBaskets(db, {}, catalog)
    const cat = catalog.levels.category
    const up = rollUpBaskets(baskets, cat.fromProduct, cat.ids.length)
    const expected = expectedRows(() => true, (s) => world.catalog.categories[world.catalog.category[s]!]!.code)
    expect(digest(rowsOf(up, stores, cat.codes))).toBe(digest(expected))
  })

  it('keeps to the stores, the date window and card holders when asked', async () => {
    const s2 = storeIdOf.get('S002')!
    const start = Date.parse(world.preset.startDay)
    const dayOf = (d: number) => new Date(start + d * 86_400_000).toISOString().slice(0, 10)
    const { baskets, stores } = await extractBaskets(db, { storeIds: [s2], from: dayOf(10), to: dayOf(40), customers: 'card-holders' }, catalog)
    const expected = expectedRows((r) => world.stores[r.store]!.code === 'S002' && r.day >= 10 && r.day <= 40 && r.customer >= 0, (s) => world.catalog.sku[s]!)
    expect(expected.length).toBeGreaterThan(1000)
    expect(baskets.basketCount).toBe(expected.length)
    expect(digest(rowsOf(baskets, stores, catalog.levels.sku.codes))).toBe(digest(expected))
  })

  it('selects a demographic segment only among customers who allow profiling', async () => {
    const { baskets } = await extractBaskets(db, { segment: { gender: ['female'], ageFrom: 30, ageTo: 49 } }, catalog)
    const [{ n, all }] = (await db.sql<{ n: number; all: number }[]>`
      with segment as materialized (
        select d.customer_id, p.profiling from customer_demographics d join customer_permissions p using (customer_id)
        where d.gender = 'female' and 2025 - d.birth_year between 30 and 49)
      select count(*) filter (where s.profiling)::int as n, count(*)::int as all
      from receipts r
      join segment s using (customer_id)
      where exists (select 1 from receipt_lines l where l.store_id = r.store_id and l.receipt_id = r.receipt_id
                    and l.kind = 'sale' and not l.voided and l.product_id is not null)`) as unknown as [{ n: number; all: number }]
    expect(n).toBeGreaterThan(100)
    expect(all).toBeGreaterThan(n) // some of the segment objected to profiling: they are left out
    expect(baskets.basketCount).toBe(n)
  })

  it('refuses a malformed window before it reaches SQL', async () => {
    await expect(extractBaskets(db, { from: "2025-01-01' or true --" }, catalog)).rejects.toThrow('from must be a date YYYY-MM-DD')
  })
})
