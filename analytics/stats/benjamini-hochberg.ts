/**
 * Benjamini–Hochberg adjusted p-values (q-values) controlling the false discovery rate: the
 * i-th smallest of m p-values gets q = min over j >= i of min(1, p_(j)·m / j). Rejecting every
 * hypothesis with q <= alpha keeps the expected share of false discoveries at or below alpha
 * (for independent or positively dependent tests). Same values as R's
 * `p.adjust(p, method = 'BH')`: monotone in p, capped at 1, returned in the input order, and
 * tied p-values get the same q.
 *
 * `testCount` (default: the number of p-values) is m; pass a larger m when more hypotheses
 * were tested than p-values are given (R's `n` argument).
 * @example benjaminiHochberg([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 */
export function benjaminiHochberg(pValues: readonly number[], { testCount = pValues.length }: { testCount?: number } = {}): number[] {
  const n = pValues.length
  if (!Number.isInteger(testCount) || testCount < n) {
    throw new RangeError(`testCount must be an integer >= the number of p-values (${n}), got ${testCount}`)
  }
  for (let i = 0; i < n; i++) {
    const p = pValues[i]!
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${i} must be in [0, 1], got ${p}`)
  }
  // Indices by p descending; ties in input order (any order gives the same q for ties).
  const order = Uint32Array.from({ length: n }, (_, i) => i)
  order.sort((i, j) => pValues[j]! - pValues[i]! || i - j)
  const q = new Array<number>(n)
  let running = 1
  for (let r = 0; r < n; r++) {
    const i = order[r]!
    const rank = n - r // 1-based rank in ascending order
    running = Math.min(running, (testCount / rank) * pValues[i]!) // R: cummin(n / i * p[o])
    q[i] = running
  }
  return q
}
