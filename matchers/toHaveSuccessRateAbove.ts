/**
 * `await expect(() => callModel()).toHaveSuccessRateAbove(0.95)`: a check passes at least a given share
 * of the time, with error rates, stopping as soon as the evidence is clear.
 *
 * Received:
 * - a sampler returning booleans (or any output, turned into one by the `check` option), sync or async:
 *   drawn sequentially, in batches, up to `maxSamples`, deciding after each batch on anytime-valid bounds
 *   (src/sequential.ts: the one-sided beta-binomial mixture, valid however often it is looked at);
 * - an array of booleans (one result per attempt): Clopper–Pearson bounds;
 * - an array of arrays of booleans (cases × repeats): the case is the unit, as in Miller (2024), "Adding
 *   Error Bars to Evals": the claim is about the mean over cases of each case's success rate, bounded by
 *   betting on the case means (Waudby-Smith & Ramdas 2023), valid for any number of cases and repeats;
 *   repeats of one case are not taken for independent draws.
 *
 * `passAtK: k` claims pass@k (at least one success in k attempts) instead: per case, the unbiased
 * estimator of Chen et al. (2021), 1 − C(n − c, k) / C(n, k), bounded as above; for attempts of a single
 * task (a sampler or a flat array), pass@k = 1 − (1 − p)^k and the claim is carried over to p exactly.
 *
 * The decision is the decision core's rule (decideInterval): fail when the bound at falseFailRate lies
 * below the threshold, pass when the bound at falsePassRate lies above threshold − tolerance.
 */
import { decideInterval, type IntervalDecision } from '../src/decision'
import { type SuccessCounts, successCounts } from '../src/descriptive'
import { checkCount, describeValue, InvalidInputError, InvalidRangeError } from '../src/errors'
import { proportionInterval } from '../src/intervals'
import { passAtK, passAtKOfRate, rateOfPassAtK } from '../src/metrics'
import type { Sampler } from '../src/sampler'
import { boundedMeanBounds, decideRateAnytime } from '../src/sequential'
import { formatLevel, formatNumber, type MatcherContext, type MatcherResult } from './context'
import { drawUntilDecided, timeoutMeaning } from './sampling'
import { type Evidence, type ResolvedOptions, resolveOptions, type SamplingOptions, verdict } from './verdict'

const NAME = 'toHaveSuccessRateAbove'
const NOT_BOOLEAN = Symbol('not a boolean')

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as any).then === 'function'
  )
}

/** Options of {@link toHaveSuccessRateAbove}. */
export interface SuccessRateOptions extends SamplingOptions {
  /** Turns one output of the sampler (or one element of the received array) into success (true) or not. */
  check?: (output: any) => boolean
  /** Claim pass@k ≥ threshold instead: at least one success in k attempts (Chen et al. 2021). */
  passAtK?: number
}

const OWN_OPTIONS = ['check', 'passAtK'] as const

/** The default tolerance: 0.05 below the threshold, at most half the threshold. */
export const DEFAULT_SUCCESS_TOLERANCE = 0.05

/** The tolerance of a threshold when the call gives none. */
export function defaultSuccessTolerance(threshold: number): number {
  return Math.min(DEFAULT_SUCCESS_TOLERANCE, threshold / 2)
}

function toBoolean(
  where: string,
  check: ((x: unknown) => boolean) | undefined,
  x: unknown,
  at: string,
): boolean {
  const v = check ? check(x) : x
  if (typeof v !== 'boolean')
    throw new InvalidInputError(
      where,
      at,
      check
        ? `check must return a boolean, got ${describeValue(v)}`
        : `must be a boolean (true for a success), got ${describeValue(v)}: give a check option to turn outputs into booleans`,
    )
  return v
}

interface Parsed {
  threshold: number
  tolerance: number
  defaultTolerance: boolean
  k: number | undefined
}

function percent(x: number): string {
  return `${formatNumber(100 * x, 4)}%`
}

