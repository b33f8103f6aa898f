import { Command, Option } from 'commander'
import type { Config } from './config.js'
import type { Database } from './db/create-database.js'

type WithDb = <T>(config: Config, f: (db: Database) => Promise<T>) => Promise<T>

const collect = (v: string, all: string[] = []) => [...all, v]
const PASSWORD_HELP =
  '\nThe password comes from the environment variable BASKETWISE_PASSWORD, or, on a terminal, is asked for twice without echo. At least 12 characters.'

/** `basketwise users add|list|set-password|disable|enable|set-stores`: the dashboard's user accounts. */
export function addUserCommands(program: Command, withDb: WithDb, loadConfig: () => Config): void {
  const users = program.command('users').description('Manage dashboard users: admin, marketing and store managers')

  // Domain errors (unknown store, name taken, short password) become one CLI error line.
  const run = async (cmd: Command, f: (db: Database) => Promise<void>) => {
    const { AppError } = await import('./errors/app-error.js')
    await withDb(loadConfig(), f).catch((err: unknown) => {
      if (err instanceof AppError) cmd.error(`error: ${err.message}${err.errors.length ? ': ' + err.errors.map((e) => e.detail).join('; ') : ''}`)
      throw err
    })
  }

  users
    .command('add')
    .description('Create a user')
    .argument('<username>', 'letters, digits, ".", "_", "@", "-"; stored lower-case')
    .addOption(new Option('--role <role>', 'admin: everything; marketing: every store, customer-level data; store_manager: its stores, aggregates only').choices(['admin', 'marketing', 'store_manager']).makeOptionMandatory())
    .option('--store <code>', 'a store of a store_manager; repeatable', collect)
    .option('--display-name <name>', 'the name the dashboard shows (default: the username)')
    .addHelpText('after', PASSWORD_HELP)
    .action(async (username: string, o: { role: string; store?: string[]; displayName?: string }, cmd: Command) => {
      const [{ UserInputSchema }, { createUser }] = await Promise.all([import('./contract/auth.js'), import('./users/save-user.js')])
      const parsed = UserInputSchema.safeParse({ username, role: o.role, stores: o.store ?? [], displayName: o.displayName, password: await readPassword(cmd) })
      if (!parsed.success) cmd.error(`error: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`)
      await run(cmd, async (db) => {
        const user = await createUser(db.sql, parsed.data!, new Date())
        process.stdout.write(`Created ${user.role} ${user.username}${user.stores.length ? ' of ' + user.stores.join(', ') : ''}\n`)
      })
    })

  users
    .command('list')
    .description('List users: username, role, stores, status, display name (tab-separated)')
    .action(async (_o: unknown, cmd: Command) => {
      const { listUsers } = await import('./users/users.repo.js')
      await run(cmd, async (db) => {
        for (const u of await listUsers(db.sql)) {
          process.stdout.write([u.username, u.role, u.stores.join(',') || '-', u.disabled ? `disabled ${u.disabledAt}` : 'active', u.displayName].join('\t') + '\n')
        }
      })
    })

  users
    .command('set-password')
    .description("Set a user's password; ends the user's sessions")
    .argument('<username>')
    .addHelpText('after', PASSWORD_HELP)
    .action(async (username: string, _o: unknown, cmd: Command) => {
      const { NewPasswordSchema } = await import('./contract/auth.js')
      const password = NewPasswordSchema.safeParse(await readPassword(cmd))
      if (!password.success) cmd.error(`error: password: ${password.error.issues.map((i) => i.message).join('; ')}`)
      await change(cmd, username, { password: password.data }, 'New password set; sessions ended')
    })

  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    users
      .command(name)
      .description(disabled ? 'Disable a user: sign-in refused, sessions end at once' : 'Let a disabled user sign in again')
      .argument('<username>')
      .action(async (username: string, _o: unknown, cmd: Command) => change(cmd, username, { disabled }, disabled ? 'Disabled' : 'Enabled'))
  }

  users
    .command('set-stores')
    .description("Replace a store manager's stores")
    .argument('<username>')
    .requiredOption('--store <code>', 'a store; repeatable', collect)
    .action(async (username: string, o: { store: string[] }, cmd: Command) => change(cmd, username, { stores: o.store }, 'Stores set'))

  async function change(cmd: Command, username: string, patch: { password?: string; disabled?: boolean; stores?: string[] }, done: string) {
    const { changeUser } = await import('./users/save-user.js')
    await run(cmd, async (db) => {
      const user = await changeUser(db.sql, username.trim().toLowerCase(), patch, { now: new Date() })
      process.stdout.write(`${done}: ${user.username} (${user.role}${user.stores.length ? ' of ' + user.stores.join(', ') : ''}${user.disabled ? ', disabled' : ''})\n`)
    })
  }
}

/** The password from BASKETWISE_PASSWORD, or asked twice on a terminal without echo. */
async function readPassword(cmd: Command): Promise<string> {
  const fromEnv = process.env.BASKETWISE_PASSWORD
  if (fromEnv) return fromEnv
  if (!process.stdin.isTTY) cmd.error('error: set BASKETWISE_PASSWORD, or run on a terminal to be asked for the password')
  const first = await askHidden('Password: ')
  const again = await askHidden('Again: ')
  if (first !== again) cmd.error('error: the two passwords differ')
  return first
}

/** Reads a line from the terminal in raw mode, echoing nothing. Ctrl-C aborts. */
function askHidden(prompt: string): Promise<string> {
  const input = process.stdin
  process.stderr.write(prompt)
  input.setRawMode(true)
  input.resume()
  input.setEncoding('utf8')
  return new Promise((resolve) => {
    let text = ''
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          input.setRawMode(false)
          input.pause()
          input.off('data', onData)
          process.stderr.write('\n')
          resolve(text)
          return
        }
        if (ch === '\u0003') {
          input.setRawMode(false)
          process.stderr.write('\n')
          process.exit(130)
        }
        if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('')
        else text += ch
      }
    }
    input.on('data', onData)
  })
}
