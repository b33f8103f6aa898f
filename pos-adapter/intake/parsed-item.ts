/**
 * What a format parser yields for each unit of a file, in file order. `at`
 * names the place for a person fixing the file: 'line 12', 'Transaction at
 * line 40 (SequenceNumber 88214)', 'receipts[3]'.
 */
export type ParsedItem =
  | { kind: 'receipt'; at: string; input: unknown; rows?: RowsOfReceipt }
  | { kind: 'problem'; at: string; detail: string; rows?: RowsOfReceipt }
  | { kind: 'skipped'; at: string; reason: string; rows?: RowsOfReceipt }

/**
 * What a row-based parser (CSV) knows beside the receipt, for the bulk
 * importer's accounting: the receipt's key as written ('ONLINE/2010-12-01/536365'),
 * the file lines of its rows, and the customer id and line descriptions when
 * the mapping names those columns. The in-store adapter ignores it.
 */
export type RowsOfReceipt = { key: string; lines: number[]; customerRef?: string; descriptions?: (string | undefined)[] }
