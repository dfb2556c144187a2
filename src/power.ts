/**
 * Power and sample size: how large a violation a test of n samples can detect, and how many samples are
 * needed to detect a violation of a given size. Matchers use these to refuse vacuous passes (a pass that
 * only means "too few data to tell").
 *
 * Every function takes `{ falseFailRate, falsePassRate }`: the falseFailRate α is the type I error
 * (failing a true claim), the falsePassRate β the type II error (passing when the claim is violated by
 * the detectable amount), so the power is 1 − β. Defaults are the library's: α = 0.001, β = 0.05.
 *
 * - Proportions: {@link detectableProportionShift}, {@link samplesForProportion} (score-test normal approximation).
 * - Means: {@link detectableMeanShift}, {@link samplesForMean} (Hoeffding for bounded outputs: distribution-free
 *   and guaranteed; or normal / t given a standard deviation).
 * - Distributions: {@link ksCriticalDistance}, {@link detectableKsDistance}, {@link samplesForKs}
 *   (Dvoretzky–Kiefer–Wolfowitz with Massart's constant).
 */
import { DEFAULT_CONFIG } from './config'
import { normalIsf, studentTIsf } from './distributions'
import {
  checkCount,
  checkFinite,
  checkOneOf,
  checkOpenUnit,
  InvalidInputError,
  InvalidRangeError,
} from './errors'

/** Error rates shared by every power function. */
export interface ErrorRates {
  /** α: probability of failing when the claim holds (type I error). Default 0.001. In (0, 1). */
  falseFailRate?: number
  /** β: probability of passing when the claim is violated by the detectable amount (type II error). Default 0.05. In (0, 1). */
  falsePassRate?: number
}

/** Which side a violation lies on. */
export type PowerAlternative = 'two-sided' | 'less' | 'greater'

function readOptions<T extends object>(where: string, options: unknown): T {
  if (options === undefined) return {} as T
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  return options as T
}

function rates(where: string, o: ErrorRates): { alpha: number; beta: number } {
  const alpha = checkOpenUnit(where, 'falseFailRate', o.falseFailRate ?? DEFAULT_CONFIG.falseFailRate)
  const beta = checkOpenUnit(where, 'falsePassRate', o.falsePassRate ?? DEFAULT_CONFIG.falsePassRate)
  return { alpha, beta }
}

function checkAlternative(where: string, a: unknown): PowerAlternative {
  return checkOneOf(where, 'alternative', a ?? 'two-sided', ['two-sided', 'less', 'greater'])
}

function checkPositive(where: string, argument: string, v: unknown): number {
  const x = checkFinite(where, argument, v)
  if (!(x > 0)) throw new InvalidRangeError(where, argument, `must be positive, got ${x}`)
  return x
}

// =============================================================================================
// Proportions
// =============================================================================================

/** Options of {@link detectableProportionShift}. */
export interface ProportionPowerOptions extends ErrorRates {
  /** The boundary proportion p₀ of the claim, in (0, 1). */
  p0: number
  /**
   * Where violations lie: `'greater'` (true p > p₀, e.g. a claim "rate ≤ p₀"), `'less'` (p < p₀), or
   * `'two-sided'` (default; the test uses α/2 per side and the result covers both directions).
   */
  alternative?: PowerAlternative
}

/** Options of {@link samplesForProportion}. */
export interface SamplesForProportionOptions extends ProportionPowerOptions {
  /** The smallest violation δ = |p₁ − p₀| that must be detected, in (0, 1). */
  tolerance: number
}

/** n needed to detect p₁ with the one-sided score test at level a, power 1 − β. */
function proportionN(p0: number, p1: number, za: number, zb: number): number {
  const d = Math.abs(p1 - p0)
  return ((za * Math.sqrt(p0 * (1 - p0)) + zb * Math.sqrt(p1 * (1 - p1))) / d) ** 2
}

