/**
 * PostgreSQL array literals ('{1,2,NULL}', '{"a","b \"c\""}') written directly,
 * for the column arrays of bulk `unnest` inserts. postgres.js serialises a JS
 * array element by element through its type-generic path; for a batch of
 * 1,000 receipts (16 line columns, about 9,000 lines) that was a tenth of the
 * API's CPU per request (docs/BENCHMARKS.md, Ingest). Pass the string and cast
 * it in SQL: `${intArray(xs)}::int[]`; the server parses the literal with the
 * element type's input function, as it does postgres.js's own output.
 */

const QUOTED = /[\\"]/g
const NEEDS_ESCAPE = /[\\"]/

/** Integers or decimals (as JS numbers) and nulls: '{1,-2.5,NULL}'. */
export function numberArray(values: readonly (number | null)[]): string {
  let s = '{'
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (i > 0) s += ','
    if (v === null || v === undefined) s += 'NULL'
    else if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`)
    else s += String(v)
  }
  return s + '}'
}

/** Text (dates, codes, names) and nulls, each element quoted: '{"a","b \\"c\\"",NULL}'. */
export function textArray(values: readonly (string | null)[]): string {
  let s = '{'
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (i > 0) s += ','
    if (v === null || v === undefined) s += 'NULL'
    else s += '"' + (NEEDS_ESCAPE.test(v) ? v.replace(QUOTED, '\\$&') : v) + '"'
  }
  return s + '}'
}

/** Booleans and nulls: '{t,f,NULL}'. */
export function boolArray(values: readonly (boolean | null)[]): string {
  let s = '{'
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (i > 0) s += ','
    s += v === null || v === undefined ? 'NULL' : v ? 't' : 'f'
  }
  return s + '}'
}
