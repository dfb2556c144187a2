/**
 * `toHaveRecallAbove`, `toHavePrecisionAbove`, `toHaveF1Above`, `toHaveAccuracyAbove`, `toHaveAUCAbove`:
 * one implementation, one exported matcher per metric.
 *
 * Received: `{ actual, predicted }` (labels), `{ actual, scores, threshold }` (binary scores, predicted
 * positive when `score >= threshold`, default 0.5; the AUC uses the scores themselves) or a confusion
 * matrix `{ labels, matrix }` as `confusionMatrix()` returns it.
 *
 * The claim is "metric ≥ threshold". With `a = falseFailRate` and `b = falsePassRate`:
 * - **fail** when the one-sided (1 − a) upper confidence bound of the metric is below the threshold;
 * - **inconclusive** when the evaluation set could not detect a metric `tolerance` below the threshold
 *   with probability 1 − b (default tolerance 0.05): for proportions (recall, precision, accuracy, micro
 *   averages) by the power of a one-sided binomial test on the metric's own denominator (actual
 *   positives for recall, predicted positives for precision, all examples for accuracy); for the AUC,
 *   F1 and macro/weighted averages from the standard error behind the interval;
 * - **pass** otherwise. `.not` passes only on evidence that the metric is below the threshold.
 *
 * Also exports the parsing of classification input shared with `toHaveParityAcross` and `toBeNoWorseThan`.
 */
import type { DecisionRates, IntervalDecision } from '../src/decision'
import {
  checkFinite,
  checkOneOf,
  checkOpenUnit,
  checkSample,
  InvalidInputError,
  InvalidRangeError,
} from '../src/errors'
import {
  decideAuc,
  decideMetricBounds,
  decideProportionMetric,
  examplesForTrials,
  f1Bounds,
  normalBoundsFromInterval,
} from '../src/metricDecisions'
import {
  accuracyScore,
  type ConfusionMatrix,
  confusionCounts,
  confusionMatrix,
  delongInterval,
  f1Score,
  type MetricIntervalMethod,
  metricInterval,
  metricProportion,
  precisionScore,
  recallScore,
  rocAuc,
  smallestSupport,
} from '../src/metrics'
import { formatLevel, formatNumber, type MatcherContext, type MatcherResult, withArticle } from './context'
import { formatConfusionMatrix, type Label, showLabel } from './table'
import { type Evidence, type ResolvedOptions, resolveOptions, type VerdictOptions, verdict } from './verdict'

export type { Label }

// ---------------------------------------------------------------------------------------------------
// Received input, shared by the model-quality matchers

/** Labels: what the model predicted for each example. */
export interface LabelPredictions {
  actual: ArrayLike<Label>
  predicted: ArrayLike<Label>
}

/** Binary scores (higher = more likely positive), turned into labels at `threshold` (default 0.5). */
export interface ScorePredictions {
  actual: ArrayLike<Label>
  scores: ArrayLike<number>
  threshold?: number
}

/** A confusion matrix: `matrix[i][j]` counts actual `labels[i]` predicted as `labels[j]`. */
export interface ConfusionMatrixInput {
  labels: readonly Label[]
  matrix: ReadonlyArray<ArrayLike<number>>
  n?: number
}

/** What the classification matchers receive. */
export type ClassificationReceived = LabelPredictions | ScorePredictions | ConfusionMatrixInput

/** Received input read and validated. */
export interface Classification {
  source: 'labels' | 'scores' | 'matrix'
  /** Per-example labels (undefined for a confusion matrix). */
  actual?: ArrayLike<Label>
  /** Per-example predicted labels (from the scores at the threshold when scores were given). */
  predicted?: ArrayLike<Label>
  scores?: ArrayLike<number>
  threshold?: number
  /** The positive and negative labels when scores were given. */
  positive?: Label
  negative?: Label
  cm: ConfusionMatrix
}

const PROBLEM_START = (e: InvalidInputError | InvalidRangeError) => `${e.where}: ${e.argument} `.length

/**
 * Runs an engine function and re-labels its input errors as the matcher's own: `where` becomes the
 * matcher's name and the per-example arguments become `received.…` (or as `rename` says).
 */
