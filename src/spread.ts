/**
 * Spread and agreement across runs (seeds): confidence bounds for a standard deviation that do not assume
 * normal outputs, Wilson bounds for a proportion of a fractional (effective) number of trials, and the
 * decisions of "the output varies little from run to run" through the decision core (./decision.ts).
 *
 * **Standard deviation.** The chi-square bound s·√((k−1)/χ²) is exact for normal outputs only: for
 * skewed or heavy-tailed ones it fails a true claim and passes a violated one far more often than
 * promised (exponential outputs, 30 seeds, falseFailRate 0.01: 9%). The bounds here are Bonett's (2006)
 * for a variance, on the log scale with a kurtosis estimate:
 *
 *   ln(c·s²) ± z·se,   se = c·√((γ̂₄ − (k−3)/k) / (k−1)),   c = k / (k − z),
 *
 * where γ̂₄ = k·Σ(xᵢ − m)⁴ / (Σ(xᵢ − x̄)²)² and m is the mean trimmed by 1/(2√(k−4)) at each end. The
 * lower bound (deciding failure) uses max(γ̂₄, 3), centred on ln(s²) (Bonett's c only in se): measured
 * by simulation (200,000 samples per cell, test/fixtures/spread_rates.py), it errs less often than its rate (0.001 to 0.05) for normal,
 * exponential, lognormal(0, 1), Student t(5) and t(3) outputs at 5 to 100 seeds; at rates near 1e-4
 * (Bonferroni over many elements) t(3) outputs make it err up to 1.6× its rate. The upper
 * bound (deciding a pass) cannot be so: a sample of heavy-tailed outputs usually looks lighter-tailed
 * than it is (its sd and its kurtosis are both low), so no estimate of the kurtosis protects it. It
 * uses max(γ̂₄, κ₀(k)) with the floor κ₀(k) = {@link SPREAD_KURTOSIS_FLOOR_SCALE}·k^{@link SPREAD_KURTOSIS_FLOOR_POWER},
 * calibrated by simulation so that the bound errs at most at its rate (0.01 to 0.1) for the same shapes,
 * lognormal(0, 1) the hardest. No upper bound on a standard deviation holds for every distribution (a
 * rare enough, large enough output can always be missed by k runs): outputs with tails heavier than a
 * lognormal(0, 1) at the same k (kurtosis above κ₀(k) in the sample) make the upper bound untrusted.
 */
import {
  type DecisionRates,
  decideInterval,
  type IntervalDecision,
  type OneSidedBounds,
  samplesForPower,
} from './decision'
import { chiSquareIsf, chiSquarePpf, normalIsf } from './distributions'
import { checkCount, checkOpenUnit, describeValue, InvalidInputError, InvalidRangeError } from './errors'
import { bettingMeanBounds } from './meanBounds'

/** κ₀(k) = SCALE · k^POWER: the floor on the kurtosis used by the upper bound on a standard deviation. */
export const SPREAD_KURTOSIS_FLOOR_SCALE = 9
/** See {@link SPREAD_KURTOSIS_FLOOR_SCALE}. */
export const SPREAD_KURTOSIS_FLOOR_POWER = 0.43
/**
 * The lower bound on a standard deviation uses a kurtosis of at least 3 (the normal's): the sample
 * kurtosis of normal outputs is below 3 on average, and with it the bound erred up to 1.6× its rate.
 */
export const SPREAD_LOWER_KURTOSIS_FLOOR = 3
/** Bonett's bounds need the trimmed mean of at least this many runs. */
export const SPREAD_MIN_RUNS = 5

/** The floor κ₀(k) on the kurtosis the upper bound on a standard deviation uses at k runs. */
export function spreadKurtosisFloor(k: number): number {
  if (typeof k !== 'number' || !(k >= 1) || !Number.isFinite(k))
    throw new InvalidRangeError(
      'spreadKurtosisFloor',
      'k',
      `must be a finite number >= 1, got ${describeValue(k)}`,
    )
  return SPREAD_KURTOSIS_FLOOR_SCALE * k ** SPREAD_KURTOSIS_FLOOR_POWER
}

