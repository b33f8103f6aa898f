import { Option, type Command } from 'commander'
import { createWriteStream, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { BasketFile, BasketFileFormat } from './read-basket-file.js'
import type { Itemsets, Rule } from './types.js'

/** What `basketwise mine` needs, as parsed from its flags. */
export type MineFileOptions = {
  file: string
  inputFormat: BasketFileFormat | 'auto'
  /** an absolute basket count, or a share of N (then rounded up) */
  minimum: { count: number } | { share: number }
  maxLength?: number
  excludeLabels?: string[]
  rules?: { minConfidence: number; minLift?: number }
  format: 'tsv' | 'jsonl'
}

/**
 * Milliseconds of each phase of a run (wall clock); `readMs` is file + gunzip + parse. The
 * `…CpuMs` are the CPU time of the process's main thread in the same phases (Linux; NaN
 * elsewhere): on a shared machine they show the work done, apart from the waiting for a core.
 */
export type MineTimings = {
  fileMs: number
  gunzipMs: number
  parseMs: number
  readMs: number
  mineMs: number
  rulesMs: number
  writeMs: number
  readCpuMs: number
  mineCpuMs: number
}

/** CPU time of the calling thread in ms, from /proc/thread-self/schedstat (nanoseconds); NaN where there is none. */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6
  } catch {
    return NaN
  }
}

export type MineFileResult = {
  baskets: number
  items: number
  minCount: number
  itemsets: number
  /** itemset counts by size: bySize[k - 1] itemsets of k items */
  bySize: number[]
  rules?: number
  timings: MineTimings
}

type Sink = { write(chunk: string): void | Promise<void> }

/**
 * Runs a mining job on a basket file (FIMI or Groceries, gzipped or not; no database):
 * reads it, mines the frequent itemsets, optionally derives the rules, and writes them to
 * `out` as TSV or JSON lines, timing each phase.
 */
export async function mineFile(o: MineFileOptions, out: Sink): Promise<MineFileResult> {
  // The cores load when a run starts, so `basketwise --help` does not wait for them.
  const [{ readBasketFile }, { mineItemsets }, { deriveRules }] = await Promise.all([
    import('./read-basket-file.js'), import('./mine-itemsets.js'), import('./derive-rules.js')])
  const cpu0 = threadCpuMs()
  let t = performance.now()
  const raw = readFileSync(o.file)
  const fileMs = performance.now() - t
  t = performance.now()
  // gzip by its magic bytes, not by the file name
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw, { chunkSize: gunzipChunkSize(raw) }) : raw
  const gunzipMs = performance.now() - t
  t = performance.now()
  const parsed = readBasketFile(bytes, o.inputFormat)
  const parseMs = performance.now() - t
  const cpu1 = threadCpuMs()

  const N = parsed.baskets.basketCount
  const minCount = 'count' in o.minimum ? o.minimum.count : Math.max(1, Math.ceil(o.minimum.share * N - 1e-9))
  const excludeItems = idsOfLabels(parsed, o.excludeLabels ?? [])
  const cpu2 = threadCpuMs()
  t = performance.now()
  const itemsets = mineItemsets(parsed.baskets, { minSupport: minCount, ...(o.maxLength ? { maxLength: o.maxLength } : {}), excludeItems })
  const mineMs = performance.now() - t
  const cpu3 = threadCpuMs()

  t = performance.now()
  const rules = o.rules ? deriveRules(itemsets, o.rules) : undefined
  const rulesMs = o.rules ? performance.now() - t : 0

  t = performance.now()
  const labels = parsed.itemLabels
  if (rules) await writeRules(rules, labels, parsed.format, o.format, out)
  else await writeItemsets(itemsets, labels, parsed.format, o.format, out)
  const writeMs = performance.now() - t

  return {
    baskets: N,
    items: parsed.baskets.itemCount,
    minCount,
    itemsets: itemsets.itemsetCount,
    bySize: sizesOf(itemsets),
    ...(rules ? { rules: rules.length } : {}),
    timings: { fileMs, gunzipMs, parseMs, readMs: fileMs + gunzipMs + parseMs, mineMs, rulesMs, writeMs, readCpuMs: cpu1 - cpu0, mineCpuMs: cpu3 - cpu2 },
  }
}

/** The gzip trailer holds the uncompressed size (mod 2³²): one output chunk of that size avoids joining hundreds. */
function gunzipChunkSize(gz: Buffer): number {
  const size = gz.length >= 18 ? gz.readUInt32LE(gz.length - 4) : 0
  return Math.min(Math.max(size + 1, 1 << 16), 1 << 30)
}

function idsOfLabels(parsed: BasketFile, labels: string[]): number[] {
  if (labels.length === 0) return []
  const idOf = new Map(parsed.itemLabels.map((l, i) => [l, i]))
  return labels.map((l) => {
    const id = idOf.get(l)
    if (id === undefined) throw new Error(`--exclude: no item ${JSON.stringify(l)} in the file`)
    return id
  })
}

