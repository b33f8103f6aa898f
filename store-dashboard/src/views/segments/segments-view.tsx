import { useMemo, useState } from 'preact/hooks'
import type { EChartsOption } from 'echarts'
import { apiGet } from '../../api/api-client.js'
import { withQuery } from '../../api/with-query.js'
import type { AnalysisRun, CustomerSegment, Page } from '../../api/wire-types.js'
import { ChartPanel } from '../../charts/chart-panel.js'
import { escapeHtml } from '../../ui/escape-html.js'
import { formatCents, formatCount, formatShare } from '../../ui/format.js'
import { ErrorNotice, Loading } from '../../ui/notice.js'
import { useApi } from '../../ui/use-api.js'
import { dataOf, NoCustomerRun } from '../demographics/demographics-view.js'

const SELECTIONS = [
  { name: 'lapsed', label: 'Lapsed customers' },
  { name: 'unprofitable', label: 'Unprofitable customers' },
  { name: 'at-risk', label: 'High value at risk' },
] as const
const CHANNELS = [
  { name: 'email', label: 'E-mail' },
  { name: 'postal_mail', label: 'Post' },
  { name: 'none', label: 'No contact data' },
] as const

/** Customer segments and value tiers (marketing and admin): behaviour, RFM, margin deciles, and the selections' exports. */
export function SegmentsView() {
  const [runs] = useApi((signal) => apiGet<Page<AnalysisRun>>('/v1/analysis-runs', { kind: 'customers', status: 'succeeded', limit: 1 }, signal), [])
  let body
  if (runs.state === 'loading') body = <Loading what="customer-analytics runs" />
  else if (runs.state === 'error') body = <ErrorNotice error={runs.error} what="customer segments" />
  else if (!runs.data.items[0]) body = <NoCustomerRun />
  else body = <RunSegments run={runs.data.items[0]} />
  return (
    <section aria-labelledby="segments-title">
      <h1 id="segments-title" tabIndex={-1}>
        Customer segments and value
      </h1>
      {body}
    </section>
  )
}

function RunSegments({ run }: { run: AnalysisRun }) {
  const [segments] = useApi((signal) => apiGet<{ items: CustomerSegment[] }>(`/v1/customer-analytics/runs/${run.runId}/segments`, undefined, signal), [run.runId])
  if (segments.state === 'loading') return <Loading what="segments" />
  if (segments.state === 'error') return <ErrorNotice error={segments.error} what="customer segments" />
  const of = (kind: CustomerSegment['kind']) => segments.data.items.filter((s) => s.kind === kind)
  return (
    <>
      <p class="muted">
        Run {run.runId} of {run.finishedAt?.slice(0, 10)}, {dataOf(run)}. Only customers who allow profiling are in these figures.
      </p>
      <Exports runId={run.runId} />
      <Behaviour segments={of('behaviour')} />
      <div class="two-col">
        <RfmChart segments={of('rfm')} />
        <DecileChart segments={of('tier')} />
      </div>
    </>
  )
}

