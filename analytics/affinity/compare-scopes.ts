import { liftRatioInterval } from '../stats/index.js'
import type { Rule } from './types.js'

export type ScopeLevel = 'store' | 'region' | 'chain'

/**
 * The rules of one scope (a store, a region, the chain) and its basket count. Rules carry
 * the counts of their own itemsets; `countItemset` (e.g. createItemsetCounter(baskets), or a
 * lookup in counts the caller has) supplies the others, needed when a rule of another scope
 * is not among this scope's rules.
 */
export type Scope = {
  level: ScopeLevel
  basketCount: number
  rules: readonly Rule[]
  countItemset?: (items: readonly number[]) => number
}

/** A rule's figures in one scope, with the baskets behind them. */
export type ScopeFigures = {
  level: ScopeLevel
  /** True for a baseline whose figures leave out the local scope's baskets (baselineIncludesLocal). */
  excludesLocal: boolean
  basketCount: number
  antecedentCount: number
  consequentCount: number
  count: number
  /** null without baskets holding the antecedent. */
  confidence: number | null
  /** null without baskets holding the antecedent or the consequent. */
  lift: number | null
}

export type ScopeVerdict = 'stronger' | 'weaker' | 'similar' | 'thin-data'

export type ScopeComparison = {
  antecedent: number[]
  consequent: number
  local: ScopeFigures
  /** The first baseline, the one compared against. */
  baseline: ScopeFigures
  /** lift(local) / lift(baseline), with its confidence interval; Haldane-corrected when a count is 0. */
  liftRatio: number | null
  lower: number | null
  upper: number | null
  verdict: ScopeVerdict
  /** Whose figures the advice rests on: the local scope, or a baseline when the local data is thin. */
  source: ScopeLevel
  advice: ScopeFigures
  /** One sentence saying what was compared, the verdict, and any fallback, with basket counts. */
  note: string
}

export type CompareScopesOptions = {
  /** Whether the first baseline's baskets include the local ones (a chain includes its stores). If so, the comparison is against the rest of the baseline, so the two samples are independent. */
  baselineIncludesLocal: boolean
  /** Confidence level of the interval (default 0.95). */
  level?: number
  /** Fewer baskets than this holding the antecedent make a scope's figures thin (default 30). */
  minAntecedentBaskets?: number
  /** An interval with upper / lower above this is too wide to act on (default 4: the ratio known within a factor of 2). */
  maxIntervalRatio?: number
  /** A ratio must reach this (or 1 / this) as well as exclude 1 to count as stronger (weaker). Default 1.2. */
  minRatio?: number
}

type Counts = { count: number; antecedentCount: number; consequentCount: number; basketCount: number }

const keyOf = (items: readonly number[]) => items.join(',')
const VERDICT_ORDER: Record<ScopeVerdict, number> = { stronger: 0, weaker: 1, similar: 2, 'thin-data': 3 }

// Counts of itemsets in one scope: from its rules first, then its countItemset (cached).
function createCounter(scope: Scope): (items: readonly number[]) => number {
  const known = new Map<string, number>()
  for (const r of scope.rules) {
    const a = [...r.antecedent].sort((x, y) => x - y)
    known.set(keyOf(a), r.antecedentCount)
    known.set(keyOf([r.consequent]), r.consequentCount)
    known.set(keyOf([...a, r.consequent].sort((x, y) => x - y)), r.count)
  }
  return (items) => {
    const key = keyOf(items)
    let n = known.get(key)
    if (n === undefined) {
      if (!scope.countItemset) throw new RangeError(`the ${scope.level} scope has no count for itemset {${key}}: give it a countItemset`)
      n = scope.countItemset(items)
      known.set(key, n)
    }
    return n
  }
}

function figures(level: ScopeLevel, c: Counts, excludesLocal: boolean): ScopeFigures {
  const { count, antecedentCount, consequentCount, basketCount } = c
  return {
    level, excludesLocal, basketCount, antecedentCount, consequentCount, count,
    confidence: antecedentCount > 0 ? count / antecedentCount : null,
    lift: antecedentCount > 0 && consequentCount > 0 ? (count * basketCount) / (antecedentCount * consequentCount) : null,
  }
}

const fixed = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2))
const describeFigures = (f: ScopeFigures) =>
  `${f.level}${f.excludesLocal ? ' (without the local baskets)' : ''} lift ${fixed(f.lift)} (${f.count} of ${f.antecedentCount} baskets with the antecedent, ${f.basketCount} baskets)`

/**
 * Store against region or chain (or region against chain): for every rule found in any of
 * the scopes, the lift in the local scope and in the first baseline, their ratio with a
 * confidence interval (log scale, delta method: liftRatioInterval), and a verdict:
 * - 'stronger' / 'weaker': the interval excludes 1 and the ratio is at least `minRatio`
 *   (at most 1 / minRatio) — markedly, not merely measurably, different;
 * - 'similar': enough data, no such difference;
 * - 'thin-data': fewer than `minAntecedentBaskets` baskets with the antecedent in the local
 *   scope or the baseline, or an interval wider than `maxIntervalRatio`.
 * The advice rests on the local figures unless the data is thin; it then falls back to the
 * nearest baseline (in the order given, e.g. [region, chain]) with enough baskets, and the
 * note says so with the counts. Order: stronger, weaker, similar, thin-data; within each, the
 * largest |ln ratio| first, then by antecedent and consequent ids.
 * @example compareScopes(store, [region, chain], { baselineIncludesLocal: true })
 */
