import { usualGapOf } from './detect-lapse.js'
import type { CustomerBehaviour, Day } from './types.js'

/** A selection: `selected[i]` = 1 for a chosen customer, `reason[i]` = index into the reasons + 1 (0 = not selected). */
export type Selection = { selected: Uint8Array; reason: Uint8Array }

/** Why a customer is unprofitable; `reason` codes of selectUnprofitable are an index into this + 1. */
export const UNPROFITABLE_REASONS = ['negative margin', 'bottom decile, promotion-dependent'] as const

/** Margin, promotion use and margin decile (from tierMargin) per customer. */
export type UnprofitableInput = Pick<CustomerBehaviour, 'include' | 'marginCents' | 'lines' | 'promoLines'> & {
  /** Margin decile from tierMargin: 1 = least profitable tenth, 0 = excluded. */
  decile: Uint8Array
  /** Accepted so CustomerBehaviour fields can be passed as they are; not used (promotion dependence is measured on lines). */
  spendCents?: Float64Array
}

/**
 * Card holders who cost the store money or barely pay their way on promotions: the audience to
 * keep out of discount mailings (or to move onto full-price offers).
 *
 * An included customer is selected when
 * 1. 'negative margin': their gross margin is below zero, or else
 * 2. 'bottom decile, promotion-dependent': they are in margin decile 1 and at least `promoShare`
 *    (default 0.5) of their sale lines were bought on promotion (promoLines / lines; 0 with no lines).
 * The first reason that applies is the one reported.
 * @example selectUnprofitable({ ...behaviour, decile: tierMargin(behaviour.marginCents, behaviour.include).decile })
 */
export function selectUnprofitable(input: UnprofitableInput, { promoShare = 0.5 }: { promoShare?: number } = {}): Selection {
  if (!(promoShare >= 0 && promoShare <= 1)) throw new RangeError(`promoShare must be in [0, 1], got ${promoShare}`)
  const { include, marginCents, lines, promoLines, decile } = input
  const n = include.length
  checkLengths(n, { marginCents, lines, promoLines, decile })
  const selected = new Uint8Array(n)
  const reason = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    if (include[i] === 0) continue
    const lineCount = lines[i]!
    let r = 0
    if (marginCents[i]! < 0) r = 1
    else if (decile[i] === 1 && lineCount > 0 && promoLines[i]! >= promoShare * lineCount) r = 2
    if (r === 0) continue
    selected[i] = 1
    reason[i] = r
  }
  return { selected, reason }
}

/** Why a valuable customer is at risk; `reason` codes of selectAtRisk are an index into this + 1. */
export const AT_RISK_REASONS = ['overdue', 'visiting less often', 'overdue and visiting less often'] as const

/** Value tier, lapse flag and visit days per customer, and the data window. */
export type AtRiskInput = {
  include: Uint8Array
  /** Margin decile from tierMargin: 10 = most profitable tenth, 0 = excluded. */
  decile: Uint8Array
  /** From detectLapse: lapsed customers are win-back targets, not at-risk ones. */
  lapsed: Uint8Array
  /** Visit days of customer i are visitDays[visitOffsets[i] .. visitOffsets[i + 1]), ascending and distinct. */
  visitOffsets: Uint32Array
  visitDays: Int32Array
  /** First and last day of the data window (inclusive); at least four days apart. */
  windowStartDay: Day
  asOfDay: Day
}

/** Thresholds of selectAtRisk. */
export type AtRiskOptions = {
  /** How many of the top margin deciles count as high value (default 2: deciles 9 and 10). */
  topDeciles?: number
  /** Quantile (type 7) of the customer's own gaps between visits taken as their usual gap (default 0.8). */
  gapPercentile?: number
  /** Fewest visit days for a customer to be judged (default 3: two gaps). */
  minVisits?: number
  /** 'Visiting less often' when the last-quarter visit rate is below this share of the earlier rate (default 0.5). */
  declineRatio?: number
}

