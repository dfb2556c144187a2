/**
 * Confidence bounds for a mean that are valid for the shape of the data, and the decision of a claim
 * about a mean on them (through {@link decideInterval}).
 *
 * - **Declared bounded outputs** (`range: [a, b]`, either end may be infinite): finite-sample bounds,
 *   valid for every distribution on the range at every n — the betting (hedged-capital, predictable
 *   plug-in) confidence bounds of Waudby-Smith & Ramdas (2023, "Estimating means of bounded random
 *   variables by betting", JRSS-B 86(1)), in their fixed-n form. A lower bound needs only a finite lower
 *   end (x ≥ a makes the capital process nonnegative), an upper bound only a finite upper end.
 *   Empirical Bernstein bounds (Maurer & Pontil 2009) are exported for comparison; the betting bounds
 *   are tighter on every shape measured (test/unit/meanBounds.test.ts), so they are the ones used.
 * - **Unbounded outputs**: Student t is only asymptotic (its one-sided error for skewed data is of order
 *   n^(−1/2)). The bounds used are Hall's (1992) skewness-corrected transformation of t (P. Hall, "On the
 *   removal of skewness by transformation", JRSS-B 54(1), 221–228), whose one-sided error is of order
 *   n^(−1), with Student t quantiles (exact for normal data). A trust rule ({@link meanTrust}) sizes the
 *   remaining error from the sample's skewness and kurtosis — inflated, because at small n the sample
 *   moments underestimate heavy tails — and says *untrusted* where it could exceed the error rate; a
 *   verdict is then inconclusive, with the n from which the bound would be trusted.
 */

import {
  checkBounds,
  checkFunction,
  checkNonNegative,
  checkObject,
  checkPositive,
  checkRatesOf,
  checkSeed,
  checkString,
} from './argcheck'
import { type DecisionRates, decideInterval, type IntervalDecision, type OneSidedBounds } from './decision'
import { normalPpf, studentTIsf } from './distributions'
import {
  checkCount,
  checkFinite,
  checkOpenUnit,
  checkSample,
  InvalidInputError,
  InvalidRangeError,
} from './errors'
import { clopperPearsonUnchecked, meanUnchecked } from './numeric'
import { createRng, type Seed } from './random'

/** Sample moments of a mean claim: n, mean, sd (divisor n − 1), skewness g₁ and excess kurtosis g₂ (divisor n). */
export interface MeanMoments {
  n: number
  mean: number
  sd: number
  /** g₁ = m₃ / m₂^(3/2) (0 when all values are equal). */
  skewness: number
  /** g₂ = m₄ / m₂² − 3 (0 when all values are equal). */
  kurtosis: number
}

/** Throws unless `value` is a {@link MeanMoments}: a whole n ≥ 1 and finite moments (sd ≥ 0). */
function checkMoments(where: string, argument: string, value: unknown): MeanMoments {
  const o = checkObject(where, argument, value)
  checkCount(where, `${argument}.n`, o.n, 1)
  checkFinite(where, `${argument}.mean`, o.mean)
  checkNonNegative(where, `${argument}.sd`, o.sd)
  checkFinite(where, `${argument}.skewness`, o.skewness)
  checkFinite(where, `${argument}.kurtosis`, o.kurtosis)
  return value as MeanMoments
}

/** Throws unless the options of the bounded-mean bounds are an object whose seed and truncation are valid. */
function checkBettingOptions(where: string, options: unknown): void {
  const o = checkObject(where, 'options', options)
  checkSeed(where, 'options.seed', o.seed, true)
  if (o.truncation !== undefined) checkOpenUnit(where, 'options.truncation', o.truncation)
}

/**
 * The moments of {@link MeanMoments}, in two passes: the compensated mean ({@link mean}, safe from
 * overflow), then the central moments of the values scaled by a power of two (exact), so that values near
 * the largest doubles give finite moments.
 */
