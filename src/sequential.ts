/**
 * Anytime-valid inference: confidence sequences, whose error rates hold however often, and whenever, the
 * data are looked at, and the sequential drawing loop that decides after every batch of draws.
 *
 * A fixed-n confidence interval looked at after every batch is not valid: its error rate grows with the
 * number of looks. A confidence sequence (CS) is a sequence of bounds (L_t, U_t) with
 * P(∃t: θ < L_t) ≤ a and P(∃t: θ > U_t) ≤ a, so a sampler can be drawn in batches and stopped the moment
 * the decision core's rule ({@link decideInterval}) reaches a verdict.
 *
 * Methods:
 * - rates (a share of successes): the one-sided beta-binomial mixture martingale with a uniform prior
 *   over the alternatives, Robbins (1970) as used by the Confidence Sequence Method (Ding, Gandy & Hahn
 *   2020, "A simple method for implementing Monte Carlo tests") and Howard, Ramdas, McAuliffe & Sekhon
 *   (2021, "Time-uniform, nonparametric, nonasymptotic confidence sequences"); Ville's inequality bounds
 *   the chance the martingale ever reaches 1/a by a. Exact for Bernoulli draws, any n, any rate.
 * - a quantile: the same mixture on the number of draws below (above) the quantile, which is at most
 *   Binomial(t, q) (Howard & Ramdas 2022, "Sequential estimation of quantiles with applications to
 *   A/B-testing and best-arm identification", Bernoulli 28, §3): bounds are order statistics.
 * - the whole distribution function: the time-uniform DKW band of Howard & Ramdas (2022, Theorem 2),
 *   sup_x |F_t(x) − F(x)| ≤ 0.85 √((ln ln(e t) + 0.8 ln(1612/a)) / t) for all t at once.
 * - a bounded mean: the hedged capital process of Waudby-Smith & Ramdas (2023, "Estimating means of
 *   bounded random variables by betting", JRSS-B), with predictable plug-in bets.
 */
import {
  checkArrayOf,
  checkBoolean,
  checkBounds,
  checkObject,
  checkPositive,
  checkRatesOf,
  checkSortedSample,
} from './argcheck'
import { getConfig } from './config'
import {
  type Decision,
  type DecisionRates,
  decideInterval,
  type IntervalDecision,
  type OneSidedBounds,
} from './decision'
import { logBeta, regularizedBetaComplement } from './distributions'
import { checkCount, checkOpenUnit, describeValue, InvalidInputError, InvalidRangeError } from './errors'
import { BettingCapital, bettingLowerBound } from './meanBounds'
import type { Seed } from './random'
import {
  type DrawCheck,
  drawRange,
  drawRangeInto,
  type OnDrawError,
  type Sampler,
  SamplerTimeoutError,
  samplerClock,
} from './sampler'

// ---------------------------------------------------------------------------------------------------
// Rates: the one-sided beta-binomial mixture
// ---------------------------------------------------------------------------------------------------

function checkCounts(where: string, successes: unknown, trials: unknown): [number, number] {
  const n = checkCount(where, 'trials', trials, 0)
  const s = checkCount(where, 'successes', successes, 0)
  if (s > n) throw new InvalidRangeError(where, 'successes', `must not exceed trials = ${n}, got ${s}`)
  return [s, n]
}

/** ln M: the mixture martingale against "rate ≤ p0" after s successes of n (no checks). */
function logEvidenceAbove(s: number, n: number, p0: number): number {
  if (n === 0) return 0
  if (p0 <= 0) return s > 0 ? Number.POSITIVE_INFINITY : -Math.log(n + 1)
  if (p0 >= 1) return Number.NEGATIVE_INFINITY
  const f = n - s
  const tail = regularizedBetaComplement(s + 1, f + 1, p0)
  if (!(tail > 0)) return Number.NEGATIVE_INFINITY
  return logBeta(s + 1, f + 1) + Math.log(tail) - Math.log1p(-p0) - s * Math.log(p0) - f * Math.log1p(-p0)
}

/**
 * The evidence, as a log betting score, that a rate exceeds `p0`, after `successes` of `trials`
 * Bernoulli draws: ln M_t with M_t = ∫ L(p) dπ(p) / L(p0), π uniform on (p0, 1] (the one-sided
 * Robbins mixture; see the module's notes). Under any rate ≤ p0, M is a nonnegative supermartingale
 * starting at 1, so P(M_t ≥ 1/a for some t) ≤ a (Ville): "rate ≤ p0" is rejected at level a, at any look,
 * when this is at least ln(1/a).
 *
 * @example rateEvidenceAbove(95, 100, 0.8) > Math.log(1000) // true: 95 of 100 rule out 0.8 at 0.001
 */
