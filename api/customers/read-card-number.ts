import { cardSchemeOf, checkCardNumber } from './card-number.js'

export type CardNumberRead = { ok: true; number: string } | { ok: false; detail: string }

const SCHEME_NAME = { 'gs1-rcn13': 'GS1 (in-store EAN-13)', 'gs1-gsrn': 'GS1 (GSRN)', luhn: 'Luhn' } as const

/**
 * A card number as the API stores it (normalised), or the reason it is not
 * one, worded for a problem body's `errors[].detail`.
 * @example readCardNumber('2990 0012 3456 0') // { ok: false, detail: 'fails its GS1 (in-store EAN-13) check digit' }
 */
export function readCardNumber(raw: string): CardNumberRead {
  const check = checkCardNumber(raw)
  if (check.ok) return { ok: true, number: check.number }
  if (check.reason === 'format') return { ok: false, detail: 'must be 8 to 19 digits (spaces, dashes, dots and slashes are ignored)' }
  return { ok: false, detail: `fails its ${SCHEME_NAME[cardSchemeOf(check.number)]} check digit` }
}