export function meanMoments(xs: ArrayLike<number>): MeanMoments {
  checkSample('meanMoments', 'xs', xs)
  const n = xs.length
  const m = meanUnchecked(xs)
  let big = 0
  for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(xs[i]))
  const c = big > 0 ? 2 ** Math.floor(Math.log2(big)) : 1
  const mc = m / c
  let m2 = 0
  let m3 = 0
  let m4 = 0
  for (let i = 0; i < n; i++) {
    const d = xs[i] / c - mc
    const d2 = d * d
    m2 += d2
    m3 += d2 * d
    m4 += d2 * d2
  }
  m2 /= n
  m3 /= n
  m4 /= n
  const sd = n > 1 ? c * Math.sqrt((m2 * n) / (n - 1)) : 0
  // Relative to the scale of the values: rounding noise in a constant sample is not skewness.
  const flat = !(m2 > 0) || Math.sqrt(m2) <= 1e-12 * Math.abs(mc)
  return {
    n,
    mean: m,
    sd: flat ? 0 : sd,
    skewness: flat ? 0 : m3 / m2 ** 1.5,
    kurtosis: flat ? 0 : m4 / (m2 * m2) - 3,
  }
}

/**
 * Hall's (1992) skewness-corrected one-sided bounds for a mean, each with error ≈ `errorRate` on its
 * own side (error O(1/n) instead of Student t's O(1/√n) under skewness). With W = (x̄ − μ)/s and γ the
 * sample skewness, T = √n·(W + γW²/3 + γ²W³/27 + γ/(6n)) is referred to Student t quantiles (n − 1
 * degrees of freedom); the cubic is monotone and inverts in closed form. Each side is the wider of this
 * and the Student t bound, so its error is at most the smaller of the two (γ = 0 gives the t bounds).
 *
 * @example skewCorrectedMeanBounds(meanMoments(xs), 0.001) // { lower, upper }
 */
export function skewCorrectedMeanBounds(moments: MeanMoments, errorRate: number): OneSidedBounds {
  checkMoments('skewCorrectedMeanBounds', 'moments', moments)
  checkOpenUnit('skewCorrectedMeanBounds', 'errorRate', errorRate)
  const { n, mean: m, sd: s, skewness: g } = moments
  if (!(errorRate > 0 && errorRate < 1))
    throw new InvalidRangeError('skewCorrectedMeanBounds', 'errorRate', 'must lie in (0, 1)')
  if (!(n >= 2)) throw new InvalidRangeError('skewCorrectedMeanBounds', 'moments.n', 'must be at least 2')
  if (s === 0) return { lower: m, upper: m }
  const q = studentTIsf(errorRate, n - 1)
  const shift = g / (6 * n)
  // g⁻¹(y) for g(W) = ((1 + γW/3)³ − 1)/γ; a series near γ = 0 avoids cancellation.
  const inv = (y: number) => {
    const u = g * y
    if (Math.abs(u) < 1e-6) return y * (1 - u / 3 + (5 * u * u) / 27)
    return (3 / g) * (Math.cbrt(1 + u) - 1)
  }
  const h = (q * s) / Math.sqrt(n)
  // The wider of Hall's and Student t's bound on each side: its error is at most the smaller of the two
  // (Hall's alone is noisier than t for symmetric data, where t is already accurate).
  return {
    lower: Math.min(m - h, m - s * inv(q / Math.sqrt(n) - shift)),
    upper: Math.max(m + h, m - s * inv(-q / Math.sqrt(n) - shift)),
  }
}

/** Options of {@link bettingMeanBounds}. */
export interface BettingOptions {
  /** The declared range [a, b] of every value; an infinite end gives no bound on that side (±∞). */
  range: readonly [number, number]
  /**
   * Seed of the random order in which the values are bet on (the bound is valid for exchangeable values:
   * a sorted sample must be shuffled first). Without a seed the given order is used.
   */
  seed?: Seed
  /** Truncation of the bets, c in λ ≤ c/m (default 1/2, Waudby-Smith & Ramdas' choice). */
  truncation?: number
}

const WHERE_B = 'bettingMeanBounds'

function checkRange(where: string, range: unknown): [number, number] {
  if (!Array.isArray(range) || range.length !== 2)
    throw new InvalidInputError(where, 'range', 'must be [a, b] with a < b')
  const [a, b] = range as [number, number]
  if (typeof a !== 'number' || typeof b !== 'number' || Number.isNaN(a) || Number.isNaN(b) || !(a < b))
    throw new InvalidRangeError(where, 'range', `must be [a, b] with a < b, got [${a}, ${b}]`)
  if (a === Number.NEGATIVE_INFINITY && b === Number.POSITIVE_INFINITY)
    throw new InvalidRangeError(where, 'range', 'must have at least one finite end')
  return [a, b]
}