export function rateEvidenceAbove(successes: number, trials: number, p0: number): number {
  const [s, n] = checkCounts('rateEvidenceAbove', successes, trials)
  if (typeof p0 !== 'number' || !(p0 >= 0 && p0 <= 1))
    throw new InvalidRangeError('rateEvidenceAbove', 'p0', `must lie in [0, 1], got ${describeValue(p0)}`)
  return logEvidenceAbove(s, n, p0)
}

/** The lower bound: the rates p0 < estimate whose evidence reaches ln(1/a), by bisection. */
function rateLower(s: number, n: number, a: number): number {
  if (s === 0 || n === 0) return 0
  const level = -Math.log(a)
  const hat = s / n
  if (logEvidenceAbove(s, n, hat) >= level) return hat
  // The evidence decreases in p0 below the estimate: bisect for the crossing; return the rejected end.
  let lo = 0
  let hi = hat
  for (let it = 0; it < 60 && hi - lo > 1e-13; it++) {
    const mid = (lo + hi) / 2
    if (logEvidenceAbove(s, n, mid) >= level) lo = mid
    else hi = mid
  }
  return lo
}

/**
 * One-sided anytime-valid bounds for a rate after `successes` of `trials` Bernoulli draws: for every
 * stopping rule, P(rate < lower) ≤ errorRate and P(rate > upper) ≤ errorRate, each on its own, however
 * often the bounds are recomputed as draws come in (the one-sided beta-binomial mixture inverted; see
 * {@link rateEvidenceAbove}). Wider than Clopper–Pearson at the same n: the price of looking at will.
 *
 * @example rateConfidenceBounds(190, 200, 0.05) // { lower: 0.90…, upper: 0.97… }
 */
export function rateConfidenceBounds(
  successes: number,
  trials: number,
  errorRate: number,
): { lower: number; upper: number } {
  const where = 'rateConfidenceBounds'
  const [s, n] = checkCounts(where, successes, trials)
  checkOpenUnit(where, 'errorRate', errorRate)
  return { lower: rateLower(s, n, errorRate), upper: 1 - rateLower(n - s, n, errorRate) }
}

/** A claim about a rate for {@link decideRateAnytime}: the rate lies in `target` (ends in [0, 1] or infinite). */
export interface RateClaim extends DecisionRates {
  target: OneSidedBounds
  tolerance: number
}

/**
 * The decision core's rule ({@link decideInterval}) on the anytime-valid rate bounds of
 * {@link rateConfidenceBounds}, after `successes` of `trials`. Valid at every look. Unless `final`, it
 * first checks, with one evidence value per end of the claim, whether any verdict is possible, and
 * returns `undefined` when none is (the bounds need a bisection; most looks decide nothing).
 */
export function decideRateAnytime(
  successes: number,
  trials: number,
  claim: RateClaim,
  final = true,
): IntervalDecision | undefined {
  const [s, n] = checkCounts('decideRateAnytime', successes, trials)
  checkRatesOf('decideRateAnytime', 'claim', claim)
  checkBounds('decideRateAnytime', 'claim.target', claim.target)
  checkPositive('decideRateAnytime', 'claim.tolerance', claim.tolerance)
  checkBoolean('decideRateAnytime', 'final', final)
  const { target, tolerance, falseFailRate: a, falsePassRate: b } = claim
  if (!final && n > 0) {
    const la = -Math.log(a)
    const lb = -Math.log(b)
    const above = (p: number) => p <= 0 || logEvidenceAbove(s, n, p) >= la
    const below = (p: number, level: number) => p >= 1 || logEvidenceAbove(n - s, n, 1 - p) >= level
    const canFail =
      (target.upper < 1 && above(target.upper) && s > 0) || (target.lower > 0 && below(target.lower, la))
    const lowOk = target.lower - tolerance <= 0 || logEvidenceAbove(s, n, target.lower - tolerance) >= lb
    const highOk = target.upper + tolerance >= 1 || below(target.upper + tolerance, lb)
    if (!canFail && !(lowOk && highOk)) return undefined
  }
  return decideInterval({
    target,
    tolerance,
    estimate: n > 0 ? s / n : Number.NaN,
    n: Math.max(n, 1),
    bounds: (rate) => (n > 0 ? rateConfidenceBounds(s, n, rate) : { lower: 0, upper: 1 }),
    falseFailRate: a,
    falsePassRate: b,
    ...(n === 0 ? { untrusted: 'no draw finished' } : {}),
  })
}

// ---------------------------------------------------------------------------------------------------
// Quantiles and distribution functions
// ---------------------------------------------------------------------------------------------------

/** The largest count s ≤ n whose evidence against "rate ≤ q" stays below ln(1/a) (count is monotone). */
function criticalCount(n: number, q: number, a: number): number {
  const level = -Math.log(a)
  if (logEvidenceAbove(n, n, q) < level) return n
  let lo = Math.floor(q * n) // the evidence at s ≤ qn is below 1 (< 1/a)
  let hi = n
  if (logEvidenceAbove(lo, n, q) >= level) lo = 0
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (logEvidenceAbove(mid, n, q) >= level) hi = mid
    else lo = mid
  }
  return lo
}

