import { Command, Option } from 'commander'
import type { Config } from './config.js'
import type { Database } from './db/create-database.js'

type WithDb = <T>(config: Config, f: (db: Database) => Promise<T>) => Promise<T>
type RunOptions = {
  level: string[]
  scope: string[]
  from?: string
  to?: string
  cardHolders?: boolean
  minSupport: string
  minConfidence: string
  minLift: string
  maxLength: string
  alpha: string
  only?: string[]
  never?: string[]
  top: string
}

const collect = (v: string, all: string[] = []) => [...all, v]

/** `basketwise affinity run|rules`: mine basket affinity on the database with a progress bar, and read a run's rules. */
export function addAffinityCommands(program: Command, withDb: WithDb, loadConfig: () => Config): void {
  const affinity = program.command('affinity').description('Basket affinity: association rules per store and chain-wide, as versioned runs')

  affinity
    .command('run')
    .description('Mine association rules (runs in a worker thread; progress on stderr); prints the strongest rules of each scope')
    .addOption(new Option('--level <level>', 'hierarchy level, repeatable (default category)').choices(['sku', 'subcategory', 'category', 'department']).argParser(collect))
    .option('--scope <scope>', "chain, stores, regions, store:<code> or region:<name>; repeatable (default chain)", collect)
    .option('--from <day>', 'first business day (YYYY-MM-DD)')
    .option('--to <day>', 'last business day (YYYY-MM-DD)')
    .option('--card-holders', 'only baskets of card holders (default: anonymous baskets too)')
    .option('--min-support <s>', 'a fraction of baskets (0 < s < 1) or a basket count', '0.01')
    .option('--min-confidence <c>', 'least confidence of a rule', '0.1')
    .option('--min-lift <l>', 'least lift of a rule', '1')
    .option('--max-length <k>', 'largest itemset', '4')
    .option('--alpha <q>', 'false discovery rate of the rules kept', '0.05')
    .option('--only <code>', 'only rules about this item or category code; repeatable', collect)
    .option('--never <code>', 'never rules about this item or category code; repeatable', collect)
    .option('--top <n>', 'rules printed per scope', '10')
    .action(async (o: RunOptions, cmd: Command) => {
      const [{ AffinityRunRequestSchema }, { startAffinityRun }, { runToEnd }, { AppError }] = await Promise.all([
        import('./contract/affinity.js'), import('../analytics/affinity/affinity.job.js'), import('../analytics/jobs/index.js'), import('./errors/app-error.js'),
      ])
      const levels = o.level ?? ['category']
      const parsed = AffinityRunRequestSchema.safeParse({
        targets: levels.map((level) => ({ level, scopes: o.scope ?? ['chain'] })),
        from: o.from, to: o.to, customers: o.cardHolders ? 'card-holders' : 'all',
        minSupport: Number(o.minSupport), minConfidence: Number(o.minConfidence), minLift: Number(o.minLift), maxLength: Number(o.maxLength), alpha: Number(o.alpha),
        onlyItems: o.only, neverItems: o.never,
      })
      if (!parsed.success) cmd.error(`error: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')}`)
      await withDb(loadConfig(), async (db) => {
        const done = await runToEnd(db.sql, 'affinity run', (jobs) =>
          startAffinityRun(db, jobs, parsed.data!, `cli ${process.env.USER ?? ''}`.trim()).catch((err: unknown) => {
            if (err instanceof AppError) cmd.error(`error: ${err.message}: ${err.errors.map((e) => e.detail).join('; ')}`)
            throw err
          }),
        )
        if (!done) return
        process.stdout.write(`run ${done.runId} (version ${done.version} of ${done.scopeKey}): ${JSON.stringify(done.counts)}\n`)
        await printTopRules(db, done.runId, Number(o.top))
      })
    })

  affinity
    .command('rules')
    .description("Print a finished run's rules in one scope, strongest first, as TSV")
    .argument('<runId>', 'the run')
    .option('--scope <scope>', 'scope as the run lists it', 'chain')
    .option('--level <level>', "level (default: the run's first)")
    .option('--limit <n>', 'rules to print', '50')
    .action(async (runId: string, o: { scope: string; level?: string; limit: string }) => {
      await withDb(loadConfig(), async (db) => {
        const { findRules, labelItems, listScopes } = await import('../analytics/affinity/affinity.repo.js')
        const scopes = await listScopes(db.sql, Number(runId))
        const scope = scopes.find((s) => s.scope === o.scope && (o.level === undefined || s.level === o.level))
        if (!scope) throw new Error(`run ${runId} has no scope ${o.scope}${o.level ? ` at level ${o.level}` : ''}; it has: ${scopes.map((s) => `${s.scope} (${s.level})`).join(', ') || 'none'}`)
        const rows = await findRules(db.sql, Number(runId), { scope: scope.scope, level: scope.level, sort: 'lift', order: 'desc', limit: Number(o.limit), offset: 0 })
        const labels = new Map((await labelItems(db.sql, scope.level, rows.flatMap((r) => [...r.antecedent, r.consequent]))).map((l) => [l.id, l.code]))
        process.stdout.write('antecedent\tconsequent\tcount\tsupport\tconfidence\tlift\tq_value\n')
        for (const r of rows) {
          process.stdout.write(`${r.antecedent.map((i) => labels.get(i)).join(',')}\t${labels.get(r.consequent)}\t${r.count}\t${r.support.toFixed(5)}\t${r.confidence.toFixed(4)}\t${r.lift.toFixed(3)}\t${r.qValue?.toExponential(2) ?? ''}\n`)
        }
      })
    })
}

async function printTopRules(db: Database, runId: number, top: number): Promise<void> {
  const { findRules, labelItems, listScopes } = await import('../analytics/affinity/affinity.repo.js')
  for (const s of await listScopes(db.sql, runId)) {
    const rows = await findRules(db.sql, runId, { scope: s.scope, level: s.level, sort: 'lift', order: 'desc', limit: top, offset: 0 })
    const labels = new Map((await labelItems(db.sql, s.level, rows.flatMap((r) => [...r.antecedent, r.consequent]))).map((l) => [l.id, l.code]))
    process.stdout.write(`\n${s.scope} (${s.level}): ${s.basketCount} baskets, ${s.ruleCount} rules kept of ${s.rulesTested} tested (min count ${s.minCount})\n`)
    for (const r of rows) process.stdout.write(`  ${r.antecedent.map((i) => labels.get(i)).join(' + ')} → ${labels.get(r.consequent)}  lift ${r.lift.toFixed(2)}  confidence ${(r.confidence * 100).toFixed(1)}%  ${r.count} baskets\n`)
  }
}
