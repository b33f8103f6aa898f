/** A dense row-major matrix: the value at row i, column j is `values[i * d + j]`. */
export type Matrix = { n: number; d: number; values: Float64Array }

/** Per-column mean and (population) standard deviation. */
export type ColumnStats = { means: Float64Array; sds: Float64Array }

/**
 * Mean and population standard deviation (divisor n, as scikit-learn's StandardScaler) of each
 * column, over the rows with `include[i] = 1` (every row when `include` is omitted). Two passes
 * (mean, then squared deviations) so that large offsets do not cancel. A column whose counted
 * values are all equal gets exactly that value as mean and sd 0. With no rows counted the means
 * and deviations are all 0.
 * @example columnStats({ n: 2, d: 1, values: Float64Array.of(1, 3) }) // { means: [2], sds: [1] }
 */
export function columnStats(m: Matrix, include?: Uint8Array): ColumnStats {
  const { n, d, values } = m
  checkShape(m)
  if (include && include.length !== n) throw new RangeError(`include has ${include.length} entries for ${n} rows`)
  const means = new Float64Array(d)
  const sds = new Float64Array(d)
  const mins = new Float64Array(d).fill(Number.POSITIVE_INFINITY)
  const maxs = new Float64Array(d).fill(Number.NEGATIVE_INFINITY)
  let count = 0
  for (let i = 0; i < n; i++) {
    if (include && include[i] !== 1) continue
    count++
    const row = i * d
    for (let j = 0; j < d; j++) {
      const x = values[row + j]!
      means[j]! += x
      if (x < mins[j]!) mins[j] = x
      if (x > maxs[j]!) maxs[j] = x
    }
  }
  if (count === 0) return { means, sds }
  for (let j = 0; j < d; j++) means[j]! /= count
  for (let i = 0; i < n; i++) {
    if (include && include[i] !== 1) continue
    const row = i * d
    for (let j = 0; j < d; j++) {
      const dev = values[row + j]! - means[j]!
      sds[j]! += dev * dev
    }
  }
  for (let j = 0; j < d; j++) {
    // A constant column must come out exactly constant: 12 × 0.15 / 12 is not 0.15 in floating
    // point, and the rounding residue would otherwise become a tiny sd that blows noise up to z ≈ 1.
    if (mins[j] === maxs[j]) [means[j], sds[j]] = [mins[j]!, 0]
    else sds[j] = Math.sqrt(sds[j]! / count)
  }
  return { means, sds }
}

/**
 * z-score of one value: (x − mean) / sd, and 0 for a constant column (sd = 0), where every row
 * sits at the mean and carries no information for a distance.
 */
export function zScore(x: number, mean: number, sd: number): number {
  return sd > 0 ? (x - mean) / sd : 0
}

/**
 * Z-scores every column of `m`: a new matrix with column means 0 and standard deviations 1 (or
 * all 0 for a constant column), plus the means and standard deviations used, so that results can
 * be mapped back to original units (x = z · sd + mean).
 * @example standardise({ n: 2, d: 2, values: Float64Array.of(1, 5, 3, 5) })
 * // { matrix: { n: 2, d: 2, values: [-1, 0, 1, 0] }, means: [2, 5], sds: [1, 0] }
 */
export function standardise(m: Matrix): ColumnStats & { matrix: Matrix } {
  const { n, d, values } = m
  const { means, sds } = columnStats(m)
  const out = new Float64Array(n * d)
  for (let i = 0; i < n; i++) {
    const row = i * d
    for (let j = 0; j < d; j++) out[row + j] = zScore(values[row + j]!, means[j]!, sds[j]!)
  }
  return { matrix: { n, d, values: out }, means, sds }
}

function checkShape({ n, d, values }: Matrix): void {
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(d) && d >= 0 && values.length === n * d)) {
    throw new RangeError(`matrix of ${n}×${d} has ${values.length} values`)
  }
}
