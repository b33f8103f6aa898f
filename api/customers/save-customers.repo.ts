import type { CustomerInput } from '../contract/customer.js'
import type { Sql } from '../db/create-database.js'
import { chunksOf } from '../db/chunks-of.js'
import { AppError, type FieldError } from '../errors/app-error.js'
import { throwIfAny, type RowPointer } from '../bulk/row-pointer.js'

// postgres.js binds at most 65,534 parameters per statement: rows per chunk = that / columns.
const rowsPerStatement = (columns: number) => Math.floor(65_534 / columns)

/**
 * Stores customers in one transaction, all or nothing: households are created
 * from their refs, enrolment stores must exist (400 naming the item's field).
 * `create` refuses an account number already on file (409); `upsert` updates
 * it. Demographics and contact, when given, replace the stored ones whole.
 */
export async function saveCustomers(
  sql: Sql,
  items: readonly CustomerInput[],
  mode: 'create' | 'upsert',
  pointer: RowPointer,
): Promise<{ created: number; updated: number }> {
  return sql.begin(async (txRaw) => {
    const tx = txRaw as unknown as Sql
    const storeIds = await findStoreIds(tx, items.flatMap((c) => (c.enrolmentStoreCode ? [c.enrolmentStoreCode] : [])))
    const errors: FieldError[] = []
    items.forEach((c, i) => {
      if (c.enrolmentStoreCode && !storeIds.has(c.enrolmentStoreCode)) errors.push({ pointer: pointer(i, 'enrolmentStoreCode'), detail: `no store with code ${c.enrolmentStoreCode}` })
    })
    throwIfAny(errors, `${errors.length} unknown store(s)`)
    const householdIds = await upsertHouseholds(tx, items.flatMap((c) => (c.householdRef ? [c.householdRef] : [])))

    const rows = items.map((c) => ({
      customerRef: c.customerRef,
      householdId: c.householdRef ? householdIds.get(c.householdRef)! : null,
      enrolmentStoreId: c.enrolmentStoreCode ? storeIds.get(c.enrolmentStoreCode)! : null,
      enrolledOn: c.enrolledOn ?? null,
    }))
    const idByRef = new Map<string, number>()
    let created = 0
    for (const chunk of chunksOf(rows, rowsPerStatement(4))) {
      const saved = mode === 'create'
        ? await tx<{ customerId: number; customerRef: string; created: boolean }[]>`
            insert into customers ${tx(chunk)} on conflict (customer_ref) do nothing
            returning customer_id, customer_ref, true as created`
        : await tx<{ customerId: number; customerRef: string; created: boolean }[]>`
            insert into customers ${tx(chunk)} on conflict (customer_ref) do update set
              household_id = excluded.household_id, enrolment_store_id = excluded.enrolment_store_id,
              enrolled_on = excluded.enrolled_on, updated_at = now()
            returning customer_id, customer_ref, (xmax = 0) as created`
      if (saved.length < chunk.length) throw new AppError('conflict', 'A customer with this customerRef exists', [{ pointer: pointer(0, 'customerRef'), detail: 'already on file' }])
      for (const s of saved) idByRef.set(s.customerRef, s.customerId)
      created += saved.filter((s) => s.created).length
    }
    await upsertDemographics(tx, items.flatMap((c) => (c.demographics ? [{ customerId: idByRef.get(c.customerRef)!, ...c.demographics }] : [])))
    await upsertContacts(tx, items.flatMap((c) => (c.contact ? [{ customerId: idByRef.get(c.customerRef)!, ...c.contact }] : [])))
    return { created, updated: items.length - created }
  }) as Promise<{ created: number; updated: number }>
}

async function findStoreIds(sql: Sql, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map()
  const rows = await sql<{ storeId: number; code: string }[]>`select store_id, code from stores where code = any(${[...new Set(codes)]}::text[])`
  return new Map(rows.map((r) => [r.code, r.storeId]))
}

async function upsertHouseholds(sql: Sql, refs: string[]): Promise<Map<string, number>> {
  if (refs.length === 0) return new Map()
  const unique = [...new Set(refs)].sort()
  await sql`insert into households (household_ref) select unnest(${unique}::text[]) on conflict (household_ref) do nothing`
  const rows = await sql<{ householdId: number; householdRef: string }[]>`
    select household_id, household_ref from households where household_ref = any(${unique}::text[])`
  return new Map(rows.map((r) => [r.householdRef, r.householdId]))
}

type DemographicsRow = { customerId: number } & NonNullable<CustomerInput['demographics']>

async function upsertDemographics(sql: Sql, items: DemographicsRow[]): Promise<void> {
  const rows = items.map((d) => ({
    customerId: d.customerId, gender: d.gender, birthYear: d.birthYear, incomeBand: d.incomeBand, education: d.education,
    householdSize: d.householdSize, childrenCount: d.childrenCount, youngestChildBirthYear: d.youngestChildBirthYear ?? null, postcode: d.postcode,
  }))
  for (const chunk of chunksOf(rows, rowsPerStatement(9))) {
    await sql`
      insert into customer_demographics ${sql(chunk)} on conflict (customer_id) do update set
        gender = excluded.gender, birth_year = excluded.birth_year, income_band = excluded.income_band,
        education = excluded.education, household_size = excluded.household_size, children_count = excluded.children_count,
        youngest_child_birth_year = excluded.youngest_child_birth_year, postcode = excluded.postcode, updated_at = now()`
  }
}

type ContactRow = { customerId: number } & NonNullable<CustomerInput['contact']>

async function upsertContacts(sql: Sql, items: ContactRow[]): Promise<void> {
  const rows = items.map((k) => ({
    customerId: k.customerId, givenName: k.givenName ?? null, familyName: k.familyName ?? null, addressLine1: k.addressLine1 ?? null,
    addressLine2: k.addressLine2 ?? null, postalCode: k.postalCode ?? null, city: k.city ?? null, country: k.country ?? null,
    email: k.email ?? null, phone: k.phone ?? null,
  }))
  for (const chunk of chunksOf(rows, rowsPerStatement(10))) {
    await sql`
      insert into customer_contacts ${sql(chunk)} on conflict (customer_id) do update set
        given_name = excluded.given_name, family_name = excluded.family_name, address_line1 = excluded.address_line1,
        address_line2 = excluded.address_line2, postal_code = excluded.postal_code, city = excluded.city,
        country = excluded.country, email = excluded.email, phone = excluded.phone, updated_at = now()`
  }
}
