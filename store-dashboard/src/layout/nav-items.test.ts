import { describe, expect, it } from 'vitest'
import { mayOpen, navItemsFor } from './nav-items.js'

describe('navItemsFor', () => {
  it('gives admins every view, users included', () => {
    expect(navItemsFor('admin').map((i) => i.view)).toEqual(['kpis', 'affinity', 'demographics', 'segments', 'runs', 'unmapped-skus', 'users'])
  })

  it('gives marketing the customer segments but not the users', () => {
    expect(navItemsFor('marketing').map((i) => i.view)).toEqual(['kpis', 'affinity', 'demographics', 'segments', 'runs', 'unmapped-skus'])
  })

  it('gives store managers aggregates only', () => {
    expect(navItemsFor('store_manager').map((i) => i.view)).toEqual(['kpis', 'affinity', 'demographics', 'runs', 'unmapped-skus'])
    expect(mayOpen('store_manager', 'segments')).toBe(false)
    expect(mayOpen('store_manager', 'users')).toBe(false)
  })
})
