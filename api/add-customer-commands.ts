import { Command, Option } from 'commander'
import type { Config } from './config.js'
import type { Database } from './db/create-database.js'

type WithDb = <T>(config: Config, f: (db: Database) => Promise<T>) => Promise<T>
const collect = (v: string, all: string[] = []) => [...all, v]

/** `basketwise customers run|export`: customer analytics as versioned runs with a progress bar, and a selection as CSV. */
export function addCustomerCommands(program: Command, withDb: WithDb, loadConfig: () => Config): void {
  const customers = program.command('customers').description('Customer analytics: demographic patterns, store profiles, value tiers, segments, lapsed and unprofitable customers')

  customers
    .command('run')
    .description('Run customer analytics (statistics in a worker thread; progress on stderr); prints the run and its counts')
    .option('--from <day>', 'first business day (YYYY-MM-DD)')
    .option('--to <day>', 'last business day (YYYY-MM-DD); recency and lapses are measured at it')
    .addOption(new Option('--level <level>', 'hierarchy level of the demographic patterns, repeatable (default all three)').choices(['department', 'category', 'subcategory']).argParser(collect))
    .addOption(new Option('--baseline <b>', "a store's index against the chain's card holders or its own").choices(['chain', 'scope']).default('chain'))
    .option('--fdr <q>', 'false discovery rate of flagged differences', '0.05')
    .option('--seed <n>', 'seed of the clustering', '1')
    .action(async (o: { from?: string; to?: string; level?: string[]; baseline: string; fdr: string; seed: string }, cmd: Command) => {
      const [{ CustomerRunRequestSchema }, { startCustomerRun }, { runToEnd }] = await Promise.all([
        import('./contract/customer-analytics.js'), import('../analytics/customers/customer-analytics.job.js'), import('../analytics/jobs/index.js'),
      ])
      const parsed = CustomerRunRequestSchema.safeParse({
        from: o.from, to: o.to, ...(o.level ? { levels: o.level } : {}), baseline: o.baseline, fdr: Number(o.fdr), clusters: { kMin: 2, kMax: 8, seed: Number(o.seed) },
      })
      if (!parsed.success) cmd.error(`error: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')}`)
      await withDb(loadConfig(), async (db) => {
        const done = await runToEnd(db.sql, 'customer run', (jobs) => startCustomerRun(db, jobs, parsed.data!, `cli ${process.env.USER ?? ''}`.trim()))
        if (done) process.stdout.write(`run ${done.runId} (version ${done.version}): ${JSON.stringify(done.counts)}\ntimings (ms): ${JSON.stringify(done.timings)}\n`)
      })
    })

  customers
    .command('export')
    .description('Write a selection of a finished run as CSV to stdout; contact data only for customers who consented to that channel')
    .argument('<runId>', 'the run')
    .addOption(new Option('--selection <s>', 'which customers').choices(['lapsed', 'unprofitable', 'at-risk']).makeOptionMandatory())
    .addOption(new Option('--channel <c>', 'contact data to include').choices(['postal_mail', 'email', 'none']).default('none'))
    .action(async (runId: string, o: { selection: 'lapsed' | 'unprofitable' | 'at-risk'; channel: 'postal_mail' | 'email' | 'none' }, cmd: Command) => {
      const [{ selectionExport }, { stringify }, { selectionColumns }] = await Promise.all([
        import('../analytics/customers/customer-analytics-read.repo.js'), import('csv-stringify/sync'), import('./customer-analytics/customer-analytics.routes.js'),
      ])
      if (!/^\d+$/.test(runId)) cmd.error('error: runId must be a number')
      await withDb(loadConfig(), async (db) => {
        const [run] = await db.sql<{ status: string }[]>`select status from analysis_runs where run_id = ${Number(runId)} and kind = 'customers'`
        if (!run) cmd.error(`error: no customer-analytics run ${runId}`)
        if (run!.status !== 'succeeded') cmd.error(`error: run ${runId} is ${run!.status}`)
        const rows = await selectionExport(db.sql, Number(runId), o.selection, o.channel)
        process.stdout.write(stringify(rows, { header: true, columns: rows.length ? Object.keys(rows[0]!) : selectionColumns(o.channel) }))
        process.stderr.write(`${rows.length} customers\n`)
      })
    })
}
