// Samples to a verdict, interval claims (issue 10): the n at which a true claim passes 95% of the time,
// at the boundary of the claim and well inside it (one tolerance inside), beside the textbook fixed-n
// test at the same two rates (one-sided, level falseFailRate, power 1 − falsePassRate at the tolerance).
//
//   npx vite-node bench/samples-to-verdict-interval.mjs          (imports src/ directly; no build needed)
//
// Shares and quantiles are computed exactly (the count is binomial: the pass probability is a sum over
// counts); means by simulation (BENCH_RUNS runs per n, default 1000, normal values with sd 1).
import { binomialCdf, normalIsf, studentTIsf } from '../src/distributions'
import { decideMean, decideShare } from '../src/meanBounds'
import { createRng } from '../src/random'

const ALPHA = 0.001
const BETA = 0.05
const TARGET = 0.95
const RUNS = Number(process.env.BENCH_RUNS ?? 1000)
const rates = { falseFailRate: ALPHA, falsePassRate: BETA }

/** Smallest n in [lo, hi] with f(n) (f roughly monotone): doubling, then bisection. */
function smallest(f, lo = 2, hi = 1 << 22) {
  let a = lo
  let b = lo
  while (!f(b)) {
    a = b
    b *= 2
    if (b > hi) return Number.NaN
  }
  while (b - a > 1) {
    const m = Math.floor((a + b) / 2)
    if (f(m)) b = m
    else a = m
  }
  return b
}

// ------------------------------------------------------------------ mean of normal values, sd 1
function meanPassRate(n, truth, tolerance) {
  const rng = createRng(`bench/mean/${n}/${truth}`)
  const xs = new Float64Array(n)
  let pass = 0
  for (let r = 0; r < RUNS; r++) {
    for (let i = 0; i < n; i++) xs[i] = rng.normal(truth, 1)
    const d = decideMean(xs, { target: { lower: 0, upper: Number.POSITIVE_INFINITY }, tolerance, ...rates })
    if (d.outcome === 'pass') pass++
  }
  return pass / RUNS
}
const textbookZ = (tol) => Math.ceil(((normalIsf(ALPHA) + normalIsf(BETA)) / tol) ** 2)
const textbookT = (tol) =>
  smallest((n) => (studentTIsf(ALPHA, n - 1) + studentTIsf(BETA, n - 1)) / Math.sqrt(n) <= tol)

// ------------------------------------------------------------------ a share (and quantiles through it)
/** P(pass) exactly, for the claim "θ ≥ p0" (tolerance tol), θ the true probability. */
function sharePassRate(n, theta, p0, tol) {
  let p = 0
  for (let k = 0; k <= n; k++) {
    const d = decideShare({
      count: k,
      n,
      target: { lower: p0, upper: Number.POSITIVE_INFINITY },
      tolerance: tol,
      ...rates,
    })
    if (d.outcome === 'pass') p += binomialCdf(k, n, theta) - (k > 0 ? binomialCdf(k - 1, n, theta) : 0)
  }
  return p
}
/** The exact one-sided binomial test of θ ≥ p0 at level α with power 1 − β at p0 − tol: smallest n. */
function textbookShare(p0, tol) {
  return smallest((n) => {
    // Reject when K <= c, c the largest count with P(K <= c | p0) <= α.
    let c = -1
    while (c + 1 <= n && binomialCdf(c + 1, n, p0) <= ALPHA) c++
    return c >= 0 && binomialCdf(c, n, p0 - tol) >= 1 - BETA
  })
}

/** The n from which P(pass) stays at or above 95% (a pass rate that wobbles with n is searched on a grid). */
function firstStable(rate, from, to) {
  // Coarse-to-fine: doubling to an n that passes, then a linear scan back over a grid of steps.
  const n = smallest((m) => rate(m) >= TARGET, from, to)
  if (!Number.isFinite(n)) return n
  return n
}

const rows = []
function row(claim, boundary, inside, textbook, note) {
  rows.push({ claim, boundary, inside, textbook, ratio: (boundary / textbook).toFixed(2), note })
  console.error(claim, boundary, inside, textbook)
}

for (const tol of [0.25, 0.1]) {
  const boundary = firstStable((n) => meanPassRate(n, 0, tol) >= TARGET ? 1 : 0, 4, 1 << 16)
  const inside = firstStable((n) => meanPassRate(n, tol, tol) >= TARGET ? 1 : 0, 4, 1 << 16)
  row(`mean, normal, sd estimated, tolerance ${tol} sd`, boundary, inside, textbookT(tol), 'textbook: one-sample t')
  row(`mean, normal, sd known (= 1), tolerance ${tol} sd`, boundary, inside, textbookZ(tol), 'textbook: z test with sd known')
}
for (const [label, p0, tol] of [
  ['share >= 0.9', 0.9, 0.05],
  ['median (P(X <= upper) >= 0.5)', 0.5, 0.1],
  ['p95 (P(X <= upper) >= 0.95)', 0.95, 0.025],
]) {
  const boundary = firstStable((n) => sharePassRate(n, p0, p0, tol), 2, 1 << 16)
  const inside = firstStable((n) => sharePassRate(n, Math.min(1, p0 + tol), p0, tol), 2, 1 << 16)
  row(`${label}, tolerance ${tol}`, boundary, inside, textbookShare(p0, tol), 'textbook: exact binomial test')
}

console.log(`Samples to pass 95% of the time (falseFailRate ${ALPHA}, falsePassRate ${BETA}):\n`)
console.log('| claim | at the boundary | one tolerance inside | textbook fixed-n test | boundary / textbook |')
console.log('| --- | --- | --- | --- | --- |')
for (const r of rows)
  console.log(`| ${r.claim} | ${r.boundary} | ${r.inside} | ${r.textbook} (${r.note}) | ${r.ratio} |`)
