import { benjaminiHochberg } from '../stats/benjamini-hochberg.js'
import { fisherExact } from '../stats/fisher-exact.js'
import { clusterCustomers, type CustomerSegments } from './cluster-customers.js'
import type { CustomerData, LevelTable } from './customer-source.repo.js'
import { demographicCells, tallyScope, type ScopeCells } from './demographic-cells.js'
import { detectLapse, type Lapses } from './detect-lapse.js'
import { profileStores, type StoreProfiles } from './profile-stores.js'
import { scoreRfm, type RfmScores } from './score-rfm.js'
import { selectAtRisk, selectUnprofitable, type Selection } from './select-customers.js'
import { tierMargin, type MarginTiers } from './tier-margin.js'
import type { Progress } from './types.js'

export const CUSTOMER_LEVELS = ['department', 'category', 'subcategory'] as const
export type CustomerLevel = (typeof CUSTOMER_LEVELS)[number]

export type AnalyseCustomersParams = {
  levels: CustomerLevel[]
  /** What a store's or region's index compares with: the chain's card holders, or the scope's own. */
  baseline: 'chain' | 'scope'
  fdr: number
  minIndex: number
  lapse: { minVisits: number; gapPercentile: number; fdr: number }
  clusters: { kMin: number; kMax: number; seed: number }
}

export type ScopeRef = { key: string; kind: 'chain' | 'region' | 'store'; label: string; storeIds: number[] }

/** A store's card holders against the chain's, per attribute value. */
export type DemographicProfileRow = { attribute: string; value: string; customers: number; share: number; chainShare: number; index: number; p: number; q: number; flag: number }

export type CustomerAnalysis = {
  scopes: ScopeRef[]
  demographics: { scope: string; level: CustomerLevel; itemCodes: string[]; itemNames: string[]; cells: ScopeCells }[]
  storeDemographics: { storeKey: string; rows: DemographicProfileRow[] }[]
  storeProfiles: StoreProfiles & { featureNames: string[]; featureValues: Float64Array }
  /** Individual results of customers who allow profiling and visited in the window (indexes into CustomerData). */
  customers: Int32Array
  rfm: RfmScores
  tiers: MarginTiers
  lapses: Lapses
  unprofitable: Selection
  atRisk: Selection
  segments: CustomerSegments
  features: { names: string[]; values: Float64Array }
}

/**
 * The whole customer analysis over extracted data: demographic patterns per scope and level,
 * store profiles and look-alikes, RFM, margin tiers, behavioural segments, lapsed, unprofitable
 * and at-risk selections. Pure (runs in a worker thread).
 */
