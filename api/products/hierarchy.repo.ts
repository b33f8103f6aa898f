import type { Sql } from '../db/create-database.js'
import type { HierarchyLevel, HierarchyNodes, NodeRow, ParentConflict } from './collect-hierarchy.js'

type LevelTable = { table: string; id: string; parent: { table: string; id: string } | null }

const TABLES: Record<HierarchyLevel, LevelTable> = {
  department: { table: 'departments', id: 'department_id', parent: null },
  category: { table: 'categories', id: 'category_id', parent: { table: 'departments', id: 'department_id' } },
  subcategory: { table: 'subcategories', id: 'subcategory_id', parent: { table: 'categories', id: 'category_id' } },
}

/**
 * Creates the hierarchy nodes a request names, top down, and renames those it
 * gives a name. Existing nodes keep their parent: a node the request places
 * under another parent comes back in `conflicts` (the caller rolls back).
 * Run inside the caller's transaction. Returns the subcategory ids by code.
 */
export async function upsertHierarchy(sql: Sql, nodes: HierarchyNodes): Promise<{ subcategoryIds: Map<string, number>; conflicts: ParentConflict[] }> {
  const conflicts: ParentConflict[] = []
  for (const level of ['department', 'category', 'subcategory'] as const) {
    const rows = nodes[level]
    await insertMissing(sql, TABLES[level], rows)
    if (level !== 'department') conflicts.push(...(await findParentConflicts(sql, level, rows)))
    await rename(sql, TABLES[level], rows)
  }
  const codes = nodes.subcategory.map((n) => n.code)
  const ids = await sql<{ subcategoryId: number; code: string }[]>`
    select subcategory_id, code from subcategories where code = any(${codes}::text[])`
  return { subcategoryIds: new Map(ids.map((r) => [r.code, r.subcategoryId])), conflicts }
}

const columnsOf = (rows: readonly NodeRow[]) => ({
  codes: rows.map((r) => r.code),
  names: rows.map((r) => r.name),
  parents: rows.map((r) => r.parentCode),
})

// In code order, so concurrent requests take the unique-index locks in the same order.
async function insertMissing(sql: Sql, t: LevelTable, rows: readonly NodeRow[]): Promise<void> {
  const { codes, names, parents } = columnsOf(rows)
  if (!t.parent) {
    await sql`
      insert into ${sql(t.table)} (code, name)
      select u.code, coalesce(u.name, u.code) from unnest(${codes}::text[], ${names}::text[]) as u (code, name)
      order by u.code
      on conflict (code) do nothing`
    return
  }
  await sql`
    insert into ${sql(t.table)} (${sql(t.parent.id)}, code, name)
    select p.${sql(t.parent.id)}, u.code, coalesce(u.name, u.code)
    from unnest(${codes}::text[], ${names}::text[], ${parents}::text[]) as u (code, name, parent)
    join ${sql(t.parent.table)} p on p.code = u.parent
    order by u.code
    on conflict (code) do nothing`
}

async function findParentConflicts(sql: Sql, level: Exclude<HierarchyLevel, 'department'>, rows: readonly NodeRow[]): Promise<ParentConflict[]> {
  const t = TABLES[level]
  const parent = t.parent!
  const { codes, parents } = columnsOf(rows)
  const found = await sql<{ code: string; storedParent: string; requestedParent: string }[]>`
    select u.code, p.code as stored_parent, u.parent as requested_parent
    from unnest(${codes}::text[], ${parents}::text[]) as u (code, parent)
    join ${sql(t.table)} n on n.code = u.code
    join ${sql(parent.table)} p on p.${sql(parent.id)} = n.${sql(parent.id)}
    where p.code <> u.parent
    order by u.code`
  return found.map((f) => ({ level, ...f }))
}

async function rename(sql: Sql, t: LevelTable, rows: readonly NodeRow[]): Promise<void> {
  const named = rows.filter((r) => r.name !== null)
  if (named.length === 0) return
  const { codes, names } = columnsOf(named)
  await sql`
    update ${sql(t.table)} n set name = u.name
    from unnest(${codes}::text[], ${names}::text[]) as u (code, name)
    where n.code = u.code and n.name <> u.name`
}
