import { benjaminiHochberg } from '../stats/benjamini-hochberg.js'
import { fisherExact } from '../stats/fisher-exact.js'
import { welchTTest } from '../stats/welch-t-test.js'
import type { AttributeTable } from './attributes.js'

/** Customers' spend per store and item: CSR by customer (see CustomerData.purchases). */
export type Purchases = { offsets: Uint32Array; store: Int16Array; item: Int32Array; spend: Float64Array }

export type CellsInput = {
  count: number
  /** 1: the customer allows profiling (only they enter demographic cells). */
  include: Uint8Array
  attributes: AttributeTable[]
  purchases: Purchases
  /** Dense subcategory → item of the level analysed, and the level's item count. */
  fromSubcategory: Int32Array
  itemCount: number
}

export type CellOptions = {
  /** Benjamini–Hochberg false-discovery rate across the scope's cells. Default 0.05. */
  fdr?: number
  /** Least index (×100) flagged 'over', and its reciprocal for 'under'. Default 120 (and 83.3). */
  minIndex?: number
}

/** The segments of a scope: one per attribute value, in attribute order. */
export type Segment = { attribute: string; value: string }

/**
 * One scope's cells at one level, segment-major: cell (g, j) at g × itemCount + j.
 * - customers[g]: the segment's card holders who bought anything in the scope; spendCents[g] their spend.
 * - buyers, spend: per cell. index: penetration against the baseline's (×100); spendIndex: spend per customer against the baseline's.
 * - p: Fisher's exact test (two-sided) of the segment's buyers against the rest of the baseline's
 *   (penetration); spendP: Welch's t-test of spend per customer (non-buyers spend 0) against the
 *   rest's. A category most customers buy at some point differs by how much, not by whether:
 *   penetration saturates there, spend does not, so both are tested.
 * - q, spendQ: Benjamini–Hochberg across all the scope's tests of both kinds.
 * - flag: 1 over, −1 under, 0 neither: significant (q at most the fdr) with an index (of the
 *   measure tested) of at least minIndex, or at most its reciprocal; penetration decides first.
 */
export type ScopeCells = {
  segments: Segment[]
  itemCount: number
  /** Card holders in the scope (who allow profiling), and their spend. */
  scopeCustomers: number
  customers: Float64Array
  spendCents: Float64Array
  buyers: Float64Array
  spend: Float64Array
  index: Float64Array
  spendIndex: Float64Array
  p: Float64Array
  q: Float64Array
  spendP: Float64Array
  spendQ: Float64Array
  flag: Int8Array
}

/**
 * A scope's sums before testing. Units are card holders, or with `pooled` customer–store pairs
 * (a customer who shops in two stores counts once in each, with that store's purchases).
 */
export type Tally = { pooled: boolean; distinct: number; all: number; allSpend: number; n: Float64Array; nSpend: Float64Array; buyersAll: Float64Array; spendAll: Float64Array; spendSqAll: Float64Array; buyers: Float64Array; spend: Float64Array; spendSq: Float64Array }

/**
 * Demographic patterns of one scope (a set of stores) at one level: for every attribute value
 * and item, customers, penetration, spend share, spend per customer and an index against the
 * baseline, with tests against the rest of the baseline.
 * - No `baseline`: the scope's own card holders = 100; the rest is the scope's other card holders.
 * - A baseline (typically the chain, from `tallyScope(input, chainStores, true)`): customer–store
 *   pairs on both sides, so a store's shoppers, measured on what they buy in that store, meet the
 *   chain's shoppers measured the same way. (Measured on all their purchases, chain shoppers who
 *   use two stores would make every store look under-indexed.) The segment's pairs are part of
 *   the baseline's; the rest is the baseline less them, so the two groups never overlap.
 */
