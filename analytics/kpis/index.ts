// KPI summaries behind the store dashboard (docs/DASHBOARD.md): the refresh job, the reads and
// the pure figures. The only file other folders import from analytics/kpis.
export { KPIS_KIND, startKpiRefresh, startKpiRefreshIfStale } from './kpis.job.js'
export { kpisAreStale, LAPSE_WEEKS, readKpiRefresh, receiptWatermark, refreshKpis, type KpiRefreshCounts, type KpiRefreshState } from './refresh-kpis.repo.js'
export { readChainWeeks, readStoreWeeks } from './kpis-read.repo.js'
export { addDays, DEFAULT_WEEKS, lapsedKnownThrough, resolveWindow, weekStartOf, type KpiWindow } from './kpi-window.js'
export { alignToChain, chainWeekFigures, compareWindows, weekFigures, windowTotals, type WeekSums } from './summarise-kpis.js'
