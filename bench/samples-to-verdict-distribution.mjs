// Samples to a verdict for distribution claims: the n at which a true claim passes (probably's decision on
// the exact pointwise power bound) beside the textbook fixed-n test, whose n is the smallest at which
// scipy's own test reaches power 1 − falsePassRate at the least favourable alternative at the tolerance
// (simulated here with scipy on the same alternative: F jumps by the tolerance at the median of F₀).
// Run: npx tsup && node bench/samples-to-verdict-distribution.mjs   (needs python3 with scipy)
// falseFailRate 0.001, falsePassRate 0.05. BENCH_RUNS (default 4000) simulated runs per n for scipy.
import { execFileSync } from 'node:child_process'
import {
  ksOneSamplePower,
  ksTwoSamplePower,
  samplesForKs,
  samplesForKsExact,
  samplesForTotalVariation,
} from '../dist/index.js'

const ALPHA = 0.001
const BETA = 0.05
const RUNS = Number(process.env.BENCH_RUNS ?? 4000)

const python = `
import json, sys
import numpy as np
from scipy import stats
from scipy.stats._stats_py import _attempt_exact_2kssamp
alpha, beta, runs = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(20261202)

def jump(u, tol):
    p = (1 - tol) / 2
    return np.where((u >= p) & (u < p + tol), p, u)

def power_one(n, tol, kind):
    u = rng.random((runs, n))
    x = jump(u, tol) if kind == 'lf' else stats.norm.cdf(stats.norm.ppf(u) + 2 * stats.norm.ppf(0.5 + tol / 2))
    x = np.sort(x, axis=1)
    i = np.arange(1, n + 1) / n
    d = np.maximum((i - x).max(axis=1), (x - (i - 1 / n)).max(axis=1))
    return float(np.mean(stats.kstwo.sf(d, n) < alpha))

def power_two(n, tol, kind):
    # n = m: D = max |cumsum(+1/n for x, -1/n for y)| over the merged order, vectorised over runs; scipy's
    # exact p-value (what ks_2samp uses) for each distinct lattice value of D.
    r = runs // 2
    u = rng.random((r, n))
    if kind == 'lf':
        x, y = jump(u, tol), rng.random((r, n))
    else:
        x, y = stats.norm.ppf(u) + 2 * stats.norm.ppf(0.5 + tol / 2), rng.standard_normal((r, n))
    z = np.concatenate([x, y], axis=1)
    sign = np.concatenate([np.ones((r, n)), -np.ones((r, n))], axis=1)
    order = np.argsort(z, axis=1, kind='stable')
    steps = np.take_along_axis(sign, order, axis=1)
    h = np.abs(np.cumsum(steps, axis=1)).max(axis=1).astype(int)
    p = {int(v): _attempt_exact_2kssamp(n, n, n, v / n, 'two-sided')[2] for v in np.unique(h)}
    return float(np.mean([p[int(v)] < alpha for v in h]))

def power_chi(n, tol):
    k = rng.binomial(n, 0.5 + tol, size=runs)
    stat = (k - n / 2) ** 2 / (n / 2) * 2
    return float(np.mean(stats.chi2.sf(stat, 1) < alpha))

def smallest(power, lo, hi):
    # smallest n with simulated power >= 1 - beta (bisection on a monotone curve; noisy at the edge)
    while power(hi) < 1 - beta:
        lo, hi = hi, hi * 2
    while hi - lo > max(2, lo // 100):
        mid = (lo + hi) // 2
        if power(mid) >= 1 - beta: hi = mid
        else: lo = mid
    return hi

out = {}
for tol in (0.1, 0.05):
    out[f'one lf {tol}'] = smallest(lambda n: power_one(n, tol, 'lf'), 50, 400)
    out[f'one shift {tol}'] = smallest(lambda n: power_one(n, tol, 'shift'), 50, 200)
out['two lf 0.1'] = smallest(lambda n: power_two(n, 0.1, 'lf'), 200, 800)
out['two shift 0.1'] = smallest(lambda n: power_two(n, 0.1, 'shift'), 200, 800)
out['chi 0.1'] = smallest(lambda n: power_chi(n, 0.1), 50, 200)
print(json.dumps(out))
`
console.log(`scipy simulation, ${RUNS} runs per n (two-sample: ${RUNS / 2}) ...`)
const t0 = Date.now()
const scipy = JSON.parse(
  execFileSync('python3', ['-c', python, String(ALPHA), String(BETA), String(RUNS)], { encoding: 'utf8' }),
)
console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)\n`)

const rows = []
for (const tol of [0.1, 0.05]) {
  const ours = samplesForKsExact({ tolerance: tol, falseFailRate: ALPHA, falsePassRate: BETA })
  const dkw = samplesForKs({ distance: tol, falseFailRate: ALPHA, falsePassRate: BETA })
  rows.push([
    `KS one-sample, tolerance ${tol}`,
    ours,
    scipy[`one lf ${tol}`],
    (ours / scipy[`one lf ${tol}`]).toFixed(2),
    scipy[`one shift ${tol}`],
    dkw,
    ksOneSamplePower(ours, { tolerance: tol, falseFailRate: ALPHA }).toFixed(3),
  ])
}
{
  const ours = samplesForKsExact({ tolerance: 0.1, falseFailRate: ALPHA, falsePassRate: BETA, m: 'equal' })
  const dkw = samplesForKs({ distance: 0.1, falseFailRate: ALPHA, falsePassRate: BETA, ratio: 1 })
  rows.push([
    'KS two-sample, n = m, tolerance 0.1 (each)',
    ours,
    scipy['two lf 0.1'],
    (ours / scipy['two lf 0.1']).toFixed(2),
    scipy['two shift 0.1'],
    dkw,
    ksTwoSamplePower(ours, ours, { tolerance: 0.1, falseFailRate: ALPHA }).toFixed(3),
  ])
}
{
  const ours = samplesForTotalVariation(0.1, 1, ALPHA, BETA)
  rows.push([
    'chi-square, 2 categories, total variation 0.1',
    ours,
    scipy['chi 0.1'],
    (ours / scipy['chi 0.1']).toFixed(2),
    '–',
    '–',
    '–',
  ])
}
console.log(
  '| claim | probably: n to pass | textbook fixed-n test, least favourable (scipy, simulated) | ratio | textbook at a normal shift | before (DKW bound) | power bound at that n |',
)
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
