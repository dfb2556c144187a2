/**
 * Confidence intervals: for a proportion (Wilson, Clopper–Pearson, Jeffreys, Agresti–Coull), a mean
 * (Student t), a difference of proportions (Newcombe's hybrid score), a difference of means (Welch),
 * a quantile (distribution-free, from order statistics) and any statistic (bootstrap, percentile or BCa).
 *
 * Every function returns `{ estimate, lower, upper, confidence, method, alternative }` (plus extra fields),
 * and takes `{ confidence = 0.95, alternative = 'two-sided' }`. As in SciPy, `alternative: 'less'` gives
 * a one-sided interval `(-Infinity or the natural bound, upper]` and `'greater'` gives
 * `[lower, +Infinity or the natural bound)`, each at the full confidence level (so its finite bound is
 * the corresponding bound of the two-sided interval at level `2·confidence - 1`).
 */
import type { OneSidedBounds } from './decision'
import { quantileSorted } from './descriptive'
import {
  betaIsf,
  betaPpf,
  binomialCdf,
  binomialSf,
  normalCdf,
  normalIsf,
  normalPpf,
  studentTIsf,
} from './distributions'
import {
  checkCount,
  checkOneOf,
  checkOpenUnit,
  checkSample,
  describeValue,
  InvalidInputError,
  InvalidRangeError,
} from './errors'
import {
  clopperPearsonUnchecked,
  meanVarianceUnchecked,
  powerOfTwoScale,
  welchDegreesOfFreedom,
} from './numeric'
import { createRng, type Rng, type Seed } from './random'

/** Which side(s) an interval bounds, as SciPy's `alternative`. */
export type IntervalAlternative = 'two-sided' | 'less' | 'greater'

const ALTERNATIVES: readonly IntervalAlternative[] = ['two-sided', 'less', 'greater']

/** Options shared by every interval. */
export interface IntervalOptions {
  /** Confidence level in (0, 1). Default 0.95. */
  confidence?: number
  /**
   * `'two-sided'` (default): `[lower, upper]`. `'less'`: only an upper bound, `lower` is -Infinity (or the
   * natural bound, 0 for a proportion). `'greater'`: only a lower bound, `upper` is +Infinity (or 1).
   */
  alternative?: IntervalAlternative
}

/** A confidence interval. */
export interface Interval {
  /** The point estimate. */
  estimate: number
  /** Lower bound (-Infinity or the natural bound when `alternative` is `'less'`). */
  lower: number
  /** Upper bound (+Infinity or the natural bound when `alternative` is `'greater'`). */
  upper: number
  /** The confidence level. */
  confidence: number
  /** The method, e.g. `'wilson'`, `'t'`, `'bca'`. */
  method: string
  /** Which side(s) are bounded. */
  alternative: IntervalAlternative
}

function readOptions(where: string, options: IntervalOptions | undefined) {
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw new InvalidInputError(where, 'options', 'must be an object')
  const confidence = options?.confidence ?? 0.95
  checkOpenUnit(where, 'confidence', confidence)
  const alternative = checkOneOf(where, 'alternative', options?.alternative ?? 'two-sided', ALTERNATIVES)
  // Probability left out in each bounded tail.
  const tail = alternative === 'two-sided' ? (1 - confidence) / 2 : 1 - confidence
  return { confidence, alternative, tail }
}

// ---------------------------------------------------------------- proportion

/** Methods of {@link proportionInterval}. */
export type ProportionMethod = 'wilson' | 'clopper-pearson' | 'jeffreys' | 'agresti-coull'

const PROPORTION_METHODS: readonly ProportionMethod[] = [
  'wilson',
  'clopper-pearson',
  'jeffreys',
  'agresti-coull',
]

/** Options of {@link proportionInterval}. */
export interface ProportionIntervalOptions extends IntervalOptions {
  /** Default `'wilson'`. */
  method?: ProportionMethod
}

const clip01 = (x: number) => Math.min(Math.max(x, 0), 1)

/**
 * Wilson's score bounds `[lower, upper]` (unclipped) for a proportion `p` of `n` trials at the normal
 * quantile `z`: statsmodels' `proportion_confint(method='wilson')`, `(p + z²/2n ± z·√(p(1−p)/n +
 * z²/4n²)) / (1 + z²/n)`, multiplied through by n: `(np + z²/2 ± z·√(np(1−p) + z²/4)) / (n + z²)`, which
 * is finite for every n > 0 (z²/n overflows for a subnormal n) and every z (p at rate ½). `n` may be
 * fractional. At p = 0 and p = 1 the bound is exactly 0 or 1 (the formula leaves a rounding error); a
 * negative z (an error rate above ½) puts each bound on the far side of p, as the score test does.
 */
