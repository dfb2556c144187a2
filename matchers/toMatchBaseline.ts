/**
 * `expect(received).toMatchBaseline(name?, options?)`: a statistical snapshot. The first run records the
 * received distribution into `__baselines__/<test file name>.json` beside the test file; later runs
 * compare new data with it and fail when they differ by more than chance explains.
 *
 * - Numbers (an array, a typed array, a Baseline, or a sampler): two-sample Kolmogorov–Smirnov against
 *   the recorded values (or, beyond 2000 values, a grid of 1001 quantiles whose error the test accounts
 *   for). Tolerance: the KS distance to detect, default 0.1.
 * - Labels (an array of strings or booleans, or a sampler of them): chi-square homogeneity against the
 *   recorded counts. Tolerance: the total variation distance to detect, default 0.1.
 * - A metric result `{ metric, value, n }` (a proportion of n examples) or `{ metric, value, se }`: the
 *   difference from the recorded value with its interval; by default the claim is "no drop"
 *   (`direction: 'higher'`, `margin: 0`). Tolerance: in the metric, default 0.05.
 *
 * Update semantics as snapshots (see baselineSession.ts): recorded when missing on a local run,
 * re-recorded under `-u` / `PROBABLY_UPDATE=1` when the comparison does not pass, never written under CI.
 * All the statistics are the engine's (src/baselines.ts); this file parses, asks, and renders.
 */

import { baselinePathFor, readBaselineFile, updateBaselineFile } from '../src/baselineStore'
import {
  type BaselineEntry,
  type BaselineRates,
  baselineAdequacy,
  checkMetricResult,
  compareLabels,
  compareMetric,
  compareNumbers,
  type LabelsEntry,
  labelsEntry,
  type MetricDirection,
  type MetricEntry,
  type MetricResult,
  metricEntry,
  type NumbersEntry,
  numbersEntry,
  QUANTILE_GRID,
  samplesForLabelsBaseline,
  samplesForNumbersBaseline,
} from '../src/baselines'
import { sortedCopy } from '../src/descriptive'
import { samplesForKsExact } from '../src/distributionPower'
import { checkSample, describeValue, InvalidInputError, InvalidRangeError } from '../src/errors'
import { categoryCounts } from '../src/histogram'
import { drawSamples, type Sampler } from '../src/sampler'
import { VERSION } from '../src/version'
import { entryName, type FileTally, tallyOf, type UpdateMode, updateMode } from './baselineSession'
import { formatNumber, hint, type MatcherContext, type MatcherResult, utilsOf } from './context'
import {
  binEdges,
  type CategoryRow,
  categoryTable,
  describeGap,
  largestGapTwoSamples,
  MAX_PICTURE_BINS,
  sampleShares,
  sideBySideHistograms,
} from './picture'
import { assertionFails, rerunCheck, UNCONTROLLED_RANDOMNESS_ADVICE } from './sampling'
import { type Evidence, type ResolvedOptions, resolveOptions, type SamplingOptions, verdict } from './verdict'

const NAME = 'toMatchBaseline'

/** Options of {@link toMatchBaseline}. */
export interface MatchBaselineOptions extends SamplingOptions {
  /**
   * Numbers: the KS distance to detect (default 0.1). Labels: the total variation distance (default
   * 0.1). Metrics: the change in the metric (default 0.05).
   */
  tolerance?: number
  /** A label stored with the baseline when it is recorded (a model name or version). */
  label?: string
  /** Metrics: the change allowed before it counts as a regression (default 0). */
  margin?: number
  /** Metrics: `'higher'` (default: higher is better, a drop fails), `'lower'` (an error metric), `'both'`. */
  direction?: MetricDirection
}

const OWN_OPTIONS = ['label', 'margin', 'direction'] as const
const DEFAULT_DISTANCE_TOLERANCE = 0.1
const DEFAULT_METRIC_TOLERANCE = 0.05

