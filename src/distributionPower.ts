/**
 * Power of the distribution tests at the least favourable alternative, and the decisions built on it
 * (src/decision.ts {@link decideTest}): Kolmogorov–Smirnov one- and two-sample, Pearson chi-square.
 *
 * **KS, an exact pointwise power bound.** If sup|F − F₀| ≥ Δ there is an x with |F(x) − F₀(x)| ≥ Δ, and the
 * KS statistic is at least |F̂ₙ(x) − F₀(x)|, where n·F̂ₙ(x) ~ Binomial(n, F(x)). So under any such F the
 * test at level α (critical value c_α(n), exact) rejects with probability at least
 *
 *   min over p ∈ [0, 1 − Δ] of P(Bin(n, p + Δ)/n − p > c_α(n))
 *
 * (a larger gap only raises it; the mirror case F(x) = p − Δ is the same by symmetry). The bound is nearly
 * attained (by an F that jumps by Δ at one point), so it is the power of the textbook fixed-n test at its
 * least favourable alternative. Two-sample: the same with F̂ₙ(x) − Ĝₘ(x), two independent binomials, and
 * the two-sample critical value (exact lattice value where SciPy's test is exact, else asymptotic).
 * Both bounds drop the opposite tail, so they err low (conservative), never high.
 *
 * **Chi-square.** The power at the least favourable alternative at total variation distance tv: the
 * noncentrality λ = n·Σ(pᵢ − p₀ᵢ)²/p₀ᵢ is at least 4·n·tv² (Cauchy–Schwarz), and the power of the
 * chi-square test at noncentrality λ is that of the noncentral chi-square (scipy.stats.ncx2).
 */
import { asCaller, checkBoolean, checkObject, checkPositive } from './argcheck'
import { DEFAULT_CONFIG } from './config'
import { decideTest, samplesForPower, type TestDecision } from './decision'
import { binomialCdf, chiSquareIsf, chiSquareSf, logGamma } from './distributions'
import { checkCount, checkOpenUnit, checkSample, InvalidInputError, InvalidRangeError } from './errors'
import {
  type ChiSquareSmallResult,
  chiSquareGoodnessOfFitSmall,
  chiSquareHomogeneitySmall,
  chiSquareNullCritical,
  type Ks2SampleResult,
  type KsDistribution,
  type KsTestResult,
  ks2Sample,
  ksTest,
} from './hypothesis'
import { ks2SampleAsymptoticPValue, ks2SampleExactPValue, kstwobignSf, kstwoSf } from './kolmogorov'
import { binomialWindowUnnormalized, gcd, ksEffectiveSize } from './numeric'

// ---------------------------------------------------------------------------------------------
// Small bounded caches: power functions are evaluated at the same n again and again (a projection, a
// calibration loop, a suite of similar assertions).
// ---------------------------------------------------------------------------------------------

const CACHE_SIZE = 2000

function cached<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const value = compute()
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string)
  cache.set(key, value)
  return value
}

function rates(where: string, o: { falseFailRate?: number; falsePassRate?: number }) {
  return {
    alpha: checkOpenUnit(where, 'falseFailRate', o.falseFailRate ?? DEFAULT_CONFIG.falseFailRate),
    beta: checkOpenUnit(where, 'falsePassRate', o.falsePassRate ?? DEFAULT_CONFIG.falsePassRate),
  }
}

function checkTolerance(where: string, tolerance: unknown): number {
  if (typeof tolerance !== 'number' || !(tolerance > 0 && tolerance < 1))
    throw new InvalidRangeError(
      where,
      'tolerance',
      `must lie strictly between 0 and 1, got ${String(tolerance)}`,
    )
  return tolerance
}

// ---------------------------------------------------------------------------------------------
// Critical values
// ---------------------------------------------------------------------------------------------

/** The upper-α point of the Kolmogorov distribution: kstwobignSf(x) = α. */
const isfCache = new Map<string, number>()
function kolmogorovIsf(alpha: number): number {
  return cached(isfCache, String(alpha), () => kolmogorovIsfUncached(alpha))
}
function kolmogorovIsfUncached(alpha: number): number {
  let lo = 0.2
  let hi = 10
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2
    if (kstwobignSf(mid) > alpha) lo = mid
    else hi = mid
  }
  return hi
}

const criticalCache = new Map<string, number>()

/** Stephens' approximation of the one-sample critical value: x_α/(√n + 0.12 + 0.11/√n). */
function stephensCritical(n: number, alpha: number): number {
  const s = Math.sqrt(n)
  return kolmogorovIsf(alpha) / (s + 0.12 + 0.11 / s)
}

/** Above this n, {@link ksOneSampleCritical} is the asymptotic critical value (α ≥ 1e-15). */
export const KS_CRITICAL_ASYMPTOTIC_N = 1e5

/**
 * The relative error of {@link ksAsymptoticCritical} is within ±KS_ASYMPTOTIC_SPREAD·ln(2/α)/n of the
 * exact critical value (measured: +0.053 at α = 10⁻¹⁵, −0.05 at α = ½, for n from 10³ to 10⁶; 0.1 leaves
 * room).
 */
const KS_ASYMPTOTIC_SPREAD = 0.1

/**
 * The one-sample critical value from the Kolmogorov limit with its first-order correction:
 * P(√n·Dₙ ≥ x) ≈ P(K ≥ x + 1/(6√n)), so c = (x_α − 1/(6√n))/√n, x_α the upper-α point of the Kolmogorov
 * distribution.
 */
function ksAsymptoticCritical(n: number, alpha: number): number {
  const s = Math.sqrt(n)
  return (kolmogorovIsf(alpha) - 1 / (6 * s)) / s
}

