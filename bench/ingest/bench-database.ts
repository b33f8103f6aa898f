import postgres from 'postgres'
import { createApiKey } from '../../api/auth/auth.repo.js'
import { createDatabase, type Database, type Sql } from '../../api/db/create-database.js'
import { migrate } from '../../api/db/migrate.js'
import type { DemoProduct } from '../../api/demo/demo-receipts.js'
import { seedDemo } from '../../api/demo/seed-demo.js'

/** What the receipt generator and the COPY peer need to know about the seeded chain. */
export type BenchCatalog = {
  stores: { storeId: number; code: string }[]
  products: DemoProduct[]
  /** Active card numbers to put on receipts. */
  cards: string[]
  /** SKU → product_id, as the API's `left join products` resolves it. */
  productIds: Map<string, number>
  /** Card number → card and customer, as the API's card lookup resolves it. */
  cardsByNumber: Map<string, { cardId: number; customerId: number }>
}

export type BenchDatabase = { url: string; db: Database; drop(): Promise<void> }

/**
 * Creates (or re-creates) a database of the benchmark's own on the server of
 * `adminUrl`, migrated to the current schema. drop() closes it and drops it.
 */
export async function createBenchDatabase(adminUrl: string, name: string): Promise<BenchDatabase> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  // The name is ours, not user input; identifiers cannot be bound as parameters.
  await admin.unsafe(`drop database if exists ${name} with (force)`)
  await admin.unsafe(`create database ${name}`)
  const u = new URL(adminUrl)
  u.pathname = '/' + name
  // Two COPY streams, plus one connection for the CPU sampler's look at pg_stat_activity.
  const db = await createDatabase({ databaseUrl: u.toString(), dataDir: '', poolSize: 3 })
  await migrate(db.sql)
  return {
    url: u.toString(),
    db,
    async drop() {
      await db.close()
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

/**
 * Loads the demo chain's reference data (four stores, about a hundred products,
 * `customers` card holders) without its receipts, issues an admin key, and reads
 * back what the generator and the COPY peer need.
 */
export async function seedBenchData(sql: Sql, customers: number): Promise<{ catalog: BenchCatalog; adminKey: string }> {
  await seedDemo(sql, { log: () => {}, days: 0, customers })
  const { key } = await createApiKey(sql, { role: 'admin', storeId: null, name: 'bench ingest' })
  const stores = await sql<{ storeId: number; code: string }[]>`select store_id, code from stores order by code`
  const products = await sql<{ productId: number; sku: string; regularPriceCents: number; packUnit: string }[]>`
    select product_id, sku, regular_price_cents, pack_unit from products order by sku`
  const cards = await sql<{ cardNumber: string; cardId: number; customerId: number }[]>`
    select card_number, card_id, customer_id from loyalty_cards where status = 'active' order by card_id`
  return {
    adminKey: key,
    catalog: {
      stores: [...stores],
      products: products.map((p) => ({ sku: p.sku, priceCents: p.regularPriceCents, weighed: p.packUnit === 'KG' })),
      cards: cards.map((c) => c.cardNumber),
      productIds: new Map(products.map((p) => [p.sku, p.productId])),
      cardsByNumber: new Map(cards.map((c) => [c.cardNumber, { cardId: c.cardId, customerId: c.customerId }])),
    },
  }
}

/** Creates the receipt_lines month partitions of `days` up front, as the API does before its transaction. */
export async function ensurePartitions(sql: Sql, days: readonly string[]): Promise<void> {
  for (const day of new Set(days)) await sql`select ensure_receipt_line_partition(${day}::date)`
}
