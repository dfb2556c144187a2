/**
 * Distances between distributions, for drift and "same distribution" checks:
 * {@link populationStabilityIndex} (PSI), {@link wasserstein} (earth mover's, = `scipy.stats.wasserstein_distance`),
 * {@link jensenShannon} (= `scipy.spatial.distance.jensenshannon`, a distance) and
 * {@link jensenShannonDivergence} (its square), {@link jensenShannonSamples} (on two samples through shared
 * bins) and {@link ksDistance} (the two-sample Kolmogorov–Smirnov statistic).
 */
import { quantileSorted } from './descriptive'
import {
  checkCount,
  checkFinite,
  checkOneOf,
  checkSample,
  InvalidInputError,
  InvalidRangeError,
} from './errors'
import { validatedSortedCopy } from './sort'

function checkOptions<T extends object>(where: string, options: unknown): T {
  if (options === undefined) return {} as T
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  return options as T
}

/** lo + (hi − lo)·k/bins, also when hi − lo overflows (values near ±MAX_VALUE). */
function evenlySpaced(lo: number, hi: number, k: number, bins: number): number {
  const w = hi - lo
  if (Number.isFinite(w)) return lo + (w * k) / bins
  return 2 * (lo / 2 + (hi / 2 - lo / 2) * (k / bins))
}

/** Index of the bin (lower, upper] holding v, given the sorted inner edges (bins: (−∞, e₀], (e₀, e₁], …, (e_last, ∞)). */
function binIndex(edges: Float64Array, v: number): number {
  let lo = 0
  let hi = edges.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (v <= edges[mid]) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** Options of {@link populationStabilityIndex}. */
export interface PsiOptions {
  /** Number of bins requested (default 10). With `'quantile'` binning, tied quantiles merge bins, so fewer may result. */
  bins?: number
  /**
   * `'quantile'` (default): inner edges at the k/bins quantiles (type 7) of `expected`, so each bin holds about
   * the same share of the reference sample. `'uniform'`: inner edges equally spaced between min and max of
   * `expected`. Either way the first and last bins are open-ended, so every value of `actual` is counted.
   */
  binning?: 'quantile' | 'uniform'
  /**
   * Share substituted for an empty bin (in either sample) before taking logarithms, since PSI is infinite
   * otherwise. Default 1e-4. Must lie in (0, 1).
   */
  epsilon?: number
}

/** One bin of a {@link PsiResult}. */
export interface PsiBin {
  /** Exclusive lower edge (−Infinity for the first bin). */
  lower: number
  /** Inclusive upper edge (+Infinity for the last bin). */
  upper: number
  /** Share of `expected` in the bin (before the epsilon substitution). */
  expectedShare: number
  /** Share of `actual` in the bin (before the epsilon substitution). */
  actualShare: number
  /** (a − e)·ln(a/e), with empty shares replaced by epsilon. */
  contribution: number
}

/** Result of {@link populationStabilityIndex}. */
export interface PsiResult {
  /** PSI = Σ (aᵢ − eᵢ) ln(aᵢ/eᵢ). Rules of thumb: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major shift. */
  value: number
  bins: PsiBin[]
}

/**
 * Population stability index of `actual` against the reference sample `expected`:
 * PSI = Σᵢ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) over bins, where eᵢ and aᵢ are the shares of each sample in bin i.
 *
 * Binning: bins are right-closed intervals (lower, upper]; the inner edges come from `expected` only
 * (`'quantile'`: its type-7 quantiles at k/bins, k = 1..bins−1, duplicates removed; `'uniform'`: bins−1
 * equally spaced points strictly between its min and max); the outer bins extend to ∓Infinity.
 * Empty bins: a share of 0 in either sample is replaced by `epsilon` (default 1e-4) in the logarithm and the
 * difference, which bounds each contribution; the reported shares are the raw ones.
 * @example populationStabilityIndex(trainingScores, productionScores).value
 */
export function populationStabilityIndex(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  options: PsiOptions = {},
): PsiResult {
  const where = 'populationStabilityIndex'
  checkSample(where, 'expected', expected)
  checkSample(where, 'actual', actual)
  const opts = checkOptions<PsiOptions>(where, options)
  const bins = checkCount(where, 'bins', opts.bins ?? 10, 1)
  const binning = checkOneOf(where, 'binning', opts.binning ?? 'quantile', ['quantile', 'uniform'])
  const epsilon = checkFinite(where, 'epsilon', opts.epsilon ?? 1e-4)
  if (!(epsilon > 0 && epsilon < 1))
    throw new InvalidRangeError(where, 'epsilon', `must lie strictly between 0 and 1, got ${epsilon}`)
  const e = Float64Array.from(expected).sort()
  const raw: number[] = []
  if (binning === 'quantile') {
    for (let k = 1; k < bins; k++) raw.push(quantileSorted(e, k / bins))
  } else {
    const lo = e[0]
    const hi = e[e.length - 1]
    for (let k = 1; k < bins; k++) raw.push(evenlySpaced(lo, hi, k, bins))
  }
  const inner: number[] = []
  for (const v of raw) if (inner.length === 0 || v > inner[inner.length - 1]) inner.push(v)
  // uniform binning of a constant sample collapses to a single edge at the value
  const edges = Float64Array.from(inner)
  const k = edges.length + 1
  const ce = new Float64Array(k)
  const ca = new Float64Array(k)
  for (let i = 0; i < expected.length; i++) ce[binIndex(edges, expected[i])]++
  for (let i = 0; i < actual.length; i++) ca[binIndex(edges, actual[i])]++
  const out: PsiBin[] = []
  let value = 0
  for (let i = 0; i < k; i++) {
    const es = ce[i] / expected.length
    const as = ca[i] / actual.length
    const ee = es > 0 ? es : epsilon
    const aa = as > 0 ? as : epsilon
    const contribution = (aa - ee) * Math.log(aa / ee)
    value += contribution
    out.push({
      lower: i === 0 ? Number.NEGATIVE_INFINITY : edges[i - 1],
      upper: i === k - 1 ? Number.POSITIVE_INFINITY : edges[i],
      expectedShare: es,
      actualShare: as,
      contribution,
    })
  }
  return { value, bins: out }
}

/**
 * First Wasserstein (earth mover's) distance between the empirical distributions of two samples,
 * W₁ = ∫|F₁(x) − F₂(x)| dx, equal to `scipy.stats.wasserstein_distance(xs, ys)` (unweighted). Computed by
 * sorting copies of both samples and one merge pass.
 * @example wasserstein([0, 1, 3], [5, 6, 8]) // 5
 */
export function wasserstein(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const where = 'wasserstein'
  const a = validatedSortedCopy(where, 'xs', xs)
  const b = validatedSortedCopy(where, 'ys', ys)
  const n = a.length
  const m = b.length
  let i = 0
  let j = 0
  let total = 0
  let prev = Math.min(a[0], b[0])
  while (i < n || j < m) {
    const v = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j]
    // |F₁ − F₂| is constant on [prev, v): use the counts strictly below v
    total += Math.abs(i / n - j / m) * (v - prev)
    while (i < n && a[i] === v) i++
    while (j < m && b[j] === v) j++
    prev = v
  }
  return total
}

