import type { Sql } from '../../api/db/create-database.js'
import type { CustomerAnalysis } from './analyse-customers.js'
import { dateOf, type CustomerData } from './customer-source.repo.js'
import { RFM_SEGMENTS } from './score-rfm.js'
import { AT_RISK_REASONS, UNPROFITABLE_REASONS } from './select-customers.js'

const CHUNK = 10_000
const num = (x: number) => (Number.isFinite(x) ? x : null)

/** Writes a run's results; called inside the run's one transaction, so they appear whole or not at all. */
export async function saveCustomerAnalysis(tx: Sql, runId: number, data: CustomerData, a: CustomerAnalysis): Promise<{ cells: number; customers: number }> {
  const first = a.demographics.filter((d) => d.level === a.demographics[0]!.level)
  for (const s of a.scopes) {
    const customers = first.find((d) => d.scope === s.key)!.cells.scopeCustomers
    await tx`insert into customer_analysis_scopes (run_id, scope, kind, label, store_ids, customers)
      values (${runId}, ${s.key}, ${s.kind}, ${s.label}, ${s.storeIds}::int[], ${customers})`
  }
  let cellCount = 0
  for (const d of a.demographics) {
    const c = d.cells
    const rows: number[] = []
    for (let g = 0; g < c.segments.length; g++) {
      if (c.customers[g] === 0) continue
      for (let j = 0; j < c.itemCount; j++) {
        const cell = g * c.itemCount + j
        if (c.buyers[cell]! > 0 || c.flag[cell] !== 0) rows.push(cell)
      }
    }
    cellCount += rows.length
    for (let start = 0; start < rows.length; start += CHUNK) {
      const part = rows.slice(start, start + CHUNK)
      const col = <T>(f: (cell: number, g: number, j: number) => T) => part.map((cell) => f(cell, Math.floor(cell / c.itemCount), cell % c.itemCount))
      await tx`
        insert into customer_demographic_cells (run_id, scope, level, attribute, value, item_code, item_name, customers, segment_spend_cents, buyers, spend_cents,
          penetration, spend_share, spend_per_customer, index, spend_index, p_value, q_value, spend_p_value, spend_q_value, flag)
        select ${runId}, ${d.scope}, ${d.level}, t.attribute, t.value, t.item_code, t.item_name, t.customers, t.segment_spend, t.buyers, t.spend,
          t.buyers::float8 / t.customers, case when t.segment_spend > 0 then t.spend::float8 / t.segment_spend end, t.spend::float8 / t.customers,
          t.index, t.spend_index, t.p, t.q, t.sp, t.sq, t.flag
        from unnest(${col((_, g) => c.segments[g]!.attribute)}::text[], ${col((_, g) => c.segments[g]!.value)}::text[], ${col((_, __, j) => d.itemCodes[j]!)}::text[],
          ${col((_, __, j) => d.itemNames[j]!)}::text[], ${col((_, g) => c.customers[g]!)}::int[], ${col((_, g) => Math.round(c.spendCents[g]!))}::bigint[],
          ${col((cell) => c.buyers[cell]!)}::int[], ${col((cell) => Math.round(c.spend[cell]!))}::bigint[], ${col((cell) => num(c.index[cell]!))}::float8[],
          ${col((cell) => num(c.spendIndex[cell]!))}::float8[], ${col((cell) => num(c.p[cell]!))}::float8[], ${col((cell) => num(c.q[cell]!))}::float8[],
          ${col((cell) => num(c.spendP[cell]!))}::float8[], ${col((cell) => num(c.spendQ[cell]!))}::float8[], ${col((cell) => c.flag[cell]!)}::int2[])
          as t (attribute, value, item_code, item_name, customers, segment_spend, buyers, spend, index, spend_index, p, q, sp, sq, flag)`
    }
  }

  const p = a.storeProfiles
  const stores = a.scopes.filter((s) => s.kind === 'store')
  const mixStart = p.featureNames.findIndex((n) => n.startsWith('mix:'))
  for (const [i, s] of stores.entries()) {
    const mix = p.featureNames.slice(mixStart).map((n, k) => ({ department: n.slice(4), share: p.featureValues[i * p.featureNames.length + mixStart + k]! }))
    const demographics = a.storeDemographics.find((x) => x.storeKey === s.key)!.rows.map((r) => ({ attribute: r.attribute, value: r.value, customers: r.customers, share: r.share, chainShare: r.chainShare, index: num(r.index), pValue: r.p, qValue: r.q, flag: r.flag }))
    const similar = p.similar.find((x) => x.key === s.key)?.neighbours.map((n) => ({ scope: n.key, distance: n.distance })) ?? []
    const distinctive = p.distinctive.find((x) => x.key === s.key)?.features.map((f) => ({ feature: f.name, z: f.z })) ?? []
    await tx`insert into customer_store_profiles (run_id, scope, cluster, similar_stores, distinctive, demographics, sales_mix)
      values (${runId}, ${s.key}, ${p.assignment[i]!}, ${tx.json(similar)}, ${tx.json(distinctive)}, ${tx.json(demographics)}, ${tx.json(mix)})`
  }

  // Segment summaries.
  const b = data.behaviour
  const sums = (member: (c: number) => boolean) => {
    let n = 0, spend = 0, margin = 0
    for (const c of a.customers) if (member(c)) (n++, (spend += b.spendCents[c]!), (margin += b.marginCents[c]!))
    return { n, spend: Math.round(spend), margin: Math.round(margin) }
  }
  const segmentRows: { kind: string; segment: string; label: string; n: number; spend: number; margin: number; profile: object }[] = []
  for (const prof of a.segments.profiles) {
    const s = sums((c) => a.segments.assignment[c] === prof.cluster)
    segmentRows.push({ kind: 'behaviour', segment: String(prof.cluster), label: prof.label, ...s, profile: { description: prof.description, share: prof.share, means: prof.means, zScores: prof.zScores, silhouetteByK: a.segments.byK, k: a.segments.k } })
  }
  RFM_SEGMENTS.forEach((seg, i) => {
    const s = sums((c) => a.rfm.segment[c] === i + 1)
    segmentRows.push({ kind: 'rfm', segment: seg.name, label: seg.name, ...s, profile: { description: seg.description } })
  })
  for (let d = 1; d <= 10; d++) {
    const s = sums((c) => a.tiers.decile[c] === d)
    segmentRows.push({ kind: 'tier', segment: `decile ${d}`, label: d === 10 ? 'Decile 10 (most profitable)' : d === 1 ? 'Decile 1 (least profitable)' : `Decile ${d}`, ...s, profile: { decile: d, lowerBoundCents: d > 1 ? num(a.tiers.cutoffs[d - 2] ?? NaN) : null } })
  }
  const neg = sums((c) => a.tiers.negative[c] === 1)
  segmentRows.push({ kind: 'tier', segment: 'negative', label: 'Negative margin', ...neg, profile: { description: 'Customers whose purchases cost more than they brought in' } })
  for (const r of segmentRows) {
    await tx`insert into customer_segments (run_id, kind, segment, label, customers, spend_cents, margin_cents, profile)
      values (${runId}, ${r.kind}, ${r.segment}, ${r.label}, ${r.n}, ${r.spend}, ${r.margin}, ${tx.json(r.profile as never)})`
  }

  // Individual results.
  const ids = Array.from(a.customers)
  for (let start = 0; start < ids.length; start += CHUNK) {
    const part = ids.slice(start, start + CHUNK)
    const col = <T>(f: (c: number) => T) => part.map(f)
    const day = (c: number, k: 0 | 1) => dateOf(b.visitDays[k === 0 ? b.visitOffsets[c]! : b.visitOffsets[c + 1]! - 1]!)
    await tx`
      insert into customer_scores (run_id, customer_id, visits, first_visit, last_visit, spend_cents, margin_cents, promo_share, recency_days, r, f, m,
        rfm_segment, margin_decile, negative_margin, behaviour_segment, usual_gap_days, lapse_p, lapsed, drifted_on, at_risk, at_risk_reason, unprofitable, unprofitable_reason)
      select ${runId}, t.id, t.visits, t.first_visit, t.last_visit, t.spend, t.margin, t.promo_share, t.recency, t.r, t.f, t.m, t.rfm, t.decile, t.negative <> 0,
        t.segment, t.usual_gap, t.lapse_p, t.lapsed <> 0, t.drifted_on, t.at_risk <> 0, t.at_risk_reason, t.unprofitable <> 0, t.unprofitable_reason
      from unnest(${col((c) => data.customerIds[c]!)}::bigint[], ${col((c) => b.visits[c]!)}::int[], ${col((c) => day(c, 0))}::date[], ${col((c) => day(c, 1))}::date[],
        ${col((c) => Math.round(b.spendCents[c]!))}::bigint[], ${col((c) => Math.round(b.marginCents[c]!))}::bigint[], ${col((c) => (b.lines[c] ? b.promoLines[c]! / b.lines[c]! : 0))}::float8[],
        ${col((c) => data.window.asOfDay - b.visitDays[b.visitOffsets[c + 1]! - 1]!)}::int[], ${col((c) => a.rfm.r[c]!)}::int2[], ${col((c) => a.rfm.f[c]!)}::int2[], ${col((c) => a.rfm.m[c]!)}::int2[],
        ${col((c) => RFM_SEGMENTS[a.rfm.segment[c]! - 1]!.name)}::text[], ${col((c) => a.tiers.decile[c]!)}::int2[], ${col((c) => a.tiers.negative[c]!)}::int2[],
        ${col((c) => a.segments.assignment[c]!)}::int[], ${col((c) => num(a.lapses.usualGap[c]!))}::float8[], ${col((c) => num(a.lapses.pValue[c]!))}::float8[],
        ${col((c) => a.lapses.lapsed[c]!)}::int2[], ${col((c) => (a.lapses.lapsed[c] ? dateOf(a.lapses.driftedDay[c]!) : null))}::date[],
        ${col((c) => a.atRisk.selected[c]!)}::int2[], ${col((c) => (a.atRisk.selected[c] ? AT_RISK_REASONS[a.atRisk.reason[c]! - 1] ?? null : null))}::text[],
        ${col((c) => a.unprofitable.selected[c]!)}::int2[], ${col((c) => (a.unprofitable.selected[c] ? UNPROFITABLE_REASONS[a.unprofitable.reason[c]! - 1] ?? null : null))}::text[])
        as t (id, visits, first_visit, last_visit, spend, margin, promo_share, recency, r, f, m, rfm, decile, negative, segment, usual_gap, lapse_p, lapsed, drifted_on,
          at_risk, at_risk_reason, unprofitable, unprofitable_reason)`
  }
  return { cells: cellCount, customers: ids.length }
}
