import type { Baskets } from './types.js'

/**
 * Incremental parser of the basket extraction's text rows, `<store_id>\t<id> <id> ...\n`
 * (PostgreSQL COPY TO STDOUT text format of `store_id, array_to_string(ids, ' ')`), straight
 * into typed arrays: no object or string per row. External ids (product ids) are recoded to
 * dense ids through `index` (external id → dense id, −1 = not an item); a row whose ids all
 * recode to −1 is still a basket (it counts in N). Ids may come in any order and repeat (two
 * lines of the same product): each basket is kept sorted and duplicate-free as it is read.
 */
export class BasketRowParser {
  private offsets: Uint32Array = new Uint32Array(1 << 16)
  private items: Uint32Array = new Uint32Array(1 << 20)
  private stores: Uint32Array = new Uint32Array(1 << 16)
  private basketCount = 0
  private itemTotal = 0
  // parser state across chunks
  private field = 0
  private value = 0
  private inNumber = false
  private start = 0

  constructor(
    private readonly index: Int32Array,
    private readonly itemCount: number,
  ) {}

  /** Parses a chunk; rows may span chunks. */
  push(chunk: Uint8Array): void {
    let { field, value, inNumber } = this
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!
      if (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48)
        inNumber = true
      } else if (c === 9) {
        // tab: end of the store id
        this.startBasket(value)
        field = 1
        value = 0
        inNumber = false
      } else if (c === 32 || c === 10) {
        if (field === 1 && inNumber) this.addItem(value)
        value = 0
        inNumber = false
        if (c === 10) {
          if (field !== 1) throw new Error(`malformed basket row ${this.basketCount + 1}: no tab after the store id`)
          this.endBasket()
          field = 0
        }
      } else if (c !== 13) {
        throw new Error(`malformed basket row ${this.basketCount + 1}: unexpected byte ${c}`)
      }
    }
    this.field = field
    this.value = value
    this.inNumber = inNumber
  }

  /** The baskets parsed so far (trimmed copies) and the store of each. */
  finish(): { baskets: Baskets; stores: Uint32Array } {
    if (this.field !== 0 || this.inNumber) throw new Error('the basket rows end in the middle of a row')
    this.offsets[this.basketCount] = this.itemTotal
    return {
      baskets: {
        offsets: this.offsets.slice(0, this.basketCount + 1),
        items: this.items.slice(0, this.itemTotal),
        itemCount: this.itemCount,
        basketCount: this.basketCount,
      },
      stores: this.stores.slice(0, this.basketCount),
    }
  }

  get baskets(): number {
    return this.basketCount
  }

  get lines(): number {
    return this.itemTotal
  }

  private startBasket(store: number): void {
    if (this.basketCount + 2 > this.offsets.length) {
      this.offsets = grow(this.offsets)
      this.stores = grow(this.stores)
    }
    this.offsets[this.basketCount] = this.itemTotal
    this.stores[this.basketCount] = store
    this.start = this.itemTotal
  }

  private addItem(external: number): void {
    const id = external < this.index.length ? this.index[external]! : -1
    if (id < 0) return
    if (this.itemTotal === this.items.length) this.items = grow(this.items)
    // insertion into the basket's sorted run, skipping a repeat (baskets are small)
    const items = this.items
    let j = this.itemTotal - 1
    while (j >= this.start && items[j]! > id) j--
    if (j >= this.start && items[j] === id) return
    items.copyWithin(j + 2, j + 1, this.itemTotal)
    items[j + 1] = id
    this.itemTotal++
  }

  private endBasket(): void {
    this.basketCount++
  }
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2)
  b.set(a)
  return b
}