/**
 * The horizon the bets are tuned for: a number of values n (Waudby-Smith & Ramdas 2023, eq. 26, the
 * fixed-n form: tightest at n, valid at every n), or `'anytime'` (their eq. 27: λ_t ∝ 1/√(t log(1 + t)),
 * tuned to no n, for a confidence sequence recomputed as values arrive).
 */
export type BettingHorizon = number | 'anytime'

/**
 * The predictable plug-in bet sizes, one value at a time, before truncation: λ*ᵢ = √(2 log(1/ρ) / (h σ̂²ᵢ₋₁))
 * with h the horizon n, or i·log(1 + i) for `'anytime'` bets; σ̂²ᵢ₋₁ a regularised variance of the values
 * before i. They use only the past, so any choice keeps the capital a supermartingale; they do not depend on
 * the hypothesised mean. For [0, 1] values the prior is the middle of the range and its largest variance
 * (1/2, 1/4); on a half-line there is no scale, so the first value is not bet on and the variance is
 * regularised by the squared mean. The one implementation of the bets: the fixed-n bounds
 * ({@link bettingMeanBounds}), the anytime-valid ones (src/sequential.ts `boundedMeanBounds`) and the
 * sequential monitor ({@link BettingCapital}) all step this.
 */
export class BetSizer {
  private sum: number
  private ss: number
  private count: number
  private readonly twoLog: number
  constructor(
    rate: number,
    private readonly bounded: boolean,
    private readonly horizon: BettingHorizon,
  ) {
    this.sum = bounded ? 0.5 : 0
    this.ss = bounded ? 0.25 : 0
    this.count = bounded ? 1 : 0
    this.twoLog = 2 * Math.log(1 / rate)
  }
  /** The bet on the next value (before truncation), then {@link add} it. */
  next(): number {
    if (this.count === 0) return 0
    const mu = this.sum / this.count
    const v = this.bounded ? this.ss / this.count : (this.ss + mu * mu) / (this.count + 1)
    // t = the index of the next value, 1-based (for bounded values count = t: the prior counts as one).
    const t = this.bounded ? this.count : this.count + 1
    const h = this.horizon === 'anytime' ? t * Math.log1p(t) : this.horizon
    return v > 0 ? Math.sqrt(this.twoLog / h / v) : Number.POSITIVE_INFINITY
  }
  /** Takes a value into the running mean and variance. */
  add(y: number): void {
    const mu = this.count > 0 ? this.sum / this.count : y
    const d = y - mu
    this.ss += d * d
    this.sum += y
    this.count++
  }
}

/**
 * The capital of one gambler betting, value by value, that the mean of values in [0, 1] exceeds `m`,
 * with the anytime bets of {@link BetSizer} truncated at c/m (Waudby-Smith & Ramdas 2023, the hedged
 * capital process's one side): the test {@link bettingLowerBound} runs at m with `every: 1`, kept
 * incrementally so a sequential run pays O(1) per value and look. Under mean ≤ m the capital is a
 * nonnegative supermartingale, so by Ville's inequality P(it ever reaches 1/rate) ≤ rate: once
 * `rejected`, "mean ≤ m" is rejected at level `rate`, at whatever look it happened.
 */
export class BettingCapital {
  private readonly sizer: BetSizer
  private readonly cap: number
  private readonly limit: number
  private k = 1
  /** Whether the capital has reached 1/rate (at m ≤ 0: from the start; at m ≥ 1: never). */
  rejected: boolean
  constructor(
    private readonly m: number,
    rate: number,
    truncation = 0.5,
    horizon: BettingHorizon = 'anytime',
  ) {
    this.sizer = new BetSizer(rate, true, horizon)
    this.cap = truncation / m
    this.limit = Math.exp(Math.log(1 / rate))
    this.rejected = m <= 0
  }
  /** Bets on the next value y in [0, 1]. */
  push(y: number): void {
    const l = Math.min(this.sizer.next(), this.cap)
    this.sizer.add(y)
    if (this.rejected || this.m >= 1) return
    this.k *= 1 + l * (y - this.m)
    if (this.k >= this.limit) this.rejected = true
  }
}

function betSizes(ys: Float64Array, rate: number, bounded: boolean, horizon: BettingHorizon): Float64Array {
  const n = ys.length
  const out = new Float64Array(n)
  const sizer = new BetSizer(rate, bounded, horizon)
  for (let i = 0; i < n; i++) {
    out[i] = sizer.next()
    sizer.add(ys[i])
  }
  return out
}

