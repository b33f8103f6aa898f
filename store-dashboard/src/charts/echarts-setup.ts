// Only the parts of ECharts the dashboard draws, so the chunk stays small: line, bar, graph and
// heatmap charts, their grid, tooltip, legend and visual map, on the canvas renderer.
import { BarChart, GraphChart, HeatmapChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import { init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([LineChart, BarChart, GraphChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer])

export { init }
