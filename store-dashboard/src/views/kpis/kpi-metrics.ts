import type { ChainKpiWeek, KpiChange, KpiReport, KpiTotals, KpiWeek } from '../../api/wire-types.js'
import { formatCents, formatCount, formatPointsChange, formatRelativeChange, formatShare } from '../../ui/format.js'

type WeeklyKey = Exclude<keyof KpiWeek, 'weekStart'>

/**
 * A KPI as the dashboard shows it: its weekly field, the field of the window's totals and of the
 * change against the previous window (docs/DASHBOARD.md, "KPI definitions").
 */
export type Metric = {
  key: WeeklyKey
  label: string
  unit: 'money' | 'count' | 'share'
  total: Exclude<keyof KpiTotals, 'from' | 'to' | 'weeks'>
  change: keyof KpiChange
}

export const METRICS: readonly Metric[] = [
  { key: 'salesCents', label: 'Sales', unit: 'money', total: 'salesCents', change: 'salesCents' },
  { key: 'baskets', label: 'Baskets', unit: 'count', total: 'baskets', change: 'baskets' },
  { key: 'averageBasketCents', label: 'Average basket', unit: 'money', total: 'averageBasketCents', change: 'averageBasketCents' },
  { key: 'cardSalesShare', label: 'Sales on cards', unit: 'share', total: 'cardSalesShare', change: 'cardSalesSharePoints' },
  { key: 'activeCardHolders', label: 'Active card holders', unit: 'count', total: 'averageWeeklyActiveCardHolders', change: 'averageWeeklyActiveCardHolders' },
  { key: 'newCardHolders', label: 'New card holders', unit: 'count', total: 'newCardHolders', change: 'newCardHolders' },
  { key: 'lapsedCardHolders', label: 'Lapsed card holders', unit: 'count', total: 'lapsedCardHolders', change: 'lapsedCardHolders' },
]

/** A value of a metric as the tiles, tables and tooltips show it; '–' when unknown. */
export function formatMetric(unit: Metric['unit'], value: number | null | undefined): string {
  if (value === null || value === undefined) return '–'
  return unit === 'money' ? formatCents(Math.round(value)) : unit === 'share' ? formatShare(value) : formatCount(value)
}

export type Tile = { key: WeeklyKey; label: string; value: string; change: string; chain: string }

/**
 * The headline tiles of a report: the window's figure, its change against the same number of
 * weeks before (relative; in points for the card share), and the chain's per-store figure.
 * @example headlineTiles(report)[0] // { key: 'salesCents', label: 'Sales', value: '€64,657.10', change: '+1.0% on the previous 4 weeks', chain: 'Chain, per store: €70,120.50' }
 */
export function headlineTiles(report: KpiReport): Tile[] {
  const { current, previous, change } = report.totals
  const weeks = weeksBetween(current.from, current.to)
  const span = weeks === 1 ? 'week' : `${weeks} weeks`
  return METRICS.map((m) => {
    const c = change[m.change]
    const label = m.key === 'activeCardHolders' ? 'Active card holders (weekly average)' : m.label
    const value = m.key === 'lapsedCardHolders' && current[m.total] === null ? 'not known yet' : formatMetric(m.unit, current[m.total])
    const changeText =
      previous.weeks === 0 ? 'No earlier weeks to compare with'
      : c === null ? `No change to show against the previous ${span}`
      : `${m.change === 'cardSalesSharePoints' ? formatPointsChange(c) : formatRelativeChange(c)} on the previous ${span}`
    return { key: m.key, label, value, change: changeText, chain: `Chain, per store: ${formatMetric(m.unit, report.chainTotals.current[m.total])}` }
  })
}

/**
 * The weeks a window spans, Monday `from` to Sunday `to` (the previous window has as many,
 * whether or not each had receipts).
 * @example weeksBetween('2025-08-11', '2025-11-09') // 13
 */
export function weeksBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1) / 7
}

export type MetricSeries = { weeks: string[]; store: (number | null)[]; chain: (number | null)[] }

/** A metric week by week for the store and the chain (per-store averages), on the union of their weeks. */
export function metricSeries(metric: Metric, store: readonly KpiWeek[], chain: readonly ChainKpiWeek[]): MetricSeries {
  const weeks = [...new Set([...store, ...chain].map((w) => w.weekStart))].sort()
  const s = new Map(store.map((w) => [w.weekStart, w[metric.key]]))
  const c = new Map(chain.map((w) => [w.weekStart, w[metric.key]]))
  return { weeks, store: weeks.map((w) => s.get(w) ?? null), chain: weeks.map((w) => c.get(w) ?? null) }
}

/**
 * The `from` and `to` of the last `weeks` weeks up to a day (the API widens them to whole ISO weeks).
 * @example windowOf('2025-11-09', 4) // { from: '2025-10-19', to: '2025-11-09' }
 */
export function windowOf(lastDay: string, weeks: number): { from: string; to: string } {
  const from = new Date(`${lastDay}T00:00:00Z`)
  from.setUTCDate(from.getUTCDate() - 7 * (weeks - 1))
  return { from: from.toISOString().slice(0, 10), to: lastDay }
}
