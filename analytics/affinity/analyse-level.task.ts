import { analyseScopes, type AnalyseInput, type ScopeResult } from './analyse-scopes.js'
import { rollUpBaskets } from './roll-up-baskets.js'
import type { Baskets, Progress } from './types.js'

export type AnalyseLevelInput = Omit<AnalyseInput, 'baskets'> & {
  /** SKU-level baskets, and the map to the mining level (null: mine SKUs). */
  baskets: Baskets
  rollUp: { map: Int32Array; itemCount: number } | null
}

/** Worker entry (analytics/jobs runInWorker): roll the baskets up to the level, then analyseScopes. */
export function analyseLevel(input: AnalyseLevelInput, report: Progress): ScopeResult[] {
  const baskets = input.rollUp ? rollUpBaskets(input.baskets, input.rollUp.map, input.rollUp.itemCount) : input.baskets
  return analyseScopes({ ...input, baskets }, report)
}
