import { z } from 'zod'
import { RowRuleSchema } from './row-rules.js'

/** A column: its header name, its 1-based position, or a constant for every row. */
export const ColumnSchema = z.union([z.string().min(1), z.number().int().min(1), z.object({ const: z.string() }).strict()])
export type Column = z.infer<typeof ColumnSchema>

/**
 * How a CSV journal (one row per line item) becomes receipts. One mapping
 * file per till vendor or data set; the same format and parser serve the
 * in-store adapter and the bulk history importer.
 * @example
 * { "delimiter": ";", "decimalSeparator": ",", "dateTimeFormat": "DD.MM.YYYY HH:mm:ss", "utcOffset": "+01:00",
 *   "key": { "terminalId": "Kasse", "receiptNo": "BonNr" },
 *   "columns": { "occurredAt": "Zeit", "sku": "Artikel", "quantity": "Menge", "unitPrice": "Preis" } }
 */
export const CsvMappingSchema = z
  .object({
    name: z.string().default('csv'),
    delimiter: z.string().length(1).default(','),
    quote: z.string().length(1).default('"'),
    decimalSeparator: z.enum(['.', ',']).default('.'),
    encoding: z.string().default('utf-8').describe('utf-8, iso-8859-1 or windows-1252'),
    header: z.boolean().default(true).describe('First row names the columns; false: columns are 1-based positions'),
    dateFormat: z.string().default('YYYY-MM-DD').describe('Tokens YYYY MM M DD D; for the business day column'),
    dateTimeFormat: z.string().default('ISO').describe('"ISO" (ISO 8601) or tokens YYYY MM M DD D HH H mm ss'),
    utcOffset: z.string().regex(/^(Z|[+-]\d{2}:\d{2})$/).default('Z').describe('Offset of date-times that carry none'),
    timeZone: z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/London')
      .optional()
      .describe('IANA zone of local date-times that carry no offset (follows summer time); overrides utcOffset'),
    amounts: z.enum(['major', 'minor']).default('major').describe('major: 4.98; minor: 498 (cents)'),
    roundAmounts: z.boolean().default(false).describe('Round amounts with more decimals than the currency has (else: a problem)'),
    key: z
      .object({
        terminalId: ColumnSchema,
        businessDay: ColumnSchema.optional().describe('Absent: the date part of occurredAt'),
        receiptNo: ColumnSchema,
      })
      .strict()
      .describe('The columns that make the receipt key; rows of one receipt must be adjacent'),
    columns: z
      .object({
        occurredAt: ColumnSchema,
        lineNo: ColumnSchema.optional(),
        sku: ColumnSchema,
        gtin: ColumnSchema.optional(),
        quantity: ColumnSchema,
        unitPrice: ColumnSchema,
        discount: ColumnSchema.optional(),
        netAmount: ColumnSchema.optional().describe('Line total after discount; absent: quantity × unitPrice − discount'),
        kind: ColumnSchema.optional(),
        voided: ColumnSchema.optional(),
        couponCode: ColumnSchema.optional(),
        cardNumber: ColumnSchema.optional(),
        cardEntry: ColumnSchema.optional(),
        currency: ColumnSchema.optional(),
        total: ColumnSchema.optional().describe("The receipt's total (same on each of its rows); absent: the sum of its lines"),
        customerRef: ColumnSchema.optional().describe("Bulk importer only: the customer's account id (read from the receipt's first row)"),
        description: ColumnSchema.optional().describe('Bulk importer only: the product name of the line'),
      })
      .strict(),
    returns: z
      .object({
        kindValues: z.array(z.string()).default(['return', 'R', 'RETURN', 'Return']),
        negativeQuantity: z.boolean().default(true).describe('A negative quantity is a return'),
        receiptNoPrefix: z.string().optional().describe('Receipt numbers starting with this are returns (UCI Online Retail: "C")'),
      })
      .strict()
      .default({ kindValues: ['return', 'R', 'RETURN', 'Return'], negativeQuantity: true }),
    rejectRows: z.array(RowRuleSchema).default([]).describe('Rows that are not sales: each matching row is skipped and reported with the rule\'s reason'),
    reopenWindow: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(0)
      .describe('Completed receipts held open, so rows of a receipt that come back after up to this many other receipts are merged into it'),
    importer: z
      .object({
        customerRefPrefix: z.string().default('').describe('Put before the file\'s customer id to make the customerRef'),
        nonMerchandise: z
          .object({
            skus: z.array(z.string()).default([]),
            skuPatterns: z.array(z.string()).default([]).describe('Regular expressions, matched against the whole SKU'),
          })
          .strict()
          .default({ skus: [], skuPatterns: [] })
          .describe('SKUs that are not goods (postage, fees, vouchers): their products go to the NON-MERCHANDISE department'),
      })
      .strict()
      .optional()
      .describe('Bulk importer only: how customers and products are created (fixtures/import/mappings/README.md)'),
    voidValues: z.array(z.string()).default(['1', 'true', 'TRUE', 'Y', 'yes', 'V', 'void']),
    keyedValues: z.array(z.string()).default(['keyed', 'K', 'manual', 'Keyed']),
  })
  .strict()
function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

export type CsvMapping = z.infer<typeof CsvMappingSchema>
export type CsvMappingInput = z.input<typeof CsvMappingSchema>
