import { AppError, pointerOf, type FieldError } from '../errors/app-error.js'

/** Names a field of item `index` of a bulk body, the way parseBulk does. */
export type RowPointer = (index: number, ...path: PropertyKey[]) => string

/**
 * The pointer of bulk items as parseBulk reports them: JSON '#/items/3/sku'
 * (from 0), CSV '#/rows/4/sku' (data rows from 1), so errors found after
 * parsing name the same place as validation errors do.
 * @example rowPointerOf('text/csv')(0, 'customerRef') // '#/rows/1/customerRef'
 */
export function rowPointerOf(contentType: string | undefined): RowPointer {
  const csv = (contentType ?? '').toLowerCase().startsWith('text/csv')
  return (index, ...path) => pointerOf([csv ? 'rows' : 'items', csv ? index + 1 : index, ...path])
}

/** The pointer for a single-item body (POST of one resource): '#/sku'. */
export const bodyPointer: RowPointer = (_index, ...path) => pointerOf(path)

/** Throws a 400 naming every repeat of a key within one bulk request (an upsert cannot touch a row twice). */
export function rejectRepeatedKeys<T>(items: readonly T[], key: (t: T) => string, field: string, pointer: RowPointer): void {
  const first = new Map<string, number>()
  const errors: FieldError[] = []
  items.forEach((t, i) => {
    const k = key(t)
    const seen = first.get(k)
    if (seen === undefined) first.set(k, i)
    else errors.push({ pointer: pointer(i, field), detail: `${k} repeats ${pointer(seen, field)}` })
  })
  if (errors.length > 0) throw new AppError('invalid_request', 'Duplicate keys in one request; nothing was stored', errors.slice(0, 1000))
}

/** Throws a 400 with these field errors when there are any; the message says nothing was stored. */
export function throwIfAny(errors: FieldError[], message: string): void {
  if (errors.length > 0) throw new AppError('invalid_request', `${message}; nothing was stored`, errors.slice(0, 1000))
}