export function toHaveSuccessRateAbove(
  this: MatcherContext,
  received: unknown,
  threshold: number,
  options?: SuccessRateOptions,
): MatcherResult | Promise<MatcherResult> {
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1))
    throw new InvalidRangeError(NAME, 'threshold', `must lie in (0, 1], got ${describeValue(threshold)}`)
  const opts = resolveOptions(this, NAME, options, OWN_OPTIONS)
  const check = options?.check
  if (check !== undefined && typeof check !== 'function')
    throw new InvalidInputError(NAME, 'options.check', 'must be a function from an output to a boolean')
  const k =
    options?.passAtK === undefined ? undefined : checkCount(NAME, 'options.passAtK', options.passAtK, 1)
  const tolerance = opts.tolerance ?? defaultSuccessTolerance(threshold)
  if (!(tolerance < threshold))
    throw new InvalidRangeError(
      NAME,
      'options.tolerance',
      `must be below the threshold ${formatNumber(threshold)}: a rate of 0 would otherwise count as no violation`,
    )
  const parsed: Parsed = { threshold, tolerance, defaultTolerance: opts.tolerance === undefined, k }
  if (typeof received === 'function')
    return sampled(this, received as Sampler<unknown>, parsed, opts, check, options?.samples)
  if (!Array.isArray(received))
    throw new InvalidInputError(
      NAME,
      'received',
      `must be a sampler function, an array of booleans, or an array of arrays of booleans (cases × repeats), got ${describeValue(received)}`,
    )
  if (received.length === 0) throw new InvalidRangeError(NAME, 'received', 'must not be empty')
  if (received.every((r) => Array.isArray(r)))
    return clustered(this, received as unknown[][], parsed, opts, check)
  if (received.some((r) => Array.isArray(r)))
    throw new InvalidInputError(
      NAME,
      'received',
      'mixes arrays and single results: give one result per attempt, or one array of results per case',
    )
  const outcomes = Array.from(received, (x, i) => toBoolean(NAME, check, x, `received[${i}]`))
  return flat(this, successCounts(outcomes).successes, received.length, parsed, opts)
}

