/**
 * Statistical baselines: the recorded form of a sample (numbers, labels or a metric with its n) and the
 * comparison of new data with it, decided by the decision core (src/decision.ts). Runner-agnostic: the
 * file store is in baselineStore.ts, the matcher in matchers/toMatchBaseline.ts.
 *
 * Three kinds of entry:
 *
 * - **numbers**: the values themselves (`values`, sorted) when there are at most {@link MAX_STORED_VALUES},
 *   else a fixed grid of K + 1 quantiles (`quantiles`, K = {@link QUANTILE_GRID}) with n. The comparison is
 *   a two-sample Kolmogorov–Smirnov test with the exact pointwise power bound (src/distributionPower.ts;
 *   on stored values, decideKsTwoSample). From the grid q_j = y_(⌈j·m/K⌉) (q_0 the minimum) the baseline's
 *   ECDF G is known within [J/K, (J + 1)/K) at any x, J the last grid point ≤ x (ties included), so the
 *   statistic computed with the midpoint differs from the exact one by less than δ = 1/(2K): the test uses
 *   D̂ − δ (never larger than the exact D, so the false-fail rate holds) and the power asks the tolerance
 *   less 2δ (so the false-pass rate holds).
 * - **labels**: category counts (exact at any n). Pearson chi-square homogeneity on the 2 × k table (p-value
 *   valid at small expected counts); power from the noncentral chi-square at the least favourable
 *   alternative (noncentrality 4·n_e·tv², n_e = n·m/(n + m)): the engine's decideChiSquareHomogeneity.
 * - **metric**: a metric's value with its n (a proportion of n examples: recall, precision, accuracy…) or
 *   with its standard error (an AUC from DeLong, any estimate). The claim is about the difference
 *   θ = current − baseline: with `direction: 'higher'` (default, higher is better) θ ≥ −margin; 'lower'
 *   θ ≤ margin; 'both' |θ| ≤ margin. The engine's metricDifferenceInterval: MOVER from the two exact
 *   (Clopper–Pearson) intervals for two proportions, a normal interval with √(se₁² + se₂²) otherwise.
 */

import {
  checkCountMap,
  checkNonNegative,
  checkObject,
  checkPositive,
  checkRatesOf,
  checkSeed,
  checkSortedSample,
} from './argcheck'
import { BaselineFileError, checkEntry } from './baselineStore'
import { type MetricEvaluation, metricDifferenceInterval } from './comparisons'
import {
  decideInterval,
  decideTest,
  type IntervalDecision,
  type OneSidedBounds,
  type TestDecision,
} from './decision'
import { mean, standardDeviation } from './descriptive'
import {
  chiSquareHomogeneityCells,
  decideChiSquareHomogeneity,
  decideKsTwoSample,
  detectableKsDistanceExact,
  detectableTotalVariation,
  ksOneSamplePower,
  ksTwoSamplePower,
  samplesForKsExact,
  samplesForTotalVariation,
} from './distributionPower'
import { normalIsf } from './distributions'
import { checkCount, checkOneOf, checkOpenUnit, InvalidInputError, InvalidRangeError } from './errors'
import { ks2SampleAsymptoticPValue, ks2SampleExactPValue, ks2SampleUsesExact } from './kolmogorov'
import { validatedSortedCopy } from './sort'

/** The numbers of a baseline are stored as values up to this many; beyond, as a quantile grid. */
export const MAX_STORED_VALUES = 2500
/** K: the quantile grid of a large numeric baseline has K + 1 points (levels j/K). */
export const QUANTILE_GRID = 1000

/** Summary statistics stored with a numeric baseline (for reviewers; checked on reading). */
export interface BaselineSummary {
  mean: number
  sd: number
  min: number
  p05: number
  p25: number
  median: number
  p75: number
  p95: number
  max: number
}

/** Fields every entry has. */
interface EntryBase {
  /** An optional label of what was recorded (a model name or version). */
  label?: string
  /** The full name of the test that recorded it. */
  test?: string
  /** The seed of the recording call. */
  seed?: string
  /** The library version that recorded it. */
  version?: string
  /** When it was recorded (ISO 8601). */
  recorded?: string
}

