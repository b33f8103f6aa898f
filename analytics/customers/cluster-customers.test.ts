import { describe, expect, it } from 'vitest'
import { clusterBySilhouette, clusterCustomers, featureWords, type ClusterCustomersInput } from './cluster-customers.js'
import { createRandom } from '../../api/demo/random.js'

const NAMES = ['visitsPerMonth', 'spendPerVisit', 'promoShare', 'mix:BAKERY']
// Planted segments, in rows interleaved A, A, A, B, B, C (so 50%, 33%, 17% of customers):
//   A: frequent big spenders; B: promotion-led; C: occasional, buys a lot of bakery.
const CENTRES = {
  A: [12, 8000, 0.15, 0.1],
  B: [4, 3000, 0.7, 0.1],
  C: [1, 1500, 0.15, 0.45],
} as const
const PATTERN = ['A', 'A', 'A', 'B', 'B', 'C'] as const

/** n customers around the planted centres, each feature within ±10% of its centre. */
function plantedCustomers(n: number, seed = 3): { input: ClusterCustomersInput; truth: string[] } {
  const rng = createRandom(seed)
  const d = NAMES.length
  const values = new Float64Array(n * d)
  const truth = Array.from({ length: n }, (_, i) => PATTERN[i % PATTERN.length]!)
  truth.forEach((group, i) => {
    CENTRES[group as keyof typeof CENTRES].forEach((c, j) => (values[i * d + j] = c * (0.9 + 0.2 * rng())))
  })
  return { input: { names: NAMES, n, d, values }, truth }
}