function wilsonScoreBounds(p: number, n: number, z: number): [number, number] {
  // Rate ½: both bounds are p (n·p may underflow for a subnormal n, so not from the formula).
  if (z === 0) return [p, p]
  const z2 = z * z
  const denom = n + z2
  const center = (n * p + z2 / 2) / denom
  const dist = (z * Math.sqrt(n * p * (1 - p) + z2 / 4)) / denom
  return [p === 0 && z >= 0 ? 0 : center - dist, p === 1 && z >= 0 ? 1 : center + dist]
}

/**
 * One-sided Wilson score bounds for a proportion `p` of `n` trials, each erring with probability `rate`
 * on its own side: the bounds of `statsmodels.stats.proportion.proportion_confint(p·n, n, alpha=2·rate,
 * method='wilson')`. `n` may be fractional (an effective number of trials, e.g. n divided by a design
 * effect). Clipped to [0, 1]. The same formula as {@link proportionInterval}'s `'wilson'` method.
 *
 * @example wilsonBounds(0.9, 250.5, 0.05) // { lower: 0.8644…, upper: 0.9270… }
 */
export function wilsonBounds(p: number, n: number, rate: number): OneSidedBounds {
  const where = 'wilsonBounds'
  if (typeof p !== 'number' || !(p >= 0 && p <= 1))
    throw new InvalidRangeError(where, 'p', `must lie in [0, 1], got ${describeValue(p)}`)
  if (typeof n !== 'number' || !(n > 0) || !Number.isFinite(n))
    throw new InvalidRangeError(where, 'n', `must be a positive finite number, got ${describeValue(n)}`)
  checkOpenUnit(where, 'rate', rate)
  const [lower, upper] = wilsonScoreBounds(p, n, normalIsf(rate))
  return { lower: clip01(lower), upper: clip01(upper) }
}

/** Two-sided bounds of a proportion interval leaving `tail` in each tail (unclipped for Wilson/AC). */
function proportionBounds(k: number, n: number, tail: number, method: ProportionMethod): [number, number] {
  const p = k / n
  switch (method) {
    case 'wilson':
      return wilsonScoreBounds(p, n, normalIsf(tail))
    case 'agresti-coull': {
      const z = normalIsf(tail)
      const z2 = z * z
      const nc = n + z2
      const pc = (k + z2 / 2) / nc
      const dist = z * Math.sqrt((pc * (1 - pc)) / nc)
      return [pc - dist, pc + dist]
    }
    case 'clopper-pearson':
      return clopperPearsonUnchecked(k, n, tail)
    case 'jeffreys':
      return [betaPpf(tail, k + 0.5, n - k + 0.5), betaIsf(tail, k + 0.5, n - k + 0.5)]
  }
}

/**
 * A confidence interval for a binomial proportion from `successes` out of `trials`.
 *
 * Methods, identical to `statsmodels.stats.proportion.proportion_confint` (whose names are in brackets):
 * - `'wilson'` (default) — Wilson's score interval [`'wilson'`]; good coverage at every n and p.
 * - `'clopper-pearson'` — the "exact" interval from beta quantiles [`'beta'`]; conservative. Its bound is
 *   0 at k = 0 and 1 at k = n.
 * - `'jeffreys'` — equal-tailed Beta(k + ½, n - k + ½) posterior interval [`'jeffreys'`]. Like statsmodels
 *   0.13, no special case at k = 0 or k = n (Brown, Cai & DasGupta set the bound to 0 or 1 there; this
 *   function does not).
 * - `'agresti-coull'` — the "add z²/2 successes and failures" Wald interval [`'agresti_coull'`].
 *
 * Bounds are clipped to [0, 1]. One-sided intervals (`alternative`) are the matching bound of the
 * two-sided interval at level `2·confidence - 1` (statsmodels with `alpha * 2`, one side kept); the other
 * bound is 0 (`'less'`) or 1 (`'greater'`). The estimate is always `successes / trials`.
 *
 * @example proportionInterval(81, 263) // { estimate: 0.308, lower: 0.2553, upper: 0.3662, method: 'wilson', ... }
 * @example proportionInterval(0, 20, { method: 'clopper-pearson', alternative: 'less' }).upper // 0.1391
 */
export function proportionInterval(
  successes: number,
  trials: number,
  options: ProportionIntervalOptions = {},
): Interval {
  const where = 'proportionInterval'
  const { confidence, alternative, tail } = readOptions(where, options)
  const method = checkOneOf(where, 'method', options.method ?? 'wilson', PROPORTION_METHODS)
  checkCount(where, 'trials', trials, 1)
  checkCount(where, 'successes', successes)
  if (successes > trials)
    throw new InvalidRangeError(where, 'successes', `must not exceed trials = ${trials}, got ${successes}`)
  const [lo, hi] = proportionBounds(successes, trials, tail, method)
  return {
    estimate: successes / trials,
    lower: alternative === 'less' ? 0 : clip01(lo),
    upper: alternative === 'greater' ? 1 : clip01(hi),
    confidence,
    method,
    alternative,
  }
}

