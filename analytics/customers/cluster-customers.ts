import { kmeans } from 'ml-kmeans'
import { pairwiseDistances, silhouette, silhouetteOfDistances } from './silhouette.js'
import { columnStats, zScore, type Matrix } from './standardise.js'
import { createRandom } from '../../api/demo/random.js'

/** Mean silhouette of the k-means clustering with k clusters. */
export type KSilhouette = { k: number; silhouette: number }

/** A clustering of points in standardised space; clusters are numbered by size, largest first. */
export type Clustering = { k: number; assignment: Int32Array; centroids: Float64Array; byK: KSilhouette[] }

/** Above this many points the silhouette is computed pair by pair rather than from a stored n²/2 matrix (64 MB at 4,000). */
const STORED_DISTANCES_MAX = 4000

/**
 * k-means (ml-kmeans, k-means++ initialisation, seeded) for each k in kMin..kMax, keeping the k
 * with the highest mean silhouette (Rousseeuw 1987): the criterion rewards clusters that are
 * tight and far apart, needs no scale of its own once the columns are standardised, and the
 * smaller k wins a tie. k is capped at n − 1 (the silhouette needs a cluster with two points)
 * and at the number of distinct rows (k-means++ cannot seed more). When no k is possible (fewer
 * than three points, or one distinct row) every point goes into one cluster and `byK` is empty.
 * One k-means run per k, no restarts. `centroids` is k×d in the points' own (standardised) units.
 * @example clusterBySilhouette(zMatrix, { kMin: 2, kMax: 8, seed: 1 }) // { k: 3, byK: [{ k: 2, silhouette: 0.61 }, …], … }
 */
