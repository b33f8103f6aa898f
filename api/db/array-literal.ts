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

/** '{a,b,NULL}': each non-null element as `write` spells it, nulls as NULL. */
function arrayLiteral<T>(values: readonly (T | null)[], write: (v: T) => string): string {
  let s = '{'
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (i > 0) s += ','
    s += v === null || v === undefined ? 'NULL' : write(v)
  }
  return s + '}'
}

const writeNumber = (v: number) => {
  if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`)
  return String(v)
}
const writeText = (v: string) => '"' + (NEEDS_ESCAPE.test(v) ? v.replace(QUOTED, '\\$&') : v) + '"'
const writeBool = (v: boolean) => (v ? 't' : 'f')

/** Integers or decimals (as JS numbers) and nulls: '{1,-2.5,NULL}'. */
export const numberArray = (values: readonly (number | null)[]): string => arrayLiteral(values, writeNumber)

/** Text (dates, codes, names) and nulls, each element quoted: '{"a","b \\"c\\"",NULL}'. */
export const textArray = (values: readonly (string | null)[]): string => arrayLiteral(values, writeText)

/** Booleans and nulls: '{t,f,NULL}'. */
export const boolArray = (values: readonly (boolean | null)[]): string => arrayLiteral(values, writeBool)