/**
 * One-sided anytime-valid bounds for the `q`-quantile Q = inf{x : F(x) ≥ q} from the values drawn so far,
 * sorted ascending (Howard & Ramdas 2022, §3): the draws below Q are at most Binomial(t, q), so at most
 * u_t of them lie below Q at every t (with the rate mixture at errorRate), and Q ≤ x₍u_t+1₎; likewise
 * above. For any distribution (ties and discrete values included), P(Q < lower) ≤ errorRate and
 * P(Q > upper) ≤ errorRate at every look. An end is ±Infinity while the draws are too few.
 *
 * @example quantileConfidenceBounds(sortedLatencies, 0.95, 0.001) // { lower: 182, upper: 240 }
 */
export function quantileConfidenceBounds(
  sorted: ArrayLike<number>,
  q: number,
  errorRate: number,
): { lower: number; upper: number } {
  const where = 'quantileConfidenceBounds'
  if (sorted === null || typeof sorted !== 'object' || typeof sorted.length !== 'number')
    throw new InvalidInputError(where, 'sorted', 'must be an array of numbers sorted ascending')
  checkOpenUnit(where, 'q', q)
  checkOpenUnit(where, 'errorRate', errorRate)
  const n = sorted.length
  if (n === 0) return { lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY }
  const below = criticalCount(n, q, errorRate) // at most this many draws lie below Q
  const above = criticalCount(n, 1 - q, errorRate) // at most this many draws lie above Q
  return {
    lower: above < n ? sorted[n - above - 1] : Number.NEGATIVE_INFINITY,
    upper: below < n ? sorted[below] : Number.POSITIVE_INFINITY,
  }
}

/**
 * The half-width of the time-uniform DKW band of Howard & Ramdas (2022, Theorem 2): with probability at
 * least 1 − errorRate, sup_x |F_t(x) − F(x)| ≤ 0.85 √((ln ln(e t) + 0.8 ln(1612 / errorRate)) / t) for
 * every t ≥ 1 at once (F_t the empirical distribution function of the first t draws). Checked by
 * simulation in test/unit/sequential.test.ts.
 *
 * @example dkwBandHalfWidth(1000, 0.05) // 0.085…
 */
export function dkwBandHalfWidth(t: number, errorRate: number): number {
  const where = 'dkwBandHalfWidth'
  checkCount(where, 't', t, 1)
  checkOpenUnit(where, 'errorRate', errorRate)
  return 0.85 * Math.sqrt((Math.log(Math.log(Math.E * t)) + 0.8 * Math.log(1612 / errorRate)) / t)
}

// ---------------------------------------------------------------------------------------------------
// Bounded means: betting
// ---------------------------------------------------------------------------------------------------

/** Options of {@link boundedMeanBounds}. */
export interface BoundedMeanOptions {
  /** The range the values are known to lie in (default [0, 1]). */
  range?: readonly [number, number]
  /**
   * The number of values the bets are tuned for (Waudby-Smith & Ramdas 2023, eq. 26: tighter at that n,
   * still valid at every n). Default: the number given, i.e. the bounds of a fixed sample. Set it to
   * `'anytime'` for bets tuned to no horizon (their eq. 27, for bounds recomputed as values arrive).
   */
  horizon?: number | 'anytime'
}

/**
 * One-sided confidence bounds for the mean of values known to lie in `range`, by betting (Waudby-Smith
 * & Ramdas 2023, hedged capital process, predictable plug-in bets, truncation 1/2): the lower bound is the
 * smallest mean m at which a gambler betting "the mean exceeds m" never reached capital 1/errorRate, at
 * any of the values (a running maximum). The bets and the bisection are those of the fixed-n
 * `bettingMeanBounds` (src/meanBounds.ts `bettingLowerBound`, one implementation), checked at every value.
 * P(mean < lower) ≤ errorRate and P(mean > upper) ≤ errorRate, for any distribution on the range, at any n
 * (also tiny ones, and skewed ones near an end), and also when recomputed as values arrive.
 *
 * @example boundedMeanBounds([1, 1, 0.5, 1, 0.75, 1, 1, 1, 0.5, 1], 0.05) // { lower: 0.6…, upper: 1 }
 */
