import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import type { Receipt } from '../../api/contract/receipt.js'

export type DeadLetter = { at: string; status: 'conflict' | 'rejected'; reason: string; receipt: Receipt }

/**
 * Receipts the API refused for good (conflict, rejected), one JSON line each
 * with the API's reason, fsync'd before the outbox forgets them. An operator
 * fixes the cause and runs `basketwise-pos replay`.
 */
export function appendDeadLetters(path: string, letters: DeadLetter[]): void {
  if (letters.length === 0) return
  const fd = openSync(path, 'a')
  try {
    writeSync(fd, letters.map((l) => JSON.stringify(l) + '\n').join(''))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

export function readDeadLetters(path: string): DeadLetter[] {
  if (!existsSync(path)) return []
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as DeadLetter]
      } catch {
        return [] // a torn last line after a crash: its receipt is still in the outbox and comes back
      }
    })
}

/** Moves the dead-letter file aside (after its receipts are queued again); returns the new name. */
export function retireDeadLetters(path: string, stamp: string): string {
  const to = `${path}.replayed-${stamp}`
  renameSync(path, to)
  return to
}
