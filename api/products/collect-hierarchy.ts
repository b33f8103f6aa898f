import type { ProductInput } from '../contract/product.js'
import type { RowPointer } from '../bulk/row-pointer.js'
import type { FieldError } from '../errors/app-error.js'

export type HierarchyLevel = 'department' | 'category' | 'subcategory'

/** One hierarchy node a request names: `name` null when no item gave one; `index` is the first item naming it. */
export type NodeRow = { code: string; name: string | null; parentCode: string | null; index: number }

export type HierarchyNodes = Record<HierarchyLevel, NodeRow[]>

/** A stored node that sits under another parent than the request says. */
export type ParentConflict = { level: Exclude<HierarchyLevel, 'department'>; code: string; storedParent: string; requestedParent: string }

const PARENT = { department: null, category: 'department', subcategory: 'category' } as const

/**
 * Collects the departments, categories and subcategories named by a batch of
 * products, each once. A request must describe one consistent tree: a code
 * under two parents, or given two different names, is an error at the item
 * that disagrees with the first.
 * @example collectHierarchy([{ department: { code: 'D' }, category: { code: 'C' }, subcategory: { code: 'S', name: 'Soup' }, ... }], p)
 *   // { ok: true, nodes: { department: [{ code: 'D', name: null, parentCode: null, index: 0 }], ... } }
 */
export function collectHierarchy(
  items: readonly ProductInput[],
  pointer: RowPointer,
): { ok: true; nodes: HierarchyNodes } | { ok: false; errors: FieldError[] } {
  const seen: Record<HierarchyLevel, Map<string, NodeRow>> = { department: new Map(), category: new Map(), subcategory: new Map() }
  const errors: FieldError[] = []
  items.forEach((item, i) => {
    for (const level of ['department', 'category', 'subcategory'] as const) {
      const node = item[level]
      const parentLevel = PARENT[level]
      const parentCode = parentLevel ? item[parentLevel].code : null
      const known = seen[level].get(node.code)
      if (!known) {
        seen[level].set(node.code, { code: node.code, name: node.name ?? null, parentCode, index: i })
        continue
      }
      if (known.parentCode !== parentCode) {
        errors.push({ pointer: pointer(i, level, 'code'), detail: `${level} ${node.code} is under ${parentLevel} ${known.parentCode} at ${pointer(known.index)}; a ${level} has one ${parentLevel}` })
      }
      if (node.name !== undefined && known.name !== null && node.name !== known.name) {
        errors.push({ pointer: pointer(i, level, 'name'), detail: `${level} ${node.code} is named "${known.name}" at ${pointer(known.index)}` })
      } else if (known.name === null && node.name !== undefined) known.name = node.name
    }
  })
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, nodes: { department: [...seen.department.values()], category: [...seen.category.values()], subcategory: [...seen.subcategory.values()] } }
}

/** Field errors for nodes the request places under another parent than the stored tree does. */
export function parentConflictErrors(conflicts: readonly ParentConflict[], nodes: HierarchyNodes, pointer: RowPointer): FieldError[] {
  return conflicts.map((c) => {
    const node = nodes[c.level].find((n) => n.code === c.code)!
    const parentLevel = PARENT[c.level]
    return {
      pointer: pointer(node.index, c.level, 'code'),
      detail: `${c.level} ${c.code} is stored under ${parentLevel} ${c.storedParent}, not ${c.requestedParent}; a ${c.level} keeps its ${parentLevel}`,
    }
  })
}
