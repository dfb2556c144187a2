/**
 * Distances between distributions, for drift and "same distribution" checks:
 * {@link populationStabilityIndex} (PSI), {@link wasserstein} (earth mover's, = `scipy.stats.wasserstein_distance`),
 * {@link jensenShannon} (= `scipy.spatial.distance.jensenshannon`, a distance) and
 * {@link jensenShannonDivergence} (its square), {@link jensenShannonSamples} (on two samples through shared
 * bins) and {@link ksDistance} (the two-sample Kolmogorov–Smirnov statistic).
 */
import { decideInterval, type IntervalDecision } from './decision'
import { quantileSorted } from './descriptive'
import { normalIsf } from './distributions'
import {
  checkCount,
  checkFinite,
  checkOneOf,
  checkSample,
  InvalidInputError,
  InvalidRangeError,
} from './errors'
import { evenlySpaced } from './numeric'
import { createRng } from './random'
import { validatedSortedCopy } from './sort'

function checkOptions<T extends object>(where: string, options: unknown): T {
  if (options === undefined) return {} as T
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  return options as T
}

/** The most bins a histogram distance takes (each bin is a slot in a typed array). */
const MAX_BINS = 1e6

/** Throws unless `bins` is a whole number in [1, {@link MAX_BINS}]. */
function checkBins(where: string, bins: unknown): number {
  checkCount(where, 'bins', bins, 1)
  if ((bins as number) > MAX_BINS)
    throw new InvalidRangeError(where, 'bins', `must be at most ${MAX_BINS}, got ${bins}`)
  return bins as number
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
  const bins = checkBins(where, opts.bins ?? 10)
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
  const bins = checkBins(where, opts.bins ?? 10)
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

// =============================================================================================
// Drift thresholds: confidence bounds for the Wasserstein-1 distance and the PSI, and the decision of
// "distance ≤ threshold" (src/decision.ts decideInterval)
// =============================================================================================

/** One-sided bounds of a drift measure at any error rate, with what the message shows. */
export interface DriftBounds {
  measure: 'psi' | 'wasserstein'
  /** The empirical distance. */
  estimate: number
  /** The lower bound at error rate `rate` (P(true < lower) ≤ rate). */
  lowerAt(rate: number): number
  /** The upper bound at error rate `rate` (P(true > upper) ≤ rate). */
  upperAt(rate: number): number
  /** Sizes of received (n) and reference (m). */
  n: number
  m: number
  /** Wasserstein: the standard error bound σ. PSI: the bootstrap standard error. */
  se: number
  /** Wasserstein: the bound of the expected sampling inflation. PSI: the bootstrap bias estimate. */
  inflation: number
  /** PSI: the bias-corrected estimate. */
  corrected?: number
  /** PSI: bootstrap resamples; PSI: bins. */
  resamples?: number
  bins?: number
  /** How the bounds are made, in words. */
  method: string
  /**
   * The received size at which the bound on the far side of `threshold` would clear it (the estimate and
   * the reference held fixed); 'reference' when no received size suffices; undefined when unknown.
   */
  samplesFor(
    threshold: number,
    rates: { falseFailRate: number; falsePassRate: number },
  ): number | 'reference' | undefined
}

/** Sample variance (n − 1 denominator). */
function variance(xs: Float64Array): number {
  let mean = 0
  for (let i = 0; i < xs.length; i++) mean += xs[i]
  mean /= xs.length
  let s = 0
  for (let i = 0; i < xs.length; i++) s += (xs[i] - mean) ** 2
  return s / (xs.length - 1)
}

/** The merged grid of two sorted samples: segment lengths and both empirical CDFs on each segment. */
function w1Grid(a: Float64Array, b: Float64Array) {
  const n = a.length
  const m = b.length
  const lengths = new Float64Array(n + m)
  const F = new Float64Array(n + m)
  const G = new Float64Array(n + m)
  let i = 0
  let j = 0
  let k = 0
  let estimate = 0
  let prev = Math.min(a[0], b[0])
  while (i < n || j < m) {
    const v = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j]
    if (v > prev) {
      lengths[k] = v - prev
      F[k] = i / n
      G[k] = j / m
      estimate += Math.abs(i / n - j / m) * (v - prev)
      k++
    }
    while (i < n && a[i] === v) i++
    while (j < m && b[j] === v) j++
    prev = v
  }
  return { estimate, lengths, F, G, segments: k }
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI)

