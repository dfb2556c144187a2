// Per-draw overhead of drawing from a sampler (monteCarlo, drawSamples — the loop of the sampler matchers —
// and drawSequentially — the loop of the sequential matchers) against a bare loop that creates one seeded
// generator per draw and draws one normal from it: the same work without the library's loop.
// Run: npx tsup && node bench/overhead.bench.mjs
import { loadavg } from 'node:os'
import { createRng, decideRateAnytime, drawSamples, drawSequentially, monteCarlo } from '../dist/index.js'

const N = Number(process.env.OVERHEAD_DRAWS ?? 100_000)
const ROUNDS = Number(process.env.OVERHEAD_ROUNDS ?? 9)

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const normalAsync = async (rng) => rng.normal()

const variants = {
  'bare loop, createRng per draw': async () => {
    const out = new Float64Array(N)
    for (let i = 0; i < N; i++) out[i] = createRng(`s/${i}`).normal()
    return out
  },
  // The same with an async function per draw, awaited: the floor of any loop over an async sampler.
  'bare async loop, await per draw': async () => {
    const out = new Float64Array(N)
    for (let i = 0; i < N; i++) out[i] = await normalAsync(createRng(`s/${i}`))
    return out
  },
  'monteCarlo, sync sampler': () =>
    monteCarlo(({ rng }) => rng.normal(), { runs: N, seed: 's', timeoutMs: 600_000 }),
  'monteCarlo, async sampler': () =>
    monteCarlo(async ({ rng }) => rng.normal(), { runs: N, seed: 's', timeoutMs: 600_000 }),
  'drawSamples, sync sampler (sampler matchers)': () =>
    drawSamples(({ rng }) => rng.normal(), { samples: N, seed: 's', timeoutMs: 600_000 }),
  'drawSamples, async sampler': () =>
    drawSamples(async ({ rng }) => rng.normal(), { samples: N, seed: 's', timeoutMs: 600_000 }),
  'drawSequentially, sync sampler (a look every 1/16)': () => {
    const claim = {
      target: { lower: 0.5, upper: Infinity },
      tolerance: 1e-9,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
    }
    let s = 0
    let c = 0
    return drawSequentially(({ rng }) => rng.normal() > 0, {
      seed: 's',
      maxSamples: N,
      timeoutMs: 600_000,
      decide: (v, final) => {
        for (; c < v.length; c++) if (v[c]) s++
        return decideRateAnytime(s, v.length, claim, final)
      },
    })
  },
}

const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
for (const f of Object.values(variants)) await f() // warm-up
// Interleaved rounds, each starting one variant further on: a garbage collection that the garbage of earlier
// runs makes due lands in a different variant each round, not always in the same one.
const entries = Object.entries(variants)
for (let r = 0; r < ROUNDS; r++)
  for (let k = 0; k < entries.length; k++) {
    const [name, f] = entries[(r + k) % entries.length]
    // CPU time of this process (user + system), less disturbed than wall time by other jobs on the cores.
    const c0 = process.cpuUsage()
    await f()
    const c = process.cpuUsage(c0)
    times[name].push((c.user + c.system) / 1000)
  }
const bare = median(times['bare loop, createRng per draw'])
const bareAsync = median(times['bare async loop, await per draw'])
console.log(
  `${N} draws, median CPU time of ${ROUNDS} interleaved rounds, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
)
console.log('| loop | ms | µs per draw | vs bare loop | vs bare async loop |')
console.log('| --- | ---: | ---: | ---: | ---: |')
for (const name of Object.keys(variants)) {
  const m = median(times[name])
  const async = name.includes('async')
  console.log(
    `| ${name} | ${m.toFixed(0)} | ${((1000 * m) / N).toFixed(2)} | ${(m / bare).toFixed(2)} | ${async ? (m / bareAsync).toFixed(2) : '–'} |`,
  )
}