export function asMatcherErrors<T>(name: string, fn: () => T, rename: Record<string, string> = {}): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof InvalidInputError || e instanceof InvalidRangeError) {
      const problem = e.message.slice(PROBLEM_START(e))
      const argument = (rename[e.argument] ?? e.argument)
        .replace(/^input(\.|$)/, 'received$1')
        .replace(/^matrix(\.|$)/, 'received$1')
        .replace(/\b(actual|predicted|scores[AB]?|probabilities)\b/g, (m) => rename[m] ?? `received.${m}`)
      throw e instanceof InvalidInputError
        ? new InvalidInputError(name, argument, problem)
        : new InvalidRangeError(name, argument, problem)
    }
    throw e
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x)
}

const RECEIVED_KINDS =
  '{ actual, predicted }, { actual, scores, threshold } or a confusion matrix { labels, matrix }'

/**
 * The positive and negative labels of binary scores: `positive` if given, else `true` for booleans and
 * `1` for numbers; the negative is the other label of `actual` (or of `labels`).
 */
function binaryPair(name: string, seen: readonly Label[], positive: Label | undefined): [Label, Label] {
  if (seen.length > 2)
    throw new InvalidRangeError(
      name,
      'received.actual',
      `holds ${seen.length} labels (${seen.map(showLabel).join(', ')}): scores need binary labels`,
    )
  const kind = typeof seen[0]
  let pos = positive
  if (pos === undefined) {
    if (kind === 'boolean') pos = true
    else if (kind === 'number' && (seen.includes(1) || seen.length < 2)) pos = 1
    else
      throw new InvalidRangeError(
        name,
        'options.positive',
        `is required: the labels are ${seen.map(showLabel).join(', ')}`,
      )
  }
  if (typeof pos !== kind)
    throw new InvalidInputError(
      name,
      'options.positive',
      `must be a ${kind} like the labels, got ${showLabel(pos)}`,
    )
  if (!seen.includes(pos))
    throw new InvalidRangeError(
      name,
      'options.positive',
      `is ${showLabel(pos)}, which does not occur in received.actual (labels: ${seen.map(showLabel).join(', ')})`,
    )
  if (seen.length === 2) return [pos, seen[0] === pos ? seen[1] : seen[0]]
  if (kind === 'boolean') return [pos, !pos]
  if (pos === 1) return [1, 0]
  throw new InvalidRangeError(
    name,
    'received.actual',
    `holds only the label ${showLabel(pos)}: give options.labels to name the negative class`,
  )
}

/**
 * Reads `{ actual, predicted }`, `{ actual, scores, threshold }` or a confusion matrix, validating every
 * value (lengths, labels outside `options.labels`, non-finite scores). `scores`: whether scores are
 * `'required'` (the AUC), `'allowed'` or `'forbidden'`.
 */
