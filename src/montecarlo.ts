/**
 * Monte Carlo baselines: run a simulation many times with a seeded generator and keep the outcomes as a
 * {@link Baseline}, whose {@link Baseline.interval} gives bounds a future outcome should fall within.
 *
 * A bound is an order statistic of the runs when they suffice (a new run exceeds it with probability at
 * most the tail probability, exactly, whatever the distribution); a little beyond that, the tail is
 * extrapolated conservatively with extreme-value theory: peaks over a threshold fitted with a generalised
 * Pareto distribution (GPD), by maximum likelihood, as in work on replacing hand-picked bounds in flaky
 * ML tests with EVT-derived ones, together with the exact prediction bound for an exponential tail.
 */
import { getConfig } from './config'
import { type Ecdf, ecdf as makeEcdf, mean, quantileSorted, standardDeviation } from './descriptive'
import {
  checkCount,
  checkOneOf,
  checkOpenUnit,
  checkSample,
  checkUnit,
  describeValue,
  InvalidInputError,
  InvalidRangeError,
} from './errors'
import { meanVarianceUnchecked, powerOfTwoScaleOf } from './numeric'
import { currentTestSeedContext, resolveSeed, type Seed } from './random'
import { drawChecks, drawSamples, type Sampler, SamplerError, SamplerTimeoutError } from './sampler'

// ---------------------------------------------------------------------------------------------------
// Generalised Pareto distribution
// ---------------------------------------------------------------------------------------------------

/**
 * The quantile function of the generalised Pareto distribution with location 0,
 * `F(y) = 1 - (1 + ξ y / σ)^(-1/ξ)` (ξ = `shape`, σ = `scale`; ξ = 0 is the exponential), as
 * `scipy.stats.genpareto.ppf(p, shape, scale=scale)`: `σ ((1 - p)^(-ξ) - 1) / ξ`, computed as
 * `σ expm1(-ξ log1p(-p)) / ξ` so that it stays accurate for ξ near 0.
 *
 * @example generalizedParetoQuantile(0.99, 0, 2) // 9.21… (the exponential's 99th percentile, scale 2)
 */
export function generalizedParetoQuantile(p: number, shape: number, scale: number): number {
  const where = 'generalizedParetoQuantile'
  checkUnit(where, 'p', p)
  checkFinitePositive(where, 'scale', scale)
  if (typeof shape !== 'number' || !Number.isFinite(shape))
    throw new InvalidRangeError(where, 'shape', `must be a finite number, got ${describeValue(shape)}`)
  return gpdQuantile(p, shape, scale)
}

function gpdQuantile(p: number, shape: number, scale: number): number {
  if (p === 1) return shape < 0 ? -scale / shape : Number.POSITIVE_INFINITY
  const l = Math.log1p(-p)
  if (shape === 0) return -scale * l
  return (scale * Math.expm1(-shape * l)) / shape
}

function checkFinitePositive(where: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0))
    throw new InvalidRangeError(
      where,
      argument,
      `must be a finite positive number, got ${describeValue(value)}`,
    )
  return value
}

/** A generalised Pareto fit from {@link fitGeneralizedPareto}. */
export interface GeneralizedParetoFit {
  /** Shape ξ (scipy's `c`): 0 exponential tail, > 0 heavy (Pareto-like), < 0 bounded. */
  shape: number
  /** Scale σ > 0. */
  scale: number
  /** How it was fitted: maximum likelihood, or probability-weighted moments when MLE failed. */
  method: 'mle' | 'pwm'
  /** The log-likelihood of the data at the fitted parameters. */
  logLikelihood: number
  /** Number of exceedances fitted. */
  n: number
}

/** Log-likelihood of a GPD (location 0); -Infinity outside the support. */
function gpdLogLikelihood(y: Float64Array, shape: number, scale: number): number {
  const k = y.length
  let s = 0
  if (Math.abs(shape) < 1e-300) {
    for (let i = 0; i < k; i++) s += y[i]
    return -k * Math.log(scale) - s / scale
  }
  const c = shape / scale
  for (let i = 0; i < k; i++) {
    const z = c * y[i]
    if (!(z > -1)) return Number.NEGATIVE_INFINITY
    s += Math.log1p(z)
  }
  return -k * Math.log(scale) - (1 + 1 / shape) * s
}

/** ξ(θ) = mean log(1 + θ y): the shape maximising the likelihood for a given θ = ξ / σ. */
function shapeAt(y: Float64Array, theta: number): number {
  let s = 0
  for (let i = 0; i < y.length; i++) s += Math.log1p(theta * y[i])
  return s / y.length
}

/** The profile log-likelihood in θ = ξ/σ (Grimshaw 1993): -k log(ξ/θ) - k(1 + ξ). */
function profileLogLikelihood(y: Float64Array, theta: number, yMean: number): number {
  const k = y.length
  if (theta === 0) return -k * Math.log(yMean) - k
  const xi = shapeAt(y, theta)
  const sigma = xi / theta
  if (!(sigma > 0) || !Number.isFinite(sigma)) return Number.NEGATIVE_INFINITY
  return -k * Math.log(sigma) - k * (1 + xi)
}

/** Largest shape the MLE search considers; tails heavier than this have no useful extrapolation. */
const MAX_SHAPE = 5

