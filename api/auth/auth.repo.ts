import type { Sql } from '../db/create-database.js'
import type { Caller, Role } from './caller.js'
import { generateApiKey, hashApiKey } from './api-keys.js'

export type ApiKeyInfo = {
  keyId: number
  prefix: string
  role: Role
  /** The terminal's store, or a store manager's stores (codes, in order); empty for the other roles. */
  storeCodes: string[]
  name: string
  createdAt: string
  revokedAt: string | null
}

type KeyRow = { keyId: number; role: Role; storeId: number | null; storeIds: number[] }

export async function findCallerByKey(sql: Sql, key: string): Promise<Caller | undefined> {
  const [row] = await sql<KeyRow[]>`
    select k.key_id, k.role, k.store_id,
      array(select s.store_id from api_key_stores s where s.key_id = k.key_id order by s.store_id) as store_ids
    from api_keys k where k.secret_sha256 = ${hashApiKey(key)} and k.revoked_at is null`
  if (!row) return undefined
  const keyId = row.keyId
  switch (row.role) {
    case 'admin':
      return { role: 'admin', keyId, userId: null, storeId: null, storeIds: null }
    case 'terminal':
      return { role: 'terminal', keyId, userId: null, storeId: row.storeId!, storeIds: null }
    case 'marketing':
      return { role: 'marketing', keyId, userId: null, storeId: null, storeIds: null }
    case 'store_manager':
      return { role: 'store_manager', keyId, userId: null, storeId: null, storeIds: row.storeIds }
  }
}

/**
 * Issues a key; the plain key is returned once and never stored. A terminal key names its one
 * store in `storeId`; a store-manager key its stores in `storeIds` (rows of api_key_stores).
 */
export async function createApiKey(
  sql: Sql,
  k: { role: Role; storeId: number | null; storeIds?: readonly number[]; name: string },
): Promise<{ key: string; prefix: string; keyId: number }> {
  const { key, prefix, secretSha256 } = generateApiKey()
  const keyId = await sql.begin(async (tx) => {
    const [row] = await tx<{ keyId: number }[]>`
      insert into api_keys (prefix, secret_sha256, role, store_id, name)
      values (${prefix}, ${secretSha256}, ${k.role}, ${k.storeId}, ${k.name})
      returning key_id`
    const storeIds = k.storeIds ?? []
    if (storeIds.length > 0) await tx`insert into api_key_stores ${tx(storeIds.map((storeId) => ({ keyId: row!.keyId, storeId })))}`
    return row!.keyId
  })
  return { key, prefix, keyId }
}

export async function listApiKeys(sql: Sql): Promise<ApiKeyInfo[]> {
  return sql<ApiKeyInfo[]>`
    select k.key_id, k.prefix, k.role,
      case when k.store_id is not null then array[s.code]
        else array(select st.code from api_key_stores ks join stores st using (store_id) where ks.key_id = k.key_id order by st.code) end as store_codes,
      k.name, to_json(k.created_at)#>>'{}' as created_at, to_json(k.revoked_at)#>>'{}' as revoked_at
    from api_keys k left join stores s using (store_id)
    order by k.key_id`
}

/** Revokes by prefix; returns whether a live key was revoked. */
export async function revokeApiKey(sql: Sql, prefix: string): Promise<boolean> {
  const rows = await sql`update api_keys set revoked_at = now() where prefix = ${prefix} and revoked_at is null returning key_id`
  return rows.length > 0
}
