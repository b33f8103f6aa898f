import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const BIN = new URL('../../bin/basketwise.js', import.meta.url).pathname
const TINY = new URL('../../fixtures/baskets/tiny.dat', import.meta.url).pathname

// No database: `mine` reads the file and prints, like any other miner would.
const cli = (...args: string[]) => run('node', [BIN, ...args], { timeout: 60_000 })

// fixtures/baskets/tiny.dat: {1,2,3} {1,2} {2,3} {1,2,3,4} {4}, FIMI style (trailing blanks, no final newline).
describe('basketwise mine', () => {
  it('answers "basketwise mine --help" with its usage', async () => {
    expect((await cli('mine', '--help')).stdout).toMatch(/^Usage: basketwise mine \[options\] <file>/)
  })

  it('prints the frequent itemsets as TSV, and their counts by size and the timings on stderr', async () => {
    const { stdout, stderr } = await cli('mine', TINY, '--min-count', '2', '--timings')
    expect(stdout).toBe(
      [
        'items\tsize\tcount\tsupport',
        '1\t1\t3\t0.6',
        '2\t1\t4\t0.8',
        '3\t1\t3\t0.6',
        '4\t1\t2\t0.4',
        '1,2\t2\t3\t0.6',
        '1,3\t2\t2\t0.4',
        '2,3\t2\t3\t0.6',
        '1,2,3\t3\t2\t0.4',
        '',
      ].join('\n'),
    )
    expect(stderr).toContain('tiny.dat: 5 baskets, 4 distinct items; minimum count 2 (40.000%)\n8 frequent itemsets; by size: 1: 4, 2: 3, 3: 1\n')
    expect(stderr).toMatch(/read \d+\.\d{3} s \(file .*\), mine \d+\.\d{3} s, write \d+\.\d{3} s\n/)
    const timings = JSON.parse(stderr.trim().split('\n').at(-1)!)
    expect(timings).toMatchObject({ itemsets: 8, timings: { readMs: expect.any(Number), mineMs: expect.any(Number) } })
  })

  it('takes --min-support as a share rounded up, and --max-length', async () => {
    // 0.3 × 5 = 1.5 → 2 baskets
    const { stdout } = await cli('mine', TINY, '--min-support', '0.3', '--max-length', '1', '--quiet')
    expect(stdout.trim().split('\n').slice(1).map((l) => l.split('\t')[0])).toEqual(['1', '2', '3', '4'])
  })

  it('prints the rules with their measures, as TSV and as JSON lines', async () => {
    const tsv = await cli('mine', TINY, '--min-count', '2', '--rules', '--min-confidence', '0.7', '--quiet')
    expect(tsv.stdout).toBe(
      [
        'antecedent\tconsequent\tcount\tsupport\tconfidence\tlift\tleverage\tconviction',
        '2\t1\t3\t0.6\t0.75\t1.25\t0.12\t1.6',
        '1\t2\t3\t0.6\t1\t1.25\t0.12\tInfinity',
        '3\t2\t3\t0.6\t1\t1.25\t0.12\tInfinity',
        '2\t3\t3\t0.6\t0.75\t1.25\t0.12\t1.6',
        '1,3\t2\t2\t0.4\t1\t1.25\t0.07999999999999996\tInfinity',
        '',
      ].join('\n'),
    )
    const jsonl = await cli('mine', TINY, '--min-count', '2', '--rules', '--min-confidence', '0.9', '--format', 'jsonl', '--quiet')
    expect(jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { antecedent: [1], consequent: 2, count: 3, antecedentCount: 3, consequentCount: 4, support: 0.6, confidence: 1, lift: 1.25, leverage: 0.12, conviction: null },
      { antecedent: [3], consequent: 2, count: 3, antecedentCount: 3, consequentCount: 4, support: 0.6, confidence: 1, lift: 1.25, leverage: 0.12, conviction: null },
      { antecedent: [1, 3], consequent: 2, count: 2, antecedentCount: 2, consequentCount: 4, support: 0.4, confidence: 1, lift: 1.25, leverage: 0.07999999999999996, conviction: null },
    ])
  })

  it('prints itemsets as JSON lines and drops excluded items', async () => {
    const { stdout } = await cli('mine', TINY, '--min-count', '2', '--format', 'jsonl', '--exclude', '2', '--quiet')
    expect(stdout).toBe(['{"items":[1],"count":3,"support":0.6}', '{"items":[3],"count":3,"support":0.6}', '{"items":[4],"count":2,"support":0.4}', '{"items":[1,3],"count":2,"support":0.4}', ''].join('\n'))
  })

  it('fails naming the problem: no minimum, both minimums, a missing file', async () => {
    await expect(cli('mine', TINY)).rejects.toMatchObject({ stderr: expect.stringContaining('give exactly one of --min-count and --min-support') })
    await expect(cli('mine', TINY, '--min-count', '2', '--min-support', '0.1')).rejects.toMatchObject({ stderr: expect.stringContaining('give exactly one') })
    await expect(cli('mine', TINY + '.missing', '--min-count', '2')).rejects.toMatchObject({ stderr: expect.stringContaining('ENOENT') })
  })
})
