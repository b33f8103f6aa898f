import { describe, expect, it } from 'vitest'
import { pairwiseDistances, silhouette, silhouetteOfDistances } from './silhouette.js'
import type { Matrix } from './standardise.js'
import { createRandom } from '../../api/demo/random.js'

const line = (...xs: number[]): Matrix => ({ n: xs.length, d: 1, values: Float64Array.from(xs) })

/** Three Gaussian-ish blobs of `per` points in 2-D, centred 10 apart, spread about ±1. */
function threeBlobs(per: number): { points: Matrix; truth: Int32Array } {
  const rng = createRandom(42)
  const centres = [[0, 0], [10, 0], [5, 9]]
  const values = new Float64Array(3 * per * 2)
  const truth = new Int32Array(3 * per)
  for (let i = 0; i < 3 * per; i++) {
    const c = i % 3
    truth[i] = c
    values[2 * i] = centres[c]![0]! + (rng() + rng() - 1)
    values[2 * i + 1] = centres[c]![1]! + (rng() + rng() - 1)
  }
  return { points: { n: 3 * per, d: 2, values }, truth }
}

describe('silhouette', () => {
  it('matches the coefficient worked by hand on five points on a line', () => {
    // A = {0, 2}, B = {5, 6, 9}; s = (b − a) / max(a, b).
    //   x=0: a = 2,                 b = (5 + 6 + 9) / 3 = 20/3, s = 1 − 2 / (20/3) = 0.7
    //   x=2: a = 2,                 b = (3 + 4 + 7) / 3 = 14/3, s = 1 − 2 / (14/3) = 4/7
    //   x=5: a = (1 + 4) / 2 = 2.5, b = (5 + 3) / 2 = 4,        s = 1.5 / 4 = 0.375
    //   x=6: a = (1 + 3) / 2 = 2,   b = (6 + 4) / 2 = 5,        s = 3 / 5 = 0.6
    //   x=9: a = (4 + 3) / 2 = 3.5, b = (9 + 7) / 2 = 8,        s = 4.5 / 8 = 0.5625
    // mean = (0.7 + 4/7 + 0.375 + 0.6 + 0.5625) / 5 = (1573/560) / 5 = 1573/2800 ≈ 0.561786
    const s = silhouette(line(0, 2, 5, 6, 9), Int32Array.of(0, 0, 1, 1, 1), 2)
    expect(s).toBeCloseTo(1573 / 2800, 14)
  })

  it('scores a point alone in its cluster 0, as scikit-learn does', () => {
    // x=0: a = 1, b = 10, s = 0.9; x=1: a = 1, b = 9, s = 8/9; x=10 alone: 0.
    // mean = (0.9 + 8/9 + 0) / 3 = 161/270
    expect(silhouette(line(0, 1, 10), Int32Array.of(0, 0, 1), 2)).toBeCloseTo(161 / 270, 14)
  })

  it('uses Euclidean, not squared, distance', () => {
    // (0,0) and (3,4) together, (6,8) alone. (0,0): a = 5, b = 10, s = 0.5;
    // (3,4): a = 5, b = 5, s = 0; (6,8) alone: 0. mean = 0.5 / 3.
    const points = { n: 3, d: 2, values: Float64Array.of(0, 0, 3, 4, 6, 8) }
    expect(silhouette(points, Int32Array.of(0, 0, 1), 2)).toBeCloseTo(1 / 6, 14)
  })

  it('leaves out points with a negative assignment and ignores empty clusters', () => {
    const withOutlier = silhouette(line(0, 2, 5, 6, 9, 1000), Int32Array.of(0, 0, 2, 2, 2, -1), 4)
    expect(withOutlier).toBeCloseTo(1573 / 2800, 14)
  })

  it('is NaN with fewer than two non-empty clusters', () => {
    expect(silhouette(line(0, 1, 2), Int32Array.of(1, 1, 1), 2)).toBeNaN()
    expect(silhouette(line(0, 1), Int32Array.of(-1, -1), 2)).toBeNaN()
  })

  it('is above 0.7 for three clear blobs, and lower for a wrong split', () => {
    const { points, truth } = threeBlobs(60)
    const right = silhouette(points, truth, 3)
    expect(right).toBeGreaterThan(0.7)
    const wrong = Int32Array.from(truth, (c, i) => (c === 2 ? i % 2 : c))
    expect(silhouette(points, wrong, 3)).toBeLessThan(right - 0.2)
  })

  it('rejects an assignment beyond k or of the wrong length', () => {
    expect(() => silhouette(line(0, 1), Int32Array.of(0, 2), 2)).toThrow(RangeError)
    expect(() => silhouette(line(0, 1), Int32Array.of(0), 2)).toThrow(RangeError)
  })
})

describe('silhouetteOfDistances', () => {
  it('lays out distances in pdist order', () => {
    expect([...pairwiseDistances(line(0, 2, 5))]).toEqual([2, 5, 3])
  })

  it('agrees with silhouette computed from the points', () => {
    const { points, truth } = threeBlobs(40)
    const assignment = Int32Array.from(truth, (c, i) => (i % 17 === 0 ? -1 : c))
    const distances = pairwiseDistances(points)
    expect(silhouetteOfDistances(distances, assignment, 3)).toBeCloseTo(silhouette(points, assignment, 3), 12)
  })

  it('rejects distances that do not fit the points', () => {
    expect(() => silhouetteOfDistances(new Float64Array(2), Int32Array.of(0, 1, 1), 2)).toThrow(RangeError)
  })
})