/**
 * Whether the capital of a gambler betting that the mean of the nonnegative values `ys` exceeds m,
 * K_t = Π (1 + λᵢ(yᵢ − m)) with λᵢ = min(λ*ᵢ, c/m), reaches `threshold` (in logs) at some t. Under
 * mean ≤ m, K is a nonnegative supermartingale: P(max K ≥ 1/ρ) ≤ ρ (Ville's inequality). The capital is
 * checked every `every` bets and at the end (a maximum over fewer times: still valid; the fixed-n bounds
 * check every 8 — the factors lie in [1 − c, ∞), so a product of 8 neither underflows nor, unless already
 * decisive, overflows — the anytime bounds every bet, as {@link BettingCapital} does).
 */
function rejects(
  ys: Float64Array,
  lam: Float64Array,
  m: number,
  c: number,
  threshold: number,
  every: number,
): boolean {
  const cap = c / m
  const n = ys.length
  const limit = Math.exp(threshold)
  let k = 1
  for (let i = 0; i < n; ) {
    const end = Math.min(n, i + every)
    for (; i < end; i++) {
      const l = Math.min(lam[i], cap)
      k *= 1 + l * (ys[i] - m)
    }
    if (k >= limit) return true
  }
  return false
}

/** How {@link bettingLowerBound} bets. */
export interface BettingSpec {
  /** Truncation c of the bets, λ ≤ c/m. */
  truncation: number
  /** Values in [0, 1] (true) or on the half-line [0, ∞). */
  bounded: boolean
  /** The horizon of the bets ({@link BettingHorizon}; a number: usually the number of values). */
  horizon: BettingHorizon
  /** Check the capital every this many bets (1: at every value, a confidence sequence's running maximum). */
  every: number
}

/**
 * The lower confidence bound at `rate` of the mean of ys ≥ 0 (in [0, 1] when bounded): the smallest m
 * not rejected by the betting capital (bisection, to a relative precision of 1e-6; the returned end is
 * always rejected, so the bound stays on the safe side). The one betting bound of the library.
 */
export function bettingLowerBound(ys: Float64Array, rate: number, spec: BettingSpec): number {
  const where = 'bettingLowerBound'
  if (!(ys instanceof Float64Array) || ys.length === 0)
    throw new InvalidInputError(where, 'ys', 'must be a non-empty Float64Array of values >= 0')
  if (typeof rate !== 'number' || !(rate > 0 && rate < 1))
    throw new InvalidRangeError(where, 'rate', 'must lie in (0, 1)')
  if (spec === null || typeof spec !== 'object')
    throw new InvalidInputError(where, 'spec', 'must be an object')
  if (typeof spec.truncation !== 'number' || !(spec.truncation > 0 && spec.truncation < 1))
    throw new InvalidRangeError(where, 'spec.truncation', 'must lie in (0, 1)')
  if (!Number.isInteger(spec.every) || spec.every < 1)
    throw new InvalidRangeError(where, 'spec.every', 'must be a whole number >= 1')
  if (spec.horizon !== 'anytime' && !(typeof spec.horizon === 'number' && spec.horizon >= 1))
    throw new InvalidRangeError(where, 'spec.horizon', "must be a number >= 1 or 'anytime'")
  for (let i = 0; i < ys.length; i++)
    if (!(ys[i] >= 0 && (spec.bounded ? ys[i] <= 1 : ys[i] < Number.POSITIVE_INFINITY)))
      throw new InvalidRangeError(where, `ys[${i}]`, `must lie in ${spec.bounded ? '[0, 1]' : '[0, ∞)'}`)
  let hi = 0
  for (let i = 0; i < ys.length; i++) hi += ys[i]
  hi /= ys.length
  if (!(hi > 0)) return 0
  const lam = betSizes(ys, rate, spec.bounded, spec.horizon)
  const threshold = Math.log(1 / rate)
  const rej = (m: number) => rejects(ys, lam, m, spec.truncation, threshold, spec.every)
  let lo = 0
  if (rej(hi)) {
    // The sample mean is rejected (a running maximum can rule out more): search above it, up to 1.
    if (!spec.bounded || hi >= 1) return hi
    if (rej(1)) return 1
    lo = hi
    hi = 1
  }
  // The capital decreases in m: the rejected set is an interval [0, m*).
  while (hi - lo > 1e-6 * hi) {
    const mid = (lo + hi) / 2
    if (rej(mid)) lo = mid
    else hi = mid
  }
  return lo
}