// ---------------------------------------------------------------- mean

/** A t interval, with its standard error and degrees of freedom. */
export interface TInterval extends Interval {
  /** Standard error of the estimate. */
  standardError: number
  /** Degrees of freedom of the t distribution used. */
  df: number
}

/**
 * A power of two c such that the values of the samples divided by c (exactly) can be summed and squared
 * without overflow: 1 unless some |xᵢ| exceeds 2⁵⁰⁰.
 */
const hugeScale = (...samples: ArrayLike<number>[]): number => powerOfTwoScale(samples, false)

function scaled(xs: ArrayLike<number>, c: number): ArrayLike<number> {
  return c === 1 ? xs : Float64Array.from(xs, (x) => x / c)
}

/** Mean and sample variance (divisor n − 1). */
const sampleMoments = (xs: ArrayLike<number>): [number, number] => meanVarianceUnchecked(xs, 1)

function tBounds(
  estimate: number,
  se: number,
  df: number,
  tail: number,
  alternative: IntervalAlternative,
): [number, number] {
  const h = se === 0 ? 0 : studentTIsf(tail, df) * se
  return [
    alternative === 'less' ? Number.NEGATIVE_INFINITY : estimate - h,
    alternative === 'greater' ? Number.POSITIVE_INFINITY : estimate + h,
  ]
}

/**
 * The Student t confidence interval for the mean of `xs`: `x̄ ± t(1 - α/2, n - 1) · s / √n`
 * (`scipy.stats.ttest_1samp(xs, 0).confidence_interval(confidence)`, `scipy.stats.t.interval`). Needs at
 * least 2 values. All values equal gives the zero-width interval `[x̄, x̄]` (SciPy gives NaN).
 *
 * @example meanInterval([4.1, 5.2, 6.3, 5.0, 4.8]) // { estimate: 5.08, lower: 4.089, upper: 6.071, method: 't', ... }
 */
export function meanInterval(xs: ArrayLike<number>, options: IntervalOptions = {}): TInterval {
  const where = 'meanInterval'
  const { confidence, alternative, tail } = readOptions(where, options)
  checkSample(where, 'xs', xs, 2)
  const n = xs.length
  // Values near the largest double: compute in units of a power of two c (exact), scale back at the end.
  const c = hugeScale(xs)
  const [m, v] = sampleMoments(scaled(xs, c))
  const se = Math.sqrt(v / n)
  const [lower, upper] = tBounds(m, se, n - 1, tail, alternative)
  return {
    estimate: m * c,
    lower: lower * c,
    upper: upper * c,
    confidence,
    method: 't',
    alternative,
    standardError: se * c,
    df: n - 1,
  }
}

/** Options of {@link meanDifferenceInterval}. */
export interface MeanDifferenceIntervalOptions extends IntervalOptions {
  /**
   * `false` (default): Welch's interval, unequal variances, Welch–Satterthwaite degrees of freedom.
   * `true`: the pooled-variance Student interval with `n₁ + n₂ - 2` degrees of freedom.
   */
  equalVariance?: boolean
}

/**
 * A confidence interval for the difference of means `mean(xs) - mean(ys)`, by Welch's t (default;
 * `scipy.stats.ttest_ind(xs, ys, equal_var=False)`) or the pooled Student t (`equalVariance: true`).
 * Each sample needs at least 2 values. Both samples constant gives a zero-width interval.
 *
 * @example meanDifferenceInterval([5.1, 4.9, 5.6, 5.8], [4.1, 4.4, 4.0, 4.9, 4.2]) // Welch, estimate ≈ 1.03
 */
export function meanDifferenceInterval(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  options: MeanDifferenceIntervalOptions = {},
): TInterval {
  const where = 'meanDifferenceInterval'
  const { confidence, alternative, tail } = readOptions(where, options)
  checkSample(where, 'xs', xs, 2)
  checkSample(where, 'ys', ys, 2)
  const nx = xs.length
  const ny = ys.length
  // Values near the largest double: compute in units of a power of two c (exact), scale back at the end.
  const c = hugeScale(xs, ys)
  const [mx, vx] = sampleMoments(scaled(xs, c))
  const [my, vy] = sampleMoments(scaled(ys, c))
  const d = mx - my
  if (!Number.isFinite(d * c))
    throw new InvalidRangeError(
      where,
      'xs and ys',
      `have a difference of means beyond the largest double (${mx * c} - ${my * c})`,
    )
  let se: number
  let df: number
  let method: string
  if (options.equalVariance) {
    df = nx + ny - 2
    const pooled = ((nx - 1) * vx + (ny - 1) * vy) / df
    se = Math.sqrt(pooled * (1 / nx + 1 / ny))
    method = 'student-t'
  } else {
    const ax = vx / nx
    const ay = vy / ny
    se = Math.sqrt(ax + ay)
    // Both samples constant: a zero-width interval (df is then immaterial).
    df = ax + ay === 0 ? nx + ny - 2 : welchDegreesOfFreedom(ax, nx, ay, ny)
    method = 'welch-t'
  }
  const [lower, upper] = tBounds(d, se, df, tail, alternative)
  return {
    estimate: d * c,
    lower: lower * c,
    upper: upper * c,
    confidence,
    method,
    alternative,
    standardError: se * c,
    df,
  }
}

