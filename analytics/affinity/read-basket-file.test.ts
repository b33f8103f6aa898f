import { describe, expect, it } from 'vitest'
import { detectBasketFileFormat, readBasketFile } from './read-basket-file.js'

const bytes = (s: string) => new TextEncoder().encode(s)
const listsOf = (f: ReturnType<typeof readBasketFile>) =>
  Array.from({ length: f.baskets.basketCount }, (_, k) => Array.from(f.baskets.items.subarray(f.baskets.offsets[k]!, f.baskets.offsets[k + 1]!), (i) => f.itemLabels[i]))

describe('readBasketFile', () => {
  it('reads FIMI lines, with or without a trailing blank, a last line without a newline, and CRLF', () => {
    const f = readBasketFile(bytes('10 2 3 \n2 10\r\n\n7\t3'))
    expect(f.format).toBe('fimi')
    expect(f.itemLabels).toEqual(['2', '3', '7', '10'])
    expect(listsOf(f)).toEqual([['2', '3', '10'], ['2', '10'], [], ['3', '7']])
    expect(f.baskets).toMatchObject({ basketCount: 4, itemCount: 4 })
  })

  it('does not count a final newline as a basket, and reads an empty file as no baskets', () => {
    expect(readBasketFile(bytes('1 2\n3\n'), 'fimi').baskets.basketCount).toBe(2)
    expect(readBasketFile(bytes(''), 'fimi').baskets).toMatchObject({ basketCount: 0, itemCount: 0 })
  })

  it('reads Groceries names as written, trailing space kept, numbered in code-unit order', () => {
    const f = readBasketFile(bytes('whole milk,cream cheese ,UHT-milk\r\nwhole milk\nrolls/buns,whole milk'))
    expect(f.format).toBe('groceries')
    expect(f.itemLabels).toEqual(['UHT-milk', 'cream cheese ', 'rolls/buns', 'whole milk'])
    expect(listsOf(f)).toEqual([['UHT-milk', 'cream cheese ', 'whole milk'], ['whole milk'], ['rolls/buns', 'whole milk']])
  })

  it('names the line of a malformed file', () => {
    expect(() => readBasketFile(bytes('1 2\n3 x\n'), 'fimi')).toThrow(/^line 2: unexpected "x"/)
    expect(() => readBasketFile(bytes('a,b\nc,,d\n'), 'groceries')).toThrow(/^line 2: empty item name/)
    expect(() => readBasketFile(bytes('a,b\nc,'), 'groceries')).toThrow(/^line 2: empty item name/)
  })

  it('tells FIMI from Groceries by the bytes', () => {
    expect(detectBasketFileFormat(bytes('1 2 3\n4 5\n'))).toBe('fimi')
    expect(detectBasketFileFormat(bytes('citrus fruit,margarine\n'))).toBe('groceries')
  })
})
