/**
 * The ArrayBuffers behind the typed arrays in `value` (searched through plain objects and
 * arrays), for a postMessage transfer list: moved to the other thread instead of copied.
 *
 * Only buffers a typed array covers whole are listed. A view on part of a buffer (a
 * `subarray`, or a Node Buffer from the shared pool) is copied instead, because moving the
 * buffer would detach memory that other views still use. SharedArrayBuffers are shared,
 * never transferred.
 *
 * @example runInWorker(task, baskets, { transfer: transferablesOf(baskets) }) // baskets' arrays are detached here afterwards
 */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>()
  const seen = new Set<object>()
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > 8 || seen.has(v)) return
    seen.add(v)
    if (ArrayBuffer.isView(v)) {
      const buffer = v.buffer
      if (buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === buffer.byteLength) found.add(buffer)
      return
    }
    if (Array.isArray(v)) for (const item of v) visit(item, depth + 1)
    else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
      for (const item of Object.values(v)) visit(item, depth + 1)
    }
  }
  visit(value, 0)
  return [...found]
}
