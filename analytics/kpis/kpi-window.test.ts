import { describe, expect, it } from 'vitest'
import { lapsedKnownThrough, resolveWindow, weekStartOf } from './kpi-window.js'

describe('weekStartOf', () => {
  it('gives the Monday of the ISO week, a Sunday belonging to the week before', () => {
    expect(['2025-01-06', '2025-01-08', '2025-01-12'].map(weekStartOf)).toEqual(['2025-01-06', '2025-01-06', '2025-01-06'])
    expect(weekStartOf('2025-01-13')).toBe('2025-01-13')
    expect(weekStartOf('2026-01-01')).toBe('2025-12-29') // across a year end
  })
})

describe('resolveWindow', () => {
  it('defaults to the 13 weeks ending with the last day of data, and the 13 before them', () => {
    expect(resolveWindow({}, '2025-04-06')).toEqual({
      current: { from: '2025-01-06', to: '2025-04-06', weeks: 13 },
      previous: { from: '2024-10-07', to: '2025-01-05', weeks: 13 },
    })
  })

  it('takes whole weeks around any from and to', () => {
    expect(resolveWindow({ from: '2025-01-08', to: '2025-01-20' }, '2025-04-06')).toEqual({
      current: { from: '2025-01-06', to: '2025-01-26', weeks: 3 },
      previous: { from: '2024-12-16', to: '2025-01-05', weeks: 3 },
    })
  })

  it('keeps a from beyond the last day of data to its own week', () => {
    expect(resolveWindow({ from: '2025-05-01' }, '2025-04-06').current).toEqual({ from: '2025-04-28', to: '2025-05-04', weeks: 1 })
  })
})

describe('lapsedKnownThrough', () => {
  it('is the last week whose 8 following weeks have ended by the last day', () => {
    expect(lapsedKnownThrough('2025-01-06', '2025-04-06', 8)).toBe('2025-02-03') // 2025-02-03 + 62 days = 2025-04-06
    expect(lapsedKnownThrough('2025-01-06', '2025-04-05', 8)).toBe('2025-01-27')
    expect(lapsedKnownThrough('2025-01-06', '2025-03-01', 8)).toBeNull()
    expect(lapsedKnownThrough(null, null, 8)).toBeNull()
  })
})
