/**
 * Decisions on model-quality claims, each through the decision core ({@link decideInterval}): a metric at
 * least a threshold (exact Clopper–Pearson bounds for proportions, DeLong for the AUC, a bootstrap for the
 * rest), the expected calibration error at most a bound (a valid bound from the exact distribution of the
 * binning noise), parity across groups (the largest gap or the smallest ratio of a rate), and paired
 * non-inferiority of a challenger against a champion.
 *
 * Each returns the core's {@link IntervalDecision} (outcome, bounds at both rates, samples needed), with
 * what a message needs to explain it.
 */

import {
  checkArrayOf,
  checkBounds,
  checkFunction,
  checkNonNegative,
  checkNotNaN,
  checkObject,
  checkPositive,
  checkRatesOf,
  checkString,
} from './argcheck'
import { proportionDifferenceBounds, proportionRatioBounds } from './comparisons'
import { type DecisionRates, decideInterval, type IntervalDecision, type OneSidedBounds } from './decision'
import { normalIsf } from './distributions'
import {
  checkCount,
  checkFinite,
  checkOneOf,
  checkOpenUnit,
  checkUnit,
  InvalidInputError,
  InvalidRangeError,
} from './errors'
import { bootstrapInterval, proportionInterval } from './intervals'
import { clopperPearsonBounds, decideMean, type MeanDecision } from './meanBounds'
import { type CalibrationBin, meanAbsoluteError, rootMeanSquaredError } from './metrics'
import { clopperPearsonUnchecked } from './numeric'
import type { Seed } from './random'

const z = (rate: number) => normalIsf(rate)

/** Throws unless `claim` is an object with falseFailRate and falsePassRate in (0, 1). */
function checkClaim(where: string, claim: unknown): Record<string, unknown> {
  checkRatesOf(where, 'claim', claim)
  return claim as Record<string, unknown>
}

/** Throws unless `rate` is an error rate in (0, 0.5) (one side of a two-sided interval). */
function checkSideRate(where: string, argument: string, rate: unknown): number {
  checkFinite(where, argument, rate)
  if (!((rate as number) > 0 && (rate as number) < 0.5))
    throw new InvalidRangeError(where, argument, `must lie in (0, 0.5), got ${rate}`)
  return rate as number
}

/** Throws unless `k` of `n` is a whole count of whole trials (n ≥ `minTrials`). */
function checkSuccesses(
  where: string,
  names: [string, string],
  k: unknown,
  n: unknown,
  minTrials: number,
): void {
  checkCount(where, names[1], n, minTrials)
  checkCount(where, names[0], k)
  if ((k as number) > (n as number))
    throw new InvalidRangeError(where, names[0], `must be at most ${names[1]} (${n}), got ${k}`)
}

/** Throws unless `untrusted` and `trustedFrom` are absent or a string and a positive number. */
function checkTrust(where: string, o: Record<string, unknown>, prefix: string): void {
  if (o.untrusted !== undefined) checkString(where, `${prefix}untrusted`, o.untrusted, true)
  if (o.trustedFrom !== undefined) checkPositive(where, `${prefix}trustedFrom`, o.trustedFrom)
}

/** The finest grid step of the binning-noise distributions (a finer one is beyond any use, and beyond memory). */
const MIN_RESOLUTION = 1e-7

function checkResolution(where: string, argument: string, h: unknown): number {
  checkPositive(where, argument, h)
  if ((h as number) < MIN_RESOLUTION)
    throw new InvalidRangeError(where, argument, `must be at least ${MIN_RESOLUTION}, got ${h}`)
  return h as number
}

/** Throws unless `bins` is an array of { count (whole ≥ 1), rate in (0, 1), weight (finite ≥ 0) }. */
function checkNoiseBins(where: string, bins: unknown): void {
  checkArrayOf(
    where,
    'bins',
    bins,
    (b, name) => {
      const o = checkObject(where, name, b)
      checkCount(where, `${name}.count`, o.count, 1)
      checkOpenUnit(where, `${name}.rate`, o.rate)
      checkNonNegative(where, `${name}.weight`, o.weight)
    },
    0,
  )
}

/** Throws unless `bins` is a non-empty array of calibration bins (count ≥ 1, shares in [0, 1]). */
function checkCalibrationBins(where: string, argument: string, bins: unknown): void {
  checkArrayOf(where, argument, bins, (b, name) => {
    const o = checkObject(where, name, b)
    checkCount(where, `${name}.count`, o.count, 1)
    checkUnit(where, `${name}.fractionPositive`, o.fractionPositive)
    checkUnit(where, `${name}.meanPredicted`, o.meanPredicted)
  })
}

/** Exact (Clopper–Pearson) one-sided bounds of k/n, each with error at most `rate` on its own side. */
export function exactProportionBounds(successes: number, trials: number, rate: number): OneSidedBounds {
  const where = 'exactProportionBounds'
  checkSuccesses(where, ['successes', 'trials'], successes, trials, 1)
  checkSideRate(where, 'rate', rate)
  // The beta quantiles at `rate` itself (not through a confidence 1 − 2·rate, which rounds to 1 below
  // 1e-16 and rounds the rate above): proportionInterval's 'clopper-pearson' bounds.
  const [lower, upper] = clopperPearsonUnchecked(successes, trials, rate)
  return { lower, upper }
}

function checkDecisionInput(where: string, threshold: number, tolerance: number): void {
  checkFinite(where, 'threshold', threshold)
  checkFinite(where, 'tolerance', tolerance)
  if (!(tolerance > 0)) throw new InvalidRangeError(where, 'tolerance', 'must be positive')
}

// ---------------------------------------------------------------------------------------------------
// A metric at least a threshold

/** Input of {@link decideProportionMetric}. */
export interface ProportionMetricClaim extends DecisionRates {
  /** The metric's count (TP for recall and precision, correct predictions for accuracy). */
  successes: number
  /** Its own denominator (actual positives, predicted positives, examples). */
  trials: number
  /** Claim: the metric is at least this. */
  threshold: number
  /** The smallest shortfall below the threshold that matters. */
  tolerance: number
  /** What the trials are, in words, for the untrusted reason ("actual positives"). */
  trialsWord?: string
}