/**
 * The critical value of the exact two-sided one-sample KS test at level α: the c with P(Dₙ ≥ c) = α under the
 * claim (`scipy.stats.kstwo.isf(α, n)`); the test of {@link ksTest} rejects (p < α) exactly when D > c.
 * Returned slightly high (by at most 1e-7 relative), never low, so a power computed with it errs low.
 * For n > 10⁵ (and α ≥ 1e-15) the asymptotic critical value, raised by its error bound: high by at most
 * 0.16·ln(2/α)/n relative (under 4·10⁻⁶ at α = 0.001), in microseconds instead of seconds.
 * `approximate: true` (for projections to other sizes) returns Stephens' approximation raised by 0.3%
 * instead (within 0.1% of the exact value for n ≥ 100).
 * @example ksOneSampleCritical(1000, 0.001) // ≈ 0.0615
 */
export function ksOneSampleCritical(
  n: number,
  falseFailRate: number = DEFAULT_CONFIG.falseFailRate,
  approximate = false,
): number {
  const where = 'ksOneSampleCritical'
  checkCount(where, 'n', n, 1)
  const alpha = checkOpenUnit(where, 'falseFailRate', falseFailRate)
  if (approximate && n >= 100) return Math.min(1, 1.003 * stephensCritical(n, alpha))
  return cached(criticalCache, `${n}|${alpha}`, () => {
    const spread = KS_ASYMPTOTIC_SPREAD * (Math.log(2 / alpha) / n)
    // Large n: the shifted Kolmogorov limit, raised by its error bound (so never low). The exact survival
    // function costs O(n) per evaluation there (the Smirnov sum: 1.3 s for the bisection at n = 10⁶,
    // α = 0.001), and the limit is within 0.06·ln(2/α)/n of it (measured for n ≥ 10³, α from 10⁻¹⁵ to
    // ½: test/fixtures/distribution_power.py, ks_one_critical_large) — at n > 10⁵ under 4·10⁻⁶ relative
    // for α ≥ 10⁻¹⁵, a shift of n·c·4·10⁻⁶ < 0.1 in the count n·c that the power bound rounds.
    if (n > KS_CRITICAL_ASYMPTOTIC_N && alpha >= 1e-15)
      return Math.min(1, ksAsymptoticCritical(n, alpha) * (1 + spread))
    // Otherwise bisect on the exact survival function, from a bracket around the limit (n ≥ 1000: within
    // its error bound) or Stephens' approximation (within 0.1% for n ≥ 100).
    const guess = n >= 1000 ? ksAsymptoticCritical(n, alpha) : Math.min(1, stephensCritical(n, alpha))
    const width = n >= 1000 ? 2 * spread : 0.005
    let lo = guess * (1 - width)
    let hi = Math.min(1, guess * (1 + width))
    while (hi < 1 && kstwoSf(n, hi) > alpha) hi = Math.min(1, hi * 1.05)
    while (lo > 1e-12 && kstwoSf(n, lo) <= alpha) lo /= 1.05
    for (let i = 0; i < 60 && hi - lo > 1e-7 * hi; i++) {
      const mid = (lo + hi) / 2
      if (kstwoSf(n, mid) > alpha) lo = mid
      else hi = mid
    }
    return hi
  })
}

/** Whether {@link ks2Sample} (method 'auto', as SciPy) computes an exact p-value for sizes n, m. */
function twoSampleExact(n: number, m: number): boolean {
  return Math.max(n, m) <= 10000
}

/**
 * The critical value of the two-sided two-sample KS test of {@link ks2Sample} at level α, for sizes n and m:
 * it rejects (p < α) exactly when D ≥ the returned value. Where the test is exact (max(n, m) ≤ 10000) this
 * is the smallest lattice value h/lcm(n, m) whose exact p-value is below α; otherwise the asymptotic
 * critical value (slightly high, never low). `approximate: true` (for projections to other sizes) returns
 * the asymptotic critical value (Stephens' approximation at the effective size n·m/(n + m), raised by 0.3%).
 * Infinity when no pair of samples of these sizes can reject at this α.
 * @example ksTwoSampleCritical(2000, 2000, 0.001) // ≈ 0.0615
 */
export function ksTwoSampleCritical(
  n: number,
  m: number,
  falseFailRate: number = DEFAULT_CONFIG.falseFailRate,
  approximate = false,
): number {
  const where = 'ksTwoSampleCritical'
  checkCount(where, 'n', n, 1)
  checkCount(where, 'm', m, 1)
  const alpha = checkOpenUnit(where, 'falseFailRate', falseFailRate)
  checkBoolean(where, 'approximate', approximate)
  // n·m overflows for sizes beyond 1e154: the harmonic form then (an infinite size would loop below).
  const product = (n * m) / (n + m)
  const en = Number.isFinite(product) ? product : 1 / (1 / n + 1 / m)
  if (approximate && en >= 100) return Math.min(1, 1.003 * stephensCritical(en, alpha))
  return cached(criticalCache, `${n}|${m}|${alpha}`, () => {
    const guess = Math.min(1, stephensCritical(Math.max(1, en), alpha))
    // The asymptotic p-value is kstwo's survival function at the rounded effective size
    // (ks2SampleAsymptoticPValue): its critical value is the one-sample one at that size (exact up to
    // n_e = 10⁵, the asymptotic one beyond: 1.6 s → µs at n = m = 2·10⁶).
    if (!twoSampleExact(n, m)) return ksOneSampleCritical(ksEffectiveSize(n, m), alpha)
    const g = gcd(n, m)
    const lcm = (n / g) * m
    const exactP = (h: number) => {
      const r = ks2SampleExactPValue(n, m, h / lcm)
      return r === null ? ks2SampleAsymptoticPValue(n, m, h / lcm) : r.pValue
    }
    // Smallest integer h with exactP(h) < α; p is nonincreasing in h.
    let hHi = Math.min(lcm, Math.ceil(guess * lcm * 1.05) + 1)
    while (hHi < lcm && !(exactP(hHi) < alpha)) hHi = Math.min(lcm, Math.ceil(hHi * 1.2) + 1)
    if (!(exactP(hHi) < alpha)) return Number.POSITIVE_INFINITY
    let hLo = Math.max(0, Math.floor(guess * lcm * 0.95))
    while (hLo > 0 && exactP(hLo) < alpha) hLo = Math.floor(hLo / 1.2)
    // exactP(hLo) >= α > exactP(hHi)
    while (hHi - hLo > 1) {
      const mid = Math.floor((hLo + hHi) / 2)
      if (exactP(mid) < alpha) hHi = mid
      else hLo = mid
    }
    return hHi / lcm
  })
}

