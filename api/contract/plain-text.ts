import { z } from 'zod'

/**
 * A single-line text field: 1 to `max` characters, no control characters.
 * PostgreSQL text cannot store U+0000, and no name, brand or address needs
 * a tab or a line break, so they are refused here rather than failing in SQL.
 * @example plainText(200).parse('Campina whole milk') // 'Campina whole milk'
 */
export const plainText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\x00-\x1f\x7f]*$/, 'must not contain control characters')
