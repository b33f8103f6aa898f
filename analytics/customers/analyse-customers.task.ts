import { analyseCustomers, type AnalyseCustomersParams, type CustomerAnalysis } from './analyse-customers.js'
import type { CustomerData } from './customer-source.repo.js'

export type AnalyseCustomersInput = { data: CustomerData; params: AnalyseCustomersParams }

/** Worker entry (analytics/jobs runInWorker). */
export function analyseCustomersTask(input: AnalyseCustomersInput, report: (phase: string, done: number, total: number) => void): CustomerAnalysis {
  return analyseCustomers(input.data, input.params, report)
}
