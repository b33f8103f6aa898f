import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createCollector } from '../intake/collect-items.js'
import type { ParsedItem } from '../intake/parsed-item.js'
import { CsvMappingSchema, type CsvMappingInput } from './csv-mapping.js'
import { createReceiptGrouper, resolveColumns } from './group-rows.js'
import { parseDateTime, zoneOffsetAt } from './parse-date.js'
import { readCsv } from './read-csv.js'

const fixture = (name: string) => readFileSync(new URL(`../../tests/pos-adapter/fixtures/${name}`, import.meta.url))

async function read(bytes: Buffer | string, mapping: CsvMappingInput, chunk = 61) {
  const c = createCollector({ today: '2026-01-01' })
  const buf = Buffer.from(bytes)
  const chunks = Array.from({ length: Math.ceil(buf.length / chunk) }, (_, i) => buf.subarray(i * chunk, (i + 1) * chunk))
  await readCsv(Readable.from(chunks), CsvMappingSchema.parse(mapping), (i) => c.push(i))
  return { ...c.tally, receipts: c.drain() }
}

describe('CSV journal with a column mapping', () => {
  it('groups line rows into receipts: semicolons, decimal commas, a day-first date, voids, returns, discounts, cards', async () => {
    const mapping = JSON.parse(fixture('journal-de.mapping.json').toString())
    const r = await read(fixture('journal-de.csv'), mapping)
    expect(r.problems).toEqual([])
    expect(r.receipts).toEqual([
      {
        terminalId: 'K01', businessDay: '2025-03-14', receiptNo: '4711', occurredAt: '2025-03-14T09:15:02+01:00',
        card: { number: '2990001234567', entry: 'scanned' },
        lines: [
          { lineNo: 1, kind: 'sale', sku: 'SKU-40411', gtin: '05012345678900', quantity: 2, unitPriceCents: 249, discountCents: 0, netAmountCents: 498, voided: false },
          { lineNo: 2, kind: 'sale', sku: 'SKU-00873', quantity: 0.842, unitPriceCents: 199, discountCents: 0, netAmountCents: 168, voided: false },
          { lineNo: 3, kind: 'sale', sku: 'SKU-77120', quantity: 1, unitPriceCents: 119, discountCents: 0, netAmountCents: 119, voided: true },
        ],
        discounts: [], tenders: [], totalCents: 666,
      },
      {
        terminalId: 'K01', businessDay: '2025-03-14', receiptNo: '4712', occurredAt: '2025-03-14T09:20:40+01:00',
        lines: [
          { lineNo: 1, kind: 'sale', sku: 'SKU-20001', quantity: 3, unitPriceCents: 120, discountCents: 50, netAmountCents: 310, voided: false },
          { lineNo: 2, kind: 'return', sku: 'SKU-11873', quantity: 1, unitPriceCents: 399, discountCents: 0, netAmountCents: -399, voided: false },
        ],
        discounts: [], tenders: [], totalCents: -89,
      },
      {
        terminalId: 'K02', businessDay: '2025-03-14', receiptNo: '77', occurredAt: '2025-03-14T10:00:00+01:00',
        card: { number: '2000000000008', entry: 'keyed' },
        lines: [{ lineNo: 1, kind: 'sale', sku: 'SKU-1', quantity: 1, unitPriceCents: 123450, discountCents: 0, netAmountCents: 123450, voided: false }],
        discounts: [], tenders: [], totalCents: 123450,
      },
    ])
  })

  it('reads a UCI Online Retail shaped file: constant terminal, month-first dates, C-invoices as returns', async () => {
    const csv = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom',
      '536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom',
      'C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom',
    ].join('\r\n')
    const r = await read(csv, {
      key: { terminalId: { const: 'ONLINE' }, receiptNo: 'InvoiceNo' },
      dateTimeFormat: 'M/D/YYYY H:mm',
      columns: { occurredAt: 'InvoiceDate', sku: 'StockCode', quantity: 'Quantity', unitPrice: 'UnitPrice' },
      returns: { receiptNoPrefix: 'C' },
    })
    expect(r.problems).toEqual([])
    expect(r.receipts.map((x) => [x.terminalId, x.receiptNo, x.businessDay, x.occurredAt, x.totalCents, x.lines.map((l) => l.kind)])).toEqual([
      ['ONLINE', '536365', '2010-12-01', '2010-12-01T08:26:00Z', 1530 + 2034, ['sale', 'sale']],
      ['ONLINE', 'C536379', '2010-12-01', '2010-12-01T09:41:00Z', -2750, ['return']],
    ])
  })

  it('reports a bad row by line and column, holds back only its receipt, and refuses a receipt key seen twice', async () => {
    const csv = ['t,r,at,sku,q,p', 'A,1,2025-03-14T10:00:00Z,X,1,1.00', 'A,2,2025-03-14T10:00:00Z,X,one,1.00', 'A,3,2025-03-14T10:00:00Z,X,1,1.00', 'A,1,2025-03-14T10:00:00Z,X,1,1.00'].join('\n')
    const r = await read(csv, { key: { terminalId: 't', receiptNo: 'r' }, columns: { occurredAt: 'at', sku: 'sku', quantity: 'q', unitPrice: 'p' } })
    expect(r.receipts.map((x) => x.receiptNo)).toEqual(['1', '3'])
    expect(r.problems).toEqual([
      { at: 'line 3, column q', detail: '"one" is not a number' },
      { at: 'line 5', detail: 'receipt A/2025-03-14/1 appears again (first at line 2); rows of a receipt must be adjacent and a receipt must appear once' },
    ])
  })

  it('names the mapped columns a header lacks', () => {
    const m = CsvMappingSchema.parse({ key: { terminalId: 't', receiptNo: 'r' }, columns: { occurredAt: 'at', sku: 'sku', quantity: 'q', unitPrice: 'price' } })
    expect(resolveColumns(m, ['t', 'r', 'at', 'sku', 'q'])).toEqual({ error: 'the header lacks the mapped column "price"' })
  })

  it('the grouping core needs no I/O: rows in, receipt candidates out', () => {
    const m = CsvMappingSchema.parse({ header: false, key: { terminalId: 1, receiptNo: 2 }, columns: { occurredAt: 3, sku: 4, quantity: 5, unitPrice: 6, netAmount: 7 }, amounts: 'minor' })
    const out: ParsedItem[] = []
    const cols = resolveColumns(m, null)
    if ('error' in cols) throw new Error(cols.error)
    const g = createReceiptGrouper(m, cols, (i) => out.push(i))
    g.push({ line: 1, values: ['T', '9', '2025-01-02 10:00', 'S', '2', '150', '299'] })
    g.end()
    expect(out).toEqual([
      {
        kind: 'receipt', at: 'line 1',
        input: { terminalId: 'T', businessDay: '2025-01-02', receiptNo: '9', occurredAt: '2025-01-02T10:00:00Z', totalCents: 299,
          lines: [{ lineNo: 1, kind: 'sale', sku: 'S', quantity: 2, unitPriceCents: 150, discountCents: 0, netAmountCents: 299, voided: false }] },
        rows: { key: 'T/2025-01-02/9', lines: [1] },
      },
    ])
  })

  it('skips rows a rule names, merges a receipt that comes back within the reopen window, and follows summer time', () => {
    const m = CsvMappingSchema.parse({
      header: false, timeZone: 'Europe/London', reopenWindow: 1,
      key: { terminalId: { const: 'W' }, receiptNo: 1 },
      columns: { occurredAt: 2, sku: 3, quantity: 4, unitPrice: 5, customerRef: 6, description: 7 },
      rejectRows: [{ reason: 'stock adjustment', when: { quantity: { lt: 0 }, unitPrice: { eq: 0 }, customerRef: { empty: true } } }],
    })
    const cols = resolveColumns(m, null)
    if ('error' in cols) throw new Error(cols.error)
    const out: ParsedItem[] = []
    const g = createReceiptGrouper(m, cols, (i) => out.push(i))
    const rows = [['1', '2011-06-01 09:00:00', 'A', '1', '2.50', '17850', ' LANTERN '], ['2', '2011-06-01 09:01:00', 'B', '-3', '0', '', 'damaged'],
      ['3', '2011-06-01 09:01:00', 'C', '1', '1.00', '', ''], ['1', '2011-06-01 09:02:00', 'D', '2', '1.00', '17850', 'MUG'], ['4', '2011-12-01 09:00:00', 'A', '1', '2.50', '', '']]
    rows.forEach((values, i) => g.push({ line: i + 2, values }))
    g.end()
    expect(out.map((i) => (i.kind === 'receipt' ? [(i.input as { occurredAt: string }).occurredAt, i.rows] : [i.kind, i.rows]))).toEqual([
      ['skipped', { key: 'W/2011-06-01/2', lines: [3] }],
      ['2011-06-01T09:01:00+01:00', { key: 'W/2011-06-01/3', lines: [4], descriptions: [undefined] }],
      ['2011-06-01T09:00:00+01:00', { key: 'W/2011-06-01/1', lines: [2, 5], customerRef: '17850', descriptions: ['LANTERN', 'MUG'] }],
      ['2011-12-01T09:00:00Z', { key: 'W/2011-12-01/4', lines: [6], descriptions: [undefined] }],
    ])
    expect(out[0]).toMatchObject({ kind: 'skipped', at: 'line 3', reason: 'stock adjustment' })
  })

  it('refuses a rule on a field the mapping does not map', () => {
    const m = CsvMappingSchema.parse({ key: { terminalId: 't', receiptNo: 'r' }, columns: { occurredAt: 'at', sku: 'sku', quantity: 'q', unitPrice: 'p' }, rejectRows: [{ reason: 'x', when: { customerRef: { empty: true } } }] })
    expect(resolveColumns(m, ['t', 'r', 'at', 'sku', 'q', 'p'])).toEqual({ error: 'rejectRows tests field the mapping does not map: customerRef' })
  })
})

describe('zoneOffsetAt', () => {
  it('gives the offset in force at a local time, summer time included', () => {
    expect(zoneOffsetAt('2011-03-27T00:30:00', 'Europe/London')).toBe('Z')
    expect(zoneOffsetAt('2011-03-27T03:00:00', 'Europe/London')).toBe('+01:00')
    expect(zoneOffsetAt('2011-10-30T12:00:00', 'Europe/London')).toBe('Z')
    expect(zoneOffsetAt('2025-07-01T12:00:00', 'America/New_York')).toBe('-04:00')
  })
})

describe('parseDateTime', () => {
  it('reads token formats and refuses impossible dates', () => {
    expect(parseDateTime('31.12.2024 23:59:59', 'DD.MM.YYYY HH:mm:ss', '+01:00')).toEqual({ date: '2024-12-31', dateTime: '2024-12-31T23:59:59+01:00' })
    expect(parseDateTime('2/30/2024 1:00', 'M/D/YYYY H:mm', 'Z')).toBeNull()
    expect(parseDateTime('2025-03-14T17:44:51+0100', 'ISO', 'Z')).toEqual({ date: '2025-03-14', dateTime: '2025-03-14T17:44:51+01:00' })
  })
})
