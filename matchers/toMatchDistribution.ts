/**
 * `expect(received).toMatchDistribution(reference, { test, tolerance, bins })`.
 *
 * The claim is that `received` comes from the distribution of `reference`. `.not` claims they differ
 * and passes only on evidence of it.
 *
 * - **Numbers** (an array, a typed array, a Baseline, or a sampler drawn `samples` times):
 *   - `test: 'ks'` (default): Kolmogorov–Smirnov, one-sample against a named distribution or a CDF
 *     function, two-sample against reference samples (src/distributionPower.ts decideKsOneSample /
 *     decideKsTwoSample). Fails when p < falseFailRate. Tolerance: the KS distance (largest gap between
 *     the two CDFs) that must be detected with probability 1 − falsePassRate, default 0.1, by the exact
 *     pointwise power bound at the least favourable distribution; below that power, inconclusive.
 *   - `test: 'psi'` / `'wasserstein'`: drift thresholds against reference samples. The claim is
 *     "PSI (or Wasserstein-1 distance) ≤ tolerance" (defaults: PSI 0.1, the usual "no significant
 *     shift" line; Wasserstein a tenth of the reference's standard deviation), decided by
 *     src/distances.ts decideDriftThreshold: fail when a lower bound at falseFailRate lies above the
 *     threshold, pass when an upper bound at falsePassRate lies at or below it, inconclusive in between
 *     (and for PSI with fewer than 10 values per bin). The bounds are documented with
 *     wassersteinBounds and psiBounds. A threshold claim has no indifference zone: the tolerance is the
 *     threshold, and the false-pass rate holds for every distance above it.
 * - **Categories** (an array of labels — strings, numbers or booleans — or category counts `{ a: 10 }`):
 *   - `test: 'chi-square'` (default): goodness of fit against counts or probabilities
 *     (`{ a: 10, b: 30 }`, `{ a: 0.25, b: 0.75 }`), homogeneity (2 × k contingency table) against another
 *     label sample. Tolerance: the total variation distance between the category shares that must be
 *     detected with probability 1 − falsePassRate, default 0.1 (power from the noncentral chi-square at
 *     the least favourable alternative, noncentrality 4·n·tv²). With an expected count below 5 the
 *     p-value is exact (multinomial enumeration) or seeded Monte Carlo (src/hypothesis.ts
 *     chiSquareGoodnessOfFitSmall / chiSquareHomogeneitySmall).
 */

import { sortedCopy, standardDeviation, tiesSorted } from '../src/descriptive'
import { decideDriftThreshold } from '../src/distances'
import {
  type ChiSquareDecision,
  chiSquareGoodnessOfFitCells,
  chiSquareHomogeneityCells,
  DEFAULT_KS_TOLERANCE,
  DEFAULT_TV_TOLERANCE,
  decideChiSquareGoodnessOfFit,
  decideChiSquareHomogeneity,
  decideKsOneSample,
  decideKsTwoSample,
  samplesForChiSquare,
  samplesForKsExact,
} from '../src/distributionPower'
import { exponentialCdf, normalCdf, uniformCdf } from '../src/distributions'
import { checkCount, checkSample, describeValue, InvalidInputError, InvalidRangeError } from '../src/errors'
import { categoryCounts } from '../src/histogram'
import { type KsDistribution, ksTest } from '../src/hypothesis'
import { ecdfExtra } from '../src/report'
import { drawSamples, type Sampler } from '../src/sampler'
import { decideKsAnytime } from '../src/sequential'
import { formatNumber, type MatcherContext, type MatcherResult } from './context'
import {
  binEdges,
  type CategoryRow,
  categoryTable,
  cdfShares,
  describeGap,
  largestGapTwoSamples,
  largestGapVsCdf,
  MAX_PICTURE_BINS,
  sampleShares,
  sideBySideHistograms,
} from './picture'
import { assertionFails, drawUntilDecided, rerunCheck, UNCONTROLLED_RANDOMNESS_ADVICE } from './sampling'
import { type Evidence, type ResolvedOptions, resolveOptions, type SamplingOptions, verdict } from './verdict'

const NAME = 'toMatchDistribution'

/** The test behind the verdict. */
export type DistributionTest = 'ks' | 'chi-square' | 'psi' | 'wasserstein'

/** A named continuous distribution, e.g. `{ normal: { mean: 0, sd: 1 } }`. */
export type NamedDistribution =
  | { normal: { mean?: number; sd?: number } }
  | { uniform: { min?: number; max?: number } }
  | { exponential: { rate?: number } }
  | { [name: string]: Record<string, number> }

/** A label of categorical data. */
export type CategoryLabel = string | number | boolean

/** Category counts (`{ a: 10, b: 30 }`) or probabilities (`{ a: 0.25, b: 0.75 }`). */
export type CategoryCounts = Readonly<Record<string, number>>

/** What a received distribution is compared with. */
export type DistributionReference =
  | ArrayLike<number>
  | readonly CategoryLabel[]
  | { readonly samples: ArrayLike<number> }
  | NamedDistribution
  | CategoryCounts
  | ((x: number) => number)

export interface MatchDistributionOptions extends SamplingOptions {
  /**
   * `'ks'` (default for numbers), `'chi-square'` (default for categories), `'psi'` or `'wasserstein'`
   * (drift thresholds: the claim is that the distance is at most `tolerance`).
   */
  test?: DistributionTest
  /**
   * `'ks'`: the KS distance sup|F − G| that must be detected, in (0, 1) (default 0.1). `'chi-square'`: the
   * total variation distance between category shares that must be detected, in (0, 1) (default 0.1).
   * `'psi'` / `'wasserstein'`: the threshold of the claim "distance ≤ tolerance" (default 0.1 for PSI, a
   * tenth of the reference's standard deviation for Wasserstein).
   */
  tolerance?: number
  /** Bins of the pictures in the message (at most 10 are drawn) and, for `'psi'`, of the index (default 10). */
  bins?: number
}

