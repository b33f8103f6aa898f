import type { ReceiptInput, SalesResult } from '../../api/contract/receipt.js'
import type { Sql } from '../../api/db/create-database.js'
import type { ProblemBody } from '../../api/errors/problem.js'

/** The clock of the sales tests: receipts up to 2026-11-25 (tomorrow) are accepted. */
export const TEST_NOW = new Date('2026-11-24T12:00:00Z')

/**
 * A valid receipt of a EUR store on 2026-11-20: two lines (one weighed) and a
 * card tender, 666 cents in all. `over` replaces top-level fields.
 */
export function receipt(over: Partial<ReceiptInput> = {}): ReceiptInput {
  return {
    terminalId: 'LANE-1',
    businessDay: '2026-11-20',
    receiptNo: '1001',
    occurredAt: '2026-11-20T10:15:00+01:00',
    lines: [
      { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 249, netAmountCents: 498 },
      { lineNo: 2, sku: 'SKU-2', quantity: 0.842, unitPriceCents: 199, netAmountCents: 168 },
    ],
    tenders: [{ type: 'card', amountCents: 666 }],
    totalCents: 666,
    ...over,
  }
}

/** The sales tables a post may write to. */
export const SALES_TABLES = ['receipts', 'receipt_lines', 'receipt_tenders', 'receipt_discounts', 'unmapped_skus'] as const

/** Row counts of every sales table, to compare before and after a request. */
export async function countSalesRows(sql: Sql): Promise<Record<(typeof SALES_TABLES)[number], number>> {
  const [row] = await sql<Record<(typeof SALES_TABLES)[number], number>[]>`
    select (select count(*)::int from receipts) as receipts,
      (select count(*)::int from receipt_lines) as receipt_lines,
      (select count(*)::int from receipt_tenders) as receipt_tenders,
      (select count(*)::int from receipt_discounts) as receipt_discounts,
      (select count(*)::int from unmapped_skus) as unmapped_skus`
  // postgres.camel turns receipt_lines into receiptLines; give the tables their SQL names back.
  const r = row as unknown as Record<string, number>
  return {
    receipts: r.receipts!,
    receipt_lines: r.receiptLines!,
    receipt_tenders: r.receiptTenders!,
    receipt_discounts: r.receiptDiscounts!,
    unmapped_skus: r.unmappedSkus!,
  }
}

export const salesResultOf = async (res: Response) => (await res.json()) as SalesResult
export const problemOf = async (res: Response) => (await res.json()) as ProblemBody