export function boundedMeanBounds(
  values: ArrayLike<number>,
  errorRate: number,
  options: BoundedMeanOptions = {},
): { lower: number; upper: number; estimate: number } {
  const where = 'boundedMeanBounds'
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number')
    throw new InvalidInputError(where, 'values', 'must be an array of numbers')
  checkOpenUnit(where, 'errorRate', errorRate)
  const o = checkObject(where, 'options', options, true)
  if (o.range !== undefined && !(Array.isArray(o.range) && o.range.length === 2))
    throw new InvalidInputError(where, 'options.range', 'must be [lower, upper]')
  const [lo, hi] = options.range ?? [0, 1]
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi))
    throw new InvalidRangeError(where, 'options.range', 'must be [lower, upper] with finite lower < upper')
  const n = values.length
  if (n === 0) throw new InvalidRangeError(where, 'values', 'must not be empty')
  const h = options.horizon ?? n
  if (h !== 'anytime' && !(typeof h === 'number' && h >= 1))
    throw new InvalidRangeError(where, 'options.horizon', "must be a number >= 1 or 'anytime'")
  const spec = { truncation: 0.5, bounded: true, horizon: h, every: 1 }
  const up = new Float64Array(n)
  const down = new Float64Array(n)
  let sum = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (typeof v !== 'number' || !(v >= lo && v <= hi))
      throw new InvalidRangeError(
        where,
        `values[${i}]`,
        `must lie in [${lo}, ${hi}], got ${describeValue(v)}`,
      )
    up[i] = (v - lo) / (hi - lo)
    down[i] = 1 - up[i]
    sum += v
  }
  const l = bettingLowerBound(up, errorRate, spec)
  const u = 1 - bettingLowerBound(down, errorRate, spec)
  return { lower: lo + (hi - lo) * l, upper: lo + (hi - lo) * u, estimate: sum / n }
}

// ---------------------------------------------------------------------------------------------------
// The sequential loop
// ---------------------------------------------------------------------------------------------------

/** Why a sequential run stopped. */
export type StoppedBecause = 'decided' | 'maxSamples' | 'timeout'

/** Default most draws a sequential matcher takes when the call does not say. */
export const DEFAULT_MAX_SAMPLES = 10_000

/** Options of {@link drawSequentially}. */
export interface SequentialOptions<T, D extends Decision> {
  /** The seed of the run; draw i is seeded `${seed}/${i}`, as {@link drawSamples} seeds it. */
  seed: Seed
  /** The most draws (default {@link DEFAULT_MAX_SAMPLES}). */
  maxSamples?: number
  /** The first look is after this many draws (default 10, at least `concurrency`). */
  minSamples?: number
  /** Time budget for the whole run, ms (default `getConfig().timeoutMs`): the run stops, undecided, there. */
  timeoutMs?: number
  /** At most this many calls in flight (default 1). */
  concurrency?: number
  /** Budget of one call, ms (see {@link drawSamples}). */
  callTimeoutMs?: number
  /** See {@link drawSamples}. */
  onError?: OnDrawError
  /** See {@link drawSamples}. */
  failureValue?: unknown
  /** Validates each value. */
  check?: DrawCheck
  /** Named in errors. */
  where?: string
  /**
   * The decision after a look at the values drawn so far (in draw order). Return `undefined` to continue
   * without deciding (a cheap pre-check said no verdict is possible yet); with `final` true a decision
   * must be returned. The decision must come from anytime-valid bounds (this module), never a fixed-n
   * interval.
   */
  decide: (values: readonly T[], final: boolean) => D | undefined
  /**
   * The number of draws (in all) at which to look next, after a look at `drawn` draws that gave `decision`
   * (undefined when `decide` returned none): for a design with planned looks (a group-sequential design,
   * {@link meanGroupSequential}). Clamped to (drawn, maxSamples]. Default: about 1/16 more draws (at least
   * `concurrency`).
   */
  nextLook?: (drawn: number, decision: D | undefined) => number
}

/** What {@link drawSequentially} returns. */
export interface SequentialResult<T, D extends Decision> {
  values: T[]
  decision: D
  stoppedBecause: StoppedBecause
  samplesDrawn: number
  /** How many times the decision was looked at. */
  looks: number
  elapsedMs: number
  /** Calls counted as failures under onError: 'count-as-failure'. */
  errors: number
  /** The most calls in flight at once. */
  peakInFlight: number
  seed: string
}

/** The empty array a sequential run starts from (never written to). */
const NO_VALUES: readonly unknown[] = Object.freeze([])

/**
 * Draws from a sampler in batches and decides after each, stopping at the first pass or fail, at
 * `maxSamples`, or when the time budget runs out (then the decision is made on the draws finished so far,
 * in draw order). Batches grow by about 1/16 of the draws so far (at least `concurrency`), so a run
 * overshoots the draw that decided it by at most that. Only anytime-valid decisions may be used: the
 * verdict is looked at many times.
 *
 * @example
 * const r = await drawSequentially(({ rng }) => rng() < 0.97, { seed: 's', decide: (v, final) => decideRate(...) })
 */
