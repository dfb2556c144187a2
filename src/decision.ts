/**
 * The decision core: the one rule by which every statistical verdict is reached.
 *
 * A claim is about a quantity θ (a mean, a quantile, a share, a rate, a distance, a metric, a spread).
 * With α = falseFailRate and β = falsePassRate:
 *
 * - **fail** when a test at level α rejects the claim;
 * - **pass** when a test at level β rejects "the claim is violated by at least `tolerance`";
 * - **inconclusive** otherwise, with the number of samples projected (from what was observed) to decide,
 *   never fewer than were taken; also whenever the method cannot be trusted at this n (`untrusted`):
 *   a verdict is never reached on an untrustworthy bound.
 *
 * Two forms, one rule:
 *
 * - {@link decideInterval}, for a claim "θ lies in [lower, upper]" (one-sided when an end is infinite),
 *   decided from confidence bounds. It fails when the one-sided bounds at α exclude the claim, and
 *   passes when the one-sided bounds at β lie inside the claim widened by the tolerance (two one-sided
 *   tests, each at β: the equivalence test, an intersection–union test of level β). Decided from the data,
 *   not from a worst-case power formula: well inside the claim it passes with fewer samples than a
 *   fixed-n test needs.
 * - {@link decideTest}, for a point claim (θ = 0: "the same distribution") decided by a test of the
 *   claim and the test's power at the least favourable alternative violating the claim by the tolerance.
 *   It fails when p < α, and passes when the test was not rejected and its power at the tolerance is at
 *   least 1 − β: under any violation of the tolerance it passes with probability at most β.
 *
 * One such test per claim, never the union of two (a union doubles the false-pass rate).
 * The rates are bounded in test/unit/decision.test.ts; every matcher's in docs/calibration.md.
 */
import { InvalidInputError, InvalidRangeError } from './errors'

/** The verdict of a statistical claim. */
export type Outcome = 'pass' | 'fail' | 'inconclusive'

/** Why the outcome is what it is. */
export type DecisionReason =
  /** A test at falseFailRate rejected the claim. */
  | 'evidence-against'
  /** A test at falsePassRate rejected a violation of the tolerance. */
  | 'evidence-for'
  /** Neither test rejected: more data would decide. */
  | 'too-few'
  /** The method cannot be trusted at this n (see `untrusted`). */
  | 'untrusted'

/** The two error rates of a verdict. */
export interface DecisionRates {
  /** α: the probability of failing a true claim. */
  falseFailRate: number
  /** β: the probability of passing a claim violated by the tolerance. */
  falsePassRate: number
}

/** One-sided confidence bounds: P(θ < lower) ≤ rate and P(θ > upper) ≤ rate, each on its own. */
export interface OneSidedBounds {
  lower: number
  upper: number
}

/** What every decision returns. */
export interface Decision {
  outcome: Outcome
  reason: DecisionReason
  /** The sample size the decision was made at. */
  n: number
  /**
   * When inconclusive: the samples projected to decide (from the observed estimate and spread), never
   * fewer than n + 1; undefined when nothing projects (e.g. a trust condition that no n is known to meet).
   */
  samplesNeeded?: number
  /** When untrusted: why, in words ("the sample is too skewed for a trustworthy bound on the mean at n = 30"). */
  untrusted?: string
}

/** A decision on an interval claim. */
export interface IntervalDecision extends Decision {
  kind: 'interval'
  target: OneSidedBounds
  tolerance: number
  estimate: number
  /** The one-sided bounds at falseFailRate (decide failure). */
  failBounds: OneSidedBounds
  /** The one-sided bounds at falsePassRate (decide passing). */
  passBounds: OneSidedBounds
  /**
   * The smallest violation the data rule out: violations larger than this are rejected at falsePassRate
   * (0 when the bounds at falsePassRate lie inside the claim). The verdict passes when it is below the tolerance.
   */
  ruledOut: number
}

/** A decision on a point claim decided by a test and its power. */
export interface TestDecision extends Decision {
  kind: 'test'
  pValue: number
  /** The test's power at the tolerance, at this n. */
  power: number
}

