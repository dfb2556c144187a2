// Kolmogorov–Smirnov: probably's ks2Sample / ksTest against scipy.stats.ks_2samp / ks_1samp on the same data,
// and @stdlib/stats-kstest (one-sample) for speed and agreement.
// Run: npx tsup && node bench/ks.bench.mjs   (or `npm run bench` for every benchmark)
// The machine is shared: JS and scipy are timed in alternating rounds and the fastest run of each is kept.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRng, ks2Sample, ksTest } from '../dist/index.js'

const require = createRequire(import.meta.url)
// optional: measured only when installed; its n = 10^5 run takes about a minute, so it needs KS_BENCH_STDLIB_LARGE=1
let stdlibKstest = null
try {
  stdlibKstest = require('@stdlib/stats-kstest')
} catch {
  console.log('(@stdlib/stats-kstest not installed: skipped)')
}
const stdlibSizes = process.env.KS_BENCH_STDLIB_LARGE ? [1000, 100_000] : [1000]
const ROUNDS = 3

function fastest(f, runs) {
  let value
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint()
    value = f()
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9)
  }
  return { value, seconds: best }
}

const rng = createRng('ks-bench')
const N2 = 1_000_000
const xs = new Float64Array(N2)
const ys = new Float64Array(N2)
for (let i = 0; i < N2; i++) {
  xs[i] = rng.normal(0, 1)
  ys[i] = rng.normal(0.002, 1)
}
const one = {}
for (const n of [1000, 100_000]) {
  const a = new Float64Array(n)
  for (let i = 0; i < n; i++) a[i] = rng.normal(0.01, 1)
  one[n] = a
}

const py = `
import json, sys, time
import numpy as np
from scipy import stats
d = sys.argv[1]
x = np.fromfile(d + '/x.f64'); y = np.fromfile(d + '/y.f64')
def t(f, runs):
    best = float('inf')
    for _ in range(runs):
        t0 = time.perf_counter(); v = f(); best = min(best, time.perf_counter() - t0)
    return v, best
stats.ks_2samp(x[:1000], y[:1000])
r, s2 = t(lambda: stats.ks_2samp(x, y), 3)
sorts = t(lambda: (np.sort(x), np.sort(y)), 3)[1]
out = {"two": {"d": float(r.statistic), "p": float(r.pvalue), "seconds": s2, "sorts": sorts}}
for n in [1000, 100000]:
    a = np.fromfile(d + f'/one{n}.f64')
    r, s1 = t(lambda: stats.ks_1samp(a, stats.norm.cdf), 5)
    out[str(n)] = {"d": float(r.statistic), "p": float(r.pvalue), "seconds": s1}
print(json.dumps(out))
`

const dir = mkdtempSync(join(tmpdir(), 'probably-ks-'))
try {
  writeFileSync(join(dir, 'x.f64'), Buffer.from(xs.buffer))
  writeFileSync(join(dir, 'y.f64'), Buffer.from(ys.buffer))
  for (const n of Object.keys(one)) writeFileSync(join(dir, `one${n}.f64`), Buffer.from(one[n].buffer))
  let sp
  const js = {
    two: Number.POSITIVE_INFINITY,
    sorts: Number.POSITIVE_INFINITY,
    1000: Number.POSITIVE_INFINITY,
    100000: Number.POSITIVE_INFINITY,
  }
  const values = {}
  ks2Sample(xs.subarray(0, 50000), ys.subarray(0, 50000)) // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const s = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, dir], { encoding: 'utf8' }))
    if (!sp) sp = s
    else
      for (const k of ['two', '1000', '100000']) {
        sp[k].seconds = Math.min(sp[k].seconds, s[k].seconds)
        if (k === 'two') sp.two.sorts = Math.min(sp.two.sorts, s.two.sorts)
      }
    const two = fastest(() => ks2Sample(xs, ys), 3)
    values.two = two.value
    js.two = Math.min(js.two, two.seconds)
    js.sorts = Math.min(
      js.sorts,
      fastest(() => {
        Float64Array.from(xs).sort()
        Float64Array.from(ys).sort()
      }, 2).seconds,
    )
    for (const n of [1000, 100_000]) {
      const r = fastest(() => ksTest(one[n], { normal: { mean: 0, sd: 1 } }), n > 1000 ? 5 : 50)
      values[n] = r.value
      js[n] = Math.min(js[n], r.seconds)
    }
  }
  // @stdlib/stats-kstest: slow at 10^5 (about a minute here), so timed once and only on request
  const std = {}
  if (stdlibKstest)
    for (const n of stdlibSizes)
      std[n] = fastest(() => stdlibKstest(one[n], 'normal', 0, 1), n > 1000 ? 1 : 20)

  const rel = (a, b) => (a === b ? '0' : (Math.abs(a - b) / Math.abs(b)).toExponential(1))
  const ms = (s) => `${(s * 1e3).toFixed(1)} ms`
  console.log('| what | JS | scipy | ratio | agreement with scipy |')
  console.log('| --- | ---: | ---: | ---: | --- |')
  console.log(
    `| ks2Sample n = m = 10^6 vs ks_2samp | ${ms(js.two)} | ${ms(sp.two.seconds)} | ${(js.two / sp.two.seconds).toFixed(2)} | D identical: ${values.two.statistic === sp.two.d}; p rel. diff ${rel(values.two.pValue, sp.two.p)} |`,
  )
  console.log(
    `| (two copy + Float64Array.prototype.sort vs two np.sort) | ${ms(js.sorts)} | ${ms(sp.two.sorts)} | ${(js.sorts / sp.two.sorts).toFixed(2)} | |`,
  )
  for (const n of [1000, 100_000]) {
    const s = sp[String(n)]
    console.log(
      `| ksTest normal n = ${n} vs ks_1samp | ${ms(js[n])} | ${ms(s.seconds)} | ${(js[n] / s.seconds).toFixed(2)} | D rel. diff ${rel(values[n].statistic, s.d)}; p rel. diff ${rel(values[n].pValue, s.p)} |`,
    )
    if (std[n])
      console.log(
        `| @stdlib/stats-kstest normal n = ${n} vs ks_1samp | ${ms(std[n].seconds)} | ${ms(s.seconds)} | ${(std[n].seconds / s.seconds).toFixed(0)} | D rel. diff ${rel(std[n].value.statistic, s.d)}; p rel. diff ${rel(std[n].value.pValue, s.p)} |`,
      )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
