import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCliEnv, type CliEnv } from '../helpers/cli-env.js'

const MAPPING = new URL('../../fixtures/import/mappings/online-retail.json', import.meta.url).pathname

// Online Retail shaped rows: a sale with a customer, a cancellation, a stock adjustment, a bad-debt entry.
const CSV = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536365,85123A,"WHITE HANGING HEART T-LIGHT HOLDER",6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536365,POST,"POSTAGE",1,2010-12-01 08:26:00,18.0,17850,United Kingdom',
  'C536379,D,"Discount",-1,2010-12-01 09:41:00,27.5,14527,United Kingdom',
  '536380,22139,"damaged",-12,2010-12-01 09:45:00,0.0,,United Kingdom',
  'A563185,B,"Adjust bad debt",1,2011-08-12 14:50:00,11062.06,,United Kingdom',
].join('\n')

let c: CliEnv
let dir: string
beforeAll(async () => {
  c = await createCliEnv('import')
  dir = c.dir
  writeFileSync(join(dir, 'lines.csv'), CSV + '\n')
})
afterAll(() => c?.close())

const cli = (...args: string[]) => c.cli(...args)

describe('basketwise import', () => {
  it.each(['import', 'import lines', 'import baskets', 'import products', 'import stores', 'import customers'])('answers "basketwise %s --help" with its usage', async (command) => {
    const { stdout } = await cli(...command.split(' '), '--help')
    expect(stdout).toMatch(new RegExp(`^Usage: basketwise ${command} `))
  })

  it('stops on an unknown store unless --create-store, then imports with a summary and the rejected rows; a re-run stores nothing', async () => {
    const file = join(dir, 'lines.csv')
    await expect(cli('import', 'lines', file, '--mapping', MAPPING, '--store', 'UK1')).rejects.toMatchObject({ stderr: expect.stringContaining('no store with code UK1; create it (POST /v1/stores) or pass --create-store') })
    const first = await cli('import', 'lines', file, '--mapping', MAPPING, '--store', 'UK1', '--create-store', '--store-format', 'online', '--time-zone', 'Europe/London', '--currency', 'GBP')
    expect(first.stdout).toContain('Read 5 rows')
    expect(first.stdout).toContain('receipts: 2 stored, 0 already there, 2 rejected')
    expect(first.stdout).toContain('lines:    3 stored, 0 already there; 2 rows rejected')
    expect(first.stdout).toContain('customers: 2 on 2 receipts; 3 new products')
    expect(readFileSync(`${file}.rejected.csv`, 'utf8')).toBe(
      'line,reason\n5,"stock adjustment (negative quantity at price 0, no customer, not a C cancellation): not a sale"\n6,"bad-debt adjustment (invoice A…, stock code B): an accounting entry, not a sale"\n',
    )
    const again = await cli('import', 'lines', file, '--mapping', MAPPING, '--store', 'UK1')
    expect(again.stdout).toContain('receipts: 0 stored, 2 already there, 2 rejected')
  }, 300_000)

  it('imports products from CSV all or nothing, naming the row and field at fault', async () => {
    const good = join(dir, 'products.csv')
    writeFileSync(good, 'sku,name,department.code,category.code,subcategory.code,regularPriceCents\nP1,Milk 1 l,DAIRY,MILK,FRESH-MILK,129\nP2,Butter,DAIRY,FATS,BUTTER,249\n')
    expect((await cli('import', 'products', good)).stdout).toBe('products: 2 created, 0 updated\n')
    const bad = join(dir, 'bad-products.csv')
    writeFileSync(bad, 'sku,name,department.code,category.code,subcategory.code,regularPriceCents\nP3,Cream,DAIRY,MILK,CREAM,99\nP4,,DAIRY,MILK,CREAM,-5\n')
    await expect(cli('import', 'products', bad)).rejects.toMatchObject({ stderr: expect.stringMatching(/nothing was stored[\s\S]*#\/rows\/2\/name/) })
  }, 120_000)
})