/**
 * Confidence bounds for the Wasserstein-1 distance W1 between the distributions of two samples, without
 * resampling. Write D = F − G and E = (F̂ − F) − (Ĝ − G), so Ŵ = ∫|D + E| and W1 = ∫|D|.
 * - Upper (pass side): |D + E| ≥ sign(D)·(D + E) pointwise, so Ŵ ≥ W1 + L with L = ∫sign(D)·E, a
 *   difference of two sample means of 1-Lipschitz functions of the data: sd(L) ≤ σ = √(s²ₓ/n + s²ᵧ/m).
 *   upper(rate) = Ŵ + z(rate)·σ (asymptotically normal L; the inflation of Ŵ is kept: conservative).
 * - Lower (fail side): Ŵ − W1 = ∫(|D + E| − |D|) ≤ ∫|E| (triangle inequality), so E(Ŵ − W1) ≤ μ, where in the
 *   Gaussian limit E|E(x)| = √(2/π)·sd(E(x)) and μ = √(2/π)·∫sd(E(x))dx (plug-in sds, n − 1 denominators).
 *   Ŵ − W1 is a convex function of the Gaussian process E, Lipschitz with constant σ (every ∫s·E with
 *   |s| ≤ 1 has sd ≤ σ), so its median is at most its mean (Kwapień 1994, convex functions of Gaussian
 *   vectors) and by Gaussian isoperimetry (Borell; Sudakov–Tsirelson) P(Ŵ − W1 > μ + z(rate)·σ) ≤ rate.
 *   lower(rate) = Ŵ − μ − z(rate)·σ. (Earlier: Jensen's μ without √(2/π), and Borell–TIS' √(2 ln(1/rate))
 *   in place of z(rate): valid too, but the fail side then needed W1 ≈ 0.31 where this needs ≈ 0.28, at
 *   n = m = 2000, threshold 0.1, falseFailRate 0.001.)
 * @example wassersteinBounds(current, reference).upperAt(0.05)
 */
export function wassersteinBounds(xs: ArrayLike<number>, ys: ArrayLike<number>): DriftBounds {
  const where = 'wassersteinBounds'
  const a = validatedSortedCopy(where, 'xs', xs)
  const b = validatedSortedCopy(where, 'ys', ys)
  const n = a.length
  const m = b.length
  if (n < 2 || m < 2) throw new InvalidRangeError(where, n < 2 ? 'xs' : 'ys', 'must hold at least 2 values')
  const grid = w1Grid(a, b)
  const vx = variance(a)
  const vy = variance(b)
  const sigmaAt = (nn: number) => Math.sqrt(vx / nn + vy / m)
  const noiseAt = (nn: number) => {
    const cn = n / (n - 1) / nn
    const cm = m / (m - 1) / m
    let total = 0
    for (let k = 0; k < grid.segments; k++) {
      const f = grid.F[k]
      const g = grid.G[k]
      total += grid.lengths[k] * Math.sqrt(cn * f * (1 - f) + cm * g * (1 - g))
    }
    return SQRT_2_OVER_PI * total
  }
  const sigma = sigmaAt(n)
  const noise = noiseAt(n)
  const estimate = grid.estimate
  const lowerAtN = (nn: number, rate: number) => estimate - noiseAt(nn) - normalIsf(rate) * sigmaAt(nn)
  return {
    measure: 'wasserstein',
    estimate,
    lowerAt: (rate) => estimate - noise - normalIsf(rate) * sigma,
    upperAt: (rate) => estimate + normalIsf(rate) * sigma,
    n,
    m,
    se: sigma,
    inflation: noise,
    method:
      'lower = estimate − inflation − z(falseFailRate)·se (triangle inequality; Gaussian concentration of a convex functional, Kwapień), upper = estimate + z(falsePassRate)·se (the estimate only errs upward beyond the standard error); no resampling',
    samplesFor(threshold, rates) {
      if (estimate < threshold) {
        // Pass needs Ŵ + z·σ(n') ≤ threshold (Ŵ taken as is; it shrinks with n, so this errs on the safe side).
        const room = ((threshold - estimate) / normalIsf(rates.falsePassRate)) ** 2 - vy / m
        return room > 0 ? Math.max(n + 1, Math.ceil(vx / room)) : 'reference'
      }
      const rate = rates.falseFailRate
      if (!(lowerAtN(1e12, rate) > threshold)) return 'reference'
      let lo = n
      let hi = 2 * n
      while (!(lowerAtN(hi, rate) > threshold)) hi *= 2
      while (hi - lo > Math.max(1, lo * 0.002)) {
        const mid = Math.floor((lo + hi) / 2)
        if (lowerAtN(mid, rate) > threshold) hi = mid
        else lo = mid
      }
      return hi
    },
  }
}

