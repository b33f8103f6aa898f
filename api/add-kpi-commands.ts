import type { Command } from 'commander'
import type { Config } from './config.js'
import type { Database } from './db/create-database.js'

type WithDb = <T>(config: Config, f: (db: Database) => Promise<T>) => Promise<T>

/** `basketwise kpis refresh|status`: rebuild the dashboard's KPI summaries with a progress bar, and say how current they are. */
export function addKpiCommands(program: Command, withDb: WithDb, loadConfig: () => Config): void {
  const kpis = program.command('kpis').description("The dashboard's KPI summaries per store and week (docs/DASHBOARD.md)")

  kpis
    .command('refresh')
    .description('Rebuild the KPI summaries from the receipts in one transaction (progress on stderr); prints what it read and wrote')
    .option('--if-stale', 'only when receipts have changed since the last refresh')
    .action(async (o: { ifStale?: boolean }) => {
      const [{ kpisAreStale, startKpiRefresh }, { runToEnd }] = await Promise.all([import('../analytics/kpis/index.js'), import('../analytics/jobs/index.js')])
      await withDb(loadConfig(), async (db) => {
        if (o.ifStale && !(await kpisAreStale(db.sql))) {
          process.stdout.write('KPI summaries are current: no receipts since the last refresh\n')
          return
        }
        const done = await runToEnd(db.sql, 'kpis run', (jobs) => startKpiRefresh(db.sql, jobs, `cli ${process.env.USER ?? ''}`.trim()))
        if (done) process.stdout.write(`run ${done.runId} (version ${done.version}): ${JSON.stringify(done.counts)}\ntimings (ms): ${JSON.stringify(done.timings)}\n`)
      })
    })

  kpis
    .command('status')
    .description('When the KPI summaries were built, from which receipts, and whether receipts have changed (or a customer was erased) since')
    .action(async () => {
      const { kpisAreStale, readKpiRefresh } = await import('../analytics/kpis/index.js')
      await withDb(loadConfig(), async (db) => {
        const [state, stale] = await Promise.all([readKpiRefresh(db.sql), kpisAreStale(db.sql)])
        if (!state) process.stdout.write(`never refreshed${stale ? '; receipts are waiting: run `basketwise kpis refresh`' : ''}\n`)
        else process.stdout.write(`refreshed ${state.refreshedAt} (run ${state.runId ?? '-'}): ${state.receiptCount} receipts, ${state.firstDay ?? '-'} to ${state.lastDay ?? '-'}; ${state.staleSince ? `stale: a customer was erased at ${state.staleSince}` : stale ? 'stale: receipts have changed since' : 'current'}\n`)
      })
    })
}
