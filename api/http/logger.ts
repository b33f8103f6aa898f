export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
export type Log = (entry: { level: Exclude<LogLevel, 'silent'>; msg: string } & Record<string, unknown>) => void

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

/** A JSON-lines logger to stderr. Entries carry ids and counts, never receipt or customer rows. */
export function createLog(minLevel: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Log {
  return (entry) => {
    if (RANK[entry.level] < RANK[minLevel]) return
    write(JSON.stringify({ time: new Date().toISOString(), ...entry }))
  }
}
