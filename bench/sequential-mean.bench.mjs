// The sequential mean on a sampler against a fixed-n test: mean draws to a verdict and error rates over a
// grid of true means, for the two rules toBeWithinInterval of the mean runs on a sampler:
// - with a declared range [0, 1]: the betting confidence sequence (boundedMeanMonitor, Waudby-Smith &
//   Ramdas 2023), a look after every batch of ~1/16 of the draws so far, up to 10 000 draws;
// - without a range: the group-sequential design (meanGroupSequential on decideMean, the skew-corrected t
//   with its trust rule): planned looks at 1000, 3163 and 10 000 draws, each at a third of both rates.
// The fixed-n test: n = ((z(1 − falseFailRate) + z(1 − falsePassRate)) σ / tolerance)², σ the sd at the
// boundary: the usual sample-size rule of a one-sided z-test with known σ (a lower bound on what any valid
// fixed-n test of these error rates needs; the betting and t bounds need more).
// Run: npx tsup && node bench/sequential-mean.bench.mjs   (MEAN_BENCH_RUNS=… to change the runs off the
// boundary, MEAN_BENCH_BOUNDARY_RUNS=… at the boundary and at the tolerance)
import {
  boundedMeanMonitor,
  decideMean,
  drawSequentially,
  meanGroupSequential,
  normalIsf,
} from '../dist/index.js'

const alpha = 0.001
const beta = 0.05
const RUNS = Number(process.env.MEAN_BENCH_RUNS ?? 300)
const BOUNDARY_RUNS = Number(process.env.MEAN_BENCH_BOUNDARY_RUNS ?? 2000)
const fixedN = (sd, tol) => Math.ceil((((normalIsf(alpha) + normalIsf(beta)) * sd) / tol) ** 2)

async function point(setting, mu, runs, seed) {
  let drawn = 0
  let fail = 0
  let pass = 0
  for (let r = 0; r < runs; r++) {
    const claim = {
      target: setting.target,
      tolerance: setting.tol,
      falseFailRate: alpha,
      falsePassRate: beta,
    }
    let decide
    let nextLook
    let minSamples = 10
    if (setting.range) {
      const m = boundedMeanMonitor({ ...claim, range: setting.range })
      decide = (values, final) => m.decide(values, final)
    } else {
      const design = meanGroupSequential({
        first: 1000,
        maxSamples: 10_000,
        rates: claim,
        decideAt: (values, rates) => decideMean(values, { ...claim, ...rates }),
      })
      decide = (values, final) => design.decide(values, final)
      nextLook = (n, d) => design.nextLook(n, d)
      minSamples = design.looks[0]
    }
    const res = await drawSequentially(setting.sampler(mu), {
      seed: `${seed}/${r}`,
      timeoutMs: 60_000,
      maxSamples: 10_000,
      minSamples,
      decide,
      nextLook,
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
  }
}

const settings = [
  {
    name: 'mean ≥ 0.9 of 0/1 values (Bernoulli), range [0, 1], tolerance 0.05: betting confidence sequence',
    target: { lower: 0.9, upper: Number.POSITIVE_INFINITY },
    tol: 0.05,
    range: [0, 1],
    sd: Math.sqrt(0.9 * 0.1),
    sampler:
      (p) =>
      ({ rng }) =>
        rng() < p ? 1 : 0,
    grid: [0.99, 0.95, 0.9, 0.85, 0.7],
  },
  {
    name: 'mean ≤ 0 of normal(μ, 1) values, no range, tolerance 0.1: group-sequential skew-corrected t',
    target: { lower: Number.NEGATIVE_INFINITY, upper: 0 },
    tol: 0.1,
    sd: 1,
    sampler:
      (mu) =>
      ({ rng }) =>
        rng.normal(mu, 1),
    grid: [-0.3, -0.1, 0, 0.1, 0.3],
  },
]
const f = (x) => (x === 0 ? '0' : x < 0.01 ? x.toExponential(1) : x.toFixed(3))
for (const s of settings) {
  const n = fixedN(s.sd, s.tol)
  const lower = s.target.lower
  const upper = s.target.upper
  const boundary = Number.isFinite(lower) ? lower : upper
  const violation = Number.isFinite(lower) ? lower - s.tol : upper + s.tol
  console.log(`\n${s.name}; falseFailRate ${alpha}, falsePassRate ${beta}: fixed-n test n = ${n}`)
  console.log(
    '| true mean | where | mean draws (sequential) | vs fixed n | fail | pass | inconclusive | runs |',
  )
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  let sum = 0
  for (const mu of s.grid) {
    const near = (a, b) => Math.abs(a - b) < 1e-12
    const inside = Number.isFinite(lower) ? mu > lower : mu < upper
    const where = near(mu, boundary)
      ? 'at the boundary'
      : near(mu, violation)
        ? 'violated by the tolerance'
        : inside
          ? 'inside the claim'
          : 'far outside'
    const runs = near(mu, boundary) || near(mu, violation) ? BOUNDARY_RUNS : RUNS
    const t0 = performance.now()
    const r = await point(s, mu, runs, `${s.name}/${mu}`)
    sum += r.mean
    console.log(
      `| ${mu} | ${where} | ${r.mean.toFixed(0)} | ${(r.mean / n).toFixed(2)} | ${f(r.fail)} | ${f(r.pass)} | ${f(r.inconclusive)} | ${runs} (${((performance.now() - t0) / 1000).toFixed(0)} s) |`,
    )
  }
  console.log(
    `mean over the grid: ${(sum / s.grid.length).toFixed(0)} draws vs ${n}: ${(100 * (1 - sum / s.grid.length / n)).toFixed(0)}% fewer`,
  )
}
