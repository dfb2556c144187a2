/**
 * Descriptive statistics: mean, variance, quantiles, the empirical distribution function.
 *
 * Every function validates its sample (non-empty, finite numbers) and never mutates it. Quantiles use
 * Hyndman & Fan's type 7 (linear interpolation between order statistics), NumPy's and R's default.
 */
import { checkCount, checkSample, checkUnit, InvalidInputError, InvalidRangeError } from './errors'
import { meanUnchecked, meanVarianceUnchecked, powerOfTwoScale } from './numeric'

/**
 * The arithmetic mean. Computed in two passes (the sum, then the mean residual added back), which
 * keeps full precision even when the values share a large offset.
 *
 * @example mean([1, 2, 3, 4]) // 2.5
 */
export function mean(xs: ArrayLike<number>): number {
  checkSample('mean', 'xs', xs)
  return meanUnchecked(xs)
}

/** Options of {@link variance} and {@link standardDeviation}. */
export interface VarianceOptions {
  /**
   * Delta degrees of freedom: the divisor is `n - ddof`. Default 1, the unbiased sample variance
   * (NumPy's `var(ddof=1)`, R's `var`); 0 gives the population variance.
   */
  ddof?: number
}

/**
 * The variance, by the corrected two-pass algorithm (Chan, Golub & LeVeque 1983):
 * `(Σ(x - m)² - (Σ(x - m))² / n) / (n - ddof)`. Exact to rounding for data with a large common offset.
 * Throws unless `n > ddof` (the sample variance needs at least two values).
 *
 * @example variance([1, 2, 3, 4]) // 1.6666666666666667
 * @example variance([1, 2, 3, 4], { ddof: 0 }) // 1.25
 */
export function variance(xs: ArrayLike<number>, options?: VarianceOptions): number {
  return varianceChecked('variance', xs, options)
}

/** Checks `xs` and `options` of variance and standardDeviation; returns ddof. */
function varianceArguments(
  where: string,
  xs: ArrayLike<number>,
  options: VarianceOptions | undefined,
): number {
  if (
    options !== undefined &&
    (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options))
  )
    throw new InvalidInputError(where, 'options', 'must be an object')
  checkSample(where, 'xs', xs)
  const ddof = options?.ddof ?? 1
  checkCount(where, 'ddof', ddof)
  if (xs.length <= ddof)
    throw new InvalidRangeError(where, 'xs', `must have more than ddof = ${ddof} values, got ${xs.length}`)
  return ddof
}

function varianceChecked(where: string, xs: ArrayLike<number>, options: VarianceOptions | undefined): number {
  const ddof = varianceArguments(where, xs, options)
  const c = powerOfTwoScale([xs])
  if (c === 1) return varianceUnchecked(xs, ddof)
  // Squares would overflow or underflow: work in units of c (may still overflow to Infinity at the end,
  // when the variance itself exceeds the largest double).
  return (
    varianceUnchecked(
      Float64Array.from(xs, (x) => x / c),
      ddof,
    ) *
    c *
    c
  )
}

/** The variance without validation (`xs.length > ddof` is the caller's business). */
function varianceUnchecked(xs: ArrayLike<number>, ddof = 1): number {
  return meanVarianceUnchecked(xs, ddof)[1]
}

/**
 * The standard deviation: the square root of {@link variance} (sample, `ddof = 1` by default).
 *
 * @example standardDeviation([2, 4, 4, 4, 5, 5, 7, 9], { ddof: 0 }) // 2
 */
export function standardDeviation(xs: ArrayLike<number>, options?: VarianceOptions): number {
  const where = 'standardDeviation'
  const ddof = varianceArguments(where, xs, options)
  const c = powerOfTwoScale([xs])
  if (c === 1) return Math.sqrt(varianceUnchecked(xs, ddof))
  // In units of c, so that values near 1e300 (or 1e-300) neither overflow nor underflow when squared.
  return (
    Math.sqrt(
      varianceUnchecked(
        Float64Array.from(xs, (x) => x / c),
        ddof,
      ),
    ) * c
  )
}

/**
 * A sorted copy of `xs` as a Float64Array (ascending; the input is not touched).
 *
 * @example sortedCopy([3, 1, 2]) // Float64Array [1, 2, 3]
 */
export function sortedCopy(xs: ArrayLike<number>): Float64Array {
  checkSample('sortedCopy', 'xs', xs)
  return Float64Array.from(xs).sort()
}

/** Type 7 quantile of sorted data, matching NumPy's `_lerp` rounding exactly. */
function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  const h = (n - 1) * p
  const lo = Math.floor(h)
  if (lo >= n - 1) return sorted[n - 1]
  const t = h - lo
  const a = sorted[lo]
  const b = sorted[lo + 1]
  const d = b - a
  // NumPy's lerp: a + d t below t = 0.5, b - d (1 - t) from there (keeps monotonicity and exact ends).
  return t >= 0.5 ? b - d * (1 - t) : a + d * t
}

