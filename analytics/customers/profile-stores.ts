import { clusterBySilhouette, type KSilhouette } from './cluster-customers.js'
import { standardise } from './standardise.js'

export type ProfileStoresInput = {
  stores: { key: string; label: string }[]
  /**
   * One row per store, in the order of `stores`, row-major: shares of the store's card holders
   * by attribute value ('age:18-29') and of its sales by department ('mix:DAIRY').
   */
  features: { names: string[]; values: Float64Array }
}

export type ProfileStoresOptions = {
  /** Integer seed of k-means++ (default 1). */
  seed?: number
  /** Smallest k tried (default 2). */
  kMin?: number
  /** Largest k tried (default min(6, stores − 1)). */
  kMax?: number
  /** Nearest stores listed for each store (default 3). */
  neighbours?: number
}

export type StoreProfiles = {
  /** Number of store clusters: 1 with fewer than three stores, 0 with none. */
  k: number
  /** Cluster of each store, in the order of `stores`; numbered by size, 0 largest. */
  assignment: number[]
  byK: KSilhouette[]
  /** For each store, the nearest other stores by Euclidean distance over standardised features, nearest first. */
  similar: { key: string; neighbours: { key: string; distance: number }[] }[]
  /** For each store, its 3–5 features furthest from the average store, in standard deviations. */
  distinctive: { key: string; features: { name: string; z: number }[] }[]
}

/** Distinctive features: always the top three by |z|, then up to two more that are at least this far out. */
const DISTINCTIVE_ALWAYS = 3
const DISTINCTIVE_MAX = 5
const DISTINCTIVE_EXTRA_MIN_Z = 1

/**
 * Store profiles and "stores like this one". Each feature is standardised across stores (z-score;
 * a feature equal in every store becomes 0 and so never separates or distinguishes stores),
 * so that a demographic share and a sales-mix share weigh the same per standard deviation. Then:
 * - stores are clustered by k-means with k chosen by the highest mean silhouette
 *   ({@link clusterBySilhouette}), one cluster when there are fewer than three stores;
 * - each store's `neighbours` nearest other stores by Euclidean distance in that space (ties: the
 *   store listed first);
 * - each store's most distinctive features: the three with the largest |z|, plus up to two more
 *   with |z| >= 1, leaving out features at exactly the average (z = 0).
 * @example profileStores({ stores, features: { names: ['age:18-29', 'mix:DAIRY'], values } })
 * // { k: 2, similar: [{ key: 'S001', neighbours: [{ key: 'S007', distance: 0.41 }, …] }, …], … }
 */
export function profileStores(input: ProfileStoresInput, options: ProfileStoresOptions = {}): StoreProfiles {
  const { stores, features: { names, values } } = input
  const n = stores.length
  const d = names.length
  if (values.length !== n * d) throw new RangeError(`${values.length} feature values for ${n} stores × ${d} features`)
  const { seed = 1, kMin = 2, kMax = Math.min(6, n - 1), neighbours = 3 } = options
  if (!(Number.isInteger(neighbours) && neighbours >= 0)) throw new RangeError(`neighbours must be a whole number, got ${neighbours}`)

  const { matrix: z } = standardise({ n, d, values })
  const clustering = n < 3
    ? { k: Math.min(n, 1), assignment: new Int32Array(n), byK: [] }
    : clusterBySilhouette(z, { kMin, kMax, seed })

  const similar = stores.map(({ key }, i) => {
    const others = stores.map((_, j) => j).filter((j) => j !== i)
    const distance = others.map((j) => euclidean(z.values, d, i, j))
    const nearest = others.map((_, at) => at).sort((a, b) => distance[a]! - distance[b]! || a - b).slice(0, neighbours)
    return { key, neighbours: nearest.map((at) => ({ key: stores[others[at]!]!.key, distance: distance[at]! })) }
  })

  const distinctive = stores.map(({ key }, i) => {
    const ranked = names
      .map((name, j) => ({ name, z: z.values[i * d + j]! }))
      .filter((f) => f.z !== 0)
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    const extra = ranked.slice(DISTINCTIVE_ALWAYS, DISTINCTIVE_MAX).filter((f) => Math.abs(f.z) >= DISTINCTIVE_EXTRA_MIN_Z)
    return { key, features: [...ranked.slice(0, DISTINCTIVE_ALWAYS), ...extra] }
  })

  return { k: clustering.k, assignment: Array.from(clustering.assignment), byK: clustering.byK, similar, distinctive }
}

function euclidean(values: Float64Array, d: number, i: number, j: number): number {
  let sq = 0
  for (let t = 0; t < d; t++) {
    const diff = values[i * d + t]! - values[j * d + t]!
    sq += diff * diff
  }
  return Math.sqrt(sq)
}
