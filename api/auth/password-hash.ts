import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** Shortest password accepted (NIST SP 800-63B asks at least 8; people here choose their own, so 12). */
export const PASSWORD_MIN_LENGTH = 12
/** Longest password accepted: scrypt reads all of it, so a bound keeps a request's cost bounded. */
export const PASSWORD_MAX_LENGTH = 1024

/**
 * scrypt cost (RFC 7914): N = 2^15, r = 8, p = 1 is OWASP's recommended minimum and takes about
 * 50–100 ms and 32 MiB here. The parameters are stored in each hash, so raising them later
 * leaves existing hashes verifiable.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const
const SALT_BYTES = 16
const KEY_BYTES = 32
// Upper bounds a stored hash may ask for, so a tampered row cannot make verification exhaust memory.
const MAX_N = 2 ** 20
const MAX_R = 32
const MAX_P = 16

function scryptAsync(password: string, salt: Buffer, keyBytes: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is exactly 128·N·r for N = 2^15, r = 8 and refuses it: allow twice the need.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r }
  // The callback form runs on libuv's thread pool: the event loop keeps serving while it works.
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key))))
}

/**
 * Hashes a password with scrypt and a random 16-byte salt.
 * @returns 'scrypt$N$r$p$salt$hash', salt and hash in base64url
 * @example await hashPassword('correct horse battery') // 'scrypt$32768$8$1$Qm9…$x1…'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await scryptAsync(password, salt, KEY_BYTES, COST)
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/**
 * Whether the password matches a hash made by `hashPassword`, compared in constant time.
 * A malformed hash is a mismatch, not an error.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored)
  if (!parsed) return false
  const key = await scryptAsync(password, parsed.salt, parsed.hash.length, parsed)
  return timingSafeEqual(key, parsed.hash)
}

function parseHash(stored: string): { N: number; r: number; p: number; salt: Buffer; hash: Buffer } | undefined {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  const salt = Buffer.from(parts[4]!, 'base64url')
  const hash = Buffer.from(parts[5]!, 'base64url')
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0
  if (!powerOfTwo || N > MAX_N || !Number.isInteger(r) || r < 1 || r > MAX_R || !Number.isInteger(p) || p < 1 || p > MAX_P) return undefined
  if (salt.length < 8 || hash.length < 16) return undefined
  return { N, r, p, salt, hash }
}

let dummy: Promise<string> | undefined

/**
 * A hash of a random password nobody knows. Sign-in verifies against it when the user does not
 * exist, so an unknown username costs the same scrypt as a wrong password (no timing oracle).
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(18).toString('base64url'))
  return dummy
}
