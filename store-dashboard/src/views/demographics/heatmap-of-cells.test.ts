import { describe, expect, it } from 'vitest'
import type { DemographicCell } from '../../api/wire-types.js'
import { heatmapOf } from './heatmap-of-cells.js'

const cell = (value: string, code: string, index: number | null): DemographicCell => ({
  attribute: 'ageBand', value, item: { code, name: `Cat ${code}` }, suppressed: index === null,
  customers: index === null ? null : 100, buyers: index === null ? null : 40, penetration: index === null ? null : 0.4, spendShare: null, spendPerCustomerCents: null,
  index, spendIndex: null, pValue: null, qValue: index === null ? null : 0.01, spendPValue: null, spendQValue: null, flag: index === null ? null : 'none',
})

describe('heatmapOf', () => {
  it('orders values as the attribute does and items by name, and keeps suppressed cells apart', () => {
    const h = heatmapOf([cell('65+', 'B', 80), cell('18-29', 'A', 150), cell('18-29', 'B', null), cell('65+', 'A', 95)], ['18-29', '30-44', '45-64', '65+'])
    expect(h.values).toEqual(['18-29', '65+'])
    expect(h.items.map((i) => i.code)).toEqual(['A', 'B'])
    expect(h.shown.map((c) => [c.x, c.y, c.index])).toEqual([[1, 1, 80], [0, 0, 150], [0, 1, 95]])
    expect(h.suppressed.map((c) => [c.x, c.y])).toEqual([[1, 0]])
    expect(h.highest?.index).toBe(150)
    expect(h.lowest?.index).toBe(80)
  })

  it('puts values it does not know after the known ones', () => {
    expect(heatmapOf([cell('zz', 'A', 100), cell('65+', 'A', 100)], ['65+']).values).toEqual(['65+', 'zz'])
  })
})