export async function drawSequentially<T, D extends Decision>(
  sampler: Sampler<T>,
  options: SequentialOptions<T, D>,
): Promise<SequentialResult<T, D>> {
  const where = options?.where ?? 'drawSequentially'
  if (typeof sampler !== 'function')
    throw new InvalidInputError(where, 'sampler', `must be a function, got ${describeValue(sampler)}`)
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  if (typeof options.decide !== 'function') throw new InvalidInputError(where, 'decide', 'must be a function')
  const maxSamples = checkCount(where, 'maxSamples', options.maxSamples ?? DEFAULT_MAX_SAMPLES, 1)
  const concurrency = checkCount(where, 'concurrency', options.concurrency ?? 1, 1)
  const minSamples = checkCount(where, 'minSamples', options.minSamples ?? 10, 1)
  const timeoutMs = options.timeoutMs
  const start = samplerClock()
  const budget = timeoutMs ?? getConfig().timeoutMs
  const deadline = start + budget
  // The array of the first batch becomes the run's, and later batches are drawn into it in place: an array
  // literal here would learn, once one run had held booleans, to make every later run's array generic,
  // numbers included (boxed, one heap object a value; checked with %HasDoubleElements).
  let values: T[] = NO_VALUES as T[]
  let errors = 0
  let peakInFlight = 0
  let looks = 0
  let seed = ''
  let stoppedBecause: StoppedBecause = 'maxSamples'
  let decision: D | undefined
  let batch = Math.min(maxSamples, Math.max(minSamples, concurrency))
  while (values.length < maxSamples) {
    const from = values.length
    const to = Math.min(maxSamples, from + batch)
    let r: Awaited<ReturnType<typeof drawRange<T>>>
    try {
      const range = {
        from,
        to,
        seed: options.seed,
        timeoutMs: budget,
        deadline,
        concurrency,
        callTimeoutMs: options.callTimeoutMs,
        onError: options.onError,
        failureValue: options.failureValue,
        check: options.check,
        where,
      }
      r = values === NO_VALUES ? await drawRange(sampler, range) : await drawRangeInto(sampler, range, values)
    } catch (error) {
      if (error instanceof SamplerTimeoutError) {
        stoppedBecause = 'timeout'
        break
      }
      throw error
    }
    seed = String(options.seed)
    values = r.values
    errors += r.errors
    peakInFlight = Math.max(peakInFlight, r.peakInFlight)
    if (r.timedOut) {
      stoppedBecause = 'timeout'
      break
    }
    looks++
    const d = options.decide(values, values.length >= maxSamples)
    if (d && d.outcome !== 'inconclusive') {
      decision = d
      stoppedBecause = 'decided'
      break
    }
    if (d && values.length >= maxSamples) decision = d
    batch = options.nextLook
      ? Math.max(1, Math.min(maxSamples, Math.floor(options.nextLook(values.length, d))) - values.length)
      : Math.max(concurrency, Math.ceil(values.length / 16))
    if (samplerClock() >= deadline) {
      stoppedBecause = values.length >= maxSamples ? 'maxSamples' : 'timeout'
      break
    }
  }
  if (values === NO_VALUES) values = []
  if (!decision) {
    if (values.length === 0)
      throw new SamplerTimeoutError(where, {
        timeoutMs: budget,
        completed: 0,
        requested: maxSamples,
        elapsedMs: samplerClock() - start,
        seed: String(options.seed),
      })
    looks++
    decision = options.decide(values, true)
    if (!decision) throw new InvalidInputError(where, 'decide', 'must return a decision when final is true')
  }
  return {
    values,
    decision,
    stoppedBecause,
    samplesDrawn: values.length,
    looks,
    elapsedMs: samplerClock() - start,
    errors,
    peakInFlight,
    seed: seed || String(options.seed),
  }
}

// ---------------------------------------------------------------------------------------------------
// Decisions for quantile and distribution claims
// ---------------------------------------------------------------------------------------------------

/** A claim about a quantity for the anytime decisions: it lies in `target`, within `tolerance`. */
export interface AnytimeClaim extends DecisionRates {
  target: OneSidedBounds
  tolerance: number
}

/**
 * The decision core's rule on the anytime-valid bounds of the `q`-quantile
 * ({@link quantileConfidenceBounds}) of the values drawn so far, sorted ascending. Valid at every look.
 */
export function decideQuantileAnytime(
  sorted: ArrayLike<number>,
  q: number,
  claim: AnytimeClaim,
): IntervalDecision {
  const where = 'decideQuantileAnytime'
  checkSortedSample(where, 'sorted', sorted, 0)
  checkOpenUnit(where, 'q', q)
  checkRatesOf(where, 'claim', claim)
  checkBounds(where, 'claim.target', claim.target)
  checkPositive(where, 'claim.tolerance', claim.tolerance)
  const n = sorted.length
  const cache = new Map<number, OneSidedBounds>()
  const bounds = (rate: number) => {
    let b = cache.get(rate)
    if (!b) {
      b = quantileConfidenceBounds(sorted, q, rate)
      cache.set(rate, b)
    }
    return b
  }
  const k = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))
  // While the values are too few for a bound on a side, that bound is infinite: no verdict that needs it.
  return decideInterval({
    ...claim,
    estimate: n > 0 ? sorted[k] : Number.NaN,
    n: Math.max(1, n),
    bounds,
  })
}