export function analyseCustomers(data: CustomerData, params: AnalyseCustomersParams, report: (phase: string, done: number, total: number) => void = () => {}): CustomerAnalysis {
  const S = data.stores.length
  const b = data.behaviour
  const scopes = scopesOf(data)
  const mask = (ids: number[]) => Uint8Array.from(data.stores, (s) => (ids.includes(s.storeId) ? 1 : 0))
  const chainMask = new Uint8Array(S).fill(1)

  // Demographic patterns.
  const demographics: CustomerAnalysis['demographics'] = []
  const total = scopes.length * params.levels.length
  for (const level of params.levels) {
    const table: LevelTable = data.hierarchy[level]
    const input = { count: b.count, include: b.include, attributes: data.attributes, purchases: data.purchases, fromSubcategory: table.fromSubcategory, itemCount: table.codes.length }
    // The chain as a baseline of stores and regions: its customer–store pairs, tallied once per level.
    const chainPairs = params.baseline === 'chain' ? tallyScope(input, chainMask, true) : null
    for (const scope of scopes) {
      const baseline = scope.kind !== 'chain' ? chainPairs : null
      const cells = demographicCells(input, mask(scope.storeIds), baseline, { fdr: params.fdr, minIndex: params.minIndex })
      demographics.push({ scope: scope.key, level, itemCodes: table.codes, itemNames: table.names, cells })
      report('demographics', demographics.length, total)
    }
  }

  // Store profiles: the first level's cells give each scope's segment sizes.
  const storeDemographics = storeDemographicRows(scopes, demographics.filter((d) => d.level === params.levels[0]), params.fdr)
  const storeProfiles = profileStoresOf(data, scopes, storeDemographics, params.clusters.seed)
  report('store profiles', 1, 1)

  // Individual results: customers who allow profiling and visited.
  const include = new Uint8Array(b.count)
  for (let c = 0; c < b.count; c++) include[c] = b.include[c] && b.visits[c]! > 0 ? 1 : 0
  const recencyDays = new Float64Array(b.count)
  for (let c = 0; c < b.count; c++) {
    const end = b.visitOffsets[c + 1]!
    recencyDays[c] = end > b.visitOffsets[c]! ? data.window.asOfDay - b.visitDays[end - 1]! : NaN
  }
  const rfm = scoreRfm({ recencyDays, frequency: Float64Array.from(b.visits), monetary: b.spendCents, include })
  const tiers = tierMargin(b.marginCents, include)
  const lapses = detectLapse({ visitOffsets: b.visitOffsets, visitDays: b.visitDays, include, asOfDay: data.window.asOfDay }, params.lapse)
  report('value', 1, 2)
  const unprofitable = selectUnprofitable({ marginCents: b.marginCents, lines: b.lines, promoLines: b.promoLines, include, decile: tiers.decile })
  // "Visiting less often" compares the window's last quarter with the rest: a window of under
  // four days has no quarters, and nobody is selected.
  const windowStartDay = dayOfDate(data.window.from)
  const atRisk = data.window.asOfDay - windowStartDay + 1 >= 4
    ? selectAtRisk({ include, decile: tiers.decile, lapsed: lapses.lapsed, visitOffsets: b.visitOffsets, visitDays: b.visitDays, asOfDay: data.window.asOfDay, windowStartDay })
    : { selected: new Uint8Array(b.count), reason: new Uint8Array(b.count) }
  const features = behaviourFeatures(data)
  const segments = clusterCustomers({ names: features.names, n: b.count, d: features.names.length, values: features.values, include }, params.clusters)
  report('value', 2, 2)
  const customers = Int32Array.from({ length: b.count }, (_, i) => i).filter((c) => include[c] === 1)
  return { scopes, demographics, storeDemographics, storeProfiles, customers, rfm, tiers, lapses, unprofitable, atRisk, segments, features }
}

const dayOfDate = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000)

/** Chain, each region (when it has more than one store), each store. */
export function scopesOf(data: Pick<CustomerData, 'stores'>): ScopeRef[] {
  const regions = [...new Set(data.stores.map((s) => s.region))].sort()
  return [
    { key: 'chain', kind: 'chain', label: 'Chain', storeIds: data.stores.map((s) => s.storeId) },
    ...regions
      .map((r) => ({ key: `region:${r}`, kind: 'region' as const, label: r, storeIds: data.stores.filter((s) => s.region === r).map((s) => s.storeId) }))
      .filter((r) => r.storeIds.length > 1),
    ...data.stores.map((s) => ({ key: `store:${s.code}`, kind: 'store' as const, label: s.name, storeIds: [s.storeId] })),
  ]
}

/** Each store's card holders by attribute value against the chain's: share, index, Fisher's test against the rest of the chain, BH per store. */
function storeDemographicRows(scopes: ScopeRef[], cells: CustomerAnalysis['demographics'], fdr: number): CustomerAnalysis['storeDemographics'] {
  const chain = cells.find((c) => c.scope === 'chain')!.cells
  const knownIn = (c: ScopeCells) => {
    const known = new Map<string, number>()
    c.segments.forEach((s, g) => known.set(s.attribute, (known.get(s.attribute) ?? 0) + c.customers[g]!))
    return known
  }
  const chainKnown = knownIn(chain)
  return scopes
    .filter((s) => s.kind === 'store')
    .map((scope) => {
      const c = cells.find((x) => x.scope === scope.key)!.cells
      const known = knownIn(c)
      const rows = c.segments.map((seg, g) => {
        const n = c.customers[g]!
        const nKnown = known.get(seg.attribute)!
        const chainN = chain.customers[g]!
        const chainKnownN = chainKnown.get(seg.attribute)!
        const share = nKnown ? n / nKnown : 0
        const chainShare = chainKnownN ? chainN / chainKnownN : 0
        const restN = chainN - n
        const restKnown = chainKnownN - nKnown
        const p = nKnown > 0 && restKnown > 0 ? fisherExact({ a: n, b: nKnown - n, c: restN, d: restKnown - restN }, 'two-sided') : 1
        return { attribute: seg.attribute, value: seg.value, customers: n, share, chainShare, index: chainShare > 0 ? (share / chainShare) * 100 : NaN, p, q: 1, flag: 0 }
      })
      const q = benjaminiHochberg(rows.map((r) => r.p))
      rows.forEach((r, i) => {
        r.q = q[i]!
        r.flag = r.q <= fdr ? (r.index >= 100 ? 1 : -1) : 0
      })
      return { storeKey: scope.key, rows }
    })
}