// ---------------------------------------------------------------------------------------------
// KS power at the least favourable alternative
// ---------------------------------------------------------------------------------------------

const powerCache = new Map<string, number>()

/** Options of the KS power functions. */
export interface KsPowerBoundOptions {
  /** The KS distance sup|F − F₀| of the alternative, in (0, 1). */
  tolerance: number
  /** α, the level of the test. Default 0.001. */
  falseFailRate?: number
  /**
   * Use the approximate critical value (see {@link ksOneSampleCritical}), for projections to sizes other
   * than the one taken: much cheaper at large or unequal sizes. Default false.
   */
  approximate?: boolean
}

/**
 * A lower bound (nearly attained) on the power of the exact one-sample KS test of n values at level α,
 * over every distribution F with sup|F − F₀| ≥ tolerance: min over p of P(Bin(n, p + Δ)/n − p > c_α(n)).
 * The minimum runs over the left ends of the pieces on which ⌊n(p + c)⌋ is constant (where the miss
 * probability peaks), every one of them for n ≤ 600, else a grid refined around its worst point.
 * @example ksOneSamplePower(770, { tolerance: 0.1 }) // ≈ 0.95
 */
/** The largest sample size the exact power bounds are computed for (beyond, k steps lose integer precision). */
export const KS_EXACT_POWER_MAX_N = 1e9

function checkExactSize(where: string, argument: string, n: number): void {
  if (n > KS_EXACT_POWER_MAX_N)
    throw new InvalidRangeError(
      where,
      argument,
      `must be at most ${KS_EXACT_POWER_MAX_N} for the exact power bounds, got ${n}`,
    )
}

export function ksOneSamplePower(n: number, options: KsPowerBoundOptions): number {
  const where = 'ksOneSamplePower'
  checkCount(where, 'n', n, 1)
  checkExactSize(where, 'n', n)
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  const tol = checkTolerance(where, options.tolerance)
  const alpha = checkOpenUnit(where, 'falseFailRate', options.falseFailRate ?? DEFAULT_CONFIG.falseFailRate)
  const approximate = options.approximate === true
  return cached(powerCache, `1|${n}|${tol}|${alpha}|${approximate}`, () => {
    const c = ksOneSampleCritical(n, alpha, approximate)
    if (!(c < tol)) return 0
    // Miss at the piece starting at p = 0: X ≤ ⌊nc⌋ with X ~ Bin(n, Δ).
    let worst = binomialCdf(Math.floor(n * c), n, tol)
    const kFrom = Math.ceil(n * c)
    const kTo = Math.min(n - 1, Math.floor(n * (1 - tol + c)))
    const shift = n * (tol - c)
    const miss = (k: number) => binomialCdf(k, n, Math.min(1, (k + shift) / n))
    if (kTo >= kFrom) {
      if (kTo - kFrom <= 600) {
        for (let k = kFrom; k <= kTo; k++) worst = Math.max(worst, miss(k))
      } else {
        // The miss probability is a smooth function of k (k and the binomial's p move together): a grid of
        // 300, then every k around the worst grid point.
        // Refined by nested grids (never a loop over every k of a huge range).
        let lo = kFrom
        let hi = kTo
        let best = kFrom
        let bestMiss = -1
        for (;;) {
          const step = Math.max(1, Math.ceil((hi - lo) / 300))
          for (let k = lo; k <= hi; k += step) {
            const v = miss(k)
            if (v > bestMiss) {
              bestMiss = v
              best = k
            }
          }
          if (step === 1) break
          lo = Math.max(kFrom, best - 2 * step)
          hi = Math.min(kTo, best + 2 * step)
        }
        worst = Math.max(worst, bestMiss, miss(kTo))
      }
    }
    return Math.max(0, 1 - worst)
  })
}

/** Binomial(n, p) probabilities over the window where they are not negligible: pmf[i] = P(X = from + i). */
function binomialWindow(n: number, p: number): { from: number; pmf: Float64Array } {
  if (p <= 0) return { from: 0, pmf: Float64Array.of(1) }
  if (p >= 1) return { from: n, pmf: Float64Array.of(1) }
  const { from, pmf } = binomialWindowUnnormalized(n, p)
  let total = 0
  for (let i = 0; i < pmf.length; i++) total += pmf[i]
  for (let i = 0; i < pmf.length; i++) pmf[i] /= total
  return { from, pmf }
}

/** P(X/n − Y/m ≥ c) (exact lattice: X·a − Y·b ≥ h) for X ~ Bin(n, q + Δ), Y ~ Bin(m, q). */
function twoSampleReject(n: number, m: number, q: number, tol: number, c: number, exact: boolean): number {
  const X = binomialWindow(n, Math.min(1, q + tol))
  const Y = binomialWindow(m, q)
  // Survival of X: sf[i] = P(X ≥ from + i).
  const sf = new Float64Array(X.pmf.length + 1)
  for (let i = X.pmf.length - 1; i >= 0; i--) sf[i] = sf[i + 1] + X.pmf[i]
  const g = gcd(n, m)
  const lcm = (n / g) * m
  const a = lcm / n
  const b = lcm / m
  const h = Math.round(c * lcm)
  let total = 0
  for (let j = 0; j < Y.pmf.length; j++) {
    const y = Y.from + j
    // Smallest x with x/n − y/m ≥ c (exact: x·a − y·b ≥ h) or > c (asymptotic).
    const xMin = exact ? Math.ceil((h + y * b) / a) : Math.floor(n * (c + y / m)) + 1
    const i = xMin - X.from
    total += Y.pmf[j] * (i <= 0 ? 1 : i >= X.pmf.length ? 0 : sf[i])
  }
  return Math.min(1, total)
}

