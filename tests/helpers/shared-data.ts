import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadConfig } from '../../api/config.js'

/**
 * A file of the public retail data sets (setting BASKETWISE_DATA, default
 * ../shared/data), or undefined when the folder is absent, as on a user's fresh
 * clone: tests that need it skip and say so. CI always has it.
 */
export function sharedDataFile(name: string): string | undefined {
  const file = resolve(loadConfig().BASKETWISE_DATA, name)
  if (existsSync(file)) return file
  console.warn(`skipping: ${name} not found under ${loadConfig().BASKETWISE_DATA} (set BASKETWISE_DATA to the public data folder)`)
  return undefined
}
