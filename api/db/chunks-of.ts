/**
 * Splits rows into chunks for multi-row inserts: a statement may bind at most
 * 65,535 parameters, so chunk size × columns must stay under that.
 */
export function chunksOf<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}
