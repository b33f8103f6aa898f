import type { Sql } from '../db/create-database.js'

/**
 * Erases a customer on request (GDPR art. 17), in one transaction: contact,
 * demographics and the consent log are deleted; the customer row stays as an
 * anonymous stub (status 'erased', no account number, no household) so that
 * foreign keys hold; cards lose their numbers; receipts are unlinked and keep
 * their lines as anonymous sales. Returns false when there is no such customer.
 */
export async function eraseCustomer(sql: Sql, customerRef: string): Promise<boolean> {
  return sql.begin(async (txRaw) => {
    const tx = txRaw as unknown as Sql
    const [customer] = await tx<{ customerId: number; householdId: number | null }[]>`
      select customer_id, household_id from customers
      where customer_ref = ${customerRef} and status <> 'erased'
      for update`
    if (!customer) return false
    const id = customer.customerId
    const cards = await tx<{ cardNumber: string }[]>`
      select card_number from loyalty_cards where customer_id = ${id} and card_number is not null`

    await tx`delete from customer_contacts where customer_id = ${id}`
    await tx`delete from customer_demographics where customer_id = ${id}`
    await tx`delete from consent_events where customer_id = ${id}`
    // Individual results of past analysis runs go too: an erased customer is in no result.
    await tx`delete from customer_scores where customer_id = ${id}`

    // The receipts check ties card_status 'linked' to a customer, so unlinked sales become 'none'.
    await tx`
      update receipts set customer_id = null, card_id = null, card_raw = null, card_status = 'none'
      where customer_id = ${id}`
    // Sales stored anonymous (blocked card, or sold before the card was on file) still carry the
    // number as read; it identifies the person, so it goes too. No index on card_raw: a scan, once per erasure.
    if (cards.length > 0) {
      await tx`
        update receipts set card_raw = null, card_status = 'none'
        where card_status in ('blocked_card', 'unknown_card') and card_raw = any(${cards.map((c) => c.cardNumber)}::text[])`
    }
    await tx`update redemptions set customer_id = null where customer_id = ${id}`

    // An erased card has no number and no successor (table checks).
    await tx`
      update loyalty_cards set card_number = null, status = 'erased', replaced_by_card_id = null, status_changed_at = now()
      where customer_id = ${id}`
    await tx`
      update customers set status = 'erased', erased_at = now(), customer_ref = null, household_id = null, updated_at = now()
      where customer_id = ${id}`
    if (customer.householdId !== null) {
      await tx`
        delete from households h where h.household_id = ${customer.householdId}
          and not exists (select 1 from customers c where c.household_id = h.household_id)`
    }
    // Card share and card-holder counts of the dashboard's summaries change with the unlinked
    // receipts: mark them stale. Last, because a refresh in progress holds this row until it
    // commits; the mark then lands after it, and the next check rebuilds.
    await tx`update kpi_refresh set stale_since = coalesce(stale_since, now())`
    return true
  }) as Promise<boolean>
}
