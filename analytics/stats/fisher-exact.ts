import {
  hypergeometricLowerTail,
  hypergeometricTwoSided,
  hypergeometricUpperTail,
} from './hypergeometric.js'

/**
 * A 2x2 table of counts:
 * ```
 *            B      not B
 *   A        a        b
 *   not A    c        d
 * ```
 * For a rule A → C over N baskets: a = baskets with both, b = A without C, c = C without A,
 * d = neither.
 */
export type Table2x2 = { a: number; b: number; c: number; d: number }

/** 'greater': positive association (a larger than chance); 'less': negative; 'two-sided': either. */
export type Alternative = 'greater' | 'less' | 'two-sided'

/**
 * Fisher's exact test on a 2x2 table: the p-value of the observed `a` under independence,
 * conditional on the margins (a is hypergeometric: a + b draws from N holding a + c
 * successes). Same definitions as R's `fisher.test` (the two-sided p-value sums all tables
 * no more likely than the observed one). Exact, accurate for N up to about 10^7, and fast:
 * the cost does not grow with N (see hypergeometric.ts).
 * @example fisherExact({ a: 3, b: 1, c: 1, d: 3 }, 'greater') // 17/70 = 0.242857…
 */
export function fisherExact(table: Table2x2, alternative: Alternative = 'two-sided'): number {
  const { a, b, c, d } = table
  for (const [name, v] of [['a', a], ['b', b], ['c', c], ['d', d]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`table cell ${name} must be a non-negative integer, got ${v}`)
  }
  const N = a + b + c + d
  const draws = a + b
  const successes = a + c
  switch (alternative) {
    case 'greater': return hypergeometricUpperTail(a, successes, draws, N)
    case 'less': return hypergeometricLowerTail(a, successes, draws, N)
    case 'two-sided': return hypergeometricTwoSided(a, successes, draws, N)
  }
}