/**
 * One-sided betting confidence bounds for the mean of values declared to lie in `range` (Waudby-Smith &
 * Ramdas 2023, predictable plug-in bets in their fixed-n form): each bound has error at most `errorRate`
 * on its own side, for every distribution on the range and every n (Ville's inequality; no asymptotics).
 * A side whose end of the range is infinite has no bound (−∞ or +∞). Values outside the range are an error.
 *
 * @example bettingMeanBounds([0.2, 0.9, 0.4], 0.05, { range: [0, 1] }) // { lower: ..., upper: ... }
 */
export function bettingMeanBounds(
  xs: ArrayLike<number>,
  errorRate: number,
  options: BettingOptions,
): OneSidedBounds {
  checkSample(WHERE_B, 'xs', xs, 1)
  checkOpenUnit(WHERE_B, 'errorRate', errorRate)
  checkBettingOptions(WHERE_B, options)
  if (!(errorRate > 0 && errorRate < 1))
    throw new InvalidRangeError(WHERE_B, 'errorRate', 'must lie in (0, 1)')
  const [a, b] = checkRange(WHERE_B, options?.range)
  const c = options.truncation ?? 0.5
  if (!(c > 0 && c < 1)) throw new InvalidRangeError(WHERE_B, 'truncation', 'must lie in (0, 1)')
  for (let i = 0; i < xs.length; i++)
    if (xs[i] < a || xs[i] > b)
      throw new InvalidRangeError(
        WHERE_B,
        'xs',
        `value [${i}] = ${xs[i]} lies outside the declared range [${a}, ${b}]`,
      )
  return bettingBounds(xs, errorRate, a, b, c, options.seed)
}

/** {@link bettingMeanBounds} on checked input. */
function bettingBounds(
  xs: ArrayLike<number>,
  errorRate: number,
  a: number,
  b: number,
  c: number,
  seed: Seed | undefined,
): OneSidedBounds {
  const n = xs.length
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  if (seed !== undefined) {
    // Fisher–Yates with the seeded generator.
    const rng = createRng(`${String(seed)}/betting-order`)
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1))
      const t = order[i]
      order[i] = order[j]
      order[j] = t
    }
  }
  const bounded = Number.isFinite(a) && Number.isFinite(b)
  const w = bounded ? b - a : 1
  let lower = Number.NEGATIVE_INFINITY
  let upper = Number.POSITIVE_INFINITY
  const ys = new Float64Array(n)
  if (Number.isFinite(a)) {
    for (let i = 0; i < n; i++) ys[i] = (xs[order[i]] - a) / w
    lower = a + w * bettingLowerBound(ys, errorRate, { truncation: c, bounded, horizon: n, every: 8 })
  }
  if (Number.isFinite(b)) {
    for (let i = 0; i < n; i++) ys[i] = (b - xs[order[i]]) / w
    upper = b - w * bettingLowerBound(ys, errorRate, { truncation: c, bounded, horizon: n, every: 8 })
  }
  return { lower, upper }
}

/**
 * Empirical Bernstein one-sided bounds for the mean of values in [a, b] (Maurer & Pontil 2009, Theorem 4):
 * x̄ ∓ (√(2 V log(2/ρ) / n) + 7 (b − a) log(2/ρ) / (3 (n − 1))), V the sample variance. Valid for every
 * distribution on the range; exported for comparison — {@link bettingMeanBounds} is tighter.
 */
export function empiricalBernsteinMeanBounds(
  xs: ArrayLike<number>,
  errorRate: number,
  options: { range: readonly [number, number] },
): OneSidedBounds {
  const where = 'empiricalBernsteinMeanBounds'
  checkSample(where, 'xs', xs, 2)
  checkOpenUnit(where, 'errorRate', errorRate)
  checkObject(where, 'options', options)
  const [a, b] = checkRange(where, options?.range)
  if (!Number.isFinite(a) || !Number.isFinite(b))
    throw new InvalidRangeError(where, 'range', 'must be finite')
  const mo = meanMoments(xs)
  const n = xs.length
  const l = Math.log(2 / errorRate)
  const h = Math.sqrt((2 * mo.sd * mo.sd * l) / n) + (7 * (b - a) * l) / (3 * (n - 1))
  return { lower: Math.max(a, mo.mean - h), upper: Math.min(b, mo.mean + h) }
}

