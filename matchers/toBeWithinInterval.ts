/**
 * `expect(x).toBeWithinInterval(interval, { of })`.
 *
 * - A number: `lower <= x <= upper` (no statistics).
 * - Samples (an array, a typed array, a Baseline) or a sampler (drawn `samples` times, then awaited):
 *   a claim about the distribution the values come from, chosen by `of`:
 *   - `'mean'` (default): the mean lies in the interval (Student t bounds);
 *   - `'median'` or `{ quantile: p }`: the p-quantile lies in the interval (distribution-free, exact
 *     binomial bounds on P(X <= upper) and P(X < lower));
 *   - `'proportion'`: at least `atLeast` (default 0.95) of the values lie in the interval (exact binomial);
 *   - `'each'`: every value lies in the interval (hard bounds, no statistics).
 *
 * `.not` claims the opposite and passes only on evidence of it.
 */
import { mean, quantile, standardDeviation } from '../src/descriptive'
import { checkOpenUnit, checkSample, InvalidInputError, InvalidRangeError } from '../src/errors'
import { meanInterval, proportionInterval } from '../src/intervals'

import {
  detectableMeanShift,
  detectableProportionShift,
  samplesForMean,
  samplesForProportion,
} from '../src/power'
import { drawChecks, drawSamples, type Sampler } from '../src/sampler'
import { formatNumber, hint, type MatcherContext, type MatcherResult, utilsOf } from './context'
import { type IntervalLike, type ParsedInterval, parseInterval } from './interval'
import { assertionFails, rerunCheck, UNCONTROLLED_RANDOMNESS_ADVICE } from './sampling'
import { type Evidence, type ResolvedOptions, resolveOptions, type SamplingOptions, verdict } from './verdict'

const NAME = 'toBeWithinInterval'

/** Which property of the distribution the interval is claimed for. */
export type IntervalClaim = 'mean' | 'median' | 'proportion' | 'each' | { quantile: number }

export interface WithinIntervalOptions extends SamplingOptions {
  /** The claim: `'mean'` (default), `'median'`, `{ quantile: p }`, `'proportion'` or `'each'`. */
  of?: IntervalClaim
  /** With `of: 'proportion'`: the share of values that must lie in the interval (default 0.95). */
  atLeast?: number
}

const OWN_OPTIONS = ['of', 'atLeast'] as const

function isSamplesLike(x: unknown): boolean {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))
}

/** A Baseline (from monteCarlo) or anything with a numeric `samples` array. */
function baselineSamples(x: unknown): ArrayLike<number> | undefined {
  if (x !== null && typeof x === 'object' && !isSamplesLike(x) && 'samples' in x) {
    const s = (x as { samples: unknown }).samples
    if (isSamplesLike(s)) return s as ArrayLike<number>
  }
  return undefined
}

export function toBeWithinInterval(
  this: MatcherContext,
  received: unknown,
  interval: IntervalLike,
  options?: WithinIntervalOptions,
): MatcherResult | Promise<MatcherResult> {
  const bounds = parseInterval(NAME, interval)
  if (typeof received === 'number') {
    if (options !== undefined) {
      resolveOptions(this, NAME, options, OWN_OPTIONS)
      // A single number has no distribution: only the hard bound applies.
      const claim = parseClaim(options)
      if (options.of !== undefined && claim.kind !== 'each')
        throw new InvalidInputError(
          NAME,
          'options.of',
          "is a claim about a distribution, but received is a single number: pass samples or a sampler, or use of: 'each'",
        )
    }
    return numberVerdict(this, received, bounds)
  }
  const opts = resolveOptions(this, NAME, options, OWN_OPTIONS)
  const claim = parseClaim(options)
  if (typeof received === 'function') {
    const start = Date.now()
    return drawSamples(received as Sampler<unknown>, {
      samples: opts.samples,
      seed: opts.seed,
      timeoutMs: opts.timeoutMs,
      where: NAME,
      check: drawChecks.finiteNumber,
    }).then(async ({ values }) => {
      const evidence = sampleEvidence(Float64Array.from(values as number[]), bounds, claim, opts, true)
      if (assertionFails(this, evidence, opts)) {
        // A failure the seed cannot reproduce is a different problem from a statistical failure.
        const remaining = opts.timeoutMs - (Date.now() - start)
        const note = await rerunCheck(NAME, received as Sampler<unknown>, values, opts, remaining)
        if (note) {
          evidence.meaning = `${note} ${evidence.meaning ?? ''}`.trim()
          evidence.advice = UNCONTROLLED_RANDOMNESS_ADVICE
        }
      }
      return verdict(this, NAME, 'interval', evidence, opts)
    })
  }
  const samples = baselineSamples(received) ?? received
  if (!isSamplesLike(samples))
    throw new InvalidInputError(
      NAME,
      'received',
      'must be a number, an array or typed array of numbers, a Baseline, or a sampler function',
    )
  const xs = checkSample(NAME, 'received', samples)
  return verdict(this, NAME, 'interval', sampleEvidence(xs, bounds, claim, opts, false), opts)
}