export function readClassification(
  name: string,
  received: unknown,
  options: { labels?: readonly Label[]; positive?: Label },
  scores: 'required' | 'allowed' = 'allowed',
  argument = 'received',
): Classification {
  const rename = {
    actual: 'received.actual',
    predicted: `${argument}.predicted`,
    scores: `${argument}.scores`,
  }
  if (!isObject(received)) throw new InvalidInputError(name, argument, `must be ${RECEIVED_KINDS}`)
  if ('matrix' in received) {
    if (scores === 'required')
      throw new InvalidInputError(
        name,
        argument,
        'is a confusion matrix, but this metric needs { actual, scores }',
      )
    if (options.labels !== undefined)
      throw new InvalidRangeError(
        name,
        'options.labels',
        'must not be given with a confusion matrix (it has its own labels)',
      )
    // The engine validates the matrix (every count) and counts its examples.
    const cm = received as unknown as ConfusionMatrix
    const { n } = asMatcherErrors(name, () => confusionCounts(cm), rename)
    const labels = [...cm.labels]
    const matrix = cm.matrix.map((row) => Array.from(row))
    return { source: 'matrix', cm: { labels, matrix, n } }
  }
  if (!('actual' in received))
    throw new InvalidInputError(name, argument, `must be ${RECEIVED_KINDS}; it has no actual`)
  const actual = received.actual as ArrayLike<Label>
  const hasScores = 'scores' in received
  const hasPredicted = 'predicted' in received
  if (hasScores && hasPredicted)
    throw new InvalidInputError(name, argument, 'must hold predicted or scores, not both')
  if (scores === 'required' && !hasScores)
    throw new InvalidInputError(
      name,
      `${argument}.scores`,
      'is required: this metric ranks examples by their scores',
    )
  if (!hasScores) {
    if (!hasPredicted)
      throw new InvalidInputError(name, argument, `must be ${RECEIVED_KINDS}; it has no predicted`)
    if ('threshold' in received)
      throw new InvalidInputError(
        name,
        `${argument}.threshold`,
        'goes with scores, not with predicted labels',
      )
    const predicted = received.predicted as ArrayLike<Label>
    const cm = asMatcherErrors(
      name,
      () => confusionMatrix(actual, predicted, { labels: options.labels }),
      rename,
    )
    return { source: 'labels', actual, predicted, cm }
  }
  const s = checkSample(name, `${argument}.scores`, received.scores)
  const threshold =
    received.threshold === undefined ? 0.5 : checkFinite(name, `${argument}.threshold`, received.threshold)
  // Validates actual (and options.labels) and gives the sorted labels.
  const seen = asMatcherErrors(
    name,
    () => confusionMatrix(actual, actual, { labels: options.labels }),
    rename,
  ).labels
  if (s.length !== actual.length)
    throw new InvalidRangeError(
      name,
      `received.actual and ${argument}.scores`,
      `must have the same length, got ${actual.length} and ${s.length}`,
    )
  const [positive, negative] = binaryPair(name, seen, options.positive)
  const predicted: Label[] = new Array(s.length)
  for (let i = 0; i < s.length; i++) predicted[i] = s[i] >= threshold ? positive : negative
  const labels = options.labels ?? (seen.length === 2 ? seen : [...seen, negative].sort(compareLabels))
  const cm = asMatcherErrors(name, () => confusionMatrix(actual, predicted, { labels }), rename)
  return { source: 'scores', actual, predicted, scores: s, threshold, positive, negative, cm }
}

function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'string') return a < b ? -1 : a > b ? 1 : 0
  return Number(a) - Number(b)
}

/** Per-example codes (indices into `cm.labels`) of actual and predicted labels; a matrix is expanded. */
export function codesOf(c: Classification): [Int32Array, Int32Array] {
  const { labels, matrix, n } = c.cm
  const a = new Int32Array(n)
  const p = new Int32Array(n)
  if (c.actual && c.predicted) {
    const index = new Map<Label, number>()
    for (let i = 0; i < labels.length; i++) index.set(labels[i], i)
    for (let i = 0; i < n; i++) {
      a[i] = index.get(c.actual[i])!
      p[i] = index.get(c.predicted[i])!
    }
    return [a, p]
  }
  let t = 0
  for (let i = 0; i < labels.length; i++)
    for (let j = 0; j < labels.length; j++)
      for (let m = 0; m < matrix[i][j]; m++) {
        a[t] = i
        p[t] = j
        t++
      }
  return [a, p]
}

// ---------------------------------------------------------------------------------------------------
// Metrics

/** The classification metrics the model-quality matchers know. */
export type ClassificationMetric = 'recall' | 'precision' | 'f1' | 'accuracy' | 'auc'

/** How per-class scores are combined: see `average` in the engine's ClassificationOptions. */
export type MetricAverage = 'binary' | 'micro' | 'macro' | 'weighted'

