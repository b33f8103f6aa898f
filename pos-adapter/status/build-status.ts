/** What `basketwise-pos status` shows, and what the running adapter writes to status.json each second. */
export type AdapterStatus = {
  pid: number
  updatedAt: string
  storeCode: string | null
  apiUrl: string
  queueDepth: number
  oldestUnsentAgeSeconds: number | null
  delivered: number
  deadLettered: number
  receiptsPerSecond: { last10s: number; last60s: number }
  lastError: { at: string; message: string; kind: 'retry' | 'configuration' } | null
  lastSuccessAt: string | null
  disk: { journalBytes: number; budgetBytes: number }
  alarm: string | null
  files: { processed: number; quarantined: number }
}

export type StatusInputs = {
  pid: number
  now: number
  storeCode: string | null
  apiUrl: string
  depth: number
  oldestAtMs: number | null
  delivered: number
  deadLettered: number
  recent: { atMs: number; n: number }[]
  lastError: AdapterStatus['lastError']
  lastSuccessAt: string | null
  failingSince: string | null
  journalBytes: number
  budgetBytes: number
  files: { processed: number; quarantined: number }
}

/**
 * Builds the status snapshot. The alarm is raised when the outbox has used
 * its disk budget (intake stops until the API drains it), and warns earlier,
 * at 80 %, saying how long the API has been unreachable. Pure.
 */
export function buildStatus(i: StatusInputs): AdapterStatus {
  const rate = (windowMs: number) => {
    const n = i.recent.filter((r) => r.atMs >= i.now - windowMs).reduce((s, r) => s + r.n, 0)
    return Math.round((n / (windowMs / 1000)) * 10) / 10
  }
  const used = i.journalBytes / i.budgetBytes
  const since = i.failingSince ? ` the API has been failing since ${i.failingSince} (${i.lastError?.message ?? 'unknown error'});` : ''
  const alarm =
    used >= 1
      ? `DISK BUDGET FULL: the outbox holds ${i.journalBytes} bytes of its ${i.budgetBytes}-byte budget;${since} new receipts are refused until it drains`
      : used >= 0.8
        ? `disk budget ${Math.round(used * 100)} % used (${i.journalBytes} of ${i.budgetBytes} bytes);${since} intake stops at 100 %`
        : null
  return {
    pid: i.pid,
    updatedAt: new Date(i.now).toISOString(),
    storeCode: i.storeCode,
    apiUrl: i.apiUrl,
    queueDepth: i.depth,
    oldestUnsentAgeSeconds: i.oldestAtMs === null ? null : Math.max(0, Math.round((i.now - i.oldestAtMs) / 1000)),
    delivered: i.delivered,
    deadLettered: i.deadLettered,
    receiptsPerSecond: { last10s: rate(10_000), last60s: rate(60_000) },
    lastError: i.lastError,
    lastSuccessAt: i.lastSuccessAt,
    disk: { journalBytes: i.journalBytes, budgetBytes: i.budgetBytes },
    alarm,
    files: i.files,
  }
}

/** The status as the CLI prints it. */
export function formatStatus(s: AdapterStatus, running: boolean): string {
  return [
    `adapter:        ${running ? `running (pid ${s.pid}), updated ${s.updatedAt}` : `not running (last status ${s.updatedAt})`}`,
    `store:          ${s.storeCode ?? '-'} → ${s.apiUrl}`,
    `queue depth:    ${s.queueDepth} receipt(s) unsent`,
    `oldest unsent:  ${s.oldestUnsentAgeSeconds === null ? '-' : `${s.oldestUnsentAgeSeconds} s ago`}`,
    `throughput:     ${s.receiptsPerSecond.last10s}/s (10 s), ${s.receiptsPerSecond.last60s}/s (60 s); ${s.delivered} delivered, ${s.deadLettered} dead-lettered`,
    `last error:     ${s.lastError ? `${s.lastError.at} ${s.lastError.kind}: ${s.lastError.message}` : '-'}`,
    `last success:   ${s.lastSuccessAt ?? '-'}`,
    `disk:           ${s.disk.journalBytes} of ${s.disk.budgetBytes} bytes`,
    `files:          ${s.files.processed} processed, ${s.files.quarantined} quarantined`,
    ...(s.alarm ? [`ALARM:          ${s.alarm}`] : []),
    '',
  ].join('\n')
}
