import { useMemo } from 'preact/hooks'
import { ChartPanel } from '../../charts/chart-panel.js'
import { formatCount, formatRatio } from '../../ui/format.js'
import { Notice } from '../../ui/notice.js'
import { scopeLabel } from '../../ui/scope-label.js'
import type { Network } from './network-of-rules.js'
import { networkOption } from './network-option.js'

/** The pair rules of a scope as a network; clicking an item asks what goes with it. */
export function CategoryNetwork({ network, level, scope, onPick }: { network: Network; level: string; scope: string; onPick: (code: string) => void }) {
  const option = useMemo(() => networkOption(network), [network])
  const names = new Map(network.nodes.map((n) => [n.code, n.name]))
  if (network.edges.length === 0) return <Notice kind="empty" title={`No pair rules in ${scopeLabel(scope)} at ${level} level.`} />
  const top = network.edges.slice(0, 3).map((e) => `${names.get(e.a)} and ${names.get(e.b)} (lift ${formatRatio(e.lift)})`)
  return (
    <ChartPanel
      title={`Network of ${level === 'category' ? 'categories' : `${level}s`}`}
      label={`Network of ${network.nodes.length} ${level} items in ${scopeLabel(scope)}, joined by ${network.edges.length} pair rules; thicker lines mean higher lift`}
      summary={`${network.nodes.length} items joined by the ${network.edges.length} strongest pair rules. Strongest: ${top.join('; ')}. Select an item to see what goes with it.`}
      option={option}
      heightPx={420}
      events={{
        click: (p) => {
          const { dataType, data } = p as { dataType: string; data: { id?: string } }
          if (dataType === 'node' && data.id) onPick(data.id)
        },
      }}
      table={
        <table>
          <caption>Pairs in the network, by lift</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Item</th>
              <th scope="col" class="num">Lift</th>
              <th scope="col" class="num">Baskets together</th>
            </tr>
          </thead>
          <tbody>
            {network.edges.map((e) => (
              <tr key={`${e.a}-${e.b}`}>
                <td>{names.get(e.a)}</td>
                <td>{names.get(e.b)}</td>
                <td class="num">{formatRatio(e.lift)}</td>
                <td class="num">{formatCount(e.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
