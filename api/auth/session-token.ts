import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * A session token: 32 random bytes in base64url (43 characters), sent only in the cookie.
 * The database keeps its SHA-256: with 256 bits of entropy a fast hash is enough, as for API keys.
 */
export function generateSessionToken(): { token: string; sha256: Buffer } {
  const token = randomBytes(32).toString('base64url')
  return { token, sha256: hashSessionToken(token) }
}

export function hashSessionToken(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}

/** Well-formed tokens only; anything else is not looked up. */
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** The CSRF token of a session: 32 random bytes in base64url, returned to the page (not a cookie). */
export function generateCsrfToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Compares two tokens in constant time (for equal lengths; a length mismatch is a mismatch). */
export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