/** Input of {@link decideInterval}. */
export interface IntervalClaim extends DecisionRates {
  /** The claim: θ lies in [lower, upper]; an infinite end makes it one-sided. */
  target: OneSidedBounds
  /** The smallest violation that matters: θ < lower − tolerance or θ > upper + tolerance. Positive. */
  tolerance: number
  /** The point estimate of θ. */
  estimate: number
  /** The sample size (for the projection of samples needed). */
  n: number
  /** One-sided confidence bounds for θ at a given error rate (each side on its own). */
  bounds: (errorRate: number) => OneSidedBounds
  /**
   * Set when the bounds cannot be trusted at this n: the outcome is then inconclusive with this reason,
   * whatever the bounds say.
   */
  untrusted?: string
  /** With `untrusted`: the n at which the method would be trusted, when known (a floor on samplesNeeded). */
  trustedFrom?: number
  /** How the bounds' half-width shrinks with n: width ∝ n^(−rate). Default 0.5. */
  shrinkRate?: number
}

/** Input of {@link decideTest}. */
export interface TestClaim extends DecisionRates {
  /** The p-value of the test of the claim. */
  pValue: number
  /** The sample size. */
  n: number
  /**
   * The power of the test at level falseFailRate, with n samples, at the least favourable alternative that
   * violates the claim by the tolerance. Nondecreasing in n.
   */
  power: (n: number) => number
  /** As in {@link IntervalClaim}. */
  untrusted?: string
  /** As in {@link IntervalClaim}. */
  trustedFrom?: number
  /** The largest n searched for samplesNeeded (default 1e9). */
  maxSamples?: number
}

const WHERE_I = 'decideInterval'
const WHERE_T = 'decideTest'

function checkRates(where: string, r: DecisionRates): void {
  for (const key of ['falseFailRate', 'falsePassRate'] as const) {
    const v = r[key]
    if (typeof v !== 'number' || !(v > 0 && v < 1))
      throw new InvalidRangeError(where, key, 'must lie in (0, 1)')
  }
}

function checkN(where: string, n: unknown): number {
  if (typeof n !== 'number' || !(n >= 1) || !Number.isFinite(n))
    throw new InvalidRangeError(where, 'n', 'must be a positive finite number')
  return n
}

/** Never fewer than were taken; undefined stays undefined. */
function atLeastMore(n: number, projected: number | undefined, floor?: number): number | undefined {
  if (projected === undefined || !Number.isFinite(projected))
    return floor !== undefined ? Math.max(floor, Math.floor(n) + 1) : undefined
  return Math.max(Math.ceil(projected), Math.floor(n) + 1, floor ?? 0)
}

/**
 * Decides an interval claim "θ ∈ [lower, upper]" from one-sided confidence bounds.
 *
 * - fail: the bound at α lies beyond the claim (lower bound above `upper`, or upper bound below `lower`);
 * - pass: the bounds at β lie within [lower − tolerance, upper + tolerance] (strictly), and no failure;
 * - otherwise inconclusive; `samplesNeeded` projects, with the observed estimate and the bounds'
 *   half-widths shrinking as n^(−shrinkRate), the smallest n at which either rule would be met.
 *
 * @example
 * decideInterval({ target: { lower: -0.1, upper: 0.1 }, tolerance: 0.05, estimate: 0.01, n: 2000,
 *   bounds: (rate) => ({ lower: 0.01 - normalIsf(rate) / Math.sqrt(2000), upper: 0.01 + normalIsf(rate) / Math.sqrt(2000) }),
 *   falseFailRate: 0.001, falsePassRate: 0.05 }).outcome // 'pass'
 */