// ---------------------------------------------------------------- difference of proportions

/**
 * A confidence interval for `p₁ - p₂ = k1/n1 - k2/n2` by Newcombe's hybrid score method (method 10 of
 * Newcombe 1998), built from the two Wilson intervals (lᵢ, uᵢ):
 * `d - √((p₁ - l₁)² + (u₂ - p₂)²)` to `d + √((u₁ - p₁)² + (p₂ - l₂)²)`. Equal to
 * `statsmodels.stats.proportion.confint_proportions_2indep(k1, n1, k2, n2, method='newcomb')`
 * (same sign convention, p₁ - p₂). One-sided: the matching bound at level `2·confidence - 1`, the other
 * bound -1 (`'less'`) or 1 (`'greater'`).
 *
 * @example proportionDifferenceInterval(56, 70, 48, 80) // estimate 0.2, [0.0524, 0.3339] (Newcombe's example)
 */
export function proportionDifferenceInterval(
  k1: number,
  n1: number,
  k2: number,
  n2: number,
  options: IntervalOptions = {},
): Interval {
  const where = 'proportionDifferenceInterval'
  const { confidence, alternative, tail } = readOptions(where, options)
  checkCount(where, 'n1', n1, 1)
  checkCount(where, 'n2', n2, 1)
  checkCount(where, 'k1', k1)
  checkCount(where, 'k2', k2)
  if (k1 > n1) throw new InvalidRangeError(where, 'k1', `must not exceed n1 = ${n1}, got ${k1}`)
  if (k2 > n2) throw new InvalidRangeError(where, 'k2', `must not exceed n2 = ${n2}, got ${k2}`)
  const p1 = k1 / n1
  const p2 = k2 / n2
  const [l1, u1] = proportionBounds(k1, n1, tail, 'wilson')
  const [l2, u2] = proportionBounds(k2, n2, tail, 'wilson')
  const d = p1 - p2
  const lower = d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
  const upper = d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
  return {
    estimate: d,
    lower: alternative === 'less' ? -1 : lower,
    upper: alternative === 'greater' ? 1 : upper,
    confidence,
    method: 'newcombe',
    alternative,
  }
}

// ---------------------------------------------------------------- quantile

/** A distribution-free quantile interval, with the order statistics used and the exact coverage. */
export interface QuantileInterval extends Interval {
  /** The quantile's probability p. */
  p: number
  /** 1-based rank of the order statistic giving `lower` (0 when `lower` is -Infinity). */
  lowerRank: number
  /** 1-based rank of the order statistic giving `upper` (n + 1 when `upper` is +Infinity). */
  upperRank: number
  /**
   * The exact coverage `P(X₍ₗ₎ ≤ ξₚ < X₍ᵤ₎)` for a continuous distribution, at least `confidence` (the
   * binomial steps make the interval conservative).
   */
  coverage: number
}

/**
 * A distribution-free (nonparametric) confidence interval for the `p`-quantile ξₚ from order statistics
 * `[X₍ₗ₎, X₍ᵤ₎]` (ranks 1-based). With B ~ Binomial(n, p), the number of observations below ξₚ,
 * `P(X₍ₗ₎ ≤ ξₚ < X₍ᵤ₎) = P(l ≤ B < u)` for any continuous distribution. Equal-tailed: l is the largest
 * rank with `P(B < l) ≤ α/2` and u the smallest with `P(B ≥ u) ≤ α/2`, so `coverage` (reported) is at
 * least `confidence` (up to rounding: a tail probability within 1e-12 relative of α/2 counts as equal).
 * When n is too small no rank qualifies and the bound is -Infinity / +Infinity (rank
 * 0 / n + 1). One-sided: `'less'` gives `(-Infinity, X₍ᵤ₎]` with `P(B ≥ u) ≤ α`; `'greater'` gives
 * `[X₍ₗ₎, +Infinity)` with `P(B < l) ≤ α`. The estimate is the type 7 sample quantile.
 *
 * @example quantileInterval(xs, 0.5) // median interval; with n = 100: ranks 40 and 61, coverage 0.9648
 */