export function demographicCells(input: CellsInput, scopeStores: Uint8Array, baseline: Tally | null = null, options: CellOptions = {}): ScopeCells {
  const segments = segmentsOf(input)
  const I = input.itemCount
  const G = segments.length
  const scope = tallyScope(input, scopeStores, baseline !== null)
  const base = baseline ?? scope
  const cells = G * I
  const out: ScopeCells = {
    segments,
    itemCount: I,
    scopeCustomers: scope.distinct,
    customers: scope.n,
    spendCents: scope.nSpend,
    buyers: scope.buyers,
    spend: scope.spend,
    index: new Float64Array(cells).fill(NaN),
    spendIndex: new Float64Array(cells).fill(NaN),
    p: new Float64Array(cells).fill(NaN),
    q: new Float64Array(cells).fill(NaN),
    spendP: new Float64Array(cells).fill(NaN),
    spendQ: new Float64Array(cells).fill(NaN),
    flag: new Int8Array(cells),
  }
  const tested: number[] = []
  const spendTested: number[] = []
  for (let g = 0; g < G; g++) {
    const n = scope.n[g]!
    if (n === 0) continue
    const restN = base.all - n
    for (let j = 0; j < I; j++) {
      const cell = g * I + j
      const a = scope.buyers[cell]!
      const basePen = base.buyersAll[j]! / base.all
      out.index[cell] = basePen > 0 ? ((a / n) / basePen) * 100 : NaN
      const baseSpendPer = base.spendAll[j]! / base.all
      out.spendIndex[cell] = baseSpendPer > 0 ? (scope.spend[cell]! / n / baseSpendPer) * 100 : NaN
      const restBuyers = base.buyersAll[j]! - a
      if (restN <= 0 || a + restBuyers === 0) continue
      out.p[cell] = fisherExact({ a, b: n - a, c: restBuyers, d: restN - restBuyers }, 'two-sided')
      tested.push(cell)
      const w = welchTTest(
        { n, sum: scope.spend[cell]!, sumSq: scope.spendSq[cell]! },
        { n: restN, sum: base.spendAll[j]! - scope.spend[cell]!, sumSq: base.spendSqAll[j]! - scope.spendSq[cell]! },
      )
      if (Number.isFinite(w.p)) {
        out.spendP[cell] = w.p
        spendTested.push(cell)
      }
    }
  }
  const q = benjaminiHochberg([...tested.map((c) => out.p[c]!), ...spendTested.map((c) => out.spendP[c]!)])
  tested.forEach((cell, t) => (out.q[cell] = q[t]!))
  spendTested.forEach((cell, t) => (out.spendQ[cell] = q[tested.length + t]!))
  const minIndex = options.minIndex ?? 120
  const fdr = options.fdr ?? 0.05
  const direction = (index: number) => (index >= minIndex ? 1 : index <= 10_000 / minIndex ? -1 : 0)
  for (const cell of tested) {
    const byPenetration = out.q[cell]! <= fdr ? direction(out.index[cell]!) : 0
    const bySpend = out.spendQ[cell]! <= fdr ? direction(out.spendIndex[cell]!) : 0
    out.flag[cell] = byPenetration !== 0 ? byPenetration : bySpend
  }
  return out
}

function segmentsOf(input: CellsInput): Segment[] {
  return input.attributes.flatMap((a) => a.values.map((value) => ({ attribute: a.name, value })))
}

/**
 * Sums the card holders (who allow profiling) with purchases in `stores`: per segment and item,
 * buyers, spend and spend squared. With `pooled`, each customer–store pair is a unit.
 */
export function tallyScope(input: CellsInput, stores: Uint8Array, pooled: boolean): Tally {
  const G = segmentsOf(input).length
  const segOffset: number[] = []
  input.attributes.reduce((o, a) => (segOffset.push(o), o + a.values.length), 0)
  const I = input.itemCount
  const { offsets, store, item, spend } = input.purchases
  const map = input.fromSubcategory
  const t: Tally = {
    pooled, distinct: 0, all: 0, allSpend: 0, n: new Float64Array(G), nSpend: new Float64Array(G), buyersAll: new Float64Array(I), spendAll: new Float64Array(I), spendSqAll: new Float64Array(I),
    buyers: new Float64Array(G * I), spend: new Float64Array(G * I), spendSq: new Float64Array(G * I),
  }
  const stamp = new Int32Array(I).fill(-1)
  const itemSpend = new Float64Array(I)
  const touched = new Int32Array(I)
  const A = input.attributes.length
  const seg = new Int32Array(A)
  let unit = 0
  // One unit's purchases rows [from, to): its items rolled up, then added to every segment it is in.
  const addUnit = (c: number, from: number, to: number): boolean => {
    unit++
    let nTouched = 0
    let total = 0
    for (let r = from; r < to; r++) {
      if (stores[store[r]!] !== 1) continue
      const j = map[item[r]!]!
      if (j < 0) continue
      if (stamp[j] !== unit) {
        stamp[j] = unit
        itemSpend[j] = 0
        touched[nTouched++] = j
      }
      itemSpend[j]! += spend[r]!
      total += spend[r]!
    }
    if (nTouched === 0) return false
    t.all++
    t.allSpend += total
    let nSeg = 0
    for (let a = 0; a < A; a++) {
      const v = input.attributes[a]!.codes[c]!
      if (v < 0) continue
      const g = segOffset[a]! + v
      seg[nSeg++] = g * I
      t.n[g]!++
      t.nSpend[g]! += total
    }
    for (let k = 0; k < nTouched; k++) {
      const j = touched[k]!
      const s = itemSpend[j]!
      const s2 = s * s
      t.buyersAll[j]!++
      t.spendAll[j]! += s
      t.spendSqAll[j]! += s2
      for (let x = 0; x < nSeg; x++) {
        const cell = seg[x]! + j
        t.buyers[cell]!++
        t.spend[cell]! += s
        t.spendSq[cell]! += s2
      }
    }
    return true
  }
  for (let c = 0; c < input.count; c++) {
    if (!input.include[c]) continue
    const from = offsets[c]!
    const to = offsets[c + 1]!
    let counted = false
    if (!pooled) counted = addUnit(c, from, to)
    else {
      // Rows of a customer are grouped by store (see CustomerData.purchases).
      for (let r = from; r < to; ) {
        let e = r + 1
        while (e < to && store[e] === store[r]) e++
        if (addUnit(c, r, e)) counted = true
        r = e
      }
    }
    if (counted) t.distinct++
  }
  return t
}