export function decideInterval(claim: IntervalClaim): IntervalDecision {
  if (claim === null || typeof claim !== 'object')
    throw new InvalidInputError(WHERE_I, 'claim', 'must be an object')
  checkRates(WHERE_I, claim)
  const n = checkN(WHERE_I, claim.n)
  const { target, tolerance, estimate } = claim
  if (!target || !(target.lower <= target.upper) || Number.isNaN(target.lower) || Number.isNaN(target.upper))
    throw new InvalidRangeError(WHERE_I, 'target', 'must have lower <= upper')
  if (!(tolerance > 0) || !Number.isFinite(tolerance))
    throw new InvalidRangeError(WHERE_I, 'tolerance', 'must be a positive finite number')
  if (typeof claim.bounds !== 'function') throw new InvalidInputError(WHERE_I, 'bounds', 'must be a function')
  const failBounds = claim.bounds(claim.falseFailRate)
  const passBounds = claim.bounds(claim.falsePassRate)
  const { lower: L, upper: U } = target
  const ruledOut = Math.max(0, L - passBounds.lower, passBounds.upper - U)
  const base = { kind: 'interval' as const, n, target, tolerance, estimate, failBounds, passBounds, ruledOut }
  if (claim.untrusted)
    return {
      ...base,
      outcome: 'inconclusive',
      reason: 'untrusted',
      untrusted: claim.untrusted,
      samplesNeeded: atLeastMore(n, claim.trustedFrom, claim.trustedFrom),
    }
  if (failBounds.lower > U || failBounds.upper < L)
    return { ...base, outcome: 'fail', reason: 'evidence-against' }
  const lowOk = L === Number.NEGATIVE_INFINITY || passBounds.lower > L - tolerance
  const highOk = U === Number.POSITIVE_INFINITY || passBounds.upper < U + tolerance
  if (lowOk && highOk) return { ...base, outcome: 'pass', reason: 'evidence-for' }
  // Projection: half-widths h·(n/n')^r. Pass needs est ± h_β·(n/n')^r inside the widened claim on
  // each bounded side; fail needs est ∓ h_α·(n/n')^r beyond the claim on one side.
  const r = claim.shrinkRate ?? 0.5
  const grow = (h: number, margin: number) =>
    margin > 0 && h >= 0 ? n * (h / margin) ** (1 / r) : Number.POSITIVE_INFINITY
  let passN = 0
  if (L !== Number.NEGATIVE_INFINITY)
    passN = Math.max(passN, grow(estimate - passBounds.lower, estimate - (L - tolerance)))
  if (U !== Number.POSITIVE_INFINITY)
    passN = Math.max(passN, grow(passBounds.upper - estimate, U + tolerance - estimate))
  let failN = Number.POSITIVE_INFINITY
  if (estimate > U) failN = grow(estimate - failBounds.lower, estimate - U)
  else if (estimate < L) failN = grow(failBounds.upper - estimate, L - estimate)
  const projected = Math.min(passN, failN)
  return { ...base, outcome: 'inconclusive', reason: 'too-few', samplesNeeded: atLeastMore(n, projected) }
}

/**
 * Decides a point claim (θ = θ₀, e.g. "the same distribution") from a test of it and the test's power:
 * fail when p < α; pass when the power at the tolerance, at this n, is at least 1 − β; otherwise
 * inconclusive, with the smallest n whose power reaches 1 − β.
 */
export function decideTest(claim: TestClaim): TestDecision {
  if (claim === null || typeof claim !== 'object')
    throw new InvalidInputError(WHERE_T, 'claim', 'must be an object')
  checkRates(WHERE_T, claim)
  const n = checkN(WHERE_T, claim.n)
  const { pValue } = claim
  if (typeof pValue !== 'number' || !(pValue >= 0 && pValue <= 1))
    throw new InvalidRangeError(WHERE_T, 'pValue', 'must lie in [0, 1]')
  if (typeof claim.power !== 'function') throw new InvalidInputError(WHERE_T, 'power', 'must be a function')
  const power = claim.power(n)
  const base = { kind: 'test' as const, n, pValue, power }
  if (claim.untrusted)
    return {
      ...base,
      outcome: 'inconclusive',
      reason: 'untrusted',
      untrusted: claim.untrusted,
      samplesNeeded: atLeastMore(n, claim.trustedFrom, claim.trustedFrom),
    }
  if (pValue < claim.falseFailRate) return { ...base, outcome: 'fail', reason: 'evidence-against' }
  const target = 1 - claim.falsePassRate
  if (power >= target) return { ...base, outcome: 'pass', reason: 'evidence-for' }
  return {
    ...base,
    outcome: 'inconclusive',
    reason: 'too-few',
    samplesNeeded: atLeastMore(
      n,
      samplesForPower(claim.power, target, Math.floor(n) + 1, claim.maxSamples ?? 1e9),
    ),
  }
}

