import { describe, expect, it } from 'vitest'
import { AT_RISK_REASONS, selectAtRisk, selectUnprofitable, UNPROFITABLE_REASONS } from './select-customers.js'

const reasons = (out: { reason: Uint8Array }, names: readonly string[]) => Array.from(out.reason, (r) => (r === 0 ? '-' : names[r - 1]))
const every = (step: number, from: number, to: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, k) => from + k * step)

describe('selectUnprofitable', () => {
  const input = {
    // 0 negative, 1 bottom decile with half its lines on promotion, 2 only 40%, 3 top margin all on promotion,
    // 4 negative in decile 2, 5 negative but excluded, 6 bottom decile without lines, 7 negative and on promotion
    marginCents: Float64Array.of(-500, 100, 100, 5000, -1, -300, 50, -200),
    lines: Uint32Array.of(10, 10, 10, 10, 10, 10, 0, 10),
    promoLines: Uint32Array.of(1, 5, 4, 10, 0, 9, 0, 8),
    decile: Uint8Array.of(1, 1, 1, 5, 2, 0, 1, 1),
    include: Uint8Array.of(1, 1, 1, 1, 1, 0, 1, 1),
  }

  it('selects negative margins and promotion-dependent bottom-decile customers, first reason first', () => {
    const out = selectUnprofitable(input)
    expect(Array.from(out.selected)).toEqual([1, 1, 0, 0, 1, 0, 0, 1])
    expect(reasons(out, UNPROFITABLE_REASONS)).toEqual(['negative margin', 'bottom decile, promotion-dependent', '-', '-',
      'negative margin', '-', '-', 'negative margin'])
  })

  it('takes the promotion share threshold as an option', () => {
    expect(Array.from(selectUnprofitable(input, { promoShare: 0.4 }).selected)).toEqual([1, 1, 1, 0, 1, 0, 0, 1])
    expect(Array.from(selectUnprofitable(input, { promoShare: 0 }).reason)).toEqual([1, 2, 2, 0, 1, 0, 0, 1]) // no lines: never
    expect(() => selectUnprofitable(input, { promoShare: 1.1 })).toThrow(RangeError)
    expect(() => selectUnprofitable({ ...input, decile: new Uint8Array(3) })).toThrow(RangeError)
  })
})

describe('selectAtRisk', () => {
  // Window days 0..99: the last quarter is days 75..99 (25 days), the earlier three quarters 75 days.
  const customers: { days: number[]; decile: number; lapsed?: number; include?: number }[] = [
    { days: every(7, 0, 98), decile: 10 }, // 0 steady weekly, came yesterday
    { days: [...every(7, 0, 63), 80], decile: 9 }, // 1 absent 19 > 7 days; 1 visit in the last quarter against 10 before
    { days: [...every(3, 0, 72), 80, 90, 99], decile: 10 }, // 2 came today; 3 last-quarter visits against 25 before
    { days: every(6, 0, 90), decile: 10 }, // 3 absent 9 > 6 days; 3 against 13 is not below half the rate
    { days: [...every(7, 0, 63), 80], decile: 8 }, // 4 as 1, but not in the top two deciles
    { days: [...every(7, 0, 63), 80], decile: 10, lapsed: 1 }, // 5 as 1, but lapsed: a win-back target
    { days: [...every(7, 0, 63), 80], decile: 10, include: 0 }, // 6 as 1, but excluded
    { days: [10, 20], decile: 10 }, // 7 two visits: too few to judge
    { days: every(10, 9, 89), decile: 9 }, // 8 absent exactly the usual 10 days: not overdue
    { days: [73, 75, 77, 79, 81, 93], decile: 9 }, // 9 gaps 2 2 2 2 12: 80th percentile 4 < 6 days absent
    { days: [], decile: 10 }, // 10 never came
  ]
  const visitOffsets = new Uint32Array(customers.length + 1)
  customers.forEach((c, i) => (visitOffsets[i + 1] = visitOffsets[i]! + c.days.length))
  const input = {
    include: Uint8Array.from(customers, (c) => c.include ?? 1),
    decile: Uint8Array.from(customers, (c) => c.decile),
    lapsed: Uint8Array.from(customers, (c) => c.lapsed ?? 0),
    visitOffsets,
    visitDays: Int32Array.from(customers.flatMap((c) => c.days)),
    windowStartDay: 0,
    asOfDay: 99,
  }

  it('selects overdue or slowing customers in the top two margin deciles who have not lapsed', () => {
    const out = selectAtRisk(input)
    expect(Array.from(out.selected)).toEqual([0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0])
    expect(reasons(out, AT_RISK_REASONS)).toEqual(['-', 'overdue and visiting less often', 'visiting less often', 'overdue',
      '-', '-', '-', '-', '-', 'overdue', '-'])
  })

  it('takes the value tier, visit minimum, gap percentile and decline ratio as options', () => {
    expect(Array.from(selectAtRisk(input, { topDeciles: 3 }).reason)).toEqual([0, 3, 2, 1, 3, 0, 0, 0, 0, 1, 0])
    expect(Array.from(selectAtRisk(input, { minVisits: 2 }).reason)).toEqual([0, 3, 2, 1, 0, 0, 0, 3, 0, 1, 0])
    // at the 100th percentile customer 9's usual gap is 12 > 6 days absent
    expect(Array.from(selectAtRisk(input, { gapPercentile: 1 }).reason)).toEqual([0, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0])
    // ratio 1: customer 3 (3 / 25 < 13 / 75) and 8 (2 / 25 < 7 / 75) now count as slowing
    expect(Array.from(selectAtRisk(input, { declineRatio: 1 }).reason)).toEqual([0, 3, 2, 3, 0, 0, 0, 0, 2, 1, 0])
  })

  it('refuses a bad window, visits outside it and bad options', () => {
    expect(() => selectAtRisk({ ...input, windowStartDay: 97 })).toThrow(RangeError)
    expect(() => selectAtRisk({ ...input, asOfDay: 95 })).toThrow(RangeError)
    expect(() => selectAtRisk({ ...input, windowStartDay: 5 })).toThrow(RangeError)
    expect(() => selectAtRisk({ ...input, lapsed: new Uint8Array(2) })).toThrow(RangeError)
    expect(() => selectAtRisk(input, { topDeciles: 0 })).toThrow(RangeError)
    expect(() => selectAtRisk(input, { declineRatio: 0 })).toThrow(RangeError)
  })
})
