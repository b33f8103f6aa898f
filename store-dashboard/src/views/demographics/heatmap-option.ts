import type { EChartsOption } from 'echarts'
import { escapeHtml } from '../../ui/escape-html.js'
import { formatCount, formatP, formatShare } from '../../ui/format.js'
import type { Heatmap } from './heatmap-of-cells.js'

export const SUPPRESSED_COLOUR = '#d4d4d4'

/**
 * The index heatmap. Colour follows log2(index / 100), clamped to ±1, so 50 and 200 are equally
 * far from 100 (white): over-indexing red, under-indexing blue. Suppressed cells are a second
 * series, grey with a hatching decal, outside the colour scale.
 */
export function heatmapOption(h: Heatmap, minCustomers: number): EChartsOption {
  const colourOf = (index: number) => Math.max(-1, Math.min(1, Math.log2(Math.max(index, 1) / 100)))
  return {
    animation: false,
    grid: { left: 110, right: 16, top: 8, bottom: 150 },
    tooltip: {
      formatter: (p: unknown) => {
        const { seriesIndex, dataIndex } = p as { seriesIndex: number; dataIndex: number }
        const c = seriesIndex === 0 ? h.shown[dataIndex] : h.suppressed[dataIndex]
        if (!c) return ''
        const head = `${escapeHtml(c.value)} × ${escapeHtml(c.item.name)}`
        if (c.suppressed) return `${head}<br>suppressed: fewer than ${minCustomers} customers`
        return `${head}<br>customers ${formatCount(c.customers ?? 0)}, buyers ${formatCount(c.buyers ?? 0)}<br>penetration ${formatShare(c.penetration ?? 0)}<br>index ${Math.round(c.index ?? 0)}<br>q-value ${formatP(c.qValue)}${c.flag && c.flag !== 'none' ? `<br>flagged ${c.flag}` : ''}`
      },
    },
    xAxis: { type: 'category', data: h.items.map((i) => i.name), axisLabel: { rotate: 50, interval: 0, fontSize: 11 }, splitArea: { show: true } },
    yAxis: { type: 'category', data: h.values, splitArea: { show: true } },
    visualMap: [{
      type: 'continuous',
      seriesIndex: 0,
      min: -1,
      max: 1,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      text: ['index 200+', 'index 50 or less'],
      inRange: { color: ['#2166ac', '#f7f7f7', '#b2182b'] },
      formatter: (v: unknown) => String(Math.round(100 * 2 ** Number(v))),
    },
    // Every heatmap series needs a visual map: the suppressed cells' one paints them all grey.
    { type: 'piecewise', seriesIndex: 1, show: false, pieces: [{ value: 0, color: SUPPRESSED_COLOUR }] }],
    series: [
      {
        name: 'Index',
        type: 'heatmap',
        data: h.shown.map((c) => [c.x, c.y, colourOf(c.index!)]),
        label: { show: h.items.length <= 16, formatter: (p: unknown) => String(Math.round(h.shown[(p as { dataIndex: number }).dataIndex]?.index ?? 0)), fontSize: 10 },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
      },
      {
        name: `Fewer than ${minCustomers} customers`,
        type: 'heatmap',
        data: h.suppressed.map((c) => [c.x, c.y, 0]),
        itemStyle: {
          color: SUPPRESSED_COLOUR,
          borderColor: '#ffffff',
          borderWidth: 1,
          decal: { symbol: 'rect', symbolSize: 1, color: 'rgba(0, 0, 0, 0.35)', dashArrayX: [1, 0], dashArrayY: [2, 5], rotation: Math.PI / 4 },
        },
      },
    ],
  }
}