function sizesOf({ offsets, itemsetCount }: Itemsets): number[] {
  const bySize: number[] = []
  for (let k = 0; k < itemsetCount; k++) {
    const size = offsets[k + 1]! - offsets[k]!
    while (bySize.length < size) bySize.push(0)
    bySize[size - 1]!++
  }
  return bySize
}

const FLUSH_LINES = 1 << 14

// Lines are gathered into batches joined once per write. Counts repeat a lot (thousands of
// itemsets share each small count), so each count's text and support's text is made once.
async function writeItemsets(s: Itemsets, labels: string[], input: BasketFileFormat, format: 'tsv' | 'jsonl', out: Sink): Promise<void> {
  const { offsets, items, counts, itemsetCount, basketCount: N } = s
  const names = format === 'tsv' || input === 'fimi' ? labels : labels.map((l) => JSON.stringify(l))
  const tails = new Map<number, string>()
  const tailOf = (count: number, size: number) => {
    let text = tails.get(count * 64 + size)
    if (text === undefined) {
      text = format === 'tsv' ? `\t${size}\t${count}\t${count / N}\n` : `],"count":${count},"support":${count / N}}\n`
      tails.set(count * 64 + size, text)
    }
    return text
  }
  let lines: string[] = format === 'tsv' ? ['items\tsize\tcount\tsupport\n'] : []
  for (let k = 0; k < itemsetCount; k++) {
    const start = offsets[k]!
    const end = offsets[k + 1]!
    let list = names[items[start]!]!
    for (let i = start + 1; i < end; i++) list += ',' + names[items[i]!]!
    // sizes of 64 and more are rare enough to format each time
    const size = end - start
    const rest = size < 64 ? tailOf(counts[k]!, size) : format === 'tsv' ? `\t${size}\t${counts[k]}\t${counts[k]! / N}\n` : `],"count":${counts[k]},"support":${counts[k]! / N}}\n`
    lines.push(format === 'tsv' ? list + rest : '{"items":[' + list + rest)
    if (lines.length >= FLUSH_LINES) {
      await out.write(lines.join(''))
      lines = []
    }
  }
  if (lines.length) await out.write(lines.join(''))
}

async function writeRules(rules: Rule[], labels: string[], input: BasketFileFormat, format: 'tsv' | 'jsonl', out: Sink): Promise<void> {
  const json = format === 'jsonl' ? labels.map((l) => (input === 'fimi' ? l : JSON.stringify(l))) : []
  let lines: string[] = format === 'tsv' ? ['antecedent\tconsequent\tcount\tsupport\tconfidence\tlift\tleverage\tconviction\n'] : []
  for (const r of rules) {
    if (format === 'tsv') {
      lines.push(`${r.antecedent.map((i) => labels[i]).join(',')}\t${labels[r.consequent]}\t${r.count}\t${r.support}\t${r.confidence}\t${r.lift}\t${r.leverage}\t${r.conviction}\n`)
    } else {
      // JSON has no Infinity: a rule that always holds has conviction null
      const conviction = Number.isFinite(r.conviction) ? r.conviction : null
      lines.push(`{"antecedent":[${r.antecedent.map((i) => json[i]).join(',')}],"consequent":${json[r.consequent]},"count":${r.count},"antecedentCount":${r.antecedentCount},"consequentCount":${r.consequentCount},"support":${r.support},"confidence":${r.confidence},"lift":${r.lift},"leverage":${r.leverage},"conviction":${conviction}}\n`)
    }
    if (lines.length >= FLUSH_LINES) {
      await out.write(lines.join(''))
      lines = []
    }
  }
  if (lines.length) await out.write(lines.join(''))
}

/** A writable stream as a Sink that waits for 'drain' when the stream is full. */
function sinkOf(stream: NodeJS.WritableStream): Sink {
  return {
    write: (chunk) => (stream.write(chunk) ? undefined : new Promise<void>((resolve) => stream.once('drain', () => resolve()))),
  }
}

/** The run's summary for stderr: sizes, counts and the time of each phase. */
export function describeMineRun(file: string, r: MineFileResult): string {
  const s = (ms: number) => (ms / 1000).toFixed(3)
  const t = r.timings
  return [
    `${basename(file)}: ${r.baskets} baskets, ${r.items} distinct items; minimum count ${r.minCount} (${((100 * r.minCount) / Math.max(1, r.baskets)).toFixed(3)}%)`,
    `${r.itemsets} frequent itemsets; by size: ${r.bySize.map((n, i) => `${i + 1}: ${n}`).join(', ') || 'none'}`,
    ...(r.rules !== undefined ? [`${r.rules} rules`] : []),
    `read ${s(t.readMs)} s (file ${s(t.fileMs)}, gunzip ${s(t.gunzipMs)}, parse ${s(t.parseMs)}), mine ${s(t.mineMs)} s${r.rules !== undefined ? `, rules ${s(t.rulesMs)} s` : ''}, write ${s(t.writeMs)} s`,
    ...(Number.isNaN(t.mineCpuMs) ? [] : [`CPU time of the main thread: read ${s(t.readCpuMs)} s, mine ${s(t.mineCpuMs)} s`]),
  ].join('\n')
}