export function quantileInterval(
  xs: ArrayLike<number>,
  p: number,
  options: IntervalOptions = {},
): QuantileInterval {
  const where = 'quantileInterval'
  const { confidence, alternative, tail } = readOptions(where, options)
  checkSample(where, 'xs', xs)
  checkOpenUnit(where, 'p', p)
  const sorted = Float64Array.from(xs).sort()
  const n = sorted.length
  // A tail probability within rounding of the allowed tail counts as equal to it.
  const allowed = tail * (1 + 1e-12)
  // Lower rank: largest l in [1, n] with P(B ≤ l - 1) ≤ tail; 0 if none.
  let lowerRank = 0
  let lowerTail = 0
  if (alternative !== 'less') {
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (binomialCdf(mid - 1, n, p) <= allowed) lo = mid
      else hi = mid - 1
    }
    lowerRank = lo
    lowerTail = lo === 0 ? 0 : binomialCdf(lo - 1, n, p)
  }
  // Upper rank: smallest u in [1, n] with P(B ≥ u) = P(B > u - 1) ≤ tail; n + 1 if none.
  let upperRank = n + 1
  let upperTail = 0
  if (alternative !== 'greater') {
    let lo = 1
    let hi = n + 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (binomialSf(mid - 1, n, p) <= allowed) hi = mid
      else lo = mid + 1
    }
    upperRank = lo
    upperTail = lo === n + 1 ? 0 : binomialSf(lo - 1, n, p)
  }
  return {
    estimate: quantileSorted(sorted, p),
    lower: lowerRank === 0 ? Number.NEGATIVE_INFINITY : sorted[lowerRank - 1],
    upper: upperRank === n + 1 ? Number.POSITIVE_INFINITY : sorted[upperRank - 1],
    confidence,
    method: 'order-statistic',
    alternative,
    p,
    lowerRank,
    upperRank,
    coverage: 1 - lowerTail - upperTail,
  }
}

// ---------------------------------------------------------------- bootstrap

/** Methods of {@link bootstrapInterval}. */
export type BootstrapMethod = 'percentile' | 'bca'

/** Options of {@link bootstrapInterval}. */
export interface BootstrapIntervalOptions extends IntervalOptions {
  /** `'bca'` (default): bias-corrected and accelerated (Efron 1987). `'percentile'`: plain percentiles. */
  method?: BootstrapMethod
  /** Number of bootstrap resamples. Default 9999 (as SciPy). */
  resamples?: number
  /** Seed of the resampling; default `'bootstrapInterval'` (so results are reproducible). */
  seed?: Seed
  /** A generator to draw from instead of `seed`. */
  rng?: Rng
}

/** A bootstrap interval and the bootstrap distribution's summary. */
export interface BootstrapInterval extends Interval {
  /** Number of resamples. */
  resamples: number
  /** Standard deviation of the bootstrap replicates (ddof = 1), SciPy's `standard_error`. */
  standardError: number
  /** BCa bias correction ẑ₀ (0 for the percentile method). */
  biasCorrection: number
  /** BCa acceleration â from the jackknife (0 for the percentile method). */
  acceleration: number
  /** The percentile levels (in [0, 1]) of the replicates taken as the bounds. */
  levels: [number, number]
  /** Set when BCa was impossible (degenerate bootstrap distribution) and percentiles were used instead. */
  note?: string
}

/** A statistic of a sample, for {@link bootstrapInterval}. */
export type SampleStatistic = (sample: Float64Array) => number

/**
 * The resampling stream: Chris Doty-Humphrey's sfc32 generator (32-bit state words, one add-xor-shift
 * round per draw), seeded from four draws of the given Rng. For n ≤ 65536 each 32-bit output gives two
 * indices by Lemire's multiply-shift on 16-bit halves, with rejection, so indices are exactly uniform;
 * for larger n each index takes 53 bits from two outputs. Inlined in both resampling loops below.
 */
function seedStream(rng: Rng): Int32Array {
  const state = new Int32Array(4)
  for (let i = 0; i < 4; i++) state[i] = (rng.next() * 4294967296) | 0
  for (let i = 0; i < 12; i++) {
    const t = (((state[0] + state[1]) | 0) + state[3]) | 0
    state[3] = (state[3] + 1) | 0
    state[0] = state[1] ^ (state[1] >>> 9)
    state[1] = (state[2] + (state[2] << 3)) | 0
    state[2] = ((state[2] << 21) | (state[2] >>> 11)) + t
  }
  return state
}

/**
 * The sum of one resample of `data` drawn from the stream: the mean's hot loop (two accumulators, no
 * stores). Consumes the stream exactly as {@link resample} does, so both paths see the same resamples.
 */