/**
 * The two-sample Kolmogorov–Smirnov distance sup_x |F₁(x) − F₂(x)| between the empirical CDFs (ties handled),
 * i.e. the statistic of `scipy.stats.ks_2samp` (before SciPy's lattice rounding for exact p-values).
 * @example ksDistance([1, 2, 3], [2, 3, 4]) // 0.3333333333333333
 */
export function ksDistance(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const where = 'ksDistance'
  const a = validatedSortedCopy(where, 'xs', xs)
  const b = validatedSortedCopy(where, 'ys', ys)
  const n = a.length
  const m = b.length
  let i = 0
  let j = 0
  let d = 0
  while (i < n || j < m) {
    const v = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j]
    while (i < n && a[i] === v) i++
    while (j < m && b[j] === v) j++
    const diff = Math.abs(i / n - j / m)
    if (diff > d) d = diff
  }
  return d
}

/** Options of the Jensen–Shannon functions. */
export interface JensenShannonOptions {
  /** Logarithm base (default e, as SciPy); 2 bounds the divergence by 1. Must be positive and not 1. */
  base?: number
}

function checkBase(where: string, base: unknown): number {
  if (base === undefined) return Math.E
  const b = checkFinite(where, 'base', base)
  if (!(b > 0) || b === 1) throw new InvalidRangeError(where, 'base', `must be positive and not 1, got ${b}`)
  return b
}

function jsDivergence(where: string, p: ArrayLike<number>, q: ArrayLike<number>, base: number): number {
  checkSample(where, 'p', p)
  checkSample(where, 'q', q)
  if (p.length !== q.length)
    throw new InvalidRangeError(
      where,
      'p and q',
      `must have the same length, got ${p.length} and ${q.length}`,
    )
  let sp = 0
  let sq = 0
  for (let i = 0; i < p.length; i++) {
    if (p[i] < 0) throw new InvalidRangeError(where, `p[${i}]`, `must not be negative, got ${p[i]}`)
    if (q[i] < 0) throw new InvalidRangeError(where, `q[${i}]`, `must not be negative, got ${q[i]}`)
    sp += p[i]
    sq += q[i]
  }
  if (!(sp > 0)) throw new InvalidRangeError(where, 'p', 'must not sum to zero')
  if (!(sq > 0)) throw new InvalidRangeError(where, 'q', 'must not sum to zero')
  let js = 0
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / sp
    const qi = q[i] / sq
    const mi = (pi + qi) / 2
    if (pi > 0) js += pi * Math.log(pi / mi)
    if (qi > 0) js += qi * Math.log(qi / mi)
  }
  if (base !== Math.E) js /= Math.log(base)
  return Math.max(0, js / 2)
}

