import { Command, Option } from 'commander'
import { addAffinityCommands } from './add-affinity-commands.js'
import { addCustomerCommands } from './add-customer-commands.js'
import { addImportCommands } from './add-import-commands.js'
import { addKpiCommands } from './add-kpi-commands.js'
import { addUserCommands } from './add-user-commands.js'
import { addMineCommand } from '../analytics/affinity/mine-file.js'
import { loadConfig, describeConfig, CONFIG_DOC, type Config } from './config.js'
import type { Database } from './db/create-database.js'
import type { Role } from './auth/caller.js'

// Modules behind the commands load when a command runs, so `--help` answers at once.
const createDatabase: typeof import('./db/create-database.js').createDatabase = async (o) => (await import('./db/create-database.js')).createDatabase(o)
const migrate: typeof import('./db/migrate.js').migrate = async (sql, m) => (await import('./db/migrate.js')).migrate(sql, m)

/** `basketwise`: the operator CLI. Flags beat environment variables beat defaults. */
const program = new Command()
  .name('basketwise')
  .description('Basketwise operator CLI: serve the API, migrate the database, manage API keys and users.')
  .addHelpText('after', '\nEnvironment:\n' + CONFIG_DOC.map((d) => `  ${d.name.padEnd(24)} ${d.description}`).join('\n'))
  .showHelpAfterError()

const withDb = async <T>(config: Config, f: (db: Database) => Promise<T>): Promise<T> => {
  const db = await createDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 })
  try {
    await migrate(db.sql)
    return await f(db)
  } finally {
    await db.close()
  }
}

program
  .command('serve')
  .description('Start the API server (embedded PGlite unless DATABASE_URL is set)')
  .option('--port <port>', 'HTTP port (env PORT)')
  .option('--host <host>', 'interface to bind (env HOST)')
  .option('--data-dir <dir>', 'embedded database directory (env DATA_DIR)')
  .option('--demo', 'load the demo chain (fixtures preset demo) into an empty database, print a demo admin key, and on first start three demo users with their passwords')
  .action(async (opts: { port?: string; host?: string; dataDir?: string; demo?: boolean }) => {
    const config = loadConfig(process.env, { PORT: opts.port as never, HOST: opts.host, DATA_DIR: opts.dataDir })
    const [{ createLog }, { startServer }, { loadDemo }] = await Promise.all([import('./http/logger.js'), import('./server.js'), import('./demo/load-demo.js')])
    const log = createLog(config.LOG_LEVEL)
    log({ level: 'info', msg: 'starting', config: describeConfig(config) })
    let demo: Awaited<ReturnType<typeof loadDemo>> | undefined
    const server = await startServer(config, log, async (db) => {
      if (opts.demo) demo = await loadDemo(db, log)
    })
    if (opts.demo) {
      const { startDemoAnalyses } = await import('./demo/start-demo-analyses.js')
      await startDemoAnalyses(server.db, server.jobs, log)
    }
    process.stdout.write(`\nBasketwise is running at ${server.url}\n  API reference: ${server.url}/api-docs\n  Health:        ${server.url}/health\n`)
    if (demo) process.stdout.write(`  Demo admin key (shown once): ${demo.key}\n  Try: curl -H "Authorization: Bearer ${demo.key}" ${server.url}/v1/stores\n`)
    if (demo?.users.length) {
      process.stdout.write('  Demo users (passwords shown once, now; reset with `basketwise users set-password <user>`):\n')
      for (const u of demo.users) process.stdout.write(`    ${u.username.padEnd(14)} ${u.password}  ${u.role}${u.stores.length ? ' of ' + u.stores.join(', ') : ''}\n`)
    }
    process.stdout.write('\n')
    const stop = async (signal: string) => {
      log({ level: 'info', msg: 'stopping', signal })
      await server.close()
      process.exit(0)
    }
    process.once('SIGINT', () => void stop('SIGINT'))
    process.once('SIGTERM', () => void stop('SIGTERM'))
  })

program
  .command('migrate')
  .description('Apply pending database migrations (safe to run again)')
  .action(async () => {
    const config = loadConfig()
    const db = await createDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 1 })
    try {
      const { applied, version } = await migrate(db.sql)
      process.stdout.write(applied.length ? `Applied ${applied.map((m) => `${m.version}_${m.name}`).join(', ')}; now at version ${version}\n` : `Already at version ${version}\n`)
    } finally {
      await db.close()
    }
  })

