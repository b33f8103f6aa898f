/**
 * The hypergeometric distribution, exact in log space and accurate for populations of
 * millions: X counts the successes in `draws` draws without replacement from a population of
 * `population` holding `successes` successes. Pure; no dependencies.
 *
 * The probability of one value uses Loader's saddle-point form (C. Loader, "Fast and accurate
 * computation of binomial probabilities", 2000), the algorithm behind R's dhyper: Stirling
 * remainders and a deviance term instead of differences of log-factorials, so no digits are
 * lost when log(N!) is of the order of 10^7 (a difference of lgamma values there keeps only
 * about 9 significant digits). Tails sum the term ratios outward from the observed value and
 * stop when a term no longer changes the sum, so a tail costs O(its length in standard
 * deviations), never O(N).
 */

const LN_2PI = Math.log(2 * Math.PI)
const EPSILON = Number.EPSILON

// ln(n!) − ln(√(2πn)·(n/e)^n) for n = 0..15, from exact sums of logs (error about 1e-14).
const STIRLERR_SMALL: readonly number[] = (() => {
  const table = [0]
  let logFactorial = 0
  for (let n = 1; n <= 15; n++) {
    logFactorial += Math.log(n)
    table.push(logFactorial - 0.5 * LN_2PI - (n + 0.5) * Math.log(n) + n)
  }
  return table
})()

/** Stirling's remainder ln(n!) − ln(√(2πn)(n/e)^n) for an integer n >= 0 (series past 15). */
function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_SMALL[n]!
  const S0 = 1 / 12, S1 = 1 / 360, S2 = 1 / 1260, S3 = 1 / 1680, S4 = 1 / 1188
  const nn = n * n
  if (n > 500) return (S0 - S1 / nn) / n
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
}

/** The deviance term x·ln(x/np) + np − x, by a series when x is close to np (no cancellation). */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np)
    let s = (x - np) * v
    let ej = 2 * x * v
    v *= v
    for (let j = 1; j < 1000; j++) {
      ej *= v
      const next = s + ej / (2 * j + 1)
      if (next === s) return next
      s = next
    }
    return s
  }
  return x * Math.log(x / np) + np - x
}

/** ln of the binomial probability of x in n trials, p + q = 1, in Loader's form. */
function logBinomialRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity
  if (q === 0) return x === n ? 0 : -Infinity
  if (x === 0) {
    if (n === 0) return 0
    return p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q)
  }
  if (x === n) return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p)
  if (x < 0 || x > n) return -Infinity
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q)
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n)
  return lc - 0.5 * lf
}