/**
 * The decision on "the values come from the distribution F0", with the Kolmogorov distance to F0 as the
 * quantity (claim: 0, tolerance: the distance that matters), from the distance `distance` of the first
 * `n` values' empirical distribution function to F0 and the time-uniform DKW band
 * ({@link dkwBandHalfWidth}): fail when the distance exceeds the band at falseFailRate (under F0 the band
 * holds at every n at once), pass when the distance plus the band at falsePassRate is below the tolerance.
 */
export function decideKsAnytime(
  distance: number,
  n: number,
  tolerance: number,
  rates: DecisionRates,
): IntervalDecision {
  const where = 'decideKsAnytime'
  if (typeof distance !== 'number' || !(distance >= 0 && distance <= 1))
    throw new InvalidRangeError(where, 'distance', `must lie in [0, 1], got ${describeValue(distance)}`)
  checkCount(where, 'n', n, 1)
  checkPositive(where, 'tolerance', tolerance)
  checkRatesOf(where, 'rates', rates)
  return decideInterval({
    target: { lower: 0, upper: 0 },
    tolerance,
    estimate: distance,
    n,
    bounds: (rate) => {
      const h = dkwBandHalfWidth(n, rate)
      return { lower: Math.max(0, distance - h), upper: distance + h }
    },
    falseFailRate: rates.falseFailRate,
    falsePassRate: rates.falsePassRate,
  })
}

/** One share of a claim for {@link decideSharesAnytime}: `count` of `n` values, claimed to lie in `target`. */
export interface ShareCount {
  count: number
  n: number
  target: OneSidedBounds
}

/**
 * Anytime-valid decisions on one or more shares decided together (a quantile claim with two ends is two
 * shares: below the top, below the bottom), for a look of a sequential run: `undefined` while no verdict
 * is possible at this look (no share can fail, and not every share can pass), else every share's decision
 * ({@link decideRateAnytime}) for the caller to combine (fail if any fails, pass if all pass). With
 * `final`, always the decisions.
 */
export function decideSharesAnytime(
  parts: readonly ShareCount[],
  claim: DecisionRates & { tolerance: number },
  final = true,
): IntervalDecision[] | undefined {
  const where = 'decideSharesAnytime'
  checkArrayOf(where, 'parts', parts, (p, name) => {
    const o = checkObject(where, name, p)
    const n = checkCount(where, `${name}.n`, o.n, 0)
    if (checkCount(where, `${name}.count`, o.count, 0) > n)
      throw new InvalidRangeError(where, `${name}.count`, `must not exceed ${name}.n = ${n}, got ${o.count}`)
    checkBounds(where, `${name}.target`, o.target)
  })
  checkRatesOf(where, 'claim', claim)
  checkPositive(where, 'claim.tolerance', claim.tolerance)
  checkBoolean(where, 'final', final)
  const one = (p: ShareCount, last: boolean) =>
    decideRateAnytime(p.count, p.n, { ...claim, target: p.target }, last)
  if (!final) {
    const quick = parts.map((p) => one(p, false))
    const anyFail = quick.some((d) => d?.outcome === 'fail')
    const allPass = quick.every((d) => d?.outcome === 'pass')
    if (!anyFail && !allPass) return undefined
  }
  return parts.map((p) => one(p, true) as IntervalDecision)
}

// ---------------------------------------------------------------------------------------------------
// Means on a sampler: a betting confidence sequence on a declared range, a group-sequential design without
// ---------------------------------------------------------------------------------------------------

/** A claim about a mean for the sequential mean decisions: it lies in `target`, within `tolerance`. */
export interface SequentialMeanClaim extends DecisionRates {
  target: OneSidedBounds
  /** The smallest violation that matters, in the units of the values. */
  tolerance: number
  /** Named in errors. */
  where?: string
}

/** What {@link boundedMeanMonitor} returns: a decision after each look at the values drawn so far. */
export interface BoundedMeanMonitor {
  /**
   * Takes the values not seen before (`values` is the whole run so far, in draw order) and decides: the
   * decision core's rule on the anytime-valid betting bounds ({@link boundedMeanBounds} with
   * `horizon: 'anytime'`), or `undefined` (unless `final`) when no verdict is possible at this look.
   */
  decide(values: ArrayLike<number>, final: boolean): IntervalDecision | undefined
}

