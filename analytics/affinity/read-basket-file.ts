import { BasketBuilder, basketsFromKeys } from './basket-builder.js'
import type { Baskets } from './types.js'

/**
 * The two basket-list formats of public benchmarks, one basket per line:
 * - fimi: integer item ids separated by blanks (FIMI repository; a trailing blank is accepted);
 * - groceries: item names separated by commas (arules' Groceries), kept exactly as written.
 */
export type BasketFileFormat = 'fimi' | 'groceries'

/** A parsed basket list: baskets over dense ids and the label of each id (the FIMI id or the item name). */
export type BasketFile = {
  format: BasketFileFormat
  baskets: Baskets
  /** dense item id → label as written in the file */
  itemLabels: string[]
}

const LF = 10
const CR = 13
const SPACE = 32
const TAB = 9
const ZERO = 48
const NINE = 57
const COMMA = 44

/**
 * Parses a basket list held in memory (already gunzipped) into CSR baskets. Every line is a
 * basket, an empty line an empty basket (it counts in N); a final newline does not start one.
 * CRLF line ends are accepted. FIMI ids become dense ids in ascending numeric order, Groceries
 * names in ascending code-unit order (as arules sorts its item labels). Throws an Error naming
 * the line on a malformed file.
 *
 * @example
 * readBasketFile(new TextEncoder().encode('3 1\n1 7\n')) // fimi: items 1, 3, 7 → ids 0, 1, 2
 */
export function readBasketFile(bytes: Uint8Array, format: BasketFileFormat | 'auto' = 'auto'): BasketFile {
  const f = format === 'auto' ? detectBasketFileFormat(bytes) : format
  return f === 'fimi' ? parseFimi(bytes) : parseGroceries(bytes)
}

/** FIMI when the first 64 KiB hold nothing but digits, blanks and line ends; otherwise Groceries. */
export function detectBasketFileFormat(bytes: Uint8Array): BasketFileFormat {
  const n = Math.min(bytes.length, 1 << 16)
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!
    if (!((c >= ZERO && c <= NINE) || c === SPACE || c === TAB || c === LF || c === CR)) return 'groceries'
  }
  return 'fimi'
}

// Digits are read straight from the bytes into a typed array of keys: no string, object or
// call per line or per item. An item takes at least two bytes (a digit and a separator) except
// the last, which bounds the number of keys.
function parseFimi(bytes: Uint8Array): BasketFile {
  const keys = new Uint32Array((bytes.length >> 1) + 1)
  let offsets: Uint32Array = new Uint32Array(1024)
  let n = 0
  let baskets = 0
  let value = 0
  let inNumber = false
  let lineOpen = false
  for (let i = 0, end = bytes.length; i < end; i++) {
    const c = bytes[i]!
    if (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO)
      inNumber = true
      lineOpen = true
      continue
    }
    if (inNumber) {
      if (value > 0xffffffff) throw new Error(`line ${baskets + 1}: item id ${value} is too large (at most 2^32 - 1)`)
      keys[n++] = value
      value = 0
      inNumber = false
    }
    if (c === LF) {
      if (baskets + 2 > offsets.length) offsets = grownUint32(offsets)
      offsets[++baskets] = n
      lineOpen = false
    } else if (c === SPACE || c === TAB || (c === CR && (i + 1 === end || bytes[i + 1] === LF))) {
      lineOpen = true
    } else {
      throw new Error(`line ${baskets + 1}: unexpected ${JSON.stringify(String.fromCharCode(c))} in a FIMI basket list (integer item ids separated by blanks)`)
    }
  }
  if (inNumber) {
    if (value > 0xffffffff) throw new Error(`line ${baskets + 1}: item id ${value} is too large (at most 2^32 - 1)`)
    keys[n++] = value
  }
  if (lineOpen) {
    if (baskets + 2 > offsets.length) offsets = grownUint32(offsets)
    offsets[++baskets] = n
  }
  // The keys and offsets are ours: recode them in place.
  const built = basketsFromKeys(keys, offsets.subarray(0, baskets + 1), 'key', true)
  return { format: 'fimi', baskets: stripKeys(built), itemLabels: built.itemKeys.map(String) }
}

function grownUint32(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2)
  b.set(a)
  return b
}

function parseGroceries(bytes: Uint8Array): BasketFile {
  const text = new TextDecoder('utf-8').decode(bytes)
  const names: string[] = []
  const index = new Map<string, number>()
  const builder = new BasketBuilder((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0))
  let line = 1
  let start = 0
  const n = text.length
  const item = (end: number) => {
    if (end === start) throw new Error(`line ${line}: empty item name (two commas in a row, or a comma at the start or end of the line)`)
    const name = text.slice(start, end)
    let id = index.get(name)
    if (id === undefined) {
      id = names.length
      names.push(name)
      index.set(name, id)
    }
    builder.pushItem(id)
  }
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === COMMA) {
      item(i)
      start = i + 1
    } else if (c === LF) {
      const end = i > start && text.charCodeAt(i - 1) === CR ? i - 1 : i
      // an empty line is an empty basket; a comma before the line end is an empty name
      if (end > start || text.charCodeAt(start - 1) === COMMA) item(end)
      builder.endBasket()
      start = i + 1
      line++
    }
  }
  if (start < n || (n > 0 && text.charCodeAt(n - 1) === COMMA)) {
    const end = n > start && text.charCodeAt(n - 1) === CR ? n - 1 : n
    if (end > start || text.charCodeAt(start - 1) === COMMA) item(end)
    builder.endBasket()
  }
  const baskets = builder.build()
  return { format: 'groceries', baskets: stripKeys(baskets), itemLabels: baskets.itemKeys.map((k) => names[k]!) }
}

function stripKeys({ offsets, items, itemCount, basketCount }: Baskets): Baskets {
  return { offsets, items, itemCount, basketCount }
}