type Data =
  | { kind: 'numbers'; xs: Float64Array; source: string }
  | { kind: 'labels'; counts: Map<string, number>; n: number; source: string }
  | { kind: 'metric'; metric: MetricResult; source: string }

const isArrayLike = (x: unknown): x is ArrayLike<unknown> =>
  Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))

function parseArray(argument: string, xs: ArrayLike<unknown>, source: string): Data {
  if (xs.length === 0) throw new InvalidRangeError(NAME, argument, 'must not be empty')
  if (ArrayBuffer.isView(xs) || typeof xs[0] === 'number')
    return {
      kind: 'numbers',
      xs: Float64Array.from(checkSample(NAME, argument, xs as ArrayLike<number>)),
      source,
    }
  const type = typeof xs[0]
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]
    if (!(typeof v === 'string' || typeof v === 'boolean'))
      throw new InvalidInputError(
        NAME,
        `${argument}[${i}]`,
        `must be a label (string or boolean) like the first, got ${describeValue(v)}`,
      )
    if (typeof v !== type)
      throw new InvalidInputError(NAME, argument, `mixes ${type} and ${typeof v} labels (at [${i}])`)
  }
  const counts = categoryCounts(xs as ArrayLike<string | boolean>)
  return { kind: 'labels', counts, n: xs.length, source }
}

function parseReceived(received: unknown): Data {
  if (isArrayLike(received))
    return parseArray(
      'received',
      received,
      `${received.length} ${typeof received[0] === 'number' || ArrayBuffer.isView(received) ? 'values' : 'labels'}`,
    )
  if (received !== null && typeof received === 'object') {
    const o = received as Record<string, unknown>
    if ('metric' in o) {
      const metric = checkMetricResult(NAME, 'received', o)
      return {
        kind: 'metric',
        metric,
        source: `${metric.metric} ${formatNumber(metric.value)}${metric.n !== undefined ? ` of n = ${metric.n}` : ` (se ${formatNumber(metric.se as number)})`}`,
      }
    }
    if ('samples' in o && isArrayLike(o.samples))
      return parseArray('received.samples', o.samples, `${o.samples.length} values (a Baseline)`)
  }
  throw new InvalidInputError(
    NAME,
    'received',
    `must be an array of numbers or labels, a Baseline, a metric result { metric, value, n } or { metric, value, se }, or a sampler function, got ${describeValue(received)}`,
  )
}

function checkDraw(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : `must be finite, got ${describeValue(v)}`
  if (typeof v === 'string' || typeof v === 'boolean') return undefined
  return `must be a number or a label (string or boolean), got ${describeValue(v)}`
}

function relative(path: string): string {
  const cwd = typeof process !== 'undefined' ? process.cwd() : ''
  return (cwd && path.startsWith(cwd) ? path.slice(cwd.length + 1) : path).replace(/\\/g, '/')
}

interface Call {
  context: MatcherContext
  file: string
  name: string
  given: string | undefined
  opts: ResolvedOptions
  options: MatchBaselineOptions
  mode: UpdateMode
  /** The calling test's full name (' > '-joined), stored as the entry's `test`. */
  testName: string
  tally: FileTally
  stored: BaselineEntry | undefined
  sampler?: Sampler<unknown>
  start: number
}

function tolerance(kind: Data['kind'], opts: ResolvedOptions): number {
  const t = opts.tolerance ?? (kind === 'metric' ? DEFAULT_METRIC_TOLERANCE : DEFAULT_DISTANCE_TOLERANCE)
  if (kind !== 'metric' && !(t < 1))
    throw new InvalidRangeError(
      NAME,
      'options.tolerance',
      `must lie in (0, 1) for ${kind === 'numbers' ? 'a KS distance' : 'a total variation distance'}, got ${t}`,
    )
  return t
}

