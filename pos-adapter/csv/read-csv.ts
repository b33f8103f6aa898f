import { parse } from 'csv-parse'
import type { ParsedItem } from '../intake/parsed-item.js'
import { createDecoder } from '../text/create-decoder.js'
import type { CsvMapping } from './csv-mapping.js'
import { createReceiptGrouper, resolveColumns, type CsvRow } from './group-rows.js'

/**
 * Streams a CSV journal: bytes → text (the mapping's encoding) → records
 * (csv-parse, RFC 4180 quoting) → receipts grouped by the mapping's key.
 * Emits in file order; a broken quote or the like stops the file at that line
 * with one problem, and what was read before it stays good. `onRow` sees each
 * data row (the header excluded) before the grouper does: the importer counts them.
 */
export async function readCsv(
  input: AsyncIterable<Uint8Array>,
  mapping: CsvMapping,
  emit: (item: ParsedItem) => void,
  onRow?: (row: CsvRow) => void,
): Promise<void> {
  const decoder = createDecoder(mapping.encoding)
  const parser = parse({
    delimiter: mapping.delimiter,
    quote: mapping.quote,
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    info: true,
    max_record_size: 1 << 20,
  })
  let grouper: ReturnType<typeof createReceiptGrouper> | null = null
  let header: string[] | null = null
  let stopped = false
  const consume = async () => {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (stopped) continue
      const row: CsvRow = { line: rec.info.lines, values: rec.record }
      if (!grouper) {
        if (mapping.header) {
          header = row.values
          const cols = resolveColumns(mapping, header)
          if ('error' in cols) {
            emit({ kind: 'problem', at: `line ${row.line}`, detail: cols.error })
            stopped = true
            continue
          }
          grouper = createReceiptGrouper(mapping, cols, emit)
          continue
        }
        const cols = resolveColumns(mapping, null)
        if ('error' in cols) {
          emit({ kind: 'problem', at: 'mapping', detail: cols.error })
          stopped = true
          continue
        }
        grouper = createReceiptGrouper(mapping, cols, emit)
      }
      onRow?.(row)
      grouper.push(row)
    }
  }
  const done = consume().then(
    () => {
      if (!stopped) grouper?.end()
    },
    (err: Error & { lines?: number }) => {
      // The receipt open at the break may be incomplete: it is not sent.
      const open = grouper?.openLine()
      emit({ kind: 'problem', at: `line ${err.lines ?? '?'}`, detail: `CSV is malformed: ${err.message}; the rest of the file${open ? ` from line ${open}` : ''} is not read` })
    },
  )
  try {
    for await (const chunk of input) {
      const text = decoder.decode(chunk)
      if (parser.destroyed || parser.writableEnded) break
      if (text && !parser.write(text)) await drainOrClose(parser)
    }
    const tail = decoder.end()
    if (!parser.destroyed) {
      if (tail) parser.write(tail)
      parser.end()
    }
  } catch (err) {
    parser.destroy()
    await done.catch(() => {})
    throw err
  }
  await done
}

/** Waits for room in the parser (or its end), leaving no listener behind: one per wait piled up over a long file. */
function drainOrClose(parser: ReturnType<typeof parse>): Promise<void> {
  if (parser.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      parser.off('drain', done)
      parser.off('close', done)
      resolve()
    }
    parser.once('drain', done).once('close', done)
  })
}
