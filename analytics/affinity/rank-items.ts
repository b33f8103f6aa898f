import { minCountOf, type Baskets, type MiningParams } from './types.js'

/**
 * The frequent items of the baskets by descending support (ties: lower id first), as the miner
 * (and the alternatives it was measured against) recode them: `byRank[r]` is the item of rank r,
 * `rankOf[item]` its rank or −1. Excluded items count as never seen.
 */
export function rankItems(baskets: Baskets, params: MiningParams) {
  const { offsets, items, itemCount, basketCount: N } = baskets
  const minCount = minCountOf(params.minSupport, N)
  const maxLength = params.maxLength ?? Infinity
  const support = new Uint32Array(itemCount)
  for (let i = 0, n = offsets[N]!; i < n; i++) support[items[i]!]!++
  for (const x of params.excludeItems ?? []) if (x >= 0 && x < itemCount) support[x] = 0
  const byRank: number[] = []
  for (let i = 0; i < itemCount; i++) if (support[i]! >= minCount) byRank.push(i)
  byRank.sort((a, b) => support[b]! - support[a]! || a - b)
  const rankOf = new Int32Array(itemCount).fill(-1)
  byRank.forEach((item, r) => (rankOf[item] = r))
  return { minCount, maxLength, support, byRank, rankOf, F: byRank.length }
}
