import type { Progress } from '../../../analytics/jobs/index.js'

export type SumSquaresInput = {
  values: Float64Array
  /** Times to repeat the pass; a huge number makes a job that runs until cancelled. */
  rounds: number
  /** Throw after this many rounds. */
  failAfterRound?: number
}
export type SumSquaresOutput = { squares: Float64Array; sum: number; rounds: number }

/** A CPU-bound test task: squares the values `rounds` times, reporting each round. */
export function sumSquares(input: SumSquaresInput, progress: Progress): SumSquaresOutput {
  const squares = new Float64Array(input.values.length)
  let sum = 0
  for (let r = 0; r < input.rounds; r++) {
    sum = 0
    for (let i = 0; i < input.values.length; i++) {
      const v = input.values[i]!
      squares[i] = v * v
      sum += v * v
    }
    progress('square', r + 1, input.rounds)
    if (input.failAfterRound === r + 1) throw new RangeError(`gave up after round ${r + 1}`)
  }
  return { squares, sum, rounds: input.rounds }
}

/**
 * Spins (never yielding its thread) until `flag[0]` is set by the thread that started it,
 * reporting the spins as progress. Setting the flag needs the starting thread's event loop
 * to run, so the task ends only if that loop stays free while the task computes.
 */
export function spinUntilReleased(input: { flag: Int32Array }, progress: Progress): { spins: number } {
  let spins = 0
  while (Atomics.load(input.flag, 0) === 0) {
    spins++
    if (spins % 100_000 === 0) progress('spin', spins, 0)
  }
  return { spins }
}

/** An async task: resolves with its input doubled, after a tick. */
export async function doubleLater(input: { xs: Int32Array }): Promise<{ doubled: Int32Array; offset: number }> {
  await new Promise((r) => setTimeout(r, 1))
  return { doubled: input.xs.map((x) => 2 * x), offset: input.xs.byteOffset }
}
