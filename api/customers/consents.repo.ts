import type { ConsentEvent, ConsentInput } from '../contract/consent.js'
import type { Permissions } from '../contract/customer.js'
import type { Sql } from '../db/create-database.js'
import { NO_PERMISSIONS } from './customers.repo.js'

/**
 * Appends one decision to the customer's consent log. Returns the customer's
 * id, or undefined when the customer is unknown or erased. The row lock waits
 * for an erasure in flight, so no decision outlives one.
 */
export async function appendConsent(sql: Sql, customerRef: string, c: ConsentInput): Promise<number | undefined> {
  const [row] = await sql<{ customerId: number }[]>`
    insert into consent_events (customer_id, purpose, channel, decision, recorded_at, source)
    select customer_id, ${c.purpose}, ${c.channel}, ${c.decision}, ${c.recordedAt}::timestamptz, ${c.source}
    from (select customer_id from customers where customer_ref = ${customerRef} and status <> 'erased' for share) c
    returning customer_id`
  return row?.customerId
}

/** The consent log, oldest decision first, and the effective state (view customer_permissions). */
export async function getConsents(sql: Sql, customerId: number): Promise<{ events: ConsentEvent[]; effective: Permissions }> {
  const events = await sql<ConsentEvent[]>`
    select purpose, channel, decision, to_json(recorded_at)#>>'{}' as recorded_at, source,
      to_json(created_at)#>>'{}' as created_at
    from consent_events where customer_id = ${customerId}
    order by recorded_at, consent_event_id`
  const [effective] = await sql<Permissions[]>`
    select profiling, marketing_postal_mail, marketing_email, offers_postal_mail, offers_email
    from customer_permissions where customer_id = ${customerId}`
  return { events, effective: effective ?? NO_PERMISSIONS }
}
