import type { EChartsOption } from 'echarts'
import { escapeHtml } from '../../ui/escape-html.js'
import { formatMetric, type Metric, type MetricSeries } from './kpi-metrics.js'

export const STORE_COLOUR = '#1f5fa8'
export const CHAIN_COLOUR = '#5f6b76'
const CHAIN = 'Chain, per store'

/**
 * The chart of one metric: the store as bars, the chain's per-store average as a dashed line on
 * the same axis (the API averages the chain per store, so the two compare directly).
 */
export function kpiChartOption(metric: Metric, storeName: string, series: MetricSeries): EChartsOption {
  const fmt = (v: number | null | undefined) => formatMetric(metric.unit, v)
  const axisLabel = {
    formatter: (v: number) => (metric.unit === 'share' ? `${Math.round(v * 100)}%` : metric.unit === 'money' ? `€${Math.round(v / 100).toLocaleString('en-GB')}` : v.toLocaleString('en-GB')),
  }
  return {
    animation: false,
    grid: { left: 64, right: 16, top: 36, bottom: 28 },
    legend: { top: 0, data: [storeName, CHAIN] },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0
        return `Week of ${escapeHtml(series.weeks[i] ?? '')}<br>${escapeHtml(storeName)}: ${fmt(series.store[i])}<br>${CHAIN}: ${fmt(series.chain[i])}`
      },
    },
    xAxis: { type: 'category', data: series.weeks, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', axisLabel, min: metric.unit === 'share' ? 0 : undefined },
    series: [
      { name: storeName, type: 'bar', data: series.store, itemStyle: { color: STORE_COLOUR } },
      { name: CHAIN, type: 'line', data: series.chain, lineStyle: { type: 'dashed', color: CHAIN_COLOUR }, itemStyle: { color: CHAIN_COLOUR }, symbol: 'circle', symbolSize: 5 },
    ],
  }
}