/** The summary of one quantity over k runs the spread bounds are computed from. */
export interface SpreadSummary {
  /** Number of runs. */
  n: number
  mean: number
  /** Sample standard deviation (divisor n − 1). */
  sd: number
  /** Bonett's kurtosis estimate γ̂₄ (near 3 for normal data); undefined when sd = 0 or n < 5. */
  kurtosis?: number
}

/** Mean, sd and Bonett's kurtosis estimate of `xs` (at least 2 finite values). */
export function spreadSummary(xs: ArrayLike<number>): SpreadSummary {
  const where = 'spreadSummary'
  if (!xs || typeof xs.length !== 'number')
    throw new InvalidInputError(where, 'xs', 'must be an array of numbers')
  const n = xs.length
  if (n < 2) throw new InvalidRangeError(where, 'xs', `must hold at least 2 values, got ${n}`)
  // Work in units of the largest |x| so that sums of squares and fourth powers neither overflow nor
  // underflow; sd scales back, the kurtosis is scale-free.
  let c = 0
  for (let i = 0; i < n; i++) {
    const v = xs[i]
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InvalidRangeError(where, `xs[${i}]`, `must be a finite number, got ${describeValue(v)}`)
    c = Math.max(c, Math.abs(v))
  }
  if (c === 0) c = 1
  const x = Float64Array.from(xs, (v) => v / c)
  let sum = 0
  let min = x[0]
  let max = x[0]
  for (let i = 0; i < n; i++) {
    sum += x[i]
    if (x[i] < min) min = x[i]
    if (x[i] > max) max = x[i]
  }
  const centre = sum / n
  let ss = 0
  for (let i = 0; i < n; i++) ss += (x[i] - centre) ** 2
  const mean = centre * c
  const sd = min === max ? 0 : Math.sqrt(ss / (n - 1)) * c
  let kurtosis: number | undefined
  if (sd > 0 && ss > 0 && n >= SPREAD_MIN_RUNS) {
    const sorted = Float64Array.from(x).sort()
    // Trimmed mean as scipy.stats.trim_mean: ⌊n·trim⌋ values cut from each end.
    const cut = Math.floor(n / (2 * Math.sqrt(n - 4)))
    let t = 0
    for (let i = cut; i < n - cut; i++) t += sorted[i]
    const m = t / (n - 2 * cut)
    let s4 = 0
    for (let i = 0; i < n; i++) s4 += (x[i] - m) ** 4
    kurtosis = (n * s4) / (ss * ss)
  }
  return { n, mean, sd, kurtosis }
}

/** Options of {@link sdBounds}. */
export interface SdBoundsOptions {
  /** The smallest kurtosis the bound uses (the upper bound of {@link decideSpread} uses κ₀(k)). Default 0. */
  kurtosisFloor?: number
}

/**
 * One-sided Bonett (2006) confidence bounds for a standard deviation at error `rate` on each side:
 * P(σ < lower) ≤ rate and P(σ > upper) ≤ rate (approximately; see the file's notes on which shapes
 * the rates were measured for). Needs n ≥ 5; sd = 0 gives [0, 0]. When n − z ≤ 1 (a rate too small for
 * so few runs) the bounds are the trivial [0, ∞).
 *
 * @example sdBounds(spreadSummary(outputs), 0.05) // { lower, upper }
 */
