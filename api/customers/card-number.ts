/**
 * Loyalty-card numbers (docs/CARDS.md).
 *
 * - 13 digits with a GS1 restricted-circulation prefix (02, 04, 20–29): EAN-13
 *   in-store numbers, GS1 mod-10 check digit (General Specifications §7.9).
 * - 18 digits: GS1 GSRN (service relation number), GS1 mod-10 check digit.
 * - any other length from 8 to 19 digits: ISO/IEC 7812-style, Luhn check digit.
 * The SQL function card_number_valid() in the first migration applies the same rules.
 */
export type CardScheme = 'gs1-rcn13' | 'gs1-gsrn' | 'luhn'

export type CardCheck =
  | { ok: true; number: string; scheme: CardScheme }
  | { ok: false; number: string; reason: 'format' | 'check_digit' }

const RCN_PREFIXES = new Set(['02', '04', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29'])

/** Strips what scanners and people add: spaces, dashes, dots, slashes. */
export function normaliseCardNumber(raw: string): string {
  return raw.trim().replace(/[\s\-./]/g, '')
}

/** GS1 mod-10: weights 3, 1, 3, ... from the rightmost digit before the check digit. */
export function gs1CheckDigit(body: string): number {
  let sum = 0
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1)
  return (10 - (sum % 10)) % 10
}

/** Luhn (ISO/IEC 7812-1): the check digit that makes the doubled-digit sum a multiple of 10. */
export function luhnCheckDigit(body: string): number {
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

export function cardSchemeOf(digits: string): CardScheme {
  if (digits.length === 13 && RCN_PREFIXES.has(digits.slice(0, 2))) return 'gs1-rcn13'
  if (digits.length === 18) return 'gs1-gsrn'
  return 'luhn'
}

/**
 * Normalises a card number and checks its check digit by its scheme.
 * @example checkCardNumber('2 000000 000008') // { ok: true, number: '2000000000008', scheme: 'gs1-rcn13' }
 */
export function checkCardNumber(raw: string): CardCheck {
  const number = normaliseCardNumber(raw)
  if (!/^[0-9]{8,19}$/.test(number)) return { ok: false, number, reason: 'format' }
  const scheme = cardSchemeOf(number)
  const body = number.slice(0, -1)
  const expected = scheme === 'luhn' ? luhnCheckDigit(body) : gs1CheckDigit(body)
  return expected === Number(number.at(-1)) ? { ok: true, number, scheme } : { ok: false, number, reason: 'check_digit' }
}

/** Appends the check digit of `scheme` to `body` (used by the demo seed and fixtures). */
export function withCheckDigit(body: string, scheme: 'gs1' | 'luhn' = 'gs1'): string {
  return body + String(scheme === 'gs1' ? gs1CheckDigit(body) : luhnCheckDigit(body))
}