const OWN_OPTIONS = ['test', 'bins'] as const
const TESTS: readonly DistributionTest[] = ['ks', 'chi-square', 'psi', 'wasserstein']

const DEFAULT_PSI_THRESHOLD = 0.1
const DEFAULT_WASSERSTEIN_FRACTION = 0.1
const DEFAULT_BINS = 10

// ---------------------------------------------------------------------------------------------
// Parsing what was received and what it is compared with
// ---------------------------------------------------------------------------------------------

type Numbers = { kind: 'numbers'; xs: Float64Array; source: string }
type Categories = {
  kind: 'categories'
  counts: Map<string, number>
  n: number
  source: string
  fromCounts: boolean
}
type Data = Numbers | Categories

type Reference =
  | { kind: 'samples'; values: unknown[] | ArrayLike<number>; baseline: boolean }
  | { kind: 'cdf'; cdf: (x: number) => number; label: string; named?: ParsedNamed }
  | { kind: 'shares'; shares: Map<string, number>; counts: boolean; total: number }

interface ParsedNamed {
  name: string
  params: Record<string, number>
  cdf: (x: number) => number
  label: string
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !isArrayLike(x)
}

/** A Baseline (from monteCarlo) or anything with a numeric `samples` array. */
function baselineSamples(x: unknown): ArrayLike<unknown> | undefined {
  if (isPlainObject(x) && 'samples' in x && isArrayLike(x.samples)) return x.samples as ArrayLike<unknown>
  return undefined
}

/** Whether an array holds labels (strings or booleans), numbers, or a mix (an error). */
function elementKind(argument: string, xs: ArrayLike<unknown>): 'numbers' | 'labels' {
  if (ArrayBuffer.isView(xs)) return 'numbers'
  let numbers = 0
  let labels = 0
  let labelType: string | undefined
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]
    const t = typeof v
    if (t === 'number') numbers++
    else if (t === 'string' || t === 'boolean') {
      labels++
      if (labelType !== undefined && labelType !== t)
        throw new InvalidInputError(
          NAME,
          argument,
          `mixes ${labelType} and ${t} labels (at [${i}]): use one kind of label`,
        )
      labelType = t
    } else if (!(i in (xs as object)))
      throw new InvalidInputError(NAME, `${argument}[${i}]`, 'is a hole in a sparse array')
    else
      throw new InvalidInputError(
        NAME,
        `${argument}[${i}]`,
        `must be a number or a label (string or boolean), got ${describeValue(v)}`,
      )
    if (numbers > 0 && labels > 0)
      throw new InvalidInputError(
        NAME,
        argument,
        `mixes numbers and labels (at [${i}]): give numbers for a continuous distribution or labels for categories`,
      )
  }
  return labels > 0 ? 'labels' : 'numbers'
}

function countLabels(argument: string, xs: ArrayLike<unknown>): Map<string, number> {
  if (xs.length === 0) throw new InvalidRangeError(NAME, argument, 'must not be empty')
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]
    if (typeof v === 'number' && !Number.isFinite(v))
      throw new InvalidRangeError(NAME, `${argument}[${i}]`, `must be finite, got ${describeValue(v)}`)
  }
  return categoryCounts(xs as ArrayLike<string | boolean | number>)
}

/** Category counts `{ a: 10, b: 30 }` or probabilities `{ a: 0.25, b: 0.75 }`. */
function parseCategoryObject(argument: string, o: Record<string, unknown>, mustBeCounts: boolean) {
  const keys = Object.keys(o)
  if (keys.length === 0) throw new InvalidRangeError(NAME, argument, 'must name at least one category')
  const shares = new Map<string, number>()
  let total = 0
  let whole = true
  for (const key of keys) {
    const v = o[key]
    if (typeof v !== 'number')
      throw new InvalidInputError(
        NAME,
        `${argument}.${key}`,
        `must be a count or a probability, got ${describeValue(v)}`,
      )
    if (!Number.isFinite(v) || v < 0)
      throw new InvalidRangeError(
        NAME,
        `${argument}.${key}`,
        `must be a finite number >= 0, got ${describeValue(v)}`,
      )
    if (mustBeCounts) checkCount(NAME, `${argument}.${key}`, v)
    if (!Number.isInteger(v)) whole = false
    shares.set(key, v)
    total += v
  }
  if (!(total > 0)) throw new InvalidRangeError(NAME, argument, 'must have a positive total')
  const isProbabilities = !whole || Math.abs(total - 1) < 1e-9
  if (!whole && Math.abs(total - 1) > 1e-6)
    throw new InvalidRangeError(
      NAME,
      argument,
      `holds fractions, so it must be probabilities summing to 1 (got a sum of ${formatNumber(total, 8)}); give whole counts otherwise`,
    )
  return { shares, total, counts: !isProbabilities }
}

function parseReceived(received: unknown): Data | { kind: 'raw'; values: unknown[] } {
  const samples = baselineSamples(received)
  if (samples)
    return {
      kind: 'numbers',
      xs: Float64Array.from(checkSample(NAME, 'received.samples', samples)),
      source: `${samples.length} values (Baseline)`,
    }
  if (isArrayLike(received)) return { kind: 'raw', values: received as unknown[] }
  if (isPlainObject(received)) {
    const { shares, total } = parseCategoryObject('received', received, true)
    return {
      kind: 'categories',
      counts: shares,
      n: total,
      source: `category counts (${total} in all)`,
      fromCounts: true,
    }
  }
  throw new InvalidInputError(
    NAME,
    'received',
    `must be an array or typed array of numbers or labels, a Baseline, category counts, or a sampler function, got ${describeValue(received)}`,
  )
}