/** A numeric baseline: the sorted values, or (when many) a quantile grid. */
export interface NumbersEntry extends EntryBase {
  kind: 'numbers'
  n: number
  summary: BaselineSummary
  /** The values, sorted ascending (when n ≤ MAX_STORED_VALUES). */
  values?: number[]
  /** The quantile grid q_0..q_K, q_j = y_(⌈j·n/K⌉) (q_0 the minimum), K = quantiles.length − 1. */
  quantiles?: number[]
}

/** A categorical baseline: counts per label (keys as strings). */
export interface LabelsEntry extends EntryBase {
  kind: 'labels'
  n: number
  counts: Record<string, number>
}

/** Which way a metric is better. */
export type MetricDirection = 'higher' | 'lower' | 'both'

/** A metric baseline: value with n (a proportion) or with a standard error. */
export interface MetricEntry extends EntryBase {
  kind: 'metric'
  metric: string
  value: number
  /** Examples behind a proportion metric (value·n successes). */
  n?: number
  /** Standard error of the estimate (when not a proportion of n). */
  se?: number
}

export type BaselineEntry = NumbersEntry | LabelsEntry | MetricEntry

/** A metric result as received: `{ metric, value, n }` (a proportion of n) or `{ metric, value, se }`. */
export interface MetricResult {
  metric: string
  value: number
  n?: number
  se?: number
}

// ---------------------------------------------------------------------------------------------
// Argument checks
// ---------------------------------------------------------------------------------------------

type EntryOf<K extends BaselineEntry['kind']> = Extract<BaselineEntry, { kind: K }>

/** Throws unless `value` is a well-formed baseline entry (of `kind`, when given), as a file's entries are checked. */
function checkEntryArg<K extends BaselineEntry['kind']>(
  where: string,
  argument: string,
  value: unknown,
  kind?: K,
): EntryOf<K> {
  try {
    checkEntry(argument, argument, value)
  } catch (error) {
    if (!(error instanceof BaselineFileError)) throw error
    throw new InvalidInputError(where, argument, `is not a baseline entry: ${error.problem}`)
  }
  const e = value as BaselineEntry
  if (kind !== undefined && e.kind !== kind)
    throw new InvalidInputError(where, argument, `must be a ${kind} entry, got a ${e.kind} entry`)
  return e as EntryOf<K>
}

/**
 * Throws unless `rates` holds falseFailRate and falsePassRate in (0, 1) and a tolerance: a distance in
 * (0, 1) for numbers and labels, a positive finite number for a metric.
 */
function checkBaselineRates(where: string, rates: unknown, kind: BaselineEntry['kind']): BaselineRates {
  const r = checkRatesOf(where, 'rates', rates)
  const t = (rates as Record<string, unknown>).tolerance
  const tolerance =
    kind === 'metric'
      ? checkPositive(where, 'rates.tolerance', t)
      : checkOpenUnit(where, 'rates.tolerance', t)
  return { ...r, tolerance }
}

// ---------------------------------------------------------------------------------------------
// Building entries
// ---------------------------------------------------------------------------------------------

function summaryOfSorted(sorted: Float64Array): BaselineSummary {
  const n = sorted.length
  // Order statistics (type 1, inverted ECDF): every value is one of the data, so a summary is exact text.
  const q = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]
  // Finite whatever the data (JSON has no Infinity): a running mean when the sum overflows, and an sd
  // beyond the largest double shown as the largest double (the summary is for reading; comparisons use the values).
  let mu = mean(sorted)
  if (!Number.isFinite(mu)) {
    mu = 0
    for (let i = 0; i < n; i++) mu += sorted[i] / (i + 1) - mu / (i + 1)
  }
  const sd = n > 1 ? standardDeviation(sorted) : 0
  return {
    mean: mu,
    sd: Number.isFinite(sd) ? sd : Number.MAX_VALUE,
    min: sorted[0],
    p05: q(0.05),
    p25: q(0.25),
    median: q(0.5),
    p75: q(0.75),
    p95: q(0.95),
    max: sorted[n - 1],
  }
}

