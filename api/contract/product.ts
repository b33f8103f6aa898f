import { z } from 'zod'
import { CodeSchema, DateSchema, NonNegativeCentsSchema } from './common.js'
import { plainText } from './plain-text.js'
import { ReceiptLineSchema } from './receipt.js'

/** The same SKU domain the tills send (1 to 64 characters, no control characters), so a catalog entry can always match a sales line. */
export const SkuSchema = ReceiptLineSchema.shape.sku

/**
 * A node of the merchandise hierarchy, named by its code. Nodes are created
 * when first named; `name` defaults to the code on creation and, when given,
 * renames the node.
 */
export const HierarchyNodeInputSchema = z
  .object({
    code: CodeSchema.describe('Unique across its level, e.g. DAIRY, MILK, FRESH-MILK'),
    name: plainText(200).optional().describe('Display name; defaults to the code for a new node'),
  })
  .strict()
  .meta({ id: 'HierarchyNodeInput' })

export const HierarchyNodeSchema = z.object({ code: z.string(), name: z.string() }).meta({ id: 'HierarchyNode' })

/**
 * A catalog product as created or upserted, keyed by `sku`. Money is in integer
 * minor units. On CSV the hierarchy uses dotted headers: department.code,
 * department.name, category.code, ...
 * @example { "sku": "FRESH-MILK-01", "name": "Campina whole milk 1 l", "department": { "code": "DAIRY" }, "category": { "code": "MILK" }, "subcategory": { "code": "FRESH-MILK" }, "packSize": 1, "packUnit": "L", "regularPriceCents": 129 }
 */
export const ProductInputSchema = z
  .object({
    sku: SkuSchema.describe('Retailer item id, as the tills send it in sales lines'),
    gtin: z.string().regex(/^[0-9]{8,14}$/, '8 to 14 digits').optional().describe('Barcode (GTIN-8/12/13/14)'),
    name: plainText(200),
    brand: plainText(100).optional(),
    ownBrand: z.boolean().default(false).describe("The retailer's own label"),
    department: HierarchyNodeInputSchema,
    category: HierarchyNodeInputSchema.describe('Belongs to the department; a category stays under one department'),
    subcategory: HierarchyNodeInputSchema.describe('Belongs to the category; a subcategory stays under one category'),
    packSize: z
      .number()
      .positive('must be greater than 0')
      .max(1_000_000)
      .refine((q) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6, 'at most 3 decimals')
      .optional()
      .describe('Content of one pack, in packUnit'),
    packUnit: z.enum(['EA', 'G', 'KG', 'ML', 'L', 'M']).optional(),
    unitCostCents: NonNegativeCentsSchema.optional().describe('Purchase cost per unit, minor units'),
    regularPriceCents: NonNegativeCentsSchema.optional().describe('Shelf price before promotions, minor units'),
    launchedOn: DateSchema.optional(),
    active: z.boolean().default(true).describe('false once delisted; its sales history stays'),
  })
  .strict()
  .meta({ id: 'ProductInput' })
export type ProductInput = z.infer<typeof ProductInputSchema>

/** A product as read back. Hierarchy nodes are null only for products loaded without one outside the API. */
export const ProductSchema = z
  .object({
    sku: z.string(),
    gtin: z.string().nullable(),
    name: z.string(),
    brand: z.string().nullable(),
    ownBrand: z.boolean(),
    department: HierarchyNodeSchema.nullable(),
    category: HierarchyNodeSchema.nullable(),
    subcategory: HierarchyNodeSchema.nullable(),
    packSize: z.number().nullable(),
    packUnit: ProductInputSchema.shape.packUnit.unwrap().nullable(),
    unitCostCents: z.number().int().nullable(),
    regularPriceCents: z.number().int().nullable(),
    launchedOn: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Product' })
export type Product = z.infer<typeof ProductSchema>

/** 'true' or 'false' in a query string (z.coerce.boolean would read 'false' as true). */
export const QueryBooleanSchema = z.enum(['true', 'false']).transform((v) => v === 'true')

export const ProductListQuerySchema = z.object({
  department: CodeSchema.optional().describe('Department code'),
  category: CodeSchema.optional().describe('Category code'),
  subcategory: CodeSchema.optional().describe('Subcategory code'),
  brand: plainText(100).optional().describe('Exact brand'),
  ownBrand: QueryBooleanSchema.optional(),
  active: QueryBooleanSchema.optional(),
  q: plainText(100).optional().describe('Case-insensitive substring of the name'),
})

/** A SKU that tills sold but the catalog does not know, per store. Creating the product resolves it. */
export const UnmappedSkuSchema = z
  .object({
    storeCode: z.string(),
    sku: z.string(),
    firstBusinessDay: z.string(),
    lastBusinessDay: z.string(),
    lineCount: z.number().int().describe('Sales lines stored with this SKU while unmapped'),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
  })
  .meta({ id: 'UnmappedSku' })
export type UnmappedSku = z.infer<typeof UnmappedSkuSchema>

export const UnmappedSkuQuerySchema = z.object({ store: CodeSchema.optional().describe('Store code') })