/**
 * A lower bound (nearly attained) on the power of the two-sample KS test of {@link ks2Sample} (sizes n and m,
 * level α) over every pair F, G with sup|F − G| ≥ tolerance: min over q of P(X/n − Y/m ≥ c_α(n, m)),
 * X ~ Bin(n, q + Δ), Y ~ Bin(m, q) (the mirror case is the same at 1 − q − Δ). The minimum over q is taken
 * on a grid of 64 points refined around its worst one.
 * @example ksTwoSamplePower(1500, 1500, { tolerance: 0.1 }) // ≈ 0.96
 */
export function ksTwoSamplePower(n: number, m: number, options: KsPowerBoundOptions): number {
  const where = 'ksTwoSamplePower'
  checkCount(where, 'n', n, 1)
  checkCount(where, 'm', m, 1)
  checkExactSize(where, 'n', n)
  checkExactSize(where, 'm', m)
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  const tol = checkTolerance(where, options.tolerance)
  const alpha = checkOpenUnit(where, 'falseFailRate', options.falseFailRate ?? DEFAULT_CONFIG.falseFailRate)
  const approximate = options.approximate === true
  return cached(powerCache, `2|${n}|${m}|${tol}|${alpha}|${approximate}`, () => {
    const c = ksTwoSampleCritical(n, m, alpha, approximate)
    const exact = twoSampleExact(n, m) && !(approximate && (n * m) / (n + m) >= 100)
    if (!(c < tol)) return 0
    const at = (q: number) => twoSampleReject(n, m, q, tol, c, exact)
    const top = 1 - tol
    const G = 64
    let best = 0
    let bestPower = Number.POSITIVE_INFINITY
    for (let i = 0; i <= G; i++) {
      const q = (top * i) / G
      const v = at(q)
      if (v < bestPower) {
        bestPower = v
        best = q
      }
    }
    const width = top / G
    for (let i = -16; i <= 16; i++) {
      const q = Math.min(top, Math.max(0, best + (width * i) / 16))
      bestPower = Math.min(bestPower, at(q))
    }
    return Math.max(0, bestPower)
  })
}

/** The smallest tolerance detected with power ≥ 1 − β at this size (bisection; power rises with the tolerance). */
function detectableFor(power: (tol: number) => number, beta: number): number {
  if (power(0.999) < 1 - beta) return 1
  let lo = 0
  let hi = 0.999
  for (let i = 0; i < 40 && hi - lo > 1e-4; i++) {
    const mid = (lo + hi) / 2
    if (mid > 0 && power(mid) >= 1 - beta) hi = mid
    else lo = mid
  }
  return hi
}

/** Options of {@link detectableKsDistanceExact}. */
export interface DetectableKsOptions {
  falseFailRate?: number
  falsePassRate?: number
  /** Size of the second sample, for a two-sample test. */
  m?: number
}

const detectableCache = new Map<string, number>()

/**
 * The smallest KS distance that the KS test of n values (two-sample: against m) detects with probability at
 * least 1 − falsePassRate at level falseFailRate, by the exact pointwise bounds {@link ksOneSamplePower} /
 * {@link ksTwoSamplePower} (to 1e-4, rounded up). 1 when no distance below 1 is detectable.
 * @example detectableKsDistanceExact(1000) // ≈ 0.088
 */
export function detectableKsDistanceExact(n: number, options: DetectableKsOptions = {}): number {
  const where = 'detectableKsDistanceExact'
  checkObject(where, 'options', options, true)
  checkCount(where, 'n', n, 1)
  checkExactSize(where, 'n', n)
  const { alpha, beta } = rates(where, options)
  const m = options.m === undefined ? undefined : checkCount(where, 'm', options.m, 1)
  return cached(detectableCache, `${n}|${m}|${alpha}|${beta}`, () =>
    detectableFor(
      (tol) =>
        m === undefined
          ? ksOneSamplePower(n, { tolerance: tol, falseFailRate: alpha })
          : ksTwoSamplePower(n, m, { tolerance: tol, falseFailRate: alpha }),
      beta,
    ),
  )
}

/** Options of {@link samplesForKsExact}. */
export interface SamplesForKsExactOptions {
  /** The KS distance to detect, in (0, 1). */
  tolerance: number
  falseFailRate?: number
  falsePassRate?: number
  /**
   * Two-sample: the size of the other sample, held fixed (the result is then the size of this one, or
   * undefined when no size suffices against a sample this small), or `'equal'` for two samples of one size.
   */
  m?: number | 'equal'
}

/**
 * The smallest n at which the KS test detects the tolerance with probability ≥ 1 − falsePassRate (the power
 * bounds above): one-sample; two-sample with the other size fixed; or two equal samples (`m: 'equal'`, the
 * size of each). Undefined when a fixed other sample is too small for any n.
 * @example samplesForKsExact({ tolerance: 0.1 }) // one-sample
 */
export function samplesForKsExact(options: SamplesForKsExactOptions): number | undefined {
  const where = 'samplesForKsExact'
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  const tol = checkTolerance(where, options.tolerance)
  const { alpha, beta } = rates(where, options)
  const target = 1 - beta
  if (options.m === undefined)
    return samplesForPower(
      (n) => ksOneSamplePower(n, { tolerance: tol, falseFailRate: alpha, approximate: true }),
      target,
    )
  if (options.m === 'equal')
    return samplesForPower(
      (n) => ksTwoSamplePower(n, n, { tolerance: tol, falseFailRate: alpha, approximate: true }),
      target,
    )
  const m = checkCount(where, 'm', options.m, 1)
  // As n → ∞ the two-sample test becomes the one-sample test of the m values: beyond that no n helps.
  if (ksOneSamplePower(m, { tolerance: tol, falseFailRate: alpha, approximate: true }) < target)
    return undefined
  return samplesForPower(
    (n) => ksTwoSamplePower(n, m, { tolerance: tol, falseFailRate: alpha, approximate: true }),
    target,
    1,
    1e8,
  )
}

// ---------------------------------------------------------------------------------------------
// KS decisions
// ---------------------------------------------------------------------------------------------

/** Options of the KS decisions. */
export interface KsDecisionOptions {
  /** The KS distance that must be detected, in (0, 1). Default 0.1. */
  tolerance?: number
  falseFailRate?: number
  falsePassRate?: number
}