/** The grid q_0..q_K of sorted data: q_0 = min, q_j = y_(⌈j·m/K⌉). */
export function quantileGrid(sorted: ArrayLike<number>, k = QUANTILE_GRID): number[] {
  const where = 'quantileGrid'
  checkSortedSample(where, 'sorted', sorted)
  checkCount(where, 'k', k, 1)
  const m = sorted.length
  const out = new Array<number>(k + 1)
  out[0] = sorted[0]
  for (let j = 1; j <= k; j++) out[j] = sorted[Math.min(m, Math.ceil((j * m) / k - 1e-9)) - 1]
  return out
}

/**
 * A numeric entry from values: the sorted values when at most `maxValues` (default
 * {@link MAX_STORED_VALUES}), else the quantile grid.
 */
export function numbersEntry(
  values: ArrayLike<number>,
  options: { maxValues?: number; grid?: number } = {},
): NumbersEntry {
  const where = 'numbersEntry'
  const o = checkObject(where, 'options', options, true)
  if (o.maxValues !== undefined) checkCount(where, 'options.maxValues', o.maxValues, 0)
  if (o.grid !== undefined) checkCount(where, 'options.grid', o.grid, 2)
  const sorted = validatedSortedCopy(where, 'values', values)
  const n = sorted.length
  const entry: NumbersEntry = { kind: 'numbers', n, summary: summaryOfSorted(sorted) }
  if (n <= (options.maxValues ?? MAX_STORED_VALUES)) entry.values = Array.from(sorted)
  else entry.quantiles = quantileGrid(sorted, options.grid ?? QUANTILE_GRID)
  return entry
}

/** A label entry from label counts. */
export function labelsEntry(counts: ReadonlyMap<string, number>): LabelsEntry {
  checkCountMap('labelsEntry', 'counts', counts)
  let total = 0
  for (const c of counts.values()) total += c
  if (!(total >= 1)) throw new InvalidRangeError('labelsEntry', 'counts', 'must hold at least one label')
  const keys = [...counts.keys()].sort()
  const out: Record<string, number> = {}
  let n = 0
  for (const k of keys) {
    out[k] = counts.get(k) as number
    n += out[k]
  }
  return { kind: 'labels', n, counts: out }
}

/** Checks a metric result (`{ metric, value, n }` or `{ metric, value, se }`); `where`/`argument` name the caller. */
export function checkMetricResult(where: string, argument: string, m: unknown): MetricResult {
  if (m === null || typeof m !== 'object') throw new InvalidInputError(where, argument, 'must be an object')
  const r = m as Record<string, unknown>
  if (typeof r.metric !== 'string' || r.metric === '')
    throw new InvalidInputError(where, `${argument}.metric`, 'must be the metric name, a non-empty string')
  if (typeof r.value !== 'number' || !Number.isFinite(r.value))
    throw new InvalidInputError(where, `${argument}.value`, 'must be a finite number')
  const out: MetricResult = { metric: r.metric, value: r.value }
  if (r.n !== undefined) {
    if (typeof r.n !== 'number' || !Number.isInteger(r.n) || r.n < 1)
      throw new InvalidRangeError(where, `${argument}.n`, 'must be a whole number of examples >= 1')
    if (!(r.value >= 0 && r.value <= 1))
      throw new InvalidRangeError(
        where,
        `${argument}.value`,
        `must lie in [0, 1] for a proportion of n examples, got ${r.value}`,
      )
    const k = r.value * r.n
    if (Math.abs(k - Math.round(k)) > 1e-6 * Math.max(1, r.n))
      throw new InvalidRangeError(
        where,
        `${argument}.value`,
        `× n must be a whole number of examples (${r.value} × ${r.n} = ${k}); give the n the metric is a proportion of, or { se } instead`,
      )
    out.n = r.n
  }
  if (r.se !== undefined) {
    if (typeof r.se !== 'number' || !(r.se >= 0) || !Number.isFinite(r.se))
      throw new InvalidRangeError(where, `${argument}.se`, 'must be a finite standard error >= 0')
    out.se = r.se
  }
  if (out.n === undefined && out.se === undefined)
    throw new InvalidInputError(
      where,
      argument,
      'must give n (a proportion of n examples, e.g. { metric: "recall", value: 0.92, n: 500 }) or se (a standard error, e.g. from delongInterval)',
    )
  if (out.n !== undefined && out.se !== undefined)
    throw new InvalidInputError(where, argument, 'must give either n or se, not both')
  return out
}

