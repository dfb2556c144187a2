// Intervals: Wilson interval per call against statsmodels' proportion_confint, and the BCa bootstrap of a
// mean (10^4 resamples of n = 10^4) against scipy.stats.bootstrap on the same data.
// Run: npx tsup && node bench/intervals.bench.mjs   (or `npm run bench` for every benchmark)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bootstrapInterval, createRng, proportionInterval } from '../dist/index.js'

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function time(f, runs) {
  f() // warm-up
  const ts = []
  let value
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint()
    value = f()
    ts.push(Number(process.hrtime.bigint() - t0) / 1e9)
  }
  return { value, seconds: median(ts) }
}

const n = 10_000
const B = 10_000
const rng = createRng('intervals-bench')
const xs = new Float64Array(n)
for (let i = 0; i < n; i++) xs[i] = Math.exp(rng.normal(0, 1))

const dir = mkdtempSync(join(tmpdir(), 'probably-intervals-'))
try {
  writeFileSync(join(dir, 'x.f64'), Buffer.from(xs.buffer))
  const py = `
import json, sys, time
import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
x = np.fromfile(sys.argv[1] + '/x.f64', dtype=np.float64)
calls = 20000
t0 = time.perf_counter()
for i in range(calls):
    proportion_confint(i % 101, 100 + i % 7, alpha=0.05, method='wilson')
wilson = (time.perf_counter() - t0) / calls
ts = []
for r in range(3):
    t0 = time.perf_counter()
    res = stats.bootstrap((x,), np.mean, n_resamples=${B}, method='BCa', random_state=np.random.default_rng(r))
    ts.append(time.perf_counter() - t0)
ci = res.confidence_interval
print(json.dumps({"wilson": wilson, "bca": sorted(ts)[1], "low": ci.low, "high": ci.high}))
`
  const sp = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, dir], { encoding: 'utf8' }))

  // Wilson: many calls, varying inputs so nothing is hoisted.
  const calls = 1_000_000
  let sink = 0
  const wilson = time(() => {
    for (let i = 0; i < calls; i++) sink += proportionInterval(i % 101, 100 + (i % 7)).upper
    return sink
  }, 5)
  const wilsonNs = (wilson.seconds / calls) * 1e9

  const bca = time(() => bootstrapInterval(xs, { resamples: B, seed: 1 }), 5)
  const meanFn = (s) => {
    let t = 0
    for (let i = 0; i < s.length; i++) t += s[i]
    return t / s.length
  }
  const generic = time(() => bootstrapInterval(xs, meanFn, { resamples: B, seed: 1 }), 3)

  console.log(
    `Wilson interval: probably ${wilsonNs.toFixed(0)} ns/call, statsmodels proportion_confint ${(sp.wilson * 1e6).toFixed(1)} µs/call, ratio ${(wilsonNs / 1e9 / sp.wilson).toFixed(4)}`,
  )
  console.log(
    `BCa bootstrap of the mean, n = ${n}, ${B} resamples: probably ${(bca.seconds * 1000).toFixed(0)} ms, scipy.stats.bootstrap ${(sp.bca * 1000).toFixed(0)} ms, ratio ${(bca.seconds / sp.bca).toFixed(3)}`,
  )
  console.log(
    `  same with the mean passed as a function (generic path + jackknife): ${(generic.seconds * 1000).toFixed(0)} ms, ratio ${(generic.seconds / sp.bca).toFixed(3)}`,
  )
  console.log(
    `  bounds: probably [${bca.value.lower.toFixed(5)}, ${bca.value.upper.toFixed(5)}], scipy [${sp.low.toFixed(5)}, ${sp.high.toFixed(5)}]`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
