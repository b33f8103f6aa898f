import { benjaminiHochberg } from '../stats/index.js'
import type { Day } from './types.js'

/**
 * The p-quantile of values sorted ascending, by linear interpolation between order statistics
 * (Hyndman & Fan type 7, R's default `quantile(x, p)`): h = (n − 1)·p, then
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). NaN for no values.
 * @example quantileOfSorted([6, 7, 7, 8, 14], 0.95) // 12.8
 */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const h = (n - 1) * p
  const lo = Math.floor(h)
  if (lo >= n - 1) return sorted[n - 1]!
  return sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!)
}

/**
 * A customer's usual gap between visits, in days: the p-quantile (type 7) of the gaps between
 * consecutive visit days visitDays[start .. end). NaN with fewer than two visits.
 * @example usualGapOf(Int32Array.of(0, 7, 14, 22, 28, 42), 0, 6, 0.95) // 12.8
 */
export function usualGapOf(visitDays: Int32Array, start: number, end: number, p: number): number {
  if (end - start < 2) return Number.NaN
  const gaps = new Float64Array(end - start - 1)
  for (let k = start + 1; k < end; k++) gaps[k - start - 1] = visitDays[k]! - visitDays[k - 1]!
  return quantileOfSorted(gaps.sort(), p)
}

/** Visit days of card holders (CSR, as CustomerBehaviour) and the last day of the data window. */
export type LapseInput = {
  /** Visit days of customer i are visitDays[visitOffsets[i] .. visitOffsets[i + 1]), ascending and distinct. */
  visitOffsets: Uint32Array
  visitDays: Int32Array
  include: Uint8Array
  /** The last day of the data window; no visit may fall after it. */
  asOfDay: Day
}

/** Thresholds of lapse detection. */
export type LapseOptions = {
  /** Fewest visit days for a customer to be tested (default 5; at least 2). */
  minVisits?: number
  /** Quantile of a customer's own gaps taken as their usual gap (default 0.95). */
  gapPercentile?: number
  /** False discovery rate: the largest Benjamini–Hochberg q-value still called lapsed (default 0.05). */
  fdr?: number
}

/** Lapse measures per customer; customer i is index i in every array. */
export type Lapses = {
  /** 1 when the customer was tested: included, with at least minVisits visit days. */
  tested: Uint8Array
  /** 1 when the customer has lapsed (see detectLapse). */
  lapsed: Uint8Array
  /** The gapPercentile quantile of the customer's gaps between visits, in days (NaN when not tested). */
  usualGap: Float64Array
  /** Days from the last visit to asOfDay, for every included customer with a visit (−1 otherwise). */
  absence: Int32Array
  /** Chance of a silence at least this long had the customer kept visiting at their own rate (NaN when not tested). */
  pValue: Float64Array
  /** pValue adjusted by Benjamini–Hochberg across the tested customers (NaN when not tested). */
  qValue: Float64Array
  /** The day after the last visit, when the customer lapsed: when they drifted away (−1 otherwise). */
  driftedDay: Int32Array
}

/**
 * Finds card holders who have stopped coming: silent for longer than is normal for them, and
 * for longer than chance explains.
 *
 * For each included customer with at least `minVisits` visit days:
 * - usualGap: the `gapPercentile` quantile (type 7, linear interpolation) of their own gaps
 *   between consecutive visit days: a weekly shopper's is about 7, a monthly one's about 30;
 * - absence = asOfDay − last visit day;
 * - rate λ = (visits − 1) / (last day − first day), visits per day while they were active;
 * - pValue = exp(−λ · absence): the chance of no visit in `absence` days if they still shopped
 *   as a Poisson process at rate λ.
 *
 * A customer is lapsed when absence > usualGap AND their Benjamini–Hochberg q-value across all
 * tested customers is ≤ `fdr`: the first condition keeps the flag to silences unusual for this
 * shopper, the second keeps the expected share of wrongly flagged customers among those flagged
 * at or below `fdr`. `driftedDay` is the day after their last visit.
 *
 * For a marketer: a lapsed customer is a win-back target; usualGap is how long to wait before a
 * reminder is not premature, and driftedDay dates the loss.
 * @example detectLapse({ visitOffsets, visitDays, include, asOfDay: run.toDay }, { fdr: 0.01 })
 */
export function detectLapse(input: LapseInput, { minVisits = 5, gapPercentile = 0.95, fdr = 0.05 }: LapseOptions = {}): Lapses {
  const { visitOffsets, visitDays, include, asOfDay } = input
  if (!Number.isInteger(minVisits) || minVisits < 2) throw new RangeError(`minVisits must be an integer >= 2, got ${minVisits}`)
  if (!(gapPercentile >= 0 && gapPercentile <= 1)) throw new RangeError(`gapPercentile must be in [0, 1], got ${gapPercentile}`)
  if (!(fdr > 0 && fdr < 1)) throw new RangeError(`fdr must be in (0, 1), got ${fdr}`)
  if (!Number.isInteger(asOfDay)) throw new RangeError(`asOfDay must be an integer day, got ${asOfDay}`)
  const n = include.length
  if (visitOffsets.length !== n + 1 || visitOffsets[n] !== visitDays.length) {
    throw new RangeError(`visitOffsets must have ${n + 1} entries ending at visitDays.length (${visitDays.length})`)
  }
  const out: Lapses = {
    tested: new Uint8Array(n),
    lapsed: new Uint8Array(n),
    usualGap: new Float64Array(n).fill(Number.NaN),
    absence: new Int32Array(n).fill(-1),
    pValue: new Float64Array(n).fill(Number.NaN),
    qValue: new Float64Array(n).fill(Number.NaN),
    driftedDay: new Int32Array(n).fill(-1),
  }
  const testedIds: number[] = []
  const pValues: number[] = []
  for (let i = 0; i < n; i++) {
    const start = visitOffsets[i]!
    const end = visitOffsets[i + 1]!
    if (end < start) throw new RangeError(`visitOffsets must not decrease (customer ${i})`)
    if (include[i] === 0 || end === start) continue
    const firstDay = visitDays[start]!
    const lastDay = visitDays[end - 1]!
    if (lastDay > asOfDay) throw new RangeError(`customer ${i} visited on day ${lastDay}, after asOfDay ${asOfDay}`)
    out.absence[i] = asOfDay - lastDay
    const visits = end - start
    if (visits < minVisits) continue
    for (let k = start + 1; k < end; k++) {
      if (visitDays[k]! <= visitDays[k - 1]!) throw new RangeError(`visit days of customer ${i} must be ascending and distinct`)
    }
    const rate = (visits - 1) / (lastDay - firstDay)
    const p = Math.exp(-rate * (asOfDay - lastDay))
    out.tested[i] = 1
    out.usualGap[i] = usualGapOf(visitDays, start, end, gapPercentile)
    out.pValue[i] = p
    testedIds.push(i)
    pValues.push(p)
  }
  const qValues = benjaminiHochberg(pValues)
  for (let k = 0; k < testedIds.length; k++) {
    const i = testedIds[k]!
    out.qValue[i] = qValues[k]!
    if (out.absence[i]! > out.usualGap[i]! && qValues[k]! <= fdr) {
      out.lapsed[i] = 1
      out.driftedDay[i] = asOfDay - out.absence[i]! + 1
    }
  }
  return out
}
