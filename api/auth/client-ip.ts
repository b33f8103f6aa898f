import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

/**
 * The address sign-in throttling counts by: the TCP peer. Forwarding headers (X-Forwarded-For) are
 * not trusted, since any client can write them; behind a reverse proxy every client is the proxy.
 * In-process requests (app.request in tests) pass it as `{ incoming: { socket: { remoteAddress } } }`.
 */
export function clientIpOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