function fitMle(y: Float64Array): GeneralizedParetoFit | undefined {
  const k = y.length
  let yMax = 0
  let ySum = 0
  for (let i = 0; i < k; i++) {
    if (y[i] > yMax) yMax = y[i]
    ySum += y[i]
  }
  const yMean = ySum / k
  if (!(yMax > 0)) return undefined
  // θ ranges over (-1/yMax, ∞); ξ(θ) increases with θ. The likelihood is unbounded as ξ → -∞, so the
  // search is restricted to ξ ≥ -1 (ξ = -1 is the uniform distribution, the end of the regular range)
  // and ξ ≤ MAX_SHAPE. Both ends are found by bisection on the monotone ξ(θ).
  const solve = (target: number, lo: number, hi: number) => {
    // The ends only bound the search: 1e-10 relative is plenty.
    for (let it = 0; it < 200 && hi - lo > 1e-10 * Math.max(Math.abs(lo), Math.abs(hi)); it++) {
      const mid = (lo + hi) / 2
      if (shapeAt(y, mid) < target) lo = mid
      else hi = mid
    }
    return (lo + hi) / 2
  }
  const thetaMin = solve(-1, -1 / yMax, 0)
  let hi = 1 / yMean
  while (shapeAt(y, hi) < MAX_SHAPE && hi < 1e300) hi *= 4
  const thetaMax = solve(MAX_SHAPE, 0, hi)
  // Grid in θ: linear on the negative side, logarithmic on the positive side, plus θ = 0.
  const grid: number[] = []
  const m = 120
  for (let i = 0; i < m; i++) grid.push(thetaMin * (1 - i / m))
  grid.push(0)
  const vLo = Math.log(1e-8 / yMean)
  const vHi = Math.log(thetaMax)
  for (let i = 1; i <= m; i++) grid.push(Math.exp(vLo + ((vHi - vLo) * i) / m))
  let best = -1
  let bestLl = Number.NEGATIVE_INFINITY
  for (let i = 0; i < grid.length; i++) {
    const ll = profileLogLikelihood(y, grid[i], yMean)
    if (ll > bestLl) {
      bestLl = ll
      best = i
    }
  }
  if (best < 0) return undefined
  // A maximum on either end of the range is no interior maximum: MLE failed.
  if (best === 0 || best === grid.length - 1) return undefined
  // Golden-section refinement on the bracket around the best grid point.
  let a = grid[best - 1]
  let b = grid[best + 1]
  const g = (Math.sqrt(5) - 1) / 2
  let c = b - g * (b - a)
  let d = a + g * (b - a)
  let fc = profileLogLikelihood(y, c, yMean)
  let fd = profileLogLikelihood(y, d, yMean)
  for (let it = 0; it < 200 && Math.abs(b - a) > 1e-15 * (Math.abs(a) + Math.abs(b)) + 1e-300; it++) {
    if (fc > fd) {
      b = d
      d = c
      fd = fc
      c = b - g * (b - a)
      fc = profileLogLikelihood(y, c, yMean)
    } else {
      a = c
      c = d
      fc = fd
      d = a + g * (b - a)
      fd = profileLogLikelihood(y, d, yMean)
    }
  }
  let theta = (a + b) / 2
  let ll = profileLogLikelihood(y, theta, yMean)
  if (bestLl > ll) {
    theta = grid[best]
    ll = bestLl
  }
  // θ within rounding of 0 is the exponential limit.
  let shape: number
  let scale: number
  if (Math.abs(theta * yMean) < 1e-12) {
    shape = 0
    scale = yMean
    ll = profileLogLikelihood(y, 0, yMean)
  } else {
    shape = shapeAt(y, theta)
    scale = shape / theta
  }
  if (!(Number.isFinite(shape) && scale > 0 && Number.isFinite(scale) && Number.isFinite(ll)))
    return undefined
  if (shape <= -1 + 1e-9) return undefined
  return { shape, scale, method: 'mle', logLikelihood: gpdLogLikelihood(y, shape, scale), n: k }
}

/** Probability-weighted moments (Hosking & Wallis 1987), plotting positions (i - 0.35) / k. */
function fitPwm(y: Float64Array): GeneralizedParetoFit | undefined {
  const s = Float64Array.from(y).sort()
  const k = s.length
  let a0 = 0
  let a1 = 0
  for (let i = 0; i < k; i++) {
    a0 += s[i]
    a1 += (1 - (i + 1 - 0.35) / k) * s[i]
  }
  a0 /= k
  a1 /= k
  const den = a0 - 2 * a1
  if (!(den > 0)) return undefined
  const shape = 2 - a0 / den
  const scale = (2 * a0 * a1) / den
  if (!(scale > 0 && Number.isFinite(shape))) return undefined
  return { shape, scale, method: 'pwm', logLikelihood: gpdLogLikelihood(y, shape, scale), n: k }
}

/**
 * Fits a generalised Pareto distribution with location 0 to exceedances (values above a threshold, minus
 * the threshold), as `scipy.stats.genpareto.fit(y, floc=0)`.
 *
 * Method: maximum likelihood through the profile likelihood in θ = ξ/σ (Grimshaw 1993), whose
 * maximiser for fixed θ is ξ(θ) = mean log(1 + θ y): a one-dimensional search (a grid of 241 points,
 * then golden-section refinement to machine precision), which cannot stall as a two-dimensional
 * simplex search can. The search is restricted to -1 < ξ ≤ 5 (for ξ < -1 the likelihood is unbounded).
 * When the maximum lies on the edge of that range, or the data are degenerate, it falls back to
 * probability-weighted moments (Hosking & Wallis 1987) and says so in `method`. `method: 'pwm'` forces
 * the latter.
 *
 * @example fitGeneralizedPareto(exceedances) // { shape: 0.12, scale: 1.9, method: 'mle', ... }
 */
export function fitGeneralizedPareto(
  exceedances: ArrayLike<number>,
  options?: { method?: 'mle' | 'pwm' },
): GeneralizedParetoFit {
  const where = 'fitGeneralizedPareto'
  if (
    options !== undefined &&
    (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options))
  )
    throw new InvalidInputError(where, 'options', 'must be an object')
  options = options ?? {}
  checkSample(where, 'exceedances', exceedances, 2)
  const method = checkOneOf(where, 'method', options.method ?? 'mle', ['mle', 'pwm'] as const)
  const y = Float64Array.from(exceedances)
  for (let i = 0; i < y.length; i++)
    if (y[i] < 0) throw new InvalidRangeError(where, `exceedances[${i}]`, `must not be negative, got ${y[i]}`)
  let distinct = false
  for (let i = 1; i < y.length && !distinct; i++) distinct = y[i] !== y[0]
  // Fit in units of the mean exceedance (the GPD is scale-equivariant), so that values near the ends
  // of the floating-point range neither overflow nor underflow; then scale back.
  let c = 0
  for (let i = 0; i < y.length; i++) c += y[i] / y.length
  const z = y.map((v) => v / c)
  const unit = distinct && c > 0 ? ((method === 'mle' ? fitMle(z) : undefined) ?? fitPwm(z)) : undefined
  const fit: GeneralizedParetoFit | undefined = unit && {
    ...unit,
    scale: unit.scale * c,
    logLikelihood: unit.logLikelihood - y.length * Math.log(c),
  }
  if (!fit)
    throw new InvalidRangeError(
      where,
      'exceedances',
      'are degenerate (all equal, or too few distinct values): no generalised Pareto fit exists',
    )
  return fit
}

