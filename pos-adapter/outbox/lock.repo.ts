import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'

/** The pid holding the state directory's lock, if that process is alive. */
export function lockHolder(path: string): number | null {
  let pid: number
  try {
    pid = Number(readFileSync(path, 'utf8').trim())
  } catch {
    return null
  }
  if (!Number.isInteger(pid) || pid <= 0) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null
  }
}

/**
 * Takes the one-process-per-outbox lock (a pid file). A lock left by a
 * process that is gone (kill -9) is taken over. Returns a release function,
 * or the live holder's pid.
 */
export function acquireLock(path: string): { release: () => void } | { heldBy: number } {
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return { release: () => rmSync(path, { force: true }) }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = lockHolder(path)
      if (holder !== null && holder !== process.pid) return { heldBy: holder }
      rmSync(path, { force: true })
    }
  }
  throw new Error(`cannot take the lock ${path}`)
}
