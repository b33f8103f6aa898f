import type { ReceiptInput } from '../../api/contract/receipt.js'
import { writePoslog, writeTransaction } from '../../pos-adapter/poslog/write-poslog.js'

/** One file of the malformed corpus: what it holds, how many of its receipts are good, what the .reason must say. */
export type CorpusCase = { name: string; file: string; content: string | Buffer; good: number; reason: RegExp }

/** A small consistent receipt on terminal `t`. */
export function receipt(t: string, no: number, o: Partial<ReceiptInput> = {}): ReceiptInput {
  return {
    terminalId: t,
    businessDay: '2025-03-14',
    receiptNo: String(no),
    occurredAt: '2025-03-14T10:00:00+01:00',
    lines: [
      { lineNo: 1, kind: 'sale', sku: 'SKU-1', quantity: 2, unitPriceCents: 249, discountCents: 0, netAmountCents: 498, voided: false },
      { lineNo: 2, kind: 'sale', sku: 'SKU-2', quantity: 0.5, unitPriceCents: 300, discountCents: 0, netAmountCents: 150, voided: false },
    ],
    tenders: [{ type: 'cash', amountCents: 648 }],
    totalCents: 648,
    ...o,
  }
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<POSLog xmlns="http://www.nrf-arts.org/IXRetail/namespace/">\n'
const TAIL = '</POSLog>\n'
const tx = (t: string, no: number, o: Partial<ReceiptInput> = {}) => writeTransaction(receipt(t, no, o), 'S001')
/** Two good transactions, then `bad` (raw XML of a transaction or text to splice in). */
const xmlWith = (t: string, bad: string) => HEAD + tx(t, 1) + tx(t, 2) + bad + TAIL
/** A good transaction with one substitution applied to its text. */
const txEdit = (t: string, no: number, from: string | RegExp, to: string) => {
  const s = tx(t, no)
  const out = s.replace(from, to)
  if (out === s) throw new Error(`corpus edit did not apply: ${String(from)}`)
  return out
}

const CSV_HEAD = 'terminal,receipt,at,line,sku,qty,price,discount,card'
const csvRows = (t: string, no: number) => [`${t},${no},2025-03-14T10:00:00+01:00,1,SKU-1,2,2.49,0,`, `${t},${no},2025-03-14T10:00:00+01:00,2,SKU-2,0.5,3.00,0,`]
const csvWith = (t: string, ...bad: string[]) => [CSV_HEAD, ...csvRows(t, 1), ...csvRows(t, 2), ...bad].join('\n') + '\n'

/** The column mapping the corpus's CSV files use. */
export const CORPUS_CSV_MAPPING = {
  key: { terminalId: 'terminal', receiptNo: 'receipt' },
  columns: { occurredAt: 'at', lineNo: 'line', sku: 'sku', quantity: 'qty', unitPrice: 'price', discount: 'discount', cardNumber: 'card' },
}

const json = (v: unknown) => JSON.stringify(v)

/**
 * The malformed corpus: each case's good receipts use terminal `Mnn`, so the
 * test can count what reached the API per case.
 */
export function corpus(): CorpusCase[] {
  const cases: Omit<CorpusCase, 'file'>[] = []
  const add = (name: string, ext: string, build: (t: string) => string | Buffer, good: number, reason: RegExp) => cases.push({ name: `${name}.${ext}`, content: build(`M${String(cases.length + 1).padStart(2, '0')}`), good, reason })

  // XML: hostile documents
  add('xxe-external-entity', 'xml', (t) => `<?xml version="1.0"?><!DOCTYPE POSLog [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><POSLog>${tx(t, 1)}<Note>&xxe;</Note></POSLog>`, 0, /line 1, column \d+: DOCTYPE declarations are refused/)
  add('billion-laughs', 'xml', () => `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><POSLog>&lol2;</POSLog>`, 0, /DOCTYPE declarations are refused/)
  add('external-dtd', 'xml', (t) => `<?xml version="1.0"?><!DOCTYPE POSLog SYSTEM "http://attacker.example/poslog.dtd">${HEAD.split('\n')[1]}${tx(t, 1)}${TAIL}`, 0, /DOCTYPE declarations are refused/)
  add('undefined-entity', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<ItemID>SKU-1', '<ItemID>&custom;SKU-1')), 2, /not well-formed/)
  add('deep-nesting', 'xml', (t) => xmlWith(t, '<Transaction>' + '<X>'.repeat(100) + '</X>'.repeat(100) + '</Transaction>'), 2, /nested deeper than 64/)
  add('huge-text-node', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<ItemID>SKU-1', '<ItemID>' + 'A'.repeat(70_000))), 2, /text of <ItemID> is longer than 65536/)
  // XML: broken files
  add('truncated-mid-transaction', 'xml', (t) => (HEAD + tx(t, 1) + tx(t, 2) + tx(t, 3)).slice(0, -200), 2, /Transaction at line 5: .*not well-formed.*the rest of the file is not read/)
  add('truncated-mid-tag', 'xml', (t) => HEAD + tx(t, 1) + tx(t, 2) + '<Transaction><RetailSto', 2, /the rest of the file is not read/)
  add('empty-file', 'xml', () => '', 0, /line 1, column 0: XML is not well-formed: document must contain a root element/)
  add('wrong-root', 'xml', (t) => `<Receipts>${tx(t, 1)}</Receipts>`, 0, /the root element is <Receipts>, not <POSLog>/)
  add('mismatched-tags', 'xml', (t) => xmlWith(t, txEdit(t, 3, '</ItemID>', '</ItemId>')), 2, /not well-formed/)
  add('unescaped-ampersand', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<ItemID>SKU-1', '<ItemID>SKU&1')), 2, /not well-formed/)
  add('control-char-reference', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<ItemID>SKU-1', '<ItemID>SKU&#1;1')), 2, /not well-formed/)
  // XML: encodings
  add('latin1-bytes-in-utf8', 'xml', (t) => Buffer.concat([Buffer.from(HEAD + tx(t, 1) + tx(t, 2)), Buffer.from(txEdit(t, 3, '<ItemID>SKU-1', '<ItemID>CAF\u00c9-1'), 'latin1'), Buffer.from(TAIL)]), 2, /invalid byte sequence for the file's encoding in <ItemID>/)
  add('unsupported-encoding', 'xml', (t) => HEAD.replace('UTF-8', 'EBCDIC-CP-US') + tx(t, 1) + TAIL, 0, /encoding "ebcdic-cp-us" is not supported/)
  add('utf16-without-bom-declared-utf8', 'xml', (t) => Buffer.from(HEAD + tx(t, 1) + TAIL, 'utf16le'), 0, /not well-formed|holds no XML element|root element/)
  // XML: the same receipt twice
  add('same-receipt-twice', 'xml', (t) => HEAD + tx(t, 1) + tx(t, 2) + tx(t, 1) + TAIL, 2, /the same receipt \(terminal M\d+, day 2025-03-14, receipt 1\) already appears at Transaction at line 3/)
  add('same-key-other-content', 'xml', (t) => HEAD + tx(t, 1) + tx(t, 2) + txEdit(t, 1, '<ItemID>SKU-2', '<ItemID>SKU-9') + TAIL, 2, /already appears at Transaction at line 3/)
  // XML: garbage values
  add('garbage-amount', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<ExtendedAmount>4.98', '<ExtendedAmount>4.9x8')), 2, /LineItem at line \d+: ExtendedAmount "4.9x8" is not a number/)
  add('amount-three-decimals', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<RegularSalesUnitPrice>2.49', '<RegularSalesUnitPrice>2.495')), 2, /RegularSalesUnitPrice "2.495" has more than 2 decimals/)
  add('garbage-quantity', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<Quantity>2<', '<Quantity>two<')), 2, /Quantity "two" is not a number/)
  add('quantity-four-decimals', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<Quantity>0.5<', '<Quantity>0.5001<')), 2, /Quantity "0.5001" has more than 3 decimals/)
  add('total-mismatch', 'xml', (t) => xmlWith(t, txEdit(t, 3, 'TransactionGrandAmount">6.48', 'TransactionGrandAmount">9.99')), 2, /totalCents: is 999 but the lines add up to 648/)
  add('tender-mismatch', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<Amount>6.48', '<Amount>5.00')), 2, /tenders: add up to 500 but totalCents is 648/)
  add('missing-workstation', 'xml', (t) => xmlWith(t, txEdit(t, 3, /<WorkstationID>[^<]*<\/WorkstationID>/, '')), 2, /WorkstationID is missing/)
  add('missing-sequence-number', 'xml', (t) => xmlWith(t, txEdit(t, 3, /<SequenceNumber>3<\/SequenceNumber>/, '')), 2, /SequenceNumber is missing/)
  add('missing-business-day', 'xml', (t) => xmlWith(t, txEdit(t, 3, /<BusinessDayDate>[^<]*<\/BusinessDayDate>/, '')), 2, /BusinessDayDate is missing/)
  add('impossible-date', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<BusinessDayDate>2025-03-14', '<BusinessDayDate>2025-13-45')), 2, /#\/businessDay: must be a date YYYY-MM-DD/)
  add('future-business-day', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<BusinessDayDate>2025-03-14', '<BusinessDayDate>2999-01-01')), 2, /#\/businessDay: is in the future/)
  add('garbage-timestamp', 'xml', (t) => xmlWith(t, txEdit(t, 3, /<EndDateTime>[^<]*</, '<EndDateTime>yesterday<')), 2, /#\/occurredAt: must be an ISO 8601 date-time/)
  add('missing-item-id', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<ItemID>SKU-1</ItemID>', '')), 2, /Sale has no ItemID/)
  add('other-store', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<RetailStoreID>S001', '<RetailStoreID>S999')), 2, /RetailStoreID is S999 but this adapter serves store S001/)
  add('no-line-items', 'xml', (t) => xmlWith(t, txEdit(t, 3, /<LineItem.*<\/LineItem>/, '')), 2, /#\/lines: a receipt has at least one line/)
  add('sku-too-long', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<ItemID>SKU-1', '<ItemID>' + 'S'.repeat(80))), 2, /#\/lines\/0\/sku: Too big/i)
  add('bad-currency', 'xml', (t) => xmlWith(t, txEdit(t, 3, '<RetailTransaction>', '<CurrencyCode>EURO</CurrencyCode><RetailTransaction>')), 2, /#\/currency: ISO 4217 code/)

  // CSV
  add('csv-garbage-amount', 'csv', (t) => csvWith(t, `${t},3,2025-03-14T10:00:00+01:00,1,SKU-1,2,2.4.9,0,`), 2, /line 6, column price: "2.4.9" is not a number/)
  add('csv-truncated-row', 'csv', (t) => csvWith(t, `${t},3,2025-03-14T10:00:00+01:00,1,SKU`), 2, /line 6, column qty: is (empty|missing)/)
  // The receipt open when the parser breaks (receipt 2) might continue in the broken record: it is held back too.
  add('csv-unclosed-quote', 'csv', (t) => csvWith(t, `${t},3,2025-03-14T10:00:00+01:00,1,"SKU-1,2,2.49,0,`), 1, /line 6: CSV is malformed: Quote Not Closed.*the rest of the file from line 4 is not read/)
  add('csv-latin1-bytes', 'csv', (t) => Buffer.concat([Buffer.from(csvWith(t)), Buffer.from(`${t},3,2025-03-14T10:00:00+01:00,1,CAF\u00c9,1,2.49,0,\n`, 'latin1')]), 2, /line 6, column sku: holds an invalid byte sequence/)
  add('csv-key-not-adjacent', 'csv', (t) => csvWith(t, ...csvRows(t, 1)), 2, /lines 6-7: receipt M\d+\/2025-03-14\/1 appears again \(first at line 2\)/)
  add('csv-header-lacks-column', 'csv', (t) => csvWith(t).replace('price', 'prix'), 0, /the header lacks the mapped column "price"/)
  add('csv-bad-date', 'csv', (t) => csvWith(t, `${t},3,14/03/2025 10:00,1,SKU-1,2,2.49,0,`), 2, /line 6, column at: "14\/03\/2025 10:00" does not match ISO/)
  add('csv-zero-quantity', 'csv', (t) => csvWith(t, `${t},3,2025-03-14T10:00:00+01:00,1,SKU-1,0,2.49,0,`), 2, /column qty: is zero/)
  add('csv-discount-larger-than-line', 'csv', (t) => csvWith(t, `${t},3,2025-03-14T10:00:00+01:00,1,SKU-1,1,2.49,9.99,`), 2, /discountCents: is larger than the line|netAmountCents: must not be negative/)
  add('csv-decimal-comma-in-dot-file', 'csv', (t) => csvWith(t, `${t},3,2025-03-14T10:00:00+01:00,1,SKU-1,1,"2,49",0,`), 2, /column price: "2,49" is not a number/)

  // JSON
  add('json-truncated', 'json', (t) => json({ receipts: [receipt(t, 1), receipt(t, 2)] }).slice(0, -30), 0, /file: is not valid JSON/)
  add('json-one-bad-receipt', 'json', (t) => json({ receipts: [receipt(t, 1), { ...receipt(t, 3), lines: [] }, receipt(t, 2)] }), 2, /receipts\[1\]: #\/lines: a receipt has at least one line/)
  add('json-lines-broken-line', 'json', (t) => [json(receipt(t, 1)), '{"terminalId": "x", ', json(receipt(t, 2))].join('\n'), 2, /line 2: is not valid JSON/)
  add('json-float-money', 'json', (t) => json([receipt(t, 1), receipt(t, 2), { ...receipt(t, 3), totalCents: 6.48 }]), 2, /\[2\]: #\/totalCents: must be an integer number of minor units/)
  add('json-string-money', 'json', (t) => json([receipt(t, 1), receipt(t, 2), { ...receipt(t, 3), totalCents: '648' }]), 2, /\[2\]: #\/totalCents: /)
  add('json-same-receipt-twice', 'json', (t) => json([receipt(t, 1), receipt(t, 2), receipt(t, 1)]), 2, /\[2\]: the same receipt .* already appears at \[0\]/)
  add('json-invalid-utf8', 'json', (t) => Buffer.concat([Buffer.from(json([receipt(t, 1), receipt(t, 2)]).slice(0, -1) + ',' + json(receipt(t, 3)).replace('SKU-1', 'CAF__')), Buffer.from(']')]).map((b, i, a) => (a[i] === 0x5f && a[i + 1] === 0x5f ? 0xc9 : b)) as Buffer, 2, /\[2\]: holds an invalid UTF-8 byte sequence/)
  add('json-not-an-object', 'json', (t) => json([receipt(t, 1), 42, receipt(t, 2)]), 2, /\[1\]: is not a JSON object/)
  add('json-unknown-field', 'json', (t) => json([receipt(t, 1), receipt(t, 2), { ...receipt(t, 3), cashier: 'bob' }]), 2, /\[2\]: #\/: Unrecognized key: "cashier"/)
  add('json-negative-quantity', 'json', (t) => json([receipt(t, 1), receipt(t, 2), receipt(t, 3, { lines: [{ lineNo: 1, sku: 'A', quantity: -1, unitPriceCents: 100, netAmountCents: -100 }], totalCents: -100, tenders: [] })]), 2, /#\/lines\/0\/quantity: must be greater than 0/)
  return cases.map((c) => ({ ...c, file: c.name }))
}

export { writePoslog }