/**
 * The anytime-valid decision of "the mean lies in [lower, upper]" for values declared to lie in the finite
 * `range`, looked at as often as wanted: the betting confidence sequence of Waudby-Smith & Ramdas (2023,
 * "Estimating means of bounded random variables by betting", JRSS-B 86(1), the hedged capital process with
 * predictable plug-in bets tuned to no horizon, their eq. 27), under the decision core's rule
 * ({@link decideInterval}). Four gamblers bet from the first value on: against "mean ≤ upper" and
 * "mean ≥ lower" at falseFailRate (a fail), against "mean ≤ lower − tolerance" and
 * "mean ≥ upper + tolerance" at falsePassRate (a pass); each is a nonnegative supermartingale under its
 * null, so by Ville's inequality it ever reaches 1/rate with probability at most rate, at whatever look.
 * A look costs O(1) per new value; the bounds (a bisection) are computed only when a gambler has won or at
 * the final look. Valid for every distribution on the range (discrete, skewed, near an end) at every n.
 *
 * @example
 * const m = boundedMeanMonitor({ range: [0, 1], target: { lower: 0.8, upper: Infinity }, tolerance: 0.05, falseFailRate: 0.001, falsePassRate: 0.05 })
 * m.decide(scoresSoFar, false) // undefined until the evidence is clear
 */
export function boundedMeanMonitor(
  claim: SequentialMeanClaim & { range: readonly [number, number] },
): BoundedMeanMonitor {
  const where = (claim as { where?: unknown } | null)?.where
    ? String((claim as { where: unknown }).where)
    : 'boundedMeanMonitor'
  if (claim === null || typeof claim !== 'object')
    throw new InvalidInputError(where, 'claim', 'must be an object')
  checkOpenUnit(where, 'falseFailRate', claim.falseFailRate)
  checkOpenUnit(where, 'falsePassRate', claim.falsePassRate)
  const [lo, hi] = claim.range ?? []
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi))
    throw new InvalidRangeError(where, 'range', 'must be [lower, upper] with finite lower < upper')
  const { target, tolerance } = claim
  if (typeof tolerance !== 'number' || !(tolerance > 0) || !Number.isFinite(tolerance))
    throw new InvalidRangeError(where, 'tolerance', 'must be a positive finite number')
  if (
    target === null ||
    typeof target !== 'object' ||
    typeof target.lower !== 'number' ||
    typeof target.upper !== 'number' ||
    !(target.lower <= target.upper)
  )
    throw new InvalidRangeError(where, 'target', 'must be { lower, upper } with lower <= upper')
  const w = hi - lo
  const a = claim.falseFailRate
  const b = claim.falsePassRate
  // "mean > m" on z = (x − lo)/w, "mean < m" as "mean of 1 − z > (hi − m)/w".
  const up = (m: number, rate: number) => new BettingCapital((m - lo) / w, rate)
  const down = (m: number, rate: number) => new BettingCapital((hi - m) / w, rate)
  const failUp = up(target.upper, a)
  const failDown = down(target.lower, a)
  const passUp = up(target.lower - tolerance, b)
  const passDown = down(target.upper + tolerance, b)
  let seen = 0
  let sum = 0
  return {
    decide(values, final) {
      for (; seen < values.length; seen++) {
        const x = values[seen]
        if (typeof x !== 'number' || !(x >= lo && x <= hi))
          throw new InvalidRangeError(
            where,
            `values[${seen}]`,
            `must lie in the declared range [${lo}, ${hi}], got ${describeValue(x)}`,
          )
        const z = (x - lo) / w
        sum += x
        failUp.push(z)
        passUp.push(z)
        failDown.push(1 - z)
        passDown.push(1 - z)
      }
      const n = values.length
      const possible = failUp.rejected || failDown.rejected || (passUp.rejected && passDown.rejected)
      if (!final && !possible) return undefined
      const cache = new Map<number, OneSidedBounds>()
      return decideInterval({
        target,
        tolerance,
        estimate: n > 0 ? sum / n : Number.NaN,
        n: Math.max(1, n),
        bounds: (rate) => {
          let r = cache.get(rate)
          if (!r) {
            const x = boundedMeanBounds(values, rate, { range: [lo, hi], horizon: 'anytime' })
            r = { lower: x.lower, upper: x.upper }
            cache.set(rate, r)
          }
          return r
        },
        falseFailRate: a,
        falsePassRate: b,
        ...(n === 0 ? { untrusted: 'no draw finished' } : {}),
      })
    },
  }
}

/**
 * The planned looks of a group-sequential design: `first`, then geometrically spaced sample sizes with a
 * ratio of at most `ratio` (default 4) between looks, ending at `max`: K = 1 + ⌈log(max/first)/log(ratio)⌉
 * looks (one when max ≤ first). 1000 to 10 000: [1000, 3163, 10 000].
 */