function rates(kind: Data['kind'], opts: ResolvedOptions): BaselineRates {
  return {
    falseFailRate: opts.falseFailRate,
    falsePassRate: opts.falsePassRate,
    tolerance: tolerance(kind, opts),
  }
}

/**
 * Compares the received values, labels or metric with the baseline recorded under `name` (default: the
 * test's full name) in `__baselines__/<test file>.json`, recording it when missing (except under CI).
 * With a sampler, draws as many values as a comparison with the recorded baseline needs to detect the
 * tolerance (at least `samples`); await it.
 *
 * @example
 * expect(scores).toMatchBaseline()
 * expect({ metric: 'recall', value: recall, n: positives }).toMatchBaseline('recall', { label: 'model v3' })
 * await expect(({ rng }) => model.sample(rng)).toMatchBaseline('samples')
 */
export function toMatchBaseline(
  this: MatcherContext,
  received: unknown,
  name?: string | MatchBaselineOptions,
  options?: MatchBaselineOptions,
): MatcherResult | Promise<MatcherResult> {
  if (name !== undefined && typeof name === 'object' && name !== null && options === undefined) {
    options = name
    name = undefined
  }
  if (name !== undefined && (typeof name !== 'string' || name === ''))
    throw new InvalidInputError(NAME, 'name', `must be a non-empty string, got ${describeValue(name)}`)
  const opts = resolveOptions(this, NAME, options, OWN_OPTIONS)
  const o = (options ?? {}) as MatchBaselineOptions
  if (o.label !== undefined && typeof o.label !== 'string')
    throw new InvalidInputError(NAME, 'options.label', 'must be a string')
  if (o.margin !== undefined && !(typeof o.margin === 'number' && o.margin >= 0 && Number.isFinite(o.margin)))
    throw new InvalidRangeError(NAME, 'options.margin', 'must be a finite number >= 0')
  if (o.direction !== undefined && !['higher', 'lower', 'both'].includes(o.direction))
    throw new InvalidInputError(NAME, 'options.direction', "must be 'higher', 'lower' or 'both'")
  // The test that made the call, as the runner identifies it (concurrent tests included; names joined by ' > ').
  const testPath = opts.test?.testPath ?? this.testPath
  const testName = opts.test?.testName ?? this.currentTestName ?? ''
  if (!testPath)
    throw new InvalidInputError(
      NAME,
      'this.testPath',
      'is unknown: toMatchBaseline stores baselines beside the test file, so it must run inside a Vitest or Jest test',
    )
  const file = baselinePathFor(testPath)
  const key = entryName(file, testName, name)
  const tally = tallyOf(file)
  tally.used.add(key)
  tally.mode = updateMode(this)
  const stored = readBaselineFile(file).entries[key]
  const call: Call = {
    context: this,
    file,
    name: key,
    given: name,
    opts,
    options: o,
    mode: updateMode(this),
    testName,
    tally,
    stored,
    start: Date.now(),
  }
  if (typeof received === 'function') {
    if (stored?.kind === 'metric')
      throw new InvalidInputError(
        NAME,
        'received',
        `is a sampler, but baseline ${JSON.stringify(key)} holds a metric: pass the metric result { metric, value, n }`,
      )
    call.sampler = received as Sampler<unknown>
    const samples = o.samples ?? samplesToDraw(stored, opts)
    return drawSamples(call.sampler, {
      samples,
      seed: opts.seed,
      timeoutMs: opts.timeoutMs,
      concurrency: opts.concurrency,
      callTimeoutMs: opts.callTimeoutMs,
      where: NAME,
      check: checkDraw,
    }).then(({ values }) => {
      const data = parseArray('the sampler’s draws', values, `${values.length} draws from the sampler`)
      return decide(call, data, values)
    })
  }
  return decide(call, parseReceived(received))
}