function checkParameters(successes: number, draws: number, population: number): void {
  for (const [name, v] of [['successes', successes], ['draws', draws], ['population', population]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`)
  }
  if (successes > population || draws > population) {
    throw new RangeError(`successes (${successes}) and draws (${draws}) must not exceed the population (${population})`)
  }
}

/** The smallest and largest values X can take. */
export function hypergeometricSupport(successes: number, draws: number, population: number): [lo: number, hi: number] {
  return [Math.max(0, draws - (population - successes)), Math.min(draws, successes)]
}

/**
 * ln P(X = x) for X ~ Hypergeometric(successes, draws, population); −Infinity outside the support.
 * Relative accuracy of the probability about 1e-13 for populations up to 10^7.
 * @example hypergeometricLogPmf(3, 4, 4, 8) // ln(16/70)
 */
export function hypergeometricLogPmf(x: number, successes: number, draws: number, population: number): number {
  checkParameters(successes, draws, population)
  return logPmf(x, successes, draws, population)
}

function logPmf(x: number, K: number, n: number, N: number): number {
  const [lo, hi] = hypergeometricSupport(K, n, N)
  if (!Number.isInteger(x) || x < lo || x > hi) return -Infinity
  if (n === 0 || n === N) return 0 // one possible value
  const p = n / N
  const q = (N - n) / N
  return logBinomialRaw(x, K, p, q) + logBinomialRaw(n - x, N - K, p, q) - logBinomialRaw(n, N, p, q)
}

// Σ_{k ≥ x} P(k) / P(x): ratios of consecutive terms, stopping once a term is below the
// rounding of the sum. Only ever called from the short side (x beyond the mean), where the
// terms fall off at least geometrically once past the mode.
function upperRatioSum(x: number, K: number, n: number, N: number): number {
  const hi = Math.min(n, K)
  let sum = 1
  let term = 1
  for (let k = x; k < hi; k++) {
    term *= ((K - k) * (n - k)) / ((k + 1) * (N - K - n + k + 1))
    sum += term
    if (term < sum * EPSILON) break
  }
  return sum
}

// Σ_{k ≤ x} P(k) / P(x), the mirror image of upperRatioSum.
function lowerRatioSum(x: number, K: number, n: number, N: number): number {
  const lo = Math.max(0, n - (N - K))
  let sum = 1
  let term = 1
  for (let k = x; k > lo; k--) {
    term *= (k * (N - K - n + k)) / ((K - k + 1) * (n - k + 1))
    sum += term
    if (term < sum * EPSILON) break
  }
  return sum
}

/** P(X >= x), computed from whichever side of the mean is the short tail. */
export function hypergeometricUpperTail(x: number, successes: number, draws: number, population: number): number {
  checkParameters(successes, draws, population)
  return upperTail(x, successes, draws, population)
}

/** P(X <= x), computed from whichever side of the mean is the short tail. */
export function hypergeometricLowerTail(x: number, successes: number, draws: number, population: number): number {
  checkParameters(successes, draws, population)
  return lowerTail(x, successes, draws, population)
}

function upperTail(x: number, K: number, n: number, N: number): number {
  const [lo, hi] = hypergeometricSupport(K, n, N)
  if (x <= lo) return 1
  if (x > hi) return 0
  // x above the mean n·K/N (exact in integers): sum outward from x; otherwise the complement
  // of the lower tail below x, which is then the short side.
  if (x * N > n * K) return Math.min(1, Math.exp(logPmf(x, K, n, N) + Math.log(upperRatioSum(x, K, n, N))))
  return Math.max(0, 1 - lowerTail(x - 1, K, n, N))
}

function lowerTail(x: number, K: number, n: number, N: number): number {
  const [lo, hi] = hypergeometricSupport(K, n, N)
  if (x < lo) return 0
  if (x >= hi) return 1
  if (x * N < n * K) return Math.min(1, Math.exp(logPmf(x, K, n, N) + Math.log(lowerRatioSum(x, K, n, N))))
  return Math.max(0, 1 - upperTail(x + 1, K, n, N))
}

/**
 * The two-sided p-value of Fisher's test as R's fisher.test defines it: the probability of
 * all values no more likely than x (within a relative 1e-7, R's tolerance for ties).
 * The two boundaries are found by bisection on each side of the mode (the distribution is
 * unimodal), so the cost is two short tails plus O(log N) probabilities.
 */
export function hypergeometricTwoSided(x: number, successes: number, draws: number, population: number): number {
  checkParameters(successes, draws, population)
  const K = successes, n = draws, N = population
  const [lo, hi] = hypergeometricSupport(K, n, N)
  if (!Number.isInteger(x) || x < lo || x > hi) return 0
  const threshold = logPmf(x, K, n, N) + Math.log1p(1e-7)
  const mode = Math.floor(((n + 1) * (K + 1)) / (N + 2))
  if (logPmf(mode, K, n, N) <= threshold) return 1
  // Largest k in [lo, mode) with P(k) <= threshold (P is non-decreasing there), or lo − 1.
  let a = lo - 1, b = mode
  while (b - a > 1) {
    const m = Math.floor((a + b) / 2)
    if (logPmf(m, K, n, N) <= threshold) a = m
    else b = m
  }
  const left = a
  // Smallest k in (mode, hi] with P(k) <= threshold (P is non-increasing there), or hi + 1.
  a = mode
  b = hi + 1
  while (b - a > 1) {
    const m = Math.floor((a + b) / 2)
    if (logPmf(m, K, n, N) <= threshold) b = m
    else a = m
  }
  const right = b
  return Math.min(1, lowerTail(left, K, n, N) + upperTail(right, K, n, N))
}
