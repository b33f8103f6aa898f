import { describe, expect, it } from 'vitest'
import { ADMIN_ONLY, ROUTE_ACCESS, accessRuleFor, pathMatches, type AccessRule } from './route-access.js'

describe('pathMatches', () => {
  it('compares segments literally, lets :name stand for one non-empty segment and a final * for any rest', () => {
    expect(pathMatches('/v1/stores/:storeCode/sales', '/v1/stores/S001/sales')).toBe(true)
    expect(pathMatches('/v1/stores/:storeCode/sales', '/v1/stores//sales')).toBe(false)
    expect(pathMatches('/v1/stores/:storeCode/sales', '/v1/stores/S001/sales/validate')).toBe(false)
    expect(pathMatches('/v1/users/*', '/v1/users')).toBe(true)
    expect(pathMatches('/v1/users/*', '/v1/users/anna')).toBe(true)
    expect(pathMatches('/v1/users/*', '/v1/users/anna/x')).toBe(true)
    expect(pathMatches('/v1/users/*', '/v1/usersx')).toBe(false)
    expect(pathMatches('/v1/auth/session', '/v1/auth/session/')).toBe(false)
  })
})

describe('accessRuleFor', () => {
  it('keeps the sales rules: terminals may POST sales and validate, nothing else', () => {
    expect(accessRuleFor('POST', '/v1/stores/S001/sales').allow).toEqual(['admin', 'terminal'])
    expect(accessRuleFor('POST', '/v1/stores/S001/sales/validate').allow).toEqual(['admin', 'terminal'])
    expect(accessRuleFor('GET', '/v1/stores/S001/sales')).toBe(ADMIN_ONLY)
    expect(accessRuleFor('GET', '/v1/stores')).toBe(ADMIN_ONLY)
  })

  it('opens sign-in without reading credentials, session and sign-out to anyone, password changes to users, /v1/users to admins', () => {
    expect(accessRuleFor('POST', '/v1/auth/sign-in')).toEqual({ method: 'POST', path: '/v1/auth/sign-in', allow: 'anyone', credentials: 'ignore' })
    expect(accessRuleFor('GET', '/v1/auth/sign-in')).toBe(ADMIN_ONLY)
    expect(accessRuleFor('HEAD', '/v1/auth/session').allow).toBe('anyone')
    expect(accessRuleFor('POST', '/v1/auth/sign-out').allow).toBe('anyone')
    expect(accessRuleFor('POST', '/v1/auth/password').allow).toEqual(['admin', 'marketing', 'store_manager'])
    expect(accessRuleFor('PATCH', '/v1/users/anna').allow).toEqual(['admin'])
  })

  it('opens dashboard reads to every user and keeps the KPI refresh to admins', () => {
    for (const path of ['/v1/dashboard/stores', '/v1/dashboard/kpis', '/v1/dashboard/unmapped-skus']) expect(accessRuleFor('GET', path).allow).toEqual(['admin', 'marketing', 'store_manager'])
    expect(accessRuleFor('POST', '/v1/dashboard/kpis/refresh').allow).toEqual(['admin'])
    expect(accessRuleFor('POST', '/v1/dashboard/kpis')).toBe(ADMIN_ONLY)
  })

  it('lets the first matching rule win and defaults to admin only', () => {
    const table: AccessRule[] = [
      { method: 'GET', path: '/v1/x/special', allow: ['marketing'] },
      { path: '/v1/x/*', allow: ['admin', 'marketing', 'store_manager'] },
    ]
    expect(accessRuleFor('GET', '/v1/x/special', table).allow).toEqual(['marketing'])
    expect(accessRuleFor('POST', '/v1/x/special', table).allow).toEqual(['admin', 'marketing', 'store_manager'])
    expect(accessRuleFor('GET', '/v1/y', table)).toBe(ADMIN_ONLY)
    expect(ROUTE_ACCESS.every((r) => r.path.startsWith('/v1/'))).toBe(true)
  })
})