/** Draws for a sampler: at least `samples`, and as many as the tolerance needs against the recorded baseline. */
function samplesToDraw(stored: BaselineEntry | undefined, opts: ResolvedOptions): number {
  const base = opts.samples
  const r = { falseFailRate: opts.falseFailRate, falsePassRate: opts.falsePassRate }
  const t = opts.tolerance ?? DEFAULT_DISTANCE_TOLERANCE
  if (!(t > 0 && t < 1)) return base
  // Recording: as many as two equal samples need to detect the tolerance, so that an equally large comparison decides.
  if (!stored) return Math.max(base, samplesForKsExact({ tolerance: t, ...r, m: 'equal' }) ?? base)
  if (stored.kind === 'numbers') {
    const needed = samplesForNumbersBaseline(stored, { ...r, tolerance: t })
    return Math.max(base, Math.min(needed ?? stored.n, 1_000_000))
  }
  if (stored.kind === 'labels') {
    const needed = samplesForLabelsBaseline(stored, { ...r, tolerance: t })
    return Math.max(base, Math.min(needed ?? stored.n, 1_000_000))
  }
  return base
}

/** A failing sampler: redraw a few values with the same seed, and say so when they differ. */
async function withRerunCheck(
  call: Call,
  evidence: Evidence,
  values: readonly unknown[],
): Promise<MatcherResult> {
  const remaining = call.opts.timeoutMs - (Date.now() - call.start)
  const note = await rerunCheck(NAME, call.sampler as Sampler<unknown>, values, call.opts, remaining)
  if (note) {
    evidence.meaning = `${note} ${evidence.meaning ?? ''}`.trim()
    evidence.advice = UNCONTROLLED_RANDOMNESS_ADVICE
  }
  return verdict(call.context, NAME, JSON.stringify(call.name), evidence, call.opts)
}

function decide(call: Call, data: Data, draws?: readonly unknown[]): MatcherResult | Promise<MatcherResult> {
  const { context, stored, mode } = call
  const isNot = context.isNot === true
  if (!stored) {
    if (isNot)
      throw new InvalidInputError(
        NAME,
        'name',
        `${JSON.stringify(call.name)} has no recorded baseline in ${relative(call.file)}: .not compares with a recorded baseline and never records one`,
      )
    if (mode === 'none') return missingUnderCi(call)
    return record(call, data, 'written')
  }
  if (stored.kind !== data.kind) {
    if (mode === 'all' && !isNot) return record(call, data, 'updated')
    throw new InvalidInputError(
      NAME,
      'received',
      `holds ${data.kind}, but baseline ${JSON.stringify(call.name)} in ${relative(call.file)} holds ${stored.kind}: give this baseline another name, or rerun with -u to re-record it`,
    )
  }
  if (stored.kind === 'metric' && data.kind === 'metric' && stored.metric !== data.metric.metric) {
    if (mode === 'all' && !isNot) return record(call, data, 'updated')
    throw new InvalidInputError(
      NAME,
      'received.metric',
      `is ${JSON.stringify(data.metric.metric)}, but baseline ${JSON.stringify(call.name)} in ${relative(call.file)} holds ${JSON.stringify(stored.metric)}: give this baseline another name, or rerun with -u`,
    )
  }
  if (
    stored.kind === 'metric' &&
    data.kind === 'metric' &&
    (stored.n === undefined) !== (data.metric.n === undefined)
  ) {
    if (mode === 'all' && !isNot) return record(call, data, 'updated')
    const form = (n: number | undefined) =>
      n !== undefined ? '{ value, n } (a proportion of n)' : '{ value, se }'
    throw new InvalidInputError(
      NAME,
      'received',
      `is ${form(data.metric.n)}, but baseline ${JSON.stringify(call.name)} in ${relative(call.file)} holds ${form(stored.n)}: give the same form, or rerun with -u to re-record it`,
    )
  }
  const evidence = compare(call, data, stored)
  const relabel = call.options.label !== undefined && call.options.label !== stored.label
  if (mode === 'all' && !isNot && (evidence.outcome !== 'pass' || relabel))
    return record(call, data, 'updated')
  call.tally.matched++
  if (draws && assertionFails(context, evidence, call.opts)) return withRerunCheck(call, evidence, draws)
  return verdict(context, NAME, JSON.stringify(call.name), evidence, call.opts)
}