type Claim =
  | { kind: 'mean' }
  | { kind: 'each' }
  | { kind: 'quantile'; p: number }
  | { kind: 'proportion'; atLeast: number }

function parseClaim(options: WithinIntervalOptions | undefined): Claim {
  const of = options?.of ?? 'mean'
  if (options?.atLeast !== undefined && of !== 'proportion')
    throw new InvalidInputError(NAME, 'options.atLeast', "goes with of: 'proportion'")
  if (of === 'mean' || of === 'each') return { kind: of }
  if (of === 'median') return { kind: 'quantile', p: 0.5 }
  if (of === 'proportion')
    return { kind: 'proportion', atLeast: checkOpenUnit(NAME, 'options.atLeast', options?.atLeast ?? 0.95) }
  if (of !== null && typeof of === 'object' && 'quantile' in of)
    return { kind: 'quantile', p: checkOpenUnit(NAME, 'options.of.quantile', of.quantile) }
  throw new InvalidRangeError(
    NAME,
    'options.of',
    `must be 'mean', 'median', 'proportion', 'each' or { quantile: p }, got ${JSON.stringify(of)}`,
  )
}

function show(b: ParsedInterval): string {
  return `[${formatNumber(b.lower, 6)}, ${formatNumber(b.upper, 6)}]`
}

function numberVerdict(context: MatcherContext, received: number, bounds: ParsedInterval): MatcherResult {
  if (!Number.isFinite(received))
    throw new InvalidRangeError(NAME, 'received', `must be a finite number, got ${received}`)
  const { lower, upper } = bounds
  const pass = received >= lower && received <= upper
  const utils = utilsOf(context)
  const shown = show(bounds)
  const message = () => {
    const claim = context.isNot ? `received lies outside ${shown}` : `received lies within ${shown}`
    let where = 'inside the interval'
    if (received < lower) where = `below the lower bound by ${formatNumber(lower - received)}`
    else if (received > upper) where = `above the upper bound by ${formatNumber(received - upper)}`
    return [
      hint(context, NAME, 'interval'),
      '',
      `Claim:    ${claim}`,
      `Interval: ${utils.EXPECTED_COLOR(shown)}`,
      `Received: ${utils.printReceived(received)} (${where})`,
    ].join('\n')
  }
  return { pass, message }
}

function sampleEvidence(
  xs: ArrayLike<number>,
  bounds: ParsedInterval,
  claim: Claim,
  opts: ResolvedOptions,
  drawn: boolean,
): Evidence {
  let evidence: Evidence
  switch (claim.kind) {
    case 'each':
      evidence = eachEvidence(xs, bounds)
      break
    case 'mean':
      evidence = meanEvidence(xs, bounds, opts)
      break
    case 'quantile':
      evidence = quantileEvidence(xs, bounds, claim.p, opts)
      break
    case 'proportion':
      evidence = proportionEvidence(xs, bounds, claim.atLeast, opts)
      break
  }
  evidence.usedRandomness = drawn
  const source = drawn ? `${xs.length} draws from the sampler` : `${xs.length} values`
  evidence.observed.unshift(['Data', source])
  return evidence
}

function eachEvidence(xs: ArrayLike<number>, bounds: ParsedInterval): Evidence {
  const outside: Array<[number, number]> = []
  let count = 0
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] < bounds.lower || xs[i] > bounds.upper) {
      count++
      if (outside.length < 5) outside.push([i, xs[i]])
    }
  }
  const shown = show(bounds)
  return {
    claim: `every value lies within ${shown}`,
    oppositeClaim: `some value lies outside ${shown}`,
    outcome: count === 0 ? 'pass' : 'fail',
    observed: [
      [
        'Outside',
        `${count} of ${xs.length}${outside.length ? `: ${outside.map(([i, v]) => `[${i}] = ${formatNumber(v, 6)}`).join(', ')}${count > outside.length ? ', …' : ''}` : ''}`,
      ],
    ],
    meaning: 'A hard bound: a single value outside the interval is a violation (no statistics involved).',
    exact: true,
    advice: count
      ? 'Fix the values outside the bounds, or state a statistical claim with of: "proportion".'
      : undefined,
  }
}

