import { createHash } from 'node:crypto'
import { mkdirSync, openSync, closeSync, fsyncSync } from 'node:fs'
import { open, readdir, readFile, rm, stat, truncate, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { Receipt } from '../../api/contract/receipt.js'
import { receiptKeyOf } from '../intake/validate-receipt.js'
import { decodeFrames, encodeFrame } from './frame.js'

/** A receipt waiting in the outbox: its journal id, when it was acknowledged to the till, the receipt. */
export type Pending = { id: number; atMs: number; receipt: Receipt; bytes: number }

type JournalRecord =
  | { t: 'r'; id: number; at: number; r: Receipt }
  | { t: 'a'; ids: number[] }
  | { t: 'm'; nextId: number }

export type JournalOptions = {
  /** A segment is closed and a new one started past this size. */
  segmentBytes: number
  /** The journal may use this much disk; past it `overBudget()` is true and intake stops taking receipts. */
  budgetBytes: number
  now?: () => number
  log?: (msg: string, fields?: Record<string, unknown>) => void
}

export type RecoveryReport = { segments: number; receipts: number; acked: number; pending: number; tornBytes: number }

const SEGMENT = /^seg-(\d{8})\.log$/
const segName = (n: number) => `seg-${String(n).padStart(8, '0')}.log`

/**
 * The durable outbox: append-only segment files of framed JSON records, a
 * receipt record per accepted receipt and an acknowledgement record per batch
 * the API has settled. `append` resolves only after the bytes are fsync'd, so
 * the caller may then acknowledge to the till. Appends and acks that arrive
 * while a sync is running share the next one (group commit). On open, the
 * torn tail a kill -9 can leave is cut off (checksummed frames), and every
 * receipt without an ack is pending again. Compaction rewrites the pending
 * receipts into a fresh segment and deletes the old ones, once acked records
 * dominate. One process per journal: `lock` is taken by the caller.
 */
export async function openJournal(dir: string, options: JournalOptions) {
  const now = options.now ?? Date.now
  const log = options.log ?? (() => {})
  mkdirSync(dir, { recursive: true })
  const pending = new Map<number, Pending>()
  // Receipts pending by natural key and content: a file read twice (a crash before it was archived) adds nothing.
  const byKey = new Map<string, { id: number; hash: string }>()
  const segments: { n: number; bytes: number }[] = []
  let nextId = 1
  const report: RecoveryReport = { segments: 0, receipts: 0, acked: 0, pending: 0, tornBytes: 0 }

  const names = (await readdir(dir)).filter((f) => SEGMENT.test(f)).sort()
  for (const name of names) {
    const path = join(dir, name)
    const buf = await readFile(path)
    const decoded = decodeFrames(buf)
    if (decoded.tornBytes > 0) {
      // Only the unacknowledged tail of the last write can be torn: cut it off.
      log('journal tail torn; dropped', { segment: name, tornBytes: decoded.tornBytes })
      await truncate(path, decoded.validBytes)
      report.tornBytes += decoded.tornBytes
    }
    for (const p of decoded.payloads) {
      const rec = JSON.parse(p.toString('utf8')) as JournalRecord
      if (rec.t === 'r') {
        report.receipts++
        if (!pending.has(rec.id)) pending.set(rec.id, { id: rec.id, atMs: rec.at, receipt: rec.r, bytes: p.length + 9 })
        nextId = Math.max(nextId, rec.id + 1)
      } else if (rec.t === 'a') {
        for (const id of rec.ids) if (pending.delete(id)) report.acked++
      } else nextId = Math.max(nextId, rec.nextId)
    }
    segments.push({ n: Number(SEGMENT.exec(name)![1]), bytes: decoded.validBytes })
  }
  // Ids are assigned in order; Map iteration follows insertion, so re-sort after recovery.
  const sorted = [...pending.values()].sort((a, b) => a.id - b.id)
  pending.clear()
  for (const p of sorted) {
    pending.set(p.id, p)
    byKey.set(receiptKeyOf(p.receipt), { id: p.id, hash: hashOf(p.receipt) })
  }
  report.segments = segments.length
  report.pending = pending.size

  let current = (segments.at(-1)?.n ?? 0) + 1
  let fh: FileHandle = await open(join(dir, segName(current)), 'a')
  segments.push({ n: current, bytes: 0 })
  syncDir(dir)

  type Op = { buf: Buffer; done: () => void; fail: (e: Error) => void }
  let queue: Op[] = []
  let flushing: Promise<void> | null = null
  let compactWanted = false

  const totalBytes = () => segments.reduce((s, x) => s + x.bytes, 0)
  // Bytes of the pending receipts' records: what a compaction would have to copy.
  let liveBytes = 0
  for (const p of pending.values()) liveBytes += p.bytes
  const pendingBytes = () => liveBytes

  async function flushLoop(): Promise<void> {
    while (queue.length > 0 || compactWanted) {
      if (queue.length > 0) {
        const ops = queue
        queue = []
        const buf = Buffer.concat(ops.map((o) => o.buf))
        try {
          await fh.write(buf)
          await fh.datasync()
          segments[segments.length - 1]!.bytes += buf.length
          for (const o of ops) o.done()
        } catch (err) {
          for (const o of ops) o.fail(err as Error)
        }
      }
      const seg = segments[segments.length - 1]!
      if (compactWanted || seg.bytes >= options.segmentBytes) {
        compactWanted = false
        await rotate()
      }
    }
  }

  /** Queues bytes for the next group commit; `durable` runs in the flush loop right after the fsync, before any rotation. */
  function enqueue(buf: Buffer, durable: () => void): Promise<void> {
    return new Promise<void>((resolve, fail) => {
      queue.push({ buf, done: () => (durable(), resolve()), fail })
      kick()
    })
  }

  function kick(): void {
    if (flushing) return
    flushing = flushLoop().finally(() => {
      flushing = null
      // Work may have arrived between the loop's last check and here.
      if (queue.length > 0 || compactWanted) kick()
    })
  }

  /**
   * Starts a new segment. When the older segments hold mostly acknowledged
   * records, the new segment starts with a copy of the pending receipts and
   * the older segments are deleted (compaction). A crash in between leaves
   * both copies; recovery keeps one per id.
   */
  async function rotate(): Promise<void> {
    const older = totalBytes()
    const live = pendingBytes()
    await fh.close()
    current++
    fh = await open(join(dir, segName(current)), 'a')
    const compact = older > 0 && live * 2 <= older
    let bytes = 0
    if (compact) {
      const frames = [encodeFrame(Buffer.from(JSON.stringify({ t: 'm', nextId })))]
      for (const p of pending.values()) frames.push(encodeFrame(Buffer.from(JSON.stringify({ t: 'r', id: p.id, at: p.atMs, r: p.receipt }))))
      const buf = Buffer.concat(frames)
      await fh.write(buf)
      await fh.datasync()
      bytes = buf.length
    }
    syncDir(dir)
    if (compact) {
      const doomed = segments.splice(0, segments.length)
      for (const s of doomed) await rm(join(dir, segName(s.n)), { force: true })
      syncDir(dir)
      log('journal compacted', { freedBytes: older, pendingReceipts: pending.size })
    }
    segments.push({ n: current, bytes })
  }

  return {
    recovery: report,
    /**
     * Appends receipts durably. Resolves with their ids once fsync'd: only then
     * may the till (or the drop folder) be told they are safe. A receipt whose
     * key and content are already pending is not appended again.
     */
    async append(receipts: Receipt[]): Promise<number[]> {
      const ids: number[] = []
      const fresh: Pending[] = []
      const frames: Buffer[] = []
      const at = now()
      for (const r of receipts) {
        const key = receiptKeyOf(r)
        const hash = hashOf(r)
        const prior = byKey.get(key)
        if (prior && prior.hash === hash && pending.has(prior.id)) {
          ids.push(prior.id)
          continue
        }
        const id = nextId++
        const frame = encodeFrame(Buffer.from(JSON.stringify({ t: 'r', id, at, r })))
        frames.push(frame)
        fresh.push({ id, atMs: at, receipt: r, bytes: frame.length })
        byKey.set(key, { id, hash })
        ids.push(id)
      }
      if (frames.length > 0) {
        await enqueue(Buffer.concat(frames), () => {
          for (const p of fresh) {
            pending.set(p.id, p)
            liveBytes += p.bytes
          }
        })
      }
      return ids
    },
    /** Records that the API has settled these receipts (stored, duplicate, or dead-lettered). */
    async ack(ids: number[]): Promise<void> {
      if (ids.length === 0) return
      await enqueue(encodeFrame(Buffer.from(JSON.stringify({ t: 'a', ids }))), () => {
        for (const id of ids) {
          const p = pending.get(id)
          if (!p) continue
          pending.delete(id)
          liveBytes -= p.bytes
          const key = receiptKeyOf(p.receipt)
          if (byKey.get(key)?.id === id) byKey.delete(key)
        }
      })
      // Compact once acknowledged records dominate and are worth the rewrite (sooner when near the budget).
      const total = totalBytes()
      if (liveBytes * 2 <= total && total > Math.min(options.segmentBytes / 4, options.budgetBytes / 2)) {
        compactWanted = true
        kick()
      }
    },
    /** Up to `limit` pending receipts in id order, skipping `exclude` (those in flight). */
    take(limit: number, exclude: ReadonlySet<number>): Pending[] {
      const out: Pending[] = []
      for (const p of pending.values()) {
        if (exclude.has(p.id)) continue
        out.push(p)
        if (out.length >= limit) break
      }
      return out
    },
    depth: () => pending.size,
    /** True when nothing is being written, rotated or compacted: the disk figures are final. */
    idle: () => flushing === null && queue.length === 0 && !compactWanted,
    oldest: (): Pending | undefined => pending.values().next().value,
    diskBytes: totalBytes,
    overBudget: () => totalBytes() >= options.budgetBytes,
    async close(): Promise<void> {
      while (flushing) await flushing
      await fh.close()
    },
  }
}

export type Journal = Awaited<ReturnType<typeof openJournal>>

function hashOf(r: Receipt): string {
  return createHash('sha1').update(JSON.stringify(r)).digest('base64')
}

/** fsync of the directory, so a created or deleted segment file survives a power cut. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Bytes the journal directory holds (for status without opening it). */
export async function journalBytes(dir: string): Promise<number> {
  let n = 0
  for (const f of await readdir(dir).catch(() => [] as string[])) if (SEGMENT.test(f)) n += (await stat(join(dir, f))).size
  return n
}