/** What {@link decideKsOneSample} returns. */
export interface KsOneSampleDecision {
  test: KsTestResult
  decision: TestDecision
  tolerance: number
  /** The critical value at falseFailRate. */
  critical: number
  /** The smallest KS distance detectable at this n (power 1 − falsePassRate). */
  detectable: number
}

/** The default KS tolerance. */
export const DEFAULT_KS_TOLERANCE = 0.1

/**
 * Decides "xs follows the continuous distribution `cdf`" by the exact one-sample KS test and its exact
 * pointwise power bound ({@link ksOneSamplePower}): fail when p < falseFailRate; pass when the power at
 * the tolerance is at least 1 − falsePassRate; else inconclusive with the n that would decide.
 * @example decideKsOneSample(xs, { normal: { mean: 0, sd: 1 } }).decision.outcome
 */
export function decideKsOneSample(
  xs: ArrayLike<number>,
  cdf: ((x: number) => number) | KsDistribution,
  options: KsDecisionOptions = {},
): KsOneSampleDecision {
  const where = 'decideKsOneSample'
  checkObject(where, 'options', options, true)
  const tol = checkTolerance(where, options.tolerance ?? DEFAULT_KS_TOLERANCE)
  const { alpha, beta } = rates(where, options)
  const test = asCaller(where, () => ksTest(xs, cdf))
  const n = test.n
  const decision = decideTest({
    pValue: test.pValue,
    n,
    // Exact at the n taken; projections to other sizes use the approximate critical value.
    power: (k) => ksOneSamplePower(k, { tolerance: tol, falseFailRate: alpha, approximate: k !== n }),
    falseFailRate: alpha,
    falsePassRate: beta,
  })
  return {
    test,
    decision,
    tolerance: tol,
    critical: ksOneSampleCritical(n, alpha),
    detectable: detectableKsDistanceExact(n, { falseFailRate: alpha, falsePassRate: beta }),
  }
}

/** What {@link decideKsTwoSample} returns. */
export interface KsTwoSampleDecision {
  test: Ks2SampleResult
  /** The decision; its samplesNeeded is the size of the first sample (xs) with the second held fixed. */
  decision: TestDecision
  tolerance: number
  /** The critical value at falseFailRate (D ≥ critical rejects). */
  critical: number
  /** The smallest KS distance detectable at these sizes. */
  detectable: number
  /** When inconclusive: the size of each of two equal samples that would decide. */
  samplesEach?: number
  /** When inconclusive and the second sample is too small for any size of the first: true. */
  referenceTooSmall?: boolean
}

/**
 * Decides "xs and ys come from one distribution, within KS distance `tolerance`": the two-sample KS test
 * of {@link ks2Sample} (exact or asymptotic as SciPy) and its exact pointwise power bound
 * ({@link ksTwoSamplePower}). Fail when p < falseFailRate; pass when the power at the tolerance is at
 * least 1 − falsePassRate; else inconclusive, with the size of xs that would decide (ys held fixed;
 * undefined and `referenceTooSmall` when ys is too small for any), and `samplesEach` for equal sizes.
 * This is the one call a two-sample comparison (e.g. a baseline) needs.
 * @example decideKsTwoSample(current, baseline).decision.outcome
 */
