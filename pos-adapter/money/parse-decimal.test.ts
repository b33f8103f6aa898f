import { describe, expect, it } from 'vitest'
import { lineAmountCents, parseCents, parseQuantity, parseScaled } from './parse-decimal.js'

describe('exact decimal parsing', () => {
  it('turns major units into integer cents without float error', () => {
    expect(['4.98', '0.29', '1.005', '-3.99', '+2', '.5', '1,234.56', '0'].map((t) => parseCents(t))).toEqual([
      { ok: true, value: 498 },
      { ok: true, value: 29 },
      { ok: false, detail: '"1.005" has more than 2 decimals' },
      { ok: true, value: -399 },
      { ok: true, value: 200 },
      { ok: true, value: 50 },
      { ok: true, value: 123456 },
      { ok: true, value: 0 },
    ])
  })

  it('respects a comma decimal separator and dots as thousands', () => {
    expect(parseCents('1.234,50', ',')).toEqual({ ok: true, value: 123450 })
    expect(parseCents('4,98', ',')).toEqual({ ok: true, value: 498 })
    expect(parseCents('4,98', '.')).toEqual({ ok: false, detail: '"4,98" is not a number' })
  })

  it('refuses garbage, empty text and absurd sizes', () => {
    for (const t of ['', 'abc', '1.2.3', '12e3', 'NaN', '--1', '1 2x', '99999999999999999']) expect(parseCents(t).ok).toBe(false)
  })

  it('rounds half away from zero only when asked', () => {
    expect(parseScaled('2.555', 2, '.', true)).toEqual({ ok: true, value: 256 })
    expect(parseScaled('-2.555', 2, '.', true)).toEqual({ ok: true, value: -256 })
  })

  it('reads quantities to 3 decimals and computes line amounts on integers', () => {
    expect(parseQuantity('0.842')).toEqual({ ok: true, value: 0.842 })
    expect(parseQuantity('0.8425').ok).toBe(false)
    expect(lineAmountCents(0.842, 199)).toBe(168) // 167.558
    expect(lineAmountCents(0.42, 299)).toBe(126) // 125.58
    expect(lineAmountCents(3, 89)).toBe(267)
  })
})
