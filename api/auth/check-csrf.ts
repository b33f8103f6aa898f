import { AppError } from '../errors/app-error.js'
import { tokensEqual } from './session-token.js'

/** POST, PUT, PATCH and DELETE change state (RFC 9110 §9.2.1: the others are safe). */
export function isUnsafeMethod(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE'
}

/**
 * A cookie-authenticated write must carry the session's CSRF token in X-CSRF-Token: another site
 * can make the browser send the cookie but cannot read the token (synchronizer token pattern,
 * OWASP CSRF Prevention Cheat Sheet). SameSite=Strict already keeps the cookie off cross-site
 * requests; this holds where SameSite does not (same-site subdomains, older browsers).
 */
export function checkCsrf(sent: string | undefined, expected: string): void {
  if (!sent) throw new AppError('forbidden', 'A request with the session cookie that changes state must send the X-CSRF-Token header', [{ parameter: 'X-CSRF-Token', detail: 'missing' }])
  if (!tokensEqual(sent, expected)) throw new AppError('forbidden', "The X-CSRF-Token header does not match the session's token", [{ parameter: 'X-CSRF-Token', detail: 'does not match the session' }])
}

/**
 * Browsers send Origin on every cross-origin request and on same-origin POSTs; when present on a
 * write not made with an API key, it must be this server's own (RFC 6454 serialisation:
 * scheme://host[:port]). 'null' (sandboxed pages, some redirects) is refused as well.
 */
export function checkOrigin(origin: string | undefined, own: string): void {
  if (origin === undefined || origin === own) return
  throw new AppError('forbidden', `Requests that change state are accepted only from ${own}`, [{ parameter: 'Origin', detail: `${origin} is not this server's origin` }])
}
