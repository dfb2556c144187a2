// Per-draw overhead of drawing from a sampler (monteCarlo, drawSamples — the loop of the sampler matchers —
// and drawSequentially — the loop of the sequential matchers) against a bare loop that creates one seeded
// generator per draw and draws one normal from it: the same work without the library's loop.
//
// Run: npx tsup && node bench/overhead.bench.mjs            (each loop in processes of its own; both tables)
//      node bench/overhead.bench.mjs --one-process          (only the table of all loops in one process)
// OVERHEAD_DRAWS (10^5), OVERHEAD_ROUNDS (rounds of processes, 7), OVERHEAD_RUNS (timed runs a process, 9).
//
// Two ways to measure, both printed:
// - each loop in a process of its own (the default): a round starts one process per loop, in turn, each
//   round one loop further on; a process warms its loop up, times OVERHEAD_RUNS runs and prints their
//   median CPU time. Each ratio is taken within a round (the loop against the bare loop of the same round,
//   so a machine that drifts between rounds moves both), and the table gives the median over the rounds.
//   This is each loop at its own steady state, as in a test file that uses one kind of sampler.
// - all loops in one process, interleaved (`--one-process`): every loop runs in turn in the same process, so
//   the library's loop sees six different samplers, sync and async, and is recompiled as they change; the
//   garbage of one loop is collected in another's time. The bare loops, written once each, see one
//   sampler. The harsher figure, given beside the first.
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { createRng, decideRateAnytime, drawSamples, drawSequentially, monteCarlo } from '../dist/index.js'

const N = Number(process.env.OVERHEAD_DRAWS ?? 100_000)
const ROUNDS = Number(process.env.OVERHEAD_ROUNDS ?? 7)
const RUNS = Number(process.env.OVERHEAD_RUNS ?? 9)

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

const normalAsync = async (rng) => rng.normal()

const BARE = 'bare loop, createRng per draw'
const BARE_ASYNC = 'bare async loop, await per draw'
const variants = {
  [BARE]: async () => {
    const out = new Float64Array(N)
    for (let i = 0; i < N; i++) out[i] = createRng(`s/${i}`).normal()
    return out
  },
  // The same with an async function per draw, awaited: the floor of any loop over an async sampler.
  [BARE_ASYNC]: async () => {
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
// The same loop with a decision that costs nothing (never decides): what the 145 looks' decisions above
// cost (three incomplete-beta evaluations a look) is the difference between the two rows.
variants['drawSequentially, sync sampler, no decision'] = () =>
  drawSequentially(({ rng }) => rng.normal() > 0, {
    seed: 's',
    maxSamples: N,
    timeoutMs: 600_000,
    decide: (_v, final) => (final ? { outcome: 'inconclusive' } : undefined),
  })
const names = Object.keys(variants)

/** CPU time of this process (user + system) of one run, in ms: less disturbed than wall time by other jobs. */
async function cpuMs(f) {
  const c0 = process.cpuUsage()
  await f()
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1000
}

function table(rows, note) {
  console.log(note)
  console.log('| loop | ms | µs per draw | vs bare loop | vs bare async loop |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const [name, ms, vsBare, vsBareAsync] of rows)
    console.log(
      `| ${name} | ${ms.toFixed(1)} | ${((1000 * ms) / N).toFixed(2)} | ${vsBare.toFixed(2)} | ${
        vsBareAsync === undefined ? '–' : vsBareAsync.toFixed(2)
      } |`,
    )
  console.log('')
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')

async function oneProcess() {
  const times = Object.fromEntries(names.map((k) => [k, []]))
  // Warm-up: three rounds of every loop, so that the JIT has seen every sampler before the timed rounds.
  for (let r = 0; r < 3; r++) for (const f of Object.values(variants)) await f()
  // Interleaved rounds, each starting one variant further on: a garbage collection that the garbage of earlier
  // runs makes due lands in a different variant each round, not always in the same one.
  const entries = Object.entries(variants)
  for (let r = 0; r < RUNS; r++)
    for (let k = 0; k < entries.length; k++) {
      const [name, f] = entries[(r + k) % entries.length]
      times[name].push(await cpuMs(f))
    }
  const bare = median(times[BARE])
  const bareAsync = median(times[BARE_ASYNC])
  table(
    names.map((name) => {
      const m = median(times[name])
      return [name, m, m / bare, name.includes('async') ? m / bareAsync : undefined]
    }),
    `All loops in one process, interleaved: ${N} draws, median CPU time of ${RUNS} rounds, load average ${load()}`,
  )
}

async function ownProcesses() {
  const self = fileURLToPath(import.meta.url)
  const ms = Object.fromEntries(names.map((k) => [k, []]))
  for (let r = 0; r < ROUNDS; r++)
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length]
      const out = spawnSync(process.execPath, [self, '--variant', name], {
        encoding: 'utf8',
        env: process.env,
      })
      if (out.status !== 0) throw new Error(`${name}: ${out.stderr}`)
      ms[name].push(Number(out.stdout.trim()))
    }
  table(
    names.map((name) => {
      const vsBare = median(ms[name].map((m, r) => m / ms[BARE][r]))
      const vsAsync = name.includes('async')
        ? median(ms[name].map((m, r) => m / ms[BARE_ASYNC][r]))
        : undefined
      return [name, median(ms[name]), vsBare, vsAsync]
    }),
    `Each loop in processes of its own: ${N} draws, ${ROUNDS} rounds of one process a loop, each the median CPU time of ${RUNS} runs after 2 warm-up runs; ratios within a round, median over rounds; load average ${load()}`,
  )
}

const at = process.argv.indexOf('--variant')
if (at >= 0) {
  const f = variants[process.argv[at + 1]]
  await f()
  await f()
  const t = []
  for (let r = 0; r < RUNS; r++) t.push(await cpuMs(f))
  process.stdout.write(`${median(t)}\n`)
} else {
  if (!process.argv.includes('--one-process')) await ownProcesses()
  await oneProcess()
}
