import type { CardBulkItem } from '../contract/card.js'
import type { Sql } from '../db/create-database.js'
import type { FieldError } from '../errors/app-error.js'
import { rejectRepeatedKeys, throwIfAny, type RowPointer } from '../bulk/row-pointer.js'
import { readCardNumber } from './read-card-number.js'

/**
 * Creates or updates cards by normalised number, all or nothing. Every number
 * must pass its check digit and every customerRef and store must exist (400
 * naming the item's field). Enrolment fields are replaced; `status`, when
 * given, is set; a replaced card keeps its customer and status.
 */
export async function saveCards(sql: Sql, items: readonly CardBulkItem[], pointer: RowPointer): Promise<{ created: number; updated: number }> {
  const errors: FieldError[] = []
  const numbers = items.map((item, i) => {
    const read = readCardNumber(item.number)
    if (read.ok) return read.number
    errors.push({ pointer: pointer(i, 'number'), detail: read.detail })
    return item.number
  })
  throwIfAny(errors, `${errors.length} invalid card number(s)`)
  rejectRepeatedKeys(numbers, (n) => n, 'number', pointer)

  return sql.begin(async (txRaw) => {
    const tx = txRaw as unknown as Sql
    // Customers are share-locked first (the order an erasure takes), so none is erased under us.
    const refs = [...new Set(items.map((c) => c.customerRef))].sort()
    const customers = await tx<{ customerId: number; customerRef: string }[]>`
      select customer_id, customer_ref from customers
      where customer_ref = any(${refs}::text[]) and status <> 'erased'
      order by customer_ref for share`
    const customerIds = new Map(customers.map((c) => [c.customerRef, c.customerId]))
    const codes = [...new Set(items.flatMap((c) => (c.enrolmentStoreCode ? [c.enrolmentStoreCode] : [])))]
    const stores = await tx<{ storeId: number; code: string }[]>`select store_id, code from stores where code = any(${codes}::text[])`
    const storeIds = new Map(stores.map((s) => [s.code, s.storeId]))
    const replaced = await tx<{ cardNumber: string; customerId: number }[]>`
      select card_number, customer_id from loyalty_cards
      where card_number = any(${numbers}::text[]) and status = 'replaced'
      order by card_number for update`
    const replacedOwner = new Map(replaced.map((r) => [r.cardNumber, r.customerId]))

    items.forEach((c, i) => {
      const customerId = customerIds.get(c.customerRef)
      if (customerId === undefined) errors.push({ pointer: pointer(i, 'customerRef'), detail: `no customer with customerRef ${c.customerRef}` })
      if (c.enrolmentStoreCode && !storeIds.has(c.enrolmentStoreCode)) errors.push({ pointer: pointer(i, 'enrolmentStoreCode'), detail: `no store with code ${c.enrolmentStoreCode}` })
      const owner = replacedOwner.get(numbers[i]!)
      if (owner !== undefined && customerId !== undefined && (owner !== customerId || c.status !== undefined)) {
        errors.push({ pointer: pointer(i, c.status !== undefined ? 'status' : 'customerRef'), detail: 'the card was replaced: its customer and status cannot change' })
      }
    })
    throwIfAny(errors, `${errors.length} invalid field(s)`)

    const col = <T>(f: (c: CardBulkItem, i: number) => T) => items.map(f)
    const saved = await tx<{ created: boolean }[]>`
      insert into loyalty_cards (card_number, customer_id, status, enrolment_store_id, enrolled_on)
      select u.number, u.customer_id, coalesce(u.status, 'active'), u.store_id, u.enrolled_on
      from unnest(${numbers}::text[], ${col((c) => customerIds.get(c.customerRef)!)}::bigint[], ${col((c) => c.status ?? null)}::text[],
        ${col((c) => (c.enrolmentStoreCode ? storeIds.get(c.enrolmentStoreCode)! : null))}::int[], ${col((c) => c.enrolledOn ?? null)}::date[])
        as u (number, customer_id, status, store_id, enrolled_on)
      order by u.number
      on conflict (card_number) do update set
        customer_id = excluded.customer_id, enrolment_store_id = excluded.enrolment_store_id, enrolled_on = excluded.enrolled_on
      returning (xmax = 0) as created`
    // A status given for a card on file changes it; one not given leaves it as it is.
    const given = items.flatMap((c, i) => (c.status ? [{ number: numbers[i]!, status: c.status }] : []))
    if (given.length > 0) {
      await tx`
        update loyalty_cards lc set status = u.status, status_changed_at = now()
        from unnest(${given.map((g) => g.number)}::text[], ${given.map((g) => g.status)}::text[]) as u (number, status)
        where lc.card_number = u.number and lc.status <> u.status`
    }
    const created = saved.filter((s) => s.created).length
    return { created, updated: items.length - created }
  }) as Promise<{ created: number; updated: number }>
}
