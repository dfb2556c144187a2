// Sequential sampling against a fixed-n test: mean draws to a verdict and error rates over a grid of true
// success rates, for the rule toHaveSuccessRateAbove runs on a sampler (drawSequentially +
// decideRateAnytime: anytime-valid beta-binomial mixture bounds, a look after every batch of ~1/16 of the
// draws so far, up to 10 000 draws).
// The fixed-n test: the smallest n at which the Clopper–Pearson decision at the same falseFailRate,
// falsePassRate and tolerance is never inconclusive (the usual sample-size rule for a test with these error rates).
// Run: npx tsup && node bench/sequential.bench.mjs   (SEQ_BENCH_RUNS=… to change the runs per point)
import { createRng, decideRateAnytime, drawSequentially, proportionInterval } from '../dist/index.js'

const alpha = 0.001
const beta = 0.05
const RUNS = Number(process.env.SEQ_BENCH_RUNS ?? 2000)
const BOUNDARY_RUNS = Number(process.env.SEQ_BENCH_BOUNDARY_RUNS ?? 10_000)

function fixedN(theta, tol) {
  const decided = (n) => {
    for (let s = 0; s <= n; s++) {
      const fail =
        proportionInterval(s, n, { method: 'clopper-pearson', confidence: 1 - 2 * alpha }).upper < theta
      const pass =
        proportionInterval(s, n, { method: 'clopper-pearson', confidence: 1 - 2 * beta }).lower > theta - tol
      if (!fail && !pass) return false
    }
    return true
  }
  let n = 10
  while (!decided(n)) n = Math.ceil(n * 1.1)
  let lo = Math.floor(n / 1.1)
  // smallest n from lo on that decides (scan: "never inconclusive" is not monotone in n for discrete data)
  for (lo = Math.max(1, lo); lo < n && !decided(lo); lo++);
  return lo
}

async function point(theta, tol, p, runs, seed) {
  const claim = {
    target: { lower: theta, upper: Number.POSITIVE_INFINITY },
    tolerance: tol,
    falseFailRate: alpha,
    falsePassRate: beta,
  }
  let drawn = 0
  let fail = 0
  let pass = 0
  for (let r = 0; r < runs; r++) {
    let successes = 0
    let counted = 0
    const res = await drawSequentially(({ rng }) => rng() < p, {
      seed: `${seed}/${r}`,
      timeoutMs: 60_000,
      decide: (values, final) => {
        for (; counted < values.length; counted++) if (values[counted]) successes++
        return decideRateAnytime(successes, values.length, claim, final)
      },
    })
    drawn += res.samplesDrawn
    if (res.decision.outcome === 'fail') fail++
    else if (res.decision.outcome === 'pass') pass++
  }
  return {
    mean: drawn / runs,
    fail: fail / runs,
    pass: pass / runs,
    inconclusive: (runs - fail - pass) / runs,
    runs,
  }
}

const settings = [
  { theta: 0.9, tol: 0.05, grid: [0.99, 0.95, 0.9, 0.85, 0.7] },
  { theta: 0.99, tol: 0.01, grid: [1, 0.995, 0.99, 0.98, 0.95] },
]
const f = (x) => (x === 0 ? '0' : x < 0.01 ? x.toExponential(1) : x.toFixed(3))
const rng = createRng('sequential-bench')
for (const { theta, tol, grid } of settings) {
  const n = fixedN(theta, tol)
  console.log(
    `\nthreshold ${theta}, tolerance ${tol}, falseFailRate ${alpha}, falsePassRate ${beta}: fixed-n test n = ${n}`,
  )
  console.log(
    '| true rate | where | mean draws (sequential) | vs fixed n | fail | pass | inconclusive | runs |',
  )
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  let sum = 0
  for (const p of grid) {
    const near = (a, b) => Math.abs(a - b) < 1e-12
    const where = near(p, theta)
      ? 'at the threshold'
      : near(p, theta - tol)
        ? 'threshold − tolerance'
        : near(p, Math.min(1, theta + tol))
          ? 'threshold + tolerance'
          : p > theta
            ? 'above'
            : 'far below'
    const runs = p === theta || Math.abs(p - (theta - tol)) < 1e-12 ? BOUNDARY_RUNS : RUNS
    const t0 = performance.now()
    const r = await point(theta, tol, p, runs, `${theta}/${p}/${rng.integer(0, 1e9)}`)
    sum += r.mean
    console.log(
      `| ${p} | ${where} | ${r.mean.toFixed(0)} | ${(r.mean / n).toFixed(2)} | ${f(r.fail)} | ${f(r.pass)} | ${f(r.inconclusive)} | ${runs} (${((performance.now() - t0) / 1000).toFixed(0)} s) |`,
    )
  }
  console.log(
    `mean over the grid: ${(sum / grid.length).toFixed(0)} draws vs ${n}: ${(100 * (1 - sum / grid.length / n)).toFixed(0)}% fewer`,
  )
}
