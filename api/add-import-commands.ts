import { Command, Option } from 'commander'
import type { Config } from './config.js'
import type { Database } from './db/create-database.js'

type WithDb = <T>(config: Config, f: (db: Database) => Promise<T>) => Promise<T>
type StoreOptions = { store: string; createStore?: boolean; storeName?: string; region?: string; storeFormat?: string; timeZone?: string; currency?: string }

const storeOptions = (c: Command) =>
  c
    .requiredOption('--store <code>', 'the store the sales belong to')
    .option('--create-store', 'create the store when it is absent (else the import stops)')
    .option('--store-name <name>', 'name of a store created with --create-store (default: its code)')
    .option('--region <region>', 'region of a created store', 'imported')
    .addOption(new Option('--store-format <format>', 'format of a created store').choices(['hypermarket', 'supermarket', 'convenience', 'discount', 'online']).default('supermarket'))
    .option('--time-zone <zone>', 'IANA time zone of a created store', 'UTC')
    .option('--currency <code>', 'ISO 4217 currency of a created store', 'EUR')

/** Finds the store, or creates it when --create-store says so; otherwise fails naming the flag. */
async function ensureStore(db: Database, o: StoreOptions, fail: (msg: string) => never): Promise<void> {
  const [{ findStoreByCode, upsertStores }, { StoreInputSchema }] = await Promise.all([import('./stores/stores.repo.js'), import('./contract/store.js')])
  if (await findStoreByCode(db.sql, o.store)) return
  if (!o.createStore) fail(`error: no store with code ${o.store}; create it (POST /v1/stores) or pass --create-store`)
  const input = StoreInputSchema.safeParse({ code: o.store, name: o.storeName ?? o.store, region: o.region, format: o.storeFormat, timeZone: o.timeZone, currency: o.currency })
  if (!input.success) fail(`error: cannot create store ${o.store}: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  await upsertStores(db.sql, [input.data!])
  process.stderr.write(`Created store ${o.store} (${o.storeFormat}, ${o.timeZone}, ${o.currency})\n`)
}

const csvCell = (v: string | number) => (typeof v === 'number' || !/[",\n\r]/.test(v) ? String(v) : `"${v.replace(/"/g, '""')}"`)

