import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'
import { DASHBOARD_ROOT, SOURCE_HASH_FILE, sourceHash } from './source-hash.js'

export type EnsureBuiltResult = { built: boolean; distDir: string; ms: number }

/**
 * Builds the dashboard into store-dashboard/dist unless the build there was made from the
 * current sources (its `.source-hash`). The build goes to a folder of its own first and replaces
 * dist in one rename, so a server never serves half a build.
 */
export async function ensureDashboardBuilt(o: { force?: boolean; log?: (line: string) => void } = {}): Promise<EnsureBuiltResult> {
  const t0 = performance.now()
  const distDir = join(DASHBOARD_ROOT, 'dist')
  const wanted = sourceHash()
  const hashFile = join(distDir, SOURCE_HASH_FILE)
  if (!o.force && existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === wanted) return { built: false, distDir, ms: performance.now() - t0 }
  o.log?.('Building the store dashboard (vite build)…')
  const tmp = join(DASHBOARD_ROOT, `dist.tmp-${process.pid}-${Date.now()}`)
  try {
    await build({ configFile: join(DASHBOARD_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } })
    for (let attempt = 0; ; attempt++) {
      rmSync(distDir, { recursive: true, force: true })
      try {
        renameSync(tmp, distDir)
        break
      } catch (err) {
        // Another process swapped its build in between: the same sources, so replace it again.
        if (attempt >= 3) throw err
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  return { built: true, distDir, ms: performance.now() - t0 }
}

// `node --import tsx store-dashboard/tooling/ensure-built.ts [--force]`: what `npm start` runs first.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const result = await ensureDashboardBuilt({ force: process.argv.includes('--force'), log: (line) => process.stderr.write(line + '\n') })
  process.stderr.write(result.built ? `Dashboard built in ${(result.ms / 1000).toFixed(1)} s: ${result.distDir}\n` : `Dashboard build is current: ${result.distDir}\n`)
}