/** Gauss–Hermite nodes and weights for E[f(Z)], Z standard normal (Golub–Welsch-free Newton, as NR's gauher). */
function gaussHermite(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n)
  const w = new Float64Array(n)
  const pim4 = Math.PI ** -0.25
  let z = 0
  for (let i = 0; i < (n + 1) >> 1; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667
    else if (i === 1) z -= (1.14 * n ** 0.426) / z
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]
    else z = 2 * z - x[i - 2]
    let pp = 0
    for (let it = 0; it < 100; it++) {
      let p1 = pim4
      let p2 = 0
      for (let j = 1; j <= n; j++) {
        const p3 = p2
        p2 = p1
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3
      }
      pp = Math.sqrt(2 * n) * p2
      const z1 = z
      z = z1 - p1 / pp
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break
    }
    x[i] = z
    x[n - 1 - i] = -z
    w[i] = w[n - 1 - i] = 2 / (pp * pp)
  }
  // Physicists' weight e^{-t²} to the standard normal: z = √2 t, weights / √π.
  for (let i = 0; i < n; i++) {
    x[i] *= Math.SQRT2
    w[i] /= Math.sqrt(Math.PI)
  }
  return { x, w }
}

let hermite: { x: Float64Array; w: Float64Array } | undefined

/**
 * The covariance of (ξ, log σ) at the fit: the inverse observed information (numerical Hessian of the
 * log-likelihood) when it is positive definite, else the expected information of Smith (1987),
 * `(1 + ξ)/k [[1 + ξ, -1], [-1, 2]]`, with 1 + ξ held at 0.75 or more (it is singular at ξ = -1/2).
 */
function fitCovariance(y: Float64Array, fit: GeneralizedParetoFit): [number, number, number] {
  const k = y.length
  if (fit.method === 'mle') {
    const f = (a: number, b: number) => gpdLogLikelihood(y, a, Math.exp(b))
    const a = fit.shape
    const b = Math.log(fit.scale)
    const h = 1e-4
    const f0 = f(a, b)
    const faa = (f(a + h, b) - 2 * f0 + f(a - h, b)) / (h * h)
    const fbb = (f(a, b + h) - 2 * f0 + f(a, b - h)) / (h * h)
    const fab = (f(a + h, b + h) - f(a + h, b - h) - f(a - h, b + h) + f(a - h, b - h)) / (4 * h * h)
    const det = faa * fbb - fab * fab
    if (Number.isFinite(det) && faa < 0 && det > 0) return [-fbb / det, fab / det, -faa / det]
  }
  const c = Math.max(1 + fit.shape, 0.75)
  return [(c * c) / k, -c / k, (2 * c) / k]
}

/**
 * The predictive upper-tail bound: the x with ζ E[S(x - u; ξ, σ)] = α, the expectation over the
 * approximate sampling distribution of (ξ, log σ) (normal with {@link fitCovariance}), by 16 × 16
 * Gauss–Hermite quadrature. Averaging over the fit's uncertainty widens the plug-in bound just enough that
 * the chance of a new run beyond it is about α on average (a plug-in bound is exceeded more often).
 */
function predictiveBound(
  data: Float64Array,
  fitted: GeneralizedParetoFit,
  u: number,
  zeta: number,
  alpha: number,
  inflation = 1,
  minShape = Number.NEGATIVE_INFINITY,
): number {
  // Work in units of the fitted scale (the bound scales with it), so nothing overflows.
  const unit = fitted.scale
  const y = data.map((v) => v / unit)
  const fit = { ...fitted, scale: 1 }
  hermite ??= gaussHermite(16)
  const { x: z, w } = hermite
  const [vaa, vab, vbb] = fitCovariance(y, fit).map((v) => v * inflation)
  // Cholesky of [[vaa, vab], [vab, vbb]].
  const l11 = Math.sqrt(vaa)
  const l21 = vab / l11
  const l22 = Math.sqrt(Math.max(vbb - l21 * l21, 0))
  const m = z.length
  const shapes = new Float64Array(m * m)
  const scales = new Float64Array(m * m)
  const weights = new Float64Array(m * m)
  const logScale = Math.log(fit.scale)
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      shapes[i * m + j] = Math.max(fit.shape, minShape) + l11 * z[i]
      scales[i * m + j] = Math.exp(logScale + l21 * z[i] + l22 * z[j])
      weights[i * m + j] = w[i] * w[j]
    }
  const target = alpha / zeta
  const survival = (t: number): number => {
    let s = 0
    for (let q = 0; q < shapes.length; q++) {
      const xi = shapes[q]
      const r = t / scales[q]
      let v: number
      if (Math.abs(xi) < 1e-12) v = Math.exp(-r)
      else {
        const b = 1 + xi * r
        v = b <= 0 ? 0 : Math.exp(-Math.log1p(xi * r) / xi)
      }
      s += weights[q] * v
    }
    return s
  }
  let lo = 0
  let hi = Math.max(gpdQuantile(1 - target, fit.shape, fit.scale), fit.scale)
  for (let it = 0; it < 200 && survival(hi) > target; it++) {
    lo = hi
    hi *= 2
  }
  if (!(survival(hi) <= target)) return Number.POSITIVE_INFINITY
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2
    if (mid === lo || mid === hi) break
    if (survival(mid) > target) lo = mid
    else hi = mid
  }
  return u + hi * unit
}

/**
 * The exact prediction bound for an exponential tail: with u the (n − k)-th order statistic and y the k
 * runs' excesses over it, a new run exceeds u with probability (k + 1)/(n + 1), and then its excess and
 * the k others are exchangeable; for exponential excesses P(Y_new > c·Σy) = (1 + c)^(−k), so the bound
 * u + c·Σy with (k + 1)/(n + 1)·(1 + c)^(−k) = α is exceeded with probability α exactly, whatever the
 * scale. Tails lighter than exponential (normal, uniform) are exceeded less often.
 */
function exponentialPredictiveBound(y: Float64Array, u: number, n: number, alpha: number): number {
  const k = y.length
  let sum = 0
  for (let i = 0; i < k; i++) sum += y[i]
  const c = Math.expm1(Math.log((k + 1) / ((n + 1) * alpha)) / k)
  return u + Math.max(c, 0) * sum
}

/**
 * The predictive GPD bound of a fit whose shape is held at 0 or above (tails no lighter than exponential:
 * a fit at the 90th percentile of a normal tail finds a negative shape and extrapolates too little), with
 * the shape's variance doubled (the normal approximation to its sampling distribution is too narrow with
 * a few dozen exceedances).
 */
function conservativeGpdBound(
  y: Float64Array,
  fit: GeneralizedParetoFit,
  u: number,
  zeta: number,
  alpha: number,
): number {
  return predictiveBound(y, fit, u, zeta, alpha, GPD_VARIANCE_INFLATION, 0)
}

/** The variance of the fitted shape and log-scale is multiplied by this in the predictive bound. */
const GPD_VARIANCE_INFLATION = 4