/**
 * Decides "proportion ≥ threshold" from exact Clopper–Pearson bounds: both error rates hold at every n
 * and every rate, rare classes included (few actual positives only make the verdict inconclusive). With no
 * trial at all (precision with no positive prediction) the metric is undefined: inconclusive, untrusted.
 * `n` (and samplesNeeded) count trials.
 */
export function decideProportionMetric(claim: ProportionMetricClaim): IntervalDecision {
  const where = 'decideProportionMetric'
  checkClaim(where, claim)
  checkDecisionInput(where, claim.threshold, claim.tolerance)
  checkSuccesses(where, ['successes', 'trials'], claim.successes, claim.trials, 0)
  for (const key of ['falseFailRate', 'falsePassRate'] as const) {
    checkSideRate(where, `claim.${key}`, claim[key])
    if (!(1 - 2 * claim[key] < 1))
      throw new InvalidRangeError(where, `claim.${key}`, `is too small (${claim[key]})`)
  }
  if (claim.trialsWord !== undefined) checkString(where, 'trialsWord', claim.trialsWord)
  const { successes: k, trials: n } = claim
  const target = { lower: claim.threshold, upper: Number.POSITIVE_INFINITY }
  if (n === 0)
    return decideInterval({
      ...claim,
      target,
      estimate: Number.NaN,
      n: 1,
      bounds: () => ({ lower: 0, upper: 1 }),
      untrusted: `the metric is undefined: there are no ${claim.trialsWord ?? 'trials'}`,
    })
  return decideInterval({
    ...claim,
    target,
    estimate: k / n,
    n,
    bounds: (rate) => exactProportionBounds(k, n, rate),
  })
}

/**
 * The standard error of an AUC `auc` from `positives` and `negatives` examples under Hanley & McNeil's
 * (1982) exponential approximation: Q₁ = A/(2 − A), Q₂ = 2A²/(1 + A).
 */
export function hanleyMcNeilStandardError(auc: number, positives: number, negatives: number): number {
  const where = 'hanleyMcNeilStandardError'
  checkUnit(where, 'auc', auc)
  checkCount(where, 'positives', positives, 1)
  checkCount(where, 'negatives', negatives, 1)
  const q1 = auc / (2 - auc)
  const q2 = (2 * auc * auc) / (1 + auc)
  const a2 = auc * auc
  const v =
    (auc * (1 - auc) + (positives - 1) * (q1 - a2) + (negatives - 1) * (q2 - a2)) / (positives * negatives)
  return Math.sqrt(Math.max(0, v))
}

/**
 * The fewest examples of the smaller class at which DeLong's normal bounds are trusted at strict error
 * rates (with the Hanley–McNeil floor, binormal scores with 10 positives keep both rates in the metrics calibration; fewer are not measured).
 */
export const AUC_MIN_CLASS = 10

/** Whether DeLong's bounds are trusted with these class sizes, and from how many examples they would be. */
export function delongTrust(
  positives: number,
  negatives: number,
): { untrusted?: string; trustedFrom?: number } {
  checkCount('delongTrust', 'positives', positives)
  checkCount('delongTrust', 'negatives', negatives)
  const small = Math.min(positives, negatives)
  if (small >= AUC_MIN_CLASS) return {}
  return {
    untrusted: `only ${small} ${positives <= negatives ? 'positive' : 'negative'} examples: DeLong's normal interval is not trustworthy with fewer than ${AUC_MIN_CLASS} of each class`,
    trustedFrom: Math.ceil((AUC_MIN_CLASS * (positives + negatives)) / Math.max(small, 1)),
  }
}

/** Input of {@link decideAuc}. */
export interface AucClaim extends DecisionRates {
  auc: number
  /** DeLong's standard error. */
  standardError: number
  positives: number
  negatives: number
  threshold: number
  tolerance: number
}

/**
 * Decides "AUC ≥ threshold" from DeLong's normal bounds, AUC ± z·se, with the standard error at least
 * Hanley & McNeil's at the AUC under test (the threshold for the fail side, threshold − tolerance for the
 * pass side): DeLong's variance vanishes for perfectly separated classes. Untrusted (inconclusive) when the
 * smaller class has fewer than {@link AUC_MIN_CLASS} examples. `n` counts examples.
 */
export function decideAuc(claim: AucClaim): IntervalDecision {
  const where = 'decideAuc'
  checkClaim(where, claim)
  checkDecisionInput(where, claim.threshold, claim.tolerance)
  checkUnit(where, 'threshold', claim.threshold)
  checkUnit(where, 'auc', claim.auc)
  checkNonNegative(where, 'standardError', claim.standardError)
  checkCount(where, 'positives', claim.positives, 1)
  checkCount(where, 'negatives', claim.negatives, 1)
  const { auc, standardError: se, positives, negatives, threshold, tolerance } = claim
  const floorFail = hanleyMcNeilStandardError(threshold, positives, negatives)
  const floorPass = hanleyMcNeilStandardError(Math.max(0.5, threshold - tolerance), positives, negatives)
  return decideInterval({
    ...claim,
    ...delongTrust(positives, negatives),
    target: { lower: threshold, upper: Number.POSITIVE_INFINITY },
    estimate: auc,
    n: positives + negatives,
    bounds: (rate) => ({
      lower: Math.max(0, auc - z(rate) * Math.max(se, floorPass)),
      upper: Math.min(1, auc + z(rate) * Math.max(se, floorFail)),
    }),
  })
}

/** Input of {@link decideMetricBounds}. */
export interface MetricBoundsClaim extends DecisionRates {
  estimate: number
  /** Examples. */
  n: number
  /** One-sided bounds of the metric at an error rate (a bootstrap's, or any interval method's). */
  bounds: (rate: number) => OneSidedBounds
  threshold: number
  tolerance: number
  /**
   * The smallest count the metric rests on (e.g. actual or predicted positives of the class, the smallest
   * class for macro averages) and its words: below {@link BOOTSTRAP_MIN_COUNT} the bounds are untrusted.
   */
  smallest?: { count: number; word: string }
}

/**
 * One-sided bounds at any error rate from a bootstrap interval at a moderate level (`confidence`, e.g.
 * 0.9): its standard error (half-width / z) with normal quantiles, clipped to [lo, hi]. At strict rates a
 * percentile of a few thousand resamples is unstable (its one-sided error at 0.001 measured 4× the rate
 * for F1 on 4000 examples); the standard error is stable.
 */