export function decideKsTwoSample(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  options: KsDecisionOptions = {},
): KsTwoSampleDecision {
  const where = 'decideKsTwoSample'
  checkObject(where, 'options', options, true)
  const tol = checkTolerance(where, options.tolerance ?? DEFAULT_KS_TOLERANCE)
  const { alpha, beta } = rates(where, options)
  const test = asCaller(where, () => ks2Sample(xs, ys))
  const n = test.n
  const m = test.m
  const tooSmall = ksOneSamplePower(m, { tolerance: tol, falseFailRate: alpha, approximate: true }) < 1 - beta
  const decision = decideTest({
    pValue: test.pValue,
    n,
    power: (k) =>
      k > n && tooSmall
        ? 0
        : ksTwoSamplePower(k, m, { tolerance: tol, falseFailRate: alpha, approximate: k !== n }),
    falseFailRate: alpha,
    falsePassRate: beta,
    maxSamples: tooSmall ? n + 1 : 1e8,
  })
  const out: KsTwoSampleDecision = {
    test,
    decision,
    tolerance: tol,
    critical: ksTwoSampleCritical(n, m, alpha),
    detectable: detectableKsDistanceExact(n, { falseFailRate: alpha, falsePassRate: beta, m }),
  }
  if (decision.outcome === 'inconclusive') {
    if (tooSmall) {
      out.referenceTooSmall = true
      decision.samplesNeeded = undefined
    }
    const each = samplesForKsExact({ tolerance: tol, falseFailRate: alpha, falsePassRate: beta, m: 'equal' })
    if (each !== undefined) out.samplesEach = Math.max(each, Math.max(n, m) + 1)
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Chi-square power (noncentral chi-square at the least favourable alternative)
// ---------------------------------------------------------------------------------------------

/**
 * Power of the chi-square test with `df` degrees of freedom at level α under noncentrality λ:
 * P(χ'²(df, λ) > χ²_{1−α}(df)) = Σⱼ Pois(j; λ/2)·P(χ²(df + 2j) > c) (`scipy.stats.ncx2.sf(chi2.isf(α, df), df, λ)`).
 * @example chiSquarePower(1, 10, 0.001) // ≈ 0.27
 */
export function chiSquarePower(
  df: number,
  lambda: number,
  falseFailRate: number = DEFAULT_CONFIG.falseFailRate,
): number {
  const where = 'chiSquarePower'
  if (typeof df !== 'number' || !(df > 0) || !Number.isFinite(df))
    throw new InvalidRangeError(where, 'df', 'must be a positive finite number')
  if (typeof lambda !== 'number' || !(lambda >= 0) || !Number.isFinite(lambda))
    throw new InvalidRangeError(where, 'lambda', 'must be a finite number >= 0')
  checkNoncentralSize(where, df, lambda)
  const alpha = checkOpenUnit(where, 'falseFailRate', falseFailRate)
  return noncentralSf(chiSquareIsf(alpha, df), df, lambda)
}

/** P(χ'²(df, λ) > x): Poisson mixture of central chi-squares, summed outward from the Poisson mode. */
export function noncentralChiSquareSf(x: number, df: number, lambda: number): number {
  const where = 'noncentralChiSquareSf'
  if (typeof df !== 'number' || !(df > 0)) throw new InvalidRangeError(where, 'df', 'must be positive')
  if (typeof lambda !== 'number' || !(lambda >= 0) || !Number.isFinite(lambda))
    throw new InvalidRangeError(where, 'lambda', 'must be a finite number >= 0')
  if (typeof x !== 'number' || Number.isNaN(x)) throw new InvalidRangeError(where, 'x', 'must be a number')
  checkNoncentralSize(where, df, lambda)
  return noncentralSf(x, df, lambda)
}

/** The largest df and noncentrality the Poisson-mixture sum is evaluated for (it sums O(√λ) terms around λ/2). */
export const NONCENTRAL_MAX = 1e8

/** Throws unless `df` is a positive finite number of degrees of freedom, at most {@link NONCENTRAL_MAX}. */
function checkDf(where: string, df: unknown): number {
  checkPositive(where, 'df', df)
  if ((df as number) > NONCENTRAL_MAX)
    throw new InvalidRangeError(where, 'df', `must be at most ${NONCENTRAL_MAX}, got ${df}`)
  return df as number
}

function checkNoncentralSize(where: string, df: number, lambda?: number): void {
  if (df > NONCENTRAL_MAX)
    throw new InvalidRangeError(where, 'df', `must be at most ${NONCENTRAL_MAX}, got ${df}`)
  if (lambda !== undefined && lambda > NONCENTRAL_MAX)
    throw new InvalidRangeError(where, 'lambda', `must be at most ${NONCENTRAL_MAX}, got ${lambda}`)
}

function noncentralSf(x: number, df: number, lambda: number): number {
  if (x <= 0) return 1
  const half = lambda / 2
  if (half === 0) return chiSquareSf(x, df)
  const mode = Math.floor(half)
  const logWeight = (j: number) => -half + j * Math.log(half) - logGamma(j + 1)
  let sum = 0
  for (let j = mode; j < mode + 100000; j++) {
    const w = Math.exp(logWeight(j))
    sum += w * chiSquareSf(x, df + 2 * j)
    if (w < 1e-15 && j > mode + 5) break
  }
  for (let j = mode - 1; j >= 0; j--) {
    const w = Math.exp(logWeight(j))
    sum += w * chiSquareSf(x, df + 2 * j)
    if (w < 1e-15) break
  }
  return Math.min(1, sum)
}

const lambdaCache = new Map<string, number>()

/**
 * The noncentrality at which the chi-square test at level α has power 1 − β (scipy: solve
 * `ncx2.sf(chi2.isf(α, df), df, λ) = 1 − β`).
 * @example noncentralityForPower(1, 0.001, 0.05) // ≈ 17.1
 */
export function noncentralityForPower(
  df: number,
  falseFailRate: number = DEFAULT_CONFIG.falseFailRate,
  falsePassRate: number = DEFAULT_CONFIG.falsePassRate,
): number {
  const where = 'noncentralityForPower'
  if (typeof df !== 'number' || !(df > 0) || !Number.isFinite(df))
    throw new InvalidRangeError(where, 'df', 'must be a positive finite number')
  checkNoncentralSize(where, df)
  const alpha = checkOpenUnit(where, 'falseFailRate', falseFailRate)
  const beta = checkOpenUnit(where, 'falsePassRate', falsePassRate)
  return cached(lambdaCache, `${df}|${alpha}|${beta}`, () => {
    const critical = chiSquareIsf(alpha, df)
    let lo = 0
    let hi = 1
    while (noncentralSf(critical, df, hi) < 1 - beta) hi *= 2
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2
      if (noncentralSf(critical, df, mid) < 1 - beta) lo = mid
      else hi = mid
    }
    return hi
  })
}

/**
 * Power of the chi-square test (goodness of fit of n values, or homogeneity with effective size
 * n·m/(n + m)) at the least favourable alternative at total variation distance tv: noncentrality 4·n·tv²
 * (Cauchy–Schwarz: (Σ|pᵢ − p₀ᵢ|)² ≤ Σ(pᵢ − p₀ᵢ)²/p₀ᵢ).
 */
export function chiSquareTvPower(
  effectiveN: number,
  df: number,
  tolerance: number,
  falseFailRate: number = DEFAULT_CONFIG.falseFailRate,
): number {
  const where = 'chiSquareTvPower'
  checkPositive(where, 'effectiveN', effectiveN)
  checkDf(where, df)
  checkTolerance(where, tolerance)
  checkOpenUnit(where, 'falseFailRate', falseFailRate)
  const lambda = 4 * effectiveN * tolerance * tolerance
  if (!(lambda <= NONCENTRAL_MAX))
    throw new InvalidRangeError(
      where,
      'effectiveN',
      `is too large: 4·effectiveN·tolerance² must be at most ${NONCENTRAL_MAX}, got ${lambda}`,
    )
  return chiSquarePower(df, lambda, falseFailRate)
}

/** The total variation distance the chi-square test detects with power 1 − β at effective size n. */
export function detectableTotalVariation(
  effectiveN: number,
  df: number,
  falseFailRate: number = DEFAULT_CONFIG.falseFailRate,
  falsePassRate: number = DEFAULT_CONFIG.falsePassRate,
): number {
  const where = 'detectableTotalVariation'
  checkPositive(where, 'effectiveN', effectiveN)
  checkDf(where, df)
  // Positional rates: null is an error here (not the default), as for every positional argument.
  checkOpenUnit(where, 'falseFailRate', falseFailRate)
  checkOpenUnit(where, 'falsePassRate', falsePassRate)
  return Math.sqrt(noncentralityForPower(df, falseFailRate, falsePassRate) / (4 * effectiveN))
}

/** The (effective) size at which the chi-square test detects total variation `tolerance` with power 1 − β. */
export function samplesForTotalVariation(
  tolerance: number,
  df: number,
  falseFailRate: number = DEFAULT_CONFIG.falseFailRate,
  falsePassRate: number = DEFAULT_CONFIG.falsePassRate,
): number {
  const where = 'samplesForTotalVariation'
  checkTolerance(where, tolerance)
  checkDf(where, df)
  checkOpenUnit(where, 'falseFailRate', falseFailRate)
  checkOpenUnit(where, 'falsePassRate', falsePassRate)
  return Math.ceil(noncentralityForPower(df, falseFailRate, falsePassRate) / (4 * tolerance * tolerance))
}

// ---------------------------------------------------------------------------------------------
// Chi-square decisions
// ---------------------------------------------------------------------------------------------

/** The noncentrality at which P(χ'²(df, λ) > critical) reaches `target` (bisection). */
function lambdaAt(critical: number, df: number, target: number): number {
  if (!Number.isFinite(critical)) return Number.POSITIVE_INFINITY
  let lo = 0
  let hi = 1
  while (noncentralSf(critical, df, hi) < target) hi *= 2
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (noncentralSf(critical, df, mid) < target) lo = mid
    else hi = mid
  }
  return hi
}

