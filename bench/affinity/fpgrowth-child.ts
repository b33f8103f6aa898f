// node-fpgrowth on one basket file at one minimum count, in its own process so that the
// benchmark can stop it at a time cap. Prints one JSON line: mining time and itemset count.
// Usage: node --import tsx bench/affinity/fpgrowth-child.ts FILE MIN_COUNT
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { FPGrowth } from 'node-fpgrowth'
import { readBasketFile } from '../../analytics/affinity/read-basket-file.js'

const [file, minCountArg] = process.argv.slice(2)
const minCount = Number(minCountArg)
const raw = readFileSync(file!)
const { baskets } = readBasketFile(raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw)
const transactions = Array.from({ length: baskets.basketCount }, (_, b) => Array.from(baskets.items.subarray(baskets.offsets[b]!, baskets.offsets[b + 1]!)))
// node-fpgrowth takes a share s and mines at ceil(s·N): a share just under the count gives the count.
// CPU time of this thread (Linux), as `basketwise mine --timings` reports it.
const cpuMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6
const t0 = performance.now()
const c0 = cpuMs()
const found = await new FPGrowth<number>((minCount - 0.5) / baskets.basketCount).exec(transactions)
const mineCpuMs = cpuMs() - c0
const mineMs = performance.now() - t0
process.stdout.write(JSON.stringify({ mineMs, mineCpuMs, itemsets: found.length }) + '\n')