export function normalBoundsFromInterval(
  estimate: number,
  interval: { lower: number; upper: number },
  confidence: number,
  lo = Number.NEGATIVE_INFINITY,
  hi = Number.POSITIVE_INFINITY,
): (rate: number) => OneSidedBounds {
  const where = 'normalBoundsFromInterval'
  checkFinite(where, 'estimate', estimate)
  const iv = checkBounds(where, 'interval', interval)
  checkFinite(where, 'interval.lower', iv.lower)
  checkFinite(where, 'interval.upper', iv.upper)
  checkOpenUnit(where, 'confidence', confidence)
  checkNotNaN(where, 'lo', lo)
  checkNotNaN(where, 'hi', hi)
  if (!(lo <= hi)) throw new InvalidRangeError(where, 'lo', `must be at most hi (${hi}), got ${lo}`)
  const se = (interval.upper - interval.lower) / (2 * normalIsf((1 - confidence) / 2))
  return (rate) => ({
    lower: Math.max(lo, estimate - z(rate) * se),
    upper: Math.min(hi, estimate + z(rate) * se),
  })
}

/**
 * Exact one-sided bounds of ONE class's F1 (binary F1, or the F1 of a given positive class) at `rate`,
 * from its true positives, false positives and false negatives.
 *
 * Derivation: of the m = TP + FP + FN examples that are not true negatives, each is a true positive with
 * probability J = pTP / (pTP + pFP + pFN), the population Jaccard index, so given m, TP ~ Binomial(m, J)
 * exactly. The population F1 = 2·pTP / (2·pTP + pFP + pFN) = 2J / (1 + J) is increasing in J, so the
 * one-sided Clopper–Pearson bounds on J from (TP, m), each with error ≤ `rate` on its own side, mapped
 * through f(J) = 2J / (1 + J), are one-sided bounds on F1 with the same error, conditionally on m and so
 * unconditionally, at every n (no bootstrap, no normal approximation). With m = 0: [0, 1].
 * Not for macro/weighted averages nor F-beta with beta ≠ 1 (not functions of J alone).
 */
export function f1Bounds(tp: number, fp: number, fn: number, rate: number): OneSidedBounds {
  const where = 'f1Bounds'
  checkCount(where, 'tp', tp)
  checkCount(where, 'fp', fp)
  checkCount(where, 'fn', fn)
  checkFinite(where, 'rate', rate)
  if (!(rate > 0 && rate < 0.5))
    throw new InvalidRangeError(where, 'rate', `must lie in (0, 0.5), got ${rate}`)
  const m = tp + fp + fn
  if (m === 0) return { lower: 0, upper: 1 }
  const j = clopperPearsonBounds(tp, m, rate)
  const f = (x: number) => (2 * x) / (1 + x)
  return { lower: f(j.lower), upper: f(j.upper) }
}

/** The fewest examples a bootstrap's metric may rest on (per class) for its bounds to be trusted. */
export const BOOTSTRAP_MIN_COUNT = 30

/**
 * Decides "metric ≥ threshold" from any bounds (a bootstrap's for F1, macro and weighted averages);
 * untrusted when the metric rests on fewer than {@link BOOTSTRAP_MIN_COUNT} examples of some class.
 */
export function decideMetricBounds(claim: MetricBoundsClaim): IntervalDecision {
  const where = 'decideMetricBounds'
  checkClaim(where, claim)
  checkDecisionInput(where, claim.threshold, claim.tolerance)
  checkFinite(where, 'estimate', claim.estimate)
  checkPositive(where, 'n', claim.n)
  if (claim.n < 1) throw new InvalidRangeError(where, 'n', `must be at least 1, got ${claim.n}`)
  checkFunction(where, 'bounds', claim.bounds)
  if (claim.smallest !== undefined) {
    const sm = checkObject(where, 'smallest', claim.smallest)
    checkCount(where, 'smallest.count', sm.count)
    checkString(where, 'smallest.word', sm.word)
  }
  const s = claim.smallest
  const few = s !== undefined && s.count < BOOTSTRAP_MIN_COUNT
  return decideInterval({
    ...claim,
    target: { lower: claim.threshold, upper: Number.POSITIVE_INFINITY },
    untrusted: few
      ? `only ${s.count} ${s.word}: a bootstrap interval is not trustworthy on fewer than ${BOOTSTRAP_MIN_COUNT}`
      : undefined,
    trustedFrom: few
      ? s.count > 0
        ? Math.ceil((BOOTSTRAP_MIN_COUNT * claim.n) / s.count)
        : undefined
      : undefined,
  })
}

// ---------------------------------------------------------------------------------------------------
// Expected calibration error

/** Bounds of the ECE at one error rate, and the pieces behind them. */
export interface EceBounds extends OneSidedBounds {
  /** The plug-in ECE, Σ wᵦ·|ȳᵦ − p̄ᵦ|. */
  estimate: number
  /** The plug-in ECE less the expected binning noise at the observed rates (at least 0). */
  debiased: number
  /** The quantile of the binning noise S = Σ wᵦ·|ȳᵦ − πᵦ| subtracted for the lower bound. */
  noise: number
  /** The quantile of the signed noise −Σ wᵦ·sᵦ·(ȳᵦ − πᵦ) added for the upper bound. */
  signedNoise: number
}

/** Options of {@link eceBounds}. */
export interface EceBoundsOptions {
  /** Grid step of the noise distribution (rounded up, so the bound stays valid). Default 1e-4. */
  resolution?: number
  /** Share of the error rate spent on the bins' unknown rates (default 0.1). */
  nuisanceShare?: number
}

