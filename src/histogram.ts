/**
 * Histograms and the largest gap between distribution functions, as the matchers' pictures show them:
 * equal-width bin edges with open-ended outer bins, the share of a sample (or of a distribution) in each
 * bin, and the point where two ECDFs (or an ECDF and a CDF) differ most — the location of the
 * Kolmogorov–Smirnov statistic, with both functions' values there.
 */
import { checkFinite, checkSample, InvalidInputError, InvalidRangeError } from './errors'
import { evenlySpaced } from './numeric'

/** The most bins {@link binEdges} makes (a histogram to look at, not an array the size of memory). */
const MAX_BINS = 1_000_000

/**
 * `bins` equal-width bins spanning [lo, hi]: the edges e_0 < … < e_bins. The first and last bins are
 * open-ended (below e_1, at or above e_{bins-1}), so every value falls in a bin. When lo = hi (all values
 * equal) the edges spread around them by 1% of |lo| per bin (1 per bin at 0, 1e-300 for subnormal lo).
 * At most 1,000,000 bins.
 *
 * @example binEdges(0, 10, 5) // Float64Array [0, 2, 4, 6, 8, 10]
 */
export function binEdges(lo: number, hi: number, bins: number): Float64Array {
  const where = 'binEdges'
  checkFinite(where, 'lo', lo)
  checkFinite(where, 'hi', hi)
  if (hi < lo) throw new InvalidRangeError(where, 'hi', `must be at least lo = ${lo}, got ${hi}`)
  checkFinite(where, 'bins', bins)
  if (!(bins >= 1)) throw new InvalidRangeError(where, 'bins', `must be at least 1, got ${bins}`)
  if (bins > MAX_BINS)
    throw new InvalidRangeError(
      where,
      'bins',
      `must be at most ${MAX_BINS} (a histogram's bins), got ${bins}`,
    )
  const k = Math.max(1, Math.floor(bins))
  const edges = new Float64Array(k + 1)
  if (!(hi > lo)) {
    // All values equal: one narrow bin around them, the others empty. A bin of 1% of a subnormal value
    // would round to nothing: at least 1e-300 wide. Clamped to the finite doubles (values near ±MAX_VALUE).
    const w = lo === 0 ? 1 : Math.max(Math.abs(lo) * 0.01, 1e-300)
    lo = Math.max(lo - (w * k) / 2, -Number.MAX_VALUE)
    hi = Math.min(hi + (w * k) / 2, Number.MAX_VALUE)
  }
  // lo + (hi − lo)·i/k, also when hi − lo overflows (values near ±MAX_VALUE).
  for (let i = 0; i <= k; i++) edges[i] = evenlySpaced(lo, hi, i, k)
  return edges
}

function checkEdges(where: string, edges: ArrayLike<number>): void {
  checkSample(where, 'edges', edges, 2)
  for (let i = 1; i < edges.length; i++)
    if (!(edges[i] >= edges[i - 1]))
      throw new InvalidRangeError(
        where,
        'edges',
        `must be non-decreasing, got ${edges[i]} after ${edges[i - 1]}`,
      )
}

/** Index of the bin of `x` under {@link binEdges}' convention (open-ended first and last bins). */
function binOf(x: number, edges: ArrayLike<number>): number {
  const k = edges.length - 1
  let lo = 1
  let hi = k
  // The smallest i in [1, k] with x < edges[i]; k when none (the last bin is open above).
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (x < edges[mid]) hi = mid
    else lo = mid + 1
  }
  return Math.min(lo, k) - 1
}

/**
 * The share of `xs` in each bin of `edges` (open-ended first and last bins, as {@link binEdges}; the
 * inner bins [e_i, e_{i+1}), as `numpy.histogram`'s).
 *
 * @example sampleShares([-5, 0, 1, 2, 9.9, 10, 50], binEdges(0, 10, 5)) // [3/7, 1/7, 0, 0, 3/7]
 */
export function sampleShares(xs: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const where = 'sampleShares'
  checkSample(where, 'xs', xs)
  checkEdges(where, edges)
  const k = edges.length - 1
  const shares = new Float64Array(k)
  for (let i = 0; i < xs.length; i++) shares[binOf(xs[i], edges)]++
  for (let j = 0; j < k; j++) shares[j] /= xs.length
  return shares
}

function checkCdfValue(where: string, f: unknown, x: number): number {
  if (typeof f !== 'number' || !(f >= 0 && f <= 1))
    throw new InvalidRangeError(where, 'cdf', `must return a probability, got ${String(f)} at x = ${x}`)
  return f
}

/**
 * The expected share of each bin under a distribution given by its CDF: P(X < e_1), P(e_i <= X < e_{i+1}),
 * P(X >= e_{k-1}) (the CDF taken as continuous, so < and <= coincide).
 *
 * @example cdfShares((x) => x / 10, binEdges(0, 10, 5)) // [0.2, 0.2, 0.2, 0.2, 0.2]
 */
export function cdfShares(cdf: (x: number) => number, edges: ArrayLike<number>): Float64Array {
  const where = 'cdfShares'
  if (typeof cdf !== 'function') throw new InvalidInputError(where, 'cdf', 'must be a function')
  checkEdges(where, edges)
  const k = edges.length - 1
  const shares = new Float64Array(k)
  let previous = 0
  for (let j = 0; j < k; j++) {
    const next = j === k - 1 ? 1 : checkCdfValue(where, cdf(edges[j + 1]), edges[j + 1])
    shares[j] = Math.max(0, next - previous)
    previous = next
  }
  return shares
}

