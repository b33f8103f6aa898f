/**
 * What a format parser yields for each unit of a file, in file order. `at`
 * names the place for a person fixing the file: 'line 12', 'Transaction at
 * line 40 (SequenceNumber 88214)', 'receipts[3]'.
 */
export type ParsedItem =
  | { kind: 'receipt'; at: string; input: unknown }
  | { kind: 'problem'; at: string; detail: string }
  | { kind: 'skipped'; at: string; reason: string }
