import { z } from 'zod'

// Say "required" for a missing field rather than "expected string, received undefined".
z.config({ customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined) })

/** Money in integer minor units (cents); bounded so sums of a receipt stay exact in a double. */
export const CentsSchema = z
  .number()
  .int('must be an integer number of minor units (cents)')
  .min(-10_000_000_000)
  .max(10_000_000_000)
export const NonNegativeCentsSchema = CentsSchema.min(0, 'must not be negative')

/** Quantity: positive, at most 3 decimals (weighed items in kg), at most 100,000. */
export const QuantitySchema = z
  .number()
  .positive('must be greater than 0')
  .max(100_000)
  .refine((q) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6, 'at most 3 decimals')

/** A code chosen by the retailer: letters, digits, '-', '_', 1 to 32 characters. */
export const CodeSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'letters, digits, - and _, 1 to 32 characters')

export const DateSchema = z.iso.date('must be a date YYYY-MM-DD')

export const FieldErrorSchema = z
  .object({
    pointer: z.string().optional().describe('JSON Pointer (RFC 6901) to the failing body field, as a URI fragment'),
    parameter: z.string().optional().describe('Name of the failing path, query or header parameter'),
    detail: z.string(),
  })
  .meta({ id: 'FieldError' })

/** RFC 9457 problem details, as every error response carries them. */
export const ProblemSchema = z
  .object({
    type: z.string().describe('/problems/{code}'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    errors: z.array(FieldErrorSchema),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' })
export type Problem = z.infer<typeof ProblemSchema>

/** Keyset paging: pass `nextCursor` of one page as `cursor` of the next. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Items per page, 1 to 1000'),
  cursor: z.string().max(200).optional().describe('nextCursor from the previous page'),
})
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('null on the last page') })