/** The claim on p, the per-attempt rate, equivalent to the claim (pass@k carried over: 1 − (1 − p)^k). */
function rateClaim(p: Parsed): { target: number; tolerance: number } {
  if (p.k === undefined) return { target: p.threshold, tolerance: p.tolerance }
  const toP = (q: number) => rateOfPassAtK(q, p.k as number)
  const target = toP(p.threshold)
  return { target, tolerance: target - toP(p.threshold - p.tolerance) }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function claimWords(p: Parsed): { claim: string; opposite: string; quantity: string; article: string } {
  const q = p.k === undefined ? 'the success rate' : `pass@${p.k}`
  return {
    quantity: q,
    article: p.k === undefined ? 'a success rate' : `pass@${p.k}`,
    claim: `${q} is at least ${formatNumber(p.threshold)}`,
    opposite: `${q} is below ${formatNumber(p.threshold)}`,
  }
}

function toleranceLine(p: Parsed): [string, string] {
  return [
    'Tolerance',
    `${formatNumber(p.tolerance)} below the threshold${p.defaultTolerance ? ` (default: ${formatNumber(DEFAULT_SUCCESS_TOLERANCE)}, at most half the threshold)` : ''}`,
  ]
}

/** Meaning and the remaining evidence fields shared by the three forms. */
function finish(
  context: MatcherContext,
  p: Parsed,
  d: IntervalDecision,
  opts: ResolvedOptions,
  shown: { lower: number; upper: number; passLower: number; estimate: number },
  observed: Array<[string, string]>,
  extra: Partial<Evidence>,
  unit: string,
): MatcherResult {
  const w = claimWords(p)
  const t = formatNumber(p.threshold)
  const meaning =
    d.outcome === 'fail'
      ? `Even the upper bound ${formatNumber(shown.upper)} is below ${t}: ${w.article} of ${t} or more would give results this poor with probability below ${formatNumber(opts.falseFailRate)}.`
      : d.outcome === 'pass'
        ? `The ${formatLevel(1 - opts.falsePassRate)}% lower bound ${formatNumber(shown.passLower)} is above ${formatNumber(p.threshold - p.tolerance)} (the threshold less the tolerance).`
        : `${capital(w.quantity)} may be below ${t} by the tolerance or more, or at least ${t}: the bounds [${formatNumber(shown.passLower)}, ${formatNumber(shown.upper)}] allow both${d.samplesNeeded ? `; about ${d.samplesNeeded} ${unit} would likely decide${unit === 'draws' ? ` (maxSamples: ${d.samplesNeeded})` : ''}` : ''}.`
  // The shortfall these data rule out: from the threshold down to the lower bound at falsePassRate.
  const shortfall = p.threshold - shown.passLower
  const detectable =
    d.outcome === 'fail' || context.isNot === true || !Number.isFinite(shortfall)
      ? undefined
      : shortfall > 0
        ? `${formatNumber(shortfall)} below ${t} in ${w.quantity} (${w.article} of ${formatNumber(shown.passLower)} or less)`
        : `any shortfall below ${t} (the ${formatLevel(1 - opts.falsePassRate)}% lower bound is above it)`
  const evidence: Evidence = {
    claim: w.claim,
    oppositeClaim: w.opposite,
    outcome: d.outcome,
    observed,
    meaning,
    detectable,
    samplesNeeded: d.outcome === 'inconclusive' ? d.samplesNeeded : undefined,
    samplesUnit: unit,
    decision: d,
    advice:
      'Look at the failing outputs (rerun with the seed below); if the threshold is what changed, lower it deliberately.',
    ...extra,
  }
  return verdict(context, NAME, 'threshold', evidence, opts)
}

/** A flat array of attempts: Clopper–Pearson one-sided bounds on the per-attempt rate. */
function flat(
  context: MatcherContext,
  s: number,
  n: number,
  p: Parsed,
  opts: ResolvedOptions,
): MatcherResult {
  const rc = rateClaim(p)
  const cp = (rate: number) => {
    const ci = proportionInterval(s, n, { method: 'clopper-pearson', confidence: 1 - 2 * rate })
    return { lower: ci.lower, upper: ci.upper }
  }
  const d = decideInterval({
    target: { lower: rc.target, upper: Number.POSITIVE_INFINITY },
    tolerance: rc.tolerance,
    estimate: s / n,
    n,
    bounds: cp,
    falseFailRate: opts.falseFailRate,
    falsePassRate: opts.falsePassRate,
  })
  const conv = convert(p)
  const shown = {
    lower: conv(d.failBounds.lower),
    upper: conv(d.failBounds.upper),
    passLower: conv(d.passBounds.lower),
    estimate: conv(s / n),
  }
  const observed: Array<[string, string]> = [
    ['Data', `${n} attempts, ${s} successes`],
    ['Estimate', estimateWords(p, s, n, shown.estimate)],
    ['Interval', intervalWords(opts, shown, 'Clopper–Pearson, exact')],
    toleranceLine(p),
  ]
  return finish(context, p, d, opts, shown, observed, { record: { method: 'clopper-pearson' } }, 'attempts')
}

/** From the per-attempt rate to the quantity claimed (pass@k = 1 − (1 − p)^k). */
function convert(p: Parsed): (x: number) => number {
  const k = p.k
  return k === undefined ? (x) => x : (x) => passAtKOfRate(x, k)
}

function estimateWords(p: Parsed, s: number, n: number, estimate: number): string {
  const base = `${percent(s / n)} of attempts succeeded (${s} of ${n})`
  return p.k === undefined ? base : `pass@${p.k} = ${formatNumber(estimate)} (1 − (1 − p)^${p.k}); ${base}`
}

function intervalWords(
  opts: ResolvedOptions,
  shown: { lower: number; upper: number; passLower: number },
  method: string,
): string {
  // Worded as the other matchers' intervals: the two one-sided bounds at falseFailRate make a
  // (1 − 2·falseFailRate) interval; the pass bound is the one-sided (1 − falsePassRate) lower bound.
  return `${formatLevel(1 - 2 * opts.falseFailRate)}% confidence interval [${formatNumber(shown.lower)}, ${formatNumber(shown.upper)}]; ${formatLevel(1 - opts.falsePassRate)}% lower bound ${formatNumber(shown.passLower)} (${method})`
}

/** Cases × repeats: the case is the unit; betting bounds on the per-case rates (or pass@k estimates). */
function clustered(
  context: MatcherContext,
  cases: unknown[][],
  p: Parsed,
  opts: ResolvedOptions,
  check: ((x: unknown) => boolean) | undefined,
): MatcherResult {
  const m = cases.length
  const perCase = new Float64Array(m)
  let attempts = 0
  let successes = 0
  let minRepeats = Number.POSITIVE_INFINITY
  let maxRepeats = 0
  for (let i = 0; i < m; i++) {
    const row = cases[i]
    if (row.length === 0) throw new InvalidRangeError(NAME, `received[${i}]`, 'must hold at least one result')
    const c = successCounts(
      Array.from(row, (x, j) => toBoolean(NAME, check, x, `received[${i}][${j}]`)),
    ).successes
    if (p.k !== undefined && row.length < p.k)
      throw new InvalidRangeError(
        NAME,
        `received[${i}]`,
        `must hold at least passAtK = ${p.k} attempts for the pass@${p.k} estimate, got ${row.length}`,
      )
    perCase[i] = p.k === undefined ? c / row.length : passAtK(row.length, c, p.k)
    attempts += row.length
    successes += c
    minRepeats = Math.min(minRepeats, row.length)
    maxRepeats = Math.max(maxRepeats, row.length)
  }
  const cache = new Map<number, ReturnType<typeof boundedMeanBounds>>()
  const betting = (rate: number) => {
    let b = cache.get(rate)
    if (!b) {
      b = boundedMeanBounds(perCase, rate)
      cache.set(rate, b)
    }
    return b
  }
  const bounds = (rate: number) => {
    const { lower, upper } = betting(rate)
    return { lower, upper }
  }
  // The mean of the per-case rates, as the engine's bounds compute it.
  const { estimate } = betting(opts.falseFailRate)
  const d = decideInterval({
    target: { lower: p.threshold, upper: Number.POSITIVE_INFINITY },
    tolerance: p.tolerance,
    estimate,
    n: m,
    bounds,
    falseFailRate: opts.falseFailRate,
    falsePassRate: opts.falsePassRate,
  })
  const shown = {
    lower: d.failBounds.lower,
    upper: d.failBounds.upper,
    passLower: d.passBounds.lower,
    estimate,
  }
  const repeats = minRepeats === maxRepeats ? `${minRepeats}` : `${minRepeats}–${maxRepeats}`
  const q = p.k === undefined ? 'success rate' : `pass@${p.k}`
  const observed: Array<[string, string]> = [
    [
      'Data',
      `${m} cases × ${repeats} repeats (${attempts} attempts, ${successes} successes); the case is the unit`,
    ],
    [
      'Estimate',
      `mean ${q} over cases ${formatNumber(estimate)}${p.k === undefined ? '' : ' (unbiased per-case estimator of Chen et al. 2021)'}`,
    ],
    ['Interval', intervalWords(opts, shown, 'betting bounds on the per-case values, cluster-robust')],
    toleranceLine(p),
  ]
  return finish(context, p, d, opts, shown, observed, { record: { method: 'betting-cluster' } }, 'cases')
}

/** A sampler: sequential drawing, deciding on anytime-valid bounds after every batch. */
async function sampled(
  context: MatcherContext,
  sampler: Sampler<unknown>,
  p: Parsed,
  opts: ResolvedOptions,
  check: ((x: unknown) => boolean) | undefined,
  callSamples: number | undefined,
): Promise<MatcherResult> {
  const rc = rateClaim(p)
  const claim = {
    target: { lower: rc.target, upper: Number.POSITIVE_INFINITY },
    tolerance: rc.tolerance,
    falseFailRate: opts.falseFailRate,
    falsePassRate: opts.falsePassRate,
  }
  let counts: SuccessCounts | undefined
  // check runs as part of the draw: when it throws, that is an error of the draw (onError decides); when it
  // returns something else than a boolean, the value check below names it.
  const judge = (out: unknown): unknown => {
    const v = (check as (x: unknown) => unknown)(out)
    return typeof v === 'boolean' ? v : { [NOT_BOOLEAN]: v }
  }
  const wrapped: Sampler<unknown> = check
    ? (draw) => {
        const out = sampler(draw)
        return isThenable(out) ? Promise.resolve(out).then(judge) : judge(out)
      }
    : sampler
  const {
    run: r,
    drawsLine,
    record,
  } = await drawUntilDecided(NAME, wrapped, opts, callSamples, {
    failureValue: false,
    method: 'beta-binomial-mixture-cs',
    check: (v) =>
      typeof v === 'boolean'
        ? undefined
        : v !== null && typeof v === 'object' && NOT_BOOLEAN in v
          ? `was turned by check into ${describeValue((v as Record<symbol, unknown>)[NOT_BOOLEAN])}, not a boolean`
          : `must be a boolean (true for a success), got ${describeValue(v)}: give a check option to turn outputs into booleans`,
    decide: (values, final) => {
      counts = successCounts(values as boolean[], counts)
      return decideRateAnytime(counts.successes, counts.n, claim, final)
    },
  })
  const d = r.decision as IntervalDecision
  const n = r.samplesDrawn
  const successes = counts?.successes ?? 0
  const conv = convert(p)
  const shown = {
    lower: conv(d.failBounds.lower),
    upper: conv(d.failBounds.upper),
    passLower: conv(d.passBounds.lower),
    estimate: conv(successes / n),
  }
  const observed: Array<[string, string]> = [
    drawsLine,
    ['Estimate', estimateWords(p, successes, n, shown.estimate)],
    [
      'Interval',
      intervalWords(
        opts,
        shown,
        'anytime-valid: beta-binomial mixture confidence sequence, valid at every look',
      ),
    ],
    toleranceLine(p),
  ]
  if (r.errors > 0)
    observed.push([
      'Errors',
      `${r.errors} calls threw or timed out and were counted as failures (onError: 'count-as-failure')`,
    ])
  return finish(
    context,
    p,
    d,
    opts,
    shown,
    observed,
    {
      usedRandomness: true,
      record,
      ...(r.stoppedBecause === 'timeout' && d.outcome === 'inconclusive'
        ? {
            meaning: timeoutMeaning(
              opts,
              n,
              `${p.k === undefined ? 'the success rate' : `pass@${p.k}`} at ${formatNumber(shown.estimate)} and bounds [${formatNumber(shown.passLower)}, ${formatNumber(shown.upper)}]`,
              d.samplesNeeded,
            ),
          }
        : {}),
    },
    'draws',
  )
}