export function clusterBySilhouette(points: Matrix, options: { kMin: number; kMax: number; seed: number }): Clustering {
  const { kMin, kMax, seed } = options
  if (!(Number.isInteger(kMin) && Number.isInteger(kMax) && kMin >= 2 && kMax >= kMin)) {
    throw new RangeError(`need integers 2 <= kMin <= kMax, got ${kMin}..${kMax}`)
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`)
  const { n, d, values } = points
  const rows = Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * d, (i + 1) * d)))
  const kHigh = Math.min(kMax, n - 1, countDistinct(rows, kMax))
  if (kHigh < kMin) return oneCluster(points)

  const distances = n <= STORED_DISTANCES_MAX ? pairwiseDistances(points) : undefined
  const byK: KSilhouette[] = []
  let best: { k: number; score: number; clusters: number[]; centroids: number[][] } | undefined
  for (let k = kMin; k <= kHigh; k++) {
    const result = kmeans(rows, k, { initialization: 'kmeans++', seed })
    const assignment = Int32Array.from(result.clusters)
    const score = distances ? silhouetteOfDistances(distances, assignment, k) : silhouette(points, assignment, k)
    byK.push({ k, silhouette: score })
    // NaN (one non-empty cluster) never wins; on a tie the smaller k, met first, stays.
    if (!best || score > best.score) best = { k, score, clusters: result.clusters, centroids: result.centroids }
  }
  if (!best) return { ...oneCluster(points), byK }
  return { ...relabelBySize(best.k, d, best.clusters, best.centroids), byK }
}

/** Number of distinct rows, counting no further than `limit`. */
function countDistinct(rows: number[][], limit: number): number {
  const seen = new Set<string>()
  for (const row of rows) {
    seen.add(row.join(','))
    if (seen.size >= limit) break
  }
  return seen.size
}

function oneCluster({ n, d, values }: Matrix): Clustering {
  if (n === 0) return { k: 0, assignment: new Int32Array(0), centroids: new Float64Array(0), byK: [] }
  const centroids = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) centroids[j]! += values[i * d + j]! / n
  return { k: 1, assignment: new Int32Array(n), centroids, byK: [] }
}

/** Renumbers clusters by size, largest first (ties: k-means order), so that output is stable to read. */
function relabelBySize(k: number, d: number, clusters: number[], centroids: number[][]): Omit<Clustering, 'byK'> {
  const sizes = new Array<number>(k).fill(0)
  for (const c of clusters) sizes[c]!++
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => sizes[b]! - sizes[a]! || a - b)
  const newId = new Int32Array(k)
  order.forEach((old, id) => (newId[old] = id))
  const out = new Float64Array(k * d)
  order.forEach((old, id) => out.set(centroids[old]!, id * d))
  return { k, assignment: Int32Array.from(clusters, (c) => newId[c]!), centroids: out }
}

/** How a feature reads in a segment label when the segment is far above or below average. */
export type FeatureWords = { high: string; low: string }

/** Words for the customer features; `mix:<department>` features are handled by {@link featureWords}. */
export const FEATURE_WORDS: Readonly<Record<string, FeatureWords>> = {
  visitsPerMonth: { high: 'frequent', low: 'occasional' },
  spendPerVisit: { high: 'big baskets', low: 'small baskets' },
  linesPerVisit: { high: 'many items a visit', low: 'few items a visit' },
  promoShare: { high: 'promotion-led', low: 'rarely on promotion' },
  monthsActive: { high: 'active most months', low: 'active few months' },
}

/**
 * Words for a feature: from `words` (default {@link FEATURE_WORDS}), else "buys a lot of / little
 * <code>" for `mix:<code>`, else "high / low <name>".
 */
export function featureWords(name: string, words: Readonly<Record<string, FeatureWords>> = FEATURE_WORDS): FeatureWords {
  const known = words[name]
  if (known) return known
  if (name.startsWith('mix:')) {
    const code = name.slice(4)
    return { high: `buys a lot of ${code}`, low: `buys little ${code}` }
  }
  return { high: `high ${name}`, low: `low ${name}` }
}

/** A customer segment: its members' means in original units and how far they sit from everyone. */
export type SegmentProfile = {
  cluster: number
  size: number
  /** size / included customers. */
  share: number
  /** Members' mean of each feature, in the feature's own units. */
  means: Record<string, number>
  /** (segment mean − overall mean) / overall standard deviation; 0 for a constant feature. */
  zScores: Record<string, number>
  /** The 2–3 features furthest from average, in words: "frequent, big baskets". */
  label: string
  /** One line with the size and those features' means against the overall means. */
  description: string
}

export type ClusterCustomersInput = {
  names: string[]
  n: number
  d: number
  /** Raw features, row-major: customer i, feature j at values[i·d + j]. */
  values: Float64Array
  /** 1 where the customer may be segmented (see CustomerBehaviour.include); default: all. */
  include?: Uint8Array
}

export type ClusterCustomersOptions = {
  /** Smallest and largest k tried (defaults 2 and 8). */
  kMin?: number
  kMax?: number
  /** Integer seed of the sample and of k-means++ (default 1): same seed, same result. */
  seed?: number
  /** At most this many included customers go through k-means and the silhouette (default 3,000). */
  sampleSize?: number
  /** Words for labels, over {@link FEATURE_WORDS}. */
  featureWords?: Record<string, FeatureWords>
}

export type CustomerSegments = {
  k: number
  /** Segment of each customer, numbered by size (0 largest); −1 for excluded customers. */
  assignment: Int32Array
  byK: KSilhouette[]
  /** k×d: the chosen k-means centroids mapped back to original units (z · sd + mean). */
  centroids: Float64Array
  profiles: SegmentProfile[]
}

/** A segment's label takes features at least this many standard deviations from average... */
const LABEL_MIN_Z = 0.5
/** ...or, when fewer than two are, the top two at least this far; none: "close to average". */
const LABEL_FLOOR_Z = 0.2

/**
 * Behavioural segments of card holders. Standardises the included rows (z-scores over included
 * customers), draws a seeded sample of at most `sampleSize` of them, chooses k in kMin..kMax by
 * the highest mean silhouette of k-means on that sample ({@link clusterBySilhouette}), then
 * assigns every included customer to the nearest chosen centroid in standardised space in one
 * pass. Cost beyond the sample: one pass over n·d·k. Deterministic for a given seed.
 * @example clusterCustomers({ names: ['visitsPerMonth', 'spendPerVisit'], n, d: 2, values }, { seed: 7 })
 * // { k: 3, profiles: [{ cluster: 0, label: 'occasional, small baskets', … }, …], … }
 */
export function clusterCustomers(input: ClusterCustomersInput, options: ClusterCustomersOptions = {}): CustomerSegments {
  const { names, n, d, values, include } = input
  const { kMin = 2, kMax = 8, seed = 1, sampleSize = 3000 } = options
  if (names.length !== d) throw new RangeError(`${names.length} feature names for d = ${d}`)
  if (!(Number.isInteger(sampleSize) && sampleSize >= 1)) throw new RangeError(`sampleSize must be a positive integer, got ${sampleSize}`)
  const { means, sds } = columnStats(input, include)
  const included = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !include || include[i] === 1)
  const sample = drawSample(included, sampleSize, seed)
  const z = new Float64Array(sample.length * d)
  sample.forEach((row, s) => {
    for (let j = 0; j < d; j++) z[s * d + j] = zScore(values[row * d + j]!, means[j]!, sds[j]!)
  })
  const { k, byK, centroids: zCentroids } = clusterBySilhouette({ n: sample.length, d, values: z }, { kMin, kMax, seed })

  const assignment = new Int32Array(n).fill(-1)
  const sizes = new Float64Array(k)
  const sums = new Float64Array(k * d)
  const zRow = new Float64Array(d)
  for (const i of included) {
    for (let j = 0; j < d; j++) zRow[j] = zScore(values[i * d + j]!, means[j]!, sds[j]!)
    let nearest = 0
    let nearestSq = Number.POSITIVE_INFINITY
    for (let c = 0; c < k; c++) {
      let sq = 0
      for (let j = 0; j < d; j++) {
        const diff = zRow[j]! - zCentroids[c * d + j]!
        sq += diff * diff
      }
      if (sq < nearestSq) [nearest, nearestSq] = [c, sq]
    }
    assignment[i] = nearest
    sizes[nearest]!++
    for (let j = 0; j < d; j++) sums[nearest * d + j]! += values[i * d + j]!
  }

  const centroids = zCentroids.map((v, at) => v * sds[at % d]! + means[at % d]!)
  const words = { ...FEATURE_WORDS, ...options.featureWords }
  const profiles = Array.from({ length: k }, (_, c): SegmentProfile => {
    const size = sizes[c]!
    // An empty segment (possible only at the margin of the sample) reads as its centroid.
    const mean = names.map((_, j) => (size > 0 ? sums[c * d + j]! / size : centroids[c * d + j]!))
    const zs = mean.map((m, j) => zScore(m, means[j]!, sds[j]!))
    return {
      cluster: c, size, share: size / included.length,
      means: Object.fromEntries(names.map((name, j) => [name, mean[j]!])),
      zScores: Object.fromEntries(names.map((name, j) => [name, zs[j]!])),
      ...describeSegment(names, zs, mean, means, size, size / included.length, words),
    }
  })
  return { k, assignment, byK, centroids, profiles }
}

/** Seeded partial Fisher–Yates: `size` of `rows` without replacement, ascending. */
function drawSample(rows: Int32Array, size: number, seed: number): Int32Array {
  if (rows.length <= size) return rows
  const pool = rows.slice()
  const random = createRandom(seed)
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (pool.length - i))
    ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
  }
  return pool.subarray(0, size).sort()
}

function describeSegment(
  names: string[], zs: number[], mean: number[], overall: Float64Array, size: number, share: number,
  words: Readonly<Record<string, FeatureWords>>,
): { label: string; description: string } {
  const ranked = names.map((_, j) => j).sort((a, b) => Math.abs(zs[b]!) - Math.abs(zs[a]!) || a - b)
  let picked = ranked.filter((j) => Math.abs(zs[j]!) >= LABEL_MIN_Z).slice(0, 3)
  if (picked.length < 2) picked = ranked.filter((j) => Math.abs(zs[j]!) >= LABEL_FLOOR_Z).slice(0, 2)
  const label = picked.length === 0 ? 'close to average'
    : picked.map((j) => (zs[j]! > 0 ? featureWords(names[j]!, words).high : featureWords(names[j]!, words).low)).join(', ')
  const shown = (picked.length > 0 ? picked : ranked.slice(0, 2)).map((j) => {
    const z = zs[j]!
    return `${names[j]} ${round3(mean[j]!)} vs ${round3(overall[j]!)} overall (${z >= 0 ? '+' : '−'}${Math.abs(z).toFixed(1)} sd)`
  })
  return { label, description: [`${size} customers (${(share * 100).toFixed(1)}%)`, ...shown].join('; ') }
}

const round3 = (x: number): string => String(Number(x.toPrecision(3)))
