// The wire types the dashboard reads, inferred from the API's zod contract (api/contract):
// one source of truth. Type-only imports: nothing of zod reaches the browser bundle.
import type { z } from 'zod'
import type { AffinityRuleSchema, AffinityScopeSchema, GoesWithSchema, ItemSchema } from '../../../api/contract/affinity.js'
import type { AnalysisRun, RunStatus } from '../../../api/contract/analysis-run.js'
import type { Session, SessionUser, User, UserInput, UserPatch } from '../../../api/contract/auth.js'
import type { Problem } from '../../../api/contract/common.js'
import type { CustomerScopeSchema, CustomerSegmentSchema, DemographicCellSchema } from '../../../api/contract/customer-analytics.js'
import type { ChainKpiWeek, DashboardStore, KpiChange, KpiReport, KpiTotals, KpiWeek } from '../../../api/contract/dashboard.js'
import type { UnmappedSku } from '../../../api/contract/product.js'

export type { AnalysisRun, ChainKpiWeek, DashboardStore, KpiChange, KpiReport, KpiTotals, KpiWeek, Problem, RunStatus, Session, SessionUser, UnmappedSku, User, UserInput, UserPatch }
export type Role = SessionUser['role']
export type Item = z.infer<typeof ItemSchema>
export type AffinityRule = z.infer<typeof AffinityRuleSchema>
export type AffinityScope = z.infer<typeof AffinityScopeSchema>
export type GoesWith = z.infer<typeof GoesWithSchema>
export type CustomerScope = z.infer<typeof CustomerScopeSchema>
export type DemographicCell = z.infer<typeof DemographicCellSchema>
export type CustomerSegment = z.infer<typeof CustomerSegmentSchema>
export type Page<T> = { items: T[]; nextCursor: string | null }