/** Calls fn(k, P(Y = k)) for Y ~ Binomial(m, π), 0 < π < 1, outwards from the mode until negligible. */
function binomialTerms(m: number, pi: number, fn: (k: number, p: number) => void): void {
  const mode = Math.min(m, Math.max(0, Math.floor((m + 1) * pi)))
  const top = Math.exp(
    lgammaInt(m) - lgammaInt(mode) - lgammaInt(m - mode) + mode * Math.log(pi) + (m - mode) * Math.log1p(-pi),
  )
  fn(mode, top)
  const r = pi / (1 - pi)
  let p = top
  for (let k = mode + 1; k <= m; k++) {
    p *= ((m - k + 1) / k) * r
    if (p < top * 1e-13) break
    fn(k, p)
  }
  p = top
  for (let k = mode - 1; k >= 0; k--) {
    p *= (k + 1) / (m - k) / r
    if (p < top * 1e-13) break
    fn(k, p)
  }
}

/** The pmf of w·|Y/m − π| on a grid of step h (values rounded up): grid cell → probability. */
function noiseCells(m: number, pi: number, w: number, h: number): Map<number, number> {
  const cells = new Map<number, number>()
  binomialTerms(m, pi, (k, p) => {
    const c = Math.ceil((w * Math.abs(k / m - pi)) / h - 1e-9)
    cells.set(c, (cells.get(c) ?? 0) + p)
  })
  return cells
}

const LGAMMA: number[] = [0]
/** log(k!) for whole k (cached). */
function lgammaInt(k: number): number {
  for (let i = LGAMMA.length; i <= k; i++) LGAMMA.push(LGAMMA[i - 1] + Math.log(i))
  return LGAMMA[k]
}

/**
 * The upper `tail` quantile of S = Σ wᵦ·|Yᵦ/mᵦ − πᵦ| for independent Yᵦ ~ Binomial(mᵦ, πᵦ), from its
 * exact distribution on a grid of step h (each term rounded up: the quantile is never too small, and
 * overstates by at most (bins)·h), and the mean of S.
 */
export function binningNoiseQuantile(
  bins: ReadonlyArray<{ count: number; rate: number; weight: number }>,
  tail: number,
  resolution = 1e-4,
): { quantile: number; mean: number } {
  const where = 'binningNoiseQuantile'
  checkNoiseBins(where, bins)
  checkOpenUnit(where, 'tail', tail)
  const h = checkResolution(where, 'resolution', resolution)
  let pmf = new Float64Array([1])
  let mean = 0
  for (const b of bins) {
    const cells = noiseCells(b.count, b.rate, b.weight, h)
    let max = 0
    for (const [c, p] of cells) {
      if (c > max) max = c
      mean += c * h * p
    }
    const next = new Float64Array(pmf.length + max)
    for (const [c, p] of cells) for (let i = 0; i < pmf.length; i++) next[i + c] += pmf[i] * p
    pmf = next
  }
  let total = 0
  for (let i = 0; i < pmf.length; i++) total += pmf[i]
  // The smallest s with P(S > s) ≤ tail.
  let above = total
  for (let i = 0; i < pmf.length; i++) {
    above -= pmf[i]
    if (above <= tail * total) return { quantile: i * h, mean }
  }
  return { quantile: (pmf.length - 1) * h, mean }
}

/**
 * The lower `tail` quantile, negated, of L = Σ wᵦ·sᵦ·(Yᵦ/mᵦ − πᵦ) for independent Yᵦ ~ Binomial(mᵦ, πᵦ),
 * with each sign sᵦ the one giving the heavier lower tail (−1 when πᵦ < ½): the smallest q ≥ 0 with
 * P(L < −q) ≤ tail, from the exact distribution on a grid of step h (values rounded down: never too small).
 */
export function signedNoiseQuantile(
  bins: ReadonlyArray<{ count: number; rate: number; weight: number }>,
  tail: number,
  resolution = 1e-4,
): number {
  const where = 'signedNoiseQuantile'
  checkNoiseBins(where, bins)
  checkOpenUnit(where, 'tail', tail)
  const h = checkResolution(where, 'resolution', resolution)
  let pmf = new Float64Array([1])
  let offset = 0
  for (const b of bins) {
    const sign = b.rate < 0.5 ? -1 : 1
    const cells = new Map<number, number>()
    binomialTerms(b.count, b.rate, (k, p) => {
      const c = Math.floor((b.weight * sign * (k / b.count - b.rate)) / h + 1e-9)
      cells.set(c, (cells.get(c) ?? 0) + p)
    })
    let lo = Number.POSITIVE_INFINITY
    let hi = Number.NEGATIVE_INFINITY
    for (const c of cells.keys()) {
      if (c < lo) lo = c
      if (c > hi) hi = c
    }
    const next = new Float64Array(pmf.length + hi - lo)
    for (const [c, p] of cells) {
      const at = c - lo
      for (let i = 0; i < pmf.length; i++) next[i + at] += pmf[i] * p
    }
    pmf = next
    offset += lo
  }
  let total = 0
  for (let i = 0; i < pmf.length; i++) total += pmf[i]
  // The largest grid value x with P(L < x) ≤ tail; q = −x.
  let below = 0
  let x = offset
  for (let i = 0; i < pmf.length; i++) {
    if (below > tail * total) break
    x = offset + i
    below += pmf[i]
  }
  return Math.max(0, -x * h)
}

/**
 * Confidence bounds for the expected calibration error of binned probabilities, valid at any n. With the
 * bins fixed by the predicted probabilities, bin b's share of positives ȳᵦ = πᵦ + eᵦ estimates its true
 * rate πᵦ, and the true ECE = Σ wᵦ·|gᵦ| with gᵦ = πᵦ − p̄ᵦ (wᵦ = nᵦ/n); the plug-in is Σ wᵦ·|gᵦ + eᵦ|.
 *
 * - Upper bound: |gᵦ + eᵦ| ≥ |gᵦ| + sᵦ·eᵦ with sᵦ the sign of gᵦ, so plug-in ≥ ECE + L, L = Σ wᵦ·sᵦ·eᵦ,
 *   and ECE ≤ plug-in + q with q the (1 − rate) quantile of −L at the least favourable signs. L has mean 0
 *   and spread of order σ/√bins: the bound does not pay the plug-in's upward bias twice.
 * - Lower bound: |gᵦ| ≥ |gᵦ + eᵦ| − |eᵦ|, so ECE ≥ plug-in − S, S = Σ wᵦ·|eᵦ|, at its (1 − rate) quantile.
 *
 * Both noise distributions are exact (binomial counts convolved on a fine grid, rounded the safe way), at
 * the rates πᵦ least favourable within their exact confidence intervals (the point nearest ½, at a share
 * `nuisanceShare` of the rate, Bonferroni over the bins). A bin whose examples have different
 * probabilities has a Poisson-binomial count, less spread than the binomial. `debiased` is the plug-in
 * less E[S] at the observed rates (the plug-in's upward bias).
 */