function resampleSum(state: Int32Array, data: Float64Array): number {
  const n = data.length
  if (n > 65536) return resample(state, data)
  let a = state[0]
  let b = state[1]
  let c = state[2]
  let d = state[3]
  let s1 = 0
  let s2 = 0
  let i = 0
  const threshold = (65536 - n) % n
  // While two or more values are missing both halves of each output are used, as in resample().
  while (i < n - 1) {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    const m1 = (t & 0xffff) * n
    if ((m1 & 0xffff) >= threshold) {
      s1 += data[m1 >>> 16]
      i++
    }
    const m2 = (t >>> 16) * n
    if ((m2 & 0xffff) >= threshold) {
      s2 += data[m2 >>> 16]
      i++
    }
  }
  while (i < n) {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    const m1 = (t & 0xffff) * n
    if ((m1 & 0xffff) >= threshold) {
      s1 += data[m1 >>> 16]
      i++
    } else {
      const m2 = (t >>> 16) * n
      if ((m2 & 0xffff) >= threshold) {
        s2 += data[m2 >>> 16]
        i++
      }
    }
  }
  state[0] = a
  state[1] = b
  state[2] = c
  state[3] = d
  return s1 + s2
}

/**
 * Draws one resample of `data` from the stream and returns its sum (`into` absent) or writes it to `into`
 * and returns 0.
 */
function resample(state: Int32Array, data: Float64Array, into?: Float64Array): number {
  const n = data.length
  let a = state[0]
  let b = state[1]
  let c = state[2]
  let d = state[3]
  let sum = 0
  let i = 0
  if (n <= 65536) {
    // Reject the low 16-bit remainders below (2^16 - n) mod n: exact uniformity.
    const threshold = (65536 - n) % n
    while (i < n) {
      const t = (((a + b) | 0) + d) | 0
      d = (d + 1) | 0
      a = b ^ (b >>> 9)
      b = (c + (c << 3)) | 0
      c = (c << 21) | (c >>> 11)
      c = (c + t) | 0
      const m1 = (t & 0xffff) * n
      if ((m1 & 0xffff) >= threshold) {
        const v = data[m1 >>> 16]
        if (into) into[i] = v
        else sum += v
        i++
      }
      if (i < n) {
        const m2 = (t >>> 16) * n
        if ((m2 & 0xffff) >= threshold) {
          const v = data[m2 >>> 16]
          if (into) into[i] = v
          else sum += v
          i++
        }
      }
    }
  } else {
    const scale = n / 9007199254740992
    while (i < n) {
      let t = (((a + b) | 0) + d) | 0
      d = (d + 1) | 0
      a = b ^ (b >>> 9)
      b = (c + (c << 3)) | 0
      c = (c << 21) | (c >>> 11)
      c = (c + t) | 0
      const hi = t >>> 5
      t = (((a + b) | 0) + d) | 0
      d = (d + 1) | 0
      a = b ^ (b >>> 9)
      b = (c + (c << 3)) | 0
      c = (c << 21) | (c >>> 11)
      c = (c + t) | 0
      const v = data[Math.floor((hi * 67108864 + (t >>> 6)) * scale)]
      if (into) into[i] = v
      else sum += v
      i++
    }
  }
  state[0] = a
  state[1] = b
  state[2] = c
  state[3] = d
  return sum
}

/**
 * Turns a bootstrap distribution into an interval: percentile, or BCa with the given acceleration.
 * Exactly SciPy's `scipy.stats.bootstrap` arithmetic (`_bca_interval`, then `np.percentile`).
 */
function intervalFromReplicates(
  estimate: number,
  sortedReplicates: Float64Array,
  acceleration: number,
  method: BootstrapMethod,
  tail: number,
  alternative: IntervalAlternative,
): { lower: number; upper: number; z0: number; levels: [number, number]; note?: string } {
  const B = sortedReplicates.length
  let levelLo = tail
  let levelHi = 1 - tail
  let z0 = 0
  let note: string | undefined
  if (method === 'bca') {
    // SciPy's _percentile_of_score: (#{θ* < θ̂} + #{θ* ≤ θ̂}) / 2B.
    let less = 0
    let lessEq = 0
    for (let i = 0; i < B; i++) {
      const v = sortedReplicates[i]
      if (v < estimate) less++
      if (v <= estimate) lessEq++
    }
    const pct = (less + lessEq) / (2 * B)
    z0 = pct <= 0 ? Number.NEGATIVE_INFINITY : pct >= 1 ? Number.POSITIVE_INFINITY : normalPpf(pct)
    if (!Number.isFinite(z0) || !Number.isFinite(acceleration)) {
      note = 'BCa undefined (degenerate bootstrap distribution); percentile interval used'
      z0 = 0
    } else {
      const zLo = normalPpf(tail)
      const zHi = -zLo
      const num1 = z0 + zLo
      levelLo = normalCdf(z0 + num1 / (1 - acceleration * num1))
      const num2 = z0 + zHi
      levelHi = normalCdf(z0 + num2 / (1 - acceleration * num2))
    }
  }
  return {
    lower: alternative === 'less' ? Number.NEGATIVE_INFINITY : quantileSorted(sortedReplicates, levelLo),
    upper: alternative === 'greater' ? Number.POSITIVE_INFINITY : quantileSorted(sortedReplicates, levelHi),
    z0,
    levels: [levelLo, levelHi],
    note,
  }
}

