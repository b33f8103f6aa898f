import { describe, expect, it } from 'vitest'
import { profileStores, type ProfileStoresInput } from './profile-stores.js'

const NAMES = ['age:18-29', 'age:30-44', 'age:65+', 'mix:READY', 'mix:BABY', 'mix:DAIRY']
// Twelve stores in two obvious groups: S01–S06 in town (young, ready meals), S07–S12 in the
// suburbs (families, baby goods, a little more dairy). age:65+ is the same everywhere.
// (A column of pure noise would get the same weight as these once standardised, and split the
// groups: standardising assumes every feature was chosen because it matters.)
const TOWN = [0.4, 0.25, 0.15, 0.15, 0.02]
const SUBURB = [0.15, 0.4, 0.15, 0.05, 0.08]

function twelveStores(): ProfileStoresInput {
  const stores = Array.from({ length: 12 }, (_, i) => ({ key: `S${String(i + 1).padStart(2, '0')}`, label: `Store ${i + 1}` }))
  const values = new Float64Array(12 * NAMES.length)
  stores.forEach((_, i) => {
    const jitter = (((i * 37) % 7) - 3) * 0.002 // −0.006 .. +0.006, well inside the groups' gaps
    const base = i < 6 ? TOWN : SUBURB
    base.forEach((v, j) => (values[i * NAMES.length + j] = j === 2 ? v : v + jitter))
    values[i * NAMES.length + 5] = (i < 6 ? 0.12 : 0.14) + (((i * 5) % 11) - 5) * 0.001
  })
  return { stores, features: { names: NAMES, values } }
}

const groupOf = (key: string) => (Number(key.slice(1)) <= 6 ? 'town' : 'suburb')

describe('profileStores', () => {
  const input = twelveStores()
  const result = profileStores(input, { seed: 5 })

  it('finds the two groups of stores, k chosen by silhouette among 2..6', () => {
    expect(result.k).toBe(2)
    expect(result.byK.map((b) => b.k)).toEqual([2, 3, 4, 5, 6])
    expect(result.byK[0]!.silhouette).toBe(Math.max(...result.byK.map((b) => b.silhouette)))
    const town = result.assignment[0]!
    expect(result.assignment).toEqual(input.stores.map((s) => (groupOf(s.key) === 'town' ? town : 1 - town)))
  })

  it('lists three neighbours per store, nearest first, all from its own group', () => {
    expect(result.similar.map((s) => s.key)).toEqual(input.stores.map((s) => s.key))
    for (const { key, neighbours } of result.similar) {
      expect(neighbours).toHaveLength(3)
      expect(neighbours.map((nb) => nb.key)).not.toContain(key)
      expect(neighbours.map((nb) => groupOf(nb.key))).toEqual([groupOf(key), groupOf(key), groupOf(key)])
      const distances = neighbours.map((nb) => nb.distance)
      expect(distances).toEqual([...distances].sort((a, b) => a - b))
    }
  })

  it('names the features that set a store apart, with the right sign, never a constant one', () => {
    for (const { key, features } of result.distinctive) {
      expect(features.length).toBeGreaterThanOrEqual(3)
      expect(features.length).toBeLessThanOrEqual(5)
      expect(features.map((f) => f.name)).not.toContain('age:65+')
      const sign = groupOf(key) === 'town' ? 1 : -1
      const z = Object.fromEntries(features.map((f) => [f.name, f.z]))
      // Every varying feature follows the groups, so each store sits about one sd out on each.
      for (const [name, expectedSign] of [['age:18-29', 1], ['age:30-44', -1], ['mix:READY', 1], ['mix:BABY', -1], ['mix:DAIRY', -1]] as const) {
        if (name in z) expect(Math.sign(z[name]!)).toBe(sign * expectedSign)
      }
    }
  })

  it('gives exact distances and silhouette on three stores on one feature', () => {
    // Values 0, 1, 3: mean 4/3, sd = sqrt((16 + 1 + 25) / 27) = sqrt(42/27), so z-distances are
    // |Δ| / sd. k can only be 2 (kMax = stores − 1): {a, b} and {c}, silhouette
    // a: (3 − 1)/3 = 2/3, b: (2 − 1)/2 = 1/2, c alone: 0 → mean 7/18 (scale-free).
    const sd = Math.sqrt(42 / 27)
    const r = profileStores({
      stores: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }, { key: 'c', label: 'C' }],
      features: { names: ['mix:DAIRY'], values: Float64Array.of(0, 1, 3) },
    }, { neighbours: 5 })
    expect(r.k).toBe(2)
    expect(r.assignment).toEqual([0, 0, 1])
    expect(r.byK).toHaveLength(1)
    expect(r.byK[0]!.silhouette).toBeCloseTo(7 / 18, 14)
    const a = r.similar[0]!.neighbours
    expect(a.map((nb) => nb.key)).toEqual(['b', 'c'])
    expect(a[0]!.distance).toBeCloseTo(1 / sd, 14)
    expect(a[1]!.distance).toBeCloseTo(3 / sd, 14)
    expect(r.distinctive[2]).toEqual({ key: 'c', features: [{ name: 'mix:DAIRY', z: (3 - 4 / 3) / sd }] })
  })

  it('puts fewer than three stores in one cluster and still lists neighbours', () => {
    const two = profileStores({
      stores: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }],
      features: { names: ['age:18-29', 'mix:DAIRY'], values: Float64Array.of(0.2, 0.1, 0.4, 0.1) },
    })
    // age:18-29: mean 0.3, sd 0.1 → z −1 and +1; mix:DAIRY constant → 0, left out.
    expect(two).toEqual({
      k: 1, assignment: [0, 0], byK: [],
      similar: [{ key: 'a', neighbours: [{ key: 'b', distance: 2 }] }, { key: 'b', neighbours: [{ key: 'a', distance: 2 }] }],
      distinctive: [{ key: 'a', features: [{ name: 'age:18-29', z: expect.closeTo(-1, 12) }] },
        { key: 'b', features: [{ name: 'age:18-29', z: expect.closeTo(1, 12) }] }],
    })
    const one = profileStores({ stores: [{ key: 'a', label: 'A' }], features: { names: ['x'], values: Float64Array.of(1) } })
    expect(one).toEqual({ k: 1, assignment: [0], byK: [], similar: [{ key: 'a', neighbours: [] }], distinctive: [{ key: 'a', features: [] }] })
    expect(profileStores({ stores: [], features: { names: ['x'], values: new Float64Array(0) } }).k).toBe(0)
  })

  it('is deterministic and rejects features that do not fit the stores', () => {
    expect(profileStores(input, { seed: 5 })).toEqual(result)
    expect(() => profileStores({ ...input, features: { names: ['x'], values: new Float64Array(3) } })).toThrow(RangeError)
    expect(() => profileStores(input, { neighbours: -1 })).toThrow(RangeError)
  })
})
