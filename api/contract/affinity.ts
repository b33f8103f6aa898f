import { z } from 'zod'
import { CodeSchema, DateSchema, PageQuerySchema } from './common.js'

/** Levels of the product hierarchy an affinity run mines at (lines rolled up, one item per basket per level). */
export const LEVELS = ['sku', 'subcategory', 'category', 'department'] as const
export type Level = (typeof LEVELS)[number]
export const LevelSchema = z.enum(LEVELS).meta({ id: 'Level', description: 'Hierarchy level of the items: sku, subcategory, category or department' })

/** 'chain', 'stores' (each store), 'regions' (each region), 'store:<code>', 'region:<name>'. */
export const ScopeSchema = z
  .string()
  .regex(/^(chain|stores|regions|store:[A-Za-z0-9][A-Za-z0-9_-]{0,31}|region:[^\s].{0,63})$/, "must be 'chain', 'stores', 'regions', 'store:<code>' or 'region:<name>'")
  .describe("'chain' (all stores together), 'stores' (each store), 'regions' (each region), 'store:<code>' or 'region:<name>'")

export const SegmentSchema = z
  .object({
    gender: z.array(z.enum(['female', 'male', 'other', 'undisclosed'])).min(1).optional(),
    incomeBand: z.array(z.enum(['low', 'lower_middle', 'middle', 'upper_middle', 'high'])).min(1).optional(),
    education: z.array(z.enum(['primary', 'secondary', 'vocational', 'tertiary', 'postgraduate'])).min(1).optional(),
    ageFrom: z.number().int().min(0).max(120).optional().describe('Youngest age (years in the year the window ends)'),
    ageTo: z.number().int().min(0).max(120).optional(),
    children: z.boolean().optional().describe('Households with children (true) or without (false)'),
  })
  .strict()
  .refine((s) => s.ageFrom === undefined || s.ageTo === undefined || s.ageFrom <= s.ageTo, { message: 'ageFrom must not be above ageTo', path: ['ageFrom'] })
  .meta({ id: 'Segment', description: 'Card holders by demographics; only customers who allow profiling are selected' })

export const AffinityRunRequestSchema = z
  .object({
    targets: z
      .array(z.object({ level: LevelSchema, scopes: z.array(ScopeSchema).min(1).max(50) }).strict())
      .min(1)
      .max(4)
      .default([{ level: 'category', scopes: ['chain'] }])
      .describe('What to mine: at each level, the scopes. Stores are compared with their region (when mined) and the chain (when mined).'),
    from: DateSchema.optional().describe('First business day (inclusive); default: all data'),
    to: DateSchema.optional().describe('Last business day (inclusive)'),
    customers: z.enum(['all', 'card-holders']).default('all').describe("'all' includes anonymous baskets"),
    segment: SegmentSchema.optional(),
    minSupport: z
      .number()
      .positive('must be greater than 0')
      .refine((x) => x < 1 || Number.isInteger(x), 'a support of 1 or more is a basket count and must be an integer')
      .default(0.01)
      .describe('Fraction of the scope\'s baskets (0 < s < 1), or a basket count (an integer of 1 or more)'),
    minConfidence: z.number().min(0).max(1).default(0.1),
    minLift: z.number().min(0).default(1),
    maxLength: z.number().int().min(2).max(8).default(4).describe('Largest itemset (antecedent and consequent together)'),
    alpha: z.number().gt(0).max(1).default(0.05).describe('False discovery rate of the rules kept (Benjamini–Hochberg over Fisher p-values)'),
    onlyItems: z.array(CodeSchema).min(1).max(500).optional().describe('Only rules about these items (codes at the level) or categories (category codes)'),
    onlyIn: z.enum(['either', 'antecedent', 'consequent']).default('either'),
    neverItems: z.array(CodeSchema).min(1).max(500).optional().describe('Never rules about these items or categories: they are left out of mining'),
    keepInsignificant: z.boolean().default(false),
    keepRedundant: z.boolean().default(false),
    substitutes: z.boolean().default(true).describe('Also report pairs bought together much less than chance'),
    maxCompared: z.number().int().min(1).max(100_000).default(2000).describe('Stores and regions are compared with their baseline over every pair rule and this many of the strongest (by lift) longer rules of each side'),
  })
  .strict()
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, { message: 'from must not be after to', path: ['from'] })
  .meta({ id: 'AffinityRunRequest' })
export type AffinityRunRequest = z.infer<typeof AffinityRunRequestSchema>

export const ItemSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string() }).meta({ id: 'Item' })

export const AffinityRuleSchema = z
  .object({
    ruleNo: z.number().int(),
    antecedent: z.array(ItemSchema),
    consequent: ItemSchema,
    count: z.number().int().describe('Baskets holding antecedent and consequent'),
    antecedentCount: z.number().int(),
    consequentCount: z.number().int(),
    support: z.number(),
    confidence: z.number(),
    lift: z.number(),
    leverage: z.number(),
    conviction: z.number().nullable().describe('null: infinite (confidence 1)'),
    pValue: z.number().nullable().describe("Fisher's exact test, one-sided"),
    qValue: z.number().nullable().describe('Benjamini–Hochberg adjusted across the scope\'s rules'),
  })
  .meta({ id: 'AffinityRule' })

