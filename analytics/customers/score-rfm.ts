/**
 * RFM: recency, frequency and monetary value, each scored 1..5 among the customers of a run,
 * and the named segments marketing plans campaigns around.
 */

/**
 * Scores 1..`bins` by rank among the included customers: a higher value gets a higher score, and
 * excluded customers get 0. Tied values always share one score.
 *
 * Method: the mid-rank (Hazen) percentile. Customers are ranked by value (1 = lowest); tied
 * customers all get the average of the ranks they span; a customer's percentile is
 * (average rank − 0.5) / n, and the score is ⌊bins · percentile⌋ + 1. With distinct values each
 * score holds n / bins customers (give or take one, symmetrically at both ends); a tie group is
 * placed by its middle, so it lands in the bin most of it would have fallen in, and when all
 * customers tie they share the middle score.
 * @example scoreByRank(Float64Array.of(10, 20, 20, 40), Uint8Array.of(1, 1, 1, 1), 4) // [1, 3, 3, 4]
 */
export function scoreByRank(values: Float64Array, include: Uint8Array, bins: number): Uint8Array {
  if (!Number.isInteger(bins) || bins < 1 || bins > 255) throw new RangeError(`bins must be an integer in 1..255, got ${bins}`)
  if (values.length !== include.length) throw new RangeError(`values (${values.length}) and include (${include.length}) differ in length`)
  let n = 0
  for (let i = 0; i < include.length; i++) {
    if (include[i] === 0) continue
    if (Number.isNaN(values[i])) throw new RangeError(`value of included customer ${i} is NaN`)
    n++
  }
  const order = new Uint32Array(n)
  for (let i = 0, k = 0; i < include.length; i++) if (include[i] !== 0) order[k++] = i
  // A comparator without subtraction: Infinity − Infinity would be NaN.
  order.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0))
  const score = new Uint8Array(values.length)
  for (let start = 0; start < n; ) {
    let end = start + 1
    while (end < n && values[order[end]!] === values[order[start]!]) end++
    // 1-based ranks start+1 .. end, so 2·(average rank) − 1 = start + end: integer arithmetic, exact.
    const s = Math.floor((bins * (start + end)) / (2 * n)) + 1
    for (let k = start; k < end; k++) score[order[k]!] = s
    start = end
  }
  return score
}

/**
 * The RFM segments, in a fixed order: `segment` codes are an index into this array plus 1.
 * Each is a cell block of the R × FM grid, where R is the recency score and FM the frequency and
 * monetary scores averaged, rounded half up (FM = ⌈(F + M) / 2⌉). The grid is the common R × F
 * segment map, with FM in place of F so that spend counts, and with Lost split out of the
 * low-value, longest-absent corner:
 *
 * | R \ FM | 1              | 2                   | 3                   | 4                | 5                |
 * |--------|----------------|---------------------|---------------------|------------------|------------------|
 * | 5      | New customers  | Potential loyalists | Potential loyalists | Champions        | Champions        |
 * | 4      | Promising      | Potential loyalists | Potential loyalists | Loyal customers  | Loyal customers  |
 * | 3      | About to sleep | About to sleep      | Need attention      | Loyal customers  | Loyal customers  |
 * | 2      | Hibernating    | Hibernating         | At risk             | At risk          | Cannot lose them |
 * | 1      | Lost           | Lost                | At risk             | At risk          | Cannot lose them |
 */
export const RFM_SEGMENTS = [
  { name: 'Champions', description: 'R 5, FM 4–5: bought very recently, shop often and spend the most. Reward them; they adopt new lines first.' },
  { name: 'Loyal customers', description: 'R 3–4, FM 4–5: regular, high-value shoppers. Keep them with loyalty offers and ask for reviews.' },
  { name: 'Potential loyalists', description: 'R 4–5, FM 2–3: recent shoppers of middling frequency and spend. Offer membership perks to make them regulars.' },
  { name: 'New customers', description: 'R 5, FM 1: bought very recently but rarely and little so far. Welcome them and make the second visit easy.' },
  { name: 'Promising', description: 'R 4, FM 1: fairly recent, low frequency and spend. Build awareness with introductory offers.' },
  { name: 'Need attention', description: 'R 3, FM 3: average on every count and starting to drift. Limited-time offers based on what they buy.' },
  { name: 'About to sleep', description: 'R 3, FM 1–2: below average on every count and fading. Reconnect with popular products before they go.' },
  { name: 'At risk', description: 'R 1–2, FM 3–4: used to shop often and spend well, but not lately. Personal win-back offers.' },
  { name: 'Cannot lose them', description: 'R 1–2, FM 5: among the best customers once, now long absent. Win them back first, whatever it takes.' },
  { name: 'Hibernating', description: 'R 2, FM 1–2: low value and a while since the last visit. Only low-cost reminders.' },
  { name: 'Lost', description: 'R 1, FM 1–2: low value and absent the longest. Exclude from paid campaigns, or try one revival offer.' },
] as const satisfies readonly { name: string; description: string }[]