/** Options of the chi-square decisions. */
export interface ChiSquareDecisionOptions {
  /** The total variation distance between category shares that must be detected, in (0, 1). Default 0.1. */
  tolerance?: number
  falseFailRate?: number
  falsePassRate?: number
  /** Seed of the Monte Carlo p-value (used when expected counts are small). Required. */
  seed: string | number
}

/** What the chi-square decisions return. */
export interface ChiSquareDecision {
  test: ChiSquareSmallResult
  decision: TestDecision
  tolerance: number
  /** The total variation distance detectable at this size. */
  detectable: number
  /** n (goodness of fit) or n·m/(n + m) (homogeneity). */
  effectiveN: number
  /** When inconclusive (homogeneity): the reference is too small for any received size. */
  referenceTooSmall?: boolean
}

/** The default total variation tolerance of the chi-square decisions. */
export const DEFAULT_TV_TOLERANCE = 0.1

function chiSquareDecision(
  where: string,
  test: ChiSquareSmallResult,
  n: number,
  m: number | undefined,
  options: ChiSquareDecisionOptions,
  nullCritical?: number,
): ChiSquareDecision {
  const tol = checkTolerance(where, options.tolerance ?? DEFAULT_TV_TOLERANCE)
  const { alpha, beta } = rates(where, options)
  const df = Math.max(1, test.df)
  const eff = (k: number) => (m === undefined ? k : (k * m) / (k + m))
  const tooSmall = m !== undefined && samplesForChiSquare(tol, df, m, alpha, beta) === undefined
  // At small expected counts the test rejects beyond the critical value of X²'s own null distribution,
  // which a rare category makes far larger than the chi-square quantile: the power is taken there (and,
  // conservatively, there too for the projection to larger n, where the true critical value is smaller).
  const critical = Math.max(chiSquareIsf(alpha, df), nullCritical ?? 0)
  const decision = decideTest({
    pValue: test.pValue,
    n,
    power: (k) => noncentralSf(critical, df, 4 * eff(k) * tol * tol),
    falseFailRate: alpha,
    falsePassRate: beta,
    maxSamples: tooSmall ? n + 1 : 1e9,
  })
  const out: ChiSquareDecision = {
    test,
    decision,
    tolerance: tol,
    detectable:
      nullCritical === undefined
        ? detectableTotalVariation(eff(n), df, alpha, beta)
        : Math.sqrt(lambdaAt(critical, df, 1 - beta) / (4 * eff(n))),
    effectiveN: eff(n),
  }
  if (decision.outcome === 'inconclusive' && tooSmall) {
    out.referenceTooSmall = true
    decision.samplesNeeded = undefined
  }
  return out
}

/**
 * Decides "the counts follow these category probabilities" by Pearson's chi-square with a p-value valid at
 * small expected counts ({@link chiSquareGoodnessOfFitSmall}: exact or seeded Monte Carlo there) and the
 * power at the least favourable alternative at total variation `tolerance` ({@link chiSquareTvPower}).
 * @example decideChiSquareGoodnessOfFit([48, 52], [0.5, 0.5], { seed: 1 }).decision.outcome
 */
export function decideChiSquareGoodnessOfFit(
  observed: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: ChiSquareDecisionOptions,
): ChiSquareDecision {
  const where = 'decideChiSquareGoodnessOfFit'
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  checkObject(where, 'options', options)
  checkTolerance(where, options.tolerance ?? DEFAULT_TV_TOLERANCE)
  rates(where, options)
  const test = asCaller(where, () =>
    chiSquareGoodnessOfFitSmall(observed, probabilities, { seed: options.seed }),
  )
  let n = 0
  for (let i = 0; i < observed.length; i++) n += observed[i]
  const { alpha } = rates(where, options)
  const critical =
    test.pMethod === 'asymptotic' || !(n > 0) || !Number.isFinite(test.statistic)
      ? undefined
      : chiSquareNullCritical(n, probabilities, alpha, { seed: options.seed })
  return chiSquareDecision(where, test, n, undefined, options, critical)
}

/**
 * Decides "two count vectors come from the same category shares" (2 × k homogeneity,
 * {@link chiSquareHomogeneitySmall}) with the power at effective size n·m/(n + m). samplesNeeded is the size
 * of the first sample, the second held fixed.
 */
export function decideChiSquareHomogeneity(
  first: ArrayLike<number>,
  second: ArrayLike<number>,
  options: ChiSquareDecisionOptions,
): ChiSquareDecision {
  const where = 'decideChiSquareHomogeneity'
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  checkObject(where, 'options', options)
  checkTolerance(where, options.tolerance ?? DEFAULT_TV_TOLERANCE)
  rates(where, options)
  const test = asCaller(where, () => chiSquareHomogeneitySmall(first, second, { seed: options.seed }))
  let n = 0
  let m = 0
  for (let i = 0; i < first.length; i++) n += first[i]
  for (let i = 0; i < second.length; i++) m += second[i]
  return chiSquareDecision(where, test, n, m, options)
}