/** A metric entry from a checked metric result. */
export function metricEntry(m: MetricResult): MetricEntry {
  checkMetricResult('metricEntry', 'm', m)
  const e: MetricEntry = { kind: 'metric', metric: m.metric, value: m.value }
  if (m.n !== undefined) e.n = m.n
  if (m.se !== undefined) e.se = m.se
  return e
}

// ---------------------------------------------------------------------------------------------
// Comparing
// ---------------------------------------------------------------------------------------------

/** Rates and tolerance of a comparison. */
export interface BaselineRates {
  falseFailRate: number
  falsePassRate: number
  /** numbers: the KS distance to detect; labels: the total variation distance; metric: in the metric. */
  tolerance: number
}

function pick(r: BaselineRates) {
  return { falseFailRate: r.falseFailRate, falsePassRate: r.falsePassRate }
}

/** Result of {@link compareNumbers}. */
export interface NumbersComparison {
  decision: TestDecision
  statistic: number
  pValue: number
  n: number
  m: number
  method: string
  /** The KS distance detectable at these sizes (with the compact form's error added). */
  detectable: number
  /** Error of the statistic from the compact form (0 with stored values). */
  compactError: number
  /** Whether the baseline alone is too small for any n to detect the tolerance. */
  baselineTooSmall: boolean
  /** Values a baseline needs so that a comparison with as many values detects the tolerance. */
  baselineNeeded: number | undefined
}

/** The half-width of the statistic's error when the baseline is a quantile grid of K + 1 points. */
export function compactKsError(entry: NumbersEntry): number {
  checkEntryArg('compactKsError', 'entry', entry, 'numbers')
  return entry.quantiles ? 1 / (2 * (entry.quantiles.length - 1)) : 0
}

/** sup |F − Ĝ| with Ĝ the grid's midpoint ECDF (see the file comment). */
function ksAgainstGrid(sortedX: Float64Array, grid: readonly number[]): number {
  const n = sortedX.length
  const K = grid.length - 1
  let i = 0 // received values <= x
  let j = 0 // grid points <= x
  let d = 0
  while (i < n || j <= K) {
    const x = i < n && (j > K || sortedX[i] <= grid[j]) ? sortedX[i] : grid[j]
    while (i < n && sortedX[i] <= x) i++
    while (j <= K && grid[j] <= x) j++
    const J = j - 1 // last grid index <= x (>= 0 here)
    const G = J >= K ? 1 : (J + 0.5) / K
    const diff = Math.abs(i / n - G)
    if (diff > d) d = diff
  }
  return d
}

function ksPValue(n: number, m: number, d: number): { pValue: number; method: string } {
  if (d <= 0) return { pValue: 1, method: 'ks-2sample-grid' }
  if (ks2SampleUsesExact(n, m)) {
    const r = ks2SampleExactPValue(n, m, d)
    if (r) return { pValue: r.pValue, method: 'ks-2sample-grid-exact' }
  }
  return { pValue: ks2SampleAsymptoticPValue(n, m, d), method: 'ks-2sample-grid-asymptotic' }
}

/** The tolerance the power is asked at: less twice the compact form's error (see the file comment). */
function powerTolerance(entry: NumbersEntry, rates: BaselineRates): number {
  return rates.tolerance - 2 * compactKsError(entry)
}

function numbersBaselineTooSmall(entry: NumbersEntry, rates: BaselineRates): boolean {
  const t = powerTolerance(entry, rates)
  if (!(t > 0)) return true
  // As n → ∞ the two-sample test becomes the one-sample test of the m values: beyond that no n helps.
  return (
    ksOneSamplePower(entry.n, { tolerance: t, falseFailRate: rates.falseFailRate, approximate: true }) <
    1 - rates.falsePassRate
  )
}

/** The smallest number of received values at which a comparison with this baseline detects the tolerance. */
export function samplesForNumbersBaseline(entry: NumbersEntry, rates: BaselineRates): number | undefined {
  checkEntryArg('samplesForNumbersBaseline', 'entry', entry, 'numbers')
  checkBaselineRates('samplesForNumbersBaseline', rates, 'numbers')
  if (numbersBaselineTooSmall(entry, rates)) return undefined
  return samplesForKsExact({ tolerance: powerTolerance(entry, rates), ...pick(rates), m: entry.n })
}