/** Jackknife acceleration â = Σ U³ / (6 (Σ U²)^1.5), U_i = (n - 1)(θ̄₍.₎ - θ₍ᵢ₎) (as SciPy). */
function accelerationFromJackknife(thetas: Float64Array): number {
  const n = thetas.length
  let s = 0
  for (let i = 0; i < n; i++) s += thetas[i]
  const mean = s / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    const u = (n - 1) * (mean - thetas[i])
    num += u * u * u
    den += u * u
  }
  return num / n ** 3 / (6 * (den / n ** 2) ** 1.5)
}

/**
 * A bootstrap confidence interval for `statistic(xs)` (default: the mean), by the BCa method (default)
 * or plain percentiles — `scipy.stats.bootstrap(..., method='BCa' | 'percentile')`.
 *
 * The mean has a specialised path: resampled indices are summed straight from the data (no resample is
 * built) and the BCa acceleration comes in closed form, `Σ(xᵢ - x̄)³ / (6 (Σ(xᵢ - x̄)²)^1.5)` (what the
 * jackknife gives for the mean), so 10⁴ resamples of n = 10⁴ take a fraction of a second. A custom
 * `statistic` receives each resample in one reused Float64Array (it must not keep it), and its BCa
 * acceleration is the jackknife's (n extra evaluations). The two paths draw the same resamples, so the
 * mean passed as a function gives the same interval up to rounding.
 *
 * Results are deterministic for a `seed` (default `'bootstrapInterval'`) or `rng`. A bootstrap
 * distribution with no spread (e.g. all values equal) gives the zero-width interval at the estimate;
 * when BCa's bias correction is infinite, the percentile interval is returned with a `note`.
 *
 * @example bootstrapInterval(xs) // BCa interval of the mean, 9999 resamples
 * @example bootstrapInterval(xs, median, { method: 'percentile', resamples: 2000, seed: 1 })
 */
export function bootstrapInterval(
  xs: ArrayLike<number>,
  statistic?: SampleStatistic | BootstrapIntervalOptions,
  options?: BootstrapIntervalOptions,
): BootstrapInterval {
  const where = 'bootstrapInterval'
  if (typeof statistic === 'object' && statistic !== null && options === undefined) {
    options = statistic
    statistic = undefined
  }
  if (statistic !== undefined && typeof statistic !== 'function')
    throw new InvalidInputError(where, 'statistic', 'must be a function of a Float64Array')
  options = options ?? {}
  const { confidence, alternative, tail } = readOptions(where, options)
  const method = checkOneOf(where, 'method', options.method ?? 'bca', ['percentile', 'bca'] as const)
  const B = options.resamples ?? 9999
  checkCount(where, 'resamples', B, 1)
  checkSample(where, 'xs', xs)
  if (options.rng !== undefined && typeof options.rng !== 'function')
    throw new InvalidInputError(where, 'rng', 'must be an Rng from createRng')
  const rng = options.rng ?? createRng(options.seed ?? 'bootstrapInterval')
  if (statistic === undefined) {
    // The mean of values near the largest double: bootstrap it in units of a power of two c (exact; the
    // same resamples), then scale the interval back.
    const c = hugeScale(xs)
    if (c !== 1) {
      const r = bootstrapInterval(scaled(xs, c), { ...options, rng })
      return {
        ...r,
        estimate: r.estimate * c,
        lower: r.lower * c,
        upper: r.upper * c,
        standardError: r.standardError * c,
      }
    }
  }
  const data = Float64Array.from(xs)
  const n = data.length
  const stream = seedStream(rng)
  const replicates = new Float64Array(B)
  let estimate: number
  let acceleration = 0
  if (statistic === undefined) {
    const [m] = n > 1 ? sampleMoments(data) : [data[0]]
    estimate = m
    for (let b = 0; b < B; b++) replicates[b] = resampleSum(stream, data) / n
    if (method === 'bca') {
      let s2 = 0
      let s3 = 0
      for (let i = 0; i < n; i++) {
        const d = data[i] - m
        s2 += d * d
        s3 += d * d * d
      }
      acceleration = s3 / (6 * s2 ** 1.5)
      if (!Number.isFinite(acceleration) && s2 > 0) {
        // s2^1.5 overflowed or underflowed: the same ratio, with deviations in units of the largest one.
        let k = 0
        for (let i = 0; i < n; i++) k = Math.max(k, Math.abs(data[i] - m))
        let t2 = 0
        let t3 = 0
        for (let i = 0; i < n; i++) {
          const d = (data[i] - m) / k
          t2 += d * d
          t3 += d * d * d
        }
        acceleration = t3 / (6 * t2 ** 1.5)
      }
    }
  } else {
    const stat = statistic
    estimate = stat(Float64Array.from(data))
    if (!Number.isFinite(estimate))
      throw new InvalidRangeError(where, 'statistic', `must return a finite number, got ${estimate}`)
    const buffer = new Float64Array(n)
    for (let b = 0; b < B; b++) {
      resample(stream, data, buffer)
      replicates[b] = stat(buffer)
      if (!Number.isFinite(replicates[b]))
        throw new InvalidRangeError(
          where,
          'statistic',
          `must return a finite number, got ${replicates[b]} on bootstrap resample ${b}`,
        )
    }
    if (method === 'bca' && n > 1) {
      const thetas = new Float64Array(n)
      const jack = new Float64Array(n - 1)
      for (let i = 0; i < n; i++) {
        for (let j = 0, k = 0; j < n; j++) if (j !== i) jack[k++] = data[j]
        thetas[i] = stat(jack)
      }
      acceleration = accelerationFromJackknife(thetas)
    }
  }
  let sum = 0
  for (let b = 0; b < B; b++) sum += replicates[b]
  let repMean = sum / B
  if (!Number.isFinite(sum)) {
    // Finite replicates whose sum overflows (a custom statistic near the largest double).
    repMean = 0
    for (let b = 0; b < B; b++) repMean += replicates[b] / B
  }
  let ss = 0
  for (let b = 0; b < B; b++) ss += (replicates[b] - repMean) ** 2
  const standardError = B > 1 ? Math.sqrt(ss / (B - 1)) : 0
  replicates.sort()
  if (replicates[0] === replicates[B - 1]) {
    // No spread: every resample gave the same value.
    const v = replicates[0]
    return {
      estimate,
      lower: alternative === 'less' ? Number.NEGATIVE_INFINITY : Math.min(v, estimate),
      upper: alternative === 'greater' ? Number.POSITIVE_INFINITY : Math.max(v, estimate),
      confidence,
      method,
      alternative,
      resamples: B,
      standardError: 0,
      biasCorrection: 0,
      acceleration: 0,
      levels: [tail, 1 - tail],
    }
  }
  if (!Number.isFinite(acceleration)) acceleration = 0
  const r = intervalFromReplicates(estimate, replicates, acceleration, method, tail, alternative)
  const result: BootstrapInterval = {
    estimate,
    lower: r.lower,
    upper: r.upper,
    confidence,
    method: r.note ? 'percentile' : method,
    alternative,
    resamples: B,
    standardError,
    biasCorrection: r.z0,
    acceleration: r.note ? 0 : acceleration,
    levels: r.levels,
  }
  if (r.note) result.note = r.note
  return result
}

