/**
 * `expect(received).toMatchDistribution(reference, { test, tolerance, bins })`.
 *
 * The claim is that `received` comes from the distribution of `reference`. `.not` claims they differ
 * and passes only on evidence of it.
 *
 * - **Numbers** (an array, a typed array, a Baseline, or a sampler drawn `samples` times):
 *   - `test: 'ks'` (default): Kolmogorov–Smirnov, one-sample against a named distribution or a CDF
 *     function, two-sample against reference samples. Fails when p < falseFailRate. Tolerance: the KS
 *     distance (largest gap between the two CDFs) that must be detected with probability
 *     1 − falsePassRate, default 0.1; below that power the verdict is inconclusive.
 *   - `test: 'psi'` / `'wasserstein'`: drift thresholds against reference samples. The claim is
 *     "PSI (or Wasserstein-1 distance) ≤ tolerance" (defaults: PSI 0.1, the usual "no significant
 *     shift" line; Wasserstein a tenth of the reference's standard deviation). Fail when a lower bound
 *     at falseFailRate lies above the threshold, pass when an upper bound at falsePassRate lies at or
 *     below it, inconclusive in between. Both empirical distances are biased upward (more so the
 *     closer the distributions), so the upper bound is the estimate itself plus z standard errors,
 *     never a bias-corrected estimate (which passed 20% of violations in calibration, against 5%).
 *     - Wasserstein, no resampling: upper = Ŵ + z(falsePassRate)·σ, σ = √(s²ₓ/n + s²ᵧ/m) (Ŵ ≥ W1 + L
 *       pointwise, L a difference of means of 1-Lipschitz functions, sd(L) ≤ σ); lower = Ŵ − μ −
 *       √(2 ln(1/falseFailRate))·σ (triangle inequality Ŵ ≤ W1 + ∫|E| for the sampling error E of
 *       F̂ − Ĝ, E∫|E| ≤ μ = ∫sd(E(x))dx, Borell–TIS for the tail). Conservative on both sides: about
 *       3000 values per sample pass identical distributions at the default threshold.
 *     - PSI, seeded bootstrap (500 resamples up to 20,000 values in all, fewer down to 200 from 50,000;
 *       bins re-cut in each): upper = estimate + z(falsePassRate)·se (PSI is convex in the bin shares), lower =
 *       bias-corrected estimate − z(falseFailRate)·se (normal approximation).
 * - **Categories** (an array of labels — strings, numbers or booleans — or category counts `{ a: 10 }`):
 *   - `test: 'chi-square'` (default): goodness of fit against counts or probabilities
 *     (`{ a: 10, b: 30 }`, `{ a: 0.25, b: 0.75 }`), homogeneity (2 × k contingency table) against another
 *     label sample. Tolerance: the total variation distance between the category shares that must be
 *     detected with probability 1 − falsePassRate, default 0.1 (power from the noncentral chi-square at
 *     the least favourable alternative, noncentrality 4·n·tv²).
 */
import { sortedCopy, standardDeviation } from '../src/descriptive'
import { populationStabilityIndex } from '../src/distances'
import {
  chiSquareIsf,
  chiSquareSf,
  exponentialCdf,
  logGamma,
  normalCdf,
  normalIsf,
  uniformCdf,
} from '../src/distributions'
import { checkCount, checkSample, describeValue, InvalidInputError, InvalidRangeError } from '../src/errors'
import {
  chiSquareGoodnessOfFit,
  chiSquareIndependence,
  type KsDistribution,
  ks2Sample,
  ksTest,
} from '../src/hypothesis'
import { detectableKsDistance, samplesForKs } from '../src/power'
import { createRng } from '../src/random'
import { drawSamples, type Sampler } from '../src/sampler'
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
import { assertionFails, rerunCheck, UNCONTROLLED_RANDOMNESS_ADVICE } from './sampling'
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

const DEFAULT_KS_TOLERANCE = 0.1
const DEFAULT_TV_TOLERANCE = 0.1
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
  | { kind: 'shares'; shares: Map<string, number>; counts: boolean }

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
  const counts = new Map<string, number>()
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]
    if (typeof v === 'number' && !Number.isFinite(v))
      throw new InvalidRangeError(NAME, `${argument}[${i}]`, `must be finite, got ${describeValue(v)}`)
    const key = String(v)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
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
    const { shares, counts } = parseCategoryObject('reference', reference, false)
    return { kind: 'shares', shares, counts }
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
 * How many draws a sampler needs so that a difference of the tolerance is detectable against this
 * reference (KS and chi-square); undefined when unknown (drift thresholds) or when the reference itself is
 * too small for any number of draws.
 */
