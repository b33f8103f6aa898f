import { z } from 'zod'
import { CodeSchema, DateSchema } from './common.js'

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** A store as created or upserted. `code` is the retailer's store number, used in every URL. */
export const StoreInputSchema = z
  .object({
    code: CodeSchema.describe("The retailer's store number, e.g. S017"),
    name: z.string().min(1).max(200),
    region: z.string().min(1).max(100),
    format: z.enum(['hypermarket', 'supermarket', 'convenience', 'discount', 'online']),
    salesAreaM2: z.number().int().positive().max(1_000_000).optional(),
    openedOn: DateSchema.optional(),
    closedOn: DateSchema.optional(),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Amsterdam').default('UTC'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code').default('EUR'),
    postcode: z.string().min(1).max(20).optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
  })
  .strict()
  .meta({ id: 'StoreInput' })
export type StoreInput = z.infer<typeof StoreInputSchema>

export const StoreSchema = StoreInputSchema.extend({
  salesAreaM2: z.number().int().nullable(),
  openedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  postcode: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Store' })
export type Store = z.infer<typeof StoreSchema>

export const StoreListQuerySchema = z.object({
  region: z.string().optional(),
  format: StoreInputSchema.shape.format.optional(),
})
