import type { Baskets } from './types.js'

/** How items are numbered: by ascending key (default), by first appearance, or by a comparator over keys. */
export type ItemOrder = 'key' | 'first-seen' | ((a: number, b: number) => number)

/** Baskets as built, with the external key of every dense item id. */
export type BuiltBaskets = Baskets & {
  /** dense item id → the key it was pushed as */
  itemKeys: number[]
}

const MAX_KEY = 0xffffffff

/**
 * Builds baskets in CSR form from a stream of external item keys (integers 0 .. 2³² − 1:
 * product ids, FIMI ids, dictionary indexes), recoding them to dense ids 0 .. itemCount − 1.
 * Push items one at a time and close each basket; no array per basket. Items may come in
 * any order and repeat: `build` sorts every basket and drops repeats. An empty basket still
 * counts in N.
 *
 * @example
 * const b = new BasketBuilder()
 * for (const id of [40, 7, 40]) b.pushItem(id)
 * b.endBasket()                     // basket {7, 40}
 * b.build()                         // items [0, 1], itemKeys [7, 40]
 */
export class BasketBuilder {
  private keys: Uint32Array = new Uint32Array(1 << 12)
  private offsets: Uint32Array = new Uint32Array(1 << 10)
  private used = 0
  private baskets = 0

  constructor(private readonly order: ItemOrder = 'key') {}

  /** Number of baskets closed so far. */
  get basketCount(): number {
    return this.baskets
  }

  /** Appends an item (by its external key) to the open basket. */
  pushItem(key: number): void {
    if (!(key >= 0 && key <= MAX_KEY && Number.isInteger(key))) throw new RangeError(`an item key must be an integer within 0 .. 2^32 - 1, got ${key}`)
    if (this.used === this.keys.length) this.keys = grown(this.keys, this.used + 1)
    this.keys[this.used++] = key
  }

  /** Closes the open basket (possibly empty). */
  endBasket(): void {
    if (this.baskets + 2 > this.offsets.length) this.offsets = grown(this.offsets, this.baskets + 2)
    this.offsets[++this.baskets] = this.used
  }

  /** Appends a whole basket. */
  add(keys: ArrayLike<number>): void {
    for (let i = 0; i < keys.length; i++) this.pushItem(keys[i]!)
    this.endBasket()
  }

  /**
   * The baskets so far, items numbered in the builder's order, each basket sorted ascending
   * without repeats. Items pushed after the last `endBasket` are left out.
   */
  build(): BuiltBaskets {
    return basketsFromKeys(this.keys, this.offsets.subarray(0, this.baskets + 1), this.order)
  }
}

/**
 * Recodes baskets of external keys in CSR form (`keys[offsets[b] .. offsets[b + 1])` is basket
 * b, any order, repeats allowed) to dense item ids, each basket sorted without repeats. Linear
 * when keys are small (below 4 × their number or 2²⁰: a lookup table) and the baskets already
 * sorted, as FIMI files and database extractions usually are. With `inPlace` the ids and offsets
 * are written over `keys` and `offsets` and the result views them (no new memory: on some
 * machines first touching fresh memory costs more than the work); the caller gives them up.
 */
export function basketsFromKeys(keys: Uint32Array, offsets: Uint32Array, order: ItemOrder = 'key', inPlace = false): BuiltBaskets {
  const basketCount = offsets.length - 1
  const total = offsets[basketCount]!
  let maxKey = 0
  for (let i = 0; i < total; i++) if (keys[i]! > maxKey) maxKey = keys[i]!
  const items = inPlace ? keys : new Uint32Array(total)
  const itemKeys = maxKey < Math.max(1 << 20, 4 * total) ? numberByTable(keys, total, maxKey, order, items) : numberByMap(keys, total, order, items)
  const out = inPlace ? offsets : new Uint32Array(basketCount + 1)
  const used = sortBaskets(items, offsets, out)
  const kept = inPlace ? items.subarray(0, used) : used === total ? items : items.slice(0, used)
  return { offsets: out, items: kept, itemCount: itemKeys.length, basketCount, itemKeys }
}

/** Numbers the keys through a lookup table indexed by key, writing each key's id into ids; returns the keys by id. */
function numberByTable(keys: Uint32Array, total: number, maxKey: number, order: ItemOrder, ids: Uint32Array): number[] {
  const table = new Int32Array(maxKey + 1).fill(-1)
  const itemKeys: number[] = []
  if (order === 'key') {
    for (let i = 0; i < total; i++) table[keys[i]!] = 0
    for (let k = 0; k <= maxKey; k++) if (table[k] === 0) table[k] = itemKeys.push(k) - 1
  } else {
    for (let i = 0; i < total; i++) if (table[keys[i]!]! < 0) table[keys[i]!] = itemKeys.push(keys[i]!) - 1
    if (order !== 'first-seen') {
      itemKeys.sort((a, b) => order(a, b) || table[a]! - table[b]!)
      itemKeys.forEach((k, id) => (table[k] = id))
    }
  }
  for (let i = 0; i < total; i++) ids[i] = table[keys[i]!]!
  return itemKeys
}

/** The same through a Map, for keys too large for a table. */
function numberByMap(keys: Uint32Array, total: number, order: ItemOrder, ids: Uint32Array): number[] {
  const idOf = new Map<number, number>()
  const itemKeys: number[] = []
  for (let i = 0; i < total; i++) if (!idOf.has(keys[i]!)) idOf.set(keys[i]!, itemKeys.push(keys[i]!) - 1)
  if (order !== 'first-seen') {
    if (order === 'key') itemKeys.sort((a, b) => a - b)
    else itemKeys.sort((a, b) => order(a, b) || idOf.get(a)! - idOf.get(b)!)
    itemKeys.forEach((k, id) => idOf.set(k, id))
  }
  for (let i = 0; i < total; i++) ids[i] = idOf.get(keys[i]!)!
  return itemKeys
}

/**
 * Sorts each basket of ids ascending and drops repeats, in place (a basket only ever moves
 * left); writes the new offsets into out (which may be offsets) and returns the number of
 * items kept.
 */
function sortBaskets(items: Uint32Array, offsets: Uint32Array, out: Uint32Array): number {
  let w = 0
  let from = offsets[0]!
  for (let b = 0, n = offsets.length - 1; b < n; b++) {
    const start = w
    // read before out[b + 1] is written: out may be offsets itself
    const end = offsets[b + 1]!
    for (let i = from; i < end; i++) {
      const v = items[i]!
      if (w === start || items[w - 1]! < v) {
        items[w++] = v // in order: the usual case
        continue
      }
      let j = w - 1
      while (j > start && items[j - 1]! >= v) j--
      if (items[j] === v) continue
      for (let k = w; k > j; k--) items[k] = items[k - 1]!
      items[j] = v
      w++
    }
    out[b + 1] = w
    from = end
  }
  return w
}

function grown(a: Uint32Array, atLeast: number): Uint32Array {
  const b = new Uint32Array(Math.max(atLeast, a.length * 2))
  b.set(a)
  return b
}
