/**
 * The measurements behind the algorithm choice in docs/AFFINITY.md: each miner (ours and the
 * alternatives in ./alternatives) mines the same file at the same minimum counts, every run in
 * a fresh process (cold, as `basketwise mine` runs), runs interleaved so that load on the
 * machine weighs on all of them alike. Prints the median mining time: wall clock, and the CPU
 * time of the mining thread (Linux), which load on a shared machine inflates far less.
 *
 *   node --import tsx bench/affinity/compare-miners.ts [RUNS] [FILE MIN_COUNT...]
 *
 * Default: 5 runs; retail.dat at 441, 89, 45 and 9 baskets and Groceries at 10 and 3.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { loadConfig } from '../../api/config.js'
import { readBasketFile } from '../../analytics/affinity/read-basket-file.js'
import type { Baskets, Itemsets, MiningParams } from '../../analytics/affinity/types.js'

const MINERS: Record<string, string> = {
  'LCM, one-pass delivery, bounded (ours)': '../../analytics/affinity/mine-itemsets.js',
  'LCM, count then deliver': './alternatives/lcm-count-then-deliver.js',
  'Eclat, tid-lists + pair matrix': './alternatives/eclat.js',
}

if (process.argv[2] === '--child') {
  // One cold run: node compare-miners.ts --child MINER FILE MIN_COUNT
  const [, miner, file, minCount] = process.argv.slice(2)
  const { mineItemsets } = (await import(MINERS[miner!]!)) as { mineItemsets: (b: Baskets, p: MiningParams) => Itemsets }
  const { baskets } = readBasketFile(gunzipSync(readFileSync(file!)))
  const cpuMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6
  const c0 = cpuMs()
  const t0 = performance.now()
  const found = mineItemsets(baskets, { minSupport: Number(minCount) })
  const mineMs = performance.now() - t0
  process.stdout.write(JSON.stringify({ mineMs, mineCpuMs: cpuMs() - c0, itemsets: found.itemsetCount }) + '\n')
} else {
  const runs = Number(process.argv[2] ?? 5)
  const data = loadConfig().BASKETWISE_DATA
  const pairs = process.argv.slice(3)
  const cases: [string, number][] = pairs.length
    ? Array.from({ length: pairs.length / 2 }, (_, i) => [pairs[2 * i]!, Number(pairs[2 * i + 1])])
    : [['retail.dat.gz', 441], ['retail.dat.gz', 89], ['retail.dat.gz', 45], ['retail.dat.gz', 9], ['groceries.csv.gz', 10], ['groceries.csv.gz', 3]]
  const self = fileURLToPath(import.meta.url)
  process.stdout.write(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${runs} cold runs each, interleaved\n\n`)
  process.stdout.write('| Data | Min. count | Itemsets | ' + Object.keys(MINERS).join(' | ') + ' |\n|---|---:|---:|' + Object.keys(MINERS).map(() => '---:').join('|') + '|\n')
  for (const [name, minCount] of cases) {
    const file = resolve(data, name)
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(MINERS).map((m) => [m, []]))
    const cpuTimes: Record<string, number[]> = Object.fromEntries(Object.keys(MINERS).map((m) => [m, []]))
    let itemsets = -1
    for (let r = 0; r < runs; r++) {
      for (const miner of Object.keys(MINERS)) {
        const out = JSON.parse(execFileSync('node', ['--import', 'tsx', self, '--child', miner, file, String(minCount)], { encoding: 'utf8' }))
        if (itemsets >= 0 && out.itemsets !== itemsets) throw new Error(`${miner} found ${out.itemsets} itemsets, another ${itemsets}`)
        itemsets = out.itemsets
        times[miner]!.push(out.mineMs)
        cpuTimes[miner]!.push(out.mineCpuMs)
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
    const cell = (m: string) => `${median(times[m]!).toFixed(0)} (${median(cpuTimes[m]!).toFixed(0)})`
    process.stdout.write(`| ${name.replace('.gz', '')} | ${minCount} | ${itemsets} | ${Object.keys(MINERS).map(cell).join(' | ')} |\n`)
  }
  process.stdout.write(`\nmining ms: median wall clock (median CPU time of the mining thread); load average after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`)
}