/**
 * The interval step of the bootstrap on its own: from a point estimate and bootstrap replicates (any
 * order), the percentile or BCa interval with a given acceleration — exactly the arithmetic of
 * `scipy.stats.bootstrap` (`_bca_interval`, then `np.percentile`). For replicates computed elsewhere.
 *
 * @example intervalFromBootstrapReplicates(estimate, replicates, { method: 'bca', acceleration: 0.01 })
 */
export function intervalFromBootstrapReplicates(
  estimate: number,
  replicates: ArrayLike<number>,
  options: IntervalOptions & { method?: BootstrapMethod; acceleration?: number } = {},
): BootstrapInterval {
  const where = 'intervalFromBootstrapReplicates'
  const { confidence, alternative, tail } = readOptions(where, options)
  const method = checkOneOf(where, 'method', options.method ?? 'bca', ['percentile', 'bca'] as const)
  checkSample(where, 'replicates', replicates)
  const acceleration = options.acceleration ?? 0
  if (typeof acceleration !== 'number' || !Number.isFinite(acceleration))
    throw new InvalidRangeError(where, 'acceleration', 'must be a finite number')
  if (typeof estimate !== 'number' || !Number.isFinite(estimate))
    throw new InvalidRangeError(where, 'estimate', 'must be a finite number')
  const sorted = Float64Array.from(replicates).sort()
  const B = sorted.length
  let sum = 0
  for (let b = 0; b < B; b++) sum += sorted[b]
  let ss = 0
  for (let b = 0; b < B; b++) ss += (sorted[b] - sum / B) ** 2
  const r = intervalFromReplicates(estimate, sorted, acceleration, method, tail, alternative)
  const result: BootstrapInterval = {
    estimate,
    lower: r.lower,
    upper: r.upper,
    confidence,
    method: r.note ? 'percentile' : method,
    alternative,
    resamples: B,
    standardError: B > 1 ? Math.sqrt(ss / (B - 1)) : 0,
    biasCorrection: r.z0,
    acceleration: r.note ? 0 : acceleration,
    levels: r.levels,
  }
  if (r.note) result.note = r.note
  return result
}