function samplesForTolerance(
  ref: Reference,
  test: DistributionTest | undefined,
  opts: ResolvedOptions,
): number | undefined {
  const a = opts.falseFailRate
  const b = opts.falsePassRate
  const forReference = (N: number, m: number | undefined) =>
    m === undefined ? N : m > N ? Math.ceil((N * m) / (m - N)) : undefined
  if (ref.kind === 'cdf') {
    if (test !== undefined && test !== 'ks') return undefined
    const tolerance = opts.tolerance ?? DEFAULT_KS_TOLERANCE
    checkDistanceTolerance(tolerance, 'a KS distance')
    return engineSamplesForKs(tolerance, a, b)
  }
  const chiSquareNeed = (k: number) => {
    const tolerance = opts.tolerance ?? DEFAULT_TV_TOLERANCE
    checkDistanceTolerance(tolerance, 'a total variation distance')
    return Math.ceil(noncentralityForPower(Math.max(1, k - 1), a, b) / (4 * tolerance * tolerance))
  }
  if (ref.kind === 'shares')
    return test === undefined || test === 'chi-square' ? chiSquareNeed(ref.shares.size) : undefined
  const kind = ArrayBuffer.isView(ref.values) ? 'numbers' : elementKind('reference', ref.values as unknown[])
  const m = ref.values.length
  if (kind === 'labels' || test === 'chi-square') {
    const k = new Set(Array.from(ref.values as ArrayLike<unknown>, String)).size
    return forReference(chiSquareNeed(k), m)
  }
  if (test !== undefined && test !== 'ks') return undefined
  const tolerance = opts.tolerance ?? DEFAULT_KS_TOLERANCE
  checkDistanceTolerance(tolerance, 'a KS distance')
  return forReference(engineSamplesForKs(tolerance, a, b), m)
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
  if (ref.kind === 'shares')
    throw new InvalidInputError(
      NAME,
      'reference',
      "holds category counts but received holds numbers: use labels with test: 'chi-square'",
    )
  if (ref.kind === 'cdf') {
    checkCdf(ref.cdf, sorted, ref.label)
    const result = engineKsOneSample(xs, ref)
    const gap = largestGapVsCdf(sorted, ref.cdf)
    const detectable = engineDetectableKs(n, a, b)
    let outcome: Evidence['outcome'] = result.pValue < a ? 'fail' : 'pass'
    if (outcome === 'pass' && detectable > tolerance) outcome = 'inconclusive'
    const edges = binEdges(sorted[0], sorted[n - 1], pictureBins)
    return {
      claim: `received follows ${ref.label}`,
      oppositeClaim: `received does not follow ${ref.label}`,
      outcome,
      observed: [
        ['Data', `${data.source}; reference ${ref.label}`],
        [
          'Test',
          `${result.method}: D = ${formatNumber(result.statistic)}, p = ${formatNumber(result.pValue)}, n = ${n}`,
        ],
        ['Max gap', describeGap(gap, ref.label)],
        ['Tolerance', `KS distance ${formatNumber(tolerance)}${defaultNote(opts)}`],
        ...tiesNote(sorted),
      ],
      meaning: ksMeaning(outcome, result.pValue, a, tolerance, n),
      detectable: `a KS distance of ${formatNumber(detectable)}`,
      samplesNeeded: outcome === 'inconclusive' ? engineSamplesForKs(tolerance, a, b) : undefined,
      picture: sideBySideHistograms(
        edges,
        { title: `received (n = ${n})`, shares: sampleShares(xs, edges) },
        { title: `${ref.label}, expected`, shares: cdfShares(ref.cdf, edges) },
      ),
      advice:
        'Look at the largest gap and the histograms: a shift, a change of spread or a heavier tail? If the change is intended, update the reference.',
    }
  }
  const ys = numericReference(ref, "the 'ks' test")
  const m = ys.length
  const sortedRef = sortedCopy(ys)
  const result = engineKsTwoSample(xs, ys)
  const gap = largestGapTwoSamples(sorted, sortedRef)
  const effective = (n * m) / (n + m)
  const detectable = engineDetectableKs(n, a, b, m)
  let outcome: Evidence['outcome'] = result.pValue < a ? 'fail' : 'pass'
  if (outcome === 'pass' && detectable > tolerance) outcome = 'inconclusive'
  const refWord = ref.baseline ? 'the Baseline' : 'the reference'
  const edges = binEdges(
    Math.min(sorted[0], sortedRef[0]),
    Math.max(sorted[n - 1], sortedRef[m - 1]),
    pictureBins,
  )
  let samplesNeeded: number | undefined
  let meaning = ksMeaning(outcome, result.pValue, a, tolerance, effective)
  if (outcome === 'inconclusive') {
    // n·m/(n+m) must reach the one-sample requirement N: n = N·m/(m − N) when the reference is large enough.
    const N = engineSamplesForKs(tolerance, a, b)
    if (m > N) samplesNeeded = Math.ceil((N * m) / (m - N))
    else
      meaning += ` The reference (${m} samples) is itself too small: even unlimited received samples need a reference of more than ${N}.`
  }
  return {
    claim: `received and ${refWord} samples come from the same distribution`,
    oppositeClaim: `received and ${refWord} samples come from different distributions`,
    outcome,
    observed: [
      ['Data', `${data.source}; ${m} reference samples${ref.baseline ? ' (Baseline)' : ''}`],
      [
        'Test',
        `${result.method}: D = ${formatNumber(result.statistic)}, p = ${formatNumber(result.pValue)}, n = ${n}, m = ${m}`,
      ],
      ['Max gap', describeGap(gap)],
      ['Tolerance', `KS distance ${formatNumber(tolerance)}${defaultNote(opts)}`],
    ],
    meaning,
    detectable: `a KS distance of ${formatNumber(detectable)}`,
    samplesNeeded,
    picture: sideBySideHistograms(
      edges,
      { title: `received (n = ${n})`, shares: sampleShares(xs, edges) },
      { title: `reference (m = ${m})`, shares: sampleShares(ys, edges) },
    ),
    advice:
      'Look at the largest gap and the histograms: a shift, a change of spread or a heavier tail? If the change is intended, update the reference.',
  }
}

