import type { ChainKpiWeek, KpiChange, KpiComparison, KpiTotals, KpiWeek } from '../../api/contract/dashboard.js'
import type { KpiWindow } from './kpi-window.js'

/**
 * One week's sums over `stores` stores (1 for a store's own row): what kpi_store_week holds,
 * added up. `lapsedCardHolders` is null when any of the stores does not know its lapses yet.
 */
export type WeekSums = {
  weekStart: string
  stores: number
  salesCents: number
  baskets: number
  cardSalesCents: number
  cardBaskets: number
  activeCardHolders: number
  newCardHolders: number
  lapsedCardHolders: number | null
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b)

/**
 * A week's figures: counts and money per store (divided by `stores`: a store's own figures when
 * 1, the per-store average of the chain otherwise), average basket and card share as ratios of
 * the sums.
 */
export function weekFigures(s: WeekSums): KpiWeek {
  return {
    weekStart: s.weekStart,
    salesCents: s.salesCents / s.stores,
    baskets: s.baskets / s.stores,
    averageBasketCents: ratio(s.salesCents, s.baskets),
    cardSalesShare: ratio(s.cardSalesCents, s.salesCents),
    activeCardHolders: s.activeCardHolders / s.stores,
    newCardHolders: s.newCardHolders / s.stores,
    lapsedCardHolders: s.lapsedCardHolders === null ? null : s.lapsedCardHolders / s.stores,
  }
}

export const chainWeekFigures = (s: WeekSums): ChainKpiWeek => ({ ...weekFigures(s), stores: s.stores })

/**
 * A store's weeks on the chain's axis: its own row where it has one, zeros where it sold nothing
 * (its lapses then are 0 when the chain knows that week's lapses).
 */
export function alignToChain(store: readonly WeekSums[], chain: readonly WeekSums[]): WeekSums[] {
  const byWeek = new Map(store.map((s) => [s.weekStart, s]))
  return chain.map((c) => byWeek.get(c.weekStart) ?? { weekStart: c.weekStart, stores: 1, salesCents: 0, baskets: 0, cardSalesCents: 0, cardBaskets: 0, activeCardHolders: 0, newCardHolders: 0, lapsedCardHolders: c.lapsedCardHolders === null ? null : 0 })
}

/**
 * The weeks of `window` summed: money, baskets, new and lapsed card holders as sums of the weekly
 * per-store figures, active card holders as their weekly mean, ratios of the sums. Lapsed is null
 * when any week in it does not know its lapses; everything is null when no week has data.
 */
export function windowTotals(weeks: readonly WeekSums[], window: KpiWindow): KpiTotals {
  const inside = weeks.filter((w) => w.weekStart >= window.from && w.weekStart <= window.to)
  const base = { from: window.from, to: window.to, weeks: inside.length }
  if (inside.length === 0) {
    return { ...base, salesCents: null, baskets: null, averageBasketCents: null, cardSalesShare: null, averageWeeklyActiveCardHolders: null, newCardHolders: null, lapsedCardHolders: null }
  }
  const sum = (f: (w: WeekSums) => number) => inside.reduce((s, w) => s + f(w), 0)
  const sales = sum((w) => w.salesCents)
  const lapsedKnown = inside.every((w) => w.lapsedCardHolders !== null)
  return {
    ...base,
    salesCents: sum((w) => w.salesCents / w.stores),
    baskets: sum((w) => w.baskets / w.stores),
    averageBasketCents: ratio(sales, sum((w) => w.baskets)),
    cardSalesShare: ratio(sum((w) => w.cardSalesCents), sales),
    averageWeeklyActiveCardHolders: sum((w) => w.activeCardHolders / w.stores) / inside.length,
    newCardHolders: sum((w) => w.newCardHolders / w.stores),
    lapsedCardHolders: lapsedKnown ? sum((w) => w.lapsedCardHolders! / w.stores) : null,
  }
}

const relative = (current: number | null, previous: number | null) => (current === null || previous === null || previous === 0 ? null : (current - previous) / previous)

/** The change from `previous` to `current`: relative for amounts and counts, a difference for the card share. */
export function changeBetween(current: KpiTotals, previous: KpiTotals): KpiChange {
  return {
    salesCents: relative(current.salesCents, previous.salesCents),
    baskets: relative(current.baskets, previous.baskets),
    averageBasketCents: relative(current.averageBasketCents, previous.averageBasketCents),
    averageWeeklyActiveCardHolders: relative(current.averageWeeklyActiveCardHolders, previous.averageWeeklyActiveCardHolders),
    newCardHolders: relative(current.newCardHolders, previous.newCardHolders),
    lapsedCardHolders: relative(current.lapsedCardHolders, previous.lapsedCardHolders),
    cardSalesSharePoints: current.cardSalesShare === null || previous.cardSalesShare === null ? null : current.cardSalesShare - previous.cardSalesShare,
  }
}

/** This window against the previous one, from weekly sums covering both. */
export function compareWindows(weeks: readonly WeekSums[], window: { current: KpiWindow; previous: KpiWindow }): KpiComparison {
  const current = windowTotals(weeks, window.current)
  const previous = windowTotals(weeks, window.previous)
  return { current, previous, change: changeBetween(current, previous) }
}
