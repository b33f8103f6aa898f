import { mkdirSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Receipt } from '../../api/contract/receipt.js'
import { processFile, type FileOutcome, type IntakeOptions } from './process-file.job.js'

export type DropFolderOptions = IntakeOptions & {
  inboxDir: string
  archiveDir: string
  quarantineDir: string
  pollMs: number
  now: () => Date
  /** False while the outbox is over its disk budget: files wait in the inbox. */
  mayAccept: () => boolean
  onFile: (outcome: FileOutcome) => void
  onError?: (err: Error) => void
}

/**
 * Watches the drop folder by polling (portable, and it works on network
 * shares where inotify does not). A file is taken once its size and mtime
 * have not changed between two scans, so a till still writing it is left
 * alone; names starting with '.' or ending in .tmp/.part are ignored (write,
 * then rename, is the safe way for a till to drop a file). Files are
 * processed one at a time, oldest first.
 */
export function startDropFolder(o: DropFolderOptions, accept: (receipts: Receipt[]) => Promise<void>) {
  for (const d of [o.inboxDir, o.archiveDir, o.quarantineDir]) mkdirSync(d, { recursive: true })
  const seen = new Map<string, string>()
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> = Promise.resolve()

  async function scan(): Promise<void> {
    const names = (await readdir(o.inboxDir)).filter((n) => !n.startsWith('.') && !/\.(tmp|part)$/i.test(n)).sort()
    const stable: { name: string; mtimeMs: number }[] = []
    const still = new Set<string>()
    for (const name of names) {
      const s = await stat(join(o.inboxDir, name)).catch(() => null)
      if (!s?.isFile()) continue
      const sig = `${s.size}:${s.mtimeMs}`
      still.add(name)
      if (seen.get(name) === sig) stable.push({ name, mtimeMs: s.mtimeMs })
      else seen.set(name, sig)
    }
    for (const name of seen.keys()) if (!still.has(name)) seen.delete(name)
    stable.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name))
    for (const { name } of stable) {
      if (stopped || !o.mayAccept()) return
      seen.delete(name)
      o.onFile(await processFile(join(o.inboxDir, name), o, accept))
    }
  }

  const tick = () => {
    if (stopped) return
    running = scan()
      .catch((err: Error) => o.onError?.(err))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.pollMs)
      })
  }
  tick()
  return {
    async stop(): Promise<void> {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