/** A note when a sample tested against a continuous distribution has tied values. */
function tiesNote(sorted: Float64Array): Array<[string, string]> {
  let ties = 0
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) ties++
  if (ties === 0) return []
  return [
    [
      'Note',
      `${ties} tied value${ties === 1 ? '' : 's'}: the KS test assumes a continuous distribution; with ties its p-value is conservative (for discrete data use labels and 'chi-square')`,
    ],
  ]
}

function ksMeaning(outcome: Evidence['outcome'], p: number, a: number, tolerance: number, n: number): string {
  if (outcome === 'fail')
    return `A gap this large between the distribution functions arises by chance with probability ${formatNumber(p)}, below ${formatNumber(a)}.`
  if (outcome === 'inconclusive')
    return `The distribution functions could differ by ${formatNumber(tolerance)} somewhere and ${Math.round(n)} samples would likely not show it.`
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
  | { kind: 'shares'; shares: Map<string, number>; counts: boolean }
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

/** Power of the chi-square test at noncentrality `lambda` (Poisson mixture of central chi-squares). */
function chiSquarePower(critical: number, df: number, lambda: number): number {
  // P(χ'²(df, λ) > c) = Σ_j Pois(j; λ/2) · P(χ²(df + 2j) > c).
  const half = lambda / 2
  if (half === 0) return chiSquareSf(critical, df)
  const mode = Math.floor(half)
  const logWeight = (j: number) => -half + j * Math.log(half) - logGamma(j + 1)
  let sum = 0
  for (let j = mode; j < mode + 10000; j++) {
    const w = Math.exp(logWeight(j))
    sum += w * chiSquareSf(critical, df + 2 * j)
    if (w < 1e-14 && j > mode + 5) break
  }
  for (let j = mode - 1; j >= 0; j--) {
    const w = Math.exp(logWeight(j))
    sum += w * chiSquareSf(critical, df + 2 * j)
    if (w < 1e-14) break
  }
  return Math.min(1, sum)
}

/**
 * The noncentrality at which the chi-square test at level a has power 1 − b (scipy: solve
 * `ncx2.sf(chi2.isf(a, df), df, λ) = 1 − b`). Exported for tests only.
 */
export function noncentralityForPower(df: number, a: number, b: number): number {
  const critical = chiSquareIsf(a, df)
  let lo = 0
  let hi = 1
  while (chiSquarePower(critical, df, hi) < 1 - b) hi *= 2
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (chiSquarePower(critical, df, mid) < 1 - b) lo = mid
    else hi = mid
  }
  return hi
}

