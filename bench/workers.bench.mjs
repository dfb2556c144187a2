// monteCarlo on worker threads against the single-thread run: a CPU-bound simulation of about 1 ms a run
// (test/unit/fixtures/simulation.mjs: the standardised sum of 20 000 normal draws), same seed, same values.
// Run: npx tsup && node bench/workers.bench.mjs   (MC_BENCH_RUNS, MC_BENCH_WORKERS, MC_BENCH_ROUNDS to change)
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { monteCarlo } from '../dist/index.js'
import { simulate } from '../test/unit/fixtures/simulation.mjs'

const runs = Number(process.env.MC_BENCH_RUNS ?? 3000)
const workerCounts = (process.env.MC_BENCH_WORKERS ?? '2').split(',').map(Number)
const module = fileURLToPath(new URL('../test/unit/fixtures/simulation.mjs', import.meta.url))
const ROUNDS = Number(process.env.MC_BENCH_ROUNDS ?? 3)

async function wall(f) {
  const t0 = performance.now()
  const value = await f()
  return { value, ms: performance.now() - t0 }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

console.log(
  `${cpus().length} cores, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}; ${runs} runs`,
)
// Warm-up on both sides: the JIT in this thread, and each pool's threads (started on the first call, kept
// for the calls that follow). The first pooled call, which pays the threads' start-up, is timed on its own.
await monteCarlo(simulate, { runs: 50, seed: 'warm', timeoutMs: 600_000 })
const cold = {}
for (const w of workerCounts) {
  const c = await wall(() =>
    monteCarlo({ module, export: 'simulate' }, { runs: 4 * w, seed: 'warm', workers: w, timeoutMs: 600_000 }),
  )
  cold[w] = c.ms
}
const single = []
const pooled = Object.fromEntries(workerCounts.map((w) => [w, []]))
let reference
for (let r = 0; r < ROUNDS; r++) {
  const s = await wall(() => monteCarlo(simulate, { runs, seed: 'bench', timeoutMs: 600_000 }))
  single.push(s.ms)
  reference = s.value
  for (const w of workerCounts) {
    const p = await wall(() =>
      monteCarlo({ module, export: 'simulate' }, { runs, seed: 'bench', workers: w, timeoutMs: 600_000 }),
    )
    pooled[w].push(p.ms)
    const same = p.value.samples.every((x, i) => Object.is(x, reference.samples[i]))
    if (!same) throw new Error(`workers ${w}: values differ from the single-thread run`)
  }
}
const s = median(single)
console.log(
  `| run | wall ms (median of ${ROUNDS}) | ms per run | throughput vs single thread | same values |`,
)
console.log('| --- | ---: | ---: | ---: | --- |')
console.log(`| single thread | ${s.toFixed(0)} | ${(s / runs).toFixed(3)} | 1.00 | – |`)
for (const w of workerCounts) {
  const m = median(pooled[w])
  console.log(`| ${w} workers | ${m.toFixed(0)} | ${(m / runs).toFixed(3)} | ${(s / m).toFixed(2)} | yes |`)
}
for (const w of workerCounts)
  console.log(
    `first call on ${w} workers (starts the threads, loads the simulation): ${cold[w].toFixed(0)} ms for ${4 * w} runs`,
  )
console.log(
  `load average after: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
)