/** `basketwise import baskets|lines`: a retailer's history through the ingest path, with a progress bar and a summary. */
export function addImportCommands(program: Command, withDb: WithDb, loadConfig: () => Config): void {
  const imp = program.command('import').description("Import a retailer's history: basket lists, transaction lines (CSV with a column mapping)")

  storeOptions(
    imp
      .command('baskets')
      .description('Import a public basket list (Groceries or FIMI .dat, .gz accepted) as anonymous sales of one store')
      .argument('<file>', 'the basket list')
      .addOption(new Option('--format <format>', 'groceries: item names, comma-separated; fimi: integer ids, space-separated').choices(['groceries', 'fimi']).makeOptionMandatory())
      .option('--first-day <date>', 'business day of the first basket', '2025-01-01')
      .option('--baskets-per-day <n>', 'baskets filed under each business day', '500'),
  ).action(async (file: string, opts: StoreOptions & { format: 'groceries' | 'fimi'; firstDay: string; basketsPerDay: string }) => {
    const perDay = Number(opts.basketsPerDay)
    if (!Number.isInteger(perDay) || perDay < 1) program.error('error: --baskets-per-day must be a positive integer')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.firstDay)) program.error('error: --first-day must be YYYY-MM-DD')
    const [{ importBasketList }, { SingleBar, Presets }] = await Promise.all([import('../fixtures/import/import-basket-list.js'), import('cli-progress')])
    await withDb(loadConfig(), async (db) => {
      await ensureStore(db, opts, (m) => program.error(m))
      const bar = new SingleBar({ format: 'baskets {value} | stored {stored}, already there {already}, rejected {rejected}' }, Presets.shades_classic)
      bar.start(0, 0, { stored: 0, already: 0, rejected: 0 })
      const s = await importBasketList(db.sql, {
        file, format: opts.format, storeCode: opts.store, firstDay: opts.firstDay, basketsPerDay: perDay,
        onProgress: (p) => bar.update(p.stored + p.alreadyImported + p.rejected.length, { stored: p.stored, already: p.alreadyImported, rejected: p.rejected.length }),
      })
      bar.stop()
      process.stdout.write(`Read ${s.lines} lines: ${s.stored} baskets stored, ${s.alreadyImported} already there, ${s.rejected.length} rejected; ${s.items} distinct items, ${s.newProducts} new products\n`)
      for (const r of s.rejected.slice(0, 20)) process.stdout.write(`  line ${r.line}: ${r.reason}\n`)
      if (s.rejected.length > 20) process.stdout.write(`  … and ${s.rejected.length - 20} more\n`)
    })
  })

  storeOptions(
    imp
      .command('lines')
      .description('Import transaction lines (one CSV row per line item, .gz accepted) through a column-mapping file; rejected rows go to FILE.rejected.csv')
      .argument('<file>', 'the CSV export')
      .requiredOption('--mapping <file>', 'column-mapping JSON (pos-adapter/csv/csv-mapping.ts; e.g. fixtures/import/mappings/online-retail.json)')
      .option('--rejected <file>', 'where to write the rejected rows (line, reason); default FILE.rejected.csv'),
  ).action(async (file: string, opts: StoreOptions & { mapping: string; rejected?: string }) => {
    const [{ importLines }, { CsvMappingSchema }, { SingleBar, Presets }, { readFileSync, writeFileSync }] = await Promise.all([
      import('../fixtures/import/import-lines.js'), import('../pos-adapter/csv/index.js'), import('cli-progress'), import('node:fs')])
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(opts.mapping, 'utf8'))
    } catch (err) {
      program.error(`error: cannot read the mapping ${opts.mapping}: ${(err as Error).message}`)
    }
    const mapping = CsvMappingSchema.safeParse(raw)
    if (!mapping.success) program.error(`error: the mapping ${opts.mapping} is invalid: ${mapping.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    await withDb(loadConfig(), async (db) => {
      await ensureStore(db, opts, (m) => program.error(m))
      const bar = new SingleBar({ format: '[{bar}] {percentage}% | {rows} rows, {receipts} receipts, {rejected} rows rejected | {eta_formatted} left', etaBuffer: 50 }, Presets.shades_classic)
      bar.start(1000, 0, { rows: 0, receipts: 0, rejected: 0 })
      const t0 = performance.now()
      const s = await importLines(db.sql, {
        file, mapping: mapping.data!, storeCode: opts.store,
        onProgress: (p, done, total) => bar.update(Math.round((done / total) * 1000), { rows: p.rowsRead, receipts: p.receipts.stored + p.receipts.alreadyThere, rejected: p.rejectedRows }),
      })
      bar.stop()
      const rejectedFile = opts.rejected ?? `${file}.rejected.csv`
      writeFileSync(rejectedFile, ['line,reason', ...s.rejections.map((r) => `${r.line},${csvCell(r.reason)}`)].join('\n') + '\n')
      const secs = (performance.now() - t0) / 1000
      process.stdout.write([
        `Read ${s.rowsRead} rows in ${secs.toFixed(1)} s`,
        `  receipts: ${s.receipts.stored} stored, ${s.receipts.alreadyThere} already there, ${s.receipts.rejected} rejected`,
        `  lines:    ${s.lines.stored} stored, ${s.lines.alreadyThere} already there; ${s.rejectedRows} rows rejected`,
        `  customers: ${s.customers} on ${s.customerReceipts} receipts; ${s.productsCreated} new products`,
        ...Object.entries(s.rejectedByReason).map(([reason, n]) => `  rejected ${n} rows: ${reason}`),
        `Rejected rows (line, reason): ${rejectedFile}`,
        '',
      ].join('\n'))
    })
  })

  for (const entity of ['products', 'stores', 'customers'] as const) {
    imp
      .command(entity)
      .description(`Create or update ${entity} from a CSV file with a header row, as POST /v1/${entity}/bulk takes it (at most 10,000 rows; all or nothing)`)
      .argument('<file>', 'CSV with the bulk endpoint\'s columns (dotted headers nest: contact.email)')
      .action(async (file: string) => {
        const [{ readFileSync }, { parseBulk }, { rowPointerOf, rejectRepeatedKeys }, { AppError }] = await Promise.all([
          import('node:fs'), import('./bulk/parse-bulk.js'), import('./bulk/row-pointer.js'), import('./errors/app-error.js')])
        const pointer = rowPointerOf('text/csv')
        await withDb(loadConfig(), async (db) => {
          try {
            const body = readFileSync(file, 'utf8')
            let result: { created: number; updated: number }
            if (entity === 'products') {
              const [{ ProductInputSchema }, { saveProducts }] = await Promise.all([import('./contract/product.js'), import('./products/save-products.repo.js')])
              const items = parseBulk(ProductInputSchema, 'text/csv', body)
              rejectRepeatedKeys(items, (i) => i.sku, 'sku', pointer)
              result = await saveProducts(db.sql, items, 'upsert', pointer)
            } else if (entity === 'stores') {
              const [{ StoreInputSchema }, { upsertStores }] = await Promise.all([import('./contract/store.js'), import('./stores/stores.repo.js')])
              const items = parseBulk(StoreInputSchema, 'text/csv', body)
              rejectRepeatedKeys(items, (i) => i.code, 'code', pointer)
              result = await upsertStores(db.sql, items)
            } else {
              const [{ CustomerInputSchema }, { saveCustomers }] = await Promise.all([import('./contract/customer.js'), import('./customers/save-customers.repo.js')])
              const items = parseBulk(CustomerInputSchema, 'text/csv', body)
              rejectRepeatedKeys(items, (i) => i.customerRef, 'customerRef', pointer)
              result = await saveCustomers(db.sql, items, 'upsert', pointer)
            }
            process.stdout.write(`${entity}: ${result.created} created, ${result.updated} updated\n`)
          } catch (err) {
            if (!(err instanceof AppError)) throw err
            const lines = err.errors.slice(0, 50).map((e) => `  ${'pointer' in e ? e.pointer : e.parameter}: ${e.detail}`)
            program.error([`error: ${err.message}; nothing was stored`, ...lines, ...(err.errors.length > 50 ? [`  … and ${err.errors.length - 50} more`] : [])].join('\n'))
          }
        })
      })
  }
}
