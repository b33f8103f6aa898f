import { readFileSync } from 'node:fs'
import { CsvMappingSchema, type CsvMapping } from './csv/csv-mapping.js'
import { BUILT_IN_PROFILES, PoslogProfileSchema, type PoslogProfile } from './poslog/poslog-profile.js'

const readable = (what: string, path: string, err: unknown) => new Error(`${what} ${path}: ${(err as Error).message}`)

/** A built-in POSLog profile by name, or a profile JSON file validated by PoslogProfileSchema. */
export function loadProfile(nameOrPath: string): PoslogProfile {
  const builtIn = BUILT_IN_PROFILES[nameOrPath]
  if (builtIn) return builtIn
  try {
    return PoslogProfileSchema.parse(JSON.parse(readFileSync(nameOrPath, 'utf8')))
  } catch (err) {
    throw readable(`POSLog profile (built in: ${Object.keys(BUILT_IN_PROFILES).join(', ')})`, nameOrPath, err)
  }
}

/** A CSV column-mapping file validated by CsvMappingSchema. */
export function loadCsvMapping(path: string): CsvMapping {
  try {
    return CsvMappingSchema.parse(JSON.parse(readFileSync(path, 'utf8')))
  } catch (err) {
    throw readable('CSV mapping', path, err)
  }
}
