import type { Sql } from '../db/create-database.js'
import type { Caller } from './caller.js'
import { generateApiKey, hashApiKey } from './api-keys.js'

export type ApiKeyInfo = { keyId: number; prefix: string; role: 'admin' | 'terminal'; storeCode: string | null; name: string; createdAt: string; revokedAt: string | null }

export async function findCallerByKey(sql: Sql, key: string): Promise<Caller | undefined> {
  const [row] = await sql<{ keyId: number; role: 'admin' | 'terminal'; storeId: number | null }[]>`
    select key_id, role, store_id from api_keys where secret_sha256 = ${hashApiKey(key)} and revoked_at is null`
  if (!row) return undefined
  return row.role === 'admin' ? { role: 'admin', keyId: row.keyId, storeId: null } : { role: 'terminal', keyId: row.keyId, storeId: row.storeId! }
}

/** Issues a key; the plain key is returned once and never stored. */
export async function createApiKey(sql: Sql, k: { role: 'admin' | 'terminal'; storeId: number | null; name: string }): Promise<{ key: string; prefix: string; keyId: number }> {
  const { key, prefix, secretSha256 } = generateApiKey()
  const [row] = await sql<{ keyId: number }[]>`
    insert into api_keys (prefix, secret_sha256, role, store_id, name)
    values (${prefix}, ${secretSha256}, ${k.role}, ${k.storeId}, ${k.name})
    returning key_id`
  return { key, prefix, keyId: row!.keyId }
}

export async function listApiKeys(sql: Sql): Promise<ApiKeyInfo[]> {
  return sql<ApiKeyInfo[]>`
    select k.key_id, k.prefix, k.role, s.code as store_code, k.name,
      to_json(k.created_at)#>>'{}' as created_at, to_json(k.revoked_at)#>>'{}' as revoked_at
    from api_keys k left join stores s using (store_id)
    order by k.key_id`
}

/** Revokes by prefix; returns whether a live key was revoked. */
export async function revokeApiKey(sql: Sql, prefix: string): Promise<boolean> {
  const rows = await sql`update api_keys set revoked_at = now() where prefix = ${prefix} and revoked_at is null returning key_id`
  return rows.length > 0
}