function entryOf(call: Call, data: Data): BaselineEntry {
  const e: BaselineEntry =
    data.kind === 'numbers'
      ? numbersEntry(data.xs)
      : data.kind === 'labels'
        ? labelsEntry(data.counts)
        : metricEntry(data.metric)
  if (call.options.label !== undefined) e.label = call.options.label
  else if (call.stored?.label !== undefined && call.mode === 'all') e.label = call.stored.label
  e.seed = call.opts.seed
  if (call.testName) e.test = call.testName
  e.version = VERSION
  e.recorded = new Date().toISOString()
  return e
}

function record(call: Call, data: Data, what: 'written' | 'updated'): MatcherResult {
  const entry = entryOf(call, data)
  updateBaselineFile(call.file, { set: { [call.name]: entry } })
  call.tally[what].push(call.name)
  const adequacy = baselineAdequacy(entry, rates(data.kind, call.opts))
  const where = `${relative(call.file)}, ${JSON.stringify(call.name)}`
  const size =
    entry.kind === 'metric'
      ? entry.n !== undefined
        ? `n = ${entry.n}`
        : `se ${formatNumber(entry.se as number)}`
      : `${entry.n} ${entry.kind === 'numbers' ? 'values' : 'labels'}`
  const unit = entry.kind === 'numbers' ? 'values' : entry.kind === 'labels' ? 'labels' : 'examples'
  const t = rates(data.kind, call.opts).tolerance
  let note = ''
  if (!adequacy.enough) {
    note =
      `probably: baseline ${where} ${what} from ${size}, too few to detect the tolerance (${formatNumber(t)}): ` +
      `a comparison with as many new ${unit} detects only ${formatNumber(adequacy.detectable)}` +
      (adequacy.needed !== undefined
        ? `; record at least ${adequacy.needed} ${unit} (more samples, then -u)`
        : '; record a baseline with a smaller standard error (more examples, then -u)')
    console.warn(note)
  }
  const message = () =>
    [
      hint(call.context, NAME, JSON.stringify(call.name)),
      '',
      `Recorded:  baseline ${where} (${size}${entry.label ? `, label ${JSON.stringify(entry.label)}` : ''}) was ${what}.`,
      ...(note ? [`Note:      ${note.replace(/^probably: /, '')}`] : []),
    ].join('\n')
  return { pass: true, message }
}

function missingUnderCi(call: Call): MatcherResult {
  const utils = utilsOf(call.context)
  const file = relative(call.file)
  const message = () =>
    [
      hint(call.context, NAME, JSON.stringify(call.name)),
      '',
      `Claim:     the data match baseline ${JSON.stringify(call.name)} in ${file}`,
      `Verdict:   ${utils.RECEIVED_COLOR('fail')}: no such baseline, and this run may not write one (${isCiWhy()}): nothing was written`,
      `Next:      record it on a local run (or with -u / PROBABLY_UPDATE=1) and commit ${file}.`,
    ].join('\n')
  return { pass: false, message }
}

function isCiWhy(): string {
  return process.env.CI ? `CI=${process.env.CI}` : 'the runner was started with --ci'
}

// ---------------------------------------------------------------------------------------------
// Comparing: the engine decides, this renders
// ---------------------------------------------------------------------------------------------