describe('clusterCustomers', () => {
  const { input, truth } = plantedCustomers(600)
  const result = clusterCustomers(input, { seed: 11 })

  it('finds the three planted segments, numbered by size, with the best silhouette at k = 3', () => {
    expect(result.k).toBe(3)
    expect(result.byK.map((b) => b.k)).toEqual([2, 3, 4, 5, 6, 7, 8])
    const best = Math.max(...result.byK.map((b) => b.silhouette))
    expect(result.byK.find((b) => b.k === 3)!.silhouette).toBe(best)
    expect(best).toBeGreaterThan(0.7)
    const clusterOf = { A: 0, B: 1, C: 2 } as Record<string, number>
    expect([...result.assignment]).toEqual(truth.map((g) => clusterOf[g]))
    expect(result.profiles.map((p) => [p.cluster, p.size, p.share])).toEqual([[0, 300, 0.5], [1, 200, 1 / 3], [2, 100, 1 / 6]])
  })

  it('reports member means and centroids in original units, and z-scores against everyone', () => {
    const [a, b, c] = result.profiles
    // Each feature is the centre × U(0.9, 1.1), so the means land within a few tenths of a percent.
    expect(a!.means.visitsPerMonth).toBeCloseTo(12, 0)
    expect(b!.means.promoShare).toBeCloseTo(0.7, 1)
    expect(c!.means['mix:BAKERY']).toBeCloseTo(0.45, 1)
    expect(result.centroids.length).toBe(3 * 4)
    expect(result.centroids[0]).toBeCloseTo(12, 0)
    expect(result.centroids[1]).toBeCloseTo(8000, -2)
    // Overall visits: mean (3·12 + 2·4 + 1)/6 = 7.5; sd ≈ sqrt((3·4.5² + 2·3.5² + 6.5²)/6) ≈ 4.79.
    expect(a!.zScores.visitsPerMonth).toBeGreaterThan(0.9)
    expect(c!.zScores.visitsPerMonth).toBeLessThan(-1.2)
    // Overall promoShare: mean (3·0.15 + 2·0.7 + 0.15)/6 = 1/3, sd ≈ 0.259, so B sits ≈ +1.4 sd.
    expect(b!.zScores.promoShare).toBeCloseTo(1.4, 1)
  })

  it('labels each segment from the features furthest from average', () => {
    const [a, b, c] = result.profiles
    expect(a!.label).toMatch(/^(frequent, big baskets|big baskets, frequent)/)
    expect(b!.label.startsWith('promotion-led')).toBe(true)
    expect(c!.label).toContain('buys a lot of BAKERY')
    expect(c!.label).toContain('occasional')
    expect(a!.description).toMatch(/^300 customers \(50\.0%\); /)
    expect(b!.description).toContain('; promoShare 0.699 vs 0.333 overall (+1.4 sd); ')
  })

  it('gives the same result for the same seed', () => {
    expect(clusterCustomers(input, { seed: 11 })).toEqual(result)
    const sampled = plantedCustomers(3000, 5).input
    expect(clusterCustomers(sampled, { seed: 2, sampleSize: 300 })).toEqual(clusterCustomers(sampled, { seed: 2, sampleSize: 300 }))
  })

  it('clusters a sample and still assigns every customer', () => {
    const big = plantedCustomers(6000, 9)
    const sampled = clusterCustomers(big.input, { seed: 4, sampleSize: 400, kMax: 5 })
    expect(sampled.k).toBe(3)
    expect(sampled.byK.map((b) => b.k)).toEqual([2, 3, 4, 5])
    const clusterOf = { A: 0, B: 1, C: 2 } as Record<string, number>
    expect([...sampled.assignment]).toEqual(big.truth.map((g) => clusterOf[g]))
  })

  it('gives −1 to excluded customers and leaves them out of the statistics', () => {
    const include = Uint8Array.from({ length: input.n }, (_, i) => (i % 6 === 5 ? 0 : 1)) // drops every C
    const values = input.values.slice()
    values.set([1e6, 1e9, 1, 1], 5 * 4) // an excluded outlier must not move the z-scores
    const r = clusterCustomers({ ...input, values, include }, { seed: 11, kMax: 4 })
    expect(r.k).toBe(2)
    expect([...r.assignment].filter((c, i) => c === -1 && i % 6 !== 5)).toEqual([])
    expect(r.assignment.filter((c) => c === -1).length).toBe(100)
    expect(r.profiles.map((p) => [p.size, p.share])).toEqual([[300, 0.6], [200, 0.4]])
    expect(r.profiles[0]!.means.visitsPerMonth).toBeCloseTo(12, 0)
  })

  it('puts everyone in one cluster when the included rows are all alike, and none when nobody is included', () => {
    const same = { names: ['visitsPerMonth'], n: 4, d: 1, values: Float64Array.of(2, 2, 2, 2) }
    const one = clusterCustomers(same)
    expect(one).toMatchObject({ k: 1, byK: [], centroids: Float64Array.of(2) })
    expect([...one.assignment]).toEqual([0, 0, 0, 0])
    expect(one.profiles[0]).toMatchObject({ size: 4, share: 1, zScores: { visitsPerMonth: 0 }, label: 'close to average' })
    const none = clusterCustomers({ ...same, include: new Uint8Array(4) })
    expect(none).toEqual({ k: 0, assignment: Int32Array.of(-1, -1, -1, -1), byK: [], centroids: new Float64Array(0), profiles: [] })
  })

  it('rejects mismatched names and bad options', () => {
    expect(() => clusterCustomers({ ...input, names: ['x'] })).toThrow(RangeError)
    expect(() => clusterCustomers(input, { kMin: 1 })).toThrow(RangeError)
    expect(() => clusterCustomers(input, { seed: 0.5 })).toThrow(RangeError)
  })

  it('runs on 100,000 random customers × 20 features', () => {
    const n = 100_000
    const d = 20
    const rng = createRandom(1)
    const values = Float64Array.from({ length: n * d }, rng)
    const names = Array.from({ length: d }, (_, j) => `mix:D${j}`)
    const r = clusterCustomers({ names, n, d, values }, { seed: 1 })
    expect(r.byK.length).toBe(7)
    expect(r.assignment.every((c) => c >= 0 && c < r.k)).toBe(true)
    expect(r.profiles.reduce((s, p) => s + p.size, 0)).toBe(n)
  })
})

describe('clusterBySilhouette', () => {
  it('caps k at n − 1 and at the number of distinct rows', () => {
    const points = { n: 5, d: 1, values: Float64Array.of(0, 0, 0, 10, 10) }
    expect(clusterBySilhouette(points, { kMin: 2, kMax: 8, seed: 1 })).toEqual({
      k: 2, assignment: Int32Array.of(0, 0, 0, 1, 1), centroids: Float64Array.of(0, 10), byK: [{ k: 2, silhouette: 1 }],
    })
  })
})

describe('featureWords', () => {
  it('reads known, mix: and unknown features, with overrides', () => {
    expect(featureWords('promoShare')).toEqual({ high: 'promotion-led', low: 'rarely on promotion' })
    expect(featureWords('mix:DAIRY')).toEqual({ high: 'buys a lot of DAIRY', low: 'buys little DAIRY' })
    expect(featureWords('basketEntropy')).toEqual({ high: 'high basketEntropy', low: 'low basketEntropy' })
    expect(featureWords('mix:DAIRY', { 'mix:DAIRY': { high: 'dairy lovers', low: 'no dairy' } }).high).toBe('dairy lovers')
  })
})
