import { z } from 'zod'
import { CentsSchema, CodeSchema, DateSchema, NonNegativeCentsSchema, QuantitySchema } from './common.js'
import { plainText } from './plain-text.js'

const TillIdSchema = z.string().min(1).max(32).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')

/** Where a return line came from: the original sale's natural key, same store. */
export const ReturnOfSchema = z
  .object({
    terminalId: TillIdSchema,
    businessDay: DateSchema,
    receiptNo: TillIdSchema,
    lineNo: z.number().int().min(1).max(9999).optional(),
  })
  .strict()
  .meta({ id: 'ReturnOf' })

/**
 * One line of a receipt. `netAmountCents` is signed: a sale line is
 * quantity × unitPrice − discount (rounded to the cent), a return line its negative.
 * @example { "lineNo": 1, "kind": "sale", "sku": "SKU-40411", "quantity": 2, "unitPriceCents": 249, "netAmountCents": 498 }
 */
export const ReceiptLineSchema = z
  .object({
    lineNo: z.number().int().min(1).max(9999).describe('Position on the receipt, unique within it'),
    kind: z.enum(['sale', 'return']).default('sale'),
    sku: plainText(64).describe('Retailer item id (ARTS ItemID)'),
    gtin: z.string().regex(/^[0-9]{8,14}$/, '8 to 14 digits').optional().describe('Scanned barcode (ARTS POSItemID)'),
    quantity: QuantitySchema.describe('Units, or kg/l for weighed items; fractional up to 3 decimals'),
    unitPriceCents: NonNegativeCentsSchema.describe('Price per unit before discounts, minor units'),
    discountCents: NonNegativeCentsSchema.default(0).describe('Reduction on this line, minor units'),
    netAmountCents: CentsSchema.describe('Line total after discount, minor units; negative for returns'),
    couponCode: plainText(64).optional().describe('Coupon that gave this line its discount'),
    voided: z.boolean().default(false).describe('Voided at the till: stored for audit, left out of totals and baskets'),
    returnOf: ReturnOfSchema.optional().describe('The original sale, when the till knows it (return lines only)'),
  })
  .strict()
  .meta({ id: 'ReceiptLine' })
export type ReceiptLine = z.infer<typeof ReceiptLineSchema>

export const TenderSchema = z
  .object({
    type: z.enum(['cash', 'card', 'voucher', 'gift_card', 'mobile', 'loyalty_points', 'other']),
    amountCents: CentsSchema.describe('Amount applied to the sale (after change), minor units'),
  })
  .strict()
  .meta({ id: 'Tender' })

/** A reduction on the whole receipt: a basket coupon or a loyalty reward. */
export const ReceiptDiscountSchema = z
  .object({
    couponCode: plainText(64).optional(),
    promotionId: plainText(64).optional(),
    amountCents: NonNegativeCentsSchema.min(1, 'must be at least 1'),
  })
  .strict()
  .meta({ id: 'ReceiptDiscount' })

export const CardPresentedSchema = z
  .object({
    number: z.string().min(1).max(40).describe('As read at the till; spaces and separators are removed before the check digit is checked'),
    entry: z.enum(['scanned', 'keyed']).describe('How the number was entered: keyed numbers are an abuse vector worth watching'),
  })
  .strict()
  .meta({ id: 'CardPresented' })

/**
 * A completed sale as a checkout terminal posts it. Identified by
 * (store, terminalId, businessDay, receiptNo): posting it again is harmless.
 * Invariant checked on arrival: the non-voided lines' net amounts less the
 * receipt discounts equal `totalCents`, and tenders, when given, add up to it too.
 */
export const ReceiptSchema = z
  .object({
    terminalId: TillIdSchema.describe('Till or lane (ARTS WorkstationID)'),
    businessDay: DateSchema.describe('Trading day the sale belongs to (ARTS BusinessDayDate)'),
    receiptNo: TillIdSchema.describe('Number the till gave the receipt (ARTS SequenceNumber)'),
    occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' }).describe('When the sale completed'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code').optional().describe("Defaults to the store's currency; must match it"),
    card: CardPresentedSchema.optional().describe('Loyalty card presented; absent for an anonymous sale'),
    lines: z.array(ReceiptLineSchema).min(1, 'a receipt has at least one line').max(1000),
    discounts: z.array(ReceiptDiscountSchema).max(100).default([]),
    tenders: z.array(TenderSchema).max(50).default([]),
    totalCents: CentsSchema.describe('Amount due after all discounts, minor units'),
  })
  .strict()
  .meta({ id: 'Receipt' })
export type Receipt = z.infer<typeof ReceiptSchema>
export type ReceiptInput = z.input<typeof ReceiptSchema>

export const MAX_RECEIPTS_PER_BATCH = 1000

/** The body of POST /v1/stores/{storeCode}/sales. Receipts are validated one by one, so one bad receipt does not hold back the rest. */
export const SalesBatchSchema = z
  .object({
    receipts: z
      .array(z.unknown())
      .min(1, 'at least one receipt')
      .max(MAX_RECEIPTS_PER_BATCH, `at most ${MAX_RECEIPTS_PER_BATCH} receipts per batch`)
      .describe('1 to 1000 receipts, each a Receipt')
      // Validated one by one in the domain (a bad receipt must not sink the batch),
      // but documented as what each element must be.
      .meta({ items: { $ref: '#/components/schemas/Receipt' } }),
  })
  .strict()
  .meta({ id: 'SalesBatch' })

export const ReceiptOutcomeSchema = z
  .discriminatedUnion('status', [
    z.object({ index: z.number().int(), status: z.literal('stored'), receiptId: z.string(), warnings: z.array(z.string()) }),
    z.object({ index: z.number().int(), status: z.literal('duplicate'), receiptId: z.string() }),
    z.object({ index: z.number().int(), status: z.literal('conflict'), receiptId: z.string(), reason: z.string() }),
    z.object({
      index: z.number().int(),
      status: z.literal('rejected'),
      errors: z.array(z.object({ pointer: z.string(), detail: z.string() })),
    }),
  ])
  .meta({ id: 'ReceiptOutcome' })
export type ReceiptOutcome = z.infer<typeof ReceiptOutcomeSchema>

export const SalesResultSchema = z
  .object({
    storeCode: CodeSchema,
    counts: z.object({ stored: z.number().int(), duplicate: z.number().int(), conflict: z.number().int(), rejected: z.number().int() }),
    results: z.array(ReceiptOutcomeSchema).describe('One outcome per posted receipt, in order'),
  })
  .meta({ id: 'SalesResult' })
export type SalesResult = z.infer<typeof SalesResultSchema>
