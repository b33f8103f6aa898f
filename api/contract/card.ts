import { z } from 'zod'
import { CodeSchema, DateSchema } from './common.js'
import { RefSchema } from './customer.js'

/** A card number as typed or scanned: spaces and separators are removed and the check digit checked (docs/CARDS.md). */
export const CardNumberSchema = z.string().min(1).max(40).describe('8 to 19 digits; GS1 check digit for in-store EAN-13 and GSRN, Luhn otherwise')

/** A card issued to an existing customer. */
export const CardInputSchema = z
  .object({
    number: CardNumberSchema,
    enrolmentStoreCode: CodeSchema.optional().describe('Store that issued the card'),
    enrolledOn: DateSchema.optional(),
  })
  .strict()
  .meta({ id: 'CardInput' })
export type CardInput = z.infer<typeof CardInputSchema>

/**
 * A card in a bulk upsert, keyed by its normalised number. `status`, when
 * given, sets it; when absent a new card is active and a stored one keeps its
 * status. A replaced card cannot change customer or status.
 */
export const CardBulkItemSchema = z
  .object({
    number: CardNumberSchema,
    customerRef: RefSchema.describe('An existing customer'),
    enrolmentStoreCode: CodeSchema.optional(),
    enrolledOn: DateSchema.optional(),
    status: z.enum(['active', 'blocked']).optional(),
  })
  .strict()
  .meta({ id: 'CardBulkItem' })
export type CardBulkItem = z.infer<typeof CardBulkItemSchema>

export const CardReplaceSchema = z
  .object({ newNumber: CardNumberSchema.describe('The successor card, issued to the same customer') })
  .strict()
  .meta({ id: 'CardReplace' })

/** A loyalty card as read back. Sales with a blocked card are stored anonymous; a replaced card still links to its customer. */
export const CardSchema = z
  .object({
    number: z.string(),
    status: z.enum(['active', 'blocked', 'replaced']),
    customerRef: z.string(),
    replacedBy: z.string().nullable().describe('Number of the successor card'),
    enrolmentStoreCode: z.string().nullable(),
    enrolledOn: z.string().nullable(),
    statusChangedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Card' })
export type Card = z.infer<typeof CardSchema>