function describeStored(call: Call, stored: BaselineEntry): string {
  const size =
    stored.kind === 'metric'
      ? stored.n !== undefined
        ? `${stored.metric} ${formatNumber(stored.value)} of n = ${stored.n}`
        : `${stored.metric} ${formatNumber(stored.value)} (se ${formatNumber(stored.se as number)})`
      : stored.kind === 'numbers'
        ? `${stored.n} values${stored.quantiles ? ` (stored as ${stored.quantiles.length} quantiles)` : ''}`
        : `${stored.n} labels`
  const extra = [
    stored.label !== undefined ? `label ${JSON.stringify(stored.label)}` : undefined,
    stored.seed !== undefined ? `seed ${stored.seed}` : undefined,
    stored.version !== undefined ? `probably ${stored.version}` : undefined,
    stored.recorded !== undefined ? stored.recorded.slice(0, 10) : undefined,
  ].filter(Boolean)
  return `${JSON.stringify(call.name)} in ${relative(call.file)}: ${size}${extra.length ? `; ${extra.join(', ')}` : ''}`
}

const UPDATE_ADVICE =
  'If the change is intended, re-record the baseline: rerun with -u (or PROBABLY_UPDATE=1) and review the diff of the baseline file.'

function compare(call: Call, data: Data, stored: BaselineEntry): Evidence {
  if (data.kind === 'numbers') return compareNumbersEvidence(call, data, stored as NumbersEntry)
  if (data.kind === 'labels') return compareLabelsEvidence(call, data, stored as LabelsEntry)
  return compareMetricEvidence(call, data, stored as MetricEntry)
}

function summaryText(mean: number, sd: number, median: number): string {
  return `mean ${formatNumber(mean)}, sd ${formatNumber(sd)}, median ${formatNumber(median)}`
}

/**
 * What the inconclusive "Next" line asks for: more new values, or — when no number of new values can
 * settle it — a larger baseline.
 */
function tooSmallOrNeeded(
  outcome: Evidence['outcome'],
  baselineTooSmall: boolean,
  baselineNeeded: number | undefined,
  samplesNeeded: number | undefined,
  unit: string,
): Pick<Evidence, 'samplesNeeded' | 'samplesUnit'> {
  if (outcome !== 'inconclusive') return {}
  if (baselineTooSmall && baselineNeeded !== undefined)
    return { samplesNeeded: baselineNeeded, samplesUnit: `${unit} in a re-recorded baseline (-u)` }
  return { samplesNeeded, samplesUnit: unit }
}

