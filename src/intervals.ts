/**
 * Confidence intervals. Each returns `{ estimate, lower, upper, confidence, method }`; `alternative`
 * chooses a two-sided interval (default), `'less'` (an upper bound: the lower end is the natural bound)
 * or `'greater'` (a lower bound: the upper end is the natural bound), as scipy does.
 */
import { betaPpf, normalPpf, studentTPpf } from './distributions'
import {
  checkCount,
  checkOneOf,
  checkOpenUnit,
  checkSample,
  InvalidInputError,
  InvalidRangeError,
} from './errors'

/** Which side(s) an interval bounds. */
export type IntervalAlternative = 'two-sided' | 'less' | 'greater'

/** What every interval function returns. */
export interface Interval {
  /** The point estimate. */
  estimate: number
  lower: number
  upper: number
  /** The confidence level, in (0, 1). */
  confidence: number
  /** The method, e.g. 'wilson'. */
  method: string
  alternative: IntervalAlternative
}

/** Options shared by the interval functions. */
export interface IntervalOptions {
  /** Confidence level in (0, 1); default 0.95. */
  confidence?: number
  /** `'two-sided'` (default), `'less'` (upper bound only) or `'greater'` (lower bound only). */
  alternative?: IntervalAlternative
}

const ALTERNATIVES = ['two-sided', 'less', 'greater'] as const

function readOptions(
  where: string,
  options: unknown,
): { confidence: number; alternative: IntervalAlternative } {
  if (options !== undefined && (options === null || typeof options !== 'object'))
    throw new InvalidInputError(where, 'options', 'must be an object')
  const o = (options ?? {}) as IntervalOptions
  const confidence = checkOpenUnit(where, 'confidence', o.confidence ?? 0.95)
  const alternative = checkOneOf(where, 'alternative', o.alternative ?? 'two-sided', ALTERNATIVES)
  return { confidence, alternative }
}

/** The tail probability of each computed bound: (1 − c)/2 two-sided, 1 − c one-sided. */
function tail(confidence: number, alternative: IntervalAlternative): number {
  return alternative === 'two-sided' ? (1 - confidence) / 2 : 1 - confidence
}

/** Methods of {@link proportionInterval}. */
export type ProportionMethod = 'wilson' | 'clopper-pearson' | 'jeffreys' | 'agresti-coull'

/** Options of {@link proportionInterval}. */
export interface ProportionIntervalOptions extends IntervalOptions {
  /** Default `'wilson'`. `'clopper-pearson'` is exact (conservative): its coverage is at least nominal. */
  method?: ProportionMethod
}

/**
 * Confidence interval for a binomial proportion from `successes` out of `trials`, equal to
 * statsmodels' `proportion_confint` (methods 'wilson', 'beta', 'jeffreys', 'agresti_coull'; a one-sided
 * bound at confidence c is its two-sided bound at confidence 1 − 2(1 − c)). Bounds are clipped to [0, 1];
 * Clopper–Pearson and Jeffreys put the bound at 0 when k = 0 and at 1 when k = n.
 *
 * @example
 * proportionInterval(45, 50) // Wilson: { estimate: 0.9, lower: 0.786, upper: 0.957, ... }
 * proportionInterval(0, 20, { method: 'clopper-pearson', alternative: 'less', confidence: 0.95 })
 */
export function proportionInterval(
  successes: number,
  trials: number,
  options?: ProportionIntervalOptions,
): Interval & { successes: number; trials: number } {
  const where = 'proportionInterval'
  const n = checkCount(where, 'trials', trials, 1)
  const k = checkCount(where, 'successes', successes, 0)
  if (k > n) throw new InvalidRangeError(where, 'successes', `must not exceed trials (${k} > ${n})`)
  const { confidence, alternative } = readOptions(where, options)
  const method = checkOneOf(where, 'method', options?.method ?? 'wilson', [
    'wilson',
    'clopper-pearson',
    'jeffreys',
    'agresti-coull',
  ] as const)
  const a = tail(confidence, alternative)
  const p = k / n
  let lower: number
  let upper: number
  if (method === 'clopper-pearson' || method === 'jeffreys') {
    if (method === 'clopper-pearson') {
      lower = k === 0 ? 0 : betaPpf(a, k, n - k + 1)
      upper = k === n ? 1 : betaPpf(1 - a, k + 1, n - k)
    } else {
      lower = k === 0 ? 0 : betaPpf(a, k + 0.5, n - k + 0.5)
      upper = k === n ? 1 : betaPpf(1 - a, k + 0.5, n - k + 0.5)
    }
  } else {
    const z = normalPpf(1 - a)
    const z2 = z * z
    if (method === 'wilson') {
      const denom = 1 + z2 / n
      const centre = (p + z2 / (2 * n)) / denom
      const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom
      lower = centre - half
      upper = centre + half
    } else {
      const nt = n + z2
      const pt = (k + z2 / 2) / nt
      const half = z * Math.sqrt((pt * (1 - pt)) / nt)
      lower = pt - half
      upper = pt + half
    }
    lower = Math.max(0, lower)
    upper = Math.min(1, upper)
  }
  if (alternative === 'less') lower = 0
  if (alternative === 'greater') upper = 1
  return { estimate: p, lower, upper, confidence, method, alternative, successes: k, trials: n }
}

/**
 * Student t confidence interval for the mean of `xs` (at least 2 values), equal to scipy's
 * `stats.t.interval(confidence, n − 1, loc=mean, scale=sem)`. A sample with no spread gives the
 * degenerate interval [mean, mean].
 *
 * @example
 * meanInterval([0.81, 0.79, 0.84, 0.8, 0.83], { confidence: 0.99 })
 */
export function meanInterval(
  xs: ArrayLike<number>,
  options?: IntervalOptions,
): Interval & { n: number; standardError: number; df: number } {
  const where = 'meanInterval'
  checkSample(where, 'xs', xs, 2)
  const { confidence, alternative } = readOptions(where, options)
  const n = xs.length
  let m = 0
  for (let i = 0; i < n; i++) m += xs[i]
  m /= n
  let ss = 0
  let c = 0
  for (let i = 0; i < n; i++) {
    const d = xs[i] - m
    ss += d * d
    c += d
  }
  // Two-pass with the compensation term keeps the variance accurate when |mean| >> sd.
  const variance = (ss - (c * c) / n) / (n - 1)
  const se = Math.sqrt(Math.max(0, variance) / n)
  const t = se === 0 ? 0 : studentTPpf(1 - tail(confidence, alternative), n - 1)
  const lower = alternative === 'less' ? Number.NEGATIVE_INFINITY : m - t * se
  const upper = alternative === 'greater' ? Number.POSITIVE_INFINITY : m + t * se
  return {
    estimate: m,
    lower,
    upper,
    confidence,
    method: 'student-t',
    alternative,
    n,
    standardError: se,
    df: n - 1,
  }
}
