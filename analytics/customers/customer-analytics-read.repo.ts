import type { Sql } from '../../api/db/create-database.js'

export type CustomerScopeRow = { scope: string; kind: 'chain' | 'region' | 'store'; label: string; storeIds: number[]; customers: number }

export async function listCustomerScopes(sql: Sql, runId: number): Promise<CustomerScopeRow[]> {
  return sql<CustomerScopeRow[]>`
    select scope, kind, label, store_ids, customers from customer_analysis_scopes where run_id = ${runId}
    order by case kind when 'chain' then 0 when 'region' then 1 else 2 end, scope`
}

export type CellRow = {
  attribute: string; value: string; itemCode: string; itemName: string; customers: number; buyers: number; penetration: number; spendShare: number | null
  spendPerCustomer: number; index: number | null; spendIndex: number | null; pValue: number | null; qValue: number | null; spendPValue: number | null; spendQValue: number | null; flag: number
}

export async function findCells(sql: Sql, runId: number, f: { scope: string; level: string; attribute?: string | undefined; item?: string | undefined; flagged?: 'over' | 'under' | 'any' | undefined; limit: number; offset: number }): Promise<CellRow[]> {
  const flags = f.flagged === 'over' ? [1] : f.flagged === 'under' ? [-1] : f.flagged === 'any' ? [1, -1] : null
  return sql<CellRow[]>`
    select attribute, value, item_code, item_name, customers, buyers, penetration, spend_share, spend_per_customer, index, spend_index, p_value, q_value, spend_p_value, spend_q_value, flag
    from customer_demographic_cells
    where run_id = ${runId} and scope = ${f.scope} and level = ${f.level}
      and (${f.attribute ?? null}::text is null or attribute = ${f.attribute ?? null})
      and (${f.item ?? null}::text is null or item_code = ${f.item ?? null})
      and (${flags}::int2[] is null or flag = any(${flags}::int2[]))
    order by attribute, value, item_code
    limit ${f.limit} offset ${f.offset}`
}

export type StoreProfileRow = {
  scope: string; cluster: number; similar: { scope: string; distance: number }[]; distinctive: { feature: string; z: number }[]
  demographics: { attribute: string; value: string; customers: number; share: number; chainShare: number; index: number | null; pValue: number; qValue: number; flag: number }[]
  salesMix: { department: string; share: number }[]
}

export async function findStoreProfiles(sql: Sql, runId: number, scope?: string): Promise<StoreProfileRow[]> {
  return sql<StoreProfileRow[]>`
    select scope, cluster, similar_stores as similar, distinctive, demographics, sales_mix from customer_store_profiles
    where run_id = ${runId} and (${scope ?? null}::text is null or scope = ${scope ?? null}) order by scope`
}

export type SegmentRow = { kind: 'behaviour' | 'rfm' | 'tier'; segment: string; label: string; customers: number; spendCents: number; marginCents: number; profile: Record<string, unknown> }

export async function findSegments(sql: Sql, runId: number, kind?: string): Promise<SegmentRow[]> {
  return sql<SegmentRow[]>`
    select kind, segment, label, customers, spend_cents::float8 as spend_cents, margin_cents::float8 as margin_cents, profile from customer_segments
    where run_id = ${runId} and (${kind ?? null}::text is null or kind = ${kind ?? null})
    order by kind, case when segment ~ '^[0-9]+$' then lpad(segment, 4, '0') else segment end`
}

// Individual results are read only for customers who are active and allow profiling now: a
// later objection or erasure takes them out of every stored run at once.
const consenting = `join customers cu on cu.customer_id = s.customer_id and cu.status = 'active'
    join customer_permissions cp on cp.customer_id = s.customer_id and cp.profiling`

export async function findScores(sql: Sql, runId: number, f: { selection?: string | undefined; rfmSegment?: string | undefined; behaviourSegment?: number | undefined; marginDecile?: number | undefined; limit: number; offset: number }) {
  return sql<{ customerRef: string; visits: number; firstVisit: string; lastVisit: string; spendCents: number; marginCents: number; promoShare: number; recencyDays: number; r: number; f: number; m: number; rfmSegment: string; marginDecile: number; negativeMargin: boolean; behaviourSegment: number; usualGapDays: number | null; lapsed: boolean; driftedOn: string | null; atRisk: boolean; atRiskReason: string | null; unprofitable: boolean; unprofitableReason: string | null }[]>`
    select cu.customer_ref, s.visits, s.first_visit::text, s.last_visit::text, s.spend_cents::float8 as spend_cents, s.margin_cents::float8 as margin_cents, s.promo_share, s.recency_days,
      s.r, s.f, s.m, s.rfm_segment, s.margin_decile, s.negative_margin, s.behaviour_segment, s.usual_gap_days, s.lapsed, s.drifted_on::text, s.at_risk, s.at_risk_reason, s.unprofitable, s.unprofitable_reason
    from customer_scores s ${sql.unsafe(consenting)}
    where s.run_id = ${runId}
      and (${f.selection ?? null}::text is null or (${f.selection ?? null} = 'lapsed' and s.lapsed) or (${f.selection ?? null} = 'unprofitable' and s.unprofitable) or (${f.selection ?? null} = 'at-risk' and s.at_risk))
      and (${f.rfmSegment ?? null}::text is null or s.rfm_segment = ${f.rfmSegment ?? null})
      and (${f.behaviourSegment ?? null}::int is null or s.behaviour_segment = ${f.behaviourSegment ?? null})
      and (${f.marginDecile ?? null}::int is null or s.margin_decile = ${f.marginDecile ?? null})
    order by s.customer_id
    limit ${f.limit} offset ${f.offset}`
}

/**
 * A selection for a mailing: one row per customer; contact columns of `channel` filled only
 * where the customer consented to marketing by that channel (empty otherwise, so the list still
 * counts them and a planner sees who cannot be reached).
 */
export async function selectionExport(sql: Sql, runId: number, selection: 'lapsed' | 'unprofitable' | 'at-risk', channel: 'postal_mail' | 'email' | 'none'): Promise<Record<string, string | number | null>[]> {
  const where = selection === 'lapsed' ? 's.lapsed' : selection === 'unprofitable' ? 's.unprofitable' : 's.at_risk'
  const reason = selection === 'lapsed' ? `'no visit since ' || s.last_visit` : selection === 'unprofitable' ? 's.unprofitable_reason' : 's.at_risk_reason'
  const ok = channel === 'postal_mail' ? 'cp.marketing_postal_mail' : channel === 'email' ? 'cp.marketing_email' : 'false'
  const contact =
    channel === 'postal_mail'
      ? ['given_name', 'family_name', 'address_line1', 'address_line2', 'postal_code', 'city', 'country']
      : channel === 'email'
        ? ['given_name', 'family_name', 'email']
        : []
  return sql.unsafe(`
    select cu.customer_ref, ${reason} as reason, s.visits, s.last_visit::text as last_visit, s.drifted_on::text as drifted_on, s.spend_cents, s.margin_cents,
      round(s.promo_share::numeric, 3)::float8 as promo_share, s.rfm_segment, s.margin_decile
      ${contact.map((col) => `, case when ${ok} then cc.${col} end as ${col}`).join('')}
    from customer_scores s ${consenting}
    left join customer_contacts cc on cc.customer_id = s.customer_id
    where s.run_id = $1 and ${where}
    order by cu.customer_ref`, [runId]) as unknown as Promise<Record<string, string | number | null>[]>
}