/**
 * The trust rule of the skew-corrected bound at error rate ρ: trusted when
 * n ≥ K(ρ)·(γ̃² + 16·κ̃), with γ̃ = |g₁| + √(6/n) (the sample skewness plus one standard error: at small n
 * the sample skewness underestimates heavy skew, so small samples are never trusted) and
 * κ̃ = max(0, g₂ − 2·√(24/n)) (the excess kurtosis, less two standard errors: noise in a normal sample's
 * kurtosis is not a heavy tail), K(0.01) = 20 and K(0.001) = 40, log-linear in the normal quantile z(ρ)
 * below 0.01 and 20 above. The form is that of the size of the Edgeworth terms of order 1/n (squared
 * skewness and kurtosis over n); the constants were chosen by simulation (20,000 samples per cell) over
 * normal, lognormal(0,1), exponential, Student t(3), Poisson(0.5) and rounded normal values at n = 5 to
 * 3000 and ρ = 0.01 and 0.001, as the rule that trusts normal samples soonest while keeping the trusted
 * bounds' one-sided error at or below ρ in every cell; test/calibration/cases/interval.ts measures it again.
 */
export interface MeanTrust {
  trusted: boolean
  /** The smallest n at which a sample with these moments would be trusted (undefined: never, e.g. no spread). */
  trustedFrom?: number
  /** Why not, in words, when not trusted. */
  why?: string
}

const K_LOW = { z: 2.3263478740408408, k: 20 }
const K_HIGH = { z: 3.090232306167813, k: 40 }

function trustK(rate: number): number {
  const z = -normalPpf(rate)
  const slope = Math.log(K_HIGH.k / K_LOW.k) / (K_HIGH.z - K_LOW.z)
  // Above 0.01 the rule does not relax further: the trusted rate must still hold at 0.05 (measured).
  return Math.max(K_LOW.k, K_LOW.k * Math.exp(slope * (z - K_LOW.z)))
}

function trustNeed(moments: MeanMoments, n: number, k: number): number {
  const g = Math.abs(moments.skewness) + Math.sqrt(6 / n)
  const kurtosis = Math.max(0, moments.kurtosis - 2 * Math.sqrt(24 / n))
  return k * (g * g + 16 * kurtosis)
}

/** Whether the skew-corrected bound can be trusted for these moments at error rate `rate` (see {@link MeanTrust}). */
export function meanTrust(moments: MeanMoments, rate: number): MeanTrust {
  checkMoments('meanTrust', 'moments', moments)
  checkOpenUnit('meanTrust', 'rate', rate)
  const { n } = moments
  if (moments.sd === 0)
    return {
      trusted: false,
      why: `all ${n} values are equal: without a declared range, equal values bound neither the spread nor the mean`,
    }
  const k = trustK(rate)
  if (n >= trustNeed(moments, n, k)) return { trusted: true }
  let m = n
  for (let it = 0; it < 200 && m < trustNeed(moments, m, k); it++)
    m = Math.max(m + 1, Math.ceil(trustNeed(moments, m, k)))
  const shape =
    Math.abs(moments.skewness) >= 1 || moments.kurtosis >= 2
      ? `the values are too ${Math.abs(moments.skewness) >= 1 ? 'skewed' : 'heavy-tailed'} (skewness ${fmt(moments.skewness)}, excess kurtosis ${fmt(moments.kurtosis)})`
      : `the values are too few to check the shape of their distribution`
  return {
    trusted: false,
    trustedFrom: m,
    why: `${shape} for a trustworthy bound on the mean at n = ${n}: about ${m} values would be`,
  }
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(3)))
}

/** How one side of a mean bound is computed. */
export type MeanBoundMethod = 'betting' | 'skew-corrected-t' | (string & {})

/** A claim about a mean, for {@link decideMean}. */
export interface MeanClaim extends DecisionRates {
  /** The claim: the mean lies in [lower, upper] (an infinite end makes it one-sided). */
  target: OneSidedBounds
  /** The smallest violation that matters, in the units of the values. */
  tolerance: number
  /** The declared range of every value (either end may be infinite): finite-sample betting bounds on the bounded sides. */
  range?: readonly [number, number]
  /** Seed of the betting order (see {@link BettingOptions}). */
  seed?: Seed
  /**
   * The bounds used on the sides without a finite end of the range (default: {@link skewCorrectedMeanBounds}),
   * e.g. bootstrap bounds; they are as asymptotic as t, and the same trust rule applies to them.
   */
  asymptoticBounds?: (errorRate: number) => OneSidedBounds
  /** The name of `asymptoticBounds` for the record (default 'skew-corrected-t'). */
  asymptoticMethod?: string
}

