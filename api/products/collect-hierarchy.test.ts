import { describe, expect, it } from 'vitest'
import type { ProductInput } from '../contract/product.js'
import { rowPointerOf } from '../bulk/row-pointer.js'
import { collectHierarchy, parentConflictErrors } from './collect-hierarchy.js'

const item = (d: string, c: string, s: string, names: { d?: string; c?: string; s?: string } = {}): ProductInput => ({
  sku: `${d}-${c}-${s}`, name: 'x', ownBrand: false, active: true,
  department: { code: d, ...(names.d ? { name: names.d } : {}) },
  category: { code: c, ...(names.c ? { name: names.c } : {}) },
  subcategory: { code: s, ...(names.s ? { name: names.s } : {}) },
})
const json = rowPointerOf('application/json')

describe('collectHierarchy', () => {
  it('lists each node once with its parent and the first item naming it; a later item may supply the name', () => {
    const r = collectHierarchy([item('D', 'C', 'S1'), item('D', 'C', 'S2', { c: 'Cat' })], json)
    expect(r).toEqual({
      ok: true,
      nodes: {
        department: [{ code: 'D', name: null, parentCode: null, index: 0 }],
        category: [{ code: 'C', name: 'Cat', parentCode: 'D', index: 0 }],
        subcategory: [{ code: 'S1', name: null, parentCode: 'C', index: 0 }, { code: 'S2', name: null, parentCode: 'C', index: 1 }],
      },
    })
  })

  it('names the item that puts a node under a second parent or gives it a second name', () => {
    const r = collectHierarchy([item('D1', 'C', 'S', { s: 'Soup' }), item('D2', 'C', 'S', { s: 'Stew' })], rowPointerOf('text/csv'))
    expect(r).toEqual({
      ok: false,
      errors: [
        { pointer: '#/rows/2/category/code', detail: 'category C is under department D1 at #/rows/1; a category has one department' },
        { pointer: '#/rows/2/subcategory/name', detail: 'subcategory S is named "Soup" at #/rows/1' },
      ],
    })
  })
})

describe('parentConflictErrors', () => {
  it('points at the first item naming the node the stored tree places elsewhere', () => {
    const r = collectHierarchy([item('D', 'A', 'S0'), item('D', 'C', 'S1'), item('D', 'C', 'S2')], json)
    if (!r.ok) throw new Error('expected a consistent request')
    expect(parentConflictErrors([{ level: 'category', code: 'C', storedParent: 'X', requestedParent: 'D' }], r.nodes, json)).toEqual([
      { pointer: '#/items/1/category/code', detail: 'category C is stored under department X, not D; a category keeps its department' },
    ])
  })
})
