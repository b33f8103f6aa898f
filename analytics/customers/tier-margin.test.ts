import { describe, expect, it } from 'vitest'
import { tierMargin } from './tier-margin.js'

const decileFromCutoffs = (cutoffs: number[], margin: number) => 1 + cutoffs.filter((c) => c <= margin).length

describe('tierMargin', () => {
  it('puts two of twenty distinct margins in each decile, 10 = most profitable', () => {
    const sorted = [-300, -50, 0, 120, 250, 400, 410, 600, 700, 850, 900, 1000, 1200, 1500, 1600, 2000, 2500, 3000, 5000, 12000]
    const order = [7, 19, 0, 12, 3, 15, 9, 1, 18, 5, 11, 2, 16, 8, 14, 4, 10, 17, 6, 13] // a shuffle of 0..19
    const margins = Float64Array.from(order, (k) => sorted[k]!)
    const out = tierMargin(margins, new Uint8Array(20).fill(1))
    expect(Array.from(out.decile)).toEqual(order.map((k) => Math.floor(k / 2) + 1))
    expect(Array.from(out.negative)).toEqual(order.map((k) => (k < 2 ? 1 : 0)))
    expect(out.cutoffs).toEqual([0, 250, 410, 700, 900, 1200, 1600, 2500, 5000])
    margins.forEach((m, i) => expect(decileFromCutoffs(out.cutoffs, m)).toBe(out.decile[i]))
  })

  it('keeps tied margins in one decile and the cutoffs consistent with it', () => {
    // six customers at 0 span ranks 1–6 (average 3.5, percentile 3 / 12 = .25) → decile 3
    const margins = Float64Array.of(0, 0, 0, 0, 0, 0, 10, 20, 30, 40, 50, 60)
    const out = tierMargin(margins, new Uint8Array(12).fill(1))
    expect(Array.from(out.decile)).toEqual([3, 3, 3, 3, 3, 3, 6, 7, 8, 8, 9, 10])
    expect(out.cutoffs).toEqual([0, 0, 10, 10, 10, 20, 30, 50, 60])
    margins.forEach((m, i) => expect(decileFromCutoffs(out.cutoffs, m)).toBe(out.decile[i]))
    expect(Array.from(out.negative)).toEqual(new Array(12).fill(0))
  })

  it('leaves excluded customers out of the deciles, the negatives and the cutoffs', () => {
    const margins = Float64Array.of(-900, -20, 5, 1e9, 30, 40)
    const out = tierMargin(margins, Uint8Array.of(0, 1, 1, 0, 1, 1))
    // four included: percentiles .125 .375 .625 .875 → deciles 2, 4, 7, 9
    expect(out).toEqual({
      decile: Uint8Array.of(0, 2, 4, 0, 7, 9),
      negative: Uint8Array.of(0, 1, 0, 0, 0, 0),
      cutoffs: [-20, 5, 5, 30, 30, 30, 40, 40, Infinity],
    })
  })

  it('has only Infinity cutoffs when nobody is included', () => {
    const out = tierMargin(Float64Array.of(1, 2), new Uint8Array(2))
    expect(out).toEqual({ decile: new Uint8Array(2), negative: new Uint8Array(2), cutoffs: new Array(9).fill(Infinity) })
  })
})
