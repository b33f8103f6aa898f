import type { Sql } from '../../api/db/create-database.js'
import type { ScopeResult } from './analyse-scopes.js'
import type { Level } from './basket-source.repo.js'

const CHUNK = 10_000
const space = (ids: readonly number[]) => ids.join(' ')
const finite = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : x)

/**
 * Writes one scope's results of a run, its items translated to the level's own ids (`ids`: dense
 * → product_id, category_id, ...). Called inside the run's one transaction, so a run's results
 * appear whole or not at all.
 */
export async function saveScopeResult(tx: Sql, runId: number, level: Level, r: ScopeResult, ids: Int32Array): Promise<void> {
  const ext = (xs: readonly number[]) => xs.map((x) => ids[x]!)
  await tx`
    insert into affinity_scopes (run_id, scope, level, basket_count, itemset_count, rules_tested, rule_count, min_count, baseline_scope, baseline_basket_count)
    values (${runId}, ${r.key}, ${level}, ${r.basketCount}, ${r.itemsetCount}, ${r.rulesTested}, ${r.rules.length}, ${r.minCount}, ${r.baseline?.key ?? null}, ${r.baseline?.basketCount ?? null})`
  for (let start = 0; start < r.rules.length; start += CHUNK) {
    const rules = r.rules.slice(start, start + CHUNK)
    const col = <T>(f: (x: (typeof rules)[number], i: number) => T) => rules.map(f)
    await tx`
      insert into affinity_rules (run_id, scope, level, rule_no, antecedent, consequent, size, count, antecedent_count, consequent_count,
        support, confidence, lift, leverage, conviction, p_value, q_value)
      select ${runId}, ${r.key}, ${level}, t.rule_no, string_to_array(t.antecedent, ' ')::int[], t.consequent, t.size, t.count, t.antecedent_count, t.consequent_count,
        t.support, t.confidence, t.lift, t.leverage, t.conviction, t.p_value, t.q_value
      from unnest(${col((_, i) => start + i + 1)}::int[], ${col((x) => space(ext(x.antecedent)))}::text[], ${col((x) => ids[x.consequent]!)}::int[],
        ${col((x) => x.antecedent.length + 1)}::int[], ${col((x) => x.count)}::int[], ${col((x) => x.antecedentCount)}::int[], ${col((x) => x.consequentCount)}::int[],
        ${col((x) => x.support)}::float8[], ${col((x) => x.confidence)}::float8[], ${col((x) => x.lift)}::float8[], ${col((x) => x.leverage)}::float8[],
        ${col((x) => finite(x.conviction))}::float8[], ${col((x) => finite(x.pValue))}::float8[], ${col((x) => finite(x.qValue))}::float8[])
        as t (rule_no, antecedent, consequent, size, count, antecedent_count, consequent_count, support, confidence, lift, leverage, conviction, p_value, q_value)`
  }
  for (let start = 0; start < r.comparisons.length; start += CHUNK) {
    const cs = r.comparisons.slice(start, start + CHUNK)
    const col = <T>(f: (x: (typeof cs)[number], i: number) => T) => cs.map(f)
    await tx`
      insert into affinity_comparisons (run_id, scope, level, comparison_no, antecedent, consequent,
        local_basket_count, local_antecedent_count, local_count, local_lift,
        baseline_scope, baseline_basket_count, baseline_antecedent_count, baseline_count, baseline_lift,
        lift_ratio, lift_ratio_low, lift_ratio_high, verdict, advice_source, advice_lift, note)
      select ${runId}, ${r.key}, ${level}, t.no, string_to_array(t.antecedent, ' ')::int[], t.consequent,
        t.lb, t.la, t.lc, t.ll, ${r.baseline!.key}, t.bb, t.ba, t.bc, t.bl, t.ratio, t.lo, t.hi, t.verdict, t.source, t.al, t.note
      from unnest(${col((_, i) => start + i + 1)}::int[], ${col((x) => space(ext(x.antecedent)))}::text[], ${col((x) => ids[x.consequent]!)}::int[],
        ${col((x) => x.local.basketCount)}::int[], ${col((x) => x.local.antecedentCount)}::int[], ${col((x) => x.local.count)}::int[], ${col((x) => finite(x.local.lift))}::float8[],
        ${col((x) => x.baseline.basketCount)}::int[], ${col((x) => x.baseline.antecedentCount)}::int[], ${col((x) => x.baseline.count)}::int[], ${col((x) => finite(x.baseline.lift))}::float8[],
        ${col((x) => finite(x.liftRatio))}::float8[], ${col((x) => finite(x.lower))}::float8[], ${col((x) => finite(x.upper))}::float8[],
        ${col((x) => x.verdict)}::text[], ${col((x) => x.source)}::text[], ${col((x) => finite(x.advice.lift))}::float8[], ${col((x) => x.note)}::text[])
        as t (no, antecedent, consequent, lb, la, lc, ll, bb, ba, bc, bl, ratio, lo, hi, verdict, source, al, note)`
  }
  if (r.substitutes.length) {
    const s = r.substitutes
    await tx`
      insert into affinity_substitutes (run_id, scope, level, item_a, item_b, count, expected, a_count, b_count, yule_q, lift, p_value, q_value)
      select ${runId}, ${r.key}, ${level}, least(t.a, t.b), greatest(t.a, t.b), t.count, t.expected, t.ac, t.bc, t.q, t.lift, t.p, t.qv
      from unnest(${s.map((x) => ids[x.a]!)}::int[], ${s.map((x) => ids[x.b]!)}::int[], ${s.map((x) => x.count)}::int[], ${s.map((x) => x.expected)}::float8[],
        ${s.map((x) => x.aCount)}::int[], ${s.map((x) => x.bCount)}::int[], ${s.map((x) => x.yuleQ)}::float8[], ${s.map((x) => x.lift)}::float8[],
        ${s.map((x) => x.pValue)}::float8[], ${s.map((x) => x.qValue)}::float8[])
        as t (a, b, count, expected, ac, bc, q, lift, p, qv)`
  }
}