/**
 * The smallest integer n ≥ from with power(n) ≥ target (power nondecreasing in n): doubling, then
 * bisection. Undefined when even `max` falls short.
 */
export function samplesForPower(
  power: (n: number) => number,
  target: number,
  from = 1,
  max = 1e9,
): number | undefined {
  const where = 'samplesForPower'
  if (typeof power !== 'function') throw new InvalidInputError(where, 'power', 'must be a function')
  if (typeof target !== 'number' || !(target > 0 && target < 1))
    throw new InvalidRangeError(where, 'target', 'must lie in (0, 1)')
  if (typeof from !== 'number' || !(from >= 1) || !Number.isFinite(from))
    throw new InvalidRangeError(where, 'from', 'must be a finite number >= 1')
  if (typeof max !== 'number' || !(max >= from)) throw new InvalidRangeError(where, 'max', 'must be >= from')
  let lo = Math.max(1, Math.floor(from))
  if (power(lo) >= target) return lo
  let hi = lo
  while (power(hi) < target) {
    lo = hi
    if (hi >= max) return undefined
    hi = Math.min(max, hi * 2)
  }
  // power(lo) < target <= power(hi)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (power(mid) >= target) hi = mid
    else lo = mid
  }
  return hi
}

/**
 * The decision on a claim that is the conjunction of several claims (e.g. "the p-quantile lies in
 * [lower, upper]": P(X ≤ upper) ≥ p and P(X < lower) ≤ p): fail when any part fails (each part is at
 * level α and a true conjunction has at most one part at its boundary but in degenerate cases), pass when
 * every part passes (an intersection–union test: level β), otherwise inconclusive with the largest
 * samplesNeeded of the undecided parts; untrusted when an undecided part is.
 */
export function decideAll(parts: readonly Decision[]): Decision {
  if (!Array.isArray(parts) || parts.length === 0)
    throw new InvalidInputError('decideAll', 'parts', 'must be a non-empty array of decisions')
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as unknown as Record<string, unknown> | null
    const at = `parts[${i}]`
    if (p === null || typeof p !== 'object' || Array.isArray(p))
      throw new InvalidInputError('decideAll', at, 'must be a decision (an object)')
    if (p.outcome !== 'pass' && p.outcome !== 'fail' && p.outcome !== 'inconclusive')
      throw new InvalidRangeError('decideAll', `${at}.outcome`, "must be 'pass', 'fail' or 'inconclusive'")
    checkN('decideAll', p.n)
    if (p.samplesNeeded !== undefined && !(typeof p.samplesNeeded === 'number' && p.samplesNeeded >= 1))
      throw new InvalidRangeError('decideAll', `${at}.samplesNeeded`, 'must be a number >= 1 when given')
    if (p.untrusted !== undefined && typeof p.untrusted !== 'string')
      throw new InvalidInputError('decideAll', `${at}.untrusted`, 'must be a string when given')
  }
  const n = Math.max(...parts.map((p) => p.n))
  const failed = parts.find((p) => p.outcome === 'fail')
  if (failed) return { outcome: 'fail', reason: 'evidence-against', n }
  if (parts.every((p) => p.outcome === 'pass')) return { outcome: 'pass', reason: 'evidence-for', n }
  const open = parts.filter((p) => p.outcome === 'inconclusive')
  const untrusted = open.find((p) => p.reason === 'untrusted')
  const needs = open.map((p) => p.samplesNeeded)
  const samplesNeeded = needs.some((s) => s === undefined)
    ? undefined
    : Math.max(n + 1, ...(needs as number[]))
  return {
    outcome: 'inconclusive',
    reason: untrusted ? 'untrusted' : 'too-few',
    n,
    ...(samplesNeeded !== undefined ? { samplesNeeded } : {}),
    ...(untrusted?.untrusted ? { untrusted: untrusted.untrusted } : {}),
  }
}