function compareNumbersEvidence(
  call: Call,
  data: Extract<Data, { kind: 'numbers' }>,
  stored: NumbersEntry,
): Evidence {
  const r = rates('numbers', call.opts)
  const c = compareNumbers(data.xs, stored, r)
  const outcome = c.decision.outcome
  const sorted = sortedCopy(data.xs)
  const reference = stored.values ?? (stored.quantiles as number[])
  const lo = Math.min(sorted[0], reference[0])
  const hi = Math.max(sorted[sorted.length - 1], reference[reference.length - 1])
  const edges = binEdges(lo, hi, MAX_PICTURE_BINS)
  const s = stored.summary
  const rs = numbersEntry(data.xs, { maxValues: 0, grid: 20 }).summary
  const ks =
    c.compactError > 0
      ? `D ≈ ${formatNumber(c.statistic)} (within ${formatNumber(c.compactError)} of the exact distance: the baseline is a grid of ${QUANTILE_GRID + 1} quantiles), p = ${formatNumber(c.pValue)} for D − ${formatNumber(c.compactError)}`
      : `D = ${formatNumber(c.statistic)}, p = ${formatNumber(c.pValue)} (${c.method})`
  const defaultText = call.opts.tolerance === undefined ? ' (default)' : ''
  let meaning =
    outcome === 'fail'
      ? 'The values differ from the recorded baseline by more than chance explains: the distribution has changed since it was recorded.'
      : outcome === 'inconclusive'
        ? `No evidence of a change, but these sizes could not detect a KS distance of ${formatNumber(r.tolerance)}.`
        : `No evidence of a change, and a KS distance of ${formatNumber(r.tolerance)} would have been detected.`
  if (outcome === 'inconclusive' && c.baselineTooSmall)
    meaning += ` The baseline itself (${c.m} values) is too small for any number of new values to settle it: re-record it with at least ${c.baselineNeeded} values (-u).`
  return {
    claim: `the values come from the distribution recorded in baseline ${JSON.stringify(call.name)}`,
    oppositeClaim: `the values come from a distribution other than the one recorded in baseline ${JSON.stringify(call.name)}`,
    outcome,
    observed: [
      ['Baseline', describeStored(call, stored)],
      ['Received', data.source],
      ['KS', ks],
      ...(stored.values
        ? ([['Max gap', describeGap(largestGapTwoSamples(sorted, stored.values), 'baseline')]] as Array<
            [string, string]
          >)
        : []),
      [
        'Summary',
        `received ${summaryText(rs.mean, rs.sd, rs.median)}; baseline ${summaryText(s.mean, s.sd, s.median)}`,
      ],
      ['Tolerance', `KS distance ${formatNumber(r.tolerance)}${defaultText}`],
    ],
    meaning,
    detectable: `a KS distance of ${formatNumber(c.detectable)} (n = ${c.n}, baseline m = ${c.m})`,
    ...tooSmallOrNeeded(outcome, c.baselineTooSmall, c.baselineNeeded, c.decision.samplesNeeded, 'values'),
    picture: sideBySideHistograms(
      edges,
      { title: `received (n = ${c.n})`, shares: sampleShares(data.xs, edges) },
      { title: `baseline (m = ${c.m})`, shares: sampleShares(reference, edges) },
    ),
    usedRandomness: call.sampler !== undefined,
    advice: UPDATE_ADVICE,
    decision: c.decision,
    record: {
      method: c.method,
      estimate: c.statistic,
      tolerance: r.tolerance,
      detectable: c.detectable,
      ...(call.sampler ? { samplesDrawn: c.n } : {}),
    },
  }
}

function compareLabelsEvidence(
  call: Call,
  data: Extract<Data, { kind: 'labels' }>,
  stored: LabelsEntry,
): Evidence {
  const r = rates('labels', call.opts)
  const c = compareLabels(data.counts, stored, { ...r, seed: call.opts.seed })
  const outcome = c.decision.outcome
  const rows: CategoryRow[] = c.categories.map((k) => ({
    category: k.label,
    observed: k.received,
    reference: k.baseline,
    expected: k.expected,
    contribution: k.contribution,
  }))
  const defaultText = call.opts.tolerance === undefined ? ' (default)' : ''
  let meaning =
    outcome === 'fail'
      ? 'The label shares differ from the recorded baseline by more than chance explains.'
      : outcome === 'inconclusive'
        ? `No evidence of a change, but these sizes could not detect a total variation distance of ${formatNumber(r.tolerance)}.`
        : `No evidence of a change, and a total variation distance of ${formatNumber(r.tolerance)} would have been detected.`
  if (outcome === 'inconclusive' && c.baselineTooSmall)
    meaning += ` The baseline itself (${c.m} labels) is too small for any number of new labels to settle it: re-record it with at least ${c.baselineNeeded} labels (-u).`
  return {
    claim: `the labels come from the distribution recorded in baseline ${JSON.stringify(call.name)}`,
    oppositeClaim: `the labels come from a distribution other than the one recorded in baseline ${JSON.stringify(call.name)}`,
    outcome,
    observed: [
      ['Baseline', describeStored(call, stored)],
      ['Received', data.source],
      [
        'Test',
        `chi-square ${formatNumber(c.statistic)} on ${c.df} df, p = ${formatNumber(c.pValue)} (Pearson homogeneity, 2 × ${c.categories.length} table${c.pMethod === 'asymptotic' ? '' : `; ${c.pMethod} p-value: expected counts below 5`})`,
      ],
      ['Shares', `total variation distance ${formatNumber(c.totalVariation)} between the observed shares`],
      ['Tolerance', `total variation distance ${formatNumber(r.tolerance)}${defaultText}`],
    ],
    meaning,
    detectable: `a total variation distance of ${formatNumber(c.detectable)} (n = ${c.n}, baseline m = ${c.m})`,
    ...tooSmallOrNeeded(outcome, c.baselineTooSmall, c.baselineNeeded, c.decision.samplesNeeded, 'labels'),
    picture: categoryTable(rows),
    usedRandomness: call.sampler !== undefined,
    advice: UPDATE_ADVICE,
    decision: c.decision,
    record: {
      method: 'chi-square-homogeneity',
      estimate: c.totalVariation,
      tolerance: r.tolerance,
      detectable: c.detectable,
      ...(call.sampler ? { samplesDrawn: c.n } : {}),
    },
  }
}

