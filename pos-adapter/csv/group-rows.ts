import type { ParsedItem } from '../intake/parsed-item.js'
import type { Column, CsvMapping } from './csv-mapping.js'
import { matchRowRule, unknownRuleFields } from './row-rules.js'
import { RowError, rowsToReceipt, type CsvRow, type Field, type Resolved } from './rows-to-receipt.js'

export type { CsvRow } from './rows-to-receipt.js'

/**
 * Resolves the mapping's columns against the header row (names) or positions.
 * Returns an error naming every mapped column the header lacks, or a field a
 * row rule tests that the mapping does not map.
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
  const unmapped = unknownRuleFields(mapping.rejectRows, Object.keys(specs).filter((f) => specs[f as Field] !== undefined))
  if (unmapped.length > 0) return { error: `rejectRows tests field${unmapped.length > 1 ? 's' : ''} the mapping does not map: ${unmapped.join(', ')}` }
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

type Group = { key: string; rows: CsvRow[] }

/**
 * Groups CSV rows (one per line item) into receipts by the mapping's key
 * columns. Rows of one receipt must be adjacent, which keeps memory bounded;
 * `reopenWindow` holds that many completed receipts open, so rows that come
 * back after a few other receipts are merged. A key that comes back later is
 * reported as a problem rather than merged. Rows matching a `rejectRows` rule
 * are skipped with the rule's reason. Emits a receipt candidate, or a problem
 * naming the line and column, per receipt. Pure.
 */
export function createReceiptGrouper(mapping: CsvMapping, columns: Resolved, emit: (item: ParsedItem) => void) {
  let open: Group | null = null
  const held: Group[] = []
  const seen = new Map<string, number>()
  const shown = (key: string) => key.replace(/\u001f/g, '/')

  const emitGroup = ({ key, rows: group }: Group) => {
    const lines = group.map((r) => r.line)
    const first = Math.min(...lines)
    const last = Math.max(...lines)
    const at = first === last ? `line ${first}` : `lines ${first}-${last}`
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      const detail = `receipt ${shown(key)} appears again (first at line ${earlier}); rows of a receipt must be adjacent and a receipt must appear once`
      emit({ kind: 'problem', at, detail, rows: { key: shown(key), lines } })
      return
    }
    seen.set(key, first)
    try {
      const { input, extra } = rowsToReceipt(group, mapping, columns)
      emit({ kind: 'receipt', at, input, rows: { key: shown(key), ...extra } })
    } catch (err) {
      if (!(err instanceof RowError)) throw err
      emit({ kind: 'problem', at: `line ${err.line}, column ${err.column}`, detail: err.message, rows: { key: shown(key), lines } })
    }
  }

  const close = () => {
    if (open) held.push(open)
    open = null
    while (held.length > mapping.reopenWindow) emitGroup(held.shift()!)
  }

  return {
    push(row: CsvRow) {
      if (row.values.every((v) => v.trim() === '')) return
      const key = [columns.get(row, 'terminalId'), columns.get(row, 'businessDay') ?? datePart(columns.get(row, 'occurredAt')), columns.get(row, 'receiptNo')]
      if (key.some((k) => k === undefined || k.trim() === '')) {
        close()
        emit({ kind: 'problem', at: `line ${row.line}`, detail: `the receipt key (${columns.label('terminalId')}, ${columns.label('receiptNo')}) is incomplete: the row has ${row.values.length} fields`, rows: { key: '', lines: [row.line] } })
        return
      }
      const k = key.map((x) => x!.trim()).join('\u001f')
      const rule = matchRowRule(mapping.rejectRows, (f) => columns.get(row, f as Field), mapping.decimalSeparator)
      if (rule) {
        emit({ kind: 'skipped', at: `line ${row.line}`, reason: rule.reason, rows: { key: shown(k), lines: [row.line] } })
        return
      }
      if (k !== open?.key) {
        if (open) held.push(open)
        const i = held.findIndex((g) => g.key === k)
        open = i >= 0 ? held.splice(i, 1)[0]! : { key: k, rows: [] }
        while (held.length > mapping.reopenWindow) emitGroup(held.shift()!)
      }
      open.rows.push(row)
    },
    end() {
      close()
      while (held.length > 0) emitGroup(held.shift()!)
    },
    /** The line the earliest receipt still being collected starts on, if any. */
    openLine: () => held[0]?.rows[0]?.line ?? open?.rows[0]?.line,
  }
}

// Date-times are grouped by their text's date part: '12/1/2010 8:26' and '12/1/2010 8:27' are one day.
const datePart = (v: string | undefined) => v?.trim().split(/[ T]/)[0]