/** Smallest δ in (0, maxShift] with √n·δ ≥ z_α·√(p₀q₀) + z_β·√(p₁q₁), p₁ = p₀ ± δ; Infinity if none. */
function smallestShift(n: number, p0: number, dir: 1 | -1, za: number, zb: number): number {
  const maxShift = dir > 0 ? 1 - p0 : p0
  const sn = Math.sqrt(n)
  const g = (d: number) => {
    const p1 = p0 + dir * d
    return sn * d - (za * Math.sqrt(p0 * (1 - p0)) + zb * Math.sqrt(Math.max(0, p1 * (1 - p1))))
  }
  // g may be non-monotone near the boundary: scan for the first sign change, then bisect
  const steps = 2000
  let prev = 0
  for (let k = 1; k <= steps; k++) {
    const d = (maxShift * k) / steps
    if (g(d) >= 0) {
      let lo = prev
      let hi = d
      for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
        const mid = (lo + hi) / 2
        if (g(mid) >= 0) hi = mid
        else lo = mid
      }
      return hi
    }
    prev = d
  }
  return Number.POSITIVE_INFINITY
}

/**
 * The smallest violation δ of a boundary proportion p₀ that n Bernoulli trials detect: the one-sided score
 * (normal-approximation) test at level α rejects with probability at least 1 − β when the true proportion is
 * p₁ = p₀ ± δ. δ solves n = ((z₁₋α·√(p₀(1−p₀)) + z₁₋β·√(p₁(1−p₁)))/δ)² (α/2 per side for two-sided, and
 * the larger of the two directions' δ is returned, so violations of that size are caught either way).
 * Returns Infinity when no violation within [0, 1] is detectable at this n (for `'two-sided'`: in either direction,
 * e.g. a decrease from a p₀ close to 0).
 * @example detectableProportionShift(1000, { p0: 0.1, alternative: 'greater' }) // ≈ 0.036
 */
export function detectableProportionShift(n: number, options: ProportionPowerOptions): number {
  const where = 'detectableProportionShift'
  checkCount(where, 'n', n, 1)
  const o = readOptions<ProportionPowerOptions>(where, options)
  const p0 = checkOpenUnit(where, 'p0', o.p0)
  const { alpha, beta } = rates(where, o)
  const alternative = checkAlternative(where, o.alternative)
  const zb = normalIsf(beta)
  if (alternative === 'two-sided') {
    const za = normalIsf(alpha / 2)
    return Math.max(smallestShift(n, p0, 1, za, zb), smallestShift(n, p0, -1, za, zb))
  }
  const za = normalIsf(alpha)
  return smallestShift(n, p0, alternative === 'greater' ? 1 : -1, za, zb)
}

/**
 * Number of Bernoulli trials needed to detect a violation δ = `tolerance` of the boundary proportion p₀ with
 * the one-sided score test (normal approximation): n = ⌈((z₁₋α·√(p₀(1−p₀)) + z₁₋β·√(p₁(1−p₁)))/δ)²⌉ with
 * p₁ = p₀ + δ (`'greater'`), p₀ − δ (`'less'`), or, for `'two-sided'`, z₁₋α/₂ and the larger n of the two
 * directions (a direction where p₁ falls outside [0, 1] is impossible and ignored).
 * @example samplesForProportion({ p0: 0.1, tolerance: 0.05, alternative: 'greater' })
 */
export function samplesForProportion(options: SamplesForProportionOptions): number {
  const where = 'samplesForProportion'
  const o = readOptions<SamplesForProportionOptions>(where, options)
  const p0 = checkOpenUnit(where, 'p0', o.p0)
  const delta = checkOpenUnit(where, 'tolerance', o.tolerance)
  const { alpha, beta } = rates(where, o)
  const alternative = checkAlternative(where, o.alternative)
  const zb = normalIsf(beta)
  const za = normalIsf(alternative === 'two-sided' ? alpha / 2 : alpha)
  const dirs: number[] = alternative === 'two-sided' ? [1, -1] : [alternative === 'greater' ? 1 : -1]
  let n = 0
  for (const dir of dirs) {
    const p1 = p0 + dir * delta
    if (p1 < 0 || p1 > 1) continue
    n = Math.max(n, proportionN(p0, p1, za, zb))
  }
  if (n === 0)
    throw new InvalidRangeError(where, 'tolerance', `puts p0 ± tolerance outside [0, 1] (p0 = ${p0})`)
  return Math.ceil(n - 1e-9)
}

