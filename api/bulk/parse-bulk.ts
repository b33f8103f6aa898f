import { parse } from 'csv-parse/sync'
import { z } from 'zod'
import { AppError, type FieldError } from '../errors/app-error.js'
import { fieldErrorsOf } from '../errors/problem.js'

export const MAX_BULK_ITEMS = 10_000

/** The JSON form of a bulk upsert body. */
export const bulkBodyOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(z.unknown()).min(1).max(MAX_BULK_ITEMS).describe(`1 to ${MAX_BULK_ITEMS} items`) }).strict()

export const BulkResultSchema = z
  .object({ created: z.number().int(), updated: z.number().int() })
  .meta({ id: 'BulkResult' })

/**
 * Parses a bulk body, JSON `{ items: [...] }` or CSV with a header row, and
 * validates every item. All or nothing: any invalid item makes the whole
 * request a 400 listing every failing field (JSON: '#/items/3/name'; CSV:
 * '#/rows/4/name', rows counted from 1 for the first data row).
 */
export function parseBulk<T extends z.ZodObject>(schema: T, contentType: string | undefined, body: string): z.infer<T>[] {
  const csv = (contentType ?? '').toLowerCase().startsWith('text/csv')
  let raw: unknown[]
  let container: string
  if (csv) {
    container = 'rows'
    let records: Record<string, string>[]
    try {
      records = parse(body, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: false })
    } catch (err) {
      throw new AppError('invalid_request', 'The CSV body could not be parsed', [{ pointer: '#', detail: (err as Error).message }])
    }
    raw = records.map((rec) => coerceCsvRecord(schema, rec))
  } else {
    container = 'items'
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch (err) {
      throw new AppError('invalid_request', 'Malformed JSON body', [{ pointer: '#', detail: (err as Error).message }])
    }
    const envelope = bulkBodyOf(schema).safeParse(json)
    if (!envelope.success) throw new AppError('invalid_request', 'Request body failed validation', fieldErrorsOf(envelope.error))
    raw = envelope.data.items
  }
  if (raw.length === 0) throw new AppError('invalid_request', 'No items to upsert', [{ pointer: `#/${container}`, detail: 'at least one item' }])
  if (raw.length > MAX_BULK_ITEMS) {
    throw new AppError('invalid_request', 'Too many items', [{ pointer: `#/${container}`, detail: `at most ${MAX_BULK_ITEMS} per request` }])
  }
  const errors: FieldError[] = []
  const items: z.infer<T>[] = []
  raw.forEach((item, i) => {
    const r = schema.safeParse(item)
    if (r.success) items.push(r.data)
    else errors.push(...fieldErrorsOf(r.error, [container, csv ? i + 1 : i]))
  })
  if (errors.length > 0) throw new AppError('invalid_request', `${errors.length} invalid field(s); nothing was stored`, errors.slice(0, 1000))
  return items
}

/**
 * Turns a CSV record (all strings) into the shape `schema` expects: dotted
 * headers nest ('contact.email'), empty cells are absent, and cells become
 * numbers or booleans where the schema asks for those. Values the schema reads
 * as strings stay strings (a SKU '00123' keeps its zeros).
 */
export function coerceCsvRecord(schema: z.ZodType, record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [header, value] of Object.entries(record)) {
    if (value === '') continue
    const path = header.split('.')
    let target = out
    let fieldSchema: z.ZodType | undefined = schema
    path.forEach((key, depth) => {
      fieldSchema = fieldSchema ? childSchema(fieldSchema, key) : undefined
      if (depth === path.length - 1) target[key] = coerceCell(fieldSchema, value)
      else target = (target[key] ??= {}) as Record<string, unknown>
    })
  }
  return out
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s as z.ZodType & { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } }
  for (;;) {
    const def = cur._zod.def
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') && def.innerType) cur = def.innerType as typeof cur
    else if (def.type === 'pipe' && def.in) cur = def.in as typeof cur
    else return cur
  }
}

function childSchema(s: z.ZodType, key: string): z.ZodType | undefined {
  const u = unwrap(s)
  return u instanceof z.ZodObject ? (u.shape as Record<string, z.ZodType>)[key] : undefined
}

function coerceCell(s: z.ZodType | undefined, value: string): unknown {
  if (!s) return value
  const type = (unwrap(s) as z.ZodType & { _zod: { def: { type: string } } })._zod.def.type
  if (type === 'number') return value.trim() === '' || Number.isNaN(Number(value)) ? value : Number(value)
  if (type === 'boolean') {
    const v = value.toLowerCase()
    return v === 'true' || v === '1' || v === 'yes' ? true : v === 'false' || v === '0' || v === 'no' ? false : value
  }
  return value
}
