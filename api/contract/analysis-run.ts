import { z } from 'zod'
import { PageQuerySchema } from './common.js'

export const RunStatusSchema = z
  .enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
  .meta({ id: 'RunStatus', description: 'queued → running → succeeded | failed | cancelled; a queued run may go straight to cancelled' })
export type RunStatus = z.infer<typeof RunStatusSchema>

/** The finished statuses: a run in one of them no longer changes. */
export const FINISHED_STATUSES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly RunStatus[]

/** How far a run has got in its current phase. */
export const RunProgressSchema = z
  .object({
    phase: z.string().nullable().describe('Name of the current phase (extract, mine, save, ...); null before the first report'),
    done: z.number().nullable().describe('Units of the phase done'),
    total: z.number().nullable().describe('Units of the phase in all; 0 when not known in advance'),
    percent: z.number().nullable().describe('100 · done / total, one decimal; null when total is unknown'),
  })
  .meta({ id: 'RunProgress' })
export type RunProgress = z.infer<typeof RunProgressSchema>

/**
 * One execution of an analysis job. Runs are versioned per kind and scope: the third
 * affinity run over store S001 is `{ kind: 'affinity', scopeKey: 'store:S001', version: 3 }`.
 * Its results (in tables of its kind) are to be read only when `status` is 'succeeded'.
 */
export const AnalysisRunSchema = z
  .object({
    runId: z.number().int().describe('Identifier of the run; its results are keyed by it'),
    kind: z.string().describe("The analysis: 'affinity', 'customers', ..."),
    scopeKey: z.string().describe("What the run covers, as its kind names it: 'chain', 'store:S001', ..."),
    version: z.number().int().min(1).describe('1, 2, 3, ... per kind and scopeKey, in creation order'),
    status: RunStatusSchema,
    params: z.record(z.string(), z.unknown()).describe('Parameters the run was started with (object keys in camelCase)'),
    dataFrom: z.string().nullable().describe('First business day of the data analysed (YYYY-MM-DD)'),
    dataTo: z.string().nullable().describe('Last business day of the data analysed (YYYY-MM-DD)'),
    progress: RunProgressSchema,
    counts: z.record(z.string(), z.unknown()).nullable().describe('What the run read and produced (baskets, rules, ...); set when it succeeds'),
    timings: z.record(z.string(), z.number()).nullable().describe('Milliseconds spent in each phase'),
    error: z.string().nullable().describe('Why the run failed'),
    requestedBy: z.string().nullable().describe('Who started the run (key name, CLI user)'),
    cancelRequested: z.boolean().describe('A cancel was asked for and the run has not stopped yet, or stopped because of it'),
    createdAt: z.string().describe('When the run was requested (ISO 8601)'),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'AnalysisRun' })
export type AnalysisRun = z.infer<typeof AnalysisRunSchema>

export const RunIdParamSchema = z.object({
  runId: z.coerce
    .number({ error: 'must be a positive integer' })
    .int('must be a positive integer')
    .min(1, 'must be a positive integer')
    .max(Number.MAX_SAFE_INTEGER, 'must be a positive integer')
    .describe('runId of the run'),
})

/** Filters and keyset paging of GET /v1/analysis-runs (newest first). */
export const AnalysisRunListQuerySchema = PageQuerySchema.extend({
  kind: z.string().max(64).optional().describe("Only runs of this kind, e.g. 'affinity'"),
  status: RunStatusSchema.optional().describe('Only runs in this status'),
  scopeKey: z.string().max(200).optional().describe("Only runs over this scope, e.g. 'store:S001'"),
  cursor: z.string().regex(/^[1-9][0-9]{0,15}$/, 'must be the nextCursor of the previous page').optional().describe('nextCursor from the previous page'),
})
export type AnalysisRunListQuery = z.infer<typeof AnalysisRunListQuerySchema>