export function eceBounds(
  bins: readonly CalibrationBin[],
  rate: number,
  options: EceBoundsOptions = {},
): EceBounds {
  const where = 'eceBounds'
  checkCalibrationBins(where, 'bins', bins)
  checkSideRate(where, 'rate', rate)
  const o = checkObject(where, 'options', options, true)
  const share =
    o.nuisanceShare === undefined ? 0.1 : checkOpenUnit(where, 'options.nuisanceShare', o.nuisanceShare)
  const h = o.resolution === undefined ? 1e-4 : checkResolution(where, 'options.resolution', o.resolution)
  if (!(1 - (rate * share) / bins.length < 1))
    throw new InvalidRangeError(where, 'rate', `is too small for ${bins.length} bins (${rate})`)
  let n = 0
  for (const b of bins) n += b.count
  const gamma = rate * share
  const worst: Array<{ count: number; rate: number; weight: number }> = []
  const observed: Array<{ count: number; rate: number; weight: number }> = []
  let estimate = 0
  for (const b of bins) {
    const w = b.count / n
    const k = Math.round(b.fractionPositive * b.count)
    estimate += w * Math.abs(b.fractionPositive - b.meanPredicted)
    const ci = proportionInterval(k, b.count, {
      method: 'clopper-pearson',
      confidence: 1 - gamma / bins.length,
    })
    worst.push({ count: b.count, rate: Math.min(Math.max(0.5, ci.lower), ci.upper), weight: w })
    // The observed rate, kept off 0 and 1 (half an example), for the expected noise.
    observed.push({ count: b.count, rate: Math.min(Math.max(k, 0.5), b.count - 0.5) / b.count, weight: w })
  }
  const qS = binningNoiseQuantile(worst, rate - gamma, h).quantile
  const qL = signedNoiseQuantile(worst, rate - gamma, h)
  return {
    estimate,
    debiased: Math.max(0, estimate - binningNoiseMean(observed)),
    noise: qS,
    signedNoise: qL,
    lower: Math.max(0, estimate - qS),
    upper: estimate + qL,
  }
}

/**
 * The mean binning noise E[Σ wᵦ·|Yᵦ/mᵦ − πᵦ|] for Yᵦ ~ Binomial(mᵦ, πᵦ), exactly (no grid): the plug-in
 * ECE's upward bias at a gap of 0.
 */
export function binningNoiseMean(
  bins: ReadonlyArray<{ count: number; rate: number; weight: number }>,
): number {
  checkNoiseBins('binningNoiseMean', bins)
  let s = 0
  for (const b of bins)
    binomialTerms(b.count, b.rate, (k, p) => {
      s += b.weight * Math.abs(k / b.count - b.rate) * p
    })
  return s
}

/** Input of {@link decideCalibration}. */
export interface CalibrationClaim extends DecisionRates {
  /** The non-empty bins of the calibration curve. */
  bins: readonly CalibrationBin[]
  /** Claim: ECE ≤ maxECE. */
  maxECE: number
  tolerance: number
}

/** A calibration decision with the bounds' pieces at both rates. */
export interface CalibrationDecision extends IntervalDecision {
  /** The plug-in ECE. */
  plugIn: number
  failEce: EceBounds
  passEce: EceBounds
}

/**
 * Decides "ECE ≤ maxECE" with {@link eceBounds}: fails when the lower bound at falseFailRate exceeds
 * maxECE, passes when the upper bound at falsePassRate is below maxECE + tolerance. The estimate decided
 * on (and projected from) is the debiased ECE.
 */
export function decideCalibration(claim: CalibrationClaim): CalibrationDecision {
  const where = 'decideCalibration'
  checkClaim(where, claim)
  checkDecisionInput(where, claim.maxECE, claim.tolerance)
  checkCalibrationBins(where, 'bins', claim.bins)
  if (claim.tolerance / 250 < MIN_RESOLUTION)
    throw new InvalidRangeError(
      where,
      'tolerance',
      `must be at least ${250 * MIN_RESOLUTION}, got ${claim.tolerance}`,
    )
  if (!(1 - (Math.min(claim.falseFailRate, claim.falsePassRate) * 0.1) / claim.bins.length < 1))
    throw new InvalidRangeError(where, 'claim', 'has an error rate too small for its bins')
  if (!(Math.max(claim.falseFailRate, claim.falsePassRate) < 0.5))
    throw new InvalidRangeError(where, 'claim', 'must have error rates below 0.5')
  const resolution = claim.tolerance / 250
  const cache = new Map<number, EceBounds>()
  const bounds = (rate: number) => {
    let b = cache.get(rate)
    if (!b) {
      b = eceBounds(claim.bins, rate, { resolution })
      cache.set(rate, b)
    }
    return b
  }
  const atFail = bounds(claim.falseFailRate)
  let n = 0
  for (const b of claim.bins) n += b.count
  const d = decideInterval({
    ...claim,
    target: { lower: Number.NEGATIVE_INFINITY, upper: claim.maxECE },
    estimate: atFail.debiased,
    n,
    bounds: (rate) => {
      const b = bounds(rate)
      return { lower: b.lower, upper: b.upper }
    },
  })
  return { ...d, plugIn: atFail.estimate, failEce: atFail, passEce: bounds(claim.falsePassRate) }
}

// ---------------------------------------------------------------------------------------------------
// Parity across groups

/** One group's count for a rate (hits of trials). */
export interface GroupRate {
  hits: number
  trials: number
}

/** The rates {@link groupRates} counts: each a share of a denominator (the trials). */
export type GroupRateMetric = 'selectionRate' | 'recall' | 'falsePositiveRate' | 'precision' | 'accuracy'

const GROUP_RATE_METRICS: readonly GroupRateMetric[] = [
  'selectionRate',
  'recall',
  'falsePositiveRate',
  'precision',
  'accuracy',
]