function parseReference(reference: unknown): Reference {
  if (typeof reference === 'function') {
    return { kind: 'cdf', cdf: reference as (x: number) => number, label: 'the CDF function' }
  }
  const samples = baselineSamples(reference)
  if (samples) {
    if (samples.length === 0) throw new InvalidRangeError(NAME, 'reference.samples', 'must not be empty')
    return { kind: 'samples', values: samples as ArrayLike<number>, baseline: true }
  }
  if (isArrayLike(reference)) {
    if (reference.length === 0) throw new InvalidRangeError(NAME, 'reference', 'must not be empty')
    return { kind: 'samples', values: reference as unknown[], baseline: false }
  }
  if (isPlainObject(reference)) {
    const keys = Object.keys(reference)
    if (keys.length === 1 && isPlainObject(reference[keys[0]])) {
      const named = parseNamed(keys[0], reference[keys[0]] as Record<string, unknown>)
      return { kind: 'cdf', cdf: named.cdf, label: named.label, named }
    }
    const values = Object.values(reference)
    if (values.some((v) => isPlainObject(v)))
      throw new InvalidInputError(
        NAME,
        'reference',
        'must name one distribution, e.g. { normal: { mean: 0, sd: 1 } }, or give category counts such as { a: 10, b: 30 }',
      )
    const { shares, counts, total } = parseCategoryObject('reference', reference, false)
    return { kind: 'shares', shares, counts, total }
  }
  throw new InvalidInputError(
    NAME,
    'reference',
    `must be samples (an array, a typed array or a Baseline), a named distribution such as { normal: { mean: 0, sd: 1 } }, a CDF function, or category counts, got ${describeValue(reference)}`,
  )
}

// ---------------------------------------------------------------------------------------------
// The matcher
// ---------------------------------------------------------------------------------------------

export function toMatchDistribution(
  this: MatcherContext,
  received: unknown,
  reference: DistributionReference,
  options?: MatchDistributionOptions,
): MatcherResult | Promise<MatcherResult> {
  const opts = resolveOptions(this, NAME, options, OWN_OPTIONS)
  const test = options?.test === undefined ? undefined : (checkTest(options.test) as DistributionTest)
  const bins = options?.bins === undefined ? DEFAULT_BINS : checkCount(NAME, 'options.bins', options.bins, 2)
  if (bins > 1000) throw new InvalidRangeError(NAME, 'options.bins', `must be at most 1000, got ${bins}`)
  const ref = parseReference(reference)
  if (typeof received === 'function') {
    if (ref.kind === 'cdf' && (test === undefined || test === 'ks'))
      return sequentialKs(this, received as Sampler<unknown>, ref, test, bins, opts, options?.samples)
    const start = Date.now()
    // Unless the call sets `samples`, draw at least as many as the tolerance needs (a sampler can give more).
    const needed = options?.samples === undefined ? samplesForTolerance(ref, test, opts) : undefined
    const samples = needed !== undefined && needed > opts.samples ? needed : opts.samples
    const raised =
      samples > opts.samples ? ` (raised from ${opts.samples}: enough to detect the tolerance)` : ''
    return drawSamples(received as Sampler<unknown>, {
      samples,
      seed: opts.seed,
      timeoutMs: opts.timeoutMs,
      concurrency: opts.concurrency,
      callTimeoutMs: opts.callTimeoutMs,
      where: NAME,
      check: checkDraw,
    }).then(async ({ values }) => {
      const data = classify(
        { kind: 'raw', values },
        ref,
        test,
        `${values.length} draws from the sampler${raised}`,
      )
      const evidence = gather(data, ref, test, bins, opts)
      evidence.usedRandomness = true
      if (assertionFails(this, evidence, opts)) {
        const note = await rerunCheck(
          NAME,
          received as Sampler<unknown>,
          values,
          opts,
          opts.timeoutMs - (Date.now() - start),
        )
        if (note) {
          evidence.meaning = `${note} ${evidence.meaning ?? ''}`.trim()
          evidence.advice = UNCONTROLLED_RANDOMNESS_ADVICE
        }
      }
      return verdict(this, NAME, 'reference', evidence, opts)
    })
  }
  const parsed = parseReceived(received)
  const data = classify(
    parsed,
    ref,
    test,
    `${isArrayLike(received) ? (received as ArrayLike<unknown>).length : 0} values`,
  )
  return decide(this, data, ref, test, bins, opts)
}

/**
 * A sampler against a distribution function, drawn sequentially: after every batch, an early failure on
 * the time-uniform DKW band at falseFailRate / 2 (valid however often it is looked at; Howard & Ramdas
 * 2022); at the draws the tolerance needs (sized at falseFailRate / 2), the exact one-sample KS test at
 * falseFailRate / 2. Failing a true claim takes one of the two: at most falseFailRate in all. A clear
 * departure stops after a few batches; a matching sampler draws what the fixed test needs, a few percent
 * more than at the full rate.
 */