/** Options of the classification metric matchers. */
export interface MetricOptions extends VerdictOptions {
  /** The positive class (binary metrics). Default: `true` for booleans, `1` for numbers; required for strings. */
  positive?: Label
  /**
   * `'binary'` (default with two labels): the positive class's metric. With more labels: `'micro'`
   * (pooled counts: equals accuracy for single-label data), `'macro'` (mean over classes) or
   * `'weighted'` (mean weighted by support).
   */
  average?: MetricAverage
  /** The labels and their order; a label outside this list is an error. Default: the labels seen. */
  labels?: readonly Label[]
  /**
   * The confidence interval (the engine's `metricInterval`): for proportions (recall, precision,
   * accuracy, micro averages) `'clopper-pearson'` (default: exact, so the false-fail rate is guaranteed;
   * Wilson's one-sided error reaches several times the nominal rate at 0.001), `'wilson'`, `'jeffreys'`
   * or `'agresti-coull'`, or a bootstrap; for one class's F1 (binary average) `'clopper-pearson'`
   * (default: exact, Clopper–Pearson on the Jaccard index TP / (TP + FP + FN) mapped to F1) or a
   * bootstrap; for macro/weighted averages a seeded bootstrap, `'bootstrap-bca'` (default) or
   * `'bootstrap-percentile'`; for the AUC `'delong'` (the only method).
   */
  interval?: MetricIntervalMethod
  /** Bootstrap resamples (default 2000). */
  resamples?: number
  /** The value of a ratio whose denominator is 0 in averages (0, the default, or 1), as scikit-learn's. */
  zeroDivision?: 0 | 1
}

const METRIC_OPTIONS = ['positive', 'average', 'labels', 'interval', 'resamples', 'zeroDivision'] as const

/** Default tolerance of the classification metrics: a metric 0.05 below the threshold must be detected. */
export const DEFAULT_METRIC_TOLERANCE = 0.05

const METRIC_WORDS: Record<ClassificationMetric, string> = {
  recall: 'recall',
  precision: 'precision',
  f1: 'F1',
  accuracy: 'accuracy',
  auc: 'ROC-AUC',
}
export interface MetricSpec {
  metric: ClassificationMetric
  average: MetricAverage
  /** Index of the positive class in cm.labels (binary average). */
  positiveIndex: number
  positive?: Label
}

export function resolveSpec(
  name: string,
  metric: ClassificationMetric,
  c: Classification,
  options: MetricOptions,
  requireActualPositives = true,
): MetricSpec {
  const labels = c.cm.labels
  if (metric === 'accuracy') {
    if (options.average !== undefined)
      throw new InvalidRangeError(name, 'options.average', 'does not apply to accuracy')
    if (options.positive !== undefined && c.source !== 'scores')
      throw new InvalidRangeError(name, 'options.positive', 'does not apply to accuracy of predicted labels')
    return { metric, average: 'micro', positiveIndex: -1 }
  }
  if (metric === 'auc') {
    if (options.average !== undefined && options.average !== 'binary')
      throw new InvalidRangeError(name, 'options.average', 'does not apply to the AUC (binary scores only)')
    return { metric, average: 'binary', positiveIndex: labels.indexOf(c.positive!), positive: c.positive }
  }
  const average =
    options.average === undefined
      ? labels.length <= 2 || options.positive !== undefined
        ? 'binary'
        : (() => {
            throw new InvalidRangeError(
              name,
              'options.average',
              `is required with ${labels.length} labels: 'micro', 'macro' or 'weighted' (or give options.positive for one class against the rest)`,
            )
          })()
      : checkOneOf(name, 'options.average', options.average, [
          'binary',
          'micro',
          'macro',
          'weighted',
        ] as const)
  if (average !== 'binary') {
    if (options.positive !== undefined && c.source !== 'scores')
      throw new InvalidRangeError(name, 'options.positive', `does not apply with average: '${average}'`)
    return { metric, average, positiveIndex: -1 }
  }
  const positive = c.positive ?? defaultPositive(name, labels, options.positive)
  const positiveIndex = labels.indexOf(positive)
  if (positiveIndex < 0)
    throw new InvalidRangeError(
      name,
      'options.positive',
      `is ${showLabel(positive)}, which is not one of the labels (${labels.map(showLabel).join(', ')})`,
    )
  if (requireActualPositives && confusionCounts(c.cm).actual[positiveIndex] === 0)
    throw new InvalidRangeError(
      name,
      c.source === 'matrix' ? 'received' : 'received.actual',
      `has no example of the positive class ${showLabel(positive)}`,
    )
  return { metric, average, positiveIndex, positive }
}

function defaultPositive(name: string, labels: readonly Label[], positive: Label | undefined): Label {
  if (positive !== undefined) return positive
  if (typeof labels[0] === 'boolean') return true
  if (typeof labels[0] === 'number' && labels.includes(1)) return 1
  throw new InvalidRangeError(
    name,
    'options.positive',
    `is required: the labels are ${labels.map(showLabel).join(', ')}`,
  )
}

