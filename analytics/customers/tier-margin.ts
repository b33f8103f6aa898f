import { scoreByRank } from './score-rfm.js'

/** Margin deciles of every customer, the loss-makers, and the margins where deciles begin. */
export type MarginTiers = {
  /** 10 = the most profitable tenth of included customers, 1 = the least; 0 = excluded. */
  decile: Uint8Array
  /** 1 when an included customer's gross margin is below zero: the store lost money serving them. */
  negative: Uint8Array
  /**
   * Nine margins in cents, ascending: `cutoffs[j]` is the lowest margin of any included customer
   * in decile j + 2 or above (Infinity when nobody is). A customer's decile is 1 + the number of
   * cutoffs at or below their margin, so the cutoffs also place a new customer.
   */
  cutoffs: number[]
}

/**
 * Gross-margin deciles among the included customers: decile 10 holds the tenth of card holders
 * who earned the store the most margin in the window, decile 1 the tenth who earned the least
 * (usually including those who cost money: bought mostly on promotion or with coupons).
 * Customers with the same margin share a decile (mid-rank percentile, as scoreByRank), so a
 * decile can hold more or fewer than a tenth, and can be empty when many customers tie.
 * @example tierMargin(behaviour.marginCents, behaviour.include).decile[i] // 1..10, 0 = excluded
 */
export function tierMargin(marginCents: Float64Array, include: Uint8Array): MarginTiers {
  const decile = scoreByRank(marginCents, include, 10)
  const n = include.length
  const negative = new Uint8Array(n)
  const lowest = new Array<number>(11).fill(Infinity) // lowest margin in each decile 1..10
  for (let i = 0; i < n; i++) {
    const d = decile[i]!
    if (d === 0) continue
    const margin = marginCents[i]!
    if (margin < 0) negative[i] = 1
    if (margin < lowest[d]!) lowest[d] = margin
  }
  const cutoffs = new Array<number>(9)
  let above = Infinity
  for (let d = 10; d >= 2; d--) {
    above = Math.min(above, lowest[d]!)
    cutoffs[d - 2] = above
  }
  return { decile, negative, cutoffs }
}
