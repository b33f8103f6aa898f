import type { Customer, CustomerSummary, Permissions } from '../contract/customer.js'
import type { Sql } from '../db/create-database.js'

/** No consent on record allows nothing; closed accounts have no row in customer_permissions. */
export const NO_PERMISSIONS: Permissions = { profiling: false, marketingPostalMail: false, marketingEmail: false, offersPostalMail: false, offersEmail: false }

/** The customer behind an account number; erased customers have none. */
export async function findCustomerId(sql: Sql, customerRef: string): Promise<number | undefined> {
  const [row] = await sql<{ customerId: number }[]>`
    select customer_id from customers where customer_ref = ${customerRef} and status <> 'erased'`
  return row?.customerId
}

// Fields are listed, not to_json(row), so a column added later does not reach the API unseen.
// JSON keys are snake_case; the client's camel transform renames them.
const summaryColumns = (sql: Sql) => sql`
  c.customer_ref, h.household_ref, st.code as enrolment_store_code, c.enrolled_on::text as enrolled_on, c.status,
  case when d.customer_id is null then null else json_build_object('gender', d.gender, 'birth_year', d.birth_year,
    'income_band', d.income_band, 'education', d.education, 'household_size', d.household_size,
    'children_count', d.children_count, 'youngest_child_birth_year', d.youngest_child_birth_year, 'postcode', d.postcode) end as demographics,
  to_json(c.created_at)#>>'{}' as created_at, to_json(c.updated_at)#>>'{}' as updated_at`

const summaryFrom = (sql: Sql) => sql`
  from customers c
  left join households h on h.household_id = c.household_id
  left join stores st on st.store_id = c.enrolment_store_id
  left join customer_demographics d on d.customer_id = c.customer_id`

/** A customer with contact data, cards (successors named) and effective consents; undefined when unknown or erased. */
export async function getCustomer(sql: Sql, customerRef: string): Promise<Customer | undefined> {
  const [row] = await sql<(Omit<Customer, 'permissions'> & { permissions: Permissions | null })[]>`
    select ${summaryColumns(sql)},
      (select json_build_object('given_name', k.given_name, 'family_name', k.family_name, 'address_line1', k.address_line1,
          'address_line2', k.address_line2, 'postal_code', k.postal_code, 'city', k.city, 'country', k.country,
          'email', k.email, 'phone', k.phone)
        from customer_contacts k where k.customer_id = c.customer_id) as contact,
      coalesce((
        select json_agg(json_build_object('number', lc.card_number, 'status', lc.status, 'replaced_by', succ.card_number,
          'enrolled_on', lc.enrolled_on) order by lc.card_id)
        from loyalty_cards lc left join loyalty_cards succ on succ.card_id = lc.replaced_by_card_id
        where lc.customer_id = c.customer_id and lc.status <> 'erased'), '[]'::json) as cards,
      (select json_build_object('profiling', p.profiling, 'marketing_postal_mail', p.marketing_postal_mail,
          'marketing_email', p.marketing_email, 'offers_postal_mail', p.offers_postal_mail, 'offers_email', p.offers_email)
        from customer_permissions p where p.customer_id = c.customer_id) as permissions
    ${summaryFrom(sql)}
    where c.customer_ref = ${customerRef} and c.status <> 'erased'`
  return row && { ...row, permissions: row.permissions ?? NO_PERMISSIONS }
}

export type CustomerFilter = {
  postcode?: string | undefined
  incomeBand?: string | undefined
  gender?: string | undefined
  enrolmentStore?: string | undefined
  after?: string | undefined
  limit: number
}

/** A page of customers (no contact data) in customerRef order, starting after `after`. */
export async function listCustomers(sql: Sql, f: CustomerFilter): Promise<CustomerSummary[]> {
  return sql<CustomerSummary[]>`
    select ${summaryColumns(sql)}
    ${summaryFrom(sql)}
    where c.status <> 'erased'
      ${f.postcode ? sql`and d.postcode = ${f.postcode}` : sql``}
      ${f.incomeBand ? sql`and d.income_band = ${f.incomeBand}` : sql``}
      ${f.gender ? sql`and d.gender = ${f.gender}` : sql``}
      ${f.enrolmentStore ? sql`and st.code = ${f.enrolmentStore}` : sql``}
      ${f.after !== undefined ? sql`and c.customer_ref > ${f.after}` : sql``}
    order by c.customer_ref
    limit ${f.limit}`
}