// ---------------------------------------------------------------------------------------------
// Chi-square: the received size that detects the tolerance, and the cells of the statistic
// ---------------------------------------------------------------------------------------------

/**
 * The received sample size at which the chi-square test at level α (df degrees of freedom) detects total
 * variation `tolerance` with power 1 − β: for goodness of fit (no `referenceSize`) N =
 * {@link samplesForTotalVariation}; for homogeneity against a fixed reference of m counts the effective size
 * n·m/(n + m) must reach N, so n = ⌈N·m/(m − N)⌉, and undefined when m ≤ N (no received size suffices).
 * @example samplesForChiSquare(0.1, 3) // N for goodness of fit
 * @example samplesForChiSquare(0.1, 3, 500) // undefined: a reference of 500 is too small
 */
export function samplesForChiSquare(
  tolerance: number,
  df: number,
  referenceSize?: number,
  falseFailRate: number = DEFAULT_CONFIG.falseFailRate,
  falsePassRate: number = DEFAULT_CONFIG.falsePassRate,
): number | undefined {
  const where = 'samplesForChiSquare'
  checkTolerance(where, tolerance)
  if (typeof df !== 'number' || !(df > 0) || !Number.isFinite(df))
    throw new InvalidRangeError(where, 'df', `must be a positive finite number, got ${String(df)}`)
  if (referenceSize !== undefined) checkCount(where, 'referenceSize', referenceSize, 1)
  checkOpenUnit(where, 'falseFailRate', falseFailRate)
  checkOpenUnit(where, 'falsePassRate', falsePassRate)
  const N = samplesForTotalVariation(tolerance, df, falseFailRate, falsePassRate)
  const m = referenceSize
  return m === undefined ? N : m > N ? Math.ceil((N * m) / (m - N)) : undefined
}

/** One category of Pearson's chi-square statistic. */
export interface ChiSquareCell {
  /** Expected count (of the first sample, for homogeneity) under the claim. */
  expected: number
  /** Homogeneity: the expected count of the second sample. */
  expectedSecond?: number
  /** The category's share of X²: Σ (observed − expected)²/expected over the table's cells in its column. */
  contribution: number
}

function checkCounts(where: string, argument: string, xs: ArrayLike<number>): number {
  checkSample(where, argument, xs)
  let n = 0
  for (let i = 0; i < xs.length; i++) {
    if (!(xs[i] >= 0) || !Number.isInteger(xs[i]))
      throw new InvalidRangeError(where, `${argument}[${i}]`, `must be a whole number >= 0, got ${xs[i]}`)
    n += xs[i]
  }
  return n
}

/**
 * The cells of Pearson's goodness-of-fit X² of `observed` counts against category `weights` (probabilities
 * or counts, normalized here to probabilities pᵢ = wᵢ/Σw): each category's probability, expected count
 * n·pᵢ and contribution (oᵢ − n·pᵢ)²/(n·pᵢ), which is +Infinity for a count in a category of probability 0
 * and 0 for an empty one. Over categories of positive probability the contributions sum to X²
 * (`scipy.stats.chisquare`'s statistic).
 * @example chiSquareGoodnessOfFitCells([18, 22], [1, 1]).cells[0].contribution // 0.4
 */
export function chiSquareGoodnessOfFitCells(
  observed: ArrayLike<number>,
  weights: ArrayLike<number>,
): { probabilities: number[]; cells: ChiSquareCell[] } {
  const where = 'chiSquareGoodnessOfFitCells'
  const n = checkCounts(where, 'observed', observed)
  checkSample(where, 'weights', weights)
  if (weights.length !== observed.length)
    throw new InvalidRangeError(
      where,
      'observed and weights',
      `must have the same length, got ${observed.length} and ${weights.length}`,
    )
  let total = 0
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0))
      throw new InvalidRangeError(where, `weights[${i}]`, `must be >= 0, got ${weights[i]}`)
    total += weights[i]
  }
  if (!(total > 0)) throw new InvalidRangeError(where, 'weights', 'must have a positive sum')
  const probabilities = Array.from(weights, (w) => w / total)
  const cells = probabilities.map((p, i) => {
    const expected = n * p
    const o = observed[i]
    return {
      expected,
      contribution: expected > 0 ? (o - expected) ** 2 / expected : o > 0 ? Number.POSITIVE_INFINITY : 0,
    }
  })
  return { probabilities, cells }
}

/**
 * The cells of Pearson's 2 × k homogeneity X² of two count vectors over the same categories: the expected
 * counts n·tᵢ/N of the first and m·tᵢ/N of the second (tᵢ the category's total, n and m the samples' totals,
 * N = n + m) and each category's contribution, the sum of its two cells' (observed − expected)²/expected
 * (0 for a category empty in both). The contributions sum to X² (`scipy.stats.chi2_contingency` of the
 * 2 × k table without Yates' correction, categories empty in both dropped).
 * @example chiSquareHomogeneityCells([10, 20], [20, 10]).cells[0].contribution
 */
export function chiSquareHomogeneityCells(
  first: ArrayLike<number>,
  second: ArrayLike<number>,
): { cells: ChiSquareCell[] } {
  const where = 'chiSquareHomogeneityCells'
  const n = checkCounts(where, 'first', first)
  const m = checkCounts(where, 'second', second)
  if (first.length !== second.length)
    throw new InvalidRangeError(
      where,
      'first and second',
      `must have the same length, got ${first.length} and ${second.length}`,
    )
  if (!(n > 0) || !(m > 0))
    throw new InvalidRangeError(where, n > 0 ? 'second' : 'first', 'must not be all zero')
  const cells = Array.from(first, (o, i) => {
    const r = second[i]
    const expected = (n * (o + r)) / (n + m)
    const expectedSecond = (m * (o + r)) / (n + m)
    return {
      expected,
      expectedSecond,
      contribution:
        (expected > 0 ? (o - expected) ** 2 / expected : 0) +
        (expectedSecond > 0 ? (r - expectedSecond) ** 2 / expectedSecond : 0),
    }
  })
  return { cells }
}