async function sequentialKs(
  context: MatcherContext,
  sampler: Sampler<unknown>,
  ref: Reference & { kind: 'cdf' },
  test: DistributionTest | undefined,
  bins: number,
  opts: ResolvedOptions,
  callSamples: number | undefined,
): Promise<MatcherResult> {
  const half: ResolvedOptions = { ...opts, falseFailRate: opts.falseFailRate / 2 }
  const tolerance = opts.tolerance ?? DEFAULT_KS_TOLERANCE
  checkDistanceTolerance(tolerance, 'a KS distance')
  const needed = samplesForTolerance(ref, test, half) ?? opts.samples
  const rates = { falseFailRate: half.falseFailRate, falsePassRate: opts.falsePassRate }
  const { run, drawsLine, record } = await drawUntilDecided(
    NAME,
    sampler,
    {
      ...opts,
      maxSamples: opts.maxSamples ?? callSamples ?? needed,
    } as ResolvedOptions,
    callSamples,
    {
      check: checkDraw,
      method: 'ks-one-sample, early failure on a time-uniform DKW band',
      decide: (values, final) => {
        const d = decideKsAnytime(
          ksTest(values as number[], ref.cdf).statistic,
          values.length,
          tolerance,
          rates,
        )
        // Only an early failure stops the run; passing is left to the exact test at the planned n.
        return d.outcome === 'fail' || final
          ? { ...d, outcome: d.outcome === 'fail' ? 'fail' : 'inconclusive' }
          : undefined
      },
    },
  )
  const values = run.values as number[]
  const data = classify({ kind: 'raw', values }, ref, test, `${values.length} draws from the sampler`)
  const evidence = gather(data, ref, test, bins, half)
  evidence.usedRandomness = true
  evidence.observed.unshift(drawsLine, [
    'Looks',
    `an early failure was looked for after every batch (time-uniform DKW band at ${formatNumber(half.falseFailRate)}); the exact test runs at ${formatNumber(half.falseFailRate)}: false-fail rate ${formatNumber(opts.falseFailRate)} in all`,
  ])
  evidence.record = { ...evidence.record, ...record }
  if (assertionFails(context, evidence, half)) {
    const note = await rerunCheck(NAME, sampler, values, opts, opts.timeoutMs - run.elapsedMs)
    if (note) {
      evidence.meaning = `${note} ${evidence.meaning ?? ''}`.trim()
      evidence.advice = UNCONTROLLED_RANDOMNESS_ADVICE
    }
  }
  return verdict(context, NAME, 'reference', evidence, half)
}

/**
 * How many draws a sampler needs so that a difference of the tolerance is detectable against this
 * reference (KS and chi-square); undefined when unknown (drift thresholds) or when the reference itself is
 * too small for any number of draws.
 */
function samplesForTolerance(
  ref: Reference,
  test: DistributionTest | undefined,
  opts: ResolvedOptions,
): number | undefined {
  const rates = { falseFailRate: opts.falseFailRate, falsePassRate: opts.falsePassRate }
  const ksTolerance = () => {
    const tolerance = opts.tolerance ?? DEFAULT_KS_TOLERANCE
    checkDistanceTolerance(tolerance, 'a KS distance')
    return tolerance
  }
  const chiSquareNeed = (k: number, m?: number) => {
    const tolerance = opts.tolerance ?? DEFAULT_TV_TOLERANCE
    checkDistanceTolerance(tolerance, 'a total variation distance')
    return samplesForChiSquare(tolerance, Math.max(1, k - 1), m, rates.falseFailRate, rates.falsePassRate)
  }
  if (ref.kind === 'cdf') {
    if (test !== undefined && test !== 'ks') return undefined
    return samplesForKsExact({ tolerance: ksTolerance(), ...rates })
  }
  if (ref.kind === 'shares')
    return test === undefined || test === 'chi-square' ? chiSquareNeed(ref.shares.size) : undefined
  const kind = ArrayBuffer.isView(ref.values) ? 'numbers' : elementKind('reference', ref.values as unknown[])
  const m = ref.values.length
  if (kind === 'labels' || test === 'chi-square')
    return chiSquareNeed(countLabels(ref.baseline ? 'reference.samples' : 'reference', ref.values).size, m)
  if (test !== undefined && test !== 'ks') return undefined
  return samplesForKsExact({ tolerance: ksTolerance(), ...rates, m })
}

function checkTest(test: unknown): string {
  if (typeof test !== 'string' || !(TESTS as readonly string[]).includes(test))
    throw new InvalidRangeError(
      NAME,
      'options.test',
      `must be one of ${TESTS.map((t) => `'${t}'`).join(', ')}, got ${describeValue(test)}`,
    )
  return test
}

function checkDraw(value: unknown): string | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : `must be a finite number, got ${describeValue(value)}`
  if (typeof value === 'string' || typeof value === 'boolean') return undefined
  return `must be a number or a label (string or boolean), got ${describeValue(value)}`
}

/** Decides whether the received values are numbers or categories. */
function classify(
  parsed: Data | { kind: 'raw'; values: unknown[] | ArrayLike<unknown> },
  ref: Reference,
  test: DistributionTest | undefined,
  source: string,
): Data {
  if (parsed.kind !== 'raw') return parsed
  const values = parsed.values
  if (values.length === 0) throw new InvalidRangeError(NAME, 'received', 'must not be empty')
  const kind = elementKind('received', values)
  const categorical =
    kind === 'labels' ||
    test === 'chi-square' ||
    ref.kind === 'shares' ||
    (ref.kind === 'samples' &&
      !ArrayBuffer.isView(ref.values) &&
      elementKind('reference', ref.values) === 'labels')
  if (categorical) {
    const counts = countLabels('received', values)
    return { kind: 'categories', counts, n: values.length, source, fromCounts: false }
  }
  return { kind: 'numbers', xs: Float64Array.from(checkSample(NAME, 'received', values)), source }
}

function decide(
  context: MatcherContext,
  data: Data,
  ref: Reference,
  test: DistributionTest | undefined,
  bins: number,
  opts: ResolvedOptions,
): MatcherResult {
  return verdict(context, NAME, 'reference', gather(data, ref, test, bins, opts), opts)
}