/** Per-group counts of a rate, from {@link groupRates}. */
export interface GroupRates {
  /** Each group's hits and trials, in the order of `groupOrder`. */
  groups: GroupRate[]
  /** Examples per group. */
  sizes: number[]
  /** hits / trials per group (NaN without trials). */
  rates: number[]
}

/**
 * Counts a classification rate per group, for parity claims (fairlearn's `MetricFrame` by group):
 * selection rate (predicted positive, of all examples), recall (predicted positive, of the actual
 * positives), false positive rate (predicted positive, of the actual negatives), precision (actual
 * positive, of the predicted positives), accuracy (right, of all examples). Labels and groups are compared
 * with ===; `groupOrder` lists every group once (its order is the result's).
 *
 * @example groupRates([1, 0, 1, 1], [1, 0, 0, 1], ['a', 'a', 'b', 'b'], 'recall', 1, ['a', 'b']).rates // [1, 0.5]
 */
export function groupRates(
  actual: ArrayLike<unknown>,
  predicted: ArrayLike<unknown>,
  groups: ArrayLike<unknown>,
  metric: GroupRateMetric,
  positive: unknown,
  groupOrder: readonly unknown[],
): GroupRates {
  const where = 'groupRates'
  for (const [name, xs] of [
    ['actual', actual],
    ['predicted', predicted],
    ['groups', groups],
    ['groupOrder', groupOrder],
  ] as const)
    if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number')
      throw new InvalidInputError(where, name, 'must be an array')
  if (!GROUP_RATE_METRICS.includes(metric))
    throw new InvalidRangeError(
      where,
      'metric',
      `must be one of ${GROUP_RATE_METRICS.join(', ')}, got ${String(metric)}`,
    )
  const n = actual.length
  if (predicted.length !== n || groups.length !== n)
    throw new InvalidRangeError(
      where,
      predicted.length !== n ? 'predicted' : 'groups',
      `must have the length of actual (${n})`,
    )
  const index = new Map<unknown, number>()
  for (let g = 0; g < groupOrder.length; g++) index.set(groupOrder[g], g)
  const k = groupOrder.length
  const hits = new Float64Array(k)
  const trials = new Float64Array(k)
  const sizes = new Float64Array(k)
  for (let i = 0; i < n; i++) {
    const g = index.get(groups[i])
    if (g === undefined) throw new InvalidRangeError(where, `groups[${i}]`, 'must be one of groupOrder')
    sizes[g]++
    const ya = actual[i] === positive
    const yp = predicted[i] === positive
    switch (metric) {
      case 'selectionRate':
        trials[g]++
        if (yp) hits[g]++
        break
      case 'recall':
        if (ya) {
          trials[g]++
          if (yp) hits[g]++
        }
        break
      case 'falsePositiveRate':
        if (!ya) {
          trials[g]++
          if (yp) hits[g]++
        }
        break
      case 'precision':
        if (yp) {
          trials[g]++
          if (ya) hits[g]++
        }
        break
      case 'accuracy':
        trials[g]++
        if (actual[i] === predicted[i]) hits[g]++
        break
    }
  }
  return {
    groups: Array.from(hits, (h, g) => ({ hits: h, trials: trials[g] })),
    sizes: Array.from(sizes),
    rates: Array.from(hits, (h, g) => (trials[g] > 0 ? h / trials[g] : Number.NaN)),
  }
}

/** Input of {@link decideParity}. */
export interface ParityClaim extends DecisionRates {
  groups: readonly GroupRate[]
  /** `'gap'`: the largest |pᵢ − pⱼ| ≤ bound; `'ratio'`: the smallest pᵢ / pⱼ ≥ bound. */
  kind: 'gap' | 'ratio'
  bound: number
  tolerance: number
  /** Examples in all groups (what samplesNeeded counts). */
  n: number
  /** The words of a group without trials, for the untrusted reason ("group B has no actual positives"). */
  emptyWords?: (empty: number[]) => string
}

/** The pair of groups behind a bound. */
export interface GroupPair {
  i: number
  j: number
  estimate: number
  lower: number
  upper: number
}

/** A parity decision with the pairs behind it. */
export interface ParityDecision extends IntervalDecision {
  /** The pair with the most extreme estimate (largest gap, smallest ratio). */
  worst?: GroupPair
  /** The pair whose bound at falseFailRate is the evidence (fail). */
  evidence?: GroupPair
  /** The pair whose bound at falsePassRate decides passing. */
  binding?: GroupPair
  /** Groups without trials. */
  empty: number[]
  /** Ordered pairs compared. */
  pairs: number
}

/**
 * Decides parity across k groups: the largest gap maxᵢ pᵢ − minⱼ pⱼ ≤ bound (target (−∞, bound]), or the
 * smallest ratio minᵢ pᵢ / maxⱼ pⱼ ≥ bound (target [bound, ∞)), from MOVER bounds built on exact
 * per-group intervals ({@link proportionDifferenceBounds}, {@link proportionRatioBounds}). The bound that
 * can pass needs no correction (only the truly worst pair must be covered); the bound that can fail is
 * Bonferroni-corrected over the k(k − 1) ordered pairs. A group without trials for the rate makes the
 * verdict untrusted (its rate is unknown).
 */
