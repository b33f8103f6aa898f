import { describe, expect, it } from 'vitest'
import { checkCardNumber, gs1CheckDigit, luhnCheckDigit, withCheckDigit } from './card-number.js'

describe('checkCardNumber', () => {
  // 299000123456 → check digit 7 (3×6+5+3×4+3+3×2+1+3×0+0+3×0+9+3×9+2 = 103, 10 − 3 = 7).
  // The illustrative POSLog sample in RETAIL-FACTS.md ends in 4, which fails this check.
  it('accepts a GS1 in-store EAN-13 with its check digit, after removing separators', () => {
    expect(checkCardNumber(' 2990-0012 3456 7 ')).toEqual({ ok: true, number: '2990001234567', scheme: 'gs1-rcn13' })
  })

  it('rejects the same number with any other last digit', () => {
    for (let d = 0; d <= 9; d++) {
      if (d === 7) continue
      expect(checkCardNumber(`299000123456${d}`)).toEqual({ ok: false, number: `299000123456${d}`, reason: 'check_digit' })
    }
  })

  it('uses Luhn outside the GS1 ranges (ISO/IEC 7812 test number)', () => {
    expect(checkCardNumber('4111 1111 1111 1111')).toMatchObject({ ok: true, scheme: 'luhn' })
    expect(checkCardNumber('4111111111111112')).toMatchObject({ ok: false, reason: 'check_digit' })
  })

  it('treats 18 digits as a GSRN with the GS1 check digit', () => {
    const gsrn = withCheckDigit('12345678901234567')
    expect(checkCardNumber(gsrn)).toMatchObject({ ok: true, scheme: 'gs1-gsrn' })
  })

  it('rejects letters, too short and too long numbers as format errors', () => {
    expect(checkCardNumber('29900O1234564')).toMatchObject({ ok: false, reason: 'format' })
    expect(checkCardNumber('1234567')).toMatchObject({ ok: false, reason: 'format' })
    expect(checkCardNumber('12345678901234567890')).toMatchObject({ ok: false, reason: 'format' })
  })

  it('computes published check digits: GS1 (EAN-13 4006381333931) and Luhn (79927398713)', () => {
    expect(gs1CheckDigit('400638133393')).toBe(1)
    expect(luhnCheckDigit('7992739871')).toBe(3)
  })
})
