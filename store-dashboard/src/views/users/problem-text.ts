import { ApiError } from '../../api/api-client.js'

/**
 * An API failure as one sentence, naming the fields at fault.
 * @example problemText(err) // 'Request body failed validation: #/password at least 12 characters'
 */
export function problemText(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err)
  const fields = (err.problem?.errors ?? []).map((e) => `${(e.pointer ?? e.parameter ?? '').replace(/^#\//, '')} ${e.detail}`.trim())
  return [err.problem?.detail ?? err.message, fields.join('; ')].filter(Boolean).join(': ')
}
