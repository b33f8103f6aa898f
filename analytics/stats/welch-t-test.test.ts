import { describe, expect, it } from 'vitest'
import { welchTTest, type Moments } from './welch-t-test.js'

const moments = (xs: number[]): Moments => ({ n: xs.length, sum: xs.reduce((s, x) => s + x, 0), sumSq: xs.reduce((s, x) => s + x * x, 0) })

describe('welchTTest', () => {
  it("agrees with SciPy's ttest_ind(x, y, equal_var=False)", () => {
    // SciPy 1.x: statistic=-2.3763541031440183, pvalue=0.04928433820673053, df=6.972255729794934
    const a = welchTTest(moments([1, 2, 3, 4, 5]), moments([2, 4, 6, 8, 10, 12]))
    expect(a.t).toBeCloseTo(-2.3763541031440183, 12)
    expect(a.df).toBeCloseTo(6.972255729794934, 10)
    expect(a.p).toBeCloseTo(0.04928433820673053, 10)
    // statistic=5.578723198509315, pvalue=4.4333074012624755e-05, df=15.720967966583856
    const b = welchTTest(moments([10, 12, 9, 11, 10, 13, 8, 12, 11, 10]), moments([7, 8, 6, 9, 7, 8, 7, 6]))
    expect(b.t).toBeCloseTo(5.578723198509315, 10)
    expect(b.df).toBeCloseTo(15.720967966583856, 8)
    expect(b.p / 4.4333074012624755e-5).toBeCloseTo(1, 8)
  })
  it('keeps tiny p-values instead of rounding them to zero, and is symmetric', () => {
    const x = { n: 10_000, sum: 10_000 * 1.2, sumSq: 10_000 * (1.2 * 1.2 + 1) }
    const y = { n: 10_000, sum: 10_000, sumSq: 10_000 * 2 }
    const r = welchTTest(x, y)
    expect(r.p).toBeGreaterThan(0)
    expect(r.p).toBeLessThan(1e-40)
    expect(welchTTest(y, x).p).toBe(r.p)
  })
  it('is NaN without two members a side or without variance', () => {
    expect(welchTTest(moments([1]), moments([1, 2])).p).toBeNaN()
    expect(welchTTest(moments([3, 3]), moments([3, 3, 3])).p).toBeNaN()
  })
})