const keys = program.command('keys').description('Issue, list and revoke API keys')
keys
  .command('create')
  .description('Issue a key and print it once (only its hash is stored)')
  .addOption(
    new Option('--role <role>', 'admin: every endpoint; terminal: posts sales of one store; marketing: reads every store, customer-level data; store_manager: reads its stores, aggregates only')
      .choices(['admin', 'terminal', 'marketing', 'store_manager'])
      .makeOptionMandatory(),
  )
  .option('--store <code>', 'the store of a terminal key (one), or a store of a store_manager key (repeatable)', (v: string, all: string[] = []) => [...all, v])
  .requiredOption('--name <name>', 'what the key is for, e.g. "S017 lane 3"')
  .action(async (opts: { role: Role; store?: string[]; name: string }) => {
    const codes = opts.store ?? []
    if (opts.role === 'terminal' && codes.length !== 1) program.error('error: a terminal key needs exactly one --store <code>')
    if (opts.role === 'store_manager' && codes.length === 0) program.error('error: a store_manager key needs at least one --store <code>')
    if ((opts.role === 'admin' || opts.role === 'marketing') && codes.length > 0) program.error(`error: a ${opts.role} key is not bound to a store; drop --store`)
    const [{ createApiKey }, { storeIdsByCode }] = await Promise.all([import('./auth/auth.repo.js'), import('./users/users.repo.js')])
    await withDb(loadConfig(), async (db) => {
      const ids = await storeIdsByCode(db.sql, codes)
      const unknown = codes.filter((c) => !ids.has(c))
      if (unknown.length > 0) program.error(`error: no store with code ${unknown.join(', ')}`)
      const storeIds = codes.map((c) => ids.get(c)!)
      const { key, prefix } = await createApiKey(db.sql, {
        role: opts.role,
        storeId: opts.role === 'terminal' ? storeIds[0]! : null,
        storeIds: opts.role === 'store_manager' ? storeIds : [],
        name: opts.name,
      })
      process.stdout.write(`${key}\n`)
      process.stderr.write(`Issued ${opts.role} key ${prefix}… (${opts.name}). Store it now: it is not shown again.\n`)
    })
  })
keys
  .command('list')
  .description('List keys (prefixes only)')
  .action(async () => {
    const { listApiKeys } = await import('./auth/auth.repo.js')
    await withDb(loadConfig(), async (db) => {
      for (const k of await listApiKeys(db.sql)) {
        process.stdout.write([k.prefix, k.role, k.storeCodes.join(',') || '-', k.revokedAt ? `revoked ${k.revokedAt}` : 'active', k.name].join('\t') + '\n')
      }
    })
  })
keys
  .command('revoke')
  .description('Revoke a key by its prefix (as shown by keys list)')
  .argument('<prefix>', 'the first 12 characters of the key')
  .action(async (prefix: string) => {
    const { revokeApiKey } = await import('./auth/auth.repo.js')
    await withDb(loadConfig(), async (db) => {
      if (!(await revokeApiKey(db.sql, prefix))) program.error(`error: no active key with prefix ${prefix}`)
      process.stdout.write(`Revoked ${prefix}\n`)
    })
  })

program
  .command('generate')
  .description('Generate a synthetic chain with planted truths into an empty database, and write its ground-truth manifest')
  .addOption(new Option('--preset <name>', 'size: test (seconds), demo (npm start), chain (20 stores, 52 weeks, ~50M lines)').choices(['test', 'demo', 'chain']).default('test'))
  .option('--seed <n>', 'random seed: the same seed gives the same data', '1')
  .option('--manifest <file>', 'where to write the ground truth (default ./data/ground-truth-<preset>-<seed>.json, or <out>/ground-truth.json)')
  .option('--out <dir>', 'write files to this folder instead of the database: reference data as JSON lines in the API\'s shapes, receipts as --format says')
  .addOption(new Option('--format <format>', 'receipts with --out: JSON lines, ARTS POSLog (one file per store and day) or CSV journals (with mapping.json)').choices(['jsonl', 'poslog', 'csv']).default('jsonl'))
  .action(async (opts: { preset: 'test' | 'demo' | 'chain'; seed: string; manifest?: string; out?: string; format: 'jsonl' | 'poslog' | 'csv' }) => {
    const [{ generateChain, generateFiles }, { SingleBar, Presets }, { mkdirSync, writeFileSync }, { dirname, join }] = await Promise.all([
      import('../fixtures/generate-chain.js'), import('cli-progress'), import('node:fs'), import('node:path')])
    const seed = Number(opts.seed)
    if (!Number.isInteger(seed)) program.error('error: --seed must be an integer')
    const bar = new SingleBar({ format: '{phase} [{bar}] {percentage}% | {receipts} receipts, {lines} lines | {eta_formatted} left', etaBuffer: 50 }, Presets.shades_classic)
    bar.start(1000, 0, { phase: 'reference', receipts: 0, lines: 0 })
    const t0 = performance.now()
    const onProgress = (p: { fraction: number }) => bar.update(Math.round(p.fraction * 1000), p)
    const finish = (result: Awaited<ReturnType<typeof generateFiles>>, where: string, defaultManifest: string) => {
      bar.stop()
      const file = opts.manifest ?? defaultManifest
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, JSON.stringify(result.manifest, null, 2) + '\n')
      const s = (performance.now() - t0) / 1000
      process.stdout.write(`Generated ${result.counts.receipts} receipts, ${result.counts.lines} lines in ${s.toFixed(1)} s (${Math.round(result.counts.lines / s)} lines/s) into ${where}\nGround truth: ${file}\n`)
    }
    if (opts.out) finish(await generateFiles(opts.out, opts.preset, seed, opts.format, onProgress), opts.out, join(opts.out, 'ground-truth.json'))
    else await withDb(loadConfig(), async (db) => finish(await generateChain(db, opts.preset, seed, onProgress), db.location, `./data/ground-truth-${opts.preset}-${seed}.json`))
  })

addImportCommands(program, withDb, () => loadConfig())
addMineCommand(program)
addAffinityCommands(program, withDb, () => loadConfig())
addUserCommands(program, withDb, () => loadConfig())
addCustomerCommands(program, withDb, () => loadConfig())
addKpiCommands(program, withDb, () => loadConfig())

try {
  await program.parseAsync()
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`)
  process.exit(1)
}