function defaultValueTolerance(bounds: ParsedInterval, sd: number): number {
  const width = bounds.upper - bounds.lower
  if (Number.isFinite(width) && width > 0) return width / 4
  return sd > 0 ? sd / 4 : Number.EPSILON
}

function meanEvidence(xs: ArrayLike<number>, bounds: ParsedInterval, opts: ResolvedOptions): Evidence {
  const n = xs.length
  const shown = show(bounds)
  const base = {
    claim: `the mean lies within ${shown}`,
    oppositeClaim: `the mean lies outside ${shown}`,
  }
  if (n < 2)
    throw new InvalidRangeError(
      NAME,
      'received',
      "must hold at least 2 values for a claim about the mean (use of: 'each' for one value)",
    )
  const a = opts.falseFailRate
  const m = mean(xs)
  const sd = standardDeviation(xs)
  const tolerance = opts.tolerance ?? defaultValueTolerance(bounds, sd)
  // One-sided (1 - falseFailRate) bounds on each side: a two-sided interval at confidence 1 - 2a.
  const ci = sd === 0 ? { lower: m, upper: m } : meanInterval(xs, { confidence: 1 - 2 * a })
  let outcome: Evidence['outcome'] = 'pass'
  if (ci.lower > bounds.upper || ci.upper < bounds.lower) outcome = 'fail'
  // One-sided t power: a violation lies on one side of the interval at a time.
  const rates = { falseFailRate: a, falsePassRate: opts.falsePassRate, alternative: 'greater' as const }
  const detectable = sd === 0 ? 0 : detectableMeanShift(n, { sd, method: 't', ...rates })
  if (outcome === 'pass' && detectable > tolerance) outcome = 'inconclusive'
  const side =
    m > bounds.upper
      ? 'above the upper bound'
      : m < bounds.lower
        ? 'below the lower bound'
        : 'inside the interval'
  return {
    ...base,
    outcome,
    observed: [
      ['Estimate', `mean ${formatNumber(m, 6)} (${side}), sd ${formatNumber(sd)}, n = ${n}`],
      [
        'Interval',
        `${formatNumber(100 * (1 - 2 * a))}% confidence interval for the mean [${formatNumber(ci.lower, 6)}, ${formatNumber(ci.upper, 6)}] (Student t)`,
      ],
      [
        'Tolerance',
        `${formatNumber(tolerance)} in the mean${opts.tolerance === undefined ? ' (default: a quarter of the interval width)' : ''}`,
      ],
    ],
    meaning:
      outcome === 'fail'
        ? `The whole confidence interval lies ${ci.lower > bounds.upper ? 'above' : 'below'} ${shown}: so large a gap arises by chance with probability below ${formatNumber(a)}.`
        : outcome === 'inconclusive'
          ? `The mean could be ${formatNumber(tolerance)} outside ${shown} and these ${n} values would likely not show it.`
          : undefined,
    detectable: `${formatNumber(detectable)} in the mean`,
    samplesNeeded:
      outcome === 'inconclusive' ? samplesForMean({ sd, tolerance, method: 't', ...rates }) : undefined,
    advice:
      'If the model really changed, update the interval; otherwise investigate the shift. The interval is for the mean: use of: "each" for hard bounds on every value.',
  }
}