/** Where two distribution functions differ most. */
export interface LargestGap {
  /** The point x where |F_received − F_reference| is largest. */
  x: number
  /** F_received at x (the limit from the left when the gap is largest just below x). */
  received: number
  /** F_reference at x (same side). */
  reference: number
  /** True when the gap is the limit just below x (the ECDF jumps at x). */
  justBelow: boolean
}

function checkSorted(where: string, argument: string, xs: ArrayLike<number>): void {
  checkSample(where, argument, xs)
  for (let i = 1; i < xs.length; i++)
    if (!(xs[i] >= xs[i - 1]))
      throw new InvalidRangeError(
        where,
        argument,
        `must be sorted ascending, got ${xs[i]} after ${xs[i - 1]}`,
      )
}

/**
 * The point where the ECDFs of two sorted samples differ most, and their values there (each ECDF taken
 * as right-continuous: F(x) = share of values <= x). |received − reference| there is the two-sample
 * Kolmogorov–Smirnov statistic (`scipy.stats.ks_2samp`).
 *
 * @example largestGapTwoSamples([1, 2, 3, 4], [3, 4, 5, 6]) // { x: 2, received: 0.5, reference: 0, justBelow: false }
 */
export function largestGapTwoSamples(a: ArrayLike<number>, b: ArrayLike<number>): LargestGap {
  const where = 'largestGapTwoSamples'
  checkSorted(where, 'a', a)
  checkSorted(where, 'b', b)
  const n = a.length
  const m = b.length
  let i = 0
  let j = 0
  let best: LargestGap = { x: Math.min(a[0], b[0]), received: 0, reference: 0, justBelow: false }
  let bestGap = -1
  while (i < n || j < m) {
    const x = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j]
    while (i < n && a[i] <= x) i++
    while (j < m && b[j] <= x) j++
    const fa = i / n
    const fb = j / m
    const gap = Math.abs(fa - fb)
    if (gap > bestGap + 1e-15) {
      bestGap = gap
      best = { x, received: fa, reference: fb, justBelow: false }
    }
  }
  return best
}

/**
 * The point where the ECDF of a sorted sample differs most from a continuous CDF, checking both sides
 * of each jump, and the two values there. |received − reference| there is the one-sample
 * Kolmogorov–Smirnov statistic (`scipy.stats.kstest`).
 *
 * @example largestGapVsCdf([0.1, 0.2, 0.3], (x) => x) // { x: 0.3, received: 1, reference: 0.3, justBelow: false }
 */
export function largestGapVsCdf(sorted: ArrayLike<number>, cdf: (x: number) => number): LargestGap {
  const where = 'largestGapVsCdf'
  checkSorted(where, 'sorted', sorted)
  if (typeof cdf !== 'function') throw new InvalidInputError(where, 'cdf', 'must be a function')
  const n = sorted.length
  const f0 = checkCdfValue(where, cdf(sorted[0]), sorted[0])
  let best: LargestGap = { x: sorted[0], received: 0, reference: f0, justBelow: true }
  let bestGap = -1
  for (let i = 0; i < n; i++) {
    const x = sorted[i]
    if (i + 1 < n && sorted[i + 1] === x) continue
    const f = checkCdfValue(where, cdf(x), x)
    // First index of x among ties: the ECDF just below x.
    let first = i
    while (first > 0 && sorted[first - 1] === x) first--
    const below = first / n
    const above = (i + 1) / n
    if (Math.abs(f - below) > bestGap + 1e-15) {
      bestGap = Math.abs(f - below)
      best = { x, received: below, reference: f, justBelow: true }
    }
    if (Math.abs(above - f) > bestGap + 1e-15) {
      bestGap = Math.abs(above - f)
      best = { x, received: above, reference: f, justBelow: false }
    }
  }
  return best
}

/**
 * The count of each label in `labels` (strings, booleans or finite numbers), keyed by `String(label)`
 * in the order the labels first appear — the histogram of a categorical sample, as the chi-square tests
 * and the category tables read it (`collections.Counter(map(str, labels))`).
 *
 * @example categoryCounts(['a', 'b', 'a']) // Map { 'a' => 2, 'b' => 1 }
 */
export function categoryCounts(labels: ArrayLike<string | boolean | number>): Map<string, number> {
  const where = 'categoryCounts'
  if (!(Array.isArray(labels) || (ArrayBuffer.isView(labels) && !(labels instanceof DataView))))
    throw new InvalidInputError(where, 'labels', 'must be an array of labels (strings, booleans or numbers)')
  if (labels.length === 0) throw new InvalidRangeError(where, 'labels', 'must not be empty')
  const counts = new Map<string, number>()
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i] as unknown
    if (typeof v === 'number') checkFinite(where, `labels[${i}]`, v)
    else if (typeof v !== 'string' && typeof v !== 'boolean')
      throw new InvalidInputError(where, `labels[${i}]`, 'must be a label (a string, boolean or number)')
    const key = String(v)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}
