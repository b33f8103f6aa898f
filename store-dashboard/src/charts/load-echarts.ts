type EchartsModule = typeof import('./echarts-setup.js')

let loading: Promise<EchartsModule> | null = null

/** ECharts, loaded on first use in a chunk of its own: the sign-in page does not wait for it. */
export function loadEcharts(): Promise<EchartsModule> {
  return (loading ??= import('./echarts-setup.js'))
}