/** The decision on a mean claim, with how its bounds were made. */
export interface MeanDecision extends IntervalDecision {
  /** The method of each side's bound. */
  methods: { lower: MeanBoundMethod; upper: MeanBoundMethod }
  /** 'betting', 'skew-corrected-t', or 'betting/skew-corrected-t' (lower/upper) when they differ. */
  method: string
  moments: MeanMoments
  /**
   * The bounds at falseFailRate as computed, before untrusted sides are set aside (failBounds holds ±∞
   * on an untrusted side, which decides nothing).
   */
  computedBounds: OneSidedBounds
  /** Which sides were untrusted. */
  untrustedSides: { lower: boolean; upper: boolean }
}

/**
 * Decides "the mean lies in [lower, upper]" from `xs` through {@link decideInterval}: betting bounds
 * ({@link bettingMeanBounds}) on each side with a finite end of the declared `range`, the skew-corrected
 * bound ({@link skewCorrectedMeanBounds}) elsewhere, whose sides count only where {@link meanTrust}
 * trusts them (at the smaller of the two rates). A verdict that needs an untrusted side is inconclusive,
 * reason 'untrusted', with the n from which the bound would be trusted.
 *
 * @example decideMean(xs, { target: { lower: -0.1, upper: 0.1 }, tolerance: 0.05, falseFailRate: 0.001, falsePassRate: 0.05 })
 */
export function decideMean(xs: ArrayLike<number>, claim: MeanClaim): MeanDecision {
  const where = 'decideMean'
  checkSample(where, 'xs', xs, 2)
  if (claim === null || typeof claim !== 'object')
    throw new InvalidInputError(where, 'claim', 'must be an object')
  checkRatesOf(where, 'claim', claim)
  checkBounds(where, 'claim.target', claim.target)
  checkPositive(where, 'claim.tolerance', claim.tolerance)
  checkSeed(where, 'claim.seed', claim.seed, true)
  if (claim.asymptoticBounds !== undefined)
    checkFunction(where, 'claim.asymptoticBounds', claim.asymptoticBounds)
  if (claim.asymptoticMethod !== undefined)
    checkString(where, 'claim.asymptoticMethod', claim.asymptoticMethod)
  const mo = meanMoments(xs)
  const range = claim.range === undefined ? undefined : checkRange(where, claim.range)
  if (range)
    for (let i = 0; i < xs.length; i++)
      if (xs[i] < range[0] || xs[i] > range[1])
        throw new InvalidRangeError(
          where,
          'xs',
          `value [${i}] = ${xs[i]} lies outside the declared range [${range[0]}, ${range[1]}]`,
        )
  const asymptotic = claim.asymptoticMethod ?? 'skew-corrected-t'
  const methods = {
    lower: (range && Number.isFinite(range[0]) ? 'betting' : asymptotic) as MeanBoundMethod,
    upper: (range && Number.isFinite(range[1]) ? 'betting' : asymptotic) as MeanBoundMethod,
  }
  const cache = new Map<number, OneSidedBounds>()
  const computed = (rate: number): OneSidedBounds => {
    let b = cache.get(rate)
    if (!b) {
      const bet = range ? bettingBounds(xs, rate, range[0], range[1], 0.5, claim.seed) : undefined
      const hall =
        methods.lower === 'betting' && methods.upper === 'betting'
          ? undefined
          : skewCorrectedMeanBounds(mo, rate)
      b = {
        lower: methods.lower === 'betting' ? (bet as OneSidedBounds).lower : (hall as OneSidedBounds).lower,
        upper: methods.upper === 'betting' ? (bet as OneSidedBounds).upper : (hall as OneSidedBounds).upper,
      }
      cache.set(rate, b)
    }
    return b
  }
  const needsTrust = methods.lower !== 'betting' || methods.upper !== 'betting'
  const trust = needsTrust
    ? meanTrust(mo, Math.min(claim.falseFailRate, claim.falsePassRate))
    : { trusted: true as const }
  const untrustedSides = {
    lower: methods.lower !== 'betting' && !trust.trusted,
    upper: methods.upper !== 'betting' && !trust.trusted,
  }
  const masked = (rate: number): OneSidedBounds => {
    const b = computed(rate)
    return {
      lower: untrustedSides.lower ? Number.NEGATIVE_INFINITY : b.lower,
      upper: untrustedSides.upper ? Number.POSITIVE_INFINITY : b.upper,
    }
  }
  const d = decideInterval({
    target: claim.target,
    tolerance: claim.tolerance,
    estimate: mo.mean,
    n: mo.n,
    bounds: masked,
    falseFailRate: claim.falseFailRate,
    falsePassRate: claim.falsePassRate,
  })
  const method = methods.lower === methods.upper ? methods.lower : `${methods.lower}/${methods.upper}`
  const out: MeanDecision = {
    ...d,
    methods,
    method,
    moments: mo,
    computedBounds: computed(claim.falseFailRate),
    untrustedSides,
  }
  // A pass needs the lower bound when the claim has a lower end, the upper bound when it has an upper end.
  const needed =
    (untrustedSides.lower && claim.target.lower > Number.NEGATIVE_INFINITY) ||
    (untrustedSides.upper && claim.target.upper < Number.POSITIVE_INFINITY)
  if (d.outcome === 'inconclusive' && needed) {
    out.reason = 'untrusted'
    out.untrusted = trust.why
    out.samplesNeeded = trust.trustedFrom === undefined ? undefined : Math.max(trust.trustedFrom, mo.n + 1)
  }
  return out
}