type MineFlags = {
  minCount?: string
  minSupport?: string
  maxLength?: string
  rules?: boolean
  minConfidence: string
  minLift?: string
  format: 'tsv' | 'jsonl'
  inputFormat: BasketFileFormat | 'auto'
  exclude?: string
  output?: string
  timings?: boolean
  quiet?: boolean
}

/** `basketwise mine FILE`: frequent itemsets or rules of a basket file, to check us against another miner. */
export function addMineCommand(program: Command): void {
  const mine = program.command('mine')
  mine
    .description('Mine the frequent itemsets (or --rules) of a basket file, FIMI or Groceries format, .gz accepted; no database. Summary and timings on stderr')
    .argument('<file>', 'the basket list: one basket per line, FIMI integer ids separated by blanks or Groceries item names separated by commas')
    .option('--min-count <n>', 'minimum support as a basket count')
    .option('--min-support <s>', 'minimum support as a share of the baskets, 0 < s <= 1 (rounded up to a count)')
    .option('--max-length <k>', 'largest itemset size')
    .option('--rules', 'print the rules (one item in the consequent) instead of the itemsets')
    .option('--min-confidence <c>', 'with --rules: smallest confidence', '0.8')
    .option('--min-lift <l>', 'with --rules: smallest lift')
    .addOption(new Option('--format <format>', 'output format').choices(['tsv', 'jsonl']).default('tsv'))
    .addOption(new Option('--input-format <format>', 'the file\'s format (auto: FIMI when it holds only digits and blanks)').choices(['auto', 'fimi', 'groceries']).default('auto'))
    .option('--exclude <items>', 'items never to mine, comma-separated as they are written in the file')
    .option('--output <file>', 'write the itemsets or rules to this file instead of stdout')
    .option('--timings', 'end stderr with a JSON line of the phase timings in milliseconds')
    .option('--quiet', 'no summary on stderr')
    .action(async (file: string, f: MineFlags) => {
      const fail = (msg: string): never => mine.error(`error: ${msg}`)
      if ((f.minCount === undefined) === (f.minSupport === undefined)) fail('give exactly one of --min-count and --min-support')
      const count = f.minCount === undefined ? undefined : Number(f.minCount)
      const share = f.minSupport === undefined ? undefined : Number(f.minSupport)
      if (count !== undefined && !(Number.isInteger(count) && count >= 1)) fail('--min-count must be an integer >= 1')
      if (share !== undefined && !(share > 0 && share <= 1)) fail('--min-support must be within 0 < s <= 1')
      const minimum = count !== undefined ? { count } : { share: share! }
      const maxLength = f.maxLength === undefined ? undefined : Number(f.maxLength)
      if (maxLength !== undefined && !(Number.isInteger(maxLength) && maxLength >= 1)) fail('--max-length must be an integer >= 1')
      const minConfidence = Number(f.minConfidence)
      if (!(minConfidence >= 0 && minConfidence <= 1)) fail('--min-confidence must be within 0 .. 1')
      const minLift = f.minLift === undefined ? undefined : Number(f.minLift)
      if (minLift !== undefined && Number.isNaN(minLift)) fail('--min-lift must be a number')

      const stream = f.output ? createWriteStream(f.output) : process.stdout
      // A reader that stops early (`| head`) closes the pipe: stop quietly, as other tools do.
      if (!f.output) process.stdout.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? process.exit(0) : mine.error(`error: ${err.message}`)))
      let result: MineFileResult
      try {
        result = await mineFile(
          {
            file, inputFormat: f.inputFormat, minimum, format: f.format,
            ...(maxLength !== undefined ? { maxLength } : {}),
            ...(f.exclude ? { excludeLabels: f.exclude.split(',') } : {}),
            ...(f.rules ? { rules: { minConfidence, ...(minLift !== undefined ? { minLift } : {}) } } : {}),
          },
          sinkOf(stream),
        )
      } catch (err) {
        return fail((err as Error).message)
      }
      if (f.output) await new Promise<void>((resolve, reject) => (stream as ReturnType<typeof createWriteStream>).end((err?: Error | null) => (err ? reject(err) : resolve())))
      if (!f.quiet) process.stderr.write(describeMineRun(file, result) + '\n')
      if (f.timings) process.stderr.write(JSON.stringify({ timings: result.timings, itemsets: result.itemsets, rules: result.rules }) + '\n')
    })
}