/** Share substituted for an empty bin in the PSI (populationStabilityIndex's default). */
const PSI_EPSILON = 1e-4

/** Number of values of `sorted` at or below v (upper bound by bisection). */
function countAtOrBelow(sorted: Float64Array, v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Draws a bootstrap resample of a sorted sample as cumulative counts: cum[i] = resampled values at positions ≤ i. */
function resampleCounts(rng: () => number, cum: Uint32Array): void {
  const n = cum.length
  cum.fill(0)
  for (let i = 0; i < n; i++) cum[Math.floor(rng() * n)]++
  for (let i = 1; i < n; i++) cum[i] += cum[i - 1]
}

/** The value at position j (0-based) of the sorted resample described by `cum` over `sorted`. */
function resampledAt(sorted: Float64Array, cum: Uint32Array, j: number): number {
  let lo = 0
  let hi = cum.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cum[mid] > j) hi = mid
    else lo = mid + 1
  }
  return sorted[lo]
}

/**
 * PSI of a resample of received (sorted `sx`, cumulative counts `cx`) against a resample of the reference
 * (`sy`, `cy`), exactly as {@link populationStabilityIndex} computes it on the expanded resamples (type-7
 * quantile edges of the reference, duplicates removed, bins (lower, upper], empty shares → 1e-4), in
 * O(bins · log n) once the counts are drawn: the resamples are never materialised or sorted.
 */
function psiOfCounts(
  sx: Float64Array,
  cx: Uint32Array,
  sy: Float64Array,
  cy: Uint32Array,
  bins: number,
  edges: Float64Array,
): number {
  const n = sx.length
  const m = sy.length
  let k = 0
  for (let b = 1; b < bins; b++) {
    const h = (m - 1) * (b / bins)
    const lo = Math.floor(h)
    let q: number
    if (lo >= m - 1) q = resampledAt(sy, cy, m - 1)
    else {
      const t = h - lo
      const a = resampledAt(sy, cy, lo)
      const c = resampledAt(sy, cy, lo + 1)
      const d = c - a
      q = t >= 0.5 ? c - d * (1 - t) : a + d * t
    }
    if (k === 0 || q > edges[k - 1]) edges[k++] = q
  }
  let value = 0
  let prevE = 0
  let prevA = 0
  for (let i = 0; i <= k; i++) {
    let ce = m
    let ca = n
    if (i < k) {
      const uy = countAtOrBelow(sy, edges[i])
      const ux = countAtOrBelow(sx, edges[i])
      ce = uy > 0 ? cy[uy - 1] : 0
      ca = ux > 0 ? cx[ux - 1] : 0
    }
    const es = (ce - prevE) / m
    const as = (ca - prevA) / n
    prevE = ce
    prevA = ca
    const ee = es > 0 ? es : PSI_EPSILON
    const aa = as > 0 ? as : PSI_EPSILON
    value += (aa - ee) * Math.log(aa / ee)
  }
  return value
}

/** The PSI of received against the reference, by the resampling code path with every value counted once (tests). */
export function psiOfSortedSamples(
  received: ArrayLike<number>,
  reference: ArrayLike<number>,
  bins: number,
): number {
  checkSample('psiOfSortedSamples', 'received', received)
  checkSample('psiOfSortedSamples', 'reference', reference)
  checkBins('psiOfSortedSamples', bins)
  const sx = Float64Array.from(received).sort()
  const sy = Float64Array.from(reference).sort()
  const cx = Uint32Array.from({ length: sx.length }, (_, i) => i + 1)
  const cy = Uint32Array.from({ length: sy.length }, (_, i) => i + 1)
  return psiOfCounts(sx, cx, sy, cy, bins, new Float64Array(bins))
}

