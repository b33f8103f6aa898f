import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { boolArray, numberArray, textArray } from '../../api/db/array-literal.js'
import type { Database } from '../../api/db/create-database.js'
import { createTestDb } from '../helpers/test-db.js'

// The literals are parsed by the database, not by us: each case goes through the server and back.
let db: Database
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

describe('array literals, read back by the database', () => {
  it('keeps text exactly, however it is punctuated', async () => {
    const values = ['', 'plain', 'NULL', 'null', 'a,b', '{braces}', 'say "hi"', 'back\\slash', '\\"', ' padded ', 'tab\there', 'new\nline', 'ünïcödé €', '\uFFFD', "it's", 'x'.repeat(500)]
    const rows = await db.sql<{ v: string | null }[]>`select v from unnest(${textArray([...values, null])}::text[]) with ordinality as u (v, n) order by n`
    expect(rows.map((r) => r.v)).toEqual([...values, null])
  })

  // Read back one element per row, as text: postgres.js parses an unquoted NULL inside a text[] result as the string 'NULL'.
  const readBack = async (literal: string, type: string) =>
    (
      await db.sql<{ v: string | null }[]>`select v::text as v from unnest(${literal}::${db.sql.unsafe(type)}[]) with ordinality as u (v, n) order by n`
    ).map((r) => r.v)

  it('keeps integers, decimals and nulls, as bigint, numeric and smallint', async () => {
    expect(await readBack(numberArray([0, -1, 2_147_483_648, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, null]), 'bigint')).toEqual([
      '0', '-1', '2147483648', '9007199254740991', '-9007199254740991', null,
    ])
    expect(await readBack(numberArray([0.842, 1.5, -2, 0.001, null]), 'numeric(12, 3)')).toEqual(['0.842', '1.500', '-2.000', '0.001', null])
    expect(await readBack(numberArray([1, 32767, null]), 'int2')).toEqual(['1', '32767', null])
  })

  it('keeps booleans and dates', async () => {
    expect(await readBack(boolArray([true, false, null]), 'bool')).toEqual(['true', 'false', null])
    expect(await readBack(textArray(['2026-11-20', '2000-02-29', null]), 'date')).toEqual(['2026-11-20', '2000-02-29', null])
  })

  it('writes empty arrays, and refuses numbers the database could only misread', async () => {
    const [row] = await db.sql<{ n: number }[]>`select cardinality(${numberArray([])}::int[]) + cardinality(${textArray([])}::text[]) as n`
    expect(row!.n).toBe(0)
    expect(() => numberArray([NaN])).toThrow(RangeError)
    expect(() => numberArray([Infinity])).toThrow(RangeError)
  })
})
