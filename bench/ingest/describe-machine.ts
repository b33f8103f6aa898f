import { readFileSync } from 'node:fs'
import os from 'node:os'
import type { Sql } from '../../api/db/create-database.js'

export type Machine = {
  cpu: string
  cores: number
  ramGiB: number
  os: string
  node: string
  postgres: string
  /** PostgreSQL settings that bound ingest: durability and memory. */
  postgresSettings: Record<string, string>
  /** 1-minute load average when the run started: anything else busy on the machine shows here. */
  loadAverage: number
}

const SETTINGS = ['shared_buffers', 'synchronous_commit', 'fsync', 'wal_sync_method', 'max_wal_size', 'max_connections'] as const

/** The machine and database server the benchmark runs on, as the results record them. */
export async function describeMachine(sql: Sql): Promise<Machine> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown'
  const mhz = /^cpu MHz\s*:\s*([\d.]+)$/m.exec(cpuinfo)?.[1]
  // Virtual machines often report a bare brand name; family and model say which generation it is.
  const family = /^cpu family\s*:\s*(\d+)$/m.exec(cpuinfo)?.[1]
  const modelNo = /^model\s*:\s*(\d+)$/m.exec(cpuinfo)?.[1]
  const [{ version } = { version: '?' }] = await sql<{ version: string }[]>`select version()`
  const rows = await sql<{ name: string; setting: string }[]>`
    select name, current_setting(name) as setting from pg_settings where name = any(${[...SETTINGS]}::text[]) order by name`
  return {
    cpu: [model, family && `family ${family} model ${modelNo}`, mhz && `${Math.round(Number(mhz))} MHz`].filter(Boolean).join(', '),
    cores: os.availableParallelism(),
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: version.split(' on ')[0]!,
    postgresSettings: Object.fromEntries(rows.map((r) => [r.name, r.setting])),
    loadAverage: os.loadavg()[0]!,
  }
}

/** The machine as Markdown bullet points. */
export function formatMachine(m: Machine): string {
  return [
    `- CPU: ${m.cpu}, ${m.cores} cores`,
    `- RAM: ${m.ramGiB} GiB; ${m.os}`,
    `- Node ${m.node}; ${m.postgres} on the same machine (loopback TCP)`,
    `- PostgreSQL settings: ${Object.entries(m.postgresSettings).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `- Load average (1 min) when the run started: ${m.loadAverage.toFixed(2)}`,
  ].join('\n')
}
