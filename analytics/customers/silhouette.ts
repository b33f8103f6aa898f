import type { Matrix } from './standardise.js'

/**
 * Mean silhouette coefficient (Rousseeuw 1987) of a clustering, with Euclidean distance.
 *
 * For a point i in cluster A: a(i) = mean distance to the other members of A, b(i) = the
 * smallest mean distance to the members of another non-empty cluster, and
 * s(i) = (b − a) / max(a, b), in [−1, 1]. A point alone in its cluster scores 0 (Rousseeuw's
 * convention, as scikit-learn's `silhouette_score`), and so does a point with a = b = 0. The result
 * is the mean of s(i) over the clustered points: those with `assignment[i]` in 0..k−1; points
 * with a negative assignment are left out. NaN when fewer than two clusters are non-empty, where
 * the coefficient is undefined (scikit-learn raises).
 *
 * Cost: n²/2 distances in d dimensions and n·k numbers of memory. For repeated scoring of one
 * set of points under several clusterings, compute {@link pairwiseDistances} once and use
 * {@link silhouetteOfDistances}.
 * @example silhouette({ n: 4, d: 1, values: Float64Array.of(0, 1, 10, 11) }, Int32Array.of(0, 0, 1, 1), 2) // ≈ 0.9
 */
export function silhouette(points: Matrix, assignment: Int32Array, k: number): number {
  const { n, d, values } = points
  checkAssignment(n, assignment, k)
  const sums = new Float64Array(n * k)
  for (let i = 0; i < n; i++) {
    const ci = assignment[i]!
    if (ci < 0) continue
    const rowI = i * d
    for (let j = i + 1; j < n; j++) {
      const cj = assignment[j]!
      if (cj < 0) continue
      const rowJ = j * d
      let sq = 0
      for (let t = 0; t < d; t++) {
        const diff = values[rowI + t]! - values[rowJ + t]!
        sq += diff * diff
      }
      const dist = Math.sqrt(sq)
      sums[i * k + cj]! += dist
      sums[j * k + ci]! += dist
    }
  }
  return meanSilhouette(sums, assignment, k)
}

/**
 * Euclidean distances between every pair of rows, condensed: the distance between rows i < j
 * sits at index i·n − i·(i + 1)/2 + (j − i − 1), the order of SciPy's `pdist`. n·(n − 1)/2
 * values: 36 MB for n = 3,000.
 */
export function pairwiseDistances(points: Matrix): Float64Array {
  const { n, d, values } = points
  if (values.length !== n * d) throw new RangeError(`matrix of ${n}×${d} has ${values.length} values`)
  const out = new Float64Array((n * (n - 1)) / 2)
  let at = 0
  for (let i = 0; i < n; i++) {
    const rowI = i * d
    for (let j = i + 1; j < n; j++) {
      const rowJ = j * d
      let sq = 0
      for (let t = 0; t < d; t++) {
        const diff = values[rowI + t]! - values[rowJ + t]!
        sq += diff * diff
      }
      out[at++] = Math.sqrt(sq)
    }
  }
  return out
}

/**
 * {@link silhouette} from precomputed condensed distances (see {@link pairwiseDistances}) of
 * `assignment.length` points: n²/2 additions, no distance arithmetic.
 */
export function silhouetteOfDistances(distances: Float64Array, assignment: Int32Array, k: number): number {
  const n = assignment.length
  if (distances.length !== (n * (n - 1)) / 2) {
    throw new RangeError(`${distances.length} distances do not fit ${n} points`)
  }
  checkAssignment(n, assignment, k)
  const sums = new Float64Array(n * k)
  let at = 0
  for (let i = 0; i < n; i++) {
    const ci = assignment[i]!
    if (ci < 0) {
      at += n - i - 1
      continue
    }
    for (let j = i + 1; j < n; j++) {
      const dist = distances[at++]!
      const cj = assignment[j]!
      if (cj < 0) continue
      sums[i * k + cj]! += dist
      sums[j * k + ci]! += dist
    }
  }
  return meanSilhouette(sums, assignment, k)
}

/** Mean s(i) from sums[i·k + c] = total distance from point i to the members of cluster c. */
function meanSilhouette(sums: Float64Array, assignment: Int32Array, k: number): number {
  const n = assignment.length
  const sizes = new Float64Array(k)
  for (let i = 0; i < n; i++) if (assignment[i]! >= 0) sizes[assignment[i]!]!++
  if (sizes.filter((s) => s > 0).length < 2) return Number.NaN
  let total = 0
  let counted = 0
  for (let i = 0; i < n; i++) {
    const c = assignment[i]!
    if (c < 0) continue
    counted++
    // A singleton has no a(i); Rousseeuw sets s(i) = 0 so it neither helps nor hurts.
    if (sizes[c]! === 1) continue
    const a = sums[i * k + c]! / (sizes[c]! - 1)
    let b = Number.POSITIVE_INFINITY
    for (let o = 0; o < k; o++) {
      if (o === c || sizes[o]! === 0) continue
      const mean = sums[i * k + o]! / sizes[o]!
      if (mean < b) b = mean
    }
    const denom = Math.max(a, b)
    if (denom > 0) total += (b - a) / denom
  }
  return total / counted
}

function checkAssignment(n: number, assignment: Int32Array, k: number): void {
  if (assignment.length !== n) throw new RangeError(`assignment has ${assignment.length} entries for ${n} points`)
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be a positive integer, got ${k}`)
  for (let i = 0; i < n; i++) {
    if (assignment[i]! >= k) throw new RangeError(`point ${i} is in cluster ${assignment[i]}, beyond k = ${k}`)
  }
}