export function sdBounds(
  summary: SpreadSummary,
  rate: number,
  options: SdBoundsOptions = {},
): OneSidedBounds {
  const where = 'sdBounds'
  checkOpenUnit(where, 'rate', rate)
  if (summary === null || typeof summary !== 'object')
    throw new InvalidInputError(where, 'summary', 'must be a summary from spreadSummary')
  const { n, sd } = summary
  if (typeof sd !== 'number' || !(sd >= 0) || !Number.isFinite(sd))
    throw new InvalidRangeError(where, 'summary.sd', `must be a finite number >= 0, got ${describeValue(sd)}`)
  if (!(n >= SPREAD_MIN_RUNS))
    throw new InvalidRangeError(where, 'summary.n', `must be at least ${SPREAD_MIN_RUNS}, got ${n}`)
  if (sd === 0) return { lower: 0, upper: 0 }
  const z = normalIsf(rate)
  if (!(n - z > 1)) return { lower: 0, upper: Number.POSITIVE_INFINITY }
  const kurtosis = Math.max(summary.kurtosis ?? 0, options.kurtosisFloor ?? 0)
  const c = n / (n - z)
  const se = c * Math.sqrt(Math.max(kurtosis - (n - 3) / n, 0) / (n - 1))
  const logVar = Math.log(sd * sd)
  // Bonett centres both ends on ln(c·s²); c > 1 raises the lower bound too, which then errs up to twice
  // its rate for t(3) outputs at rates near 1e-4 (measured): the lower bound is centred on ln(s²).
  return { lower: Math.exp((logVar - z * se) / 2), upper: Math.exp((logVar + Math.log(c) + z * se) / 2) }
}

/** One quantity (element, key) of {@link decideSpread}. */
export interface SpreadComponent extends SpreadSummary {
  /** Its index among the components. */
  index: number
  min: number
  max: number
  /** Runs with the smallest and the largest value. */
  argmin: number
  argmax: number
  /** τ for this component: tolerance + relativeTolerance·|mean|. */
  tolerance: number
  /** The decision on σ ≤ τ (target [0, τ], tolerance τ: a violation is σ ≥ 2τ). */
  decision: IntervalDecision
}

/** Input of {@link decideSpread}. */
export interface SpreadClaim extends DecisionRates {
  /** k runs × m components, row-major: `values[i * components + j]` is component j in run i. */
  values: ArrayLike<number>
  /** Number of components m (default 1). */
  components?: number
  /** Absolute part of τ (default 0). */
  tolerance?: number
  /** Relative part of τ: × |mean| of each component (default 0). */
  relativeTolerance?: number
  /**
   * Assume the outputs normal across runs: chi-square bounds s·√((k−1)/χ²), exact for normal outputs and
   * far narrower with few runs, but wrong for skewed or heavy-tailed ones (exponential outputs at 30 runs:
   * a true claim fails 9× as often as falseFailRate). Default false.
   */
  assumeNormal?: boolean
}

/** What {@link decideSpread} returns. */
export interface SpreadDecision {
  outcome: 'pass' | 'fail' | 'inconclusive'
  /** Every component, with its own decision (failure at falseFailRate / m, Bonferroni). */
  components: SpreadComponent[]
  /** The component the verdict rests on (the failing, undecided or passing one with the largest sd / τ). */
  worst: SpreadComponent
  /** The decision of the whole claim: the worst component's, with samplesNeeded the largest needed. */
  decision: IntervalDecision
  /** The error rate each component's failure was decided at (falseFailRate / m). */
  componentFalseFailRate: number
  /** 'bonett', 'chi-square' (assumeNormal), or 'exact' (τ = 0 everywhere: identical outputs demanded). */
  method: 'bonett' | 'chi-square' | 'exact'
}

const WHERE_S = 'decideSpread'

/**
 * Decides "the standard deviation across runs σ is at most τ" for each of m components, where
 * τ = tolerance + relativeTolerance·|mean| (per component), through {@link decideInterval}: target
 * [0, τ], tolerance τ, so that a violation "by the tolerance" is σ ≥ 2τ; the bounds are {@link sdBounds}
 * (the lower without, the upper with the kurtosis floor κ₀(k)).
 *
 * - fail when some component's lower bound at falseFailRate / m exceeds its τ (Bonferroni: the chance
 *   that any true component fails is at most falseFailRate; for "does any fail" Holm's procedure gives
 *   the same answer);
 * - pass when every component's upper bound at falsePassRate is below 2τ (an intersection–union test:
 *   no correction is needed for the pass to err at most at falsePassRate);
 * - inconclusive otherwise, or when the upper bound is untrusted: fewer than 5 runs (then the lower bound
 *   is Markov's s·√rate, valid for any distribution), or a sample kurtosis above κ₀(k) (tails heavier
 *   than the bound is calibrated for). A failure on the lower bound stands
 *   even then. `samplesNeeded` holds s and γ̂₄ fixed and finds the fewest runs that would decide.
 * - τ = 0 (e.g. a relative tolerance with a mean of 0) demands identical outputs: an exact check.
 *
 * @example decideSpread({ values: outputs, tolerance: 0.02, falseFailRate: 0.001, falsePassRate: 0.05 }).outcome
 */