// ---------------------------------------------------------------------------------------------------
// Baseline
// ---------------------------------------------------------------------------------------------------

/** How {@link Baseline.interval} computes a bound: see its documentation. */
export type BaselineIntervalMethod = 'auto' | 'empirical' | 'evt'

/** Options of {@link Baseline.interval}. */
export interface BaselineIntervalOptions {
  /**
   * `'auto'` (default): an order statistic when (n + 1) × tail probability ≥ 1, EVT down to
   * {@link EVT_MIN_EXTRAPOLATION}, an error beyond; `'empirical'`: always the order statistic (at least
   * the sample extreme); `'evt'`: always the GPD tail fit.
   */
  method?: BaselineIntervalMethod
  /**
   * `'both'` (default): central interval, (1 - coverage)/2 in each tail. `'lower'`: only a lower bound,
   * `[q(1 - coverage), +Infinity)`. `'upper'`: only an upper bound, `(-Infinity, q(coverage)]`.
   */
  side?: 'both' | 'lower' | 'upper'
  /**
   * How an extrapolated bound accounts for the uncertainty of the tail fit. `'predictive'` (default):
   * the bound a new run exceeds with probability α averaged over the fit's sampling distribution, so
   * that its coverage is near nominal; `'plug-in'`: the fitted GPD's quantile taken as exact (what
   * `scipy.stats.genpareto.ppf` with the fitted parameters gives; it is exceeded more often than α,
   * about 3× as often at 500 runs and coverage 0.999).
   */
  evtBound?: 'predictive' | 'plug-in'
}

/** The GPD fit behind an extrapolated bound. */
export interface TailFit {
  /**
   * The threshold u: the 90th percentile (the 10th for the lower tail), or above 5000 runs the quantile
   * leaving the 500 most extreme runs beyond it.
   */
  threshold: number
  /** Fraction of runs beyond the threshold, ζ = k / n. */
  thresholdProbability: number
  /** Number of runs beyond the threshold, k. */
  exceedances: number
  /** GPD shape ξ of the tail (for the lower tail: of the negated values). */
  shape: number
  /** GPD scale σ. */
  scale: number
  /** 'mle', or 'pwm' when maximum likelihood failed. */
  fitMethod: 'mle' | 'pwm'
  /** The fitted GPD's quantile taken as exact, u + σ((ζ/α)^ξ - 1)/ξ (the bound with `evtBound: 'plug-in'`). */
  plugInBound: number
}

/** One bound of a {@link BaselineInterval}. */
export interface TailBound {
  /** The bound. */
  value: number
  /** Probability of a run beyond this bound the interval is built for. */
  probability: number
  /** How the bound was found. */
  method: 'empirical' | 'evt-gpd'
  /** For 'evt-gpd': whether the bound is predictive or plug-in. */
  evtBound?: 'predictive' | 'plug-in'
  /** The expected number of runs beyond the bound, n × probability. */
  expectedBeyond: number
  /** For an order statistic ('empirical'): the bound is the rank-th most extreme run. */
  rank?: number
  /** For an order statistic: the probability rank / (n + 1) that a new run lies beyond it (exact). */
  exceedance?: number
  /** For 'evt-gpd': the fit. */
  fit?: TailFit
}

/**
 * A bound or pair of bounds from {@link Baseline.interval}; has `lower` and `upper`, so matchers such as
 * `toBeWithinInterval` take it as an interval directly.
 */
export interface BaselineInterval {
  /** Lower bound (-Infinity for `side: 'upper'`). */
  lower: number
  /** Upper bound (+Infinity for `side: 'lower'`). */
  upper: number
  /** The fraction of the simulated distribution the interval is meant to cover. */
  coverage: number
  /** 'evt-gpd' when any bound was extrapolated, else 'empirical'. */
  method: 'empirical' | 'evt-gpd'
  /** Which bounds are finite. */
  side: 'both' | 'lower' | 'upper'
  /** The median of the runs. */
  estimate: number
  /** Number of runs. */
  n: number
  /** Each finite bound, with how it was found. */
  tails: { lower?: TailBound; upper?: TailBound }
  /** A caveat, when there is one. */
  note?: string
}

/** No longer used by 'auto' (kept for compatibility): the type-7 quantile rule of earlier versions. */
export const EMPIRICAL_MIN_TAIL_COUNT = 10
/** The EVT threshold is this quantile of the tail (0.9: the top 10% of runs are the exceedances), ... */
const EVT_THRESHOLD_QUANTILE = 0.9
/** ... or, with more than 5000 runs, the one leaving about this many runs beyond it (less extrapolation). */
const EVT_MAX_EXCEEDANCES = 500
/** EVT needs at least this many exceedances over the threshold. */
const EVT_MIN_EXCEEDANCES = 10
/**
 * `'auto'` extrapolates at most this far: (n + 1) × tail probability ≥ 0.2, a tail probability at least a
 * fifth of the most extreme run's (1/(n + 1)). Beyond that no bound was found whose exceedance stays at
 * most nominal for normal, lognormal, t(3) and uniform tails.
 */
export const EVT_MIN_EXTRAPOLATION = 0.2

const BRAND = Symbol.for('probably.Baseline')
const JSON_KIND = 'probably.Baseline'

/** The serialised form of a {@link Baseline}, from {@link Baseline.toJSON}. */
export interface BaselineJSON {
  kind: 'probably.Baseline'
  version: 1
  /** The runs in the order they were drawn. */
  samples: number[]
  /** The seed of the run, when known. */
  seed?: string
}

/**
 * The outcomes of a Monte Carlo simulation (or any sample), with the summaries and bounds a test needs.
 * Make one with {@link monteCarlo}, {@link Baseline.from} or {@link Baseline.fromJSON}.
 *
 * @example
 * const base = await monteCarlo(({ rng }) => simulate(rng), { runs: 500 })
 * expect(x).toBeWithinInterval(base.interval(0.999))
 */
/**
 * Makes a Baseline from runs already checked finite, with -0 turned into 0 (set by the class; for
 * {@link monteCarlo}, whose loop has checked every value: no second validation pass, no copy).
 */
let trustedBaseline: (samples: Float64Array, seed: string | undefined) => Baseline

export class Baseline {
  /** The runs in the order they were drawn (-0 stored as 0). Do not modify. */
  readonly samples: Float64Array
  /** Number of runs. */
  readonly n: number
  /** Mean of the runs. */
  readonly mean: number
  /** Sample standard deviation of the runs (divisor n - 1). */
  readonly sd: number
  /** Smallest run. */
  readonly min: number
  /** Largest run. */
  readonly max: number
  /** The seed the runs were drawn with, when known. */
  readonly seed: string | undefined
  /** The sorted runs and their ECDF, made on first use (a Baseline read only for its mean needs no sort). */
  #ecdf: Ecdf | undefined

