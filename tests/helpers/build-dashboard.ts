import { ensureDashboardBuilt } from '../../store-dashboard/tooling/ensure-built.js'

/**
 * Global setup: builds the store dashboard when its sources changed since the last build, so
 * the browser tests (tests/dashboard) always run against the current code.
 */
export default async function setup(): Promise<void> {
  await ensureDashboardBuilt({ log: (line) => process.stderr.write(`${line}\n`) })
}
