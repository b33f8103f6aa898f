import { describe, expect, it } from 'vitest'
import { describeConfig, loadConfig } from './config.js'

describe('loadConfig', () => {
  it('fills defaults: embedded database in ./data/db on port 3000', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ DATA_DIR: './data/db', PORT: 3000, HOST: '127.0.0.1' })
    expect(c.DATABASE_URL).toBeUndefined()
  })

  it('treats an empty DATABASE_URL as unset and lets overrides (CLI flags) beat the environment', () => {
    const c = loadConfig({ DATABASE_URL: '', PORT: '4000' }, { PORT: 5000 })
    expect(c.PORT).toBe(5000)
    expect(c.DATABASE_URL).toBeUndefined()
  })

  it('names every bad setting in one message', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(
      /Invalid configuration:\n {2}DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\n {2}PORT: .*\n {2}LOG_LEVEL: /,
    )
  })

  it('is frozen and masks the password when described', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://bw:s3cret@db:5432/bw' })
    expect(Object.isFrozen(c)).toBe(true)
    expect(describeConfig(c).DATABASE_URL).toBe('postgres://bw:***@db:5432/bw')
  })
})