  private constructor(samples: Float64Array, seed: string | undefined) {
    Object.defineProperty(this, BRAND, { value: true })
    this.samples = samples
    this.n = samples.length
    let min = samples[0]
    let max = min
    for (let i = 1; i < samples.length; i++) {
      const x = samples[i]
      if (x < min) min = x
      else if (x > max) max = x
    }
    this.min = min
    this.max = max
    // The numbers of mean() and standardDeviation(), in four passes over the runs instead of nine (their
    // checks and the scale's pass are done: the runs are checked, and the largest |run| is known).
    if (powerOfTwoScaleOf(Math.max(-min, max)) === 1) {
      const [m, v] = meanVarianceUnchecked(samples, 1)
      this.mean = m
      this.sd = Math.sqrt(v)
    } else {
      this.mean = mean(samples)
      this.sd = standardDeviation(samples)
    }
    this.seed = seed
  }

  static {
    trustedBaseline = (samples, seed) => new Baseline(samples, seed)
  }

  /** The runs sorted ascending (sorted on first use). Do not modify. */
  get sorted(): Float64Array {
    return this.#sortedEcdf().sorted
  }

  #sortedEcdf(): Ecdf {
    if (this.#ecdf === undefined) this.#ecdf = makeEcdf(this.samples)
    return this.#ecdf
  }

