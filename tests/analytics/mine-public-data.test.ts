import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { FPGrowth } from 'node-fpgrowth'
import { describe, expect, it } from 'vitest'
import { deriveRules } from '../../analytics/affinity/derive-rules.js'
import { mineItemsets } from '../../analytics/affinity/mine-itemsets.js'
import { readBasketFile, type BasketFile } from '../../analytics/affinity/read-basket-file.js'
import type { Itemsets } from '../../analytics/affinity/types.js'
import { sharedDataFile } from '../helpers/shared-data.js'

const groceriesFile = sharedDataFile('groceries.csv.gz')
const retailFile = sharedDataFile('retail.dat.gz')

const cache = new Map<string, BasketFile>()
const load = (file: string) => {
  if (!cache.has(file)) cache.set(file, readBasketFile(gunzipSync(readFileSync(file))))
  return cache.get(file)!
}

/** Itemsets as "id,id,…" → count. */
const contentOf = (s: Itemsets) => {
  const m = new Map<string, number>()
  for (let k = 0; k < s.itemsetCount; k++) m.set(Array.from(s.items.subarray(s.offsets[k]!, s.offsets[k + 1]!)).join(','), s.counts[k]!)
  return m
}

/** node-fpgrowth on the same baskets; it takes a share and rounds it up (ceil(s·N)), so a share just under the count. */
async function fpGrowth(f: BasketFile, minCount: number): Promise<Map<string, number>> {
  const { offsets, items, basketCount } = f.baskets
  const transactions = Array.from({ length: basketCount }, (_, b) => Array.from(items.subarray(offsets[b]!, offsets[b + 1]!)))
  const found = await new FPGrowth<number>((minCount - 0.5) / basketCount).exec(transactions)
  return new Map(found.map((s) => [[...s.items].sort((a, b) => a - b).join(','), s.support]))
}

const sizesOf = (s: Itemsets) => {
  const sizes: number[] = []
  for (let k = 0; k < s.itemsetCount; k++) {
    const n = s.offsets[k + 1]! - s.offsets[k]!
    sizes[n - 1] = (sizes[n - 1] ?? 0) + 1
  }
  return sizes
}

// Counts from ../shared/data/README.md; itemset counts at 45 and 9 baskets as Christian Borgelt's Eclat finds them.
describe.skipIf(!retailFile)('mining FIMI retail.dat', () => {
  it('reads 88,162 baskets, 908,576 items, 16,470 distinct items', () => {
    expect(load(retailFile!).baskets).toMatchObject({ basketCount: 88162, itemCount: 16470 })
    expect(load(retailFile!).baskets.items.length).toBe(908576)
  })

  it('finds 19,242 itemsets at 45 baskets (0.05%) and 240,852 at 9 (0.01%)', () => {
    const f = load(retailFile!)
    expect(mineItemsets(f.baskets, { minSupport: 0.0005 }).itemsetCount).toBe(19242)
    expect(mineItemsets(f.baskets, { minSupport: 9 }).itemsetCount).toBe(240852)
  }, 60_000)

  it.each([
    [882, '1%', 159],
    [441, '0.5%', 580],
    [89, '0.1%', 7589],
  ])('finds the itemsets node-fpgrowth finds at %i baskets (%s), counts included', async (minCount, _, expected) => {
    const f = load(retailFile!)
    const ours = contentOf(mineItemsets(f.baskets, { minSupport: minCount }))
    expect(ours.size).toBe(expected)
    expect(ours).toEqual(await fpGrowth(f, minCount))
  }, 120_000)

  it('stops at the maximum length exactly where the full result would be cut', () => {
    const f = load(retailFile!)
    const full = mineItemsets(f.baskets, { minSupport: 45 })
    const cut = mineItemsets(f.baskets, { minSupport: 45, maxLength: 3 })
    expect(sizesOf(cut)).toEqual(sizesOf(full).slice(0, 3))
    expect([...contentOf(cut)]).toEqual([...contentOf(full)].filter(([k]) => k.split(',').length <= 3))
  }, 60_000)
})

describe.skipIf(!groceriesFile)('mining Groceries', () => {
  it('reads 9,835 baskets, 43,367 items, 169 distinct items, "cream cheese " with its space', () => {
    const f = load(groceriesFile!)
    expect(f.baskets).toMatchObject({ basketCount: 9835, itemCount: 169 })
    expect(f.baskets.items.length).toBe(43367)
    expect(f.itemLabels).toContain('cream cheese ')
  })

  it.each([
    [99, '1%', 333],
    [50, '0.5%', 1001],
    [10, '0.1%', 13492],
  ])('finds the itemsets node-fpgrowth finds at %i baskets (%s), counts included', async (minCount, _, expected) => {
    const f = load(groceriesFile!)
    const ours = contentOf(mineItemsets(f.baskets, { minSupport: minCount }))
    expect(ours.size).toBe(expected)
    expect(ours).toEqual(await fpGrowth(f, minCount))
  }, 60_000)

  it("derives arules' 5,668 rules at support 0.1% and confidence 50%", () => {
    const f = load(groceriesFile!)
    const itemsets = mineItemsets(f.baskets, { minSupport: 0.001 })
    const rules = deriveRules(itemsets, { minConfidence: 0.5 })
    expect(rules).toHaveLength(5668)
    // arules' summary of the same rules: rule length distribution (lhs + rhs)
    const bySize: Record<number, number> = {}
    for (const r of rules) bySize[r.antecedent.length + 1] = (bySize[r.antecedent.length + 1] ?? 0) + 1
    expect(bySize).toEqual({ 2: 11, 3: 1461, 4: 3211, 5: 939, 6: 46 })
    const label = (i: number) => f.itemLabels[i]
    const best = rules.reduce((a, b) => (b.lift > a.lift ? b : a))
    expect({ lhs: best.antecedent.map(label), rhs: label(best.consequent), count: best.count }).toEqual({ lhs: ['Instant food products', 'soda'], rhs: 'hamburger meat', count: 12 })
  })
})
