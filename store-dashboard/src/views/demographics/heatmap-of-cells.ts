import type { DemographicCell } from '../../api/wire-types.js'

export type HeatmapCell = DemographicCell & { x: number; y: number }

export type Heatmap = {
  /** The attribute's values, top to bottom. */
  values: string[]
  /** The items (categories), left to right, by name. */
  items: { code: string; name: string }[]
  shown: HeatmapCell[]
  suppressed: HeatmapCell[]
  highest: HeatmapCell | null
  lowest: HeatmapCell | null
}

/**
 * Cells of one attribute laid out as a grid: values (in `order`, then any others by name) by
 * items (by name). Suppressed cells, which carry no figures, are kept apart to be drawn hatched.
 * @example heatmapOf(cells, ['18-29', '30-44']).values // ['18-29', '30-44']
 */
export function heatmapOf(cells: readonly DemographicCell[], order: readonly string[] = []): Heatmap {
  const rank = (v: string) => (order.includes(v) ? order.indexOf(v) : order.length)
  const values = [...new Set(cells.map((c) => c.value))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }))
  const byCode = new Map(cells.map((c) => [c.item.code, c.item]))
  const items = [...byCode.values()].sort((a, b) => a.name.localeCompare(b.name) || a.code.localeCompare(b.code))
  const xOf = new Map(items.map((it, i) => [it.code, i]))
  const yOf = new Map(values.map((v, i) => [v, i]))
  const placed = cells.map((c) => ({ ...c, x: xOf.get(c.item.code)!, y: yOf.get(c.value)! }))
  const shown = placed.filter((c) => !c.suppressed && c.index !== null)
  const byIndex = [...shown].sort((a, b) => b.index! - a.index! || a.x - b.x || a.y - b.y)
  return { values, items, shown, suppressed: placed.filter((c) => c.suppressed), highest: byIndex[0] ?? null, lowest: byIndex.at(-1) ?? null }
}