  /**
   * A Baseline from existing outcomes (at least 2 finite numbers; copied, never mutated).
   *
   * @example Baseline.from([0.81, 0.79, 0.84, 0.8])
   */
  static from(samples: ArrayLike<number>, options: { seed?: Seed } = {}): Baseline {
    const where = 'Baseline.from'
    checkSample(where, 'samples', samples, 2)
    const seed = options?.seed
    if (
      seed !== undefined &&
      !(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))
    )
      throw new InvalidInputError(
        where,
        'seed',
        `must be a string or a finite number, got ${describeValue(seed)}`,
      )
    return new Baseline(
      withoutNegativeZero(samples, new Float64Array(samples.length)),
      seed === undefined ? undefined : String(seed),
    )
  }

  /**
   * A Baseline from the output of {@link Baseline.toJSON} (an object or its JSON text). The round trip
   * is exact: every sample comes back bit for bit.
   */
  static fromJSON(json: BaselineJSON | string): Baseline {
    const where = 'Baseline.fromJSON'
    let data: unknown = json
    if (typeof json === 'string') {
      try {
        data = JSON.parse(json)
      } catch (error) {
        throw new InvalidInputError(where, 'json', `is not valid JSON: ${(error as Error).message}`)
      }
    }
    if (data === null || typeof data !== 'object' || (data as any).kind !== JSON_KIND)
      throw new InvalidInputError(
        where,
        'json',
        `must be the output of Baseline.toJSON() (kind '${JSON_KIND}')`,
      )
    if ((data as any).version !== 1)
      throw new InvalidRangeError(
        where,
        'json.version',
        `must be 1, got ${describeValue((data as any).version)}`,
      )
    checkSample(where, 'json.samples', (data as any).samples, 2)
    const seed = (data as any).seed
    if (seed !== undefined && typeof seed !== 'string')
      throw new InvalidInputError(where, 'json.seed', 'must be a string')
    return Baseline.from((data as any).samples, { seed })
  }

  /** True for a Baseline, also one made by another copy of the library (ESM and CommonJS builds). */
  static isBaseline(x: unknown): x is Baseline {
    return x !== null && typeof x === 'object' && (x as any)[BRAND] === true
  }

  /** The p-quantile of the runs, type 7 (NumPy's and R's default). */
  quantile(p: number): number {
    checkUnit('Baseline.quantile', 'p', p)
    return quantileSorted(this.sorted, p)
  }

  /** The fraction of runs at or below `x`. */
  ecdf(x: number): number {
    if (typeof x !== 'number' || Number.isNaN(x))
      throw new InvalidInputError(
        'Baseline.ecdf',
        'x',
        `must be a number other than NaN, got ${describeValue(x)}`,
      )
    return this.#sortedEcdf().at(x)
  }

  /**
   * Bounds meant to contain a fraction `coverage` of the simulated distribution: a central interval by
   * default (probability (1 - coverage)/2 beyond each bound), or one-sided with `side`.
   *
   * The promise: a new run lands beyond each bound with probability at most its tail probability α
   * ((1 - coverage)/2, or 1 - coverage one-sided), over the draw of the runs and of the new run (a
   * prediction interval). Each bound is:
   *
   * - the rank-th most extreme run, rank = ⌊(n + 1) α⌋, when rank ≥ 1 (`method: 'empirical'`): a new run
   *   lies beyond it with probability rank/(n + 1) ≤ α exactly, whatever the distribution (at most that
   *   with ties). Distribution-free; `tails.*.rank` and `exceedance` say which run and how often.
   * - extrapolated with extreme-value theory when (n + 1) α < 1 but ≥ {@link EVT_MIN_EXTRAPOLATION} (at
   *   most 5× beyond the level of the most extreme run; `method: 'evt-gpd'`): the values beyond the tail's
   *   90th percentile u (the k = 10% most extreme runs; above 5000 runs, the 500 most extreme) give the
   *   larger of two bounds: the exact prediction bound for an exponential tail (a new run exceeds u with
   *   probability (k + 1)/(n + 1), and its excess is then exchangeable with the k observed ones), and a
   *   predictive generalised Pareto bound ({@link fitGeneralizedPareto}; the x with ζ E[S(x - u; ξ, σ)] = α
   *   over a normal approximation of the fit's uncertainty) with the shape held at 0 or above and the
   *   fit's variance multiplied by 4. Conservative for light tails by design; measured over normal,
   *   lognormal, t(3) and uniform tails at 200, 500 and 2000 runs, the exceedance stays at most nominal
   *   (README, "Monte Carlo baselines"). `evtBound: 'plug-in'` gives the fitted quantile taken as exact,
   *   exceeded about 3× as often as α at 500 runs and coverage 0.999.
   * - beyond that, an error saying how many runs would do (`method: 'evt'` forces the extrapolation).
   *
   * `method: 'empirical'` always takes the order statistic (the sample extreme, with a note, when the runs
   * are too few). The lower tail is handled as the upper one of the negated values.
   *
   * @example base.interval(0.999) // { lower, upper, coverage: 0.999, method: 'evt-gpd', ... } with 500 runs
   */
  interval(coverage: number, options: BaselineIntervalOptions = {}): BaselineInterval {
    const where = 'Baseline.interval'
    checkOpenUnit(where, 'coverage', coverage)
    if (options === null || typeof options !== 'object')
      throw new InvalidInputError(where, 'options', 'must be an object')
    const method = checkOneOf(where, 'options.method', options.method ?? 'auto', [
      'auto',
      'empirical',
      'evt',
    ] as const)
    const evtBound = checkOneOf(where, 'options.evtBound', options.evtBound ?? 'predictive', [
      'predictive',
      'plug-in',
    ] as const)
    const side = checkOneOf(where, 'options.side', options.side ?? 'both', [
      'both',
      'lower',
      'upper',
    ] as const)
    const alpha = side === 'both' ? (1 - coverage) / 2 : 1 - coverage
    // The probability level of the upper bound, computed directly so that e.g. 0.975 stays exact.
    const upperLevel = side === 'both' ? (1 + coverage) / 2 : coverage
    const notes: string[] = []
    const tails: BaselineInterval['tails'] = {}
    if (side !== 'upper') tails.lower = this.#bound('lower', alpha, alpha, method, evtBound, notes)
    if (side !== 'lower') tails.upper = this.#bound('upper', alpha, upperLevel, method, evtBound, notes)
    let lower = tails.lower?.value ?? Number.NEGATIVE_INFINITY
    let upper = tails.upper?.value ?? Number.POSITIVE_INFINITY
    if (lower > upper) {
      // Only possible with extrapolation on nearly constant data; collapse to the median.
      const m = quantileSorted(this.sorted, 0.5)
      lower = Math.min(lower, m)
      upper = Math.max(upper, m)
    }
    const evt = tails.lower?.method === 'evt-gpd' || tails.upper?.method === 'evt-gpd'
    const result: BaselineInterval = {
      lower,
      upper,
      coverage,
      method: evt ? 'evt-gpd' : 'empirical',
      side,
      estimate: quantileSorted(this.sorted, 0.5),
      n: this.n,
      tails,
    }
    if (notes.length > 0) result.note = notes.join(' ')
    return result
  }

  #bound(
    which: 'lower' | 'upper',
    alpha: number,
    level: number,
    method: BaselineIntervalMethod,
    evtBound: 'predictive' | 'plug-in',
    notes: string[],
  ): TailBound {
    const n = this.n
    const expectedBeyond = n * alpha
    // The rank-th most extreme run: a new run lies beyond it with probability rank / (n + 1) exactly
    // (continuous outcomes; at most that with ties), whatever the distribution.
    const rank = Math.floor((n + 1) * alpha * (1 + 1e-12))
    const orderStatistic = (r: number): TailBound => ({
      value: which === 'upper' ? this.sorted[n - r] : this.sorted[r - 1],
      probability: alpha,
      method: 'empirical',
      expectedBeyond,
      rank: r,
      exceedance: r / (n + 1),
    })
    if (method === 'empirical' || (method === 'auto' && rank >= 1)) {
      if (rank < 1)
        notes.push(
          `The empirical ${which} bound is the sample ${which === 'upper' ? 'maximum' : 'minimum'}: a new run lies beyond it with probability 1/${n + 1}, more than the ${formatCount(alpha)} asked for (${Math.ceil(1 / alpha) - 1} runs would do).`,
        )
      void level
      return orderStatistic(Math.max(rank, 1))
    }
    // Extreme-value extrapolation on the tail, as an upper tail (the lower one negated).
    const s = this.sorted
    const tail = new Float64Array(n)
    if (which === 'upper') tail.set(s)
    else for (let i = 0; i < n; i++) tail[i] = -s[n - 1 - i]
    const u = quantileSorted(tail, Math.max(EVT_THRESHOLD_QUANTILE, 1 - EVT_MAX_EXCEEDANCES / n))
    let first = n
    while (first > 0 && tail[first - 1] > u) first--
    const k = n - first
    const zeta = k / n
    if (k === 0) {
      // The most extreme runs are all tied: the tail is an atom at u.
      notes.push(
        `The ${which} ${k === 0 && n > 5000 ? EVT_MAX_EXCEEDANCES : '10%'} most extreme runs are all equal: the ${which} bound is that value.`,
      )
      return { value: which === 'upper' ? u : -u, probability: alpha, method: 'empirical', expectedBeyond }
    }
    if (method === 'auto' && (n + 1) * alpha < EVT_MIN_EXTRAPOLATION)
      throw new InvalidRangeError(
        'Baseline.interval',
        'coverage',
        `needs a ${which} tail probability of ${formatCount(alpha)}, beyond what ${n} runs support: a bound a new run exceeds at most that often takes at least ${Math.ceil(1 / alpha) - 1} runs from the runs alone, and ${Math.ceil(EVT_MIN_EXTRAPOLATION / alpha) - 1} with the extreme-value extrapolation (which goes at most ${1 / EVT_MIN_EXTRAPOLATION}× beyond the most extreme run's level). Run more simulations (monteCarlo runs) or ask for a lower coverage.`,
      )
    if (k < EVT_MIN_EXCEEDANCES)
      throw new InvalidRangeError(
        'Baseline.interval',
        'coverage',
        `needs a ${which} tail probability of ${formatCount(alpha)}, beyond what ${n} runs support: empirically that takes at least ${Math.ceil(1 / alpha) - 1} runs, and the extreme-value extrapolation at least ${EVT_MIN_EXCEEDANCES} runs beyond the 90th percentile (about ${Math.round(EVT_MIN_EXCEEDANCES / (1 - EVT_THRESHOLD_QUANTILE))} runs), got ${k}. Run more simulations (monteCarlo runs) or ask for a lower coverage.`,
      )
    if (!(alpha < zeta))
      throw new InvalidRangeError(
        'Baseline.interval',
        'coverage',
        `gives a ${which} tail probability of ${formatCount(alpha)}, not beyond the EVT threshold (${formatCount(zeta)} of runs exceed it): use method 'empirical' or 'auto'.`,
      )
    const y = new Float64Array(k)
    for (let i = 0; i < k; i++) y[i] = tail[first + i] - u
    let fit: GeneralizedParetoFit
    try {
      fit = fitGeneralizedPareto(y)
    } catch {
      notes.push(
        `The ${which} tail has too few distinct values for an extreme-value fit: the bound is the sample extreme.`,
      )
      const v = tail[n - 1]
      return { value: which === 'upper' ? v : -v, probability: alpha, method: 'empirical', expectedBeyond }
    }
    const plugIn = u + gpdQuantile(1 - alpha / zeta, fit.shape, fit.scale)
    const q =
      evtBound === 'plug-in'
        ? plugIn
        : Math.max(exponentialPredictiveBound(y, u, n, alpha), conservativeGpdBound(y, fit, u, zeta, alpha))
    if (fit.method === 'pwm')
      notes.push(
        `The ${which} tail was fitted by probability-weighted moments: maximum likelihood found no interior maximum.`,
      )
    return {
      value: which === 'upper' ? q : -q,
      probability: alpha,
      method: 'evt-gpd',
      evtBound,
      expectedBeyond,
      fit: {
        threshold: which === 'upper' ? u : -u,
        thresholdProbability: zeta,
        exceedances: k,
        shape: fit.shape,
        scale: fit.scale,
        fitMethod: fit.method,
        plugInBound: which === 'upper' ? plugIn : -plugIn,
      },
    }
  }

  /** The serialisable form: `JSON.stringify(baseline)` and {@link Baseline.fromJSON} round-trip exactly. */
  toJSON(): BaselineJSON {
    const json: BaselineJSON = { kind: JSON_KIND, version: 1, samples: Array.from(this.samples) }
    if (this.seed !== undefined) json.seed = this.seed
    return json
  }
}