// ---------------------------------------------------------------- shares (a mean of 0/1 values)

/** Input of {@link decideShare}: `count` of `n` values have the property; the claim is about its probability. */
export interface ShareClaim extends DecisionRates {
  count: number
  n: number
  /** The claim: the probability lies in [lower, upper] (an infinite end makes it one-sided). */
  target: OneSidedBounds
  /** The smallest violation that matters, in the units of the probability. */
  tolerance: number
}

/** Exact (Clopper–Pearson) one-sided bounds on a binomial probability, each with error ≤ `errorRate`. */
export function clopperPearsonBounds(count: number, n: number, errorRate: number): OneSidedBounds {
  const where = 'clopperPearsonBounds'
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidRangeError(where, 'n', 'must be a positive whole number')
  if (!Number.isInteger(count) || count < 0 || count > n)
    throw new InvalidRangeError(where, 'count', 'must be a whole number in [0, n]')
  checkFinite(where, 'errorRate', errorRate)
  if (!(errorRate > 0 && errorRate < 0.5))
    throw new InvalidRangeError(where, 'errorRate', 'must lie in (0, 0.5)')
  // The same bounds as proportionInterval's 'clopper-pearson' (the upper one as Beta's isf at errorRate).
  const [lower, upper] = clopperPearsonUnchecked(count, n, errorRate)
  return { lower, upper }
}

/**
 * Decides a claim about a binomial probability from `count` successes in `n` through
 * {@link decideInterval}, with exact Clopper–Pearson bounds: both error rates hold exactly, for every n
 * (no normal approximation, no power formula).
 */
export function decideShare(claim: ShareClaim): IntervalDecision {
  const where = 'decideShare'
  const rates = checkRatesOf(where, 'claim', claim)
  for (const key of ['falseFailRate', 'falsePassRate'] as const)
    if (!(rates[key] < 0.5))
      throw new InvalidRangeError(where, `claim.${key}`, `must lie in (0, 0.5), got ${rates[key]}`)
  checkCount(where, 'claim.n', claim.n, 1)
  checkCount(where, 'claim.count', claim.count)
  if (claim.count > claim.n)
    throw new InvalidRangeError(
      where,
      'claim.count',
      `must be at most claim.n (${claim.n}), got ${claim.count}`,
    )
  checkBounds(where, 'claim.target', claim.target)
  checkPositive(where, 'claim.tolerance', claim.tolerance)
  const { count, n } = claim
  return decideInterval({
    target: claim.target,
    tolerance: claim.tolerance,
    estimate: count / n,
    n,
    bounds: (rate) => clopperPearsonBounds(count, n, rate),
    falseFailRate: claim.falseFailRate,
    falsePassRate: claim.falsePassRate,
  })
}
