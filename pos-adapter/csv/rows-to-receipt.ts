import type { ReceiptInput } from '../../api/contract/receipt.js'
import type { RowsOfReceipt } from '../intake/parsed-item.js'
import { lineAmountCents, parseQuantity, parseScaled } from '../money/parse-decimal.js'
import type { CsvMapping } from './csv-mapping.js'
import { parseDateTime, zoneOffsetAt } from './parse-date.js'

/** One CSV record with the (1-based) line of the file it starts on. */
export type CsvRow = { line: number; values: string[] }

export type Field = keyof CsvMapping['columns'] | 'terminalId' | 'businessDay' | 'receiptNo'
export type Resolved = { get(row: CsvRow, field: Field): string | undefined; label(field: Field): string }

/** What the bulk importer reads beside the receipt: its rows' file lines, the customer, the line descriptions. */
export type ReceiptExtra = Omit<RowsOfReceipt, 'key'>

export class RowError extends Error {
  constructor(readonly line: number, readonly column: string, detail: string) {
    super(detail)
  }
}

/** Turns the rows of one receipt into a receipt candidate; throws RowError naming the line and column at fault. Pure. */
export function rowsToReceipt(rows: CsvRow[], m: CsvMapping, c: Resolved): { input: ReceiptInput; extra: ReceiptExtra } {
  const first = rows[0]!
  const textFn = (row: CsvRow, field: Field, required: boolean): string | undefined => {
    const v = c.get(row, field)
    if (v !== undefined && v.includes('\uFFFD')) throw new RowError(row.line, c.label(field), "holds an invalid byte sequence for the file's encoding")
    if (v === undefined || v.trim() === '') {
      if (required) throw new RowError(row.line, c.label(field), row.values.length < 2 ? 'is missing (the row is cut short)' : 'is empty')
      return undefined
    }
    return v.trim()
  }
  const money = (row: CsvRow, field: Field, required: boolean): number | undefined => {
    const v = textFn(row, field, required)
    if (v === undefined) return undefined
    const r = m.amounts === 'minor' ? parseScaled(v, 0, m.decimalSeparator) : parseScaled(v, 2, m.decimalSeparator, m.roundAmounts)
    if (!r.ok) throw new RowError(row.line, c.label(field), r.detail)
    return r.value
  }

  const occurredText = textFn(first, 'occurredAt', true)!
  const occurred = parseDateTime(occurredText, m.dateTimeFormat, m.timeZone ? 'Z' : m.utcOffset)
  if (!occurred) throw new RowError(first.line, c.label('occurredAt'), `"${occurredText}" does not match ${m.dateTimeFormat}`)
  // A local time with no offset in the text takes the zone's offset at that moment.
  const occurredAt = m.timeZone && occurred.dateTime.endsWith('Z') && !/(Z|[+-]\d{2}:?\d{2})$/.test(occurredText)
    ? occurred.dateTime.slice(0, 19) + zoneOffsetAt(occurred.dateTime, m.timeZone)
    : occurred.dateTime
  let businessDay = occurred.date
  const dayText = textFn(first, 'businessDay', false)
  if (dayText !== undefined && c.get(first, 'businessDay') !== undefined && m.key.businessDay !== undefined) {
    const d = parseDateTime(dayText, m.dateFormat, 'Z')
    if (!d) throw new RowError(first.line, c.label('businessDay'), `"${dayText}" does not match ${m.dateFormat}`)
    businessDay = d.date
  }
  const receiptNo = textFn(first, 'receiptNo', true)!
  const isReturnReceipt = m.returns.receiptNoPrefix !== undefined && receiptNo.startsWith(m.returns.receiptNoPrefix)

  const lines = rows.map((row, i): ReceiptInput['lines'][number] => {
    const qText = textFn(row, 'quantity', true)!
    const q = parseQuantity(qText, m.decimalSeparator)
    if (!q.ok) throw new RowError(row.line, c.label('quantity'), q.detail)
    if (q.value === 0) throw new RowError(row.line, c.label('quantity'), 'is zero')
    const kindText = textFn(row, 'kind', false)
    const isReturn = (kindText !== undefined && m.returns.kindValues.includes(kindText)) || (m.returns.negativeQuantity && q.value < 0) || isReturnReceipt
    const quantity = Math.abs(q.value)
    const unitPriceCents = money(row, 'unitPrice', true)!
    if (unitPriceCents < 0) throw new RowError(row.line, c.label('unitPrice'), 'is negative')
    const discountCents = Math.abs(money(row, 'discount', false) ?? 0)
    const netGiven = money(row, 'netAmount', false)
    const net = netGiven !== undefined ? Math.abs(netGiven) : lineAmountCents(quantity, unitPriceCents) - discountCents
    const lineNoText = textFn(row, 'lineNo', false)
    const lineNo = lineNoText !== undefined ? Number(lineNoText) : i + 1
    if (!Number.isInteger(lineNo)) throw new RowError(row.line, c.label('lineNo'), `"${lineNoText}" is not a whole number`)
    const gtin = textFn(row, 'gtin', false)
    const coupon = textFn(row, 'couponCode', false)
    const voidText = textFn(row, 'voided', false)
    return {
      lineNo,
      kind: isReturn ? 'return' : 'sale',
      sku: textFn(row, 'sku', true)!,
      ...(gtin ? { gtin } : {}),
      quantity,
      unitPriceCents,
      discountCents,
      netAmountCents: isReturn ? -net : net,
      ...(coupon ? { couponCode: coupon } : {}),
      voided: voidText !== undefined && m.voidValues.includes(voidText),
    }
  })
  const card = textFn(first, 'cardNumber', false)
  const entry = textFn(first, 'cardEntry', false)
  const currency = textFn(first, 'currency', false)
  const total = money(first, 'total', false)
  const customerRef = textFn(first, 'customerRef', false)
  const input: ReceiptInput = {
    terminalId: textFn(first, 'terminalId', true)!,
    businessDay,
    receiptNo,
    occurredAt,
    ...(currency ? { currency } : {}),
    ...(card ? { card: { number: card, entry: entry !== undefined && m.keyedValues.includes(entry) ? 'keyed' : 'scanned' } } : {}),
    lines,
    totalCents: total ?? lines.reduce((s, l) => s + (l.voided ? 0 : l.netAmountCents), 0),
  }
  const extra: ReceiptExtra = { lines: rows.map((r) => r.line), ...(customerRef ? { customerRef } : {}) }
  if (m.columns.description !== undefined) extra.descriptions = rows.map((row) => textFn(row, 'description', false))
  return { input, extra }
}
