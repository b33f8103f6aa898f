import { describe, expect, it } from 'vitest'
import { alignToChain, changeBetween, compareWindows, weekFigures, windowTotals, type WeekSums } from './summarise-kpis.js'

const week = (weekStart: string, s: Partial<WeekSums> = {}): WeekSums => ({
  weekStart, stores: 1, salesCents: 1000, baskets: 10, cardSalesCents: 600, cardBaskets: 5, activeCardHolders: 4, newCardHolders: 1, lapsedCardHolders: 1, ...s,
})

describe('weekFigures', () => {
  it("gives a store's own figures, and for several stores the per-store average with chain-wide ratios", () => {
    expect(weekFigures(week('2025-01-06'))).toEqual({
      weekStart: '2025-01-06', salesCents: 1000, baskets: 10, averageBasketCents: 100, cardSalesShare: 0.6, activeCardHolders: 4, newCardHolders: 1, lapsedCardHolders: 1,
    })
    const chain = week('2025-01-06', { stores: 4, salesCents: 8000, baskets: 40, cardSalesCents: 2000, activeCardHolders: 20, newCardHolders: 6, lapsedCardHolders: null })
    expect(weekFigures(chain)).toEqual({
      weekStart: '2025-01-06', salesCents: 2000, baskets: 10, averageBasketCents: 200, cardSalesShare: 0.25, activeCardHolders: 5, newCardHolders: 1.5, lapsedCardHolders: null,
    })
  })

  it('leaves ratios null without baskets or sales', () => {
    expect(weekFigures(week('2025-01-06', { salesCents: 0, baskets: 0, cardSalesCents: 0 }))).toMatchObject({ averageBasketCents: null, cardSalesShare: null })
  })
})

describe('alignToChain', () => {
  it("puts a store's weeks on the chain's, with zeros where it sold nothing", () => {
    const chain = [week('2025-01-06', { stores: 2 }), week('2025-01-13', { stores: 2 }), week('2025-01-20', { stores: 2, lapsedCardHolders: null })]
    const aligned = alignToChain([week('2025-01-13')], chain)
    expect(aligned.map((w) => [w.weekStart, w.salesCents, w.lapsedCardHolders])).toEqual([['2025-01-06', 0, 0], ['2025-01-13', 1000, 1], ['2025-01-20', 0, null]])
  })
})

describe('windowTotals and changeBetween', () => {
  const weeks = [week('2025-01-06'), week('2025-01-13', { salesCents: 3000, baskets: 20, cardSalesCents: 900, activeCardHolders: 8, newCardHolders: 3, lapsedCardHolders: 2 })]
  const window = { from: '2025-01-13', to: '2025-01-19', weeks: 1 }

  it('sums the weeks of the window, averages weekly active holders, and takes ratios of the sums', () => {
    expect(windowTotals(weeks, { from: '2025-01-06', to: '2025-01-19', weeks: 2 })).toEqual({
      from: '2025-01-06', to: '2025-01-19', weeks: 2, salesCents: 4000, baskets: 30, averageBasketCents: 4000 / 30, cardSalesShare: 1500 / 4000,
      averageWeeklyActiveCardHolders: 6, newCardHolders: 4, lapsedCardHolders: 3,
    })
  })

  it('is null throughout for a window without data, and lapsed is null when a week does not know its lapses', () => {
    expect(windowTotals(weeks, { from: '2024-12-30', to: '2025-01-05', weeks: 1 })).toMatchObject({ weeks: 0, salesCents: null, lapsedCardHolders: null })
    expect(windowTotals([...weeks, week('2025-01-20', { lapsedCardHolders: null })], { from: '2025-01-13', to: '2025-01-26', weeks: 2 })).toMatchObject({ weeks: 2, lapsedCardHolders: null, newCardHolders: 4 })
  })

  it('compares relative for amounts and counts, in points for the card share, null against nothing', () => {
    const { change } = compareWindows(weeks, { current: window, previous: { from: '2025-01-06', to: '2025-01-12', weeks: 1 } })
    expect(change).toEqual({
      salesCents: 2, baskets: 1, averageBasketCents: 0.5, averageWeeklyActiveCardHolders: 1, newCardHolders: 2, lapsedCardHolders: 1, cardSalesSharePoints: 0.3 - 0.6,
    })
    const empty = windowTotals([], { from: '2024-12-30', to: '2025-01-05', weeks: 1 })
    expect(Object.values(changeBetween(windowTotals(weeks, window), empty)).every((v) => v === null)).toBe(true)
  })
})