export const AffinityScopeSchema = z
  .object({
    scope: z.string(),
    level: LevelSchema,
    basketCount: z.number().int(),
    itemsetCount: z.number().int(),
    rulesTested: z.number().int(),
    ruleCount: z.number().int(),
    minCount: z.number().int().describe('The minimum support as a basket count in this scope'),
    baselineScope: z.string().nullable(),
    baselineBasketCount: z.number().int().nullable(),
  })
  .meta({ id: 'AffinityScope' })

export const AffinityComparisonSchema = z
  .object({
    antecedent: z.array(ItemSchema),
    consequent: ItemSchema,
    local: z.object({ basketCount: z.number().int(), antecedentCount: z.number().int(), count: z.number().int(), lift: z.number().nullable() }),
    baseline: z.object({ scope: z.string(), basketCount: z.number().int().describe('Baskets of the baseline without the local ones'), antecedentCount: z.number().int(), count: z.number().int(), lift: z.number().nullable() }),
    liftRatio: z.number().nullable(),
    liftRatioLow: z.number().nullable().describe('95% interval'),
    liftRatioHigh: z.number().nullable(),
    verdict: z.enum(['stronger', 'weaker', 'similar', 'thin-data']),
    adviceSource: z.string().describe('Whose figures the advice rests on: store, region or chain (the local data is thin when not the local scope)'),
    adviceLift: z.number().nullable(),
    note: z.string(),
  })
  .meta({ id: 'AffinityComparison' })

export const SubstituteSchema = z
  .object({
    a: ItemSchema,
    b: ItemSchema,
    count: z.number().int(),
    expected: z.number(),
    aCount: z.number().int(),
    bCount: z.number().int(),
    yuleQ: z.number(),
    lift: z.number(),
    pValue: z.number(),
    qValue: z.number(),
  })
  .meta({ id: 'Substitute' })

export const RULE_SORTS = ['lift', 'confidence', 'support', 'leverage', 'conviction', 'count', 'pValue', 'qValue'] as const

const scopeQuery = {
  scope: z.string().max(100).default('chain').describe("The scope, as listed by the run's scopes ('chain', 'store:S001', ...)"),
  level: LevelSchema.optional().describe("The level (default: the run's first target level)"),
}

const exactRule = {
  antecedent: z.string().max(400).optional().describe('Only rules whose antecedent is exactly these item codes (comma-separated)'),
  consequent: z.string().max(64).optional().describe('Only rules with this item code as consequent'),
}

export const RuleListQuerySchema = PageQuerySchema.extend({
  ...scopeQuery,
  ...exactRule,
  item: z.string().max(64).optional().describe('Only rules mentioning this item code, or any item of this category code'),
  itemIn: z.enum(['either', 'antecedent', 'consequent']).default('either'),
  minLift: z.coerce.number().min(0).optional(),
  minConfidence: z.coerce.number().min(0).max(1).optional(),
  maxSize: z.coerce.number().int().min(2).max(8).optional().describe('Only rules of at most this many items, antecedent and consequent together (2: pair rules, as a network of items draws them)'),
  sort: z.enum(RULE_SORTS).default('lift'),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().regex(/^[0-9]{1,9}$/, 'must be the nextCursor of the previous page').optional(),
})

export const ComparisonListQuerySchema = PageQuerySchema.extend({
  ...scopeQuery,
  ...exactRule,
  verdict: z.enum(['stronger', 'weaker', 'similar', 'thin-data']).optional(),
  cursor: z.string().regex(/^[0-9]{1,9}$/, 'must be the nextCursor of the previous page').optional(),
})

export const SubstituteListQuerySchema = PageQuerySchema.extend({
  ...scopeQuery,
  cursor: z.string().regex(/^[0-9]{1,9}$/, 'must be the nextCursor of the previous page').optional(),
})

export const GoesWithQuerySchema = z.object({
  ...scopeQuery,
  item: z.string().min(1).max(64).describe('An item code at the level, or a category code (any of its items)'),
  limit: z.coerce.number().int().min(1).max(100).default(10),
})

export const GoesWithSchema = z
  .object({
    item: z.string(),
    scope: z.string(),
    level: LevelSchema,
    basketCount: z.number().int().describe('Baskets behind the figures'),
    pullsIn: z.array(AffinityRuleSchema).describe('Rules X → Y: what buyers of X also buy, strongest first'),
    pulledBy: z.array(AffinityRuleSchema).describe('Rules Y → X: what leads to X'),
  })
  .meta({ id: 'GoesWith' })

export const CompleteBasketRequestSchema = z
  .object({
    scope: z.string().max(100).default('chain'),
    level: LevelSchema.optional(),
    items: z.array(z.string().min(1).max(64)).min(1).max(100).describe('Codes of the items in the basket'),
    limit: z.number().int().min(1).max(50).default(5),
  })
  .strict()

export const SuggestionSchema = z
  .object({ item: ItemSchema, confidence: z.number(), lift: z.number(), count: z.number().int(), because: AffinityRuleSchema })
  .meta({ id: 'Suggestion' })