export type ScopeRow = { scope: string; level: Level; basketCount: number; itemsetCount: number; rulesTested: number; ruleCount: number; minCount: number; baselineScope: string | null; baselineBasketCount: number | null }

export const listScopes = (sql: Sql, runId: number) => sql<ScopeRow[]>`
  select scope, level, basket_count, itemset_count, rules_tested, rule_count, min_count, baseline_scope, baseline_basket_count
  from affinity_scopes where run_id = ${runId} order by level, scope <> 'chain', scope`

export type RuleRow = {
  ruleNo: number; antecedent: number[]; consequent: number; size: number; count: number; antecedentCount: number; consequentCount: number
  support: number; confidence: number; lift: number; leverage: number; conviction: number | null; pValue: number | null; qValue: number | null
}

export const RULE_SORTS = ['lift', 'confidence', 'support', 'leverage', 'conviction', 'count', 'pValue', 'qValue'] as const
export type RuleSort = (typeof RULE_SORTS)[number]
const SORT_COLUMN: Record<RuleSort, string> = { lift: 'lift', confidence: 'confidence', support: 'support', leverage: 'leverage', conviction: 'conviction', count: 'count', pValue: 'p_value', qValue: 'q_value' }

export type RuleQuery = {
  scope: string
  level: Level
  /** Rules mentioning any of these items (level ids), where `itemIn` says. */
  items?: number[] | undefined
  itemIn?: 'either' | 'antecedent' | 'consequent' | undefined
  /** Only rules whose antecedent is exactly these items (ascending). */
  antecedentIs?: number[] | undefined
  consequentIs?: number | undefined
  /** Only rules whose antecedent lies within these items (basket completion). */
  antecedentWithin?: number[] | undefined
  minLift?: number | undefined
  minConfidence?: number | undefined
  /** Only rules of at most this many items (2: pairs). */
  maxSize?: number | undefined
  sort: RuleSort
  order: 'asc' | 'desc'
  limit: number
  offset: number
}

/** A page of a run's rules in one scope and level, filtered and sorted by any measure (nulls last; rule_no breaks ties). */
export function findRules(sql: Sql, runId: number, q: RuleQuery) {
  const items = q.items ?? null
  const col = sql(SORT_COLUMN[q.sort])
  const dir = q.order === 'asc' ? sql`asc` : sql`desc`
  return sql<RuleRow[]>`
    select rule_no, antecedent, consequent, size, count, antecedent_count, consequent_count, support, confidence, lift, leverage, conviction, p_value, q_value
    from affinity_rules
    where run_id = ${runId} and scope = ${q.scope} and level = ${q.level}
      and (${items}::int[] is null or (
        case ${q.itemIn ?? 'either'}
          when 'antecedent' then antecedent && ${items}::int[]
          when 'consequent' then consequent = any(${items}::int[])
          else antecedent && ${items}::int[] or consequent = any(${items}::int[]) end))
      and (${q.antecedentIs ?? null}::int[] is null or antecedent = ${q.antecedentIs ?? null}::int[])
      and (${q.consequentIs ?? null}::int is null or consequent = ${q.consequentIs ?? null}::int)
      and (${q.antecedentWithin ?? null}::int[] is null or (antecedent <@ ${q.antecedentWithin ?? null}::int[] and consequent <> all(${q.antecedentWithin ?? null}::int[])))
      and (${q.minLift ?? null}::float8 is null or lift >= ${q.minLift ?? null}::float8)
      and (${q.minConfidence ?? null}::float8 is null or confidence >= ${q.minConfidence ?? null}::float8)
      and (${q.maxSize ?? null}::int is null or size <= ${q.maxSize ?? null}::int)
    order by ${col} ${dir} nulls last, rule_no
    limit ${q.limit} offset ${q.offset}`
}

