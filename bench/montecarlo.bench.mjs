// Monte Carlo baselines: GPD tail fits and EVT bounds against scipy.stats.genpareto on the same data,
// and the cost of drawing from a sampler against a bare loop.
// Run: npx tsup && node bench/montecarlo.bench.mjs   (or `npm run bench` for every benchmark)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Baseline, createRng, fitGeneralizedPareto, monteCarlo } from '../dist/index.js'

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function time(f, runs) {
  await f() // warm-up
  const ts = []
  let value
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint()
    value = await f()
    ts.push(Number(process.hrtime.bigint() - t0) / 1e9)
  }
  return { value, seconds: median(ts) }
}

const rng = createRng('montecarlo-bench')
// Exceedances of a Student-t(4)-like tail (shape about 0.25), k = 500 and 5000.
const draw = () => {
  let s = 0
  for (let i = 0; i < 4; i++) s += rng.normal() ** 2
  return Math.abs(rng.normal() / Math.sqrt(s / 4))
}
const y500 = Float64Array.from({ length: 500 }, draw)
const y5000 = Float64Array.from({ length: 5000 }, draw)
const runs = Float64Array.from({ length: 100_000 }, () => rng.normal())

const dir = mkdtempSync(join(tmpdir(), 'probably-mc-'))
try {
  writeFileSync(join(dir, 'y500.f64'), Buffer.from(y500.buffer))
  writeFileSync(join(dir, 'y5000.f64'), Buffer.from(y5000.buffer))
  writeFileSync(join(dir, 'runs.f64'), Buffer.from(runs.buffer))
  const py = `
import json, sys, time
import numpy as np
from scipy import stats
d = sys.argv[1]
def t(f, n):
    f(); ts = []
    for _ in range(n):
        t0 = time.perf_counter(); v = f(); ts.append(time.perf_counter() - t0)
    return v, sorted(ts)[n // 2]
out = {}
for k in ['y500', 'y5000']:
    y = np.fromfile(f'{d}/{k}.f64', dtype=np.float64)
    (c, _, s), sec = t(lambda: stats.genpareto.fit(y, floc=0), 5)
    out[k] = {"shape": c, "scale": s, "seconds": sec}
x = np.fromfile(f'{d}/runs.f64', dtype=np.float64)
def evt():
    alpha = 1e-5  # one-sided coverage 0.99999 (side: upper)
    u = np.quantile(x, 1 - 500 / len(x))
    y = x[x > u] - u
    c, _, s = stats.genpareto.fit(y, floc=0)
    return u + stats.genpareto.ppf(1 - alpha / (len(y) / len(x)), c, scale=s)
q, sec = t(evt, 5)
out["evt"] = {"bound": float(q), "seconds": sec}
print(json.dumps(out))
`
  const sp = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, dir], { encoding: 'utf8' }))
  const row = (name, s, ref) =>
    console.log(
      `${name.padEnd(46)} ${(s * 1000).toFixed(2).padStart(9)} ms${ref ? `   ratio to scipy ${(s / ref).toFixed(3)}` : ''}`,
    )
  for (const [k, y] of [
    ['y500', y500],
    ['y5000', y5000],
  ]) {
    const ours = await time(() => fitGeneralizedPareto(y), 9)
    console.log(
      `GPD fit, k = ${y.length}: shape ${ours.value.shape.toFixed(5)} (scipy ${sp[k].shape.toFixed(5)}), scale ${ours.value.scale.toFixed(5)} (scipy ${sp[k].scale.toFixed(5)})`,
    )
    row('  scipy genpareto.fit(y, floc=0)', sp[k].seconds)
    row('  fitGeneralizedPareto(y)', ours.seconds, sp[k].seconds)
  }
  const base = Baseline.from(runs)
  const plug = await time(() => base.interval(0.99999, { side: 'upper', evtBound: 'plug-in' }), 9)
  const pred = await time(() => base.interval(0.99999, { side: 'upper' }), 9)
  const built = await time(() => Baseline.from(runs).sorted, 5) // the sort is made on first use
  console.log(
    `EVT upper bound, 10^5 runs, coverage 0.99999: plug-in ${plug.value.upper.toFixed(5)} (scipy ${sp.evt.bound.toFixed(5)}), predictive ${pred.value.upper.toFixed(5)}`,
  )
  row('  numpy quantile + genpareto.fit + ppf', sp.evt.seconds)
  row("  interval(…, { evtBound: 'plug-in' })", plug.seconds, sp.evt.seconds)
  row('  interval(…) (predictive)', pred.seconds, sp.evt.seconds)
  row('  Baseline.from(10^5 runs) (copy, sort, summaries)', built.seconds)
  // Sampler overhead: monteCarlo over a synchronous sampler against the bare loop it wraps.
  const n = 100_000
  const bare = await time(() => {
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) out[i] = createRng(`s/${i}`).normal()
    return out
  }, 5)
  const mc = await time(
    () => monteCarlo(({ rng }) => rng.normal(), { runs: n, seed: 's', timeoutMs: 60_000 }),
    5,
  )
  const mcAsync = await time(
    () => monteCarlo(async ({ rng }) => rng.normal(), { runs: n, seed: 's', timeoutMs: 60_000 }),
    5,
  )
  console.log(`Drawing 10^5 values from a sampler (each draw seeded on its own):`)
  row('  bare loop, createRng per draw', bare.seconds)
  row('  monteCarlo, synchronous sampler', mc.seconds)
  row('  monteCarlo, async sampler', mcAsync.seconds)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
