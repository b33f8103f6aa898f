import type { Receipt } from '../../api/contract/receipt.js'
import type { ParsedItem } from './parsed-item.js'
import { describeKey, receiptKeyOf, validateReceipt, type ValidateOptions } from './validate-receipt.js'

export type Problem = { at: string; detail: string }

/** What became of one input file. */
export type FileTally = {
  receipts: number
  problems: Problem[]
  skipped: Record<string, number>
  invalidCards: number
}

/**
 * Turns a parser's items into receipts ready for the outbox and a tally for
 * the archive or the quarantine's .reason file. Each receipt is validated as
 * the API will validate it; a receipt key that appears twice in one file is a
 * problem at the second place (the first is kept). Good receipts wait in
 * `ready` until the caller drains them into the journal. Pure.
 */
export function createCollector(options: ValidateOptions) {
  const tally: FileTally = { receipts: 0, problems: [], skipped: {}, invalidCards: 0 }
  const firstAt = new Map<string, string>()
  let ready: Receipt[] = []
  return {
    tally,
    push(item: ParsedItem): void {
      switch (item.kind) {
        case 'skipped':
          tally.skipped[item.reason] = (tally.skipped[item.reason] ?? 0) + 1
          return
        case 'problem':
          tally.problems.push({ at: item.at, detail: item.detail })
          return
        case 'receipt': {
          const v = validateReceipt(item.input, options)
          if (!v.ok) {
            tally.problems.push({ at: item.at, detail: v.errors.map((e) => `${e.pointer}: ${e.detail}`).join('; ') })
            return
          }
          const key = receiptKeyOf(v.receipt)
          const first = firstAt.get(key)
          if (first !== undefined) {
            tally.problems.push({ at: item.at, detail: `the same receipt (${describeKey(v.receipt)}) already appears at ${first} in this file` })
            return
          }
          firstAt.set(key, item.at)
          if (v.cardInvalid) tally.invalidCards++
          tally.receipts++
          ready.push(v.receipt)
        }
      }
    },
    /** Receipts collected since the last drain. */
    drain(): Receipt[] {
      const out = ready
      ready = []
      return out
    },
  }
}

/** The text of a quarantined file's .reason file. */
export function formatReason(file: string, format: string, tally: FileTally, when: Date): string {
  const skipped = Object.entries(tally.skipped).map(([k, n]) => `${k} ${n}`).join(', ')
  return [
    `file: ${file}`,
    `format: ${format}`,
    `quarantined: ${when.toISOString()}`,
    `receipts accepted from this file and sent: ${tally.receipts}`,
    ...(skipped ? [`transactions skipped (not sales): ${skipped}`] : []),
    `problems (${tally.problems.length}):`,
    ...tally.problems.map((p) => `  ${p.at}: ${p.detail}`),
    '',
  ].join('\n')
}