function equalBaselineNeeded(entry: NumbersEntry, rates: BaselineRates): number | undefined {
  const t = powerTolerance(entry, rates)
  return t > 0 ? samplesForKsExact({ tolerance: t, ...pick(rates), m: 'equal' }) : undefined
}

/**
 * Two-sample KS comparison of received numbers with a numeric baseline, decided by the engine's
 * two-sample KS decision ({@link decideKsTwoSample}: exact pointwise power bound) on stored values; on a
 * quantile grid, the KS test of D̂ − δ with the power at tolerance − 2δ ({@link ksTwoSamplePower}).
 */
export function compareNumbers(
  received: ArrayLike<number>,
  entry: NumbersEntry,
  rates: BaselineRates,
): NumbersComparison {
  const where = 'compareNumbers'
  const xs = validatedSortedCopy(where, 'received', received)
  checkEntryArg(where, 'entry', entry, 'numbers')
  checkBaselineRates(where, rates, 'numbers')
  const n = xs.length
  const m = entry.n
  const baselineTooSmall = numbersBaselineTooSmall(entry, rates)
  if (entry.values) {
    const r = decideKsTwoSample(xs, entry.values, { tolerance: rates.tolerance, ...pick(rates) })
    return {
      decision: r.decision,
      statistic: r.test.statistic,
      pValue: r.test.pValue,
      n,
      m,
      method: r.test.method,
      detectable: r.detectable,
      compactError: 0,
      baselineTooSmall: r.referenceTooSmall === true || baselineTooSmall,
      baselineNeeded: r.samplesEach ?? equalBaselineNeeded(entry, rates),
    }
  }
  const delta = compactKsError(entry)
  const statistic = ksAgainstGrid(xs, entry.quantiles as number[])
  const p = ksPValue(n, m, Math.max(0, statistic - delta))
  const t = powerTolerance(entry, rates)
  const power = (k: number) =>
    t > 0 && !(k > n && baselineTooSmall)
      ? ksTwoSamplePower(k, m, { tolerance: t, falseFailRate: rates.falseFailRate, approximate: k !== n })
      : 0
  const decision = decideTest({
    pValue: p.pValue,
    n,
    power,
    ...pick(rates),
    maxSamples: baselineTooSmall ? n + 1 : 1e8,
  })
  if (decision.outcome === 'inconclusive' && baselineTooSmall) decision.samplesNeeded = undefined
  return {
    decision,
    statistic,
    pValue: p.pValue,
    n,
    m,
    method: p.method,
    detectable: detectableKsDistanceExact(n, { ...pick(rates), m }) + 2 * delta,
    compactError: delta,
    baselineTooSmall,
    baselineNeeded: equalBaselineNeeded(entry, rates),
  }
}

/** Result of {@link compareLabels}. */
export interface LabelsComparison {
  decision: TestDecision
  statistic: number
  pValue: number
  /** How the p-value was computed: 'asymptotic', or 'exact' / 'monte-carlo' at small expected counts. */
  pMethod: string
  df: number
  n: number
  m: number
  /**
   * The categories, in order, with received and baseline counts, the received count expected if both
   * came from one distribution, and the category's share of the statistic (both rows).
   */
  categories: Array<{
    label: string
    received: number
    baseline: number
    expected: number
    contribution: number
  }>
  /** The total variation distance between the observed shares. */
  totalVariation: number
  /** The total variation distance detectable at these sizes. */
  detectable: number
  baselineTooSmall: boolean
  /** Labels a baseline needs so that a comparison with as many labels detects the tolerance. */
  baselineNeeded: number
}

function labelsDf(entry: LabelsEntry): number {
  return Math.max(1, Object.keys(entry.counts).length - 1)
}

/**
 * The smallest number of received labels at which a comparison with this baseline detects the total
 * variation `tolerance` (effective size n·m/(n + m) reaching {@link samplesForTotalVariation}); undefined
 * when the baseline is too small for any n.
 */