function checkProbabilities(where: string, p: number | ArrayLike<number>): void {
  if (typeof p === 'number') checkUnit(where, 'p', p)
  else if (Array.isArray(p) || ArrayBuffer.isView(p)) {
    for (let i = 0; i < p.length; i++) checkUnit(where, `p[${i}]`, p[i])
  } else throw new InvalidInputError(where, 'p', 'must be a number or an array of numbers')
}

/**
 * The `p`-quantile(s) of data that is ALREADY sorted ascending (not checked for order: sort first, e.g.
 * with {@link sortedCopy}). Type 7, NumPy's default `method='linear'`: with `h = (n - 1) p`, the value
 * `x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋ + 1] - x[⌊h⌋])`. `p` is a probability in [0, 1] or an array of them.
 *
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number
export function quantileSorted(sorted: ArrayLike<number>, p: ArrayLike<number>): number[]
export function quantileSorted(sorted: ArrayLike<number>, p: number | ArrayLike<number>): number | number[] {
  checkSample('quantileSorted', 'sorted', sorted)
  checkProbabilities('quantileSorted', p)
  if (typeof p === 'number') return quantileOfSorted(sorted, p)
  return Array.from(p, (q) => quantileOfSorted(sorted, q))
}

/**
 * The `p`-quantile(s) of `xs`, type 7 (NumPy's `np.quantile` default, R's `quantile` default). Sorts a
 * copy once, however many probabilities are asked for.
 *
 * @example quantile([1, 2, 3, 4, 5], 0.25) // 2
 * @example quantile([1, 2, 3, 4, 5], [0.1, 0.9]) // [1.4, 4.6]
 */
export function quantile(xs: ArrayLike<number>, p: number): number
export function quantile(xs: ArrayLike<number>, p: ArrayLike<number>): number[]
export function quantile(xs: ArrayLike<number>, p: number | ArrayLike<number>): number | number[] {
  checkSample('quantile', 'xs', xs)
  checkProbabilities('quantile', p)
  const sorted = Float64Array.from(xs).sort()
  if (typeof p === 'number') return quantileOfSorted(sorted, p)
  return Array.from(p, (q) => quantileOfSorted(sorted, q))
}

/**
 * The median: the middle value, or the mean of the two middle values (as `np.median`).
 *
 * @example median([3, 1, 2, 10]) // 2.5
 */
export function median(xs: ArrayLike<number>): number {
  checkSample('median', 'xs', xs)
  const s = Float64Array.from(xs).sort()
  const n = s.length
  const h = n >> 1
  return n % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2
}

/** The empirical distribution function of a sample, from {@link ecdf}. */
export interface Ecdf {
  /** The sample, sorted ascending. */
  readonly sorted: Float64Array
  /** The sample size. */
  readonly n: number
  /** The fraction of the sample at or below `x`: `#{xᵢ ≤ x} / n`. */
  at(x: number): number
  /** The number of sample values at or below `x`. */
  countAtOrBelow(x: number): number
}

/**
 * The empirical cumulative distribution function `F̂(x) = #{xᵢ ≤ x} / n` (right-continuous step
 * function). Sorting is done once; each evaluation is a binary search, O(log n).
 *
 * @example ecdf([1, 2, 2, 3]).at(2) // 0.75
 */