/** Bootstrap resamples for the PSI bounds: 500 up to 20,000 values in all, fewer down to 200 from 50,000. */
export function psiBootstrapResamples(total: number): number {
  checkCount('psiBootstrapResamples', 'total', total, 1)
  return Math.max(200, Math.min(500, Math.floor(1e7 / total)))
}

/** Options of {@link psiBounds}. */
export interface PsiBoundsOptions {
  /** Bins (quantile bins of the reference, as {@link populationStabilityIndex}). Default 10. */
  bins?: number
  /** Seed of the bootstrap (src/random.ts createRng). Required. */
  seed: string | number
  /** Bootstrap resamples (default {@link psiBootstrapResamples}). */
  resamples?: number
}

/**
 * Confidence bounds for the PSI of `xs` (received) against `ys` (reference), from a seeded bootstrap of
 * both samples (quantile bins re-cut in every resample). PSI is jointly convex in the bin shares, so the
 * estimate exceeds the true PSI plus a linear term: upper(rate) = estimate + z(rate)·se, with no bias
 * correction (which would undercover); lower(rate) = bias-corrected estimate (2·estimate − bootstrap
 * mean) − z(rate)·se (normal approximation). See {@link PSI_TRUSTED_PER_BIN} for the sizes where these
 * are trusted.
 * @example psiBounds(current, reference, { seed: 1 }).upperAt(0.05)
 */
export function psiBounds(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  options: PsiBoundsOptions,
): DriftBounds {
  const where = 'psiBounds'
  const o = checkOptions<PsiBoundsOptions>(where, options)
  const bins = checkBins(where, o.bins ?? 10)
  if (o.seed === undefined)
    throw new InvalidInputError(where, 'seed', 'is required (the bootstrap is seeded)')
  const sx = validatedSortedCopy(where, 'xs', xs)
  const sy = validatedSortedCopy(where, 'ys', ys)
  const n = sx.length
  const m = sy.length
  if (n < 2 || m < 2) throw new InvalidRangeError(where, n < 2 ? 'xs' : 'ys', 'must hold at least 2 values')
  const B =
    o.resamples === undefined ? psiBootstrapResamples(n + m) : checkCount(where, 'resamples', o.resamples, 2)
  const estimate = populationStabilityIndex(ys, xs, { bins }).value
  const rng = createRng(o.seed).fork('psiBounds/bootstrap')
  const cx = new Uint32Array(n)
  const cy = new Uint32Array(m)
  const edges = new Float64Array(bins)
  let sum = 0
  let sumSq = 0
  for (let i = 0; i < B; i++) {
    resampleCounts(rng, cx)
    resampleCounts(rng, cy)
    const d = psiOfCounts(sx, cx, sy, cy, bins, edges)
    sum += d
    sumSq += d * d
  }
  const bootMean = sum / B
  const se = Math.sqrt(Math.max(0, (sumSq - B * bootMean * bootMean) / (B - 1)))
  const corrected = Math.max(0, 2 * estimate - bootMean)
  return {
    measure: 'psi',
    estimate,
    lowerAt: (rate) => (se === 0 ? estimate : corrected - normalIsf(rate) * se),
    upperAt: (rate) => estimate + normalIsf(rate) * se,
    n,
    m,
    se,
    inflation: bootMean - estimate,
    corrected,
    resamples: B,
    bins,
    method:
      'lower = bias-corrected − z(falseFailRate)·se, upper = estimate + z(falsePassRate)·se (PSI is convex in the bin shares: the estimate errs upward, not downward), normal approximation',
    samplesFor(threshold, rates) {
      if (!(se > 0)) return undefined
      // The standard error shrinks about as 1/√n: the n at which the bound on the far side clears the threshold.
      const below = estimate < threshold
      const gap = below ? threshold - estimate : corrected - threshold
      const z = normalIsf(below ? rates.falsePassRate : rates.falseFailRate)
      return gap > 0 ? Math.max(n + 1, Math.ceil(n * ((z * se) / gap) ** 2)) : undefined
    },
  }
}

