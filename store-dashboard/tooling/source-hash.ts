import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The dashboard's folder (store-dashboard/). */
export const DASHBOARD_ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The file in a build that records the sources it was built from. */
export const SOURCE_HASH_FILE = '.source-hash'

const require = createRequire(import.meta.url)

/**
 * SHA-256 over everything that shapes the build: the sources, index.html, the Vite config and
 * this file, and the versions of the packages bundled. Equal hashes mean an equal build.
 */
export function sourceHash(root = DASHBOARD_ROOT): string {
  const hash = createHash('sha256')
  const files = [...listFiles(join(root, 'src')), join(root, 'index.html'), join(root, 'vite.config.ts'), join(root, 'tooling', 'source-hash.ts')]
  for (const file of files.sort()) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0')
  for (const pkg of ['preact', 'echarts', 'vite']) hash.update(`${pkg}@${(require(`${pkg}/package.json`) as { version: string }).version}\0`)
  return hash.digest('hex')
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? listFiles(path) : name.endsWith('.test.ts') ? [] : [path]
  })
}