function Exports({ runId }: { runId: number }) {
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]['name']>('email')
  return (
    <section class="panel" aria-labelledby="exports-title">
      <h2 id="exports-title">Selections to download</h2>
      <div class="field field-inline">
        <label for="export-channel">Contact channel</label>
        <select id="export-channel" value={channel} onChange={(e) => setChannel(e.currentTarget.value as typeof channel)}>
          {CHANNELS.map((c) => (
            <option key={c.name} value={c.name}>
              {c.label}
            </option>
          ))}
        </select>
        <span class="hint">Contact data only for customers who consented to marketing by that channel.</span>
      </div>
      <ul class="link-list">
        {SELECTIONS.map((s) => (
          <li key={s.name}>
            <a href={withQuery(`/v1/customer-analytics/runs/${runId}/export`, { selection: s.name, channel })} download>
              {s.label} (CSV{channel === 'none' ? '' : `, ${CHANNELS.find((c) => c.name === channel)!.label.toLowerCase()}`})
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Behaviour({ segments }: { segments: CustomerSegment[] }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>Behavioural segments (k-means over visits, basket size, promotions and department mix)</caption>
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col">Profile</th>
            <th scope="col" class="num">Customers</th>
            <th scope="col" class="num">Share</th>
            <th scope="col" class="num">Spend</th>
            <th scope="col" class="num">Gross margin</th>
          </tr>
        </thead>
        <tbody>
          {segments.map((s) => (
            <tr key={s.segment} data-segment={s.segment}>
              <th scope="row">{s.label}</th>
              <td>{typeof s.profile.description === 'string' ? s.profile.description : ''}</td>
              <td class="num">{formatCount(s.customers)}</td>
              <td class="num">{typeof s.profile.share === 'number' ? formatShare(s.profile.share) : ''}</td>
              <td class="num">{formatCents(s.spendCents)}</td>
              <td class="num">{formatCents(s.marginCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function barOption(names: string[], values: number[], format: (v: number) => string, colour: string, horizontal: boolean, axisFormat = (v: number) => v.toLocaleString('en-GB')): EChartsOption {
  const category = { type: 'category' as const, data: names, axisLabel: { fontSize: 11, interval: 0 } }
  const value = { type: 'value' as const, axisLabel: { formatter: axisFormat } }
  return {
    animation: false,
    grid: { left: horizontal ? 150 : 70, right: 24, top: 12, bottom: horizontal ? 24 : 40 },
    tooltip: { formatter: (p: unknown) => { const { dataIndex } = p as { dataIndex: number }; return `${escapeHtml(names[dataIndex] ?? '')}: ${format(values[dataIndex] ?? 0)}` } },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: [{ type: 'bar', data: values, itemStyle: { color: colour } }],
  }
}

function RfmChart({ segments }: { segments: CustomerSegment[] }) {
  const sorted = useMemo(() => [...segments].sort((a, b) => b.customers - a.customers), [segments])
  const option = useMemo(() => barOption(sorted.map((s) => s.label), sorted.map((s) => s.customers), formatCount, '#2a7a6f', true), [sorted])
  const total = sorted.reduce((n, s) => n + s.customers, 0)
  const top = sorted[0]
  return (
    <ChartPanel
      title="RFM segments"
      label="Bar chart of the number of customers in each RFM segment"
      summary={top ? `${formatCount(total)} customers in ${sorted.length} segments; the largest is ${top.label} with ${formatCount(top.customers)}.` : 'No RFM segments.'}
      option={option}
      heightPx={Math.max(240, 30 * sorted.length + 40)}
      table={
        <table>
          <caption>Customers per RFM segment</caption>
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" class="num">Customers</th>
              <th scope="col" class="num">Spend</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((s) => (
              <tr key={s.segment}>
                <th scope="row">{s.label}</th>
                <td class="num">{formatCount(s.customers)}</td>
                <td class="num">{formatCents(s.spendCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

function DecileChart({ segments }: { segments: CustomerSegment[] }) {
  const deciles = useMemo(
    () => segments.filter((s) => typeof s.profile.decile === 'number').sort((a, b) => (a.profile.decile as number) - (b.profile.decile as number)),
    [segments],
  )
  const negative = segments.find((s) => s.segment === 'negative')
  const option = useMemo(() => barOption(deciles.map((s) => String(s.profile.decile)), deciles.map((s) => s.marginCents), (v) => formatCents(v), '#1f5fa8', false, (v) => `€${Math.round(v / 100).toLocaleString('en-GB')}`), [deciles])
  const top = deciles.at(-1)
  const total = deciles.reduce((n, s) => n + s.marginCents, 0)
  return (
    <ChartPanel
      title="Gross margin by margin decile"
      label="Bar chart of the gross margin of each margin decile of customers, decile 1 least profitable, 10 most"
      summary={
        top
          ? `The most profitable tenth of customers brings ${formatCents(top.marginCents)} of ${formatCents(total)} gross margin (${formatShare(total === 0 ? 0 : top.marginCents / total)}).` +
            (negative ? ` ${formatCount(negative.customers)} customers have a negative margin.` : '')
          : 'No margin deciles.'
      }
      option={option}
      table={
        <table>
          <caption>Margin deciles</caption>
          <thead>
            <tr>
              <th scope="col">Decile</th>
              <th scope="col" class="num">Customers</th>
              <th scope="col" class="num">Gross margin</th>
            </tr>
          </thead>
          <tbody>
            {[...deciles, ...(negative ? [negative] : [])].map((s) => (
              <tr key={s.segment}>
                <th scope="row">{s.label}</th>
                <td class="num">{formatCount(s.customers)}</td>
                <td class="num">{formatCents(s.marginCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