export function decideParity(claim: ParityClaim): ParityDecision {
  const where = 'decideParity'
  checkClaim(where, claim)
  checkDecisionInput(where, claim.bound, claim.tolerance)
  const { groups, kind } = claim
  if (!Array.isArray(groups) || groups.length < 2)
    throw new InvalidInputError(where, 'groups', 'must hold at least two groups')
  checkArrayOf(where, 'groups', groups, (g, name) => {
    const o = checkObject(where, name, g)
    checkSuccesses(where, [`${name}.hits`, `${name}.trials`], o.hits, o.trials, 0)
  })
  checkOneOf(where, 'kind', kind, ['gap', 'ratio'])
  checkPositive(where, 'n', claim.n)
  if (claim.n < 1) throw new InvalidRangeError(where, 'n', `must be at least 1, got ${claim.n}`)
  if (claim.emptyWords !== undefined) checkFunction(where, 'emptyWords', claim.emptyWords)
  const k = groups.length
  const live: number[] = []
  const empty: number[] = []
  for (let g = 0; g < k; g++) (groups[g].trials > 0 ? live : empty).push(g)
  const ordered = k * (k - 1)
  const gap = kind === 'gap'
  const pairAt = (i: number, j: number, rate: number): GroupPair => {
    const a = groups[i]
    const b = groups[j]
    const f = gap ? proportionDifferenceBounds : proportionRatioBounds
    const r = f(a.hits, a.trials, b.hits, b.trials, { confidence: 1 - 2 * rate })
    return { i, j, estimate: r.estimate, lower: r.lower, upper: r.upper }
  }
  const each = (rate: number) => {
    const out: GroupPair[] = []
    for (const i of live) for (const j of live) if (i !== j) out.push(pairAt(i, j, rate))
    return out
  }
  let worst: GroupPair | undefined
  for (const p of each(0.25))
    if (
      !Number.isNaN(p.estimate) &&
      (!worst || (gap ? p.estimate > worst.estimate : p.estimate < worst.estimate))
    )
      worst = p
  const estimate = worst?.estimate ?? Number.NaN
  const pick = (pairs: GroupPair[], side: 'lower' | 'upper', largest: boolean) =>
    pairs.reduce((a, b) => ((largest ? b[side] > a[side] : b[side] < a[side]) ? b : a))
  // The side that can fail is corrected over the ordered pairs; the side that can pass is not.
  const failPair = (rate: number) => pick(each(rate / ordered), gap ? 'lower' : 'upper', gap)
  const passPair = (rate: number) => pick(each(rate), gap ? 'upper' : 'lower', gap)
  const bounds = (rate: number): OneSidedBounds => {
    if (live.length < 2) return gap ? { lower: 0, upper: 1 } : { lower: 0, upper: Number.POSITIVE_INFINITY }
    const f = failPair(rate)
    const p = passPair(rate)
    // θ = max over ordered pairs of pᵢ − pⱼ (gap), or min of pᵢ / pⱼ (ratio).
    return gap ? { lower: Math.max(0, f.lower), upper: p.upper } : { lower: p.lower, upper: f.upper }
  }
  const allZero = live.every((g) => groups[g].hits === 0)
  const untrusted =
    empty.length > 0
      ? (claim.emptyWords?.(empty) ?? `${empty.length} group(s) have no trials: their rate is unknown`)
      : !gap && allZero
        ? 'every group has a rate of 0: the ratio is undefined'
        : undefined
  const d = decideInterval({
    ...claim,
    target: gap
      ? { lower: Number.NEGATIVE_INFINITY, upper: claim.bound }
      : { lower: claim.bound, upper: Number.POSITIVE_INFINITY },
    estimate: Number.isFinite(estimate) ? estimate : gap ? 1 : 0,
    bounds,
    untrusted,
  })
  return {
    ...d,
    worst,
    evidence: d.outcome === 'fail' ? failPair(claim.falseFailRate) : undefined,
    binding: live.length >= 2 ? passPair(claim.falsePassRate) : undefined,
    empty,
    pairs: ordered,
  }
}

// ---------------------------------------------------------------------------------------------------
// Non-inferiority

/** Input of {@link decideNonInferiority}. */
export interface NonInferiorityClaim extends DecisionRates {
  /** The estimated difference challenger − champion. */
  estimate: number
  /** Examples (both models on the same ones). */
  n: number
  /** One-sided bounds of the difference at an error rate. */
  bounds: (rate: number) => OneSidedBounds
  /** The challenger may be worse by at most this (≥ 0). */
  margin: number
  tolerance: number
  untrusted?: string
  trustedFrom?: number
}

/**
 * Decides "challenger − champion ≥ −margin" (target [−margin, ∞)) from bounds of the paired difference:
 * fails when the upper bound at falseFailRate is below −margin, passes when the lower bound at
 * falsePassRate is above −margin − tolerance.
 */
export function decideNonInferiority(claim: NonInferiorityClaim): IntervalDecision {
  const where = 'decideNonInferiority'
  checkClaim(where, claim)
  checkDecisionInput(where, claim.margin, claim.tolerance)
  checkFinite(where, 'estimate', claim.estimate)
  checkPositive(where, 'n', claim.n)
  if (claim.n < 1) throw new InvalidRangeError(where, 'n', `must be at least 1, got ${claim.n}`)
  checkFunction(where, 'bounds', claim.bounds)
  checkTrust(where, claim as unknown as Record<string, unknown>, '')
  if (claim.margin < 0) throw new InvalidRangeError(where, 'margin', 'must not be negative')
  return decideInterval({ ...claim, target: { lower: -claim.margin, upper: Number.POSITIVE_INFINITY } })
}

/**
 * One-sided bounds of a paired AUC difference from DeLong's test, d ± z·se, with the standard error at
 * least √2 × Hanley & McNeil's at the champion's AUC less `deficit` (DeLong's variance vanishes for
 * perfectly separated classes); untrusted when a class has fewer than {@link AUC_MIN_CLASS} examples.
 */
export function delongDifferenceBounds(
  test: { difference: number; standardError: number; positives: number; negatives: number; aucB: number },
  deficit: number,
): { bounds: (rate: number) => OneSidedBounds; untrusted?: string; trustedFrom?: number } {
  const where = 'delongDifferenceBounds'
  const t = checkObject(where, 'test', test)
  checkFinite(where, 'test.difference', t.difference)
  checkNonNegative(where, 'test.standardError', t.standardError)
  checkCount(where, 'test.positives', t.positives, 1)
  checkCount(where, 'test.negatives', t.negatives, 1)
  checkUnit(where, 'test.aucB', t.aucB)
  checkNonNegative(where, 'deficit', deficit)
  const { positives, negatives } = test
  const floor =
    Math.SQRT2 * hanleyMcNeilStandardError(Math.max(0.5, test.aucB - deficit), positives, negatives)
  const se = Math.max(test.standardError, floor)
  return {
    bounds: (rate) => ({
      lower: Math.max(-1, test.difference - z(rate) * se),
      upper: Math.min(1, test.difference + z(rate) * se),
    }),
    ...delongTrust(positives, negatives),
  }
}

