import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

/**
 * The address sign-in throttling counts by. With `trustedProxyHops` = 0 (the default), the TCP
 * peer: forwarding headers are not trusted, since any client can write them. Behind N reverse
 * proxies that each append their peer's address to X-Forwarded-For (config TRUSTED_PROXY_HOPS),
 * the Nth address from the right, the one the outermost trusted proxy saw; anything left of it
 * came from the client and is ignored. With fewer addresses than hops, the TCP peer.
 * In-process requests (app.request in tests) pass the peer as `{ incoming: { socket: { remoteAddress } } }`.
 */
export function clientIpOf(c: Context, trustedProxyHops = 0): string {
  if (trustedProxyHops > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((a) => a.trim()).filter(Boolean)
    const seen = forwarded[forwarded.length - trustedProxyHops]
    if (seen !== undefined) return seen.slice(0, 64) // undefined: fewer addresses than hops
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