function formatCount(x: number): string {
  return String(Number(x.toPrecision(3)))
}

// ---------------------------------------------------------------------------------------------------
// monteCarlo
// ---------------------------------------------------------------------------------------------------

/** Options of {@link monteCarlo}. */
export interface MonteCarloOptions {
  /** Number of runs, a whole number ≥ 2 (default 1000). */
  runs?: number
  /**
   * Seed; run i gets `createRng(seed).fork(i)`. Default: `PROBABLY_SEED`, else `configure({ seed })`, else
   * one derived from the current test's file and name when a global `expect` is there, else a fixed one.
   */
  seed?: Seed
  /** How many runs may be pending at once for an async simulation (default 1). */
  concurrency?: number
  /** Time budget in milliseconds for all runs (default `getConfig().timeoutMs`, 4000). */
  timeoutMs?: number
  /**
   * With a simulation given as `{ module, export }`: the worker threads of the pool (default: the cores,
   * `os.availableParallelism()`); `0` runs it in this thread. The values are the same whatever the number.
   */
  workers?: number
}

/** A simulation given by module and export name, for {@link monteCarlo} on worker threads. */
export interface SimulationModule {
  /** The module: an absolute path, a path relative to the working directory, or a file: URL. */
  module: string | URL
  /** The export that is the simulation (default `'default'`). */
  export?: string
}

/**
 * Runs a simulation `runs` times and returns the outcomes as a {@link Baseline}. The simulation is a
 * sampler: called with `{ rng, seed, index }` (run i seeded with `${seed}/${i}`), it returns a finite
 * number or a promise of one. Errors name the run and its seed; see {@link drawSamples}.
 *
 * A CPU-bound simulation can run on worker threads: give it as `{ module, export }` (a module the workers
 * import, and the name of its export) instead of a function. The runs are split into chunks on a tinypool
 * pool of `workers` threads, each run seeded as in this thread, so the Baseline is identical to the
 * single-thread run's for the same seed, whatever the number of workers. The pool is started by the first
 * such call and kept for the next ones (its threads exit after 10 s without work and never keep the
 * process alive), so only the first call pays for starting the threads.
 *
 * @example
 * const base = await monteCarlo(({ rng }) => simulate(rng), { runs: 500, seed: 'nightly' })
 * base.interval(0.999) // extrapolated with EVT: 500 runs leave 0.25 expected beyond each bound
 * const fast = await monteCarlo({ module: './sim.mjs', export: 'simulate' }, { runs: 10_000 }) // on every core
 */
export async function monteCarlo(
  fn: Sampler<number> | SimulationModule,
  options: MonteCarloOptions = {},
): Promise<Baseline> {
  const where = 'monteCarlo'
  const isModule = fn !== null && typeof fn === 'object' && 'module' in fn
  if (typeof fn !== 'function' && !isModule)
    throw new InvalidInputError(
      where,
      'fn',
      `must be a function (a sampler) or { module, export } (a simulation for worker threads), got ${describeValue(fn)}`,
    )
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  const runs = checkCount(where, 'runs', options.runs ?? 1000, 2)
  const s = options.seed
  if (
    s !== undefined &&
    !((typeof s === 'string' && s !== '') || (typeof s === 'number' && Number.isFinite(s)))
  )
    throw new InvalidInputError(
      where,
      'seed',
      `must be a non-empty string or a finite number, got ${describeValue(s)}`,
    )
  const { seed } = resolveSeed({
    option: s,
    configured: getConfig().seed,
    ...(s === undefined ? currentTestSeedContext(where) : {}),
  })
  if (isModule) {
    const values = await runOnWorkers(fn as SimulationModule, runs, seed, options)
    return trustedBaseline(withoutNegativeZero(values, values), seed)
  }
  if (options.workers !== undefined)
    throw new InvalidInputError(
      where,
      'workers',
      'needs the simulation as { module, export }: a function cannot be sent to worker threads',
    )
  const { values } = await drawSamples(fn as Sampler<number>, {
    samples: runs,
    seed,
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    where,
    check: drawChecks.finiteNumber,
  })
  return trustedBaseline(withoutNegativeZero(values, new Float64Array(runs)), seed)
}

/** Copies checked runs into `out` with -0 turned into 0 (JSON has no -0: the round trip stays exact). */
function withoutNegativeZero(values: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = values[i] + 0
  return out
}

// ---------------------------------------------------------------------------------------------------
// monteCarlo on worker threads
// ---------------------------------------------------------------------------------------------------

/** The worker file beside this bundle (dist/montecarlo-worker.js or .cjs). */
async function workerFile(): Promise<string> {
  const { existsSync } = await import('node:fs')
  const { dirname, join } = await import('node:path')
  const { fileURLToPath } = await import('node:url')
  // import.meta.url: tsup's shims give the CommonJS build its equivalent.
  const here = fileURLToPath(import.meta.url)
  const dir = dirname(here)
  // Built: the worker sits beside this bundle. From source (the library's own tests): the built one.
  for (const candidate of [
    join(dir, 'montecarlo-worker.js'),
    join(dir, 'montecarlo-worker.cjs'),
    join(dir, '..', 'dist', 'montecarlo-worker.js'),
  ])
    if (existsSync(candidate)) return candidate
  throw new InvalidInputError(
    'monteCarlo',
    'fn',
    `cannot run on worker threads: the worker file montecarlo-worker.js was not found beside ${here} (build the package)`,
  )
}