/**
 * High-value card holders who are still shopping but slipping: the audience for a retention
 * offer now, before they lapse. Value is gross margin (the top `topDeciles` margin deciles from
 * tierMargin, default the top 20%), because a big spender on promotions may earn the store
 * little; lapsed customers (detectLapse) are left out, as they belong to a win-back campaign.
 *
 * A high-value, not lapsed, included customer with at least `minVisits` visit days is selected when
 * - 'overdue': days since their last visit (asOfDay − last visit) exceed their usual gap, the
 *   `gapPercentile` quantile (default 0.8, type 7) of their own gaps between visits; or
 * - 'visiting less often': their visit rate in the last quarter of the window (the final
 *   ⌊L / 4⌋ of its L days) is below `declineRatio` (default 0.5) times their rate in the three
 *   quarters before. The earlier rate is over the whole earlier span, so a customer who joined
 *   late looks steadier than they are: the rule errs towards not selecting.
 * 'overdue and visiting less often' when both hold.
 * @example selectAtRisk({ include, decile: tiers.decile, lapsed: lapses.lapsed, visitOffsets, visitDays, windowStartDay, asOfDay })
 */
export function selectAtRisk(input: AtRiskInput, options: AtRiskOptions = {}): Selection {
  const { topDeciles = 2, gapPercentile = 0.8, minVisits = 3, declineRatio = 0.5 } = options
  if (!Number.isInteger(topDeciles) || topDeciles < 1 || topDeciles > 10) throw new RangeError(`topDeciles must be an integer in 1..10, got ${topDeciles}`)
  if (!(gapPercentile >= 0 && gapPercentile <= 1)) throw new RangeError(`gapPercentile must be in [0, 1], got ${gapPercentile}`)
  if (!Number.isInteger(minVisits) || minVisits < 2) throw new RangeError(`minVisits must be an integer >= 2, got ${minVisits}`)
  if (!(declineRatio > 0 && declineRatio <= 1)) throw new RangeError(`declineRatio must be in (0, 1], got ${declineRatio}`)
  const { include, decile, lapsed, visitOffsets, visitDays, windowStartDay, asOfDay } = input
  const n = include.length
  checkLengths(n, { decile, lapsed })
  if (visitOffsets.length !== n + 1 || visitOffsets[n] !== visitDays.length) {
    throw new RangeError(`visitOffsets must have ${n + 1} entries ending at visitDays.length (${visitDays.length})`)
  }
  const windowDays = asOfDay - windowStartDay + 1
  if (!Number.isInteger(windowDays) || windowDays < 4) throw new RangeError(`the window ${windowStartDay}..${asOfDay} must span at least 4 whole days`)
  const lastQuarterDays = Math.floor(windowDays / 4)
  const earlierDays = windowDays - lastQuarterDays
  const lastQuarterStart = asOfDay - lastQuarterDays + 1
  const minDecile = 11 - topDeciles
  const selected = new Uint8Array(n)
  const reason = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    if (include[i] === 0 || decile[i]! < minDecile || lapsed[i] !== 0) continue
    const start = visitOffsets[i]!
    const end = visitOffsets[i + 1]!
    if (end - start < minVisits) continue
    if (visitDays[start]! < windowStartDay || visitDays[end - 1]! > asOfDay) {
      throw new RangeError(`customer ${i} has visits outside the window ${windowStartDay}..${asOfDay}`)
    }
    let lastQuarterVisits = 0
    for (let k = end - 1; k >= start && visitDays[k]! >= lastQuarterStart; k--) lastQuarterVisits++
    const earlierVisits = end - start - lastQuarterVisits
    const overdue = asOfDay - visitDays[end - 1]! > usualGapOf(visitDays, start, end, gapPercentile)
    // Rates compared without division: last / lastDays < ratio · earlier / earlierDays.
    const slowing = lastQuarterVisits * earlierDays < declineRatio * earlierVisits * lastQuarterDays
    const r = overdue && slowing ? 3 : slowing ? 2 : overdue ? 1 : 0
    if (r === 0) continue
    selected[i] = 1
    reason[i] = r
  }
  return { selected, reason }
}

function checkLengths(n: number, arrays: Record<string, ArrayLike<number>>): void {
  for (const [name, a] of Object.entries(arrays)) {
    if (a.length !== n) throw new RangeError(`${name} has ${a.length} customers, include has ${n}`)
  }
}