export function compareScopes(local: Scope, baselines: readonly Scope[], options: CompareScopesOptions): ScopeComparison[] {
  const { baselineIncludesLocal, level = 0.95, minAntecedentBaskets = 30, maxIntervalRatio = 4, minRatio = 1.2 } = options
  if (baselines.length === 0) throw new RangeError('compareScopes needs at least one baseline scope')
  for (const s of [local, ...baselines]) {
    if (!(Number.isSafeInteger(s.basketCount) && s.basketCount > 0)) throw new RangeError(`the ${s.level} scope needs a positive basket count, got ${s.basketCount}`)
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`)
  if (!(maxIntervalRatio > 1) || !(minRatio >= 1)) throw new RangeError('maxIntervalRatio must be > 1 and minRatio >= 1')
  const percent = `${Math.round(level * 1000) / 10}%`
  const scopes = [local, ...baselines]
  const counters = scopes.map(createCounter)

  // Every rule of every scope, once, keyed by antecedent and consequent.
  const rules = new Map<string, { antecedent: number[]; consequent: number }>()
  for (const s of scopes) {
    for (const r of s.rules) {
      const antecedent = [...r.antecedent].sort((x, y) => x - y)
      const key = `${keyOf(antecedent)}>${r.consequent}`
      if (!rules.has(key)) rules.set(key, { antecedent, consequent: r.consequent })
    }
  }

  const out: ScopeComparison[] = []
  for (const { antecedent, consequent } of rules.values()) {
    const all = [...antecedent, consequent].sort((x, y) => x - y)
    const counts: Counts[] = scopes.map((s, i) => ({
      count: counters[i]!(all),
      antecedentCount: counters[i]!(antecedent),
      consequentCount: counters[i]!([consequent]),
      basketCount: s.basketCount,
    }))
    const [localCounts, firstCounts] = [counts[0]!, counts[1]!]
    const compared = baselineIncludesLocal ? subtract(firstCounts, localCounts, baselines[0]!.level, local.level) : firstCounts
    const localFigures = figures(local.level, localCounts, false)
    const baseline = figures(baselines[0]!.level, compared, baselineIncludesLocal)

    const interval = localCounts.antecedentCount > 0 && localCounts.consequentCount > 0 && compared.antecedentCount > 0 && compared.consequentCount > 0
      ? liftRatioInterval(localCounts, compared, { level })
      : null
    const thin: string[] = []
    for (const f of [localFigures, baseline]) {
      if (f.antecedentCount < minAntecedentBaskets) {
        thin.push(`${f.level}${f.excludesLocal ? ' without the local baskets' : ''} has ${f.antecedentCount} baskets with the antecedent (fewer than ${minAntecedentBaskets})`)
      }
    }
    if (interval === null) thin.push('a lift needs baskets with the antecedent and the consequent in both scopes')
    else if (interval.upper / interval.lower > maxIntervalRatio) {
      thin.push(`the ${percent} interval of the ratio, ${fixed(interval.lower)}–${fixed(interval.upper)}, is wider than a factor of ${maxIntervalRatio}`)
    }
    const verdict: ScopeVerdict =
      thin.length > 0 ? 'thin-data'
      : interval!.lower > 1 && interval!.ratio >= minRatio ? 'stronger'
      : interval!.upper < 1 && interval!.ratio <= 1 / minRatio ? 'weaker'
      : 'similar'

    // Advice: local figures unless thin; then the nearest baseline with enough baskets, or
    // failing that the best-supported scope of all.
    let sourceIndex = 0
    if (verdict === 'thin-data') {
      const enough = counts.findIndex((c, i) => i > 0 && c.antecedentCount >= minAntecedentBaskets)
      sourceIndex = enough >= 0 ? enough : counts.reduce((best, c, i) => (c.antecedentCount > counts[best]!.antecedentCount ? i : best), 0)
    }
    const advice = figures(scopes[sourceIndex]!.level, counts[sourceIndex]!, false)
    const comparison = `${describeFigures(localFigures)} against ${describeFigures(baseline)}`
    const note = verdict === 'thin-data'
      ? `thin data: ${thin.join('; ')}. Advice uses ${describeFigures(advice)}${advice.antecedentCount < minAntecedentBaskets ? `, itself fewer than ${minAntecedentBaskets}: indicative only` : ''}.`
      : `${verdict}: ${comparison}; ratio ${fixed(interval!.ratio)} (${percent} CI ${fixed(interval!.lower)}–${fixed(interval!.upper)}).`

    out.push({
      antecedent, consequent, local: localFigures, baseline,
      liftRatio: interval?.ratio ?? null, lower: interval?.lower ?? null, upper: interval?.upper ?? null,
      verdict, source: advice.level, advice, note,
    })
  }

  const strength = (c: ScopeComparison) => (c.liftRatio === null ? -1 : Math.abs(Math.log(c.liftRatio)))
  return out.sort((x, y) =>
    VERDICT_ORDER[x.verdict] - VERDICT_ORDER[y.verdict] || strength(y) - strength(x) || compareIds(x.antecedent, y.antecedent) || x.consequent - y.consequent)
}

// The baseline without the local baskets: counts are additive over disjoint sets of baskets.
function subtract(baseline: Counts, local: Counts, baselineLevel: ScopeLevel, localLevel: ScopeLevel): Counts {
  const rest = {
    count: baseline.count - local.count,
    antecedentCount: baseline.antecedentCount - local.antecedentCount,
    consequentCount: baseline.consequentCount - local.consequentCount,
    basketCount: baseline.basketCount - local.basketCount,
  }
  if (rest.count < 0 || rest.antecedentCount < 0 || rest.consequentCount < 0 || rest.basketCount <= 0) {
    throw new RangeError(`the ${baselineLevel} counts are smaller than the ${localLevel}'s: its baskets do not include the local ones (set baselineIncludesLocal: false)`)
  }
  return rest
}

function compareIds(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return x.length - y.length
}
