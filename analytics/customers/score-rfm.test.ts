import { describe, expect, it } from 'vitest'
import { RFM_SEGMENTS, rfmSegment, scoreByRank, scoreRfm } from './score-rfm.js'

const f64 = (...v: number[]) => Float64Array.from(v)
const all = (n: number) => new Uint8Array(n).fill(1)
const names = (segment: Uint8Array) => Array.from(segment, (s) => (s === 0 ? '-' : RFM_SEGMENTS[s - 1]!.name))

describe('scoreByRank', () => {
  it('puts n / bins distinct values in each bin, symmetric at both ends', () => {
    expect(Array.from(scoreByRank(f64(5, 1, 4, 2, 3), all(5), 5))).toEqual([5, 1, 4, 2, 3])
    expect(Array.from(scoreByRank(f64(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), all(10), 5))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    // mid-rank percentiles (r − 0.5) / 7 = .07 .21 .36 .5 .64 .79 .93
    expect(Array.from(scoreByRank(f64(1, 2, 3, 4, 5, 6, 7), all(7), 5))).toEqual([1, 2, 2, 3, 4, 4, 5])
  })

  it('gives a tie group one score, placed by its average rank', () => {
    // ranks 1, 2–3 (average 2.5), 4 of n = 4 → percentiles .125, .5, .875
    expect(Array.from(scoreByRank(f64(10, 20, 20, 40), all(4), 4))).toEqual([1, 3, 3, 4])
    // ranks 1–4 tie (average 2.5, percentile .2) → bin ⌊5 · .2⌋ + 1 = 2, not split over 1 and 2
    expect(Array.from(scoreByRank(f64(7, 7, 7, 7, 8, 9, 10, 11, 12, 13), all(10), 5))).toEqual([2, 2, 2, 2, 3, 3, 4, 4, 5, 5])
    expect(Array.from(scoreByRank(f64(3, 3, 3), all(3), 5))).toEqual([3, 3, 3])
    expect(Array.from(scoreByRank(f64(Infinity, 1, Infinity, -Infinity), all(4), 2))).toEqual([2, 1, 2, 1])
  })

  it('scores excluded customers 0 and ranks only the included', () => {
    const include = Uint8Array.of(1, 0, 1, 0, 1, 1, 1)
    expect(Array.from(scoreByRank(f64(1, 100, 2, -100, 3, 4, 5), include, 5))).toEqual([1, 0, 2, 0, 3, 4, 5])
    expect(Array.from(scoreByRank(f64(), new Uint8Array(0), 5))).toEqual([])
  })

  it('refuses NaN among the included, bad bins and mismatched lengths', () => {
    expect(() => scoreByRank(f64(1, Number.NaN), all(2), 5)).toThrow(RangeError)
    expect(Array.from(scoreByRank(f64(1, Number.NaN), Uint8Array.of(1, 0), 5))).toEqual([3, 0])
    expect(() => scoreByRank(f64(1), all(1), 0)).toThrow(RangeError)
    expect(() => scoreByRank(f64(1), all(2), 5)).toThrow(RangeError)
  })
})

describe('rfmSegment', () => {
  it('maps the R × FM grid, with FM = ⌈(F + M) / 2⌉', () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((fm) => RFM_SEGMENTS[rfmSegment(r, fm, fm) - 1]!.name))
    expect(grid).toEqual([
      ['New customers', 'Potential loyalists', 'Potential loyalists', 'Champions', 'Champions'],
      ['Promising', 'Potential loyalists', 'Potential loyalists', 'Loyal customers', 'Loyal customers'],
      ['About to sleep', 'About to sleep', 'Need attention', 'Loyal customers', 'Loyal customers'],
      ['Hibernating', 'Hibernating', 'At risk', 'At risk', 'Cannot lose them'],
      ['Lost', 'Lost', 'At risk', 'At risk', 'Cannot lose them'],
    ])
    expect(rfmSegment(5, 4, 3)).toBe(rfmSegment(5, 4, 4)) // 3.5 rounds up to 4: Champions
    expect(RFM_SEGMENTS[rfmSegment(5, 1, 2) - 1]!.name).toBe('Potential loyalists') // 1.5 rounds up to 2
    expect(RFM_SEGMENTS[rfmSegment(1, 5, 4) - 1]!.name).toBe('Cannot lose them')
  })

  it('reaches all eleven segments and nothing else', () => {
    const seen = new Set<number>()
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) seen.add(rfmSegment(r, f, m))
    expect([...seen].sort((a, b) => a - b)).toEqual(RFM_SEGMENTS.map((_, i) => i + 1))
    expect(RFM_SEGMENTS.map((s) => s.name)).toEqual(['Champions', 'Loyal customers', 'Potential loyalists', 'New customers', 'Promising',
      'Need attention', 'About to sleep', 'At risk', 'Cannot lose them', 'Hibernating', 'Lost'])
  })

  it('refuses scores outside 1..5', () => {
    expect(() => rfmSegment(0, 3, 3)).toThrow(RangeError)
    expect(() => rfmSegment(3, 6, 3)).toThrow(RangeError)
    expect(() => rfmSegment(3, 3, 2.5)).toThrow(RangeError)
  })
})

