/**
 * Exact decimal parsing for money and quantities. Amounts arrive as text
 * ('4.98', '1.234,50', '-3,99'); multiplying a parsed float by 100 gives
 * 4.98 * 100 = 498.00000000000006, so the digits are shifted as text instead.
 */

export type DecimalSeparator = '.' | ','

const FAST = { '.': /^([-+]?)(\d{1,13})(?:\.(\d{1,3}))?$/, ',': /^([-+]?)(\d{1,13})(?:,(\d{1,3}))?$/ }

/** Result of a parse: the scaled integer, or why the text is not a number. */
export type ScaledParse = { ok: true; value: number } | { ok: false; detail: string }

/**
 * Parses a decimal string into an integer scaled by 10^`scale`, exactly.
 * Rounds half away from zero past `scale` digits only when `round` is true;
 * otherwise extra non-zero digits are an error. A leading '+' or '-' and
 * thousands separators (the other of '.' and ',', or spaces) are accepted.
 * @example parseScaled('4.98', 2) // { ok: true, value: 498 }
 * @example parseScaled('1.234,5', 2, ',') // { ok: true, value: 123450 }
 */
export function parseScaled(text: string, scale: number, separator: DecimalSeparator = '.', round = false): ScaledParse {
  // Fast path for the common shape ('4.98', '12', '0.842'): digits, one separator, few decimals.
  const fast = FAST[separator].exec(text)
  if (fast && (fast[3]?.length ?? 0) <= scale) {
    const v = Number(fast[2]! + (fast[3] ?? '').padEnd(scale, '0'))
    return { ok: true, value: fast[1] === '-' && v !== 0 ? -v : v }
  }
  const thousands = separator === '.' ? ',' : '.'
  let s = text.trim().replace(/[\s\u00a0]/g, '')
  if (s === '') return { ok: false, detail: 'is empty' }
  let sign = 1
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1
    s = s.slice(1)
  }
  const parts = s.split(separator)
  if (parts.length > 2) return { ok: false, detail: `"${text}" is not a number` }
  const intPart = parts[0]!
  const fracPart = parts[1] ?? ''
  // Thousands separators only between groups of three digits (1,234,567).
  const plain = !intPart.includes(thousands) ? intPart : new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})+$`).test(intPart) ? intPart.split(thousands).join('') : null
  if (plain === null || !/^\d*$/.test(plain) || !/^\d*$/.test(fracPart) || (plain === '' && fracPart === '')) {
    return { ok: false, detail: `"${text}" is not a number` }
  }
  let frac = fracPart
  let carry = 0
  if (frac.length > scale) {
    const extra = frac.slice(scale)
    if (!round && /[1-9]/.test(extra)) return { ok: false, detail: `"${text}" has more than ${scale} decimals` }
    carry = extra[0]! >= '5' ? 1 : 0
    frac = frac.slice(0, scale)
  }
  const digits = (plain === '' ? '0' : plain) + frac.padEnd(scale, '0')
  if (digits.replace(/^0+/, '').length > 15) return { ok: false, detail: `"${text}" is too large` }
  const value = Number(digits) + (round ? carry : 0)
  return { ok: true, value: sign * value === 0 ? 0 : sign * value }
}

/** Money in major units ('4.98') → integer cents (498), exactly. */
export function parseCents(text: string, separator: DecimalSeparator = '.'): ScaledParse {
  return parseScaled(text, 2, separator)
}

/** A quantity ('0.842', '2') → a number with at most 3 decimals, parsed exactly. */
export function parseQuantity(text: string, separator: DecimalSeparator = '.'): ScaledParse {
  const r = parseScaled(text, 3, separator)
  return r.ok ? { ok: true, value: r.value / 1000 } : r
}

/** quantity × unit price in cents, rounded half away from zero, computed on integers (quantity ×1000). */
export function lineAmountCents(quantity: number, unitPriceCents: number): number {
  const milli = Math.round(Math.abs(quantity) * 1000) * unitPriceCents
  return Math.sign(quantity) * Math.round(milli / 1000)
}