/**
 * The examples expected to hold `trialsNeeded` trials when `trials` of `examples` are trials (e.g. the actual
 * positives of a recall): ⌈trialsNeeded / (trials / examples)⌉, the share held. Undefined when nothing is
 * needed or no example is a trial.
 * @example examplesForTrials(300, 40, 100) // 750
 */
export function examplesForTrials(
  trialsNeeded: number | undefined,
  trials: number,
  examples: number,
): number | undefined {
  const where = 'examplesForTrials'
  if (trialsNeeded !== undefined && !(typeof trialsNeeded === 'number' && trialsNeeded >= 0))
    throw new InvalidRangeError(where, 'trialsNeeded', `must be a number >= 0, got ${String(trialsNeeded)}`)
  checkCount(where, 'trials', trials)
  checkCount(where, 'examples', examples, 1)
  if (trials > examples)
    throw new InvalidRangeError(where, 'trials', `must not exceed examples = ${examples}, got ${trials}`)
  const share = trials / examples
  return trialsNeeded !== undefined && share > 0 ? Math.ceil(trialsNeeded / share) : undefined
}

// ---------------------------------------------------------------------------------------------------
// Regression error (MAE, RMSE)

/** Input of {@link decideRegressionError}. */
export interface RegressionErrorClaim extends DecisionRates {
  /** `'mae'`: the mean absolute error; `'rmse'`: the root mean squared error. */
  kind: 'mae' | 'rmse'
  /** Claim: the error is at most this (positive, finite). */
  limit: number
  /** The excess over `limit` that matters, in the error's units (positive, finite). */
  tolerance: number
  /** Seed of the betting order and of the bootstrap. */
  seed?: Seed
  /** `'t'` (default): skew-corrected t upper bound; `'bootstrap'`: seeded BCa bootstrap upper bound. */
  interval?: 't' | 'bootstrap'
  /** Bootstrap resamples (default 2000). */
  resamples?: number
}

/** A regression-error decision, with its numbers in the error's units. */
export interface RegressionErrorDecision {
  /** The decision on the mean loss (|e| for MAE, e² for RMSE), in the loss's units. */
  decision: MeanDecision
  /** The MAE or RMSE (scikit-learn's). */
  estimate: number
  /** Examples. */
  n: number
  /** The bounds at falseFailRate as computed (`decision.computedBounds`), in the error's units. */
  interval: OneSidedBounds
  /** The upper bound at falsePassRate, in the error's units. */
  passUpper: number
  /** The data rule out an error more than this above `limit` (error units; +Infinity: nothing yet). */
  ruledOut: number
}

/**
 * Decides "MAE ≤ limit" or "RMSE ≤ limit" as a claim about the mean per-example loss (|e| or e²) with
 * {@link decideMean}: the losses are nonnegative, so the lower bound (which decides failures) is a betting
 * bound valid at any n; the upper bound (which decides passing) is skew-corrected t or the seeded BCa
 * bootstrap, used only where the trust rule trusts it. For RMSE the claim and the tolerance are squared:
 * MSE ≤ limit², violated by at least (limit + tolerance)² − limit². Bounds are reported back in the
 * error's units (square roots for RMSE).
 *
 * @example decideRegressionError(actual, predicted, { kind: 'mae', limit: 0.5, tolerance: 0.05, falseFailRate: 0.001, falsePassRate: 0.05 })
 */
export function decideRegressionError(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  claim: RegressionErrorClaim,
): RegressionErrorDecision {
  const where = 'decideRegressionError'
  if (claim === null || typeof claim !== 'object')
    throw new InvalidInputError(where, 'claim', 'must be an object')
  const kind = claim.kind
  if (kind !== 'mae' && kind !== 'rmse')
    throw new InvalidRangeError(where, 'claim.kind', `must be 'mae' or 'rmse', got ${String(kind)}`)
  const { limit, tolerance } = claim
  for (const [name, v] of [
    ['claim.limit', limit],
    ['claim.tolerance', tolerance],
  ] as const)
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
      throw new InvalidRangeError(where, name, `must be a positive finite number, got ${String(v)}`)
  const method = claim.interval ?? 't'
  if (method !== 't' && method !== 'bootstrap')
    throw new InvalidRangeError(where, 'claim.interval', `must be 't' or 'bootstrap', got ${String(method)}`)
  const resamples = checkCount(where, 'claim.resamples', claim.resamples ?? 2000, 100)
  // The metric validates both arrays (finite numbers, same length, not empty).
  const estimate =
    kind === 'mae' ? meanAbsoluteError(actual, predicted) : rootMeanSquaredError(actual, predicted)
  const n = actual.length
  if (n < 2) throw new InvalidRangeError(where, 'actual', 'must hold at least 2 examples for an interval')
  // Per-example losses: |e| for MAE, e² for RMSE; the claim is about their mean.
  const losses = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const e = actual[i] - predicted[i]
    losses[i] = kind === 'mae' ? Math.abs(e) : e * e
  }
  const toError = (x: number) => (kind === 'mae' ? x : Math.sqrt(Math.max(0, x)))
  // In the units of the mean loss: the excess to detect is (limit + tol) − limit, or its square for RMSE.
  const excess = kind === 'mae' ? tolerance : (limit + tolerance) ** 2 - limit ** 2
  const limitLoss = kind === 'mae' ? limit : limit * limit
  const d = decideMean(losses, {
    target: { lower: Number.NEGATIVE_INFINITY, upper: limitLoss },
    tolerance: excess,
    falseFailRate: claim.falseFailRate,
    falsePassRate: claim.falsePassRate,
    range: [0, Number.POSITIVE_INFINITY],
    seed: claim.seed,
    ...(method === 'bootstrap'
      ? {
          asymptoticMethod: 'bca-bootstrap',
          asymptoticBounds: (rate: number) =>
            bootstrapInterval(losses, {
              method: 'bca',
              resamples,
              seed: claim.seed,
              confidence: 1 - 2 * rate,
            }),
        }
      : {}),
  })
  return {
    decision: d,
    estimate,
    n,
    interval: { lower: toError(d.computedBounds.lower), upper: toError(d.computedBounds.upper) },
    passUpper: toError(d.passBounds.upper),
    ruledOut: kind === 'mae' ? d.ruledOut : Math.sqrt(limitLoss + d.ruledOut) - limit,
  }
}