// =============================================================================================
// Means
// =============================================================================================

/** Options of {@link detectableMeanShift}. */
export interface MeanPowerOptions extends ErrorRates {
  /**
   * The known range [a, b] of every output. With `method: 'hoeffding'` (the default when given) the result
   * is distribution-free and guaranteed for any n.
   */
  range?: readonly [number, number]
  /** A standard deviation estimate, for `method: 'normal'` or `'t'`. */
  sd?: number
  /**
   * `'hoeffding'` (default when `range` is given): δ = (b − a)(√(ln(1/α)/(2n)) + √(ln(1/β)/(2n))).
   * `'normal'` (default when only `sd` is given): δ = (z₁₋α + z₁₋β)·sd/√n. `'t'`: δ = (t₁₋α,ₙ₋₁ + t₁₋β,ₙ₋₁)·sd/√n.
   */
  method?: 'hoeffding' | 'normal' | 't'
  /** One-sided (`'less'`/`'greater'`, α on one side) or `'two-sided'` (default; α/2 per side). */
  alternative?: PowerAlternative
}

/** Options of {@link samplesForMean}. */
export interface SamplesForMeanOptions extends MeanPowerOptions {
  /** The smallest shift of the mean that must be detected (same units as the outputs); positive. */
  tolerance: number
}

function meanSetup(where: string, o: MeanPowerOptions) {
  const { alpha, beta } = rates(where, o)
  const alternative = checkAlternative(where, o.alternative)
  const a1 = alternative === 'two-sided' ? alpha / 2 : alpha
  let width = Number.NaN
  if (o.range !== undefined) {
    if (!Array.isArray(o.range) || o.range.length !== 2)
      throw new InvalidInputError(where, 'range', 'must be a pair [a, b]')
    const a = checkFinite(where, 'range[0]', o.range[0])
    const b = checkFinite(where, 'range[1]', o.range[1])
    if (!(b > a)) throw new InvalidRangeError(where, 'range', `needs a < b, got [${a}, ${b}]`)
    width = b - a
  }
  const sd = o.sd === undefined ? Number.NaN : checkPositive(where, 'sd', o.sd)
  const method = checkOneOf(where, 'method', o.method ?? (o.range !== undefined ? 'hoeffding' : 'normal'), [
    'hoeffding',
    'normal',
    't',
  ])
  if (method === 'hoeffding' && Number.isNaN(width))
    throw new InvalidInputError(where, 'range', "is required by method 'hoeffding'")
  if (method !== 'hoeffding' && Number.isNaN(sd))
    throw new InvalidInputError(where, 'sd', `is required by method '${method}'`)
  return { alpha: a1, beta, width, sd, method }
}

function meanShift(n: number, s: ReturnType<typeof meanSetup>): number {
  if (s.method === 'hoeffding')
    return s.width * (Math.sqrt(Math.log(1 / s.alpha) / (2 * n)) + Math.sqrt(Math.log(1 / s.beta) / (2 * n)))
  if (s.method === 'normal') return ((normalIsf(s.alpha) + normalIsf(s.beta)) * s.sd) / Math.sqrt(n)
  return ((studentTIsf(s.alpha, n - 1) + studentTIsf(s.beta, n - 1)) * s.sd) / Math.sqrt(n)
}