function gather(
  data: Data,
  ref: Reference,
  test: DistributionTest | undefined,
  bins: number,
  opts: ResolvedOptions,
): Evidence {
  if (data.kind === 'categories') {
    if (test !== undefined && test !== 'chi-square')
      throw new InvalidRangeError(
        NAME,
        'options.test',
        `'${test}' needs numbers, but received holds categories: use test: 'chi-square'`,
      )
    return chiSquareEvidence(data, categoricalReference(ref), opts)
  }
  const chosen = test ?? 'ks'
  if (chosen === 'chi-square')
    throw new InvalidRangeError(NAME, 'options.test', "'chi-square' needs categories; for numbers use 'ks'")
  if (chosen === 'ks') return ksEvidence(data, ref, bins, opts)
  return driftEvidence(chosen, data, ref, bins, opts)
}

/** Whether the assertion (positive or `.not`) is about to fail, as {@link verdict} decides. */
// ---------------------------------------------------------------------------------------------
// Numbers: Kolmogorov–Smirnov
// ---------------------------------------------------------------------------------------------

/** Validates a CDF at the sample points: finite, within [0, 1], non-decreasing. */
function checkCdf(cdf: (x: number) => number, sorted: Float64Array, label: string): void {
  let previous = 0
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i]
    const f = cdf(x)
    if (typeof f !== 'number' || Number.isNaN(f))
      throw new InvalidInputError(
        NAME,
        'reference',
        `(${label}) must return a number, got ${describeValue(f)} at x = ${x}`,
      )
    if (f < 0 || f > 1)
      throw new InvalidRangeError(
        NAME,
        'reference',
        `(${label}) must return values in [0, 1], got ${f} at x = ${x}`,
      )
    if (f < previous - 1e-12)
      throw new InvalidRangeError(
        NAME,
        'reference',
        `(${label}) must be non-decreasing, but it falls from ${previous} to ${f} at x = ${x}`,
      )
    previous = f
  }
}

function numericReference(ref: Reference, what: string): Float64Array {
  if (ref.kind !== 'samples')
    throw new InvalidInputError(NAME, 'reference', `must be samples (an array or a Baseline) for ${what}`)
  const kind = ArrayBuffer.isView(ref.values) ? 'numbers' : elementKind('reference', ref.values as unknown[])
  if (kind !== 'numbers')
    throw new InvalidInputError(
      NAME,
      'reference',
      'holds labels but received holds numbers: give both as labels, or both as numbers',
    )
  return Float64Array.from(checkSample(NAME, ref.baseline ? 'reference.samples' : 'reference', ref.values))
}

function checkDistanceTolerance(tolerance: number, what: string): void {
  if (!(tolerance < 1))
    throw new InvalidRangeError(
      NAME,
      'options.tolerance',
      `is ${what} here and must lie strictly between 0 and 1, got ${tolerance}`,
    )
}

function defaultNote(opts: ResolvedOptions): string {
  return opts.tolerance === undefined ? ' (default)' : ''
}

function ksEvidence(data: Numbers, ref: Reference, bins: number, opts: ResolvedOptions): Evidence {
  const a = opts.falseFailRate
  const b = opts.falsePassRate
  const tolerance = opts.tolerance ?? DEFAULT_KS_TOLERANCE
  checkDistanceTolerance(tolerance, 'a KS distance')
  const xs = data.xs
  const n = xs.length
  const sorted = sortedCopy(xs)
  const pictureBins = Math.min(bins, MAX_PICTURE_BINS)
  const rates = { tolerance, falseFailRate: a, falsePassRate: b }
  const advice =
    'Look at the largest gap and the histograms: a shift, a change of spread or a heavier tail? If the change is intended, update the reference.'
  if (ref.kind === 'shares')
    throw new InvalidInputError(
      NAME,
      'reference',
      "holds category counts but received holds numbers: use labels with test: 'chi-square'",
    )
  if (ref.kind === 'cdf') {
    checkCdf(ref.cdf, sorted, ref.label)
    const r = decideKsOneSample(
      xs,
      ref.named ? ({ [ref.named.name]: ref.named.params } as KsDistribution) : ref.cdf,
      rates,
    )
    const { outcome } = r.decision
    const edges = binEdges(sorted[0], sorted[n - 1], pictureBins)
    return {
      claim: `received follows ${ref.label}`,
      oppositeClaim: `received does not follow ${ref.label}`,
      outcome,
      observed: [
        ['Data', `${data.source}; reference ${ref.label}`],
        [
          'Test',
          `${r.test.method}: D = ${formatNumber(r.test.statistic)}, p = ${formatNumber(r.test.pValue)}, n = ${n}`,
        ],
        ['Max gap', describeGap(largestGapVsCdf(sorted, ref.cdf), ref.label)],
        ['Tolerance', toleranceLine(tolerance, opts, r.decision.power, 'this size')],
        ...tiesNote(sorted),
      ],
      meaning: ksMeaning(outcome, r.test.pValue, a, tolerance, `${n} values`),
      detectable: `a KS distance of ${formatNumber(r.detectable)}`,
      samplesNeeded: r.decision.samplesNeeded,
      samplesUnit: 'values',
      picture: sideBySideHistograms(
        edges,
        { title: `received (n = ${n})`, shares: sampleShares(xs, edges) },
        { title: `${ref.label}, expected`, shares: cdfShares(ref.cdf, edges) },
      ),
      advice,
      decision: r.decision,
      record: { method: 'ks-one-sample', detectable: r.detectable, extra: ecdfExtra(sorted, ref.cdf) },
    }
  }
  const ys = numericReference(ref, "the 'ks' test")
  const m = ys.length
  const sortedRef = sortedCopy(ys)
  const r = decideKsTwoSample(xs, ys, rates)
  const { outcome } = r.decision
  const refWord = ref.baseline ? 'the Baseline' : 'the reference'
  const edges = binEdges(
    Math.min(sorted[0], sortedRef[0]),
    Math.max(sorted[n - 1], sortedRef[m - 1]),
    pictureBins,
  )
  const sizes = `samples of ${n} and ${m} values`
  let meaning = ksMeaning(outcome, r.test.pValue, a, tolerance, sizes)
  let samplesUnit = 'received values'
  if (outcome === 'inconclusive') {
    const each = r.samplesEach === undefined ? '' : `; or ${r.samplesEach} values in each sample`
    if (r.referenceTooSmall) {
      meaning += ` The reference (${m} values) is itself too small: no number of received values would detect the tolerance against it.`
      samplesUnit = 'values in each sample (received and reference)'
    } else samplesUnit = `received values (with the reference kept at ${m} values${each})`
  }
  return {
    claim: `received and ${refWord} samples come from the same distribution`,
    oppositeClaim: `received and ${refWord} samples come from different distributions`,
    outcome,
    observed: [
      ['Data', `${data.source}; ${m} reference values${ref.baseline ? ' (Baseline)' : ''}`],
      [
        'Test',
        `${r.test.method}: D = ${formatNumber(r.test.statistic)}, p = ${formatNumber(r.test.pValue)}, n = ${n}, m = ${m}`,
      ],
      ['Max gap', describeGap(largestGapTwoSamples(sorted, sortedRef))],
      ['Tolerance', toleranceLine(tolerance, opts, r.decision.power, 'these sizes')],
    ],
    meaning,
    detectable: `a KS distance of ${formatNumber(r.detectable)}`,
    samplesNeeded: r.referenceTooSmall ? r.samplesEach : r.decision.samplesNeeded,
    samplesUnit,
    picture: sideBySideHistograms(
      edges,
      { title: `received (n = ${n})`, shares: sampleShares(xs, edges) },
      { title: `reference (m = ${m})`, shares: sampleShares(ys, edges) },
    ),
    advice,
    decision: r.decision,
    record: { method: 'ks-two-sample', detectable: r.detectable, extra: ecdfExtra(sorted, sortedRef) },
  }
}

