import type { ReceiptInput } from '../../api/contract/receipt.js'
import type { ParsedItem } from '../intake/parsed-item.js'
import { lineAmountCents, parseQuantity, parseScaled } from '../money/parse-decimal.js'
import type { Column, CsvMapping } from './csv-mapping.js'
import { parseDateTime } from './parse-date.js'

/** One CSV record with the (1-based) line of the file it starts on. */
export type CsvRow = { line: number; values: string[] }

type Field = keyof CsvMapping['columns'] | 'terminalId' | 'businessDay' | 'receiptNo'
type Resolved = { get(row: CsvRow, field: Field): string | undefined; label(field: Field): string }

class RowError extends Error {
  constructor(readonly line: number, readonly column: string, detail: string) {
    super(detail)
  }
}

/**
 * Resolves the mapping's columns against the header row (names) or positions.
 * Returns an error naming every mapped column the header lacks.
 */
export function resolveColumns(mapping: CsvMapping, header: string[] | null): Resolved | { error: string } {
  const specs: Partial<Record<Field, Column>> = { ...mapping.columns, ...mapping.key }
  const index: Partial<Record<Field, number | { const: string }>> = {}
  const missing: string[] = []
  for (const [field, spec] of Object.entries(specs) as [Field, Column | undefined][]) {
    if (spec === undefined) continue
    if (typeof spec === 'object') index[field] = spec
    else if (typeof spec === 'number') index[field] = spec - 1
    else if (!header) missing.push(`${spec} (no header row: use a 1-based position)`)
    else {
      const i = header.findIndex((h) => h.trim() === spec)
      if (i < 0) missing.push(`"${spec}"`)
      else index[field] = i
    }
  }
  if (missing.length > 0) return { error: `the header lacks the mapped column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` }
  return {
    get(row, field) {
      const ix = index[field]
      if (ix === undefined) return undefined
      if (typeof ix === 'object') return ix.const
      return row.values[ix]
    },
    label(field) {
      const s = specs[field]
      return typeof s === 'string' ? s : typeof s === 'number' ? `column ${s}` : field
    },
  }
}

/**
 * Groups CSV rows (one per line item) into receipts by the mapping's key
 * columns. Rows of one receipt must be adjacent, which keeps memory bounded
 * to one receipt however long the file; a key that comes back after another
 * receipt is reported as a problem rather than merged. Emits a receipt
 * candidate, or a problem naming the line and column, per receipt. Pure.
 */
export function createReceiptGrouper(mapping: CsvMapping, columns: Resolved, emit: (item: ParsedItem) => void) {
  let group: CsvRow[] = []
  let groupKey: string | null = null
  const seen = new Map<string, number>()

  const flush = () => {
    if (groupKey === null) return
    const first = group[0]!.line
    const last = group[group.length - 1]!.line
    const at = first === last ? `line ${first}` : `lines ${first}-${last}`
    const earlier = seen.get(groupKey)
    if (earlier !== undefined) {
      emit({ kind: 'problem', at, detail: `receipt ${groupKey.replace(/\u001f/g, '/')} appears again (first at line ${earlier}); rows of a receipt must be adjacent and a receipt must appear once` })
    } else {
      seen.set(groupKey, first)
      try {
        emit({ kind: 'receipt', at, input: rowsToReceipt(group, mapping, columns) })
      } catch (err) {
        if (!(err instanceof RowError)) throw err
        emit({ kind: 'problem', at: `line ${err.line}, column ${err.column}`, detail: err.message })
      }
    }
    group = []
    groupKey = null
  }

  return {
    push(row: CsvRow) {
      if (row.values.every((v) => v.trim() === '')) return
      const key = [columns.get(row, 'terminalId'), columns.get(row, 'businessDay') ?? datePart(columns.get(row, 'occurredAt')), columns.get(row, 'receiptNo')]
      if (key.some((k) => k === undefined || k.trim() === '')) {
        flush()
        emit({ kind: 'problem', at: `line ${row.line}`, detail: `the receipt key (${columns.label('terminalId')}, ${columns.label('receiptNo')}) is incomplete: the row has ${row.values.length} fields` })
        return
      }
      const k = key.map((x) => x!.trim()).join('\u001f')
      if (k !== groupKey) flush()
      groupKey = k
      group.push(row)
    },
    end: flush,
    /** The line the receipt being collected starts on, if any. */
    openLine: () => group[0]?.line,
  }
}

// Date-times are grouped by their text's date part: '12/1/2010 8:26' and '12/1/2010 8:27' are one day.
const datePart = (v: string | undefined) => v?.trim().split(/[ T]/)[0]

function rowsToReceipt(rows: CsvRow[], m: CsvMapping, c: Resolved): ReceiptInput {
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
  const occurred = parseDateTime(occurredText, m.dateTimeFormat, m.utcOffset)
  if (!occurred) throw new RowError(first.line, c.label('occurredAt'), `"${occurredText}" does not match ${m.dateTimeFormat}`)
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
  return {
    terminalId: textFn(first, 'terminalId', true)!,
    businessDay,
    receiptNo,
    occurredAt: occurred.dateTime,
    ...(currency ? { currency } : {}),
    ...(card ? { card: { number: card, entry: entry !== undefined && m.keyedValues.includes(entry) ? 'keyed' : 'scanned' } } : {}),
    lines,
    totalCents: total ?? lines.reduce((s, l) => s + (l.voided ? 0 : l.netAmountCents), 0),
  }
}
