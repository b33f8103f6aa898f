import type { ParsedItem } from '../intake/parsed-item.js'
import { createDecoder } from '../text/create-decoder.js'

/**
 * Reads our own JSON: one receipt, an array of receipts, a sales batch
 * (`{ "receipts": [...] }`, what terminals POST), or JSON lines (one receipt
 * per line). Each receipt is emitted for validation against ReceiptSchema.
 * The whole text is held in memory, so the caller bounds the file size.
 */
export async function readJson(input: AsyncIterable<Uint8Array>, emit: (item: ParsedItem) => void): Promise<void> {
  const decoder = createDecoder('utf-8')
  let text = ''
  for await (const chunk of input) text += decoder.decode(chunk)
  text += decoder.end()
  emitJsonText(text.replace(/^\uFEFF/, ''), emit)
}

/** The pure half of readJson. */
export function emitJsonText(text: string, emit: (item: ParsedItem) => void): void {
  const one = (value: unknown, at: string) => {
    if (JSON.stringify(value)?.includes('\uFFFD')) emit({ kind: 'problem', at, detail: 'holds an invalid UTF-8 byte sequence' })
    else if (value === null || typeof value !== 'object' || Array.isArray(value)) emit({ kind: 'problem', at, detail: 'is not a JSON object' })
    else emit({ kind: 'receipt', at, input: value })
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    const lines = text.split('\n')
    if (lines.filter((l) => l.trim()).length < 2) {
      emit({ kind: 'problem', at: 'file', detail: `is not valid JSON: ${(err as Error).message}` })
      return
    }
    // JSON lines: each line its own receipt, so one bad line does not sink the others.
    lines.forEach((line, i) => {
      if (!line.trim()) return
      try {
        one(JSON.parse(line), `line ${i + 1}`)
      } catch (e) {
        emit({ kind: 'problem', at: `line ${i + 1}`, detail: `is not valid JSON: ${(e as Error).message}` })
      }
    })
    return
  }
  if (Array.isArray(doc)) doc.forEach((r, i) => one(r, `[${i}]`))
  else if (doc && typeof doc === 'object' && Array.isArray((doc as { receipts?: unknown }).receipts)) {
    ;(doc as { receipts: unknown[] }).receipts.forEach((r, i) => one(r, `receipts[${i}]`))
  } else one(doc, 'file')
}
