import { describe, expect, it } from 'vitest'
import type { KpiReport, KpiTotals } from '../../api/wire-types.js'
import { headlineTiles, metricSeries, METRICS, weeksBetween, windowOf } from './kpi-metrics.js'

const totals = (o: Partial<KpiTotals>): KpiTotals => ({
  from: '2025-10-13', to: '2025-11-09', weeks: 3, salesCents: 6_465_710, baskets: 1008, averageBasketCents: 6414.4, cardSalesShare: 0.654,
  averageWeeklyActiveCardHolders: 137.6, newCardHolders: 35, lapsedCardHolders: null, ...o,
})
const report = (o: Partial<KpiReport> = {}): KpiReport => ({
  store: { code: 'S001', name: 'Aldermoor', region: 'North', format: 'convenience' },
  weeks: [],
  chain: [],
  totals: {
    current: totals({}),
    previous: totals({ from: '2025-09-15', to: '2025-10-12' }),
    change: { salesCents: 0.0104, baskets: -0.009, averageBasketCents: 0.019, averageWeeklyActiveCardHolders: 0.095, newCardHolders: -0.632, lapsedCardHolders: null, cardSalesSharePoints: -0.02 },
  },
  chainTotals: { current: totals({ salesCents: 7_012_050 }), previous: totals({}), change: { salesCents: null, baskets: null, averageBasketCents: null, averageWeeklyActiveCardHolders: null, newCardHolders: null, lapsedCardHolders: null, cardSalesSharePoints: null } },
  lapsedKnownThrough: '2025-09-08',
  dataThrough: '2025-11-09',
  refreshedAt: '2026-11-24T09:06:11Z',
  ...o,
})

describe('headlineTiles', () => {
  it('shows the window, its change against the previous one, and the chain per store', () => {
    const tiles = headlineTiles(report())
    expect(tiles[0]).toEqual({ key: 'salesCents', label: 'Sales', value: '€64,657.10', change: '+1.0% on the previous 4 weeks', chain: 'Chain, per store: €70,120.50' })
    expect(tiles.find((t) => t.key === 'cardSalesShare')).toMatchObject({ value: '65.4%', change: '−2.0 pp on the previous 4 weeks' })
    expect(tiles.find((t) => t.key === 'activeCardHolders')).toMatchObject({ label: 'Active card holders (weekly average)', value: '138' })
    expect(tiles.find((t) => t.key === 'lapsedCardHolders')).toMatchObject({ value: 'not known yet', change: 'No change to show against the previous 4 weeks' })
  })

  it('says when there are no earlier weeks', () => {
    const r = report()
    r.totals.previous = totals({ weeks: 0, salesCents: null })
    expect(headlineTiles(r)[0]!.change).toBe('No earlier weeks to compare with')
  })
})

describe('metricSeries', () => {
  it('lines the store up with the chain week by week, with gaps where a side has none', () => {
    const week = (weekStart: string, salesCents: number) => ({ weekStart, salesCents, baskets: 1, averageBasketCents: 1, cardSalesShare: 0.5, activeCardHolders: 1, newCardHolders: 0, lapsedCardHolders: null })
    const series = metricSeries(METRICS[0]!, [week('2025-09-08', 10)], [{ ...week('2025-09-01', 7), stores: 4 }, { ...week('2025-09-08', 12), stores: 4 }])
    expect(series).toEqual({ weeks: ['2025-09-01', '2025-09-08'], store: [null, 10], chain: [7, 12] })
  })
})

describe('weeksBetween', () => {
  it('counts the weeks of a window, with or without receipts in them', () => {
    expect(weeksBetween('2025-08-11', '2025-11-09')).toBe(13)
    expect(weeksBetween('2025-11-03', '2025-11-09')).toBe(1)
  })
})

describe('windowOf', () => {
  it('reaches back whole weeks from the last day', () => {
    expect(windowOf('2025-11-09', 4)).toEqual({ from: '2025-10-19', to: '2025-11-09' })
    expect(windowOf('2025-03-02', 1)).toEqual({ from: '2025-03-02', to: '2025-03-02' })
  })
})