async function resolveModule(m: SimulationModule): Promise<{ module: string; exportName: string }> {
  const where = 'monteCarlo'
  const exportName = m.export ?? 'default'
  if (typeof exportName !== 'string' || exportName === '')
    throw new InvalidInputError(where, 'fn.export', 'must be the non-empty name of an export')
  const raw = m.module
  if (raw instanceof URL) return { module: raw.href, exportName }
  if (typeof raw !== 'string' || raw === '')
    throw new InvalidInputError(
      where,
      'fn.module',
      `must be a path or a file: URL, got ${describeValue(raw)}`,
    )
  if (/^file:/i.test(raw)) return { module: raw, exportName }
  const { isAbsolute, resolve } = await import('node:path')
  return { module: isAbsolute(raw) ? raw : resolve(process.cwd(), raw), exportName }
}

/**
 * How long the threads of the shared pool stay up after their last task (then they exit; the next call
 * starts new ones). Idle threads never keep the process alive (tinypool unrefs them).
 */
const POOL_IDLE_MS = 10_000

type Pool = import('tinypool').Tinypool
const pools = new Map<number, Promise<Pool>>()

/**
 * The pool of `workers` threads, made on first use and kept for the calls that follow: starting threads
 * and loading the simulation into them (tens of milliseconds each) is paid once, not at every call.
 */
function sharedPool(workers: number): Promise<Pool> {
  let p = pools.get(workers)
  if (!p) {
    p = (async () => {
      const { Tinypool } = await import('tinypool')
      return new Tinypool({
        filename: await workerFile(),
        minThreads: 0,
        maxThreads: workers,
        idleTimeout: POOL_IDLE_MS,
      })
    })()
    p.catch(() => pools.delete(workers))
    pools.set(workers, p)
  }
  return p
}

/**
 * The runs split into chunks for `workers` threads, largest first (guided scheduling): each chunk is
 * 1/(2 × workers) of the runs left, but not below runs/(128 × workers), so that the threads finish within
 * a small chunk of each other while the tasks (each a message both ways) stay few: about
 * 2 × workers × ln(64) + 64 in all, whatever the runs.
 */
function chunks(runs: number, workers: number): Array<[number, number]> {
  const smallest = Math.max(1, Math.ceil(runs / (128 * workers)))
  const out: Array<[number, number]> = []
  for (let from = 0; from < runs; ) {
    const to = Math.min(runs, from + Math.max(smallest, Math.ceil((runs - from) / (2 * workers))))
    out.push([from, to])
    from = to
  }
  return out
}

async function runOnWorkers(
  m: SimulationModule,
  runs: number,
  seed: string,
  options: MonteCarloOptions,
): Promise<Float64Array> {
  const where = 'monteCarlo'
  const { module, exportName } = await resolveModule(m)
  const { availableParallelism, cpus } = await import('node:os')
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length
  const workers = checkCount(where, 'workers', options.workers ?? cores, 0)
  const timeoutMs = options.timeoutMs ?? getConfig().timeoutMs
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0))
    throw new InvalidRangeError(where, 'timeoutMs', 'must be a positive number of milliseconds (or Infinity)')
  const worker = (await import('./montecarlo-worker')) as typeof import('./montecarlo-worker')
  const out = new Float64Array(runs)
  const rethrow = (e: { name: string; message: string; index?: number; seed?: string }): never => {
    if (e.index !== undefined && e.seed !== undefined) {
      const err = new SamplerError(where, e.index, e.seed, new Error(e.message))
      err.message = e.message
      throw err
    }
    const err = e.name === 'InvalidInputError' ? new InvalidInputError(where, 'fn', '') : new Error()
    err.message = e.message
    throw err
  }
  if (workers === 0) {
    // In this thread, through the worker's own code: the same values.
    const r = await worker.default({ module, exportName, seed, from: 0, to: runs })
    if ('error' in r) rethrow(r.error)
    return (r as { values: Float64Array }).values
  }
  return withPool(workers, async (pool) => {
    const plan = chunks(runs, workers)
    const tasks: Promise<void>[] = []
    let timer: ReturnType<typeof setTimeout> | undefined
    const start = Date.now()
    let done = 0
    try {
      for (const [from, to] of plan) {
        tasks.push(
          pool
            .run({ module, exportName, seed, from, to })
            .then((r: import('./montecarlo-worker').MonteCarloTaskResult) => {
              if ('error' in r) rethrow(r.error)
              out.set((r as { values: Float64Array }).values, from)
              done += to - from
            }),
        )
      }
      const all = Promise.all(tasks)
      if (Number.isFinite(timeoutMs)) {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new SamplerTimeoutError(
                  where,
                  { timeoutMs, completed: done, requested: runs, elapsedMs: Date.now() - start, seed },
                  'runs',
                ),
              ),
            timeoutMs,
          )
        })
        await Promise.race([all, timeout])
      } else await all
    } catch (error) {
      for (const t of tasks) t.catch(() => undefined) // the ones stopped with their threads reject: nobody listens
      throw error
    } finally {
      if (timer !== undefined) clearTimeout(timer)
    }
    return out
  })
}

/** The calls waiting for (or running on) the shared pool of each worker count, in order. */
const poolQueues = new Map<number, Promise<void>>()

/**
 * Runs `f` on the shared pool of `workers` threads, one call at a time: concurrent calls wait for each
 * other (they would share the same cores anyway), so that a call that fails or times out can stop the
 * threads still running its tasks — by destroying the pool; the next call starts a new one — without
 * touching another call's tasks. (Aborting single tinypool tasks of one call while another call's tasks
 * ran on the same pool terminated or stalled the other call's tasks: measured in 6 of 12 rounds.)
 */
async function withPool<T>(workers: number, f: (pool: Pool) => Promise<T>): Promise<T> {
  const before = poolQueues.get(workers) ?? Promise.resolve()
  let release = (): void => undefined
  const turn = new Promise<void>((resolve) => {
    release = resolve
  })
  const queue = before.then(() => turn)
  poolQueues.set(workers, queue)
  await before
  try {
    const pool = await sharedPool(workers)
    try {
      return await f(pool)
    } catch (error) {
      pools.delete(workers)
      void pool.destroy().catch(() => undefined)
      throw error
    }
  } finally {
    release()
    if (poolQueues.get(workers) === queue) poolQueues.delete(workers)
  }
}