/**
 * The PSI bounds are trusted only with at least this many values per bin in the smaller sample: below it
 * the bootstrap's normal approximation false-failed identical distributions (1.8% at n = m = 15 and 1.4% at
 * 30, at falseFailRate 0.01), and the verdict is inconclusive instead.
 */
export const PSI_TRUSTED_PER_BIN = 10

/** Input of {@link decideDriftThreshold}. */
export interface DriftThresholdClaim {
  /** 'psi' or 'wasserstein'. */
  measure: 'psi' | 'wasserstein'
  /** Received values. */
  xs: ArrayLike<number>
  /** Reference values. */
  ys: ArrayLike<number>
  /** The claim: distance ≤ threshold. Positive. */
  threshold: number
  falseFailRate: number
  falsePassRate: number
  /** PSI: bins (default 10) and the bootstrap's seed (required for PSI). */
  bins?: number
  seed?: string | number
}

/** What {@link decideDriftThreshold} returns. */
export interface DriftThresholdDecision {
  decision: IntervalDecision
  bounds: DriftBounds
  /** When inconclusive and no received size would settle it: the reference is too small. */
  referenceTooSmall?: boolean
}

/**
 * Decides the threshold claim "distance(received, reference) ≤ threshold" (PSI or Wasserstein-1) with
 * {@link decideInterval}: target (−∞, threshold]; fail when the lower bound at falseFailRate lies above the
 * threshold; pass when the upper bound at falsePassRate lies at (or, within 1e-12 relative, just above)
 * the threshold. A threshold claim has no indifference zone: its "tolerance" is the threshold itself, so
 * the false-pass rate holds for every distance above the threshold (at the threshold both rates apply).
 * PSI with fewer than {@link PSI_TRUSTED_PER_BIN} values per bin in the smaller sample: inconclusive
 * (untrusted). samplesNeeded is the received size (the reference held fixed).
 * @example decideDriftThreshold({ measure: 'wasserstein', xs, ys, threshold: 0.1, falseFailRate: 0.001, falsePassRate: 0.05 })
 */
export function decideDriftThreshold(claim: DriftThresholdClaim): DriftThresholdDecision {
  const where = 'decideDriftThreshold'
  if (claim === null || typeof claim !== 'object')
    throw new InvalidInputError(where, 'claim', 'must be an object')
  const measure = checkOneOf(where, 'measure', claim.measure, ['psi', 'wasserstein'])
  const threshold = checkFinite(where, 'threshold', claim.threshold)
  if (!(threshold > 0)) throw new InvalidRangeError(where, 'threshold', `must be positive, got ${threshold}`)
  const bins = checkBins(where, claim.bins ?? 10)
  const bounds =
    measure === 'psi'
      ? psiBounds(claim.xs, claim.ys, { bins, seed: claim.seed as string | number })
      : wassersteinBounds(claim.xs, claim.ys)
  const smaller = Math.min(bounds.n, bounds.m)
  const untrusted =
    measure === 'psi' && smaller < PSI_TRUSTED_PER_BIN * bins
      ? `the PSI bounds are not trustworthy with fewer than ${PSI_TRUSTED_PER_BIN} values per bin (${bins} bins, ${smaller} values in the smaller sample)`
      : undefined
  const decision = decideInterval({
    target: { lower: Number.NEGATIVE_INFINITY, upper: threshold },
    tolerance: threshold * 1e-12,
    estimate: bounds.estimate,
    n: bounds.n,
    bounds: (rate) => ({ lower: bounds.lowerAt(rate), upper: bounds.upperAt(rate) }),
    falseFailRate: claim.falseFailRate,
    falsePassRate: claim.falsePassRate,
    untrusted,
    trustedFrom: untrusted && bounds.m >= PSI_TRUSTED_PER_BIN * bins ? PSI_TRUSTED_PER_BIN * bins : undefined,
  })
  const out: DriftThresholdDecision = { decision, bounds }
  if (decision.outcome === 'inconclusive' && !untrusted) {
    const need = bounds.samplesFor(threshold, claim)
    if (need === 'reference') {
      out.referenceTooSmall = true
      decision.samplesNeeded = undefined
    } else decision.samplesNeeded = need === undefined ? undefined : Math.max(need, bounds.n + 1)
  }
  if (untrusted && bounds.m < PSI_TRUSTED_PER_BIN * bins) out.referenceTooSmall = true
  return out
}
