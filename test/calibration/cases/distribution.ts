/**
 * Calibration cases: distribution (toMatchDistribution). See ../harness.ts; the list is gathered in ../cases.ts.
 *
 * KS rows put the violation at the least favourable alternative of the power bound: on the probability scale
 * of the reference F₀, u ~ U(0, 1) is moved to a jump of size Δ at p = (1 − Δ)/2 (u < p: u; p ≤ u < p + Δ: p;
 * else u), then mapped through F₀'s quantile function, so sup|F − F₀| = Δ exactly for every shape. Discrete
 * rows (Poisson, rounded values) are two-sample, with the parameter solved so that the KS distance between
 * the two discrete distributions is exactly Δ.
 */
import { toMatchDistribution } from '../../../matchers/toMatchDistribution'
import { exponentialCdf, normalCdf, normalPpf, poissonCdf, studentTCdf } from '../../../src/distributions'
import type { Rng } from '../../../src/random'
import type { CalibrationCase } from '../harness'
import { KS_SHIFT, labels, normals, PSI_SHIFT } from './shared'

/** The t(3) quantile by Newton's method on its closed-form CDF ½ + (atan(s) + s/(1 + s²))/π, s = t/√3. */
function t3Ppf(u: number): number {
  let t = normalPpf(u)
  for (let i = 0; i < 50; i++) {
    const s = t / Math.sqrt(3)
    const F = 0.5 + (Math.atan(s) + s / (1 + s * s)) / Math.PI
    const f = 2 / (Math.PI * Math.sqrt(3)) / (1 + s * s) ** 2
    const step = (F - u) / f
    t -= step
    if (Math.abs(step) < 1e-12 * (1 + Math.abs(t))) break
  }
  return t
}

interface Shape {
  name: string
  /** The reference CDF given to the matcher. */
  cdf: (x: number) => number
  /** Its quantile function. */
  ppf: (u: number) => number
}

const SHAPES: Shape[] = [
  { name: 'normal', cdf: (x) => normalCdf(x), ppf: (u) => normalPpf(u) },
  {
    name: 'lognormal(0, 1)',
    cdf: (x) => (x > 0 ? normalCdf(Math.log(x)) : 0),
    ppf: (u) => Math.exp(normalPpf(u)),
  },
  { name: 'exponential', cdf: (x) => exponentialCdf(x), ppf: (u) => -Math.log1p(-u) },
  { name: 't(3)', cdf: (x) => studentTCdf(x, 3), ppf: t3Ppf },
]

/** A draw from F₀ (jump: 0) or from the least favourable F at KS distance `jump` from F₀. */
function drawShape(rng: Rng, shape: Shape, jump: number): number {
  let u = rng()
  while (u === 0) u = rng()
  if (jump > 0) {
    const p = (1 - jump) / 2
    if (u >= p && u < p + jump) u = p
  }
  return shape.ppf(u)
}

const sampleShape = (rng: Rng, shape: Shape, n: number, jump: number) =>
  Float64Array.from({ length: n }, () => drawShape(rng, shape, jump))

/** A Poisson(λ) draw by inversion. */
function poisson(rng: Rng, lambda: number): number {
  const u = rng()
  let k = 0
  let p = Math.exp(-lambda)
  let c = p
  while (u >= c && k < 1000) {
    k++
    p *= lambda / k
    c += p
  }
  return k
}

