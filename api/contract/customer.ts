import { z } from 'zod'
import { CodeSchema, DateSchema } from './common.js'
import { plainText } from './plain-text.js'

/** An account or household number of the retailer's CRM: used in URLs, so letters, digits, '.', '-', '_'. */
export const RefSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "letters, digits, '.', '-' and '_', 1 to 64 characters")

const BirthYearSchema = z.number().int().min(1900).max(2100)

/**
 * What analytics may read about a customer (segmentation), kept apart from
 * identity. Enumerations match the database checks.
 */
export const DemographicsSchema = z
  .object({
    gender: z.enum(['female', 'male', 'other', 'undisclosed']),
    birthYear: BirthYearSchema,
    incomeBand: z.enum(['low', 'lower_middle', 'middle', 'upper_middle', 'high']),
    education: z.enum(['primary', 'secondary', 'vocational', 'tertiary', 'postgraduate']),
    householdSize: z.number().int().min(1).max(20).describe('People in the household, the customer included'),
    childrenCount: z.number().int().min(0).max(20),
    youngestChildBirthYear: BirthYearSchema.optional().describe('Only with childrenCount above 0'),
    postcode: plainText(20),
  })
  .strict()
  .refine((d) => d.youngestChildBirthYear === undefined || d.childrenCount > 0, {
    path: ['youngestChildBirthYear'],
    message: 'given, but childrenCount is 0',
  })
  .meta({ id: 'Demographics' })

/** How to reach the person: read only by marketing features that need it; erased on request. */
export const ContactSchema = z
  .object({
    givenName: plainText(100).optional(),
    familyName: plainText(100).optional(),
    addressLine1: plainText(200).optional(),
    addressLine2: plainText(200).optional(),
    postalCode: plainText(20).optional(),
    city: plainText(100).optional(),
    country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. NL').optional(),
    email: z.email('must be an email address').max(254).optional(),
    phone: z.string().regex(/^\+?[0-9 ()./-]{3,30}$/, 'digits, spaces and + ( ) . / -, 3 to 30 characters').optional(),
  })
  .strict()
  .meta({ id: 'Contact' })

/**
 * A loyalty customer as created or upserted, keyed by `customerRef`. On upsert
 * the top-level fields are replaced (absent means none); `demographics` and
 * `contact`, when given, replace the stored ones whole, and when absent leave
 * them as they are. CSV: dotted headers (demographics.gender, contact.email).
 */
export const CustomerInputSchema = z
  .object({
    customerRef: RefSchema.describe("The retailer's account number"),
    householdRef: RefSchema.optional().describe('Customers with the same householdRef shop as one household'),
    enrolmentStoreCode: CodeSchema.optional().describe('Store where the customer enrolled'),
    enrolledOn: DateSchema.optional(),
    demographics: DemographicsSchema.optional(),
    contact: ContactSchema.optional(),
  })
  .strict()
  .meta({ id: 'CustomerInput' })
export type CustomerInput = z.infer<typeof CustomerInputSchema>

/** Effective consents, derived from the consent log (view customer_permissions); no decision means not allowed. */
export const PermissionsSchema = z
  .object({
    profiling: z.boolean(),
    marketingPostalMail: z.boolean(),
    marketingEmail: z.boolean(),
    offersPostalMail: z.boolean().describe('Personalised offers by post: needs its own consent, postal marketing and profiling'),
    offersEmail: z.boolean(),
  })
  .meta({ id: 'Permissions' })
export type Permissions = z.infer<typeof PermissionsSchema>

export const CardSummarySchema = z
  .object({
    number: z.string(),
    status: z.enum(['active', 'blocked', 'replaced']),
    replacedBy: z.string().nullable().describe('Number of the successor card'),
    enrolledOn: z.string().nullable(),
  })
  .meta({ id: 'CardSummary' })

/** Demographics as stored: youngestChildBirthYear null where there is none. */
export const DemographicsReadSchema = z
  .object({ ...DemographicsSchema.shape, youngestChildBirthYear: z.number().int().nullable() })
  .meta({ id: 'DemographicsRead' })

/** Contact data as stored: every field null where unknown. */
export const ContactReadSchema = z
  .object(Object.fromEntries(Object.keys(ContactSchema.shape).map((k) => [k, z.string().nullable()])) as Record<keyof typeof ContactSchema.shape, z.ZodNullable<z.ZodString>>)
  .meta({ id: 'ContactRead' })

/** A customer as listed: no contact data. */
export const CustomerSummarySchema = z
  .object({
    customerRef: z.string(),
    householdRef: z.string().nullable(),
    enrolmentStoreCode: z.string().nullable(),
    enrolledOn: z.string().nullable(),
    status: z.enum(['active', 'closed']),
    demographics: DemographicsReadSchema.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomerSummary' })
export type CustomerSummary = z.infer<typeof CustomerSummarySchema>

/** A customer as read one at a time: with contact data, cards and effective consents. */
export const CustomerSchema = CustomerSummarySchema.extend({
  contact: ContactReadSchema.nullable(),
  cards: z.array(CardSummarySchema),
  permissions: PermissionsSchema,
}).meta({ id: 'Customer' })
export type Customer = z.infer<typeof CustomerSchema>

export const CustomerListQuerySchema = z.object({
  postcode: plainText(20).optional(),
  incomeBand: DemographicsSchema.shape.incomeBand.optional(),
  gender: DemographicsSchema.shape.gender.optional(),
  enrolmentStore: CodeSchema.optional().describe('Enrolment store code'),
})