/** Trials and successes when the metric is a proportion (binary recall/precision, accuracy, micro). */
function proportionOf(
  spec: MetricSpec,
  cm: ConfusionMatrix,
): { k: number; n: number; word: string } | undefined {
  const p =
    spec.metric === 'accuracy'
      ? metricProportion('accuracy', cm)
      : metricProportion(spec.metric, cm, { average: spec.average, positive: spec.positive })
  return p && { k: p.successes, n: p.trials, word: p.of }
}

/** The metric's point estimate from a confusion matrix (engine arithmetic, scikit-learn's). */
export function scoreOf(spec: MetricSpec, cm: ConfusionMatrix, zeroDivision: 0 | 1): number {
  const o = { average: spec.average, positive: spec.positive, zeroDivision }
  switch (spec.metric) {
    case 'accuracy':
      return accuracyScore(cm)
    case 'recall':
      return recallScore(cm, o)
    case 'precision':
      return precisionScore(cm, o)
    default:
      return f1Score(cm, o)
  }
}
/** A metric claim decided by the engine, with what its message shows. */
export interface MetricJudgement {
  decision: IntervalDecision
  /** The interval method, in words. */
  method: string
  /** For a proportion: its count, its trials and what they are. */
  successes?: number
  trials?: number
  trialsWord?: string
  /** When inconclusive: trials needed (proportions) and the examples that makes at the observed rate. */
  trialsNeeded?: number
  examplesNeeded?: number
  usedRandomness: boolean
}

/** The level of the bootstrap interval whose standard error gives the bounds at every rate. */
const BOOTSTRAP_LEVEL = 0.9

const METHOD_WORDS: Record<string, string> = {
  wilson: 'Wilson',
  'clopper-pearson': 'Clopper–Pearson',
  jeffreys: 'Jeffreys',
  'agresti-coull': 'Agresti–Coull',
  'bootstrap-bca': 'BCa bootstrap',
  'bootstrap-percentile': 'percentile bootstrap',
}

/**
 * Asks the engine for the decision on "metric ≥ threshold": exact Clopper–Pearson bounds for proportions
 * (recall, precision, accuracy, micro averages) on their own denominators; DeLong's for the AUC; a seeded
 * bootstrap for F1 and macro/weighted averages (or whichever `options.interval` names).
 */