export function decideSpread(claim: SpreadClaim): SpreadDecision {
  if (claim === null || typeof claim !== 'object')
    throw new InvalidInputError(WHERE_S, 'claim', 'must be an object')
  const m = checkCount(WHERE_S, 'components', claim.components ?? 1, 1)
  const { values } = claim
  if (!values || typeof values.length !== 'number' || values.length % m !== 0)
    throw new InvalidInputError(WHERE_S, 'values', `must be an array of runs × ${m} numbers`)
  const k = values.length / m
  if (k < 2) throw new InvalidRangeError(WHERE_S, 'values', `must hold at least 2 runs, got ${k}`)
  const abs = claim.tolerance ?? 0
  const rel = claim.relativeTolerance ?? 0
  for (const [key, v] of [
    ['tolerance', abs],
    ['relativeTolerance', rel],
  ] as const)
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
      throw new InvalidRangeError(WHERE_S, key, `must be a finite number >= 0, got ${describeValue(v)}`)
  const alpha = claim.falseFailRate / m
  const beta = claim.falsePassRate
  const components: SpreadComponent[] = []
  const column = new Float64Array(k)
  let exactOnly = true
  for (let j = 0; j < m; j++) {
    let argmin = 0
    let argmax = 0
    for (let i = 0; i < k; i++) {
      column[i] = values[i * m + j]
      if (column[i] < column[argmin]) argmin = i
      if (column[i] > column[argmax]) argmax = i
    }
    const summary = spreadSummary(column)
    const tolerance = abs + rel * Math.abs(summary.mean)
    if (tolerance > 0) exactOnly = false
    const decision =
      tolerance > 0
        ? decideOne(summary, tolerance, alpha, beta, claim.assumeNormal === true)
        : exactDecision(summary.sd, k)
    components.push({
      ...summary,
      index: j,
      min: column[argmin],
      max: column[argmax],
      argmin,
      argmax,
      tolerance,
      decision,
    })
  }
  const ratio = (c: SpreadComponent) =>
    c.sd === 0 ? 0 : c.tolerance === 0 ? Number.POSITIVE_INFINITY : c.sd / c.tolerance
  const pick = (list: SpreadComponent[]) => list.reduce((a, b) => (ratio(b) > ratio(a) ? b : a))
  const failing = components.filter((c) => c.decision.outcome === 'fail')
  const open = components.filter((c) => c.decision.outcome === 'inconclusive')
  let worst: SpreadComponent
  let decision: IntervalDecision
  if (failing.length > 0) {
    worst = pick(failing)
    decision = worst.decision
  } else if (open.length > 0) {
    worst = pick(open)
    const needed = open.map((c) => c.decision.samplesNeeded)
    decision = {
      ...worst.decision,
      samplesNeeded: needed.some((x) => x === undefined) ? undefined : Math.max(...(needed as number[])),
    }
  } else {
    worst = pick(components)
    decision = worst.decision
  }
  return {
    outcome: decision.outcome,
    components,
    worst,
    decision,
    componentFalseFailRate: alpha,
    method: exactOnly ? 'exact' : claim.assumeNormal === true ? 'chi-square' : 'bonett',
  }
}

function exactDecision(sd: number, k: number): IntervalDecision {
  const b = { lower: sd, upper: sd }
  return {
    kind: 'interval',
    n: k,
    target: { lower: 0, upper: 0 },
    tolerance: 0,
    estimate: sd,
    failBounds: b,
    passBounds: b,
    ruledOut: sd,
    outcome: sd === 0 ? 'pass' : 'fail',
    reason: sd === 0 ? 'evidence-for' : 'evidence-against',
  }
}

