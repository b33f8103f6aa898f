import type { EChartsOption, ECharts } from 'echarts'
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { loadEcharts } from './load-echarts.js'

export type ChartEvents = Record<string, (params: unknown) => void>

type Props = {
  /** Visible heading of the chart. */
  title: string
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string
  /** The chart's message in one or two sentences, shown under it. */
  summary: ComponentChildren
  option: EChartsOption
  heightPx?: number
  events?: ChartEvents
  /** The figures as a table, in a disclosure under the chart. */
  table?: ComponentChildren
}

/**
 * One ECharts chart as an accessible figure: a heading, the canvas as an image with an
 * aria-label, a text summary, and the data as a table for readers who cannot see the chart.
 */
export function ChartPanel({ title, label, summary, option, heightPx = 260, events, table }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const chart = useRef<ECharts | null>(null)
  const latest = useRef(option)
  latest.current = option
  const handlers = useRef(events)
  handlers.current = events

  useEffect(() => {
    let disposed = false
    let observer: ResizeObserver | null = null
    loadEcharts().then(({ init }) => {
      if (disposed || !host.current) return
      const c = init(host.current, null, { renderer: 'canvas' })
      chart.current = c
      c.setOption(latest.current)
      // Registered once; each call reaches the newest handler of the render.
      for (const name of Object.keys(events ?? {})) c.on(name, (params: unknown) => handlers.current?.[name]?.(params))
      const el = host.current
      observer = new ResizeObserver(() => {
        // A chart leaving the page shrinks to nothing before it is disposed: a graph cannot lay out in 0 × 0.
        if (!disposed && el.isConnected && el.clientWidth > 0 && el.clientHeight > 0) c.resize()
      })
      observer.observe(el)
      host.current.dataset.rendered = 'true'
    })
    return () => {
      disposed = true
      observer?.disconnect()
      chart.current?.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return (
    <figure class="chart">
      <h3 class="chart-title">{title}</h3>
      <div ref={host} class="chart-canvas" role="img" aria-label={label} style={{ height: `${heightPx}px` }} />
      <figcaption class="chart-summary">{summary}</figcaption>
      {table && (
        <details class="chart-data">
          <summary>Data table: {title}</summary>
          {table}
        </details>
      )}
    </figure>
  )
}
