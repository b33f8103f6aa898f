import { describe, expect, it } from 'vitest'
import { hrefOf, parseRoute } from './parse-route.js'

describe('parseRoute', () => {
  it('reads a view and, for the KPIs, a store', () => {
    expect(parseRoute('#/kpis/S001')).toEqual({ view: 'kpis', store: 'S001' })
    expect(parseRoute('#/affinity')).toEqual({ view: 'affinity', store: null })
    expect(parseRoute('#/unmapped-skus')).toEqual({ view: 'unmapped-skus', store: null })
  })

  it('starts on the KPIs', () => {
    expect(parseRoute('')).toEqual({ view: 'kpis', store: null })
    expect(parseRoute('#/')).toEqual({ view: 'kpis', store: null })
  })

  it('leaves in-page anchors such as the skip link alone', () => {
    expect(parseRoute('#main')).toBeNull()
  })

  it('answers not-found for unknown views and stray segments', () => {
    expect(parseRoute('#/nope')).toEqual({ view: 'not-found', path: '/nope' })
    expect(parseRoute('#/users/anna')).toEqual({ view: 'not-found', path: '/users/anna' })
    expect(parseRoute('#/kpis/S001/x')).toEqual({ view: 'not-found', path: '/kpis/S001/x' })
  })

  it('round-trips hrefOf', () => {
    expect(parseRoute(hrefOf('kpis', 'S 1'))).toEqual({ view: 'kpis', store: 'S 1' })
    expect(hrefOf('runs')).toBe('#/runs')
  })
})
