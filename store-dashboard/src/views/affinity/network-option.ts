import type { EChartsOption } from 'echarts'
import { escapeHtml } from '../../ui/escape-html.js'
import { formatCount, formatRatio, formatShare } from '../../ui/format.js'
import type { Network } from './network-of-rules.js'

/**
 * The network as an ECharts graph: items on a circle (a fixed layout: the same picture on every
 * load, unlike a force layout), node size by baskets, edge width by lift.
 */
export function networkOption(network: Network): EChartsOption {
  const maxBaskets = Math.max(1, ...network.nodes.map((n) => n.baskets))
  const lifts = network.edges.map((e) => e.lift)
  const minLift = Math.min(...lifts)
  const maxLift = Math.max(...lifts)
  const width = (lift: number) => (maxLift === minLift ? 3 : 1 + (5 * (lift - minLift)) / (maxLift - minLift))
  const names = new Map(network.nodes.map((n) => [n.code, n.name]))
  return {
    animation: false,
    tooltip: {
      formatter: (p: unknown) => {
        const { dataType, data } = p as { dataType: 'node' | 'edge'; data: { name?: string; baskets?: number; source?: string; target?: string; lift?: number; count?: number; confidence?: number } }
        if (dataType === 'edge') {
          return `${escapeHtml(names.get(data.source!) ?? '')} and ${escapeHtml(names.get(data.target!) ?? '')}<br>lift ${formatRatio(data.lift!)}, together in ${formatCount(data.count!)} baskets<br>confidence up to ${formatShare(data.confidence!)}`
        }
        return `${escapeHtml(data.name ?? '')}<br>${formatCount(data.baskets ?? 0)} baskets`
      },
    },
    series: [
      {
        type: 'graph',
        layout: 'circular',
        // Room for the labels around the circle.
        left: 90,
        right: 90,
        top: 56,
        bottom: 56,
        circular: { rotateLabel: true },
        roam: true,
        label: { show: true, position: 'right', fontSize: 11 },
        lineStyle: { color: '#1f5fa8', opacity: 0.55, curveness: 0.2 },
        emphasis: { focus: 'adjacency', lineStyle: { opacity: 1 } },
        data: network.nodes.map((n) => ({ id: n.code, name: n.name, baskets: n.baskets, symbolSize: 8 + 22 * Math.sqrt(n.baskets / maxBaskets), itemStyle: { color: '#2a7a6f' } })),
        links: network.edges.map((e) => ({ source: e.a, target: e.b, lift: e.lift, count: e.count, confidence: e.confidence, lineStyle: { width: width(e.lift) } })),
      },
    ],
  }
}
