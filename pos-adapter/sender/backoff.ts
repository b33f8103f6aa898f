export type BackoffOptions = { baseMs: number; maxMs: number }

/**
 * Delay before retry number `attempt` (0 = first retry): exponential, capped,
 * with "equal jitter" (half fixed, half random) so that a store's adapters,
 * all cut off by the same outage, do not come back in step. `random` in [0, 1).
 * @example backoffDelayMs(3, { baseMs: 500, maxMs: 60_000 }, () => 0.5) // 3000
 */
export function backoffDelayMs(attempt: number, o: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(attempt, 30))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