/** The tolerance line, with the chance of detecting it at these sizes (exact bound, least favourable case). */
function toleranceLine(tolerance: number, opts: ResolvedOptions, power: number, at: string): string {
  return `KS distance ${formatNumber(tolerance)}${defaultNote(opts)}, detected with probability ${probabilityText(power)} at ${at}`
}

/** "at least 0.953", or "below 0.001" when the bound is about 0. */
function probabilityText(p: number): string {
  return p < 0.001 ? 'below 0.001' : `at least ${formatNumber(Math.min(p, 0.999), 3)}`
}

/** A note when a sample tested against a continuous distribution has tied values. */
function tiesNote(sorted: Float64Array): Array<[string, string]> {
  const ties = tiesSorted(sorted)
  if (ties === 0) return []
  return [
    [
      'Note',
      `${ties} tied value${ties === 1 ? '' : 's'}: the KS test assumes a continuous distribution; with ties its p-value is conservative (for discrete data use labels and 'chi-square')`,
    ],
  ]
}

function ksMeaning(
  outcome: Evidence['outcome'],
  p: number,
  a: number,
  tolerance: number,
  sizes: string,
): string {
  if (outcome === 'fail')
    return `A gap this large between the distribution functions arises by chance with probability ${formatNumber(p)}, below ${formatNumber(a)}.`
  if (outcome === 'inconclusive')
    return `The distribution functions could differ by ${formatNumber(tolerance)} somewhere and ${sizes} would likely not show it.`
  return 'The two distribution functions agree to within what chance explains, and a gap of the tolerance would have been seen.'
}

// ---------------------------------------------------------------------------------------------
// Named distributions
// ---------------------------------------------------------------------------------------------

interface NamedSpec {
  params: Record<string, number>
  check(params: Record<string, number>): string | undefined
  cdf(params: Record<string, number>): (x: number) => number
  label(params: Record<string, number>): string
}

const NAMED: Record<string, NamedSpec> = {
  normal: {
    params: { mean: 0, sd: 1 },
    check: (p) => (p.sd > 0 ? undefined : `sd must be > 0, got ${p.sd}`),
    cdf: (p) => (x) => normalCdf(x, p.mean, p.sd),
    label: (p) => `normal(mean ${formatNumber(p.mean)}, sd ${formatNumber(p.sd)})`,
  },
  uniform: {
    params: { min: 0, max: 1 },
    check: (p) => (p.max > p.min ? undefined : `max must exceed min, got min ${p.min}, max ${p.max}`),
    cdf: (p) => (x) => uniformCdf(x, p.min, p.max),
    label: (p) => `uniform(min ${formatNumber(p.min)}, max ${formatNumber(p.max)})`,
  },
  exponential: {
    params: { rate: 1 },
    check: (p) => (p.rate > 0 ? undefined : `rate must be > 0, got ${p.rate}`),
    cdf: (p) => (x) => exponentialCdf(x, p.rate),
    label: (p) => `exponential(rate ${formatNumber(p.rate)})`,
  },
}

function parseNamed(name: string, given: Record<string, unknown>): ParsedNamed {
  const spec = NAMED[name]
  if (!spec)
    throw new InvalidRangeError(
      NAME,
      'reference',
      `names an unknown distribution '${name}' (known: ${Object.keys(NAMED).join(', ')}); for another distribution pass its CDF function`,
    )
  const params: Record<string, number> = { ...spec.params }
  for (const [key, value] of Object.entries(given)) {
    if (!(key in spec.params))
      throw new InvalidInputError(
        NAME,
        `reference.${name}.${key}`,
        `is not a parameter of ${name} (known: ${Object.keys(spec.params).join(', ')})`,
      )
    if (value === undefined) continue
    if (typeof value !== 'number')
      throw new InvalidInputError(
        NAME,
        `reference.${name}.${key}`,
        `must be a number, got ${describeValue(value)}`,
      )
    if (!Number.isFinite(value))
      throw new InvalidRangeError(
        NAME,
        `reference.${name}.${key}`,
        `must be finite, got ${describeValue(value)}`,
      )
    params[key] = value
  }
  const problem = spec.check(params)
  if (problem) throw new InvalidRangeError(NAME, `reference.${name}`, problem)
  return { name, params, cdf: spec.cdf(params), label: spec.label(params) }
}

