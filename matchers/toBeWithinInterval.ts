/**
 * `expect(x).toBeWithinInterval(interval, { of })`.
 *
 * - A number: `lower <= x <= upper` (no statistics).
 * - Samples (an array, a typed array, a Baseline) or a sampler (drawn `samples` times, then awaited):
 *   a claim about the distribution the values come from, chosen by `of`:
 *   - `'mean'` (default): the mean lies in the interval (skew-corrected t bounds with a trust rule, or
 *     betting bounds valid at any n when `range` declares the values' range: src/meanBounds.ts);
 *   - `'median'` or `{ quantile: p }`: the p-quantile lies in the interval (distribution-free, exact
 *     binomial bounds on P(X <= upper) and P(X < lower));
 *   - `'proportion'`: at least `atLeast` (default 0.95) of the values lie in the interval (exact binomial);
 *   - `'each'`: every value lies in the interval (hard bounds, no statistics).
 *
 * `.not` claims the opposite and passes only on evidence of it.
 */

import { decideAll, type IntervalDecision } from '../src/decision'
import { type IntervalCounts, intervalCounts, quantile, standardDeviation } from '../src/descriptive'
import { checkOpenUnit, checkSample, InvalidInputError, InvalidRangeError } from '../src/errors'
import { decideMean, decideShare, type MeanDecision, meanMoments } from '../src/meanBounds'
import { type DrawCheck, drawChecks, drawSamples, type Sampler, SamplerTimeoutError } from '../src/sampler'
import {
  boundedMeanMonitor,
  DEFAULT_MAX_SAMPLES,
  decideRateAnytime,
  decideSharesAnytime,
  meanGroupSequential,
  type ShareCount,
} from '../src/sequential'
import {
  formatAgainst,
  formatLevel,
  formatNumber,
  hint,
  type MatcherContext,
  type MatcherResult,
  utilsOf,
} from './context'
import { type IntervalLike, type ParsedInterval, parseInterval } from './interval'
import { assertionFails, drawUntilDecided, rerunCheck, UNCONTROLLED_RANDOMNESS_ADVICE } from './sampling'
import { type Evidence, type ResolvedOptions, resolveOptions, type SamplingOptions, verdict } from './verdict'

const NAME = 'toBeWithinInterval'

/** Which property of the distribution the interval is claimed for. */
export type IntervalClaim = 'mean' | 'median' | 'proportion' | 'each' | { quantile: number }

export interface WithinIntervalOptions extends SamplingOptions {
  /** The claim: `'mean'` (default), `'median'`, `{ quantile: p }`, `'proportion'` or `'each'`. */
  of?: IntervalClaim
  /** With `of: 'proportion'`: the share of values that must lie in the interval (default 0.95). */
  atLeast?: number
  /**
   * With `of: 'mean'`: the declared range [a, b] of every value (either end may be infinite). The mean's
   * bounds on a side with a finite end are then finite-sample betting bounds, valid for any distribution
   * at any n; a value outside the range is an error.
   */
  range?: readonly [number, number]
}

