import { z } from 'zod'
import { CodeSchema, DateSchema, PageQuerySchema } from './common.js'

/** A store as the dashboard lists it: enough to pick one and label it. */
export const DashboardStoreSchema = z
  .object({
    code: z.string().describe("The retailer's store number, e.g. S017"),
    name: z.string(),
    region: z.string(),
    format: z.enum(['hypermarket', 'supermarket', 'convenience', 'discount', 'online']),
  })
  .meta({ id: 'DashboardStore' })
export type DashboardStore = z.infer<typeof DashboardStoreSchema>

export const DashboardStoreListSchema = z.object({ items: z.array(DashboardStoreSchema).describe('In code order; a store manager gets only their stores') })

/** GET /v1/dashboard/kpis: one store beside the chain, or the chain alone. */
export const KpiQuerySchema = z
  .object({
    store: CodeSchema.optional().describe('Store code; omitted: the chain only'),
    from: DateSchema.optional().describe('A day of the first week shown (weeks run Monday to Sunday); default: 12 weeks before the last'),
    to: DateSchema.optional().describe('A day of the last week shown; default: the last business day in the summaries'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
export type KpiQuery = z.infer<typeof KpiQuerySchema>

/**
 * One week's KPIs of a store (docs/DASHBOARD.md): sales, baskets and card-holder counts as
 * counted; average basket and card share as ratios of the week's sums.
 */
export const KpiWeekSchema = z
  .object({
    weekStart: z.string().describe('Monday of the ISO week (YYYY-MM-DD)'),
    salesCents: z.number().describe('Sum of receipt totals, minor units'),
    baskets: z.number().describe('Receipts'),
    averageBasketCents: z.number().nullable().describe('salesCents / baskets, unrounded; null without baskets'),
    cardSalesShare: z.number().nullable().describe('Share of sales on linked loyalty cards, 0 to 1; null without sales'),
    activeCardHolders: z.number().describe('Distinct card holders with a linked receipt in the week'),
    newCardHolders: z.number().describe('Card holders whose first linked receipt anywhere in the chain fell in this week, at this store'),
    lapsedCardHolders: z
      .number()
      .nullable()
      .describe('Card holders whose visit this week was their last here for 8 weeks, after at least 2 visits here; null until those 8 weeks are in the data'),
  })
  .meta({ id: 'KpiWeek' })
export type KpiWeek = z.infer<typeof KpiWeekSchema>

export const ChainKpiWeekSchema = KpiWeekSchema.extend({
  stores: z.number().int().describe('Stores with receipts in the week: the divisor of the per-store averages'),
})
  .describe('The chain in one week: salesCents, baskets and the card-holder counts are per-store averages over the stores trading that week; averageBasketCents and cardSalesShare are chain-wide ratios')
  .meta({ id: 'ChainKpiWeek' })
export type ChainKpiWeek = z.infer<typeof ChainKpiWeekSchema>

/** A window of whole weeks, summed. For the chain, each week's per-store average is summed. */
export const KpiTotalsSchema = z
  .object({
    from: z.string().describe('Monday of the first week (YYYY-MM-DD)'),
    to: z.string().describe('Sunday of the last week (YYYY-MM-DD)'),
    weeks: z.number().int().describe('Weeks of the window with receipts in the chain; 0: no data, every figure null'),
    salesCents: z.number().nullable(),
    baskets: z.number().nullable(),
    averageBasketCents: z.number().nullable().describe('Sales / baskets over the window'),
    cardSalesShare: z.number().nullable().describe('Card sales / sales over the window'),
    averageWeeklyActiveCardHolders: z.number().nullable().describe('Mean of the weekly active card holders (the same holder counts in each week they come)'),
    newCardHolders: z.number().nullable(),
    lapsedCardHolders: z.number().nullable().describe('null when a week of the window does not know its lapses yet'),
  })
  .meta({ id: 'KpiTotals' })
export type KpiTotals = z.infer<typeof KpiTotalsSchema>

/** How the window compares with the one before it; null where either side is missing or zero. */
export const KpiChangeSchema = z
  .object({
    salesCents: z.number().nullable().describe('Relative change: (current − previous) / previous; 0.05 = +5 %'),
    baskets: z.number().nullable().describe('Relative change'),
    averageBasketCents: z.number().nullable().describe('Relative change'),
    averageWeeklyActiveCardHolders: z.number().nullable().describe('Relative change'),
    newCardHolders: z.number().nullable().describe('Relative change'),
    lapsedCardHolders: z.number().nullable().describe('Relative change'),
    cardSalesSharePoints: z.number().nullable().describe('Difference of the shares, current − previous (0.02 = 2 percentage points up)'),
  })
  .meta({ id: 'KpiChange' })
export type KpiChange = z.infer<typeof KpiChangeSchema>

/** `current`: the window asked for; `previous`: the same number of weeks just before it. */
export const KpiComparisonSchema = z
  .object({ current: KpiTotalsSchema, previous: KpiTotalsSchema, change: KpiChangeSchema })
  .meta({ id: 'KpiComparison', description: '`current`: the window asked for; `previous`: the same number of weeks just before it; `change` from previous to current' })
export type KpiComparison = z.infer<typeof KpiComparisonSchema>

export const KpiReportSchema = z
  .object({
    store: DashboardStoreSchema.nullable().describe('The store asked for; null: the chain only'),
    weeks: z.array(KpiWeekSchema).describe("The store's weeks, oldest first, one for each week of `chain` (zeros where the store sold nothing); empty without a store"),
    chain: z.array(ChainKpiWeekSchema).describe('The chain per week, oldest first: weeks of the window with receipts'),
    totals: KpiComparisonSchema,
    chainTotals: KpiComparisonSchema,
    lapsedKnownThrough: z.string().nullable().describe('Monday of the last week whose lapsed card holders are known'),
    dataThrough: z.string().nullable().describe('Last business day the summaries include'),
    refreshedAt: z.string().nullable().describe('When the summaries were built (ISO 8601); null: never'),
  })
  .meta({
    id: 'KpiReport',
    description:
      '`totals`: the store (without a store, the chain as a per-store average), this window against the previous one; ' +
      '`chainTotals`: the chain as a per-store average, likewise (the same as `totals` without a store)',
  })
export type KpiReport = z.infer<typeof KpiReportSchema>

export const DashboardUnmappedQuerySchema = PageQuerySchema.extend({
  store: CodeSchema.optional().describe('One store; omitted: every store the caller may see'),
})
