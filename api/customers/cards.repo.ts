import type { Card } from '../contract/card.js'
import type { Sql } from '../db/create-database.js'

const cardSelect = (sql: Sql) => sql`
  select lc.card_number as number, lc.status, cu.customer_ref, succ.card_number as replaced_by,
    st.code as enrolment_store_code, lc.enrolled_on::text as enrolled_on,
    to_json(lc.status_changed_at)#>>'{}' as status_changed_at, to_json(lc.created_at)#>>'{}' as created_at
  from loyalty_cards lc
  join customers cu on cu.customer_id = lc.customer_id
  left join loyalty_cards succ on succ.card_id = lc.replaced_by_card_id
  left join stores st on st.store_id = lc.enrolment_store_id`

/** A card by its normalised number; erased cards have no number and are never found. */
export async function getCard(sql: Sql, number: string): Promise<Card | undefined> {
  const [row] = await sql<Card[]>`${cardSelect(sql)} where lc.card_number = ${number}`
  return row
}

export type NewCard = { number: string; enrolmentStoreId: number | null; enrolledOn: string | null }

/** Issues a card to a customer: 'no_customer' when unknown or erased, 'taken' when the number is on file. */
export async function createCard(sql: Sql, customerRef: string, card: NewCard): Promise<'created' | 'no_customer' | 'taken'> {
  // The share lock waits for an erasure in flight, so an erased customer never gets a new card.
  const [row] = await sql<{ cardId: number }[]>`
    insert into loyalty_cards (card_number, customer_id, enrolment_store_id, enrolled_on)
    select ${card.number}, c.customer_id, ${card.enrolmentStoreId}::int, ${card.enrolledOn}::date
    from (select customer_id from customers where customer_ref = ${customerRef} and status <> 'erased' for share) c
    on conflict (card_number) do nothing
    returning card_id`
  if (row) return 'created'
  const [customer] = await sql`select 1 from customers where customer_ref = ${customerRef} and status <> 'erased'`
  return customer ? 'taken' : 'no_customer'
}

export type ReplaceOutcome = { outcome: 'replaced' } | { outcome: 'not_found' } | { outcome: 'taken' } | { outcome: 'not_replaceable'; status: string }

/**
 * Issues `newNumber` to the customer of card `oldNumber` and marks the old card
 * replaced, in one transaction. Sales keep their customer_id, so the history
 * stays the customer's; a sale with the old card still links to them.
 */
export async function replaceCard(sql: Sql, oldNumber: string, newNumber: string): Promise<ReplaceOutcome> {
  return sql.begin(async (txRaw) => {
    const tx = txRaw as unknown as Sql
    const [found] = await tx<{ cardId: number; customerId: number }[]>`
      select card_id, customer_id from loyalty_cards where card_number = ${oldNumber}`
    if (!found) return { outcome: 'not_found' }
    // Customer first, then card: the order an erasure locks them in, so the two cannot deadlock
    // and an erasure in flight is waited for (its cards then have no number).
    const [customer] = await tx`select 1 from customers where customer_id = ${found.customerId} and status <> 'erased' for share`
    const [old] = await tx<{ cardId: number; customerId: number; status: string }[]>`
      select card_id, customer_id, status from loyalty_cards
      where card_id = ${found.cardId} and card_number = ${oldNumber} and customer_id = ${found.customerId}
      for update`
    if (!customer || !old) return { outcome: 'not_found' }
    if (old.status !== 'active' && old.status !== 'blocked') return { outcome: 'not_replaceable', status: old.status }
    const [successor] = await tx<{ cardId: number }[]>`
      insert into loyalty_cards (card_number, customer_id, enrolled_on)
      values (${newNumber}, ${old.customerId}, current_date)
      on conflict (card_number) do nothing
      returning card_id`
    if (!successor) return { outcome: 'taken' }
    await tx`
      update loyalty_cards set status = 'replaced', replaced_by_card_id = ${successor.cardId}, status_changed_at = now()
      where card_id = ${old.cardId}`
    return { outcome: 'replaced' }
  }) as Promise<ReplaceOutcome>
}

/**
 * Blocks or unblocks a card (sales with a blocked card are stored anonymous).
 * Setting the status it already has changes nothing. 'not_found' for an
 * unknown number, 'not_changeable' for a replaced card.
 */
export async function setCardStatus(sql: Sql, number: string, status: 'active' | 'blocked'): Promise<'done' | 'not_found' | 'not_changeable'> {
  const [row] = await sql`
    update loyalty_cards set status = ${status},
      status_changed_at = case when status = ${status} then status_changed_at else now() end
    where card_number = ${number} and status in ('active', 'blocked')
    returning card_id`
  if (row) return 'done'
  return (await getCard(sql, number)) ? 'not_changeable' : 'not_found'
}