/** Stores clustered by their card holders' demographic shares and their sales mix by department. */
function profileStoresOf(data: CustomerData, scopes: ScopeRef[], demo: CustomerAnalysis['storeDemographics'], seed: number): CustomerAnalysis['storeProfiles'] {
  const stores = scopes.filter((s) => s.kind === 'store')
  const dep = data.hierarchy.department
  const nSub = data.hierarchy.subcategory.codes.length
  const demoNames = demo[0]?.rows.filter((r) => r.attribute !== 'postcodeArea').map((r) => `${r.attribute}:${r.value}`) ?? []
  const names = [...demoNames, ...dep.codes.map((c) => `mix:${c}`)]
  const values = new Float64Array(stores.length * names.length)
  stores.forEach((scope, i) => {
    const rows = demo.find((d) => d.storeKey === scope.key)!.rows.filter((r) => r.attribute !== 'postcodeArea')
    rows.forEach((r, k) => (values[i * names.length + k] = r.share))
    const s = data.stores.findIndex((x) => x.storeId === scope.storeIds[0])
    let total = 0
    const mix = new Float64Array(dep.codes.length)
    for (let j = 0; j < nSub; j++) {
      const v = data.storeMix[s * (nSub + 1) + j]!
      mix[dep.fromSubcategory[j]!]! += v
      total += v
    }
    mix.forEach((v, d) => (values[i * names.length + demoNames.length + d] = total > 0 ? v / total : 0))
  })
  const profiles = profileStores({ stores: stores.map((s) => ({ key: s.key, label: s.label })), features: { names, values } }, { seed })
  return { ...profiles, featureNames: names, featureValues: values }
}

/** Per customer: visits per month, spend and lines per visit, share bought on promotion, months active, spend share by department. */
function behaviourFeatures(data: CustomerData): { names: string[]; values: Float64Array } {
  const b = data.behaviour
  const dep = data.hierarchy.department
  const names = ['visitsPerMonth', 'spendPerVisit', 'linesPerVisit', 'promoShare', 'monthsActive', ...dep.codes.map((c) => `mix:${c}`)]
  const d = names.length
  const months = Math.max(1, (data.window.asOfDay - dayOfDate(data.window.from) + 1) / 30.44)
  const values = new Float64Array(b.count * d)
  const { offsets, item, spend } = data.purchases
  for (let c = 0; c < b.count; c++) {
    const v = b.visits[c]!
    if (v === 0) continue
    const row = c * d
    const first = b.visitDays[b.visitOffsets[c]!]!
    const last = b.visitDays[b.visitOffsets[c + 1]! - 1]!
    values[row] = v / months
    values[row + 1] = b.spendCents[c]! / v / 100
    values[row + 2] = b.lines[c]! / v
    values[row + 3] = b.lines[c]! ? b.promoLines[c]! / b.lines[c]! : 0
    values[row + 4] = (last - first + 1) / 30.44
    let total = 0
    for (let r = offsets[c]!; r < offsets[c + 1]!; r++) total += Math.max(0, spend[r]!)
    if (total > 0) for (let r = offsets[c]!; r < offsets[c + 1]!; r++) values[row + 5 + dep.fromSubcategory[item[r]!]!]! += Math.max(0, spend[r]!) / total
  }
  return { names, values }
}

export type { Progress }