export function samplesForLabelsBaseline(entry: LabelsEntry, rates: BaselineRates): number | undefined {
  checkEntryArg('samplesForLabelsBaseline', 'entry', entry, 'labels')
  checkBaselineRates('samplesForLabelsBaseline', rates, 'labels')
  const N = samplesForTotalVariation(
    rates.tolerance,
    labelsDf(entry),
    rates.falseFailRate,
    rates.falsePassRate,
  )
  const m = entry.n
  if (!(m > N)) return undefined
  return Math.max(1, Math.ceil((N * m) / (m - N) - 1e-9))
}

/**
 * Chi-square homogeneity of received label counts against a label baseline, decided by the engine's
 * {@link decideChiSquareHomogeneity} (p-value valid at small expected counts, seeded; power at the least
 * favourable alternative at total variation `tolerance`).
 */
export function compareLabels(
  received: ReadonlyMap<string, number>,
  entry: LabelsEntry,
  rates: BaselineRates & { seed?: string | number },
): LabelsComparison {
  checkCountMap('compareLabels', 'received', received)
  checkEntryArg('compareLabels', 'entry', entry, 'labels')
  checkBaselineRates('compareLabels', rates, 'labels')
  checkSeed('compareLabels', 'rates.seed', rates.seed, true)
  const labels = [...new Set([...Object.keys(entry.counts), ...received.keys()])].sort()
  const categories = labels
    .map((label) => ({
      label,
      received: received.get(label) ?? 0,
      baseline: entry.counts[label] ?? 0,
      expected: 0,
      contribution: 0,
    }))
    .filter((c) => c.received + c.baseline > 0)
  let n = 0
  for (const c of categories) n += c.received
  const m = entry.n
  if (!(n >= 1)) throw new InvalidRangeError('compareLabels', 'received', 'must hold at least one label')
  let tv = 0
  for (const c of categories) tv += Math.abs(c.received / n - c.baseline / m)
  tv /= 2
  const first = categories.map((c) => c.received)
  const second = categories.map((c) => c.baseline)
  const r = decideChiSquareHomogeneity(first, second, {
    tolerance: rates.tolerance,
    ...pick(rates),
    seed: rates.seed ?? 'baseline',
  })
  // Expected counts under one distribution, and each category's share of Pearson's statistic.
  const { cells } = chiSquareHomogeneityCells(first, second)
  categories.forEach((c, i) => {
    c.expected = cells[i].expected
    c.contribution = cells[i].contribution
  })
  const df = Math.max(1, r.test.df)
  return {
    decision: r.decision,
    statistic: r.test.statistic,
    pValue: r.test.pValue,
    pMethod: r.test.pMethod,
    df,
    n,
    m,
    categories,
    totalVariation: tv,
    detectable: r.detectable,
    baselineTooSmall: r.referenceTooSmall === true,
    baselineNeeded:
      2 *
      samplesForTotalVariation(rates.tolerance, labelsDf(entry), rates.falseFailRate, rates.falsePassRate),
  }
}

/** Result of {@link compareMetric}. */
export interface MetricComparison {
  decision: IntervalDecision
  /** current − baseline. */
  difference: number
  /** One-sided bounds of the difference at falseFailRate. */
  failBounds: OneSidedBounds
  /** 'mover-clopper-pearson' for proportions, 'normal' with standard errors. */
  method: string
  /** The smallest change these data detect (half-widths at both rates), in the metric. */
  detectable: number
}

function evaluation(m: MetricResult | MetricEntry): MetricEvaluation {
  if (m.n !== undefined) {
    const k = Math.round(m.value * m.n)
    return { estimate: k / m.n, n: m.n, successes: k, trials: m.n }
  }
  return { estimate: m.value, n: 1, standardError: m.se }
}

/**
 * Compares a metric with its baseline: the claim is about θ = current − baseline (see the file comment),
 * decided by {@link decideInterval} on the engine's {@link metricDifferenceInterval} (MOVER from the two
 * exact intervals for proportions of n; the normal interval with √(se₁² + se₂²) for estimates with a
 * standard error). Both must be of one form.
 */
