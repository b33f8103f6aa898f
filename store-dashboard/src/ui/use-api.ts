import { useEffect, useState } from 'preact/hooks'

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: unknown }

/**
 * Loads data when the dependencies change, cancelling the request of the previous ones (their
 * answer must not overwrite the newer one). `reload` loads again with the same dependencies.
 */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' })
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    const abort = new AbortController()
    setLoaded({ state: 'loading' })
    load(abort.signal).then(
      (data) => abort.signal.aborted || setLoaded({ state: 'ok', data }),
      (error: unknown) => abort.signal.aborted || setLoaded({ state: 'error', error }),
    )
    return () => abort.abort()
  }, [...deps, generation])
  return [loaded, () => setGeneration((g) => g + 1)]
}