// ---------------------------------------------------------------------------------------------
// Categories: chi-square
// ---------------------------------------------------------------------------------------------

type CategoricalReference =
  | { kind: 'shares'; shares: Map<string, number>; counts: boolean; total: number }
  | { kind: 'labels'; counts: Map<string, number>; n: number; baseline: boolean }

function categoricalReference(ref: Reference): CategoricalReference {
  if (ref.kind === 'shares') return ref
  if (ref.kind === 'samples') {
    const argument = ref.baseline ? 'reference.samples' : 'reference'
    if (!ArrayBuffer.isView(ref.values)) elementKind(argument, ref.values)
    const counts = countLabels(argument, ref.values)
    return { kind: 'labels', counts, n: ref.values.length, baseline: ref.baseline }
  }
  throw new InvalidInputError(
    NAME,
    'reference',
    `is ${ref.label}, a continuous distribution, but received holds categories: give category counts, probabilities or labels`,
  )
}

/** A note when expected counts are small, where the p-value is exact or Monte Carlo. */
function smallExpectedNote(rows: readonly CategoryRow[], pMethod: string): Array<[string, string]> {
  const small = rows.filter((r) => r.expected > 0 && r.expected < 5).length
  if (small === 0) return []
  const how =
    pMethod === 'exact'
      ? 'so the p-value is exact (every outcome enumerated)'
      : pMethod === 'monte-carlo'
        ? 'so the p-value is a seeded Monte Carlo one'
        : ''
  return [
    [
      'Note',
      `${small} categor${small === 1 ? 'y has' : 'ies have'} an expected count below 5${how ? `, ${how}` : ''}`,
    ],
  ]
}

function showCategory(key: string): string {
  return key
}