/** Bisection for the parameter at which `distance` (increasing) reaches `target`. */
function solve(distance: (x: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2
    if (distance(mid) < target) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** λ' > 3 with sup_k |F_3(k) − F_λ'(k)| = 0.1 (Poisson CDFs). */
const POISSON_LAMBDA = solve(
  (l) => {
    let d = 0
    for (let k = 0; k < 40; k++) d = Math.max(d, Math.abs(poissonCdf(k, 3) - poissonCdf(k, l)))
    return d
  },
  0.1,
  3,
  6,
)

/** Values rounded to the nearest 0.5: the shift μ of N(μ, 1) whose rounded CDF is at KS distance 0.1 from N(0, 1)'s. */
const ROUNDED_SHIFT = solve(
  (mu) => {
    let d = 0
    for (let k = -20; k <= 20; k++)
      d = Math.max(d, Math.abs(normalCdf(k / 2 + 0.25) - normalCdf(k / 2 + 0.25 - mu)))
    return d
  },
  0.1,
  0,
  1,
)
const rounded = (rng: Rng, n: number, mu: number) =>
  Float64Array.from({ length: n }, () => Math.round(2 * rng.normal(mu, 1)) / 2)

const categorical = (rng: () => number, n: number, p: readonly number[], names: string) => {
  const xs: string[] = []
  for (let i = 0; i < n; i++) {
    let u = rng()
    let k = 0
    while (k < p.length - 1 && u >= p[k]) u -= p[k++]
    xs.push(names[k])
  }
  return xs
}

/** A rare category: p = 0.0002 among four. The violation is least favourable (noncentrality 4·n·tv²). */
const RARE = [0.5, 0.3, 0.1998, 0.0002] as const
const RARE_VIOLATED = [0.6, 0.3 * 0.8, 0.1998 * 0.8, 0.0002 * 0.8] as const
const RARE_REFERENCE = { a: RARE[0], b: RARE[1], c: RARE[2], d: RARE[3] }

const run = (
  ctx: Parameters<CalibrationCase['run']>[0],
  received: unknown,
  reference: unknown,
  options: object,
) =>
  toMatchDistribution.call(ctx, received, reference as never, { seed: 1, ...options }) as ReturnType<
    CalibrationCase['run']
  >

/**
 * KS verdicts are invariant under increasing maps of the data (and of F₀ with them): with the same uniform
 * draws, every continuous shape should give the normal row's verdicts. Each shape is run in full anyway
 * (a check of the CDFs given and of the engine on skewed and heavy-tailed values).
 */
const SHAPE_RUNS = (shape: Shape, quick: number) => ({
  quick: shape.name === 'normal' ? quick : Math.ceil(quick / 3),
})

const ksOneShapes: CalibrationCase[] = SHAPES.map((shape) => ({
  // One-sample, n = 800 ≥ 777 (the n whose exact power bound at 0.1 reaches 0.95 at the default rates).
  name: `toMatchDistribution 'ks' one-sample, ${shape.name}, least favourable violation (n = 800)`,
  runs: SHAPE_RUNS(shape, 300),
  run: (ctx, rng, violated, rates) =>
    run(ctx, sampleShape(rng, shape, 800, violated ? 0.1 : 0), shape.cdf, {
      ...rates,
      allowInconclusive: !violated,
    }),
}))

const ksTwoShapes: CalibrationCase[] = SHAPES.map((shape) => ({
  // Two-sample, n = m = 1600 ≥ 1528 each.
  name: `toMatchDistribution 'ks' two-sample, ${shape.name}, least favourable violation (n = m = 1600)`,
  runs: SHAPE_RUNS(shape, 150),
  run: (ctx, rng, violated, rates) => {
    const reference = sampleShape(rng, shape, 1600, 0)
    return run(ctx, sampleShape(rng, shape, 1600, violated ? 0.1 : 0), reference, {
      ...rates,
      allowInconclusive: !violated,
    })
  },
}))

export const cases: CalibrationCase[] = [
  {
    // KS one-sample against N(0, 1): violation N(mu, 1) with sup|F - G| = 2Φ(mu/2) - 1 = 0.1 (a shift: not
    // least favourable, so the false-pass rate is far below nominal).
    name: "toMatchDistribution 'ks' one-sample vs { normal }, shift violation (n = 800)",
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) =>
      run(
        ctx,
        normals(rng, 800, violated ? KS_SHIFT : 0),
        { normal: { mean: 0, sd: 1 } },
        {
          ...rates,
          allowInconclusive: !violated,
        },
      ),
  },
  ...ksOneShapes,
  {
    // Tiny n: at n = 10 only a KS distance above about 0.6 is detectable, at n = 30 about 0.4.
    name: "toMatchDistribution 'ks' one-sample, normal, tiny n = 10, tolerance 0.65",
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) =>
      run(ctx, sampleShape(rng, SHAPES[0], 10, violated ? 0.65 : 0), SHAPES[0].cdf, {
        ...rates,
        tolerance: 0.65,
        allowInconclusive: !violated,
      }),
  },
  {
    name: "toMatchDistribution 'ks' one-sample, exponential, tiny n = 30, tolerance 0.45",
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) =>
      run(ctx, sampleShape(rng, SHAPES[2], 30, violated ? 0.45 : 0), SHAPES[2].cdf, {
        ...rates,
        tolerance: 0.45,
        allowInconclusive: !violated,
      }),
  },
  {
    name: "toMatchDistribution 'ks' one-sample, t(3), tiny n = 5 (always inconclusive at tolerance 0.1)",
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) =>
      run(ctx, sampleShape(rng, SHAPES[3], 5, violated ? 0.1 : 0), SHAPES[3].cdf, {
        ...rates,
        allowInconclusive: !violated,
      }),
  },
  ...ksTwoShapes,
  {
    // Two-sample, shift violation, the 2000 + 2000 of the issue.
    name: "toMatchDistribution 'ks' two-sample, normal, shift violation (n = m = 2000)",
    runs: { quick: 150 },
    run: (ctx, rng, violated, rates) => {
      const reference = normals(rng, 2000, 0)
      return run(ctx, normals(rng, 2000, violated ? KS_SHIFT : 0), reference, {
        ...rates,
        allowInconclusive: !violated,
      })
    },
  },
  {
    // Ties: Poisson(3) against Poisson(3), violation Poisson(λ') at KS distance exactly 0.1.
    name: "toMatchDistribution 'ks' two-sample, Poisson(3) (ties), violation at KS distance 0.1 (n = m = 1600)",
    runs: { quick: 150 },
    run: (ctx, rng, violated, rates) => {
      const reference = Float64Array.from({ length: 1600 }, () => poisson(rng, 3))
      const received = Float64Array.from({ length: 1600 }, () => poisson(rng, violated ? POISSON_LAMBDA : 3))
      return run(ctx, received, reference, { ...rates, allowInconclusive: !violated })
    },
  },
  {
    // Ties: N(0, 1) rounded to 0.5, violation N(μ, 1) rounded, KS distance 0.1 between the rounded CDFs.
    name: "toMatchDistribution 'ks' two-sample, rounded normal (ties), violation at KS distance 0.1 (n = m = 1600)",
    runs: { quick: 150 },
    run: (ctx, rng, violated, rates) => {
      const reference = rounded(rng, 1600, 0)
      return run(ctx, rounded(rng, 1600, violated ? ROUNDED_SHIFT : 0), reference, {
        ...rates,
        allowInconclusive: !violated,
      })
    },
  },
  {
    name: "toMatchDistribution 'ks' two-sample, lognormal, tiny n = m = 30, tolerance 0.6",
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) => {
      const reference = sampleShape(rng, SHAPES[1], 30, 0)
      return run(ctx, sampleShape(rng, SHAPES[1], 30, violated ? 0.6 : 0), reference, {
        ...rates,
        tolerance: 0.6,
        allowInconclusive: !violated,
      })
    },
  },
  {
    // Chi-square goodness of fit against { a: 0.5, b: 0.5 }, the least favourable alternative of the power
    // bound (noncentrality 4·n·tv²): violation { a: 0.6, b: 0.4 }, total variation 0.1 (default tolerance).
    name: "toMatchDistribution 'chi-square' vs probabilities (2 categories, n = 700)",
    runs: { quick: 500 },
    run: (ctx, rng, violated, rates) =>
      run(
        ctx,
        labels(rng, 700, violated ? 0.6 : 0.5),
        { a: 0.5, b: 0.5 },
        {
          ...rates,
          allowInconclusive: !violated,
        },
      ),
  },
  {
    // Chi-square goodness of fit, 4 equally likely categories; violation moves 0.1 from d to a (tv 0.1).
    name: "toMatchDistribution 'chi-square' vs probabilities (4 categories, n = 700)",
    runs: { quick: 500 },
    run: (ctx, rng, violated, rates) =>
      run(
        ctx,
        categorical(rng, 700, violated ? [0.35, 0.25, 0.25, 0.15] : [0.25, 0.25, 0.25, 0.25], 'abcd'),
        { a: 0.25, b: 0.25, c: 0.25, d: 0.25 },
        { ...rates, allowInconclusive: !violated },
      ),
  },
  {
    // A rare category (p = 0.0002, expected 0.2 in 1000): Monte Carlo p-values. Violation least favourable:
    // a gains 0.1, the others lose 20% each (|dᵢ|/pᵢ constant on each side, noncentrality 4·n·tv²).
    name: "toMatchDistribution 'chi-square' with a rare category p = 0.0002 (n = 1000, Monte Carlo p)",
    runs: { quick: 100 },
    run: (ctx, rng, violated, rates) =>
      run(ctx, categorical(rng, 1000, violated ? RARE_VIOLATED : RARE, 'abcd'), RARE_REFERENCE, {
        ...rates,
        allowInconclusive: !violated,
        seed: rng.integer(0, 1e9),
      }),
  },
  {
    // Many small expected counts: 20 equally likely categories, n = 60 (expected 3 each): the power at the
    // default tolerance is tiny (inconclusive), so this row measures the false-fail rate of the Monte Carlo p.
    name: "toMatchDistribution 'chi-square', 20 categories, n = 60 (expected 3 each, Monte Carlo p)",
    runs: { quick: 40 },
    run: (ctx, rng, violated, rates) => {
      // Violation: the first ten categories 0.06 each, the others 0.04 (total variation 0.1).
      const p = Array.from({ length: 20 }, (_, i) => (violated ? (i < 10 ? 0.06 : 0.04) : 0.05))
      const names = Array.from({ length: 20 }, (_, i) => `c${i}`)
      const reference = Object.fromEntries(names.map((c) => [c, 0.05]))
      const xs = Array.from({ length: 60 }, () => {
        let u = rng()
        let k = 0
        while (k < 19 && u >= p[k]) u -= p[k++]
        return names[k]
      })
      return run(ctx, xs, reference, { ...rates, allowInconclusive: !violated, seed: rng.integer(0, 1e9) })
    },
  },
  {
    // Chi-square homogeneity (2 × 2 table) of two label samples of 1400 each: shares 0.5/0.5 vs 0.6/0.4.
    name: "toMatchDistribution 'chi-square' homogeneity (2 categories, n = m = 1400)",
    runs: { quick: 500 },
    run: (ctx, rng, violated, rates) => {
      const reference = labels(rng, 1400, 0.5)
      return run(ctx, labels(rng, 1400, violated ? 0.6 : 0.5), reference, {
        ...rates,
        allowInconclusive: !violated,
      })
    },
  },
  {
    // Homogeneity with a rare category (expected 0.4 in each row): Monte Carlo p given the margins.
    name: "toMatchDistribution 'chi-square' homogeneity with a rare category (n = m = 2000, Monte Carlo p)",
    runs: { quick: 60 },
    run: (ctx, rng, violated, rates) => {
      const reference = categorical(rng, 2000, RARE, 'abcd')
      return run(ctx, categorical(rng, 2000, violated ? RARE_VIOLATED : RARE, 'abcd'), reference, {
        ...rates,
        allowInconclusive: !violated,
        seed: rng.integer(0, 1e9),
      })
    },
  },
  {
    // Wasserstein threshold: the claim is W1 ≤ tolerance = 0.1; N(0, 1) vs N(0.1, 1) has W1 = 0.1 exactly,
    // the boundary for both rates (a threshold claim has no gap between the claim and its violation).
    name: "toMatchDistribution 'wasserstein' ≤ 0.1 (W1 = 0.1, n = m = 1000)",
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) => {
      const reference = normals(rng, 1000, 0)
      return run(ctx, normals(rng, 1000, 0.1), reference, {
        ...rates,
        test: 'wasserstein',
        tolerance: 0.1,
        allowInconclusive: !violated,
      })
    },
  },
  {
    // Wasserstein threshold where its upper bound is tight: a pure shift, N(0, 1) vs N(0.5, 1), has
    // W1 = 0.5 and F − G of one sign, so the estimate is W1 plus a difference of two means (no inflation).
    name: "toMatchDistribution 'wasserstein' ≤ 0.5 (shift, W1 = 0.5, n = m = 1000)",
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) => {
      const reference = normals(rng, 1000, 0)
      return run(ctx, normals(rng, 1000, 0.5), reference, {
        ...rates,
        test: 'wasserstein',
        tolerance: 0.5,
        allowInconclusive: !violated,
      })
    },
  },
  {
    // Wasserstein, lognormal, tiny n: false-fail on identical samples (the estimate is all inflation), the
    // violation a shift of 0.1 (W1 = 0.1, the threshold).
    name: "toMatchDistribution 'wasserstein' ≤ 0.1, lognormal: identical / shifted by 0.1 (n = m = 30)",
    runs: { quick: 500 },
    run: (ctx, rng, violated, rates) => {
      const reference = sampleShape(rng, SHAPES[1], 30, 0)
      const received = sampleShape(rng, SHAPES[1], 30, 0).map((x) => x + (violated ? 0.1 : 0))
      return run(ctx, received, reference, {
        ...rates,
        test: 'wasserstein',
        tolerance: 0.1,
        allowInconclusive: !violated,
      })
    },
  },
  {
    // PSI threshold: the claim is PSI ≤ tolerance = 0.1 with 10 bins cut at the reference's deciles. With
    // reference N(0, 1) and received N(PSI_SHIFT, 1), the PSI over the population deciles of N(0, 1) is 0.1
    // exactly (scipy: brentq on Σ (aᵢ − 0.1)·ln(aᵢ/0.1), aᵢ = Φ(qᵢ − μ) − Φ(qᵢ₋₁ − μ)): the boundary for
    // both rates. The matcher cuts its bins at the reference SAMPLE's deciles, which converge to these.
    name: "toMatchDistribution 'psi' ≤ 0.1 (PSI = 0.1 over the population deciles, n = m = 1000)",
    runs: { quick: 40 },
    run: (ctx, rng, violated, rates) => {
      const reference = normals(rng, 1000, 0)
      return run(ctx, normals(rng, 1000, PSI_SHIFT), reference, {
        ...rates,
        test: 'psi',
        tolerance: 0.1,
        allowInconclusive: !violated,
        seed: rng.integer(0, 1e9),
      })
    },
  },
  ...[15, 30, 100].map(
    (n): CalibrationCase => ({
      // PSI at tiny n: false fails on identical distributions (the audit: 1.8% / 1.4% at 0.01 for n = 15 / 30;
      // below 10 values per bin the verdict is now inconclusive, untrusted), false passes at PSI = 0.1.
      name: `toMatchDistribution 'psi' ≤ 0.1, identical / PSI = 0.1 normals (n = m = ${n})`,
      runs: { quick: 40 },
      run: (ctx, rng, violated, rates) => {
        const reference = normals(rng, n, 0)
        return run(ctx, normals(rng, n, violated ? PSI_SHIFT : 0), reference, {
          ...rates,
          test: 'psi',
          allowInconclusive: !violated,
          seed: rng.integer(0, 1e9),
        })
      },
    }),
  ),
]
