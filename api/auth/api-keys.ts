import { createHash, randomBytes } from 'node:crypto'

/**
 * API keys are 'bwk_' + 43 characters of base64url (32 random bytes). Only their
 * SHA-256 is stored: with 256 bits of entropy there is nothing to guess, so a slow
 * password hash would add latency to every till post without adding safety.
 */
export function generateApiKey(): { key: string; prefix: string; secretSha256: Buffer } {
  const key = 'bwk_' + randomBytes(32).toString('base64url')
  return { key, prefix: key.slice(0, 12), secretSha256: hashApiKey(key) }
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest()
}

/** Well-formed keys only; anything else is refused before a database lookup. */
export const API_KEY_PATTERN = /^bwk_[A-Za-z0-9_-]{43}$/
