import { scryptSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hash.js'

describe('hashPassword / verifyPassword', () => {
  it('stores scrypt with its parameters and a 16-byte salt, never the password, and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery')
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(hash).not.toContain('correct horse battery')
    expect(await verifyPassword('correct horse battery', hash)).toBe(true)
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false)
    expect(await hashPassword('correct horse battery')).not.toBe(hash) // a new salt each time
  })

  it('verifies with the parameters written in the hash, so older, cheaper hashes keep working', async () => {
    const salt = Buffer.from('0123456789abcdef')
    const key = scryptSync('old password here', salt, 32, { N: 1024, r: 8, p: 1 })
    const old = `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`
    expect(await verifyPassword('old password here', old)).toBe(true)
    expect(await verifyPassword('old password hero', old)).toBe(false)
  })

  it('treats malformed or excessive hashes as a mismatch', async () => {
    const good = await hashPassword('whatever whatever')
    const [, , r, p, salt, key] = good.split('$')
    for (const bad of ['', 'plain', 'bcrypt$x', `scrypt$1000$${r}$${p}$${salt}$${key}`, `scrypt$${2 ** 22}$${r}$${p}$${salt}$${key}`, `scrypt$32768$8$1$${salt}`]) {
      expect(await verifyPassword('whatever whatever', bad)).toBe(false)
    }
  })

  it('keeps one dummy hash that no typed password matches', async () => {
    const dummy = await dummyPasswordHash()
    expect(await dummyPasswordHash()).toBe(dummy)
    expect(dummy).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(await verifyPassword('', dummy)).toBe(false)
  })
})