/** The bounds decideSpread uses at k runs for a summary: lower as estimated, upper with the floor κ₀(k). */
function spreadBounds(summary: SpreadSummary, rate: number): OneSidedBounds {
  if (summary.sd === 0) return { lower: 0, upper: 0 }
  // Fewer runs than Bonett's bound needs: s² is unbiased for σ², so by Markov's inequality
  // P(s² ≥ σ²/rate) ≤ rate for any distribution, and s·√rate is a valid (weak) lower bound.
  if (summary.n < SPREAD_MIN_RUNS)
    return { lower: summary.sd * Math.sqrt(rate), upper: Number.POSITIVE_INFINITY }
  const lower = sdBounds(summary, rate, { kurtosisFloor: SPREAD_LOWER_KURTOSIS_FLOOR }).lower
  const upper = sdBounds(summary, rate, { kurtosisFloor: spreadKurtosisFloor(summary.n) }).upper
  return { lower, upper }
}

/** Why the upper bound cannot be trusted, and from how many runs it would be; undefined when it can. */
function distrust(summary: SpreadSummary): { why: string; from?: number } | undefined {
  if (summary.sd === 0) return undefined
  if (summary.n < SPREAD_MIN_RUNS)
    return {
      why: `${summary.n} runs are too few for a bound on the standard deviation that does not assume normal outputs (it takes ${SPREAD_MIN_RUNS})`,
      from: SPREAD_MIN_RUNS,
    }
  const floor = spreadKurtosisFloor(summary.n)
  const kurtosis = summary.kurtosis ?? 0
  if (kurtosis > floor)
    return {
      why: `the outputs are heavy-tailed (sample kurtosis ${kurtosis.toPrecision(3)}, above the ${floor.toPrecision(3)} an upper bound from ${summary.n} runs is calibrated for)`,
      from: Math.ceil((kurtosis / SPREAD_KURTOSIS_FLOOR_SCALE) ** (1 / SPREAD_KURTOSIS_FLOOR_POWER)),
    }
  return undefined
}

/** Chi-square bounds s·√((k−1)/χ²): exact one-sided bounds for normal outputs. */
function normalBounds(summary: SpreadSummary, rate: number): OneSidedBounds {
  const df = summary.n - 1
  return {
    lower: summary.sd * Math.sqrt(df / chiSquareIsf(rate, df)),
    upper: summary.sd * Math.sqrt(df / chiSquarePpf(rate, df)),
  }
}

function decideOne(
  summary: SpreadSummary,
  tau: number,
  alpha: number,
  beta: number,
  assumeNormal: boolean,
): IntervalDecision {
  const boundsAt = assumeNormal ? normalBounds : spreadBounds
  const claim = {
    target: { lower: 0, upper: tau },
    tolerance: tau,
    estimate: summary.sd,
    n: summary.n,
    bounds: (rate: number) => boundsAt(summary, rate),
    falseFailRate: alpha,
    falsePassRate: beta,
  }
  const first = decideInterval(claim)
  if (first.outcome === 'fail') return first
  const untrusted = assumeNormal ? undefined : distrust(summary)
  if (untrusted) {
    // Also ask whether more runs would decide on the lower bound, beyond the trust condition.
    return decideInterval({ ...claim, untrusted: untrusted.why, trustedFrom: untrusted.from })
  }
  if (first.outcome === 'pass') return first
  // Runs to decide, with s and γ̂₄ held: the bound's floor grows with k, so project by evaluating it.
  const settles = (k: number) => {
    const s = { ...summary, n: k }
    return boundsAt(s, beta).upper < 2 * tau || boundsAt(s, alpha).lower > tau ? 1 : 0
  }
  const needed = samplesForPower(settles, 0.5, summary.n + 1, 1e6)
  return { ...first, samplesNeeded: needed }
}

// ---------------------------------------------------------------------------------------------------
// Agreement of labels across runs
// ---------------------------------------------------------------------------------------------------

