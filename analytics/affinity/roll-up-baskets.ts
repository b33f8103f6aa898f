import type { Baskets } from './types.js'

/**
 * Rolls baskets up a level of the product hierarchy: every item id i becomes `map[i]`
 * (−1 drops it), and each basket keeps each rolled-up item once, ascending. Three
 * yoghurts make one YOGHURT in the basket, so support counts baskets, not lines.
 */
export function rollUpBaskets(baskets: Baskets, map: Int32Array, itemCount: number): Baskets {
  const { offsets, items, basketCount } = baskets
  const outOffsets = new Uint32Array(basketCount + 1)
  const out = new Uint32Array(items.length)
  let n = 0
  for (let b = 0; b < basketCount; b++) {
    const start = n
    for (let k = offsets[b]!; k < offsets[b + 1]!; k++) {
      const v = map[items[k]!]!
      if (v < 0) continue
      // insertion into the sorted run out[start..n), skipping duplicates (baskets are small)
      let j = n - 1
      while (j >= start && out[j]! > v) j--
      if (j >= start && out[j] === v) continue
      out.copyWithin(j + 2, j + 1, n)
      out[j + 1] = v
      n++
    }
    outOffsets[b + 1] = n
  }
  return { offsets: outOffsets, items: out.slice(0, n), itemCount, basketCount }
}

/** The baskets whose index passes `keep` (for example those of one store), in order. */
export function selectBaskets(baskets: Baskets, keep: (basket: number) => boolean): Baskets {
  const { offsets, items, basketCount } = baskets
  let count = 0
  let size = 0
  for (let b = 0; b < basketCount; b++) {
    if (keep(b)) {
      count++
      size += offsets[b + 1]! - offsets[b]!
    }
  }
  const outOffsets = new Uint32Array(count + 1)
  const out = new Uint32Array(size)
  let c = 0
  let n = 0
  for (let b = 0; b < basketCount; b++) {
    if (!keep(b)) continue
    out.set(items.subarray(offsets[b]!, offsets[b + 1]!), n)
    n += offsets[b + 1]! - offsets[b]!
    outOffsets[++c] = n
  }
  return { offsets: outOffsets, items: out, itemCount: baskets.itemCount, basketCount: count }
}
