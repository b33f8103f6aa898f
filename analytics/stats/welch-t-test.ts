import tCdf from '@stdlib/stats-base-dists-t-cdf'

/** A group summarised by its size, sum and sum of squares (enough for a mean and a variance). */
export type Moments = { n: number; sum: number; sumSq: number }

/**
 * Welch's two-sample t-test (unequal variances), two-sided, from each group's n, sum and sum
 * of squares: the same t, degrees of freedom (Welch–Satterthwaite) and p-value as R's
 * `t.test(x, y)` and SciPy's `ttest_ind(x, y, equal_var=False)`. The p-value comes from the
 * t distribution's lower tail at −|t| (stdlib's t CDF), so it keeps its precision far below
 * 1e-16 instead of rounding 1 − CDF to zero. NaN when either group has fewer than 2 members
 * or both have no variance.
 * @example welchTTest({ n: 5, sum: 15, sumSq: 55 }, { n: 6, sum: 42, sumSq: 364 }) // { t: −2.376, df: 6.97, p: 0.0493 }
 */
export function welchTTest(x: Moments, y: Moments): { t: number; df: number; p: number } {
  if (x.n < 2 || y.n < 2) return { t: NaN, df: NaN, p: NaN }
  const mx = x.sum / x.n
  const my = y.sum / y.n
  const vx = Math.max(0, (x.sumSq - x.n * mx * mx) / (x.n - 1))
  const vy = Math.max(0, (y.sumSq - y.n * my * my) / (y.n - 1))
  const sx = vx / x.n
  const sy = vy / y.n
  const se2 = sx + sy
  if (!(se2 > 0)) return { t: NaN, df: NaN, p: NaN }
  const t = (mx - my) / Math.sqrt(se2)
  const df = (se2 * se2) / ((sx * sx) / (x.n - 1) + (sy * sy) / (y.n - 1))
  return { t, df, p: Math.min(1, 2 * tCdf(-Math.abs(t), df)) }
}
