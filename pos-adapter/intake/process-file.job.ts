import { createReadStream } from 'node:fs'
import { copyFile, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import type { Receipt } from '../../api/contract/receipt.js'
import type { CsvMapping } from '../csv/csv-mapping.js'
import { readCsv } from '../csv/read-csv.js'
import { readJson } from '../json/read-json.js'
import type { MapContext } from '../poslog/map-transaction.js'
import { createPoslogParser } from '../poslog/parse-poslog.js'
import type { PoslogProfile } from '../poslog/poslog-profile.js'
import { createDecoder, UnsupportedEncodingError } from '../text/create-decoder.js'
import { createCollector, formatReason, type FileTally } from './collect-items.js'
import type { ParsedItem } from './parsed-item.js'

export type FileFormat = 'poslog' | 'csv' | 'json'

export type IntakeOptions = {
  profile: PoslogProfile
  csvMapping?: CsvMapping
  mapContext: MapContext
  currency?: string
  maxFileBytes: number
  today: () => string
}

export type FileOutcome = { file: string; format: FileFormat | 'unknown'; tally: FileTally; movedTo: string; quarantined: boolean }

/** The format of a file by its extension, else by its first byte. */
export function formatOf(path: string, head: Buffer): FileFormat {
  const ext = extname(path).toLowerCase()
  if (ext === '.xml') return 'poslog'
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv'
  if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') return 'json'
  const first = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart()[0]
  return first === '<' ? 'poslog' : first === '{' || first === '[' ? 'json' : 'csv'
}

/**
 * Reads one file in a stream, validates each receipt as the API will, and
 * hands the good ones to `accept` in batches (which journals them durably).
 * Returns the tally; the caller decides where the file goes.
 */
export async function readFileReceipts(
  path: string,
  options: IntakeOptions,
  accept: (receipts: Receipt[]) => Promise<void>,
  onProgress?: (bytes: number) => void,
): Promise<{ format: FileFormat; tally: FileTally }> {
  const collector = createCollector({ today: options.today(), ...(options.currency ? { currency: options.currency } : {}) })
  const emit = (item: ParsedItem) => collector.push(item)
  const size = (await stat(path)).size
  const format = formatOf(path, await readHead(path))
  if (size > options.maxFileBytes) {
    collector.tally.problems.push({ at: 'file', detail: `is ${size} bytes, more than the ${options.maxFileBytes} allowed (POS_MAX_FILE_BYTES)` })
    return { format, tally: collector.tally }
  }
  // Receipts go to the journal between chunks: memory stays bounded to one chunk's worth.
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let read = 0
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      const batch = collector.drain()
      if (batch.length > 0) await accept(batch)
      read += (chunk as Buffer).length
      onProgress?.(read)
      yield chunk as Buffer
    }
  }
  try {
    if (format === 'poslog') {
      const decoder = createDecoder()
      const parser = createPoslogParser(options.profile, options.mapContext, emit)
      for await (const chunk of chunks()) {
        parser.write(decoder.decode(chunk))
        if (parser.failed()) break
      }
      if (!parser.failed()) {
        parser.write(decoder.end())
        parser.end()
      }
    } else if (format === 'csv') {
      if (!options.csvMapping) collector.tally.problems.push({ at: 'file', detail: 'is CSV but no column mapping is configured (POS_CSV_MAPPING)' })
      else await readCsv(chunks(), options.csvMapping, emit)
    } else {
      await readJson(chunks(), emit)
    }
  } catch (err) {
    if (!(err instanceof UnsupportedEncodingError)) throw err
    collector.tally.problems.push({ at: 'file', detail: err.message })
  }
  const rest = collector.drain()
  if (rest.length > 0) await accept(rest)
  return { format, tally: collector.tally }
}

async function readHead(path: string): Promise<Buffer> {
  for await (const chunk of createReadStream(path, { start: 0, end: 63 })) return chunk as Buffer
  return Buffer.alloc(0)
}

/**
 * Processes a file of the drop folder: its good receipts into the outbox
 * (durably), then the file to the archive, or, when anything in it was
 * wrong, to the quarantine beside a .reason file naming each line or element
 * and the cause. Moving the file out of the inbox is the acknowledgement: a
 * crash before it means the file is read again, and the outbox (and the API)
 * take its receipts once.
 */
export async function processFile(
  path: string,
  options: IntakeOptions & { archiveDir: string; quarantineDir: string; now: () => Date },
  accept: (receipts: Receipt[]) => Promise<void>,
): Promise<FileOutcome> {
  const file = basename(path)
  let format: FileFormat | 'unknown' = 'unknown'
  let tally: FileTally
  try {
    ;({ format, tally } = await readFileReceipts(path, options, accept))
  } catch (err) {
    tally = { receipts: 0, problems: [{ at: 'file', detail: `could not be read: ${(err as Error).message}` }], skipped: {}, invalidCards: 0 }
  }
  const when = options.now()
  const stamp = when.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  const quarantined = tally.problems.length > 0
  const dir = quarantined ? options.quarantineDir : options.archiveDir
  await mkdir(dir, { recursive: true })
  const target = join(dir, `${stamp}-${file}`)
  if (quarantined) await writeFile(`${target}.reason`, formatReason(file, format === 'poslog' ? `POSLog (profile ${options.profile.name})` : format, tally, when))
  await move(path, target)
  return { file, format, tally, movedTo: target, quarantined }
}

/** rename, or copy and delete when the archive is on another file system. */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
    await copyFile(from, to)
    await unlink(from)
  }
}