/** Pairwise agreement of k runs' labels, from {@link labelAgreement}. */
export interface LabelAgreement {
  /** Mean share of equal labels over all pairs of runs (p̂, a U-statistic; reported, not decided on). */
  agreement: number
  /** Runs k and positions L. */
  runs: number
  positions: number
  /** Each run's mean agreement with the others (their mean is `agreement`). */
  runAgreement: Float64Array
  /** The pair of runs that agree least, and their agreement. */
  worstPair: [number, number]
  worstAgreement: number
  /**
   * The agreement of the disjoint pairs of runs (run 2i with run 2i + 1, i < ⌊k/2⌋): independent and
   * identically distributed values in [0, 1] whose mean is p, the units the claim is decided on.
   */
  pairAgreement: Float64Array
  /** The mean of `pairAgreement` (the estimate the bounds are about). */
  pairMean: number
}

/**
 * The agreement of labels across runs: the share of positions where two runs give the same label
 * (compared with Object.is). p̂ averages it over every pair of runs; `pairAgreement` holds it for the
 * ⌊k/2⌋ disjoint pairs (run 2i with run 2i + 1). Runs (seeds) are independent and identically
 * distributed, so the disjoint pairs' agreements are too, each with expectation p, whatever the
 * dependence between positions within a run (an odd run that relabels many positions at once is one
 * unit, not many).
 */
export function labelAgreement(labels: ReadonlyArray<ArrayLike<unknown>>): LabelAgreement {
  const where = 'labelAgreement'
  if (!Array.isArray(labels) || labels.length < 2)
    throw new InvalidInputError(where, 'labels', 'must be an array of at least 2 runs of labels')
  const k = labels.length
  for (let i = 0; i < k; i++) {
    const run = labels[i] as unknown
    if (run === null || typeof run !== 'object' || typeof (run as ArrayLike<unknown>).length !== 'number')
      throw new InvalidInputError(
        where,
        `labels[${i}]`,
        `must be an array of labels, got ${describeValue(run)}`,
      )
  }
  const L = labels[0].length
  if (!(L >= 1)) throw new InvalidRangeError(where, 'labels[0]', 'must hold at least one label')
  for (let i = 1; i < k; i++)
    if (labels[i].length !== L)
      throw new InvalidRangeError(
        where,
        `labels[${i}]`,
        `must hold ${L} labels like labels[0], got ${labels[i].length}`,
      )
  const runAgreement = new Float64Array(k)
  const pairAgreement = new Float64Array(Math.floor(k / 2))
  let total = 0
  let worstPair: [number, number] = [0, 1]
  let worstAgreement = Number.POSITIVE_INFINITY
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      let same = 0
      for (let q = 0; q < L; q++) if (Object.is(labels[a][q], labels[b][q])) same++
      const rate = same / L
      total += rate
      runAgreement[a] += rate / (k - 1)
      runAgreement[b] += rate / (k - 1)
      if (a % 2 === 0 && b === a + 1) pairAgreement[a / 2] = rate
      if (rate < worstAgreement) {
        worstAgreement = rate
        worstPair = [a, b]
      }
    }
  let pairSum = 0
  for (let i = 0; i < pairAgreement.length; i++) pairSum += pairAgreement[i]
  return {
    agreement: total / ((k * (k - 1)) / 2),
    runs: k,
    positions: L,
    runAgreement,
    worstPair,
    worstAgreement,
    pairAgreement,
    pairMean: pairSum / pairAgreement.length,
  }
}

/**
 * Truncation c of the betting bounds on pair agreements (bets λ ≤ c/m). Any c in (0, 1) keeps the bounds
 * valid; agreements near 1 are passed soonest by large bets: with every pair at 0.97 the lower bound at
 * 0.05 clears 0.85 after 44 pairs at c = 1/2, 30 at 3/4, 26 at 0.9, 24 at 0.99 (no valid bound can do it
 * in fewer than 19 pairs: 0.85¹⁹ > 0.05 > 0.85¹⁹·⁵).
 */
