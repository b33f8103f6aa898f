import { readFileSync } from 'node:fs'
import type { Sql } from '../../api/db/create-database.js'

/** CPU time in clock ticks (USER_HZ) spent so far, per party. Linux /proc only. */
export type CpuSnapshot = { atMs: number; machineBusy: number; machineTotal: number; byPid: Map<number, number>; postgresPids: Set<number> }

/** Cores each party kept busy over an interval (1.0 = one core fully used). */
export type CpuShare = { api: number; postgres: number; bench: number; other: number; idle: number }

// Clock ticks per second (sysconf(_SC_CLK_TCK)); 100 on every Linux architecture Node runs on.
const TICKS_PER_SECOND = 100

function readStat(pid: number): { ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // comm is in parentheses and may contain spaces; utime and stime are fields 14 and 15.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { ticks: Number(rest[11]) + Number(rest[12]) }
  } catch {
    return undefined // the process ended between listing and reading
  }
}

/**
 * Reads the CPU time of the whole machine, of the API server process, of this
 * process, and of the PostgreSQL processes working for this database: its
 * backends and autovacuum workers, and the server-wide WAL writer, background
 * writer and checkpointer. Backends of other databases count as "other".
 */
export async function sampleCpu(sql: Sql, apiPid: number): Promise<CpuSnapshot> {
  const backends = await sql<{ pid: number }[]>`
    select pid from pg_stat_activity
    where datname = current_database() or backend_type in ('walwriter', 'background writer', 'checkpointer')`
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n')
  const t = cpu!.trim().split(/\s+/).slice(1, 9).map(Number) // user nice system idle iowait irq softirq steal
  const idle = t[3]! + t[4]!
  const total = t.reduce((s, x) => s + x, 0)
  const byPid = new Map<number, number>()
  const postgresPids = new Set<number>()
  for (const pid of [apiPid, process.pid, ...backends.map((b) => b.pid)]) {
    const stat = readStat(pid)
    if (!stat) continue
    byPid.set(pid, stat.ticks)
    if (pid !== apiPid && pid !== process.pid) postgresPids.add(pid)
  }
  return { atMs: performance.now(), machineBusy: total - idle, machineTotal: total, byPid, postgresPids }
}

/** Cores used by each party between two snapshots; a backend born in between counts from zero, one gone is lost. */
export function cpuShare(a: CpuSnapshot, b: CpuSnapshot, apiPid: number): CpuShare {
  const seconds = (b.atMs - a.atMs) / 1000
  const used = (pid: number) => ((b.byPid.get(pid) ?? 0) - (a.byPid.get(pid) ?? 0)) / TICKS_PER_SECOND / seconds
  let postgres = 0
  for (const pid of b.postgresPids) postgres += used(pid)
  const api = used(apiPid)
  const bench = used(process.pid)
  const cores = (b.machineTotal - a.machineTotal) / TICKS_PER_SECOND / seconds
  const busy = (b.machineBusy - a.machineBusy) / TICKS_PER_SECOND / seconds
  return { api, postgres, bench, other: Math.max(0, busy - api - postgres - bench), idle: Math.max(0, cores - busy) }
}
