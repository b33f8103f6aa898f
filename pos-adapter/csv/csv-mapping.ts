import { z } from 'zod'

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
    voidValues: z.array(z.string()).default(['1', 'true', 'TRUE', 'Y', 'yes', 'V', 'void']),
    keyedValues: z.array(z.string()).default(['keyed', 'K', 'manual', 'Keyed']),
  })
  .strict()
export type CsvMapping = z.infer<typeof CsvMappingSchema>
export type CsvMappingInput = z.input<typeof CsvMappingSchema>