/** The name of an RFM segment. */
export type RfmSegmentName = (typeof RFM_SEGMENTS)[number]['name']

// Segment code (index + 1 into RFM_SEGMENTS) by R row (5 down to 1) and FM column (1 to 5).
const GRID: readonly (readonly number[])[] = [
  [4, 3, 3, 1, 1], // R 5
  [5, 3, 3, 2, 2], // R 4
  [7, 7, 6, 2, 2], // R 3
  [10, 10, 8, 8, 9], // R 2
  [11, 11, 8, 8, 9], // R 1
]

/**
 * The segment code (index into RFM_SEGMENTS + 1) of scores r, f, m, each 1..5; see RFM_SEGMENTS
 * for the grid.
 * @example RFM_SEGMENTS[rfmSegment(5, 4, 5) - 1].name // 'Champions'
 */
export function rfmSegment(r: number, f: number, m: number): number {
  for (const [name, s] of [['r', r], ['f', f], ['m', m]] as const) {
    if (!Number.isInteger(s) || s < 1 || s > 5) throw new RangeError(`${name} must be an integer score in 1..5, got ${s}`)
  }
  const fm = Math.ceil((f + m) / 2)
  return GRID[5 - r]![fm - 1]!
}

/** Per-customer behaviour RFM is scored on; customer i is index i in every array. */
export type RfmInput = {
  /** Days since the last visit, at the end of the window (smaller = more recent). */
  recencyDays: Float64Array
  /** Visits in the window. */
  frequency: Float64Array
  /** Spend in the window, in cents (or any money unit: only the order matters). */
  monetary: Float64Array
  /** 1 = may be scored; 0 = excluded (scored 0, and does not shift anyone else's score). */
  include: Uint8Array
}

/** Quintile scores (1..5, 5 = best, 0 = excluded) and the segment code of every customer. */
export type RfmScores = { r: Uint8Array; f: Uint8Array; m: Uint8Array; segment: Uint8Array }

/**
 * RFM quintile scores among the included customers: r = 5 for the most recent fifth of shoppers
 * (smallest recencyDays), f = 5 for the most frequent fifth, m = 5 for the top fifth by spend;
 * 1 for the weakest fifth of each. Customers with equal values share a score (mid-rank
 * percentile; see scoreByRank), so a fifth can hold more or fewer than n / 5 customers.
 * `segment[i]` is the customer's RFM_SEGMENTS index + 1 (0 = excluded).
 *
 * For a marketer: R says how warm the relationship is now, F how much of a habit the store is,
 * M how much the customer is worth; the segment turns the three into a campaign audience.
 * @example RFM_SEGMENTS[scoreRfm(b).segment[i]! - 1]?.name
 */
export function scoreRfm(b: RfmInput): RfmScores {
  const n = b.include.length
  for (const key of ['recencyDays', 'frequency', 'monetary'] as const) {
    if (b[key].length !== n) throw new RangeError(`${key} has ${b[key].length} customers, include has ${n}`)
  }
  const negatedRecency = b.recencyDays.map((d) => -d) // most recent = highest score
  const r = scoreByRank(negatedRecency, b.include, 5)
  const f = scoreByRank(b.frequency, b.include, 5)
  const m = scoreByRank(b.monetary, b.include, 5)
  const segment = new Uint8Array(n)
  for (let i = 0; i < n; i++) if (b.include[i] !== 0) segment[i] = rfmSegment(r[i]!, f[i]!, m[i]!)
  return { r, f, m, segment }
}