/**
 * The smallest shift of a mean that n outputs detect at falseFailRate α with power 1 − β.
 *
 * Hoeffding (outputs known to lie in [a, b]; distribution-free): the test rejecting when the sample mean
 * exceeds μ₀ + (b − a)√(ln(1/α)/(2n)) has type I error ≤ α by Hoeffding's inequality, and when the true mean
 * is μ₀ + δ with δ = (b − a)(√(ln(1/α)/(2n)) + √(ln(1/β)/(2n))), the sample mean falls below that threshold
 * with probability ≤ β (Hoeffding again). Two-sided uses α/2. Normal: δ = (z₁₋α + z₁₋β)·sd/√n; t: the same
 * with Student quantiles on n − 1 degrees of freedom (needs n ≥ 2).
 * @example detectableMeanShift(1000, { range: [0, 1], alternative: 'greater' }) // ≈ 0.103
 */
export function detectableMeanShift(n: number, options: MeanPowerOptions): number {
  const where = 'detectableMeanShift'
  const o = readOptions<MeanPowerOptions>(where, options)
  const s = meanSetup(where, o)
  checkCount(where, 'n', n, s.method === 't' ? 2 : 1)
  return meanShift(n, s)
}

/**
 * Number of outputs needed to detect a shift `tolerance` of the mean (inverse of {@link detectableMeanShift}).
 * Hoeffding: n = ⌈(b − a)²(√(ln(1/α)/2) + √(ln(1/β)/2))²/δ²⌉; normal: n = ⌈((z₁₋α + z₁₋β)·sd/δ)²⌉; t: the
 * smallest n ≥ 2 whose t-based detectable shift is ≤ δ.
 * @example samplesForMean({ range: [0, 1], tolerance: 0.05, alternative: 'greater' })
 */
export function samplesForMean(options: SamplesForMeanOptions): number {
  const where = 'samplesForMean'
  const o = readOptions<SamplesForMeanOptions>(where, options)
  const s = meanSetup(where, o)
  const delta = checkPositive(where, 'tolerance', o.tolerance)
  if (s.method === 'hoeffding') {
    const c = Math.sqrt(Math.log(1 / s.alpha) / 2) + Math.sqrt(Math.log(1 / s.beta) / 2)
    return Math.max(1, Math.ceil(((s.width * c) / delta) ** 2 - 1e-9))
  }
  const z = ((normalIsf(s.alpha) + normalIsf(s.beta)) * s.sd) / delta
  const nNormal = Math.max(1, Math.ceil(z * z - 1e-9))
  if (s.method === 'normal') return nNormal
  // t: the normal n is a lower bound; step up (the t quantiles shrink towards the normal ones)
  let n = Math.max(2, nNormal)
  while (meanShift(n, s) > delta) {
    n = Math.max(n + 1, Math.ceil(n * (meanShift(n, s) / delta) ** 2 * 0.999))
    if (n > 1e12) break
  }
  // step back down to the smallest n that still suffices
  while (n > 2 && meanShift(n - 1, s) <= delta) n--
  return n
}

// =============================================================================================
// Kolmogorov–Smirnov via DKW
// =============================================================================================

/** Options of the KS power functions. */
export interface KsPowerOptions extends ErrorRates {
  /** Size of the second sample for a two-sample comparison; the effective size n·m/(n + m) is used. */
  m?: number
}

/** Options of {@link samplesForKs}. */
export interface SamplesForKsOptions extends ErrorRates {
  /** The smallest KS distance sup|F − G| that must be detected, in (0, 1). */
  distance: number
  /**
   * For a two-sample comparison: the ratio m/n of the second sample size to the first (e.g. 1 for equal sizes).
   * Omit for a one-sample test against a known distribution.
   */
  ratio?: number
}

function effectiveSize(where: string, n: number, m: number | undefined): number {
  checkCount(where, 'n', n, 1)
  if (m === undefined) return n
  checkCount(where, 'm', m, 1)
  return (n * m) / (n + m)
}