export function judgeMetric(
  name: string,
  spec: MetricSpec,
  c: Classification,
  options: MetricOptions,
  threshold: number,
  tolerance: number,
  rates: DecisionRates,
  seed: string,
): MetricJudgement {
  const n = c.cm.n
  if (spec.metric === 'auc') {
    const t = aucTargets(c)
    const r =
      t.positives >= 2 && t.negatives >= 2
        ? asMatcherErrors(name, () => delongInterval(c.actual!, c.scores!, { positive: c.positive }))
        : {
            estimate: asMatcherErrors(name, () => rocAuc(c.actual!, c.scores!, { positive: c.positive })),
            standardError: 0,
          }
    if (options.interval !== undefined && options.interval !== 'delong')
      throw new InvalidRangeError(
        name,
        'options.interval',
        `must be 'delong' for the AUC, got '${options.interval}'`,
      )
    const decision = decideAuc({
      ...rates,
      auc: r.estimate,
      standardError: r.standardError,
      positives: t.positives,
      negatives: t.negatives,
      threshold,
      tolerance,
    })
    return { decision, method: 'DeLong', examplesNeeded: decision.samplesNeeded, usedRandomness: false }
  }
  const prop = proportionOf(spec, c.cm)
  const method = options.interval ?? (prop ? 'clopper-pearson' : 'bootstrap-bca')
  if (prop && (method === 'clopper-pearson' || prop.n === 0)) {
    const decision = decideProportionMetric({
      ...rates,
      successes: prop.k,
      trials: prop.n,
      threshold,
      tolerance,
      trialsWord: prop.word,
    })
    const trialsNeeded = decision.samplesNeeded
    return {
      decision,
      method: METHOD_WORDS['clopper-pearson'],
      successes: prop.k,
      trials: prop.n,
      trialsWord: prop.word,
      trialsNeeded,
      examplesNeeded: examplesForTrials(trialsNeeded, prop.n, n),
      usedRandomness: false,
    }
  }
  if (
    spec.metric === 'f1' &&
    spec.average === 'binary' &&
    (options.interval === undefined || options.interval === 'clopper-pearson')
  ) {
    // One class's F1: exact bounds from Clopper–Pearson on the Jaccard index (the engine's f1Bounds).
    const k = spec.positiveIndex
    const counts = confusionCounts(c.cm)
    const [tp, fp, fn] = [counts.truePositives[k], counts.falsePositives[k], counts.falseNegatives[k]]
    const decision = decideMetricBounds({
      ...rates,
      estimate: scoreOf(spec, c.cm, options.zeroDivision ?? 0),
      n,
      bounds: (rate) => f1Bounds(tp, fp, fn, rate),
      threshold,
      tolerance,
    })
    return {
      decision,
      method: 'exact (Clopper–Pearson on the Jaccard index TP / (TP + FP + FN))',
      examplesNeeded: decision.samplesNeeded,
      usedRandomness: false,
    }
  }
  const resamples = options.resamples ?? 2000
  const binary = spec.metric !== 'accuracy'
  const bootstrap = method.startsWith('bootstrap')
  const interval = (confidence: number) =>
    asMatcherErrors(
      name,
      () =>
        metricInterval(spec.metric as 'accuracy' | 'recall' | 'precision' | 'f1', c.cm, {
          average: binary ? spec.average : undefined,
          positive: binary && spec.average === 'binary' ? spec.positive : undefined,
          zeroDivision: options.zeroDivision,
          method,
          confidence,
          resamples,
          seed,
        }),
      { 'options.method': 'options.interval' },
    )
  const r = interval(BOOTSTRAP_LEVEL)
  const estimate = r.estimate
  // A bootstrap gives its standard error (stable at strict rates); a proportion method its own bounds.
  const bounds = bootstrap
    ? normalBoundsFromInterval(estimate, r, BOOTSTRAP_LEVEL, 0, 1)
    : (rate: number) => {
        const b = interval(1 - 2 * rate)
        return { lower: b.lower, upper: b.upper }
      }
  const decision = decideMetricBounds({
    ...rates,
    estimate,
    n,
    bounds,
    threshold,
    tolerance,
    smallest: smallestCount(spec, c.cm),
  })
  return {
    decision,
    method: bootstrap
      ? `${METHOD_WORDS[method]}, ${resamples} resamples, normal bounds from its standard error`
      : (METHOD_WORDS[method] ?? method),
    successes: prop?.k,
    trials: prop?.n,
    trialsWord: prop?.word,
    examplesNeeded: decision.samplesNeeded,
    usedRandomness: bootstrap,
  }
}

/** The smallest count a bootstrapped metric rests on: the class's actual and predicted positives, or the smallest class. */
function smallestCount(spec: MetricSpec, cm: ConfusionMatrix): { count: number; word: string } {
  const s = smallestSupport(cm, { average: spec.average, positive: spec.positive })
  return { count: s.count, word: s.label === undefined ? s.of : `${s.of} ${showLabel(s.label)}` }
}

function aucTargets(c: Classification): { positives: number; negatives: number } {
  const positives = positivesOf(c)
  return { positives, negatives: c.cm.n - positives }
}

// ---------------------------------------------------------------------------------------------------
// The matchers

function metricVerdict(
  context: MatcherContext,
  name: string,
  metric: ClassificationMetric,
  received: unknown,
  threshold: unknown,
  options: MetricOptions | undefined,
): MatcherResult {
  const opts = resolveOptions(context, name, options, METRIC_OPTIONS)
  const t = checkOpenUnit(name, 'threshold', threshold)
  const o = options ?? {}
  if (o.resamples !== undefined && !(Number.isInteger(o.resamples) && o.resamples >= 100))
    throw new InvalidRangeError(
      name,
      'options.resamples',
      `must be a whole number of at least 100, got ${String(o.resamples)}`,
    )
  const c = readClassification(name, received, o, metric === 'auc' ? 'required' : 'allowed')
  if (
    metric === 'auc' &&
    c.threshold !== undefined &&
    (received as { threshold?: unknown }).threshold !== undefined
  )
    throw new InvalidInputError(
      name,
      'received.threshold',
      'does not apply to the AUC, which ranks the scores',
    )
  const spec = resolveSpec(name, metric, c, o)
  const evidence = metricEvidence(name, spec, c, t, o, opts, context.isNot === true)
  return verdict(context, name, 'threshold', evidence, opts)
}

