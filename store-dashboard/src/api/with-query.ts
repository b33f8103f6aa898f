export type Query = Record<string, string | number | boolean | null | undefined>

/**
 * A path with its query string; absent, null and empty values are left out.
 * @example withQuery('/v1/affinity/runs/3/rules', { scope: 'chain', item: '' }) // '/v1/affinity/runs/3/rules?scope=chain'
 */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}
