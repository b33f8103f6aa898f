import { describe, expect, it } from 'vitest'
import { detectLapse, quantileOfSorted, usualGapOf } from './detect-lapse.js'
import { createRandom } from '../../api/demo/random.js'

/** CSR visit days from one list of days per customer, everyone included. */
function visitsOf(days: number[][], asOfDay: number, include = new Uint8Array(days.length).fill(1)) {
  const visitOffsets = new Uint32Array(days.length + 1)
  days.forEach((d, i) => (visitOffsets[i + 1] = visitOffsets[i]! + d.length))
  return { visitOffsets, visitDays: Int32Array.from(days.flat()), include, asOfDay }
}
const every = (step: number, from: number, to: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, k) => from + k * step)

describe('quantileOfSorted and usualGapOf', () => {
  it("interpolate linearly between order statistics, as R's quantile type 7", () => {
    // gaps of 0 7 14 22 28 42: 7 7 8 6 14 → sorted 6 7 7 8 14; p = .95: h = 3.8 → 8 + .8 · 6
    const days = Int32Array.of(0, 7, 14, 22, 28, 42)
    expect(usualGapOf(days, 0, 6, 0.95)).toBeCloseTo(12.8, 12)
    expect(usualGapOf(days, 0, 6, 0.8)).toBeCloseTo(9.2, 12)
    expect(usualGapOf(days, 0, 6, 0.5)).toBe(7)
    expect(usualGapOf(days, 0, 6, 0)).toBe(6)
    expect(usualGapOf(days, 0, 6, 1)).toBe(14)
    expect(usualGapOf(days, 2, 4, 0.95)).toBe(8) // one gap: 22 − 14
    expect(usualGapOf(days, 2, 3, 0.95)).toBeNaN()
    expect(quantileOfSorted([1, 2, 3, 4], 0.25)).toBe(1.75)
    expect(quantileOfSorted([], 0.5)).toBeNaN()
  })
})

describe('detectLapse', () => {
  it('flags a weekly shopper silent for 8 weeks, not one silent for 10 days', () => {
    // both 45 weekly visits: λ = 44 / 308 = 1/7; absences 56 and 10 against a usual gap of 7
    const out = detectLapse(visitsOf([every(7, 0, 308), every(7, 46, 354)], 364))
    const p = [Math.exp(-8), Math.exp(-10 / 7)]
    expect(Array.from(out.tested)).toEqual([1, 1])
    expect(Array.from(out.lapsed)).toEqual([1, 0])
    expect(Array.from(out.usualGap)).toEqual([7, 7])
    expect(Array.from(out.absence)).toEqual([56, 10])
    expect(out.pValue[0]).toBeCloseTo(p[0]!, 15)
    expect(out.pValue[1]).toBeCloseTo(p[1]!, 15)
    expect(out.qValue[0]).toBeCloseTo(2 * p[0]!, 15) // BH over two tests: p·2/1
    expect(out.qValue[1]).toBeCloseTo(p[1]!, 15)
    expect(Array.from(out.driftedDay)).toEqual([309, -1])
  })

  it('does not flag a silence that is significant but normal for this shopper', () => {
    // bursts of three days every 80 days: gaps 1 ×8, 78 ×3 → usual gap 78; silent 70 days
    const days = [0, 1, 2, 80, 81, 82, 160, 161, 162, 240, 241, 242]
    const out = detectLapse(visitsOf([days], 312))
    expect(out.usualGap[0]).toBe(78)
    expect(out.pValue[0]).toBeCloseTo(Math.exp((-11 / 242) * 70), 15)
    expect(out.qValue[0]!).toBeLessThan(0.05)
    expect(out.lapsed[0]).toBe(0)
    expect(out.driftedDay[0]).toBe(-1)
  })

  it('does not test customers with too few visits, excluded or without visits', () => {
    const days = [[0, 100, 200, 300], every(7, 0, 308), every(7, 0, 308), [], every(30, 0, 300)]
    const out = detectLapse(visitsOf(days, 364, Uint8Array.of(1, 0, 1, 1, 1)), { minVisits: 5 })
    expect(Array.from(out.tested)).toEqual([0, 0, 1, 0, 1])
    expect(Array.from(out.absence)).toEqual([64, -1, 56, -1, 64])
    expect(Array.from(out.usualGap)).toEqual([Number.NaN, Number.NaN, 7, Number.NaN, 30])
    expect(Number.isNaN(out.pValue[0]!) && Number.isNaN(out.qValue[1]!) && Number.isNaN(out.qValue[3]!)).toBe(true)
    expect(Array.from(out.lapsed)).toEqual([0, 0, 1, 0, 0])
    expect(detectLapse(visitsOf(days, 364), { minVisits: 4 }).tested[0]).toBe(1)
  })

  it('keeps false flags to a few percent among Poisson shoppers and finds most planted lapsers', () => {
    const random = createRandom(20240617)
    const asOfDay = 364
    const days: number[][] = []
    const stop: number[] = [] // −1 for a shopper who never stopped
    for (let c = 0; c < 1100; c++) {
      const planted = c >= 1000
      const rate = planted ? 0.1 + 0.3 * random() : 0.03 + 0.4 * random() // visits per day
      const first = Math.floor(random() * 120)
      const last = planted ? 150 + Math.floor(random() * 150) : asOfDay
      const d: number[] = []
      for (let day = first; day <= last; day++) if (random() < rate) d.push(day)
      days.push(d)
      stop.push(planted ? last : -1)
    }
    const out = detectLapse(visitsOf(days, asOfDay))
    let nullTested = 0
    let nullFlagged = 0
    let plantedFound = 0
    for (let c = 0; c < 1100; c++) {
      if (stop[c] === -1) {
        nullTested += out.tested[c]!
        nullFlagged += out.lapsed[c]!
      } else {
        plantedFound += out.lapsed[c]!
        if (out.lapsed[c]) expect(out.driftedDay[c]).toBe(days[c]!.at(-1)! + 1)
      }
      if (!out.lapsed[c]) expect(out.driftedDay[c]).toBe(-1)
    }
    expect(nullTested).toBeGreaterThan(950)
    expect(nullFlagged / nullTested).toBeLessThanOrEqual(0.02)
    expect(plantedFound / 100).toBeGreaterThanOrEqual(0.9)
  })

  it('refuses visits after asOfDay, unsorted days, bad offsets and bad options', () => {
    expect(() => detectLapse(visitsOf([[1, 2, 3, 4, 9]], 8))).toThrow(RangeError)
    expect(() => detectLapse(visitsOf([[1, 3, 2, 4, 5]], 8))).toThrow(RangeError)
    expect(() => detectLapse(visitsOf([[1, 2, 2, 4, 5]], 8))).toThrow(RangeError)
    const ok = visitsOf([[1, 2, 3, 4, 5]], 8)
    expect(() => detectLapse({ ...ok, visitOffsets: Uint32Array.of(0, 4) })).toThrow(RangeError)
    expect(() => detectLapse(ok, { minVisits: 1 })).toThrow(RangeError)
    expect(() => detectLapse(ok, { gapPercentile: 1.5 })).toThrow(RangeError)
    expect(() => detectLapse(ok, { fdr: 0 })).toThrow(RangeError)
  })
})
