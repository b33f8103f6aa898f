import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../api/db/create-database.js'
import { createTestDb } from '../helpers/test-db.js'

let db: Database
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

type Event = [purpose: string, channel: string, decision: string, at: string]

/** A customer with these consent events; returns their row of customer_permissions. */
async function permissionsAfter(ref: string, events: Event[]) {
  const [{ id }] = (await db.sql<{ id: number }[]>`insert into customers (customer_ref) values (${ref}) returning customer_id as id`) as unknown as [{ id: number }]
  for (const [purpose, channel, decision, at] of events) {
    await db.sql`insert into consent_events (customer_id, purpose, channel, decision, recorded_at, source) values (${id}, ${purpose}, ${channel}, ${decision}, ${at}, 'test')`
  }
  const [row] = await db.sql`select profiling, marketing_postal_mail, marketing_email, offers_postal_mail, offers_email from customer_permissions where customer_id = ${id}`
  return { id, row: row ? { ...row } : undefined }
}

const T1 = '2026-01-01T10:00:00Z'
const T2 = '2026-02-01T10:00:00Z'
const all = (o: Partial<Record<'profiling' | 'marketingPostalMail' | 'marketingEmail' | 'offersPostalMail' | 'offersEmail', boolean>>) => ({
  profiling: false, marketingPostalMail: false, marketingEmail: false, offersPostalMail: false, offersEmail: false, ...o,
})

describe('customer_permissions (docs/PRIVACY.md)', () => {
  it('allows nothing without a decision on record (opt-in)', async () => {
    expect((await permissionsAfter('V-NONE', [])).row).toEqual(all({}))
  })

  it('lets an objection win a tie with a grant recorded at the same moment', async () => {
    expect((await permissionsAfter('V-TIE', [['marketing', 'email', 'granted', T1], ['marketing', 'email', 'objected', T1]])).row).toEqual(all({}))
  })

  it('applies an any-channel decision to every channel, and the latest decision counts', async () => {
    const r = await permissionsAfter('V-ANY', [['marketing', 'email', 'granted', T1], ['marketing', 'any', 'objected', T2]])
    expect(r.row).toEqual(all({}))
    const back = await permissionsAfter('V-BACK', [['marketing', 'any', 'objected', T1], ['marketing', 'postal_mail', 'granted', T2]])
    expect(back.row).toEqual(all({ marketingPostalMail: true }))
  })

  it('needs marketing and profiling as well as the offers consent for personalised offers', async () => {
    const offersOnly = await permissionsAfter('V-OFF', [['personalised_offers', 'any', 'granted', T1], ['profiling', 'any', 'granted', T1]])
    expect(offersOnly.row).toEqual(all({ profiling: true }))
    const full = await permissionsAfter('V-FULL', [['personalised_offers', 'any', 'granted', T1], ['profiling', 'any', 'granted', T1], ['marketing', 'email', 'granted', T1]])
    expect(full.row).toEqual(all({ profiling: true, marketingEmail: true, offersEmail: true }))
    const objects = await permissionsAfter('V-OBJ', [['personalised_offers', 'any', 'granted', T2], ['profiling', 'any', 'objected', T1], ['marketing', 'email', 'granted', T1]])
    expect(objects.row).toEqual(all({ marketingEmail: true }))
  })

  it('counts profiling decisions only when recorded for any channel', async () => {
    expect((await permissionsAfter('V-PROF', [['profiling', 'email', 'granted', T1]])).row).toEqual(all({}))
  })

  it('has no row for an erased or closed account', async () => {
    const r = await permissionsAfter('V-ERASED', [['marketing', 'any', 'granted', T1]])
    await db.sql`update customers set status = 'erased', erased_at = now(), customer_ref = null where customer_id = ${r.id}`
    expect(await db.sql`select * from customer_permissions where customer_id = ${r.id}`).toEqual([])
  })
})