const AGREEMENT_TRUNCATION = 0.9

/** The one-sided betting bounds on the mean agreement of `pairs` (values in [0, 1]) at `rate`. */
function agreementBounds(pairs: Float64Array, rate: number): OneSidedBounds {
  return bettingMeanBounds(pairs, rate, { range: [0, 1], truncation: AGREEMENT_TRUNCATION })
}

/** Input of {@link decideAgreement}. */
export interface AgreementClaim extends DecisionRates {
  /** The agreement of the runs' labels ({@link labelAgreement}). */
  agreement: LabelAgreement
  /** The claim: the agreement of two runs is at least this. */
  minAgreement: number
  /** How far below minAgreement a violation starts (positive, below minAgreement). */
  tolerance: number
}

/**
 * Decides "two runs agree on at least minAgreement of the positions" (p = the expected share of equal
 * labels between two independent runs) through {@link decideInterval}: target [minAgreement, 1],
 * tolerance, and the units are the runs, not the positions. The bounds are the finite-sample betting
 * bounds ({@link bettingMeanBounds}, range [0, 1]) on the mean of the ⌊k/2⌋ disjoint pairs' agreements,
 * which are independent with mean p: valid for every distribution of the runs' labels, including runs
 * that go wrong as a whole. Fails when the upper bound at falseFailRate is below minAgreement; passes when
 * the lower bound at falsePassRate is above minAgreement − tolerance. Passing needs at least
 * 2·log(falsePassRate)/log(minAgreement − tolerance) runs whatever the method (runs that are each "good"
 * with probability √p all agree with probability p^(k/2)): 37 at 0.9, 0.05 and 0.05; here 42 with
 * perfect agreement, 52 with every pair at 0.97; measured with 200 positions and independent flips, a
 * true 0.97 passes 33% of the time with 50 runs and always with 60, 0.95 always with 80, 0.9 with 200.
 * `samplesNeeded` (in runs) repeats the observed pair agreements.
 */
export function decideAgreement(claim: AgreementClaim): IntervalDecision {
  const where = 'decideAgreement'
  if (claim === null || typeof claim !== 'object')
    throw new InvalidInputError(where, 'claim', 'must be an object')
  const { agreement: a } = claim
  if (
    a === null ||
    typeof a !== 'object' ||
    !(a.pairMean >= 0 && a.pairMean <= 1) ||
    !(a.runs >= 2) ||
    !(a.positions >= 1) ||
    !(a.pairAgreement instanceof Float64Array) ||
    a.pairAgreement.length !== Math.floor(a.runs / 2)
  )
    throw new InvalidInputError(where, 'agreement', 'must be the output of labelAgreement')
  const minAgreement = checkOpenUnit(where, 'minAgreement', claim.minAgreement)
  if (typeof claim.tolerance !== 'number' || !(claim.tolerance > 0 && claim.tolerance < minAgreement))
    throw new InvalidRangeError(
      where,
      'tolerance',
      `must lie in (0, minAgreement), got ${describeValue(claim.tolerance)}`,
    )
  const pairs = a.pairAgreement
  const decision = decideInterval({
    target: { lower: minAgreement, upper: 1 },
    tolerance: claim.tolerance,
    estimate: a.pairMean,
    n: a.runs,
    bounds: (rate) => agreementBounds(pairs, rate),
    falseFailRate: claim.falseFailRate,
    falsePassRate: claim.falsePassRate,
  })
  if (decision.outcome !== 'inconclusive') return decision
  const settles = (k: number) => {
    const m = Math.floor(k / 2)
    const more = new Float64Array(m)
    for (let i = 0; i < m; i++) more[i] = pairs[i % pairs.length]
    return agreementBounds(more, claim.falseFailRate).upper < minAgreement ||
      agreementBounds(more, claim.falsePassRate).lower > minAgreement - claim.tolerance
      ? 1
      : 0
  }
  return { ...decision, samplesNeeded: samplesForPower(settles, 0.5, a.runs + 1, 1e5) }
}