export type ComparisonRow = {
  comparisonNo: number; antecedent: number[]; consequent: number
  localBasketCount: number; localAntecedentCount: number; localCount: number; localLift: number | null
  baselineScope: string; baselineBasketCount: number; baselineAntecedentCount: number; baselineCount: number; baselineLift: number | null
  liftRatio: number | null; liftRatioLow: number | null; liftRatioHigh: number | null; verdict: string; adviceSource: string; adviceLift: number | null; note: string
}

export const findComparisons = (
  sql: Sql,
  runId: number,
  q: { scope: string; level: Level; verdict?: string | undefined; antecedentIs?: number[] | undefined; consequentIs?: number | undefined; limit: number; offset: number },
) => sql<ComparisonRow[]>`
  select comparison_no, antecedent, consequent, local_basket_count, local_antecedent_count, local_count, local_lift,
    baseline_scope, baseline_basket_count, baseline_antecedent_count, baseline_count, baseline_lift,
    lift_ratio, lift_ratio_low, lift_ratio_high, verdict, advice_source, advice_lift, note
  from affinity_comparisons
  where run_id = ${runId} and scope = ${q.scope} and level = ${q.level} and (${q.verdict ?? null}::text is null or verdict = ${q.verdict ?? null}::text)
    and (${q.antecedentIs ?? null}::int[] is null or antecedent = ${q.antecedentIs ?? null}::int[])
    and (${q.consequentIs ?? null}::int is null or consequent = ${q.consequentIs ?? null}::int)
  order by comparison_no limit ${q.limit} offset ${q.offset}`

export type SubstituteRow = { itemA: number; itemB: number; count: number; expected: number; aCount: number; bCount: number; yuleQ: number; lift: number; pValue: number; qValue: number }

export const findSubstituteRows = (sql: Sql, runId: number, q: { scope: string; level: Level; limit: number; offset: number }) => sql<SubstituteRow[]>`
  select item_a, item_b, count, expected, a_count, b_count, yule_q, lift, p_value, q_value
  from affinity_substitutes where run_id = ${runId} and scope = ${q.scope} and level = ${q.level}
  order by yule_q, item_a, item_b limit ${q.limit} offset ${q.offset}`

export type ItemLabel = { id: number; code: string; name: string }

/** Codes and names of items of a level, by their ids. */
export function labelItems(sql: Sql, level: Level, ids: number[]) {
  const unique = [...new Set(ids)]
  switch (level) {
    case 'sku':
      return sql<ItemLabel[]>`select product_id as id, sku as code, name from products where product_id = any(${unique}::int[])`
    case 'subcategory':
      return sql<ItemLabel[]>`select subcategory_id as id, code, name from subcategories where subcategory_id = any(${unique}::int[])`
    case 'category':
      return sql<ItemLabel[]>`select category_id as id, code, name from categories where category_id = any(${unique}::int[])`
    case 'department':
      return sql<ItemLabel[]>`select department_id as id, code, name from departments where department_id = any(${unique}::int[])`
  }
}

/**
 * The items of a level that an item or category code names: the item itself at its own level,
 * or every item of the level inside a category (SKUs or subcategories of a category). Empty when
 * the code names nothing at this level.
 */
export async function resolveItemCodes(sql: Sql, level: Level, codes: string[]): Promise<{ code: string; ids: number[] }[]> {
  const rows = await sql<{ code: string; ids: number[] }[]>`
    select c.code, coalesce((
      case ${level}
        when 'sku' then (select array_agg(p.product_id order by p.product_id) from products p
                         left join subcategories s using (subcategory_id) left join categories k using (category_id)
                         where p.sku = c.code or k.code = c.code or s.code = c.code)
        when 'subcategory' then (select array_agg(s.subcategory_id order by s.subcategory_id) from subcategories s
                         left join categories k using (category_id) where s.code = c.code or k.code = c.code)
        when 'category' then (select array_agg(k.category_id order by k.category_id) from categories k where k.code = c.code)
        else (select array_agg(d.department_id order by d.department_id) from departments d where d.code = c.code)
      end), '{}') as ids
    from unnest(${codes}::text[]) as c (code)`
  return rows
}
