import { describe, expect, it } from 'vitest'
import { normalQuantile } from './normal-quantile.js'

describe('normalQuantile', () => {
  it("agrees with R's qnorm to 1.15e-9 relative across the range", () => {
    // qnorm(c(.975, .95, .995, .001, .01, 1e-10, .9999))
    const cases: [number, number][] = [
      [0.975, 1.959963984540054], [0.95, 1.6448536269514722], [0.995, 2.5758293035489004],
      [0.001, -3.090232306167813], [0.01, -2.3263478740408408], [1e-10, -6.361340902404056], [0.9999, 3.719016485455709],
    ]
    for (const [p, z] of cases) expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(1.15e-9 * Math.abs(z))
  })

  it('is 0 at 1/2, antisymmetric, and refuses p outside (0, 1)', () => {
    expect(normalQuantile(0.5)).toBe(0)
    expect(normalQuantile(0.2)).toBeCloseTo(-normalQuantile(0.8), 12)
    expect(() => normalQuantile(0)).toThrow(RangeError)
    expect(() => normalQuantile(1)).toThrow(RangeError)
  })
})