/**
 * Jensen–Shannon DISTANCE between two probability vectors, equal to `scipy.spatial.distance.jensenshannon(p, q,
 * base)`: √(JSD), where JSD = ½KL(p‖m) + ½KL(q‖m), m = (p + q)/2. The vectors are normalised to sum to 1 first
 * (as SciPy). A metric; in [0, √ln 2] for base e, [0, 1] for base 2. See {@link jensenShannonDivergence}.
 * @example jensenShannon([1, 0], [0, 1], { base: 2 }) // 1
 */
export function jensenShannon(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: JensenShannonOptions = {},
): number {
  const where = 'jensenShannon'
  const base = checkBase(where, checkOptions<JensenShannonOptions>(where, options).base)
  return Math.sqrt(jsDivergence(where, p, q, base))
}

/**
 * Jensen–Shannon DIVERGENCE between two probability vectors: JSD = ½KL(p‖m) + ½KL(q‖m), m = (p + q)/2, after
 * normalising each vector to sum 1; the square of {@link jensenShannon}. In [0, ln 2] (base e) or [0, 1] (base 2).
 */
export function jensenShannonDivergence(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: JensenShannonOptions = {},
): number {
  const where = 'jensenShannonDivergence'
  const base = checkBase(where, checkOptions<JensenShannonOptions>(where, options).base)
  return jsDivergence(where, p, q, base)
}

/** Options of {@link jensenShannonSamples}. */
export interface JensenShannonSamplesOptions extends JensenShannonOptions {
  /** Number of equal-width bins spanning the combined range of both samples (default 10). */
  bins?: number
}

/** Result of {@link jensenShannonSamples}. */
export interface JensenShannonSamplesResult {
  /** Jensen–Shannon distance (√ divergence) between the binned samples. */
  distance: number
  /** Jensen–Shannon divergence between the binned samples. */
  divergence: number
  /** The bins+1 shared edges (NumPy histogram convention: [e₀, e₁), …, [e_{k−1}, e_k]). */
  edges: number[]
}

/**
 * Jensen–Shannon distance and divergence between two samples, after binning both on the same equal-width
 * edges over their combined range (as `numpy.histogram(x, bins, range=(min, max))` for each, then
 * {@link jensenShannon} of the counts). The value depends on the binning; compare like with like.
 * @example jensenShannonSamples(a, b, { bins: 20, base: 2 }).distance
 */
export function jensenShannonSamples(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  options: JensenShannonSamplesOptions = {},
): JensenShannonSamplesResult {
  const where = 'jensenShannonSamples'
  checkSample(where, 'xs', xs)
  checkSample(where, 'ys', ys)
  const opts = checkOptions<JensenShannonSamplesOptions>(where, options)
  const bins = checkCount(where, 'bins', opts.bins ?? 10, 1)
  const base = checkBase(where, opts.base)
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const s of [xs, ys])
    for (let i = 0; i < s.length; i++) {
      if (s[i] < lo) lo = s[i]
      if (s[i] > hi) hi = s[i]
    }
  if (lo === hi) {
    // NumPy widens a degenerate range to [v − 0.5, v + 0.5]
    lo -= 0.5
    hi += 0.5
  }
  const edges: number[] = []
  for (let k = 0; k <= bins; k++) edges.push(evenlySpaced(lo, hi, k, bins))
  // hi − lo overflows for values near ±MAX_VALUE: then positions in halves (exact scaling).
  const wide = !Number.isFinite(hi - lo)
  const count = (s: ArrayLike<number>) => {
    const c = new Float64Array(bins)
    for (let i = 0; i < s.length; i++) {
      let k = Math.floor((wide ? (s[i] / 2 - lo / 2) / (hi / 2 - lo / 2) : (s[i] - lo) / (hi - lo)) * bins)
      if (k >= bins) k = bins - 1
      if (k < 0) k = 0
      // correct rounding at the edges, as NumPy does
      if (k > 0 && s[i] < edges[k]) k--
      else if (k < bins - 1 && s[i] >= edges[k + 1]) k++
      c[k]++
    }
    return c
  }
  const divergence = jsDivergence(where, count(xs), count(ys), base)
  return { distance: Math.sqrt(divergence), divergence, edges }
}
