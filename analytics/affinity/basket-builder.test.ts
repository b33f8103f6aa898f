import { describe, expect, it } from 'vitest'
import { BasketBuilder } from './basket-builder.js'

const listsOf = (b: { offsets: Uint32Array; items: Uint32Array; basketCount: number }) =>
  Array.from({ length: b.basketCount }, (_, k) => Array.from(b.items.subarray(b.offsets[k]!, b.offsets[k + 1]!)))

describe('BasketBuilder', () => {
  it('recodes keys to dense ids in ascending key order, sorting each basket and dropping repeats', () => {
    const b = new BasketBuilder()
    for (const key of [900, 7, 900, 42]) b.pushItem(key)
    b.endBasket()
    b.add([42])
    b.endBasket() // an empty basket still counts
    const built = b.build()
    expect(built.itemKeys).toEqual([7, 42, 900])
    expect(listsOf(built)).toEqual([[0, 1, 2], [1], []])
    expect(built).toMatchObject({ itemCount: 3, basketCount: 3 })
    expect(Array.from(built.offsets)).toEqual([0, 3, 4, 4])
  })

  it('numbers items by first appearance or by a comparator when asked', () => {
    const first = new BasketBuilder('first-seen')
    first.add([5, 3])
    first.add([1, 3])
    expect(first.build().itemKeys).toEqual([5, 3, 1])
    const names = ['milk', 'bread', 'apples']
    const byName = new BasketBuilder((a, b) => names[a]!.localeCompare(names[b]!))
    byName.add([0, 1])
    byName.add([2])
    const built = byName.build()
    expect(built.itemKeys.map((k) => names[k])).toEqual(['apples', 'bread', 'milk'])
    expect(listsOf(built)).toEqual([[1, 2], [0]])
  })

  it('takes keys beyond the direct range and long baskets, and grows past its first buffers', () => {
    const b = new BasketBuilder()
    const long = Array.from({ length: 100 }, (_, i) => (i * 37) % 100).concat([5, 5, 2 ** 31 + 1])
    b.add(long)
    for (let i = 0; i < 5000; i++) b.add([i % 17, (i * 3) % 17])
    const built = b.build()
    expect(built.itemKeys.at(-1)).toBe(2 ** 31 + 1)
    expect(listsOf(built)[0]).toEqual(Array.from({ length: 101 }, (_, i) => i))
    expect(built.basketCount).toBe(5001)
    expect(listsOf(built)[2]).toEqual([1, 3])
  })

  it('refuses a negative or fractional key and leaves out an unclosed basket', () => {
    const b = new BasketBuilder()
    expect(() => b.pushItem(-1)).toThrow(RangeError)
    expect(() => b.pushItem(1.5)).toThrow(RangeError)
    b.add([1])
    b.pushItem(2)
    expect(listsOf(b.build())).toEqual([[0]])
  })
})
