import { useMemo } from 'preact/hooks'
import type { ChainKpiWeek, KpiWeek } from '../../api/wire-types.js'
import { ChartPanel } from '../../charts/chart-panel.js'
import { kpiChartOption } from './kpi-chart-option.js'
import { formatMetric, METRICS, metricSeries, type Metric } from './kpi-metrics.js'

/** One chart per metric, the store beside the chain's per-store average, each with a summary and its data table. */
export function KpiCharts({ storeName, store, chain }: { storeName: string; store: KpiWeek[]; chain: ChainKpiWeek[] }) {
  return (
    <>
      <h2>Week by week, beside the chain</h2>
      <div class="chart-grid">
        {METRICS.map((m) => (
          <MetricChart key={m.key} metric={m} storeName={storeName} store={store} chain={chain} />
        ))}
      </div>
    </>
  )
}

function MetricChart({ metric, storeName, store, chain }: { metric: Metric; storeName: string; store: KpiWeek[]; chain: ChainKpiWeek[] }) {
  const series = useMemo(() => metricSeries(metric, store, chain), [metric, store, chain])
  const option = useMemo(() => kpiChartOption(metric, storeName, series), [metric, storeName, series])
  const fmt = (v: number | null | undefined) => formatMetric(metric.unit, v)
  const known = series.store.map((v, i) => ({ v, i })).filter((x): x is { v: number; i: number } => x.v !== null)
  const last = known.at(-1)
  const summary = !last
    ? 'No week with a figure yet.'
    : `Week of ${series.weeks[last.i]}: ${storeName} ${fmt(last.v)}, the chain ${fmt(series.chain[last.i])} per store. ` +
      (known.length > 1 ? `Over ${known.length} weeks the store ranged from ${fmt(Math.min(...known.map((k) => k.v)))} to ${fmt(Math.max(...known.map((k) => k.v)))}.` : '')
  return (
    <ChartPanel
      title={metric.label}
      label={`${metric.label} per week: ${storeName} as bars, the chain's per-store average as a dashed line`}
      summary={summary}
      option={option}
      heightPx={220}
      table={
        <table data-metric={metric.key}>
          <caption>{metric.label} per week</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col" class="num">{storeName}</th>
              <th scope="col" class="num">Chain, per store</th>
            </tr>
          </thead>
          <tbody>
            {series.weeks.map((w, i) => (
              <tr key={w}>
                <th scope="row">{w}</th>
                <td class="num">{fmt(series.store[i])}</td>
                <td class="num">{fmt(series.chain[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