export function compareMetric(
  current: MetricResult,
  entry: MetricEntry,
  rates: BaselineRates & { margin?: number; direction?: MetricDirection },
): MetricComparison {
  const where = 'compareMetric'
  checkMetricResult(where, 'current', current)
  checkEntryArg(where, 'entry', entry, 'metric')
  checkBaselineRates(where, rates, 'metric')
  if (rates.margin !== undefined) checkNonNegative(where, 'rates.margin', rates.margin)
  if (rates.direction !== undefined)
    checkOneOf(where, 'rates.direction', rates.direction, ['higher', 'lower', 'both'])
  const margin = rates.margin ?? 0
  if (!(margin >= 0) || !Number.isFinite(margin))
    throw new InvalidRangeError(where, 'margin', 'must be a finite number >= 0')
  const direction = rates.direction ?? 'higher'
  const target: OneSidedBounds =
    direction === 'higher'
      ? { lower: -margin, upper: Number.POSITIVE_INFINITY }
      : direction === 'lower'
        ? { lower: Number.NEGATIVE_INFINITY, upper: margin }
        : { lower: -margin, upper: margin }
  if ((current.n === undefined) !== (entry.n === undefined))
    throw new InvalidInputError(
      where,
      'current',
      `must have the form of the baseline: ${entry.n !== undefined ? 'a proportion with n' : 'an estimate with se'}`,
    )
  const first = evaluation(current)
  const second = evaluation(entry)
  // One-sided bounds each with error `rate`: the two-sided interval at 1 − 2·rate.
  const interval = (rate: number) => metricDifferenceInterval(first, second, { confidence: 1 - 2 * rate })
  const difference = first.estimate - second.estimate
  const decision = decideInterval({
    target,
    tolerance: rates.tolerance,
    estimate: difference,
    n: current.n ?? 1,
    bounds: (rate) => {
      const r = interval(rate)
      return { lower: r.lower, upper: r.upper }
    },
    ...pick(rates),
  })
  const fb = decision.failBounds
  const pb = decision.passBounds
  const halfFail = Math.max(difference - fb.lower, fb.upper - difference)
  const halfPass = Math.max(difference - pb.lower, pb.upper - difference)
  return {
    decision,
    difference,
    failBounds: fb,
    method: interval(rates.falseFailRate).method,
    detectable: halfFail + halfPass,
  }
}

/** Whether a recorded baseline is large enough for a comparison of as many values to detect the tolerance. */
export interface BaselineAdequacy {
  enough: boolean
  /** The size a baseline needs (values, labels or examples), when it can be said. */
  needed?: number
  /** What a comparison of as many values as the baseline detects, in the tolerance's units. */
  detectable: number
}

/**
 * How much a baseline can detect when compared with as many new values as it holds: numbers, the KS
 * distance (exact pointwise power bound, plus the compact form's error); labels, the total variation
 * distance (noncentral chi-square at effective size m/2); a proportion metric, the change (normal
 * approximation, (z_α + z_β)·√(2p(1 − p)/n)); a metric with se, (z_α + z_β)·√2·se.
 */
export function baselineAdequacy(entry: BaselineEntry, rates: BaselineRates): BaselineAdequacy {
  checkEntryArg('baselineAdequacy', 'entry', entry)
  checkBaselineRates('baselineAdequacy', rates, entry.kind)
  const t = rates.tolerance
  if (entry.kind === 'numbers') {
    const delta = compactKsError(entry)
    const detectable = detectableKsDistanceExact(entry.n, { ...pick(rates), m: entry.n }) + 2 * delta
    return { enough: detectable <= t, needed: equalBaselineNeeded(entry, rates), detectable }
  }
  if (entry.kind === 'labels') {
    const df = labelsDf(entry)
    const detectable = detectableTotalVariation(entry.n / 2, df, rates.falseFailRate, rates.falsePassRate)
    return {
      enough: detectable <= t,
      needed: 2 * samplesForTotalVariation(t, df, rates.falseFailRate, rates.falsePassRate),
      detectable,
    }
  }
  const z = normalIsf(rates.falseFailRate) + normalIsf(rates.falsePassRate)
  if (entry.n !== undefined) {
    const p = (entry.value * entry.n + 2) / (entry.n + 4)
    const detectable = z * Math.sqrt((2 * p * (1 - p)) / entry.n)
    return { enough: detectable <= t, needed: Math.ceil((2 * p * (1 - p) * z * z) / (t * t)), detectable }
  }
  const detectable = z * Math.SQRT2 * (entry.se as number)
  return { enough: detectable <= t, detectable }
}