function metricEvidence(
  name: string,
  spec: MetricSpec,
  c: Classification,
  threshold: number,
  o: MetricOptions,
  opts: ResolvedOptions,
  isNot: boolean,
): Evidence {
  const a = opts.falseFailRate
  const b = opts.falsePassRate
  const tolerance = opts.tolerance ?? DEFAULT_METRIC_TOLERANCE
  const j = judgeMetric(
    name,
    spec,
    c,
    o,
    threshold,
    tolerance,
    { falseFailRate: a, falsePassRate: b },
    opts.seed,
  )
  const d = j.decision
  const word = metricWord(spec)
  const defaulted = opts.tolerance === undefined ? ' (default)' : ''
  const pct = formatLevel(1 - 2 * a)
  const th = formatNumber(threshold)
  const low = formatNumber(Math.max(0, threshold - tolerance))
  const fu = formatNumber(d.failBounds.upper)
  const pl = formatNumber(d.passBounds.lower)
  const passPct = formatLevel(1 - b)
  const counts = j.trials !== undefined ? ` (${j.successes} of ${j.trials} ${j.trialsWord})` : ''
  const estimateText = Number.isNaN(d.estimate)
    ? `undefined: no ${j.trialsWord}`
    : `${formatNumber(d.estimate)}${counts}`
  const observed: Evidence['observed'] = [
    ['Data', dataWords(c, spec)],
    ['Estimate', `${word} = ${estimateText}`],
    [
      'Interval',
      `${pct}% confidence interval [${formatNumber(d.failBounds.lower)}, ${fu}] (${j.method}); ${passPct}% lower bound ${pl}`,
    ],
    ['Tolerance', `${formatNumber(tolerance)} below the threshold${defaulted}`],
  ]
  const had = j.trials !== undefined ? `${j.trials} ${j.trialsWord}` : `${c.cm.n} examples`
  const need =
    j.trialsNeeded !== undefined
      ? `${j.trialsNeeded} ${j.trialsWord}${j.examplesNeeded !== undefined && j.examplesNeeded !== j.trialsNeeded ? ` (about ${j.examplesNeeded} examples at the observed rate)` : ''}`
      : j.examplesNeeded !== undefined
        ? `${j.examplesNeeded} examples`
        : ''
  let meaning: string
  let detectable: string | undefined
  if (d.reason === 'untrusted')
    meaning = `No verdict: ${d.untrusted}${j.examplesNeeded ? `; about ${j.examplesNeeded} examples would be enough` : ''}.`
  else if (!isNot) {
    meaning =
      d.outcome === 'fail'
        ? `Even the upper confidence bound ${fu} is below ${th}: ${withArticle(word)} of ${th} or more would give so low an estimate with probability below ${formatNumber(a)}.`
        : d.outcome === 'pass'
          ? `The ${passPct}% lower bound ${pl} is above ${low}: ${withArticle(word)} of ${low} or less would have shown with probability at least ${formatNumber(1 - b)}.`
          : `The ${passPct}% lower bound ${pl} is not above ${low}, so ${withArticle(word)} of ${low} is not ruled out with ${had}${need ? `; about ${need} would likely decide` : ''}.`
    // On a failure the power is beside the point (the claim is already contradicted).
    detectable =
      d.outcome === 'fail'
        ? undefined
        : d.ruledOut > 0
          ? `${formatNumber(d.ruledOut)} below ${th} in ${word} (${withArticle(word)} of ${formatNumber(threshold - d.ruledOut)} or less)`
          : `any shortfall below ${th} (the ${passPct}% lower bound is above it)`
  } else {
    const reach = d.failBounds.upper - d.estimate
    meaning =
      d.outcome === 'fail'
        ? `The upper confidence bound ${fu} is below ${th}: evidence that ${word} < ${th}.`
        : `.not needs the ${formatLevel(1 - a)}% upper bound below ${th}, and it is ${fu}: these data do not show ${word} < ${th}${d.outcome === 'inconclusive' && need ? `; about ${need} would likely decide` : ''}.`
    detectable = Number.isFinite(reach)
      ? `${formatNumber(reach)} below ${th} in ${word} (an estimate under ${formatNumber(threshold - reach)} would be evidence that ${word} < ${th})`
      : undefined
  }
  return {
    claim: `${word} ≥ ${th}`,
    oppositeClaim: `${word} < ${th}`,
    outcome: d.outcome,
    observed,
    meaning,
    detectable,
    samplesNeeded: j.examplesNeeded,
    samplesUnit: 'examples',
    // The AUC ranks scores: a confusion matrix at some threshold would say nothing about it.
    picture: spec.metric === 'auc' ? undefined : formatConfusionMatrix(c.cm.labels, c.cm.matrix),
    usedRandomness: j.usedRandomness,
    decision: d,
    record: { method: j.method, tolerance },
    advice:
      spec.metric === 'auc'
        ? 'Look at the negatives scored highest and the positives scored lowest; if the threshold is what changed, lower it deliberately.'
        : `Look at the confusion matrix for the errors behind the low ${word}; if the threshold is what changed, lower it deliberately.`,
  }
}
function metricWord(spec: MetricSpec): string {
  const w = METRIC_WORDS[spec.metric]
  if (spec.metric === 'accuracy') return w
  if (spec.average === 'binary') return `${w} of class ${showLabel(spec.positive!)}`
  return `${spec.average}-averaged ${w}`
}

