import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{api,analytics,pos-adapter,fixtures,store-dashboard}/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts', 'tests/helpers/build-dashboard.ts'],
    pool: 'forks',
    // Two cores: more workers than that only adds PGlite start-up contention.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