export function groupSequentialLooks(first: number, max: number, ratio = 4): number[] {
  const where = 'groupSequentialLooks'
  checkCount(where, 'first', first, 1)
  checkCount(where, 'max', max, 1)
  if (typeof ratio !== 'number' || !(ratio > 1) || !Number.isFinite(ratio))
    throw new InvalidRangeError(where, 'ratio', `must be a finite number > 1, got ${describeValue(ratio)}`)
  if (max <= first) return [max]
  const k = 1 + Math.ceil(Math.log(max / first) / Math.log(ratio) - 1e-12)
  if (!(k <= 1000)) throw new InvalidRangeError(where, 'ratio', `gives ${k} looks (at most 1000)`)
  const looks: number[] = []
  for (let i = 0; i < k; i++) {
    const n = i === k - 1 ? max : Math.ceil(first * (max / first) ** (i / (k - 1)))
    if (looks.length === 0 || n > looks[looks.length - 1]) looks.push(n)
  }
  return looks
}

/** What {@link meanGroupSequential} returns. */
export interface MeanGroupSequential<D extends Decision> {
  /** The planned looks (sample sizes). */
  looks: number[]
  /** The rates each look decides at: falseFailRate/K and falsePassRate/K (K = looks.length). */
  lookRates: DecisionRates
  /** Decide at a look (see {@link meanGroupSequential}); undefined between planned looks unless final. */
  decide(values: ArrayLike<number>, final: boolean): D | undefined
  /** The next planned look after `drawn` draws: the first at or beyond the samples the last look projected. */
  nextLook(drawn: number, decision: D | undefined): number
  /** The planned looks taken so far (the decision at the last of them is the one returned at the end). */
  looksTaken: number
}

/**
 * A group-sequential design on a fixed-n decision of a mean (for values without a declared finite range,
 * where no finite-sample anytime-valid confidence sequence exists: an unbounded mean can hide in a tail no
 * finite sample reaches). The looks are planned before any draw ({@link groupSequentialLooks}: first at
 * `first`, at most K = 1 + ⌈log₄(maxSamples/first)⌉ looks ending at `maxSamples`), and every look decides
 * with `decideAt` (e.g. src/meanBounds.ts `decideMean`, skew-corrected t with its trust rule) at
 * falseFailRate/K and falsePassRate/K — a Bonferroni split of both error rates over the planned looks.
 * Whatever the stopping rule, the chance of a false fail at any look is at most Σ α/K = α (a union over
 * the fixed planned sample sizes, each decided by a valid fixed-n test), likewise a false pass: so looks may
 * be skipped (after an undecided look the run jumps to the first planned look at or beyond the samples that
 * look projected), never added. A run stopped by the time budget between planned looks keeps the decision
 * of its last planned look (a look at an unplanned n would not be covered by the split) — or, when it had
 * none yet, decides at the draws it has, in place of the first planned look (valid when the stop does not
 * depend on the values drawn). The rates hold as far as each look's fixed-n method holds its own (for the
 * skew-corrected t: its trust rule, measured in docs/calibration.md).
 */
export function meanGroupSequential<D extends Decision>(options: {
  first: number
  maxSamples: number
  rates: DecisionRates
  /** The fixed-n decision at a look, on the first n values, at the look's rates. */
  decideAt: (values: ArrayLike<number>, rates: DecisionRates) => D
  ratio?: number
}): MeanGroupSequential<D> {
  const where = 'meanGroupSequential'
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  if (typeof options.decideAt !== 'function')
    throw new InvalidInputError(where, 'options.decideAt', 'must be a function')
  if (options.rates === null || typeof options.rates !== 'object')
    throw new InvalidInputError(where, 'options.rates', 'must be { falseFailRate, falsePassRate }')
  checkOpenUnit(where, 'options.rates.falseFailRate', options.rates.falseFailRate)
  checkOpenUnit(where, 'options.rates.falsePassRate', options.rates.falsePassRate)
  const looks = groupSequentialLooks(options.first, options.maxSamples, options.ratio ?? 4)
  const k = looks.length
  const lookRates = {
    falseFailRate: options.rates.falseFailRate / k,
    falsePassRate: options.rates.falsePassRate / k,
  }
  let last: D | undefined
  let lastN = -1
  const state: MeanGroupSequential<D> = {
    looks,
    lookRates,
    looksTaken: 0,
    decide(values, final) {
      const n = values.length
      if (n === lastN) return last
      const planned = looks.includes(n)
      if (!planned && !(final && last === undefined)) return final ? last : undefined
      last = options.decideAt(values, lookRates)
      lastN = n
      state.looksTaken++
      return last
    },
    nextLook(drawn, decision) {
      const want = Math.max(drawn + 1, decision?.samplesNeeded ?? drawn + 1)
      return looks.find((n) => n >= want) ?? looks[k - 1]
    },
  }
  return state
}
