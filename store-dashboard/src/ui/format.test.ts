import { describe, expect, it } from 'vitest'
import { formatCents, formatCount, formatP, formatPointsChange, formatRelativeChange, formatShare } from './format.js'

describe('formats', () => {
  it('writes cents as euros with separators, and rounds counts', () => {
    expect(formatCents(123456)).toBe('€1,234.56')
    expect(formatCents(-5)).toBe('-€0.05')
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(149.33)).toBe('149')
  })

  it('writes shares and p-values', () => {
    expect(formatShare(0.1234)).toBe('12.3%')
    expect(formatP(0.000012)).toBe('1.20e-5')
    expect(formatP(0.0412)).toBe('0.0412')
    expect(formatP(null)).toBe('–')
  })

  it('signs changes with a true minus and says when there is nothing to compare', () => {
    expect(formatRelativeChange(0.1)).toBe('+10.0%')
    expect(formatRelativeChange(-0.1)).toBe('−10.0%')
    expect(formatRelativeChange(0.0004)).toBe('0.0%')
    expect(formatRelativeChange(null)).toBe('–')
    expect(formatPointsChange(0.02)).toBe('+2.0 pp')
  })
})