export function ecdf(xs: ArrayLike<number>): Ecdf {
  checkSample('ecdf', 'xs', xs)
  const sorted = Float64Array.from(xs).sort()
  const n = sorted.length
  const countAtOrBelow = (x: number): number => {
    if (typeof x !== 'number' || Number.isNaN(x))
      throw new InvalidInputError('ecdf.at', 'x', 'must be a number other than NaN')
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (sorted[mid] <= x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return { sorted, n, at: (x: number) => countAtOrBelow(x) / n, countAtOrBelow }
}

/** How many values of a sample lie below, inside and above an interval, from {@link intervalCounts}. */
export interface IntervalCounts {
  /** The values counted. */
  readonly n: number
  /** Values below the lower end: `x < lower`. */
  readonly below: number
  /** Values in the closed interval: `lower <= x <= upper`. */
  readonly inside: number
  /** Values above the upper end: `x > upper`. */
  readonly above: number
  /** Values at or below the upper end: `x <= upper` (`below + inside`). */
  readonly atOrBelowUpper: number
  /** Values outside the closed interval (`below + above`). */
  readonly outside: number
}

/**
 * Counts the values of `xs` below `lower`, inside the closed interval `[lower, upper]` and above `upper`
 * (either end may be infinite). These counts are what the exact bounds on a share, or on P(X <= upper)
 * and P(X < lower) for a quantile, rest on.
 *
 * With `previous` (the counts of a prefix of the same values), only the values from index `previous.n`
 * on are read and added: a sample that grows can be counted in one pass overall.
 *
 * @example intervalCounts([1, 2, 3, 4, 5], 2, 4) // { n: 5, below: 1, inside: 3, above: 1, atOrBelowUpper: 4, outside: 2 }
 */
export function intervalCounts(
  xs: ArrayLike<number>,
  lower: number,
  upper: number,
  previous?: IntervalCounts,
): IntervalCounts {
  const where = 'intervalCounts'
  if (typeof lower !== 'number' || Number.isNaN(lower))
    throw new InvalidInputError(where, 'lower', 'must be a number other than NaN')
  if (typeof upper !== 'number' || Number.isNaN(upper))
    throw new InvalidInputError(where, 'upper', 'must be a number other than NaN')
  if (!(lower <= upper))
    throw new InvalidRangeError(where, 'upper', `must be at least lower (${lower}), got ${upper}`)
  const start = prefixLength(where, 'xs', xs, previous)
  let below = 0
  let inside = 0
  let above = 0
  if (previous !== undefined) {
    below = checkCount(where, 'previous.below', previous.below)
    inside = checkCount(where, 'previous.inside', previous.inside)
    above = checkCount(where, 'previous.above', previous.above)
    if (below + inside + above !== start)
      throw new InvalidRangeError(where, 'previous', 'must have below + inside + above = n')
  }
  for (let i = start; i < xs.length; i++) {
    const x = xs[i]
    if (typeof x !== 'number' || Number.isNaN(x))
      throw new InvalidInputError(where, `xs[${i}]`, 'must be a number other than NaN')
    if (x < lower) below++
    else if (x > upper) above++
    else inside++
  }
  return { n: xs.length, below, inside, above, atOrBelowUpper: below + inside, outside: below + above }
}

/**
 * The number of tied values in data that is ALREADY sorted ascending (not checked for order: sort first,
 * e.g. with {@link sortedCopy}): the values equal to the one before them, i.e. n minus the number of
 * distinct values (`len(x) - len(numpy.unique(x))`). 0 means no ties.
 *
 * @example tiesSorted([1, 2, 2, 3, 3, 3]) // 3
 */
export function tiesSorted(sorted: ArrayLike<number>): number {
  checkSample('tiesSorted', 'sorted', sorted)
  let ties = 0
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) ties++
  return ties
}

/** Successes and failures among outcomes, from {@link successCounts}. */
export interface SuccessCounts {
  /** The outcomes counted. */
  readonly n: number
  /** Outcomes that are `true`. */
  readonly successes: number
  /** Outcomes that are `false`. */
  readonly failures: number
}

/**
 * Counts the successes (`true`) and failures (`false`) among boolean outcomes: the binomial count the
 * success-rate bounds rest on. With `previous` (the counts of a prefix of the same outcomes), only the
 * outcomes from index `previous.n` on are read and added, as {@link intervalCounts} does.
 *
 * @example successCounts([true, false, true]) // { n: 3, successes: 2, failures: 1 }
 */
export function successCounts(outcomes: ArrayLike<boolean>, previous?: SuccessCounts): SuccessCounts {
  const where = 'successCounts'
  const start = prefixLength(where, 'outcomes', outcomes, previous)
  let successes = 0
  if (previous !== undefined) {
    successes = checkCount(where, 'previous.successes', previous.successes)
    if (successes > start)
      throw new InvalidRangeError(where, 'previous.successes', 'must be at most previous.n')
  }
  for (let i = start; i < outcomes.length; i++) {
    const v = outcomes[i] as unknown
    if (typeof v !== 'boolean')
      throw new InvalidInputError(where, `outcomes[${i}]`, 'must be a boolean (true for a success)')
    if (v) successes++
  }
  return { n: outcomes.length, successes, failures: outcomes.length - successes }
}

/**
 * Checks the array of a counting function and the counts of its prefix (`previous`, optional): returns
 * the index to count from (`previous.n`, or 0).
 */
function prefixLength(
  where: string,
  argument: string,
  values: unknown,
  previous: { readonly n: number } | undefined,
): number {
  if (!(Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView))))
    throw new InvalidInputError(where, argument, 'must be an array or typed array')
  if (previous === undefined) return 0
  if (previous === null || typeof previous !== 'object')
    throw new InvalidInputError(where, 'previous', `must be the counts of a prefix of ${argument}`)
  const start = checkCount(where, 'previous.n', previous.n)
  const length = (values as ArrayLike<unknown>).length
  if (start > length)
    throw new InvalidRangeError(
      where,
      'previous.n',
      `must be at most ${argument}.length (${length}), got ${start}`,
    )
  return start
}