function compareMetricEvidence(
  call: Call,
  data: Extract<Data, { kind: 'metric' }>,
  stored: MetricEntry,
): Evidence {
  const r = rates('metric', call.opts)
  const margin = call.options.margin ?? 0
  const direction = call.options.direction ?? 'higher'
  const c = compareMetric(data.metric, stored, { ...r, margin, direction })
  const outcome = c.decision.outcome
  const m = data.metric.metric
  const base = formatNumber(stored.value)
  const marginText = margin > 0 ? ` by more than ${formatNumber(margin)}` : ''
  const claim =
    direction === 'higher'
      ? `${m} has not dropped below its baseline ${base}${marginText}`
      : direction === 'lower'
        ? `${m} has not risen above its baseline ${base}${marginText}`
        : `${m} has not moved from its baseline ${base}${marginText}`
  const oppositeClaim =
    direction === 'higher'
      ? `${m} has dropped below its baseline ${base}${marginText}`
      : direction === 'lower'
        ? `${m} has risen above its baseline ${base}${marginText}`
        : `${m} has moved from its baseline ${base}${marginText}`
  const fb = c.failBounds
  const shown =
    direction === 'higher'
      ? `upper bound ${formatNumber(fb.upper)}`
      : direction === 'lower'
        ? `lower bound ${formatNumber(fb.lower)}`
        : `[${formatNumber(fb.lower)}, ${formatNumber(fb.upper)}]`
  const method =
    c.method === 'normal'
      ? 'normal interval, se = √(se² + se²)'
      : 'MOVER interval from the two exact Clopper–Pearson intervals'
  const defaultText = call.opts.tolerance === undefined ? ' (default)' : ''
  const meaning =
    outcome === 'fail'
      ? `The ${m} is worse than its baseline by more than chance explains.`
      : outcome === 'inconclusive'
        ? `No evidence of a regression, but a regression of ${formatNumber(r.tolerance)} is not ruled out at these sizes.`
        : `No evidence of a regression, and a regression of ${formatNumber(r.tolerance)} would have been detected.`
  return {
    claim,
    oppositeClaim,
    outcome,
    observed: [
      ['Baseline', describeStored(call, stored)],
      ['Received', data.source],
      [
        'Change',
        `${formatNumber(c.difference)} (current − baseline); ${shown} at falseFailRate ${formatNumber(call.opts.falseFailRate)} (${method})`,
      ],
      ['Tolerance', `${formatNumber(r.tolerance)} in ${m}${defaultText}`],
    ],
    meaning,
    detectable: `${direction === 'higher' ? 'a drop' : direction === 'lower' ? 'a rise' : 'a change'} of ${formatNumber(c.detectable)} in ${m}`,
    samplesNeeded: outcome === 'inconclusive' && c.method !== 'normal' ? c.decision.samplesNeeded : undefined,
    samplesUnit: 'examples (in the baseline and in the new evaluation alike)',
    advice: UPDATE_ADVICE,
    decision: c.decision,
    record: { method: c.method, tolerance: r.tolerance },
  }
}