/** A note when expected counts are small, where the chi-square approximation is rough (Cochran's rule). */
function smallExpectedNote(rows: readonly CategoryRow[]): Array<[string, string]> {
  const small = rows.filter((r) => r.expected > 0 && r.expected < 5).length
  if (small === 0) return []
  return [
    [
      'Note',
      `${small} categor${small === 1 ? 'y has' : 'ies have'} an expected count below 5: the chi-square p-value is approximate there`,
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
  let result: { statistic: number; pValue: number; method: string; df: number }
  let effective: number
  let claim: string
  let oppositeClaim: string
  let refDescription: string
  let m: number | undefined
  let received: string | undefined
  if (ref.kind === 'shares') {
    const total = [...ref.shares.values()].reduce((s, v) => s + v, 0)
    const probabilities = keys.map((k) => (ref.shares.get(k) ?? 0) / total)
    const impossible = keys.filter((k, i) => probabilities[i] === 0 && observed[keys.indexOf(k)] > 0)
    refDescription = ref.counts ? `category counts (${total} in all)` : 'category probabilities'
    claim = `received follows the reference ${ref.counts ? 'category shares' : 'category probabilities'}`
    oppositeClaim = `received does not follow the reference ${ref.counts ? 'category shares' : 'category probabilities'}`
    if (impossible.length) {
      // A category the reference gives probability 0: the statistic is infinite, the claim is refuted.
      result = {
        statistic: Number.POSITIVE_INFINITY,
        pValue: 0,
        method: 'impossible category',
        df: keys.length - 1,
      }
      received = impossible.map(showCategory).join(', ')
    } else {
      const kept = keys.map((_, i) => i).filter((i) => probabilities[i] > 0)
      result =
        kept.length < 2
          ? { statistic: 0, pValue: 1, method: 'one category', df: 0 }
          : engineChiSquareGof(
              kept.map((i) => observed[i]),
              kept.map((i) => probabilities[i]),
            )
    }
    for (let i = 0; i < keys.length; i++) {
      const expected = n * probabilities[i]
      rows.push({
        category: showCategory(keys[i]),
        observed: observed[i],
        expected,
        contribution:
          expected > 0
            ? (observed[i] - expected) ** 2 / expected
            : observed[i] > 0
              ? Number.POSITIVE_INFINITY
              : 0,
      })
    }
    effective = n
  } else {
    m = ref.n
    const other = keys.map((k) => ref.counts.get(k) ?? 0)
    refDescription = `${m} reference labels${ref.baseline ? ' (Baseline)' : ''}`
    claim = 'received and the reference labels come from the same category shares'
    oppositeClaim = 'received and the reference labels come from different category shares'
    result =
      keys.length < 2
        ? { statistic: 0, pValue: 1, method: 'one category', df: 0 }
        : engineChiSquareHomogeneity(observed, other)
    // Expected counts of received under homogeneity: n · (o_i + r_i) / (n + m).
    for (let i = 0; i < keys.length; i++) {
      const expected = (n * (observed[i] + other[i])) / (n + m)
      // Contribution of this category (both rows of the table) to the statistic.
      const expectedRef = (m * (observed[i] + other[i])) / (n + m)
      rows.push({
        category: showCategory(keys[i]),
        observed: observed[i],
        reference: other[i],
        expected,
        contribution:
          (expected > 0 ? (observed[i] - expected) ** 2 / expected : 0) +
          (expectedRef > 0 ? (other[i] - expectedRef) ** 2 / expectedRef : 0),
      })
    }
    effective = (n * m) / (n + m)
  }
  const df = Math.max(1, keys.length - 1)
  const lambda = noncentralityForPower(df, a, b)
  // Least favourable alternative at total variation distance tv has noncentrality 4·n·tv² (Cauchy–Schwarz).
  const detectable = Math.sqrt(lambda / (4 * effective))
  let outcome: Evidence['outcome'] = result.pValue < a ? 'fail' : 'pass'
  if (outcome === 'pass' && detectable > tolerance) outcome = 'inconclusive'
  let samplesNeeded: number | undefined
  let meaning: string
  if (outcome === 'fail')
    meaning = received
      ? `received holds ${received}, which the reference gives probability 0.`
      : `Category shares this far apart arise by chance with probability ${formatNumber(result.pValue)}, below ${formatNumber(a)}.`
  else if (outcome === 'inconclusive') {
    meaning = `The category shares could differ by a total variation distance of ${formatNumber(tolerance)} and ${n} values would likely not show it.`
    const N = Math.ceil(lambda / (4 * tolerance * tolerance))
    if (m === undefined) samplesNeeded = N
    else if (m > N) samplesNeeded = Math.ceil((N * m) / (m - N))
    else meaning += ` The reference (${m} labels) is itself too small: it needs more than ${N}.`
  } else
    meaning =
      'The category shares agree to within what chance explains, and a difference of the tolerance would have been seen.'
  const stat = Number.isFinite(result.statistic) ? formatNumber(result.statistic) : 'Infinity'
  return {
    claim,
    oppositeClaim,
    outcome,
    observed: [
      ['Data', `${data.source}; ${refDescription}`],
      [
        'Test',
        `${result.method}: chi-square = ${stat}, df = ${result.df}, p = ${formatNumber(result.pValue)}, n = ${n}${m === undefined ? '' : `, m = ${m}`}`,
      ],
      [
        'Tolerance',
        `total variation distance ${formatNumber(tolerance)} between the category shares${defaultNote(opts)}`,
      ],
      ...smallExpectedNote(rows),
    ],
    meaning,
    detectable: `a total variation distance of ${formatNumber(detectable)}`,
    samplesNeeded,
    picture: categoryTable(rows),
    advice:
      'The categories at the top of the table contribute most to the statistic. If the change is intended, update the reference.',
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers: drift thresholds (PSI, Wasserstein)
// ---------------------------------------------------------------------------------------------

/** Bootstrap resamples for the PSI threshold: fewer for large samples, to keep the cost bounded. */
function bootstrapResamples(total: number): number {
  return Math.max(200, Math.min(500, Math.floor(1e7 / total)))
}

/** Share substituted for an empty bin in the PSI (populationStabilityIndex's default). */
const PSI_EPSILON = 1e-4

/** Exported for tests only: {@link psiOfCounts} with every value counted once (no resampling). */
export function psiOfSortedSamples(
  received: ArrayLike<number>,
  reference: ArrayLike<number>,
  bins: number,
): number {
  const sx = sortedCopy(received)
  const sy = sortedCopy(reference)
  const cx = Uint32Array.from({ length: sx.length }, (_, i) => i + 1)
  const cy = Uint32Array.from({ length: sy.length }, (_, i) => i + 1)
  return psiOfCounts(sx, cx, sy, cy, bins, new Float64Array(bins))
}

/**
 * Wasserstein-1 distance between two sorted samples, with what its bounds need: the merged grid of
 * segment lengths and both empirical CDFs on each segment (for the noise term at other sample sizes).
 */
interface W1Grid {
  estimate: number
  lengths: Float64Array
  F: Float64Array
  G: Float64Array
  segments: number
}

function w1Grid(a: Float64Array, b: Float64Array): W1Grid {
  const n = a.length
  const m = b.length
  const lengths = new Float64Array(n + m)
  const F = new Float64Array(n + m)
  const G = new Float64Array(n + m)
  let i = 0
  let j = 0
  let k = 0
  let estimate = 0
  let prev = Math.min(a[0], b[0])
  while (i < n || j < m) {
    const v = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j]
    if (v > prev) {
      lengths[k] = v - prev
      F[k] = i / n
      G[k] = j / m
      estimate += Math.abs(i / n - j / m) * (v - prev)
      k++
    }
    while (i < n && a[i] === v) i++
    while (j < m && b[j] === v) j++
    prev = v
  }
  return { estimate, lengths, F, G, segments: k }
}

/**
 * ∫ sd(F̂(x) − Ĝ(x)) dx at sample sizes n and m, with unbiased plug-in variances F(1−F)/(n−1) (the CDFs
 * estimated from the samples actually given): by Jensen, an upper bound of the expected noise
 * E∫|(F̂ − F) − (Ĝ − G)| dx that inflates the empirical distance.
 */
function w1Noise(grid: W1Grid, n: number, m: number, nGiven: number, mGiven: number): number {
  const cn = nGiven / (nGiven - 1) / n
  const cm = mGiven / (mGiven - 1) / m
  let total = 0
  for (let k = 0; k < grid.segments; k++) {
    const f = grid.F[k]
    const g = grid.G[k]
    total += grid.lengths[k] * Math.sqrt(cn * f * (1 - f) + cm * g * (1 - g))
  }
  return total
}

/** Sample variance (n − 1 denominator). */
function sampleVariance(xs: ArrayLike<number>): number {
  const sd = standardDeviation(xs)
  return sd * sd
}

interface DriftBounds {
  estimate: number
  lower: number
  upper: number
  /** The estimate line of the message (after the label). */
  estimateText: string
  /** How the bounds were made (the Bounds line). */
  methodText: string
  /** The size of a violation detected with probability 1 − falsePassRate. */
  detectableExcess: number
  /** Received sample size at which the verdict would be conclusive (undefined: the reference limits it). */
  needed: (outcome: Evidence['outcome']) => number | 'reference' | undefined
  usedRandomness: boolean
}

/**
 * W1 bounds without resampling. Write D = F − G and E = (F̂ − F) − (Ĝ − G), so Ŵ = ∫|D + E| and
 * W1 = ∫|D|.
 * - Upper (pass side): |D + E| ≥ sign(D)·(D + E) pointwise, so Ŵ ≥ W1 + L with L = ∫sign(D)·E, a
 *   difference of two sample means of 1-Lipschitz functions of the data: sd(L) ≤ σ = √(s²ₓ/n + s²ᵧ/m).
 *   Upper = Ŵ + z(falsePassRate)·σ (asymptotically normal L; conservative: the inflation of Ŵ is kept).
 * - Lower (fail side): Ŵ ≤ W1 + ∫|E| (triangle inequality); E∫|E| ≤ μ = ∫sd(E(x))dx (Jensen) and
 *   ∫|E| = sup over |s| ≤ 1 of ∫s·E, a supremum whose every term has sd ≤ σ, so by the Borell–TIS
 *   inequality (Gaussian limit) P(∫|E| > μ + σ·√(2 ln(1/falseFailRate))) ≤ falseFailRate.
 *   Lower = Ŵ − μ − σ·√(2 ln(1/falseFailRate)).
 */
function wassersteinBounds(xs: Float64Array, ys: Float64Array, threshold: number, a: number, b: number) {
  const n = xs.length
  const m = ys.length
  const grid = w1Grid(sortedCopy(xs), sortedCopy(ys))
  const vx = sampleVariance(xs)
  const vy = sampleVariance(ys)
  const sigmaAt = (nn: number) => Math.sqrt(vx / nn + vy / m)
  const zb = normalIsf(b)
  const c = Math.sqrt(2 * Math.log(1 / a))
  const sigma = sigmaAt(n)
  const noise = w1Noise(grid, n, m, n, m)
  const estimate = grid.estimate
  const upper = estimate + zb * sigma
  const lower = estimate - noise - c * sigma
  const needed = (outcome: Evidence['outcome']): number | 'reference' | undefined => {
    if (outcome !== 'inconclusive') return undefined
    if (estimate < threshold) {
      // Pass needs Ŵ + z·σ(n') ≤ threshold (Ŵ taken as is; it shrinks with n, so this is on the safe side).
      const room = ((threshold - estimate) / zb) ** 2 - vy / m
      return room > 0 ? Math.max(n + 1, Math.ceil(vx / room)) : 'reference'
    }
    // Fail needs Ŵ − μ(n') − c·σ(n') > threshold.
    const lowerAt = (nn: number) => estimate - w1Noise(grid, nn, m, n, m) - c * sigmaAt(nn)
    if (!(lowerAt(1e12) > threshold)) return 'reference'
    let lo = n
    let hi = 2 * n
    while (!(lowerAt(hi) > threshold)) hi *= 2
    while (hi - lo > Math.max(1, lo * 0.002)) {
      const mid = Math.floor((lo + hi) / 2)
      if (lowerAt(mid) > threshold) hi = mid
      else lo = mid
    }
    return hi
  }
  return {
    estimate,
    lower,
    upper,
    estimateText: `${formatNumber(estimate)} (standard error at most ${formatNumber(sigma)}, expected sampling inflation at most ${formatNumber(noise)})`,
    methodText: `lower = estimate − inflation − ${formatNumber(c, 3)}·se (triangle inequality, Borell–TIS), upper = estimate + ${formatNumber(zb, 3)}·se (the estimate only errs upward beyond the standard error); no resampling`,
    detectableExcess: noise + (c + zb) * sigma,
    needed,
    usedRandomness: false,
  } satisfies DriftBounds
}

/** Number of values of `sorted` at or below v (upper bound by bisection). */
function countAtOrBelow(sorted: Float64Array, v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Draws a bootstrap resample of a sorted sample as cumulative counts: cum[i] = resampled values at positions ≤ i. */
function resampleCounts(rng: () => number, cum: Uint32Array): void {
  const n = cum.length
  cum.fill(0)
  for (let i = 0; i < n; i++) cum[Math.floor(rng() * n)]++
  for (let i = 1; i < n; i++) cum[i] += cum[i - 1]
}

/** The value at position j (0-based) of the sorted resample described by `cum` over `sorted`. */
function resampledAt(sorted: Float64Array, cum: Uint32Array, j: number): number {
  let lo = 0
  let hi = cum.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cum[mid] > j) hi = mid
    else lo = mid + 1
  }
  return sorted[lo]
}

/**
 * PSI of a resample of received (sorted `sx`, cumulative counts `cx`) against a resample of the reference
 * (`sy`, `cy`), exactly as {@link populationStabilityIndex} computes it on the expanded resamples (type-7
 * quantile edges of the reference, duplicates removed, bins (lower, upper], empty shares → 1e-4), in
 * O(bins · log n) once the counts are drawn: the resamples are never materialised or sorted.
 */
function psiOfCounts(
  sx: Float64Array,
  cx: Uint32Array,
  sy: Float64Array,
  cy: Uint32Array,
  bins: number,
  edges: Float64Array,
): number {
  const n = sx.length
  const m = sy.length
  let k = 0
  for (let b = 1; b < bins; b++) {
    const h = (m - 1) * (b / bins)
    const lo = Math.floor(h)
    let q: number
    if (lo >= m - 1) q = resampledAt(sy, cy, m - 1)
    else {
      const t = h - lo
      const a = resampledAt(sy, cy, lo)
      const c = resampledAt(sy, cy, lo + 1)
      const d = c - a
      q = t >= 0.5 ? c - d * (1 - t) : a + d * t
    }
    if (k === 0 || q > edges[k - 1]) edges[k++] = q
  }
  let value = 0
  let prevE = 0
  let prevA = 0
  for (let i = 0; i <= k; i++) {
    let ce = m
    let ca = n
    if (i < k) {
      const uy = countAtOrBelow(sy, edges[i])
      const ux = countAtOrBelow(sx, edges[i])
      ce = uy > 0 ? cy[uy - 1] : 0
      ca = ux > 0 ? cx[ux - 1] : 0
    }
    const es = (ce - prevE) / m
    const as = (ca - prevA) / n
    prevE = ce
    prevA = ca
    const ee = es > 0 ? es : PSI_EPSILON
    const aa = as > 0 ? as : PSI_EPSILON
    value += (aa - ee) * Math.log(aa / ee)
  }
  return value
}

/**
 * PSI bounds from a seeded bootstrap of both samples (quantile bins re-cut in every resample). PSI is
 * jointly convex in the bin shares, so the estimate exceeds the true PSI plus a linear term: the upper
 * bound is the estimate plus z(falsePassRate) bootstrap standard errors, with no bias correction (which
 * would undercover). The lower bound is the bias-corrected estimate (2·estimate − bootstrap mean) minus
 * z(falseFailRate) standard errors (normal approximation).
 */
function psiBounds(
  xs: Float64Array,
  ys: Float64Array,
  bins: number,
  threshold: number,
  a: number,
  b: number,
  seed: ResolvedOptions['seed'],
) {
  const n = xs.length
  const estimate = enginePsi(ys, xs, bins)
  const rng = createRng(seed).fork('toMatchDistribution/bootstrap')
  const B = bootstrapResamples(n + ys.length)
  const sx = sortedCopy(xs)
  const sy = sortedCopy(ys)
  const cx = new Uint32Array(n)
  const cy = new Uint32Array(ys.length)
  const edges = new Float64Array(bins)
  let sum = 0
  let sumSq = 0
  for (let i = 0; i < B; i++) {
    resampleCounts(rng, cx)
    resampleCounts(rng, cy)
    const d = psiOfCounts(sx, cx, sy, cy, bins, edges)
    sum += d
    sumSq += d * d
  }
  const bootMean = sum / B
  const se = Math.sqrt(Math.max(0, (sumSq - B * bootMean * bootMean) / (B - 1)))
  const corrected = Math.max(0, 2 * estimate - bootMean)
  const za = normalIsf(a)
  const zb = normalIsf(b)
  let lower = corrected - za * se
  const upper = estimate + zb * se
  if (se === 0 && !(estimate > threshold)) lower = estimate
  const needed = (outcome: Evidence['outcome']): number | 'reference' | undefined => {
    if (outcome !== 'inconclusive' || !(se > 0)) return undefined
    // The standard error shrinks about as 1/√n: the n at which the bound on the far side clears the threshold.
    const gap = estimate < threshold ? threshold - estimate : corrected - threshold
    const z = estimate < threshold ? zb : za
    return gap > 0 ? Math.max(n + 1, Math.ceil(n * ((z * se) / gap) ** 2)) : undefined
  }
  return {
    estimate,
    lower,
    upper,
    estimateText: `${formatNumber(estimate)} (bias-corrected ${formatNumber(corrected)}, bootstrap standard error ${formatNumber(se)}, ${B} resamples), ${bins} bins`,
    methodText: `lower = bias-corrected − ${formatNumber(za, 3)}·se, upper = estimate + ${formatNumber(zb, 3)}·se (PSI is convex in the bin shares: the estimate errs upward, not downward), normal approximation`,
    detectableExcess: (za + zb) * se,
    needed,
    usedRandomness: true,
  } satisfies DriftBounds
}

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
  const bounds: DriftBounds = isPsi
    ? psiBounds(xs, ys, bins, threshold, a, b, opts.seed)
    : wassersteinBounds(xs, ys, threshold, a, b)
  const { lower, upper } = bounds
  const outcome: Evidence['outcome'] =
    lower > threshold ? 'fail' : upper <= threshold ? 'pass' : 'inconclusive'
  const label = isPsi ? 'PSI' : 'Wasserstein-1 distance'
  const claim = `the ${label} between received and the reference is at most ${formatNumber(threshold)}`
  const need = bounds.needed(outcome)
  const samplesNeeded = typeof need === 'number' ? need : undefined
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
        ? `The ${label} is not known precisely enough to tell whether it lies below ${formatNumber(threshold)}: its bounds straddle the threshold.`
        : `The upper bound of the ${label} lies at or below the threshold.`
  if (need === 'reference')
    meaning += ` The reference (${m} samples) is itself too small for more received values to settle it.`
  return {
    claim,
    oppositeClaim: `the ${label} between received and the reference exceeds ${formatNumber(threshold)}`,
    outcome,
    observed: [
      [
        'Data',
        `${data.source}; ${m} reference samples${ref.kind === 'samples' && ref.baseline ? ' (Baseline)' : ''}`,
      ],
      ['Estimate', `${label} ${bounds.estimateText}`],
      [
        'Bounds',
        `lower ${formatNumber(lower)} (falseFailRate ${formatNumber(a)}), upper ${formatNumber(upper)} (falsePassRate ${formatNumber(b)})`,
      ],
      ['Method', bounds.methodText],
      ['Max gap', describeGap(largestGapTwoSamples(sorted, sortedRef))],
      ['Threshold', `${formatNumber(threshold)}${defaultText}`],
    ],
    meaning,
    detectable: `a ${label} about ${formatNumber(bounds.detectableExcess)} above the threshold`,
    samplesNeeded,
    picture: sideBySideHistograms(
      edges,
      { title: `received (n = ${n})`, shares: sampleShares(xs, edges) },
      { title: `reference (m = ${m})`, shares: sampleShares(ys, edges) },
    ),
    usedRandomness: bounds.usedRandomness,
    advice: `The ${label} is a threshold claim: if the drift is acceptable, raise the threshold (tolerance); otherwise investigate the histograms.`,
  }
}

// ---------------------------------------------------------------------------------------------
// Engine calls (TEMPORARY stubs until src/hypothesis.ts, src/power.ts, src/distances.ts land)
// ---------------------------------------------------------------------------------------------

interface TestResult {
  statistic: number
  pValue: number
  method: string
}

function engineKsOneSample(
  xs: Float64Array,
  ref: { cdf: (x: number) => number; named?: ParsedNamed },
): TestResult {
  const r = ksTest(xs, ref.named ? ({ [ref.named.name]: ref.named.params } as KsDistribution) : ref.cdf)
  return { statistic: r.statistic, pValue: r.pValue, method: r.method }
}
function engineKsTwoSample(xs: Float64Array, ys: Float64Array): TestResult {
  const r = ks2Sample(xs, ys)
  return { statistic: r.statistic, pValue: r.pValue, method: r.method }
}
/** The KS distance detectable at effective size n (DKW with Massart's constant plus Hoeffding; src/power.ts). */
function engineDetectableKs(n: number, a: number, b: number, m?: number): number {
  return detectableKsDistance(n, { falseFailRate: a, falsePassRate: b, m })
}
/** The (effective) sample size at which KS distance d is detectable (src/power.ts). */
function engineSamplesForKs(d: number, a: number, b: number): number {
  return samplesForKs({ distance: d, falseFailRate: a, falsePassRate: b })
}
function engineChiSquareGof(observed: number[], probabilities: number[]): TestResult & { df: number } {
  let n = 0
  for (const o of observed) n += o
  const r = chiSquareGoodnessOfFit(
    observed,
    probabilities.map((p) => p * n),
  )
  return { statistic: r.statistic, pValue: r.pValue, method: r.method, df: r.df }
}
/** Homogeneity of two label samples: Pearson's chi-square on the 2 × k table, without Yates' correction. */
function engineChiSquareHomogeneity(observed: number[], other: number[]): TestResult & { df: number } {
  const r = chiSquareIndependence([observed, other], { correction: false })
  return {
    statistic: r.statistic,
    pValue: r.pValue,
    method: 'Pearson chi-square homogeneity (2 × k table)',
    df: r.df,
  }
}
/** PSI of received against the reference sample: quantile bins of the reference, epsilon 1e-4 for empty bins. */
function enginePsi(reference: ArrayLike<number>, received: ArrayLike<number>, bins: number): number {
  return populationStabilityIndex(reference, received, { bins }).value
}