function quantileEvidence(
  xs: ArrayLike<number>,
  bounds: ParsedInterval,
  p: number,
  opts: ResolvedOptions,
): Evidence {
  const n = xs.length
  const a = opts.falseFailRate
  const shown = show(bounds)
  const label = p === 0.5 ? 'the median' : `the ${formatNumber(100 * p)}th percentile`
  let atOrBelowUpper = 0
  let belowLower = 0
  for (let i = 0; i < n; i++) {
    if (xs[i] <= bounds.upper) atOrBelowUpper++
    if (xs[i] < bounds.lower) belowLower++
  }
  // The p-quantile exceeds `upper` iff P(X <= upper) < p; it is below `lower` iff P(X < lower) > p.
  // Exact (Clopper-Pearson) one-sided bounds at 1 - falseFailRate on each side.
  const cp = (k: number) => proportionInterval(k, n, { method: 'clopper-pearson', confidence: 1 - 2 * a })
  const upperSide = cp(atOrBelowUpper)
  const lowerSide = cp(belowLower)
  const tolerance = opts.tolerance ?? Math.min(0.1, p / 2, (1 - p) / 2)
  let outcome: Evidence['outcome'] = 'pass'
  if (
    (Number.isFinite(bounds.upper) && upperSide.upper < p) ||
    (Number.isFinite(bounds.lower) && lowerSide.lower > p)
  )
    outcome = 'fail'
  // A violation by the tolerance: P(X <= upper) = p - tolerance, or P(X < lower) = p + tolerance.
  const rates = { p0: p, falseFailRate: a, falsePassRate: opts.falsePassRate }
  const sides = [
    ...(Number.isFinite(bounds.upper) ? (['less'] as const) : []),
    ...(Number.isFinite(bounds.lower) ? (['greater'] as const) : []),
  ]
  const detect = Math.max(
    0,
    ...sides.map((alternative) => detectableProportionShift(n, { ...rates, alternative })),
  )
  if (outcome === 'pass' && detect > tolerance) outcome = 'inconclusive'
  const est = quantile(xs, p)
  return {
    claim: `${label} lies within ${shown}`,
    oppositeClaim: `${label} lies outside ${shown}`,
    outcome,
    observed: [
      ['Estimate', `${label} ${formatNumber(est, 6)}, n = ${n}`],
      [
        'Shares',
        `${formatNumber((100 * atOrBelowUpper) / n)}% of values <= ${formatNumber(bounds.upper, 6)} (needs >= ${formatNumber(100 * p)}%), ${formatNumber((100 * belowLower) / n)}% < ${formatNumber(bounds.lower, 6)} (needs <= ${formatNumber(100 * p)}%)`,
      ],
      [
        'Tolerance',
        `${formatNumber(tolerance)} in the quantile level${opts.tolerance === undefined ? ' (default)' : ''}`,
      ],
    ],
    meaning:
      outcome === 'fail'
        ? `Exact binomial bounds show ${label} outside ${shown} (chance of so extreme a count below ${formatNumber(a)}).`
        : outcome === 'inconclusive'
          ? `With ${n} values, a shift of the quantile level by ${formatNumber(tolerance)} would likely go unseen.`
          : undefined,
    detectable: `${formatNumber(detect)} in the quantile level`,
    samplesNeeded:
      outcome === 'inconclusive'
        ? Math.max(...sides.map((alternative) => samplesNeededFor({ ...rates, alternative, tolerance })))
        : undefined,
  }
}

/** Samples needed for a proportion test; undefined when the tolerance reaches past 0 or 1. */
function samplesNeededFor(options: Parameters<typeof samplesForProportion>[0]): number {
  const p1 = options.alternative === 'less' ? options.p0 - options.tolerance : options.p0 + options.tolerance
  return p1 > 0 && p1 < 1 ? samplesForProportion(options) : Number.NaN
}

function proportionEvidence(
  xs: ArrayLike<number>,
  bounds: ParsedInterval,
  atLeast: number,
  opts: ResolvedOptions,
): Evidence {
  const n = xs.length
  const a = opts.falseFailRate
  const shown = show(bounds)
  let inside = 0
  for (let i = 0; i < n; i++) if (xs[i] >= bounds.lower && xs[i] <= bounds.upper) inside++
  const ci = proportionInterval(inside, n, { method: 'clopper-pearson', confidence: 1 - 2 * a })
  const tolerance = opts.tolerance ?? Math.min(0.05, atLeast / 2)
  let outcome: Evidence['outcome'] = ci.upper < atLeast ? 'fail' : 'pass'
  const rates = {
    p0: atLeast,
    falseFailRate: a,
    falsePassRate: opts.falsePassRate,
    alternative: 'less' as const,
  }
  const detect = detectableProportionShift(n, rates)
  if (outcome === 'pass' && detect > tolerance) outcome = 'inconclusive'
  const pct = (x: number) => `${formatNumber(100 * x)}%`
  return {
    claim: `at least ${pct(atLeast)} of values lie within ${shown}`,
    oppositeClaim: `fewer than ${pct(atLeast)} of values lie within ${shown}`,
    outcome,
    observed: [
      ['Estimate', `${inside} of ${n} inside (${pct(inside / n)})`],
      [
        'Interval',
        `${formatNumber(100 * (1 - 2 * a))}% confidence interval for the share [${pct(ci.lower)}, ${pct(ci.upper)}] (Clopper–Pearson)`,
      ],
      [
        'Tolerance',
        `${formatNumber(tolerance)} in the share${opts.tolerance === undefined ? ' (default)' : ''}`,
      ],
    ],
    meaning:
      outcome === 'fail'
        ? `Even the upper confidence bound on the share inside is below ${pct(atLeast)}.`
        : outcome === 'inconclusive'
          ? `A share as low as ${pct(atLeast - tolerance)} would likely go unseen with ${n} values.`
          : undefined,
    detectable: `${formatNumber(detect)} in the share`,
    samplesNeeded: outcome === 'inconclusive' ? samplesNeededFor({ ...rates, tolerance }) : undefined,
  }
}