function chiSquareEvidence(data: Categories, ref: CategoricalReference, opts: ResolvedOptions): Evidence {
  const a = opts.falseFailRate
  const b = opts.falsePassRate
  const tolerance = opts.tolerance ?? DEFAULT_TV_TOLERANCE
  checkDistanceTolerance(tolerance, 'a total variation distance')
  const n = data.n
  const keys = [
    ...new Set([...(ref.kind === 'shares' ? ref.shares.keys() : ref.counts.keys()), ...data.counts.keys()]),
  ]
  const observed = keys.map((k) => data.counts.get(k) ?? 0)
  const rows: CategoryRow[] = []
  const options = { tolerance, falseFailRate: a, falsePassRate: b, seed: opts.seed }
  let r: ChiSquareDecision
  let claim: string
  let oppositeClaim: string
  let refDescription: string
  let m: number | undefined
  let impossible: string | undefined
  if (ref.kind === 'shares') {
    const weights = keys.map((k) => ref.shares.get(k) ?? 0)
    const { probabilities, cells } = chiSquareGoodnessOfFitCells(observed, weights)
    const zero = keys.filter((_, i) => probabilities[i] === 0 && observed[i] > 0)
    if (zero.length) impossible = zero.map(showCategory).join(', ')
    refDescription = ref.counts ? `category counts (${ref.total} in all)` : 'category probabilities'
    claim = `received follows the reference ${ref.counts ? 'category shares' : 'category probabilities'}`
    oppositeClaim = `received does not follow the reference ${ref.counts ? 'category shares' : 'category probabilities'}`
    r = decideChiSquareGoodnessOfFit(observed, probabilities, options)
    for (let i = 0; i < keys.length; i++)
      rows.push({
        category: showCategory(keys[i]),
        observed: observed[i],
        expected: cells[i].expected,
        contribution: cells[i].contribution,
      })
  } else {
    m = ref.n
    const other = keys.map((k) => ref.counts.get(k) ?? 0)
    refDescription = `${m} reference labels${ref.baseline ? ' (Baseline)' : ''}`
    claim = 'received and the reference labels come from the same category shares'
    oppositeClaim = 'received and the reference labels come from different category shares'
    r = decideChiSquareHomogeneity(observed, other, options)
    // Expected counts of received under homogeneity: n · (o_i + r_i) / (n + m).
    const { cells } = chiSquareHomogeneityCells(observed, other)
    for (let i = 0; i < keys.length; i++)
      rows.push({
        category: showCategory(keys[i]),
        observed: observed[i],
        reference: other[i],
        expected: cells[i].expected,
        contribution: cells[i].contribution,
      })
  }
  const { outcome } = r.decision
  let meaning: string
  if (outcome === 'fail')
    meaning = impossible
      ? `received holds ${impossible}, which the reference gives probability 0.`
      : `Category shares this far apart arise by chance with probability ${formatNumber(r.test.pValue)}, below ${formatNumber(a)}.`
  else if (outcome === 'inconclusive') {
    meaning = `The category shares could differ by a total variation distance of ${formatNumber(tolerance)} and ${m === undefined ? `${n} values` : `samples of ${n} and ${m} labels`} would likely not show it.`
    if (r.referenceTooSmall)
      meaning += ` The reference (${m} labels) is itself too small for any number of received labels to detect it.`
  } else
    meaning =
      'The category shares agree to within what chance explains, and a difference of the tolerance would have been seen.'
  const stat = Number.isFinite(r.test.statistic) ? formatNumber(r.test.statistic) : 'Infinity'
  return {
    claim,
    oppositeClaim,
    outcome,
    observed: [
      ['Data', `${data.source}; ${refDescription}`],
      [
        'Test',
        `${r.test.method}: chi-square = ${stat}, df = ${r.test.df}, p = ${formatNumber(r.test.pValue)}, n = ${n}${m === undefined ? '' : `, m = ${m}`}`,
      ],
      [
        'Tolerance',
        `total variation distance ${formatNumber(tolerance)} between the category shares${defaultNote(opts)}, detected with probability ${probabilityText(r.decision.power)} at ${m === undefined ? 'this size' : 'these sizes'}`,
      ],
      ...smallExpectedNote(rows, r.test.pMethod),
    ],
    meaning,
    detectable: `a total variation distance of ${formatNumber(r.detectable)}`,
    samplesNeeded: r.decision.samplesNeeded,
    samplesUnit: m === undefined ? 'values' : `received labels (with the reference kept at ${m} labels)`,
    picture: categoryTable(rows),
    usedRandomness: r.test.pMethod === 'monte-carlo',
    advice:
      'The categories at the top of the table contribute most to the statistic. If the change is intended, update the reference.',
    decision: r.decision,
    record: { method: `chi-square-${r.test.pMethod}`, detectable: r.detectable },
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers: drift thresholds (PSI, Wasserstein)
// ---------------------------------------------------------------------------------------------

function driftEvidence(
  test: 'psi' | 'wasserstein',
  data: Numbers,
  ref: Reference,
  bins: number,
  opts: ResolvedOptions,
): Evidence {
  const a = opts.falseFailRate
  const b = opts.falsePassRate
  const xs = data.xs
  const ys = numericReference(ref, `test: '${test}' (a drift measure between two samples)`)
  const n = xs.length
  const m = ys.length
  if (n < 2 || m < 2)
    throw new InvalidRangeError(
      NAME,
      n < 2 ? 'received' : 'reference',
      `must hold at least 2 values for test: '${test}'`,
    )
  const isPsi = test === 'psi'
  const refSd = standardDeviation(ys)
  const threshold =
    opts.tolerance ??
    (isPsi ? DEFAULT_PSI_THRESHOLD : refSd > 0 ? DEFAULT_WASSERSTEIN_FRACTION * refSd : Number.EPSILON)
  const r = decideDriftThreshold({
    measure: test,
    xs,
    ys,
    threshold,
    falseFailRate: a,
    falsePassRate: b,
    bins,
    seed: opts.seed,
  })
  const { decision, bounds } = r
  const { outcome } = decision
  const lower = decision.failBounds.lower
  const upper = decision.passBounds.upper
  const label = isPsi ? 'PSI' : 'Wasserstein-1 distance'
  const claim = `the ${label} between received and the reference is at most ${formatNumber(threshold)}`
  const sorted = sortedCopy(xs)
  const sortedRef = sortedCopy(ys)
  const edges = binEdges(
    Math.min(sorted[0], sortedRef[0]),
    Math.max(sorted[n - 1], sortedRef[m - 1]),
    Math.min(bins, MAX_PICTURE_BINS),
  )
  const defaultText =
    opts.tolerance === undefined ? (isPsi ? ' (default)' : ' (default: a tenth of the reference sd)') : ''
  let meaning =
    outcome === 'fail'
      ? `Even the lower bound of the ${label} lies above the threshold: the drift is real and larger than allowed.`
      : outcome === 'inconclusive'
        ? decision.untrusted
          ? `No verdict: ${decision.untrusted}.`
          : `The ${label} is not known precisely enough to tell whether it lies below ${formatNumber(threshold)}: its bounds straddle the threshold.`
        : `The upper bound of the ${label} lies at or below the threshold.`
  if (r.referenceTooSmall)
    meaning += ` The reference (${m} values) is itself too small for more received values to settle it.`
  const estimateText = isPsi
    ? `${formatNumber(bounds.estimate)} (bias-corrected ${formatNumber(bounds.corrected ?? bounds.estimate)}, bootstrap standard error ${formatNumber(bounds.se)}, ${bounds.resamples} resamples), ${bins} bins`
    : `${formatNumber(bounds.estimate)} (standard error at most ${formatNumber(bounds.se)}, expected sampling inflation at most ${formatNumber(bounds.inflation)})`
  const detectableExcess = upper - lower
  return {
    claim,
    oppositeClaim: `the ${label} between received and the reference exceeds ${formatNumber(threshold)}`,
    outcome,
    observed: [
      [
        'Data',
        `${data.source}; ${m} reference values${ref.kind === 'samples' && ref.baseline ? ' (Baseline)' : ''}`,
      ],
      ['Estimate', `${label} ${estimateText}`],
      [
        'Bounds',
        `lower ${formatNumber(lower)} (falseFailRate ${formatNumber(a)}), upper ${formatNumber(upper)} (falsePassRate ${formatNumber(b)})`,
      ],
      ['Method', bounds.method],
      ['Max gap', describeGap(largestGapTwoSamples(sorted, sortedRef))],
      [
        'Threshold',
        `${formatNumber(threshold)}${defaultText}; a threshold claim has no indifference zone: the false-pass rate holds for any ${label} above it`,
      ],
    ],
    meaning,
    detectable: `a ${label} about ${formatNumber(detectableExcess)} above the threshold`,
    samplesNeeded: decision.samplesNeeded,
    samplesUnit: `received values (with the reference kept at ${m} values)`,
    picture: sideBySideHistograms(
      edges,
      { title: `received (n = ${n})`, shares: sampleShares(xs, edges) },
      { title: `reference (m = ${m})`, shares: sampleShares(ys, edges) },
    ),
    usedRandomness: isPsi,
    advice: `The ${label} is a threshold claim: if the drift is acceptable, raise the threshold (tolerance); otherwise investigate the histograms.`,
    decision,
    record: { method: isPsi ? 'psi-bootstrap' : 'wasserstein-bounds', estimate: bounds.estimate },
  }
}