describe('scoreRfm', () => {
  it('scores five customers exactly, 5 = most recent, most frequent, highest spend', () => {
    const out = scoreRfm({
      recencyDays: f64(1, 40, 10, 200, 90),
      frequency: f64(30, 25, 2, 12, 1),
      monetary: f64(90_000, 80_000, 1_500, 40_000, 500),
      include: all(5),
    })
    expect(out).toEqual({
      r: Uint8Array.of(5, 3, 4, 1, 2),
      f: Uint8Array.of(5, 4, 2, 3, 1),
      m: Uint8Array.of(5, 4, 2, 3, 1),
      segment: Uint8Array.from([rfmSegment(5, 5, 5), rfmSegment(3, 4, 4), rfmSegment(4, 2, 2), rfmSegment(1, 3, 3), rfmSegment(2, 1, 1)]),
    })
    expect(names(out.segment)).toEqual(['Champions', 'Loyal customers', 'Potential loyalists', 'At risk', 'Hibernating'])
  })

  it('gives tied customers one score on every measure', () => {
    const out = scoreRfm({
      recencyDays: f64(3, 3, 3, 30, 60, 60, 90, 120, 150, 180),
      frequency: f64(10, 10, 9, 8, 7, 6, 5, 4, 3, 3),
      monetary: f64(500, 500, 500, 500, 500, 500, 500, 500, 500, 500),
      include: all(10),
    })
    // ranks from the least recent: 180 → 1, 150 → 2, 120 → 3, 90 → 4, 60 ×2 → 5.5, 30 → 7, 3 ×3 → 9
    expect(Array.from(out.r)).toEqual([5, 5, 5, 4, 3, 3, 2, 2, 1, 1])
    expect(Array.from(out.f)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
    expect(Array.from(out.m)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3])
    expect(names(out.segment)).toEqual(['Champions', 'Champions', 'Champions', 'Loyal customers', 'Need attention', 'Need attention',
      'At risk', 'At risk', 'Lost', 'Lost'])
  })

  it('leaves excluded customers at 0 without shifting anyone else', () => {
    const b = { recencyDays: f64(1, 2, 3, 4, 5), frequency: f64(5, 4, 3, 2, 1), monetary: f64(5, 4, 3, 2, 1), include: all(5) }
    const full = scoreRfm(b)
    const wide = scoreRfm({
      recencyDays: f64(1, 0, 2, 3, 4, 5), frequency: f64(5, 99, 4, 3, 2, 1), monetary: f64(5, 99, 4, 3, 2, 1),
      include: Uint8Array.of(1, 0, 1, 1, 1, 1),
    })
    for (const key of ['r', 'f', 'm', 'segment'] as const) {
      expect(Array.from(wide[key])).toEqual([full[key][0], 0, ...Array.from(full[key].subarray(1))])
    }
  })

  it('refuses arrays of different lengths', () => {
    expect(() => scoreRfm({ recencyDays: f64(1), frequency: f64(1, 2), monetary: f64(1), include: all(1) })).toThrow(RangeError)
  })
})
