import type { KpiReport } from '../../api/wire-types.js'
import { headlineTiles, weeksBetween } from './kpi-metrics.js'

/** The headline figures of the window, each with its change against the window before and the chain's per-store figure. */
export function KpiTiles({ report }: { report: KpiReport }) {
  const { current } = report.totals
  return (
    <>
      <h2>
        {weeksBetween(current.from, current.to)} weeks from {current.from} to {current.to}
        {current.weeks < weeksBetween(current.from, current.to) ? ` (${current.weeks} with receipts)` : ''}
      </h2>
      <ul class="tiles">
        {headlineTiles(report).map((t) => (
          <li key={t.key} class="tile" data-metric={t.key}>
            <p class="tile-label">{t.label}</p>
            <p class="tile-value">{t.value}</p>
            <p class="tile-change">{t.change}</p>
            <p class="tile-chain">{t.chain}</p>
          </li>
        ))}
      </ul>
    </>
  )
}
