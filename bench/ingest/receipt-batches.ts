import type { ReceiptInput } from '../../api/contract/receipt.js'
import { makeDemoReceipt, type DemoProduct } from '../../api/demo/demo-receipts.js'
import { createRandom } from '../../api/demo/random.js'

/** One request's worth of receipts for one store, with the JSON body already written (empty when not asked for). */
export type ReceiptBatch = { storeCode: string; receipts: ReceiptInput[]; lineCount: number; body: string }

export type BatchSourceOptions = {
  seed: number
  /** Prefix that makes this source's receipt numbers unique in the database (1 to 16 characters). */
  tag: string
  storeCodes: readonly string[]
  products: readonly DemoProduct[]
  cards: readonly string[]
  /** Business days to spread receipts over (YYYY-MM-DD). */
  days: readonly string[]
  terminalsPerStore?: number
}

/** The business days from `count` days before `today` up to yesterday, oldest first. */
export function recentDays(today: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(today.getTime() - (count - i) * 86_400_000).toISOString().slice(0, 10))
}

/**
 * An endless source of receipt batches for the benchmark: realistic grocery
 * baskets (geometric, mean 10 lines; 70% card-linked) from the demo generator,
 * each with a receipt number never used before, so every post stores new rows.
 * Deterministic for a seed and tag.
 * @example const next = createBatchSource({ seed: 1, tag: 'b100c1', ... }); next(100).receipts.length === 100
 */
export function createBatchSource(o: BatchSourceOptions): (size: number, json?: boolean) => ReceiptBatch {
  const rng = createRandom(o.seed)
  const terminals = o.terminalsPerStore ?? 8
  let batchNo = 0
  let receiptNo = 0
  return (size, json = true) => {
    const storeCode = o.storeCodes[batchNo++ % o.storeCodes.length]!
    const receipts: ReceiptInput[] = []
    let lineCount = 0
    for (let i = 0; i < size; i++) {
      const n = receiptNo++
      const receipt = makeDemoReceipt(rng, {
        terminalId: `LANE-${1 + (n % terminals)}`,
        businessDay: o.days[n % o.days.length]!,
        receiptNo: `${o.tag}-${n}`,
        products: o.products,
        cards: o.cards,
        meanLines: 10,
      })
      lineCount += receipt.lines.length
      receipts.push(receipt)
    }
    return { storeCode, receipts, lineCount, body: json ? JSON.stringify({ receipts }) : '' }
  }
}
