// Number formats of the dashboard: one locale (en-GB) everywhere, so tests can compute what a
// screen shows with the same functions. Money arrives in integer minor units (cents).

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })
const money = new Map<string, Intl.NumberFormat>()

/**
 * Cents as money, two decimals.
 * @example formatCents(123456) // '€1,234.56'
 */
export function formatCents(cents: number, currency = 'EUR'): string {
  let f = money.get(currency)
  if (!f) money.set(currency, (f = new Intl.NumberFormat('en-GB', { style: 'currency', currency })))
  return f.format(cents / 100)
}

/** A count with thousands separators, rounded (per-store averages have decimals): `12,345`. */
export const formatCount = (n: number): string => integer.format(n)

/**
 * A share (0..1) as a percentage.
 * @example formatShare(0.1234) // '12.3%'
 */
export const formatShare = (share: number, digits = 1): string => `${(share * 100).toFixed(digits)}%`

/** A ratio such as a lift, with fixed decimals: `2.35`. */
export const formatRatio = (x: number, digits = 2): string => x.toFixed(digits)

/**
 * A p- or q-value: three significant digits, scientific below 0.001.
 * @example formatP(0.000012) // '1.20e-5'
 */
export function formatP(p: number | null): string {
  if (p === null) return '–'
  if (p === 0) return '0'
  return p < 0.001 ? p.toExponential(2) : p.toPrecision(3)
}

/**
 * A relative change (0.05 = 5 % up) with its sign and a true minus; '–' when unknown.
 * @example formatRelativeChange(-0.1) // '−10.0%'
 */
export const formatRelativeChange = (change: number | null): string => (change === null ? '–' : signed(change * 100, '%'))

/**
 * A change of a share, in percentage points (0.02 = 2 points up).
 * @example formatPointsChange(0.02) // '+2.0 pp'
 */
export const formatPointsChange = (change: number | null): string => (change === null ? '–' : signed(change * 100, ' pp'))

function signed(x: number, unit: string): string {
  const rounded = Math.round(x * 10) / 10
  if (rounded === 0) return `0.0${unit}`
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)}${unit}`
}
