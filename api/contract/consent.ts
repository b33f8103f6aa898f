import { z } from 'zod'
import { PermissionsSchema } from './customer.js'
import { plainText } from './plain-text.js'

/**
 * One consent decision, appended to the customer's log; the log is never
 * rewritten. The latest decision per purpose and channel counts (an 'any'
 * decision covers every channel). Profiling is not channel-specific, so its
 * decisions are recorded for channel 'any'.
 * @example { "purpose": "marketing", "channel": "email", "decision": "granted", "recordedAt": "2026-11-20T10:15:00+01:00", "source": "web-preferences" }
 */
export const ConsentInputSchema = z
  .object({
    purpose: z.enum(['marketing', 'profiling', 'personalised_offers']),
    channel: z.enum(['any', 'postal_mail', 'email']),
    decision: z.enum(['granted', 'withdrawn', 'objected']).describe('On equal recordedAt an objection beats a withdrawal beats a grant'),
    recordedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' }).describe('When the customer decided'),
    source: plainText(64).describe('Where it was recorded, e.g. enrolment-form, web-preferences, call-centre, import'),
  })
  .strict()
  .refine((c) => c.purpose !== 'profiling' || c.channel === 'any', { path: ['channel'], message: "profiling is recorded for channel 'any'" })
  .meta({ id: 'ConsentInput' })
export type ConsentInput = z.infer<typeof ConsentInputSchema>

export const ConsentEventSchema = z
  .object({
    purpose: z.string(),
    channel: z.string(),
    decision: z.string(),
    recordedAt: z.string(),
    source: z.string(),
    createdAt: z.string().describe('When Basketwise stored the decision'),
  })
  .meta({ id: 'ConsentEvent' })
export type ConsentEvent = z.infer<typeof ConsentEventSchema>

/** A customer's consent log, oldest first, and the effective state it gives. */
export const ConsentsSchema = z
  .object({
    customerRef: z.string(),
    events: z.array(ConsentEventSchema),
    effective: PermissionsSchema,
  })
  .meta({ id: 'Consents' })
export type Consents = z.infer<typeof ConsentsSchema>