const OWN_OPTIONS = ['of', 'atLeast', 'range'] as const

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
    // The one sizing rule: draw until decided (quantile and share claims have anytime-valid bounds).
    if (claim.kind === 'quantile' || claim.kind === 'proportion')
      return sequentialShares(this, received as Sampler<unknown>, bounds, claim, opts, options?.samples)
    if (claim.kind === 'mean')
      return sequentialMean(this, received as Sampler<unknown>, bounds, claim, opts, options?.samples)
    // of: 'each' is a hard bound on every value (no statistics): it draws `samples` values.
    const start = Date.now()
    return drawSamples(received as Sampler<unknown>, {
      samples: opts.samples,
      seed: opts.seed,
      timeoutMs: opts.timeoutMs,
      concurrency: opts.concurrency,
      callTimeoutMs: opts.callTimeoutMs,
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

/** How a share is decided: exact Clopper–Pearson for a fixed sample, anytime-valid bounds for a sequential run. */
interface ShareDecider {
  decide: (claim: Parameters<typeof decideShare>[0]) => IntervalDecision
  words: string
  method: string
}

const CLOPPER_PEARSON: ShareDecider = {
  decide: decideShare,
  words: 'Clopper–Pearson',
  method: 'clopper-pearson',
}

/** The anytime-valid share bounds a sequential run decides on (src/sequential.ts), valid at every look. */
const ANYTIME: ShareDecider = {
  decide: (c) => decideRateAnytime(c.count, c.n, c, true) as IntervalDecision,
  words: 'anytime-valid beta-binomial mixture bounds',
  method: 'beta-binomial-mixture-cs',
}

/**
 * A sampler with a quantile or share claim, drawn sequentially: after every batch the claim's shares are
 * decided on anytime-valid bounds (valid however often they are looked at), stopping at the verdict, at
 * maxSamples or at the time budget; the message is the fixed-sample one, on those bounds.
 */
async function sequentialShares(
  context: MatcherContext,
  sampler: Sampler<unknown>,
  bounds: ParsedInterval,
  claim: Claim & { kind: 'quantile' | 'proportion' },
  opts: ResolvedOptions,
  callSamples: number | undefined,
): Promise<MatcherResult> {
  const rates = { falseFailRate: opts.falseFailRate, falsePassRate: opts.falsePassRate }
  let counts: IntervalCounts | undefined
  const { run, drawsLine, record } = await drawUntilDecided(NAME, sampler, opts, callSamples, {
    check: drawChecks.finiteNumber,
    method: ANYTIME.method,
    decide: (values, final) => {
      counts = intervalCounts(values as number[], bounds.lower, bounds.upper, counts)
      const { n, inside, atOrBelowUpper, below: belowLower } = counts
      const parts: ShareCount[] = []
      let tolerance: number
      if (claim.kind === 'proportion') {
        tolerance = opts.tolerance ?? Math.min(0.05, claim.atLeast / 2)
        parts.push({ count: inside, n, target: { lower: claim.atLeast, upper: Number.POSITIVE_INFINITY } })
      } else {
        const p = claim.p
        tolerance = opts.tolerance ?? Math.min(0.1, p / 2, (1 - p) / 2)
        if (Number.isFinite(bounds.upper))
          parts.push({ count: atOrBelowUpper, n, target: { lower: p, upper: Number.POSITIVE_INFINITY } })
        if (Number.isFinite(bounds.lower))
          parts.push({ count: belowLower, n, target: { lower: Number.NEGATIVE_INFINITY, upper: p } })
      }
      const ds = decideSharesAnytime(parts, { ...rates, tolerance }, final)
      return ds && decideAll(ds)
    },
  })
  const xs = Float64Array.from(run.values as number[])
  const evidence =
    claim.kind === 'proportion'
      ? proportionEvidence(xs, bounds, claim.atLeast, opts, ANYTIME)
      : quantileEvidence(xs, bounds, claim.p, opts, ANYTIME)
  evidence.usedRandomness = true
  evidence.observed.unshift(drawsLine)
  evidence.record = { ...evidence.record, ...record }
  if (evidence.samplesNeeded !== undefined) evidence.samplesUnit = 'draws (maxSamples)'
  return verdict(context, NAME, 'interval', evidence, opts)
}

/**
 * A sampler with a mean claim, drawn until decided (issue 14 item 6: the one sizing rule):
 *
 * - with a finite declared `range`: the anytime-valid betting confidence sequence of Waudby-Smith & Ramdas
 *   (2023) (src/sequential.ts `boundedMeanMonitor`), looked at after every batch;
 * - otherwise (no range, or a half-line): a group-sequential design on the fixed-n decision (skew-corrected
 *   t with its trust rule, betting on a finite end): planned looks from `samples` to maxSamples, each at
 *   falseFailRate/K and falsePassRate/K (src/sequential.ts `meanGroupSequential`).
 *
 * Stops at the verdict, at maxSamples or at the time budget; the message says how many values were drawn
 * and why it stopped.
 */
async function sequentialMean(
  context: MatcherContext,
  sampler: Sampler<unknown>,
  bounds: ParsedInterval,
  claim: Claim & { kind: 'mean' },
  opts: ResolvedOptions,
  callSamples: number | undefined,
): Promise<MatcherResult> {
  const start = Date.now()
  const range = claim.range
  const rates = { falseFailRate: opts.falseFailRate, falsePassRate: opts.falsePassRate }
  const target = { lower: bounds.lower, upper: bounds.upper }
  const maxSamples = opts.maxSamples ?? callSamples ?? DEFAULT_MAX_SAMPLES
  const concurrency = opts.concurrency ?? 1
  const bounded = range !== undefined && Number.isFinite(range[0]) && Number.isFinite(range[1])
  const width = bounds.upper - bounds.lower
  // The tolerance is fixed before the first look: the call's, a quarter of the interval's width, or a
  // quarter of the standard deviation of the values at the first look.
  let tolerance: number | undefined =
    opts.tolerance ?? (Number.isFinite(width) && width > 0 ? width / 4 : undefined)
  const toleranceOf = (values: readonly unknown[]) => {
    if (tolerance === undefined)
      tolerance = defaultValueTolerance(bounds, standardDeviation(values as number[]))
    return tolerance
  }
  const inRange: DrawCheck | undefined = range
    ? (v) =>
        drawChecks.finiteNumber(v) ??
        ((v as number) >= range[0] && (v as number) <= range[1]
          ? undefined
          : `must lie in the declared options.range [${range[0]}, ${range[1]}], got ${formatNumber(v as number, 6)}`)
    : drawChecks.finiteNumber
  let monitor: ReturnType<typeof boundedMeanMonitor> | undefined
  const design = bounded
    ? undefined
    : meanGroupSequential<MeanDecision>({
        first: Math.min(maxSamples, Math.max(2, opts.samples, concurrency)),
        maxSamples,
        rates,
        decideAt: (values, lookRates) =>
          decideMean(values, {
            target,
            tolerance: toleranceOf(values as unknown as unknown[]),
            ...lookRates,
            range,
            seed: range ? opts.seed : undefined,
          }),
      })
  const first = design
    ? design.looks[0]
    : Math.min(maxSamples, Math.max(concurrency, tolerance === undefined ? 30 : 10))
  const run = await drawUntilDecided<unknown, IntervalDecision>(NAME, sampler, opts, callSamples, {
    check: inRange,
    method: bounded ? 'betting-cs' : 'group-sequential',
    minSamples: first,
    nextLook: design ? (drawn, d) => design.nextLook(drawn, d as MeanDecision | undefined) : undefined,
    decide: (values, final) => {
      if (design) {
        if (values.length < 2) {
          if (final) throw tooFewDrawn(values.length, maxSamples, opts, start)
          return undefined
        }
        return design.decide(values as number[], final)
      }
      if (!monitor) {
        monitor = boundedMeanMonitor({
          ...rates,
          target,
          tolerance: toleranceOf(values),
          range: range as [number, number],
          where: NAME,
        })
      }
      return monitor.decide(values as number[], final)
    },
  })
  const { run: r, drawsLine, record } = run
  const d = r.decision
  // The values the decision was made on: a run stopped between planned looks keeps its last look's.
  const xs = Float64Array.from((r.values as number[]).slice(0, d.n))
  if (xs.length < 2) throw tooFewDrawn(xs.length, maxSamples, opts, start)
  let how: MeanHow
  if (design) {
    const md = d as MeanDecision
    const k = design.looks.length
    how = {
      decision: md,
      tolerance: md.tolerance,
      rates: design.lookRates,
      kind: 'interval',
      words: `${range ? 'betting bound on the bounded side, skew-corrected t on the other' : 'skew-corrected Student t'}; ${k === 1 ? 'one planned look' : `look ${design.looks.indexOf(md.n) + 1 || design.looksTaken} of ${k} planned at n = ${design.looks.join(', ')}, each at falseFailRate/${k} and falsePassRate/${k}`}`,
    }
  } else {
    const id = d as IntervalDecision
    how = {
      decision: {
        ...id,
        methods: { lower: 'betting', upper: 'betting' },
        method: 'betting-cs',
        moments: meanMoments(xs),
        computedBounds: id.failBounds,
        untrustedSides: { lower: false, upper: false },
      },
      tolerance: id.tolerance,
      rates,
      kind: 'sequence',
      words: `anytime-valid betting bounds on the declared range [${formatNumber((range as [number, number])[0])}, ${formatNumber((range as [number, number])[1])}], Waudby-Smith & Ramdas`,
    }
  }
  const evidence = meanEvidence(xs, bounds, opts, range, how)
  evidence.usedRandomness = true
  const line =
    d.n < r.samplesDrawn
      ? `${drawsLine[1]}; decided at the last planned look, n = ${d.n} (a look at an unplanned n would not keep the error rates)`
      : drawsLine[1]
  evidence.observed.unshift([drawsLine[0], line])
  evidence.record = {
    ...evidence.record,
    ...record,
    method: how.decision.method === 'betting-cs' ? 'betting-cs' : `group-sequential/${how.decision.method}`,
  }
  if (evidence.samplesNeeded !== undefined) evidence.samplesUnit = 'draws (maxSamples)'
  if (assertionFails(context, evidence, opts)) {
    const note = await rerunCheck(NAME, sampler, r.values, opts, opts.timeoutMs - (Date.now() - start))
    if (note) {
      evidence.meaning = `${note} ${evidence.meaning ?? ''}`.trim()
      evidence.advice = UNCONTROLLED_RANDOMNESS_ADVICE
    }
  }
  return verdict(context, NAME, 'interval', evidence, opts)
}

function tooFewDrawn(
  n: number,
  maxSamples: number,
  opts: ResolvedOptions,
  start: number,
): SamplerTimeoutError {
  return new SamplerTimeoutError(NAME, {
    timeoutMs: opts.timeoutMs,
    completed: n,
    requested: maxSamples,
    elapsedMs: Date.now() - start,
    seed: opts.seed,
  })
}

type Claim =
  | { kind: 'mean'; range?: [number, number] }
  | { kind: 'each' }
  | { kind: 'quantile'; p: number }
  | { kind: 'proportion'; atLeast: number }

function parseClaim(options: WithinIntervalOptions | undefined): Claim {
  const of = options?.of ?? 'mean'
  if (options?.atLeast !== undefined && of !== 'proportion')
    throw new InvalidInputError(NAME, 'options.atLeast', "goes with of: 'proportion'")
  if (options?.range !== undefined && of !== 'mean')
    throw new InvalidInputError(
      NAME,
      'options.range',
      "goes with of: 'mean' (the declared range of every value)",
    )
  if (of === 'mean') return { kind: 'mean', range: parseRange(options?.range) }
  if (of === 'each') return { kind: of }
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
      evidence = meanEvidence(xs, bounds, opts, claim.range)
      break
    case 'quantile':
      evidence = quantileEvidence(xs, bounds, claim.p, opts)
      break
    case 'proportion':
      evidence = proportionEvidence(xs, bounds, claim.atLeast, opts)
      break
  }
  evidence.usedRandomness = drawn
  evidence.samplesUnit ??= drawn ? 'draws (the samples option)' : 'values'
  const source = drawn ? `${xs.length} draws from the sampler` : `${xs.length} values`
  evidence.observed.unshift(['Data', source])
  return evidence
}

function eachEvidence(xs: ArrayLike<number>, bounds: ParsedInterval): Evidence {
  const count = intervalCounts(xs, bounds.lower, bounds.upper).outside
  // The first few values outside, to show.
  const outside: Array<[number, number]> = []
  for (let i = 0; i < xs.length && outside.length < Math.min(5, count); i++)
    if (xs[i] < bounds.lower || xs[i] > bounds.upper) outside.push([i, xs[i]])
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

const pctOf = (rate: number) => `${formatLevel(1 - 2 * rate)}%`

/** "[a, b]", each end with the digits that keep it on its side of every ref (the claim's ends). */
function showBounds(b: { lower: number; upper: number }, refs: readonly number[]): string {
  return `[${formatAgainst(b.lower, refs)}, ${formatAgainst(b.upper, refs)}]`
}

/**
 * The Power line of an interval decision, in words: what violation the data rule out, or, when nothing
 * finite is ruled out, how many samples would decide.
 */
function powerLine(
  d: IntervalDecision,
  unit: string,
  samplesNeeded: number | undefined,
  passRate: number,
): string {
  if (d.reason === 'untrusted')
    return samplesNeeded
      ? `nothing is ruled out until the bound can be trusted: about ${samplesNeeded} values`
      : 'nothing is ruled out: no trustworthy bound at this n'
  if (!Number.isFinite(d.ruledOut))
    return samplesNeeded
      ? `nothing is ruled out yet: about ${samplesNeeded} values would decide`
      : 'nothing is ruled out yet'
  if (d.ruledOut === 0)
    return `these data rule out any violation (the ${pctOf(passRate)} interval lies inside the claim)`
  return `these data rule out a violation larger than ${formatNumber(d.ruledOut)} ${unit} (the tolerance is ${formatNumber(d.tolerance)})`
}

function parseRange(range: unknown): [number, number] | undefined {
  if (range === undefined) return undefined
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    typeof range[0] !== 'number' ||
    typeof range[1] !== 'number'
  )
    throw new InvalidInputError(NAME, 'options.range', 'must be [a, b]: the declared range of every value')
  const [a, b] = range
  if (Number.isNaN(a) || Number.isNaN(b) || !(a < b))
    throw new InvalidRangeError(NAME, 'options.range', `must be [a, b] with a < b, got [${a}, ${b}]`)
  if (a === Number.NEGATIVE_INFINITY && b === Number.POSITIVE_INFINITY)
    throw new InvalidRangeError(NAME, 'options.range', 'must have at least one finite end')
  return [a, b]
}

/** A mean decision made elsewhere (a sequential run), and how to describe it. */
interface MeanHow {
  decision: MeanDecision
  tolerance: number
  /** The rates the decision's bounds are at. */
  rates: { falseFailRate: number; falsePassRate: number }
  /** The method in words, for the Interval line. */
  words: string
  /** 'interval' or 'sequence' (a confidence sequence). */
  kind: 'interval' | 'sequence'
}

function meanEvidence(
  xs: ArrayLike<number>,
  bounds: ParsedInterval,
  opts: ResolvedOptions,
  range: [number, number] | undefined,
  how?: MeanHow,
): Evidence {
  const n = xs.length
  const shown = show(bounds)
  if (n < 2 && !how)
    throw new InvalidRangeError(
      NAME,
      'received',
      "must hold at least 2 values for a claim about the mean (use of: 'each' for one value)",
    )
  if (range && !how)
    for (let i = 0; i < n; i++)
      if (!(xs[i] >= range[0] && xs[i] <= range[1]))
        throw new InvalidRangeError(
          NAME,
          'received',
          `value [${i}] = ${xs[i]} lies outside the declared options.range [${range[0]}, ${range[1]}]`,
        )
  const a = how?.rates.falseFailRate ?? opts.falseFailRate
  const b = how?.rates.falsePassRate ?? opts.falsePassRate
  const sd = n > 1 ? standardDeviation(xs) : 0
  const tolerance = how?.tolerance ?? opts.tolerance ?? defaultValueTolerance(bounds, sd)
  const d =
    how?.decision ??
    decideMean(xs, {
      target: { lower: bounds.lower, upper: bounds.upper },
      tolerance,
      falseFailRate: a,
      falsePassRate: b,
      range,
      seed: range ? opts.seed : undefined,
    })
  const m = d.estimate
  const ci = d.computedBounds
  const side =
    m > bounds.upper
      ? 'above the upper bound'
      : m < bounds.lower
        ? 'below the lower bound'
        : 'inside the interval'
  const methodWords = how
    ? how.words
    : range
      ? d.method === 'betting'
        ? `betting bounds on the declared range [${formatNumber(range[0])}, ${formatNumber(range[1])}], valid at any n`
        : `betting bound on the bounded side of [${formatNumber(range[0])}, ${formatNumber(range[1])}], skew-corrected t on the other`
      : 'skew-corrected Student t'
  const ciWords = how?.kind === 'sequence' ? 'confidence sequence' : 'confidence interval'
  const untrustedNote = d.untrustedSides.lower || d.untrustedSides.upper ? ', not trusted at this n' : ''
  const refs = [bounds.lower, bounds.upper, bounds.lower - tolerance, bounds.upper + tolerance]
  const widened = `[${formatNumber(bounds.lower - tolerance, 6)}, ${formatNumber(bounds.upper + tolerance, 6)}]`
  let meaning: string | undefined
  if (d.outcome === 'fail')
    meaning = `The whole ${pctOf(a)} interval lies ${ci.lower > bounds.upper ? 'above' : 'below'} ${shown}: so large a gap arises by chance with probability below ${formatNumber(a)}.`
  else if (d.reason === 'untrusted')
    meaning = `${capitalise(d.untrusted ?? 'the bound cannot be trusted at this n')}.${range ? '' : ' Declaring the range of the values (options.range) gives bounds valid at any n.'}`
  else if (d.outcome === 'inconclusive')
    meaning = `No evidence against the claim, but the ${pctOf(b)} interval ${showBounds(d.passBounds, refs)} reaches beyond the claim widened by the tolerance, ${widened}: a mean up to ${formatNumber(d.ruledOut)} outside ${shown} is not ruled out.`
  else
    meaning = `The ${pctOf(b)} interval ${showBounds(d.passBounds, refs)} lies within the claim widened by the tolerance, ${widened}.`
  const observed: Array<[string, string]> = [
    ['Estimate', `mean ${formatAgainst(m, refs)} (${side}), sd ${formatNumber(sd)}, n = ${n}`],
    [
      'Interval',
      `${pctOf(a)} ${ciWords} for the mean ${showBounds(ci, refs)} (${methodWords}${untrustedNote})`,
    ],
    [
      'Tolerance',
      `${formatNumber(tolerance)} in the mean${opts.tolerance === undefined ? ` (default: a quarter of the ${Number.isFinite(bounds.upper - bounds.lower) && bounds.upper > bounds.lower ? 'interval width' : 'standard deviation'})` : ''}`,
    ],
  ]
  if (d.reason === 'untrusted')
    observed.splice(1, 0, [
      'Shape',
      `skewness ${formatNumber(d.moments.skewness)}, excess kurtosis ${formatNumber(d.moments.kurtosis)}`,
    ])
  return {
    claim: `the mean lies within ${shown}`,
    oppositeClaim: `the mean lies outside ${shown}`,
    outcome: d.outcome,
    observed,
    meaning,
    // On a failure the Interval line is the evidence; a Power line would only repeat it.
    power: d.outcome === 'fail' ? undefined : powerLine(d, 'in the mean', d.samplesNeeded, b),
    detectable: d.outcome === 'fail' ? undefined : `${formatNumber(d.ruledOut)} in the mean`,
    samplesNeeded: d.outcome === 'inconclusive' ? d.samplesNeeded : undefined,
    decision: d,
    record: { method: d.method, tolerance },
    usedRandomness: range !== undefined || how !== undefined,
    advice:
      d.reason === 'untrusted'
        ? `Take at least ${d.samplesNeeded ?? 'more'} values, or declare the range of the values with options.range.`
        : 'If the model really changed, update the interval; otherwise investigate the shift. The interval is for the mean: use of: "each" for hard bounds on every value.',
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function quantileEvidence(
  xs: ArrayLike<number>,
  bounds: ParsedInterval,
  p: number,
  opts: ResolvedOptions,
  share: ShareDecider = CLOPPER_PEARSON,
): Evidence {
  const n = xs.length
  const a = opts.falseFailRate
  const b = opts.falsePassRate
  const shown = show(bounds)
  const label = p === 0.5 ? 'the median' : `the ${formatNumber(100 * p)}th percentile`
  const { atOrBelowUpper, below: belowLower } = intervalCounts(xs, bounds.lower, bounds.upper)
  const tolerance = opts.tolerance ?? Math.min(0.1, p / 2, (1 - p) / 2)
  const rates = { falseFailRate: a, falsePassRate: b, tolerance, n }
  // The p-quantile is at most `upper` iff P(X <= upper) >= p; at least `lower` iff P(X < lower) <= p.
  // A violation by the tolerance: P(X <= upper) <= p - tolerance, or P(X < lower) >= p + tolerance.
  const parts: Array<{ side: 'upper' | 'lower'; d: IntervalDecision }> = []
  if (Number.isFinite(bounds.upper))
    parts.push({
      side: 'upper',
      d: share.decide({
        ...rates,
        count: atOrBelowUpper,
        target: { lower: p, upper: Number.POSITIVE_INFINITY },
      }),
    })
  if (Number.isFinite(bounds.lower))
    parts.push({
      side: 'lower',
      d: share.decide({ ...rates, count: belowLower, target: { lower: Number.NEGATIVE_INFINITY, upper: p } }),
    })
  const d = decideAll(parts.map((x) => x.d))
  const est = quantile(xs, p)
  const pct = (x: number) => `${formatNumber(100 * x)}%`
  const observed: Array<[string, string]> = [
    ['Estimate', `${label} ${formatAgainst(est, [bounds.lower, bounds.upper])}, n = ${n}`],
  ]
  for (const { side, d: part } of parts) {
    const what =
      side === 'upper' ? `<= ${formatNumber(bounds.upper, 6)}` : `< ${formatNumber(bounds.lower, 6)}`
    const needs = side === 'upper' ? `needs >= ${pct(p)}` : `needs <= ${pct(p)}`
    observed.push([
      side === 'upper' ? 'Upper end' : 'Lower end',
      `${pct(part.estimate)} of values ${what} (${needs}); ${pctOf(a)} interval [${pct(part.failBounds.lower)}, ${pct(part.failBounds.upper)}] (${share.words})`,
    ])
  }
  observed.push([
    'Tolerance',
    `${formatNumber(tolerance)} in the quantile level${opts.tolerance === undefined ? ' (default)' : ''}`,
  ])
  const failed = parts.find((x) => x.d.outcome === 'fail')
  const open = parts.filter((x) => x.d.outcome !== 'pass')
  const ruledOut = Math.max(...parts.map((x) => x.d.ruledOut))
  let meaning: string
  if (failed)
    meaning =
      failed.side === 'upper'
        ? `Even the upper bound on the share of values <= ${formatNumber(bounds.upper, 6)} is below ${pct(p)}: ${label} lies above ${shown} (chance of so few below it under the claim: at most ${formatNumber(a)}).`
        : `Even the lower bound on the share of values < ${formatNumber(bounds.lower, 6)} is above ${pct(p)}: ${label} lies below ${shown} (chance of so many below it under the claim: at most ${formatNumber(a)}).`
  else if (d.outcome === 'inconclusive')
    meaning = `No evidence against the claim, but the ${pctOf(b)} bounds on ${open.map((x) => (x.side === 'upper' ? `the share <= ${formatNumber(bounds.upper, 6)}` : `the share < ${formatNumber(bounds.lower, 6)}`)).join(' and ')} do not rule out a shift of the quantile level by the tolerance ${formatNumber(tolerance)}.`
  else
    meaning = `The ${pctOf(b)} bounds on the shares rule out a shift of the quantile level by the tolerance ${formatNumber(tolerance)}.`
  const power =
    d.outcome === 'fail'
      ? undefined
      : d.outcome === 'inconclusive' && !Number.isFinite(ruledOut)
        ? `nothing is ruled out yet: about ${d.samplesNeeded} values would decide`
        : ruledOut === 0
          ? 'these data rule out any shift of the quantile level beyond the claim'
          : `these data rule out a shift of the quantile level larger than ${formatNumber(ruledOut)} (the tolerance is ${formatNumber(tolerance)})`
  return {
    claim: `${label} lies within ${shown}`,
    oppositeClaim: `${label} lies outside ${shown}`,
    outcome: d.outcome,
    observed,
    meaning,
    power,
    detectable: d.outcome === 'fail' ? undefined : `${formatNumber(ruledOut)} in the quantile level`,
    samplesNeeded: d.outcome === 'inconclusive' ? d.samplesNeeded : undefined,
    decision: d,
    record: {
      method: share.method,
      tolerance,
      estimate: est,
      target: { lower: bounds.lower, upper: bounds.upper },
      detectable: ruledOut,
    },
    advice: `If the distribution really changed, update the interval; otherwise look at the values beyond ${failed?.side === 'lower' ? formatNumber(bounds.lower, 6) : formatNumber(bounds.upper, 6)} (the tail that moved).`,
  }
}

function proportionEvidence(
  xs: ArrayLike<number>,
  bounds: ParsedInterval,
  atLeast: number,
  opts: ResolvedOptions,
  share: ShareDecider = CLOPPER_PEARSON,
): Evidence {
  const n = xs.length
  const a = opts.falseFailRate
  const b = opts.falsePassRate
  const shown = show(bounds)
  const { inside } = intervalCounts(xs, bounds.lower, bounds.upper)
  const tolerance = opts.tolerance ?? Math.min(0.05, atLeast / 2)
  const d = share.decide({
    count: inside,
    n,
    target: { lower: atLeast, upper: Number.POSITIVE_INFINITY },
    tolerance,
    falseFailRate: a,
    falsePassRate: b,
  })
  const pct = (x: number) => `${formatNumber(100 * x)}%`
  const ci = d.failBounds
  let meaning: string
  if (d.outcome === 'fail')
    meaning = `Even the upper confidence bound on the share inside, ${pct(ci.upper)}, is below ${pct(atLeast)}.`
  else if (d.outcome === 'inconclusive')
    meaning = `No evidence against the claim, but the ${pctOf(b)} lower bound on the share inside, ${pct(d.passBounds.lower)}, does not rule out a share as low as ${pct(atLeast - tolerance)}.`
  else
    meaning = `The ${pctOf(b)} lower bound on the share inside, ${pct(d.passBounds.lower)}, is above ${pct(atLeast - tolerance)}.`
  return {
    claim: `at least ${pct(atLeast)} of values lie within ${shown}`,
    oppositeClaim: `fewer than ${pct(atLeast)} of values lie within ${shown}`,
    outcome: d.outcome,
    observed: [
      ['Estimate', `${inside} of ${n} inside (${pct(d.estimate)})`],
      [
        'Interval',
        `${pctOf(a)} confidence interval for the share [${pct(ci.lower)}, ${pct(ci.upper)}] (${share.words})`,
      ],
      [
        'Tolerance',
        `${formatNumber(tolerance)} in the share${opts.tolerance === undefined ? ' (default)' : ''}`,
      ],
    ],
    meaning,
    power:
      d.outcome === 'fail'
        ? undefined
        : d.ruledOut === 0
          ? 'these data rule out any shortfall of the share'
          : `these data rule out a shortfall of the share larger than ${formatNumber(d.ruledOut)} (the tolerance is ${formatNumber(tolerance)})`,
    detectable: d.outcome === 'fail' ? undefined : `${formatNumber(d.ruledOut)} in the share`,
    samplesNeeded: d.outcome === 'inconclusive' ? d.samplesNeeded : undefined,
    decision: d,
    record: { method: share.method, tolerance },
    advice: `Look at the values outside ${shown}; if the share really changed, update atLeast deliberately.`,
  }
}
