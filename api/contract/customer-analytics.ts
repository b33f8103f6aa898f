import { z } from 'zod'
import { DateSchema, PageQuerySchema } from './common.js'
import { ATTRIBUTES } from './demographic-attributes.js'

export const CUSTOMER_LEVELS = ['department', 'category', 'subcategory'] as const
export const ATTRIBUTE_NAMES = ATTRIBUTES.map((a) => a.name) as [(typeof ATTRIBUTES)[number]['name'], ...(typeof ATTRIBUTES)[number]['name'][]]
export const SELECTIONS = ['lapsed', 'unprofitable', 'at-risk'] as const
export type SelectionName = (typeof SELECTIONS)[number]

export const CustomerRunRequestSchema = z
  .object({
    from: DateSchema.optional().describe('First business day (inclusive); default: all data'),
    to: DateSchema.optional().describe('Last business day (inclusive), also the day recency and lapses are measured at; default: the last day with data'),
    levels: z.array(z.enum(CUSTOMER_LEVELS)).min(1).max(3).default(['department', 'category', 'subcategory']).describe('Hierarchy levels of the demographic patterns'),
    baseline: z.enum(['chain', 'scope']).default('chain').describe("What a store's or region's index compares with: the chain's card holders (chain = 100) or its own (store = 100)"),
    fdr: z.number().gt(0).max(0.5).default(0.05).describe('False discovery rate (Benjamini–Hochberg) of the flagged differences'),
    minIndex: z.number().min(100).max(1000).default(120).describe('Least index flagged as over (and its reciprocal as under)'),
    lapse: z
      .object({
        minVisits: z.number().int().min(3).max(100).default(5).describe('Visits needed before a customer can be judged lapsed'),
        gapPercentile: z.number().min(0.5).max(1).default(0.95).describe("Lapsed: no visit for longer than this percentile of the customer's own gaps, and improbably long at their own rate"),
        fdr: z.number().gt(0).max(0.5).default(0.01).describe('False discovery rate of the lapsed selection (BH over the silences\' p-values at each customer\'s own rate)'),
      })
      .strict()
      .default({ minVisits: 5, gapPercentile: 0.95, fdr: 0.01 }),
    clusters: z
      .object({ kMin: z.number().int().min(2).max(20).default(2), kMax: z.number().int().min(2).max(20).default(8), seed: z.number().int().min(0).default(1) })
      .strict()
      .refine((c) => c.kMin <= c.kMax, { message: 'kMin must not be above kMax', path: ['kMin'] })
      .default({ kMin: 2, kMax: 8, seed: 1 })
      .describe('Behavioural segments: k-means for each k in kMin..kMax, k chosen by the highest mean silhouette'),
  })
  .strict()
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, { message: 'from must not be after to', path: ['from'] })
  .meta({ id: 'CustomerRunRequest' })
export type CustomerRunRequest = z.infer<typeof CustomerRunRequestSchema>

export const CustomerScopeSchema = z
  .object({ scope: z.string(), kind: z.enum(['chain', 'region', 'store']), label: z.string(), customers: z.number().int().nullable().describe('null: suppressed (fewer than the minimum)') })
  .meta({ id: 'CustomerScope' })

export const DemographicCellSchema = z
  .object({
    attribute: z.string(),
    value: z.string(),
    item: z.object({ code: z.string(), name: z.string() }),
    suppressed: z.boolean().describe('true: fewer customers than the minimum cell size; the figures are withheld'),
    customers: z.number().int().nullable(),
    buyers: z.number().int().nullable(),
    penetration: z.number().nullable().describe('Share of the segment that bought the item'),
    spendShare: z.number().nullable().describe("The item's share of the segment's spend"),
    spendPerCustomerCents: z.number().nullable(),
    index: z.number().nullable().describe("Penetration against the baseline's ×100"),
    spendIndex: z.number().nullable(),
    pValue: z.number().nullable().describe("Fisher's exact test of penetration against the rest of the baseline's card holders"),
    qValue: z.number().nullable(),
    spendPValue: z.number().nullable().describe("Welch's t-test of spend per customer against the rest of the baseline's"),
    spendQValue: z.number().nullable(),
    flag: z.enum(['over', 'under', 'none']).nullable().describe('Significant (BH over both tests) and at least the minimum index, over or under'),
  })
  .meta({ id: 'DemographicCell' })

export const DemographicQuerySchema = PageQuerySchema.extend({
  scope: z.string().min(1).max(100).default('chain').describe("'chain', 'region:<name>' or 'store:<code>'"),
  level: z.enum(CUSTOMER_LEVELS).default('category'),
  attribute: z.enum(ATTRIBUTE_NAMES).optional(),
  item: z.string().max(64).optional().describe('An item code of the level'),
  flagged: z.enum(['over', 'under', 'any']).optional().describe('Only cells flagged so'),
  minCustomers: z.coerce.number().int().min(1).max(10_000).optional().describe('Suppress cells with fewer customers (store managers: never below the configured minimum)'),
})

export const StoreProfileSchema = z
  .object({
    scope: z.string(),
    label: z.string(),
    cluster: z.number().int(),
    similar: z.array(z.object({ scope: z.string(), label: z.string(), distance: z.number() })),
    distinctive: z.array(z.object({ feature: z.string(), z: z.number() })),
    demographics: z.array(
      z.object({ attribute: z.string(), value: z.string(), suppressed: z.boolean(), customers: z.number().int().nullable(), share: z.number().nullable(), chainShare: z.number(), index: z.number().nullable(), qValue: z.number().nullable(), flag: z.enum(['over', 'under', 'none']).nullable() }),
    ),
    salesMix: z.array(z.object({ department: z.string(), share: z.number() })),
  })
  .meta({ id: 'StoreProfile' })

export const CustomerSegmentSchema = z
  .object({ kind: z.enum(['behaviour', 'rfm', 'tier']), segment: z.string(), label: z.string(), customers: z.number().int(), spendCents: z.number(), marginCents: z.number(), profile: z.record(z.string(), z.unknown()) })
  .meta({ id: 'CustomerSegment' })

export const SelectionQuerySchema = PageQuerySchema.extend({
  selection: z.enum(SELECTIONS).optional().describe('Only customers in this selection'),
  rfmSegment: z.string().max(40).optional(),
  behaviourSegment: z.coerce.number().int().min(0).max(100).optional(),
  marginDecile: z.coerce.number().int().min(1).max(10).optional(),
})

export const CustomerScoreSchema = z
  .object({
    customerRef: z.string(),
    visits: z.number().int(),
    firstVisit: z.string(),
    lastVisit: z.string(),
    spendCents: z.number(),
    marginCents: z.number(),
    promoShare: z.number(),
    recencyDays: z.number().int(),
    r: z.number().int(), f: z.number().int(), m: z.number().int(),
    rfmSegment: z.string(),
    marginDecile: z.number().int(),
    negativeMargin: z.boolean(),
    behaviourSegment: z.number().int(),
    usualGapDays: z.number().nullable(),
    lapsed: z.boolean(),
    driftedOn: z.string().nullable(),
    atRisk: z.boolean(),
    atRiskReason: z.string().nullable(),
    unprofitable: z.boolean(),
    unprofitableReason: z.string().nullable(),
  })
  .meta({ id: 'CustomerScore' })

export const ExportQuerySchema = z.object({
  selection: z.enum(SELECTIONS),
  channel: z.enum(['postal_mail', 'email', 'none']).default('none').describe("Contact data of this channel, for customers who consented to marketing by it; 'none': no contact data"),
})