function positivesOf(c: Classification): number {
  return confusionCounts(c.cm).actual[c.cm.labels.indexOf(c.positive!)]
}

function dataWords(c: Classification, spec: MetricSpec): string {
  const base = `${c.cm.n} examples, ${c.cm.labels.length} labels`
  if (c.source === 'scores')
    return spec.metric === 'auc'
      ? `${c.cm.n} examples scored for class ${showLabel(c.positive!)} (${positivesOf(c)} positive, ${c.cm.n - positivesOf(c)} negative)`
      : `${base}, predicted ${showLabel(c.positive!)} when score ≥ ${formatNumber(c.threshold!)}`
  if (c.source === 'matrix') return `${base}, from a confusion matrix`
  return base
}

/**
 * Asserts that recall (sensitivity) is at least `threshold`, with its confidence interval: fails only on
 * evidence, refuses to pass when the actual positives are too few to detect a recall `tolerance` below.
 */
export function toHaveRecallAbove(
  this: MatcherContext,
  received: unknown,
  threshold: number,
  options?: MetricOptions,
): MatcherResult {
  return metricVerdict(this, 'toHaveRecallAbove', 'recall', received, threshold, options)
}

/** Asserts that precision is at least `threshold` (see {@link toHaveRecallAbove}); n = predicted positives. */
export function toHavePrecisionAbove(
  this: MatcherContext,
  received: unknown,
  threshold: number,
  options?: MetricOptions,
): MatcherResult {
  return metricVerdict(this, 'toHavePrecisionAbove', 'precision', received, threshold, options)
}

/** Asserts that F1 is at least `threshold`, with a seeded bootstrap interval. */
export function toHaveF1Above(
  this: MatcherContext,
  received: unknown,
  threshold: number,
  options?: MetricOptions,
): MatcherResult {
  return metricVerdict(this, 'toHaveF1Above', 'f1', received, threshold, options)
}

/** Asserts that accuracy is at least `threshold`, with a Wilson interval on all examples. */
export function toHaveAccuracyAbove(
  this: MatcherContext,
  received: unknown,
  threshold: number,
  options?: MetricOptions,
): MatcherResult {
  return metricVerdict(this, 'toHaveAccuracyAbove', 'accuracy', received, threshold, options)
}

/** Asserts that the ROC-AUC of `{ actual, scores }` is at least `threshold`, with DeLong's interval. */
export function toHaveAUCAbove(
  this: MatcherContext,
  received: unknown,
  threshold: number,
  options?: MetricOptions,
): MatcherResult {
  return metricVerdict(this, 'toHaveAUCAbove', 'auc', received, threshold, options)
}