/**
 * Critical KS distance at falseFailRate α by the Dvoretzky–Kiefer–Wolfowitz inequality with Massart's constant,
 * P(sup|F_n − F| > ε) ≤ 2e^{−2nε²}: ε = √(ln(2/α)/(2n)). A KS distance above it is evidence of a difference at
 * level α for any n (no asymptotics). With `m`, the two-sample version uses n_eff = nm/(n + m) in place of n
 * (the Kolmogorov limit of √n_eff·D_{n,m} has tail ≤ 2e^{−2λ²}, so this is the asymptotically valid analogue).
 * @example ksCriticalDistance(1000, { falseFailRate: 0.001 }) // ≈ 0.0616
 */
export function ksCriticalDistance(n: number, options: KsPowerOptions = {}): number {
  const where = 'ksCriticalDistance'
  const o = readOptions<KsPowerOptions>(where, options)
  const ne = effectiveSize(where, n, o.m)
  const { alpha } = rates(where, o)
  return Math.sqrt(Math.log(2 / alpha) / (2 * ne))
}

/**
 * The smallest true KS distance Δ = sup|F − F₀| that a KS test of n samples detects at falseFailRate α with
 * probability ≥ 1 − β: Δ = √(ln(2/α)/(2n)) + √(ln(1/β)/(2n)).
 *
 * Justification: let x* be where |F − F₀| attains Δ. The empirical F_n(x*) is a mean of n Bernoulli(F(x*))
 * variables, so by Hoeffding's one-sided inequality it moves towards F₀(x*) by more than ε = √(ln(1/β)/(2n))
 * with probability ≤ β. Otherwise D_n ≥ |F_n(x*) − F₀(x*)| > Δ − ε = the DKW critical distance
 * (see {@link ksCriticalDistance}), and the test rejects. Two-sample: the same with n_eff = nm/(n + m) (the
 * Hoeffding bound for a difference of two independent means has variance proxy 1/n + 1/m = 1/n_eff).
 * @example detectableKsDistance(1000) // ≈ 0.0893 with α = 0.001, β = 0.05
 */
export function detectableKsDistance(n: number, options: KsPowerOptions = {}): number {
  const where = 'detectableKsDistance'
  const o = readOptions<KsPowerOptions>(where, options)
  const ne = effectiveSize(where, n, o.m)
  const { alpha, beta } = rates(where, o)
  return Math.sqrt(Math.log(2 / alpha) / (2 * ne)) + Math.sqrt(Math.log(1 / beta) / (2 * ne))
}

/**
 * Sample size for a KS test to detect a distance Δ (inverse of {@link detectableKsDistance}):
 * n_eff = ⌈(√(ln(2/α)/2) + √(ln(1/β)/2))²/Δ²⌉. One-sample: n = n_eff. Two-sample with m = ratio·n:
 * the smallest n with n·m/(n + m) ≥ n_eff, i.e. n = ⌈n_eff·(1 + ratio)/ratio⌉ (and m = ⌈ratio·n⌉).
 * Returns n, the size of the first sample.
 * @example samplesForKs({ distance: 0.1 }) // one-sample
 * @example samplesForKs({ distance: 0.1, ratio: 1 }) // each of two equal samples
 */
export function samplesForKs(options: SamplesForKsOptions): number {
  const where = 'samplesForKs'
  const o = readOptions<SamplesForKsOptions>(where, options)
  const distance = checkOpenUnit(where, 'distance', o.distance)
  const { alpha, beta } = rates(where, o)
  const c = Math.sqrt(Math.log(2 / alpha) / 2) + Math.sqrt(Math.log(1 / beta) / 2)
  const neff = (c / distance) ** 2
  if (o.ratio === undefined) return Math.max(1, Math.ceil(neff - 1e-9))
  const ratio = checkPositive(where, 'ratio', o.ratio)
  let n = Math.max(1, Math.ceil((neff * (1 + ratio)) / ratio - 1e-9))
  // make sure the rounded-up m keeps n_eff large enough, and n is the smallest such
  const ok = (k: number) => {
    const m = Math.ceil(ratio * k - 1e-9)
    return (k * m) / (k + m) >= neff - 1e-9
  }
  while (!ok(n)) n++
  while (n > 1 && ok(n - 1)) n--
  return n
}
