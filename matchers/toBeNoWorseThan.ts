/**
 * `expect(challenger).toBeNoWorseThan(champion, { metric, margin })`: paired non-inferiority of a new
 * model against the one in production, on the SAME examples.
 *
 * Received (the challenger): `{ actual, predicted }` or `{ actual, scores, threshold }`; the champion:
 * `{ predicted }` or `{ scores, threshold }` for the same examples in the same order.
 *
 * The claim is challenger ≥ champion − margin, i.e. d = metric(challenger) − metric(champion) ≥ −margin.
 * With a = falseFailRate, b = falsePassRate, the interval for d is two-sided at 1 − 2a (its upper bound
 * is the one-sided 1 − a bound):
 * - accuracy: the paired difference of proportions from the discordant pairs (Agresti–Min interval,
 *   which adds one half to each cell of the paired 2×2 table), with McNemar's exact test of equal
 *   accuracy reported alongside;
 * - AUC: DeLong's paired test (the covariance of the two AUCs on the same examples);
 * - recall, precision, F1 (any average): a seeded paired bootstrap, resampling examples jointly.
 *
 * Fails when the upper bound of d is below −margin (evidence the challenger is worse by more than the
 * margin); inconclusive when the test could not detect a deficit of margin + tolerance (default tolerance
 * 0.05) with probability 1 − b; passes otherwise. `.not` passes only on evidence of a deficit beyond the
 * margin.
 */
import { normalPpf } from '../src/distributions'
import { checkCount, checkOneOf, InvalidInputError, InvalidRangeError } from '../src/errors'
import { mcnemarTest } from '../src/hypothesis'
import { intervalFromBootstrapReplicates } from '../src/intervals'
import { confusionMatrix, delongTest } from '../src/metrics'
import { createRng } from '../src/random'
import { formatNumber, type MatcherContext, type MatcherResult } from './context'
import { formatColumns, formatConfusionMatrix, type Label } from './table'
import {
  asMatcherErrors,
  type Classification,
  codesOf,
  DEFAULT_METRIC_TOLERANCE,
  detectableShift,
  examplesFor,
  hanleyMcNeil,
  type MetricAverage,
  readClassification,
  resolveSpec,
  scoreOf,
} from './toHaveMetricAbove'
import { type Evidence, resolveOptions, type VerdictOptions, verdict } from './verdict'

const NAME = 'toBeNoWorseThan'

/** The metrics {@link toBeNoWorseThan} compares. */
export type ComparedMetric = 'accuracy' | 'auc' | 'recall' | 'precision' | 'f1'

/** The champion: its predictions or scores on the same examples as the challenger. */
export type Champion = { predicted: ArrayLike<Label> } | { scores: ArrayLike<number>; threshold?: number }

/** Options of {@link toBeNoWorseThan}. */
export interface NoWorseOptions extends VerdictOptions {
  /** The metric compared. Default `'accuracy'` (`'auc'` needs scores from both models). */
  metric?: ComparedMetric
  /** How much worse than the champion the challenger may be (≥ 0, in the metric's units). Default 0. */
  margin?: number
  /** The positive class (binary metrics and scores). Default `true` for booleans, `1` for numbers. */
  positive?: Label
  /** Averaging of recall, precision and F1 with more than two labels. */
  average?: MetricAverage
  /** The labels and their order. Default: every label seen in actual and both predictions. */
  labels?: readonly Label[]
  /** Paired bootstrap resamples (default 2000). */
  resamples?: number
}

const OWN_OPTIONS = ['metric', 'margin', 'positive', 'average', 'labels', 'resamples'] as const
const WORDS: Record<ComparedMetric, string> = {
  accuracy: 'accuracy',
  auc: 'ROC-AUC',
  recall: 'recall',
  precision: 'precision',
  f1: 'F1',
}

interface Difference {
  challenger: number
  champion: number
  estimate: number
  lower: number
  upper: number
  standardError: number
  method: string
  extra?: [string, string]
  picture?: string
  usedRandomness: boolean
}

export function toBeNoWorseThan(
  this: MatcherContext,
  received: unknown,
  champion: Champion,
  options?: NoWorseOptions,
): MatcherResult {
  const opts = resolveOptions(this, NAME, options, OWN_OPTIONS)
  const o = options ?? {}
  const metric = checkOneOf(NAME, 'options.metric', o.metric ?? 'accuracy', [
    'accuracy',
    'auc',
    'recall',
    'precision',
    'f1',
  ])
  const margin = o.margin ?? 0
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0 || margin >= 1)
    throw new InvalidRangeError(NAME, 'options.margin', `must be a number in [0, 1), got ${String(margin)}`)
  const resamples = checkCount(NAME, 'options.resamples', o.resamples ?? 2000, 100)
  if (
    champion === null ||
    typeof champion !== 'object' ||
    Array.isArray(champion) ||
    ArrayBuffer.isView(champion)
  )
    throw new InvalidInputError(
      NAME,
      'champion',
      'must be { predicted } or { scores, threshold } on the same examples',
    )
  if ('actual' in champion)
    throw new InvalidInputError(
      NAME,
      'champion.actual',
      'must not be given: the champion is judged on received.actual',
    )
  if (received === null || typeof received !== 'object' || !('actual' in received))
    throw new InvalidInputError(
      NAME,
      'received',
      'must be { actual, predicted } or { actual, scores, threshold }',
    )
  const actual = (received as { actual: ArrayLike<Label> }).actual
  const need = metric === 'auc' ? 'required' : 'allowed'
  const readBoth = (labels: readonly Label[] | undefined): [Classification, Classification] => [
    readClassification(NAME, received, { labels, positive: o.positive }, need),
    readClassification(NAME, { ...champion, actual }, { labels, positive: o.positive }, need, 'champion'),
  ]
  let [c1, c2] = readBoth(o.labels)
  if (c1.source === 'matrix')
    throw new InvalidInputError(NAME, 'received', 'must hold per-example predictions, not a confusion matrix')
  if (o.labels === undefined && !sameLabels(c1.cm.labels, c2.cm.labels)) {
    // One label order for both models: the union of every label seen.
    const all = [...c1.cm.labels, ...c2.cm.labels]
    ;[c1, c2] = readBoth(asMatcherErrors(NAME, () => confusionMatrix(all, all).labels))
  }
  const alpha = opts.falseFailRate
  const beta = opts.falsePassRate
  const confidence = 1 - 2 * alpha
  let d: Difference
  const tolerance = opts.tolerance ?? DEFAULT_METRIC_TOLERANCE
  if (metric === 'auc') d = aucDifference(c1, c2, o.positive, confidence, margin + tolerance)
  else if (metric === 'accuracy') {
    if (o.average !== undefined)
      throw new InvalidRangeError(NAME, 'options.average', 'does not apply to accuracy')
    d = accuracyDifference(c1, c2, confidence)
  } else {
    const spec = resolveSpec(NAME, metric, c1, { positive: o.positive, average: o.average })
    resolveSpec(NAME, metric, c2, { positive: o.positive, average: o.average })
    d = bootstrapDifference(spec, c1, c2, confidence, resamples, opts.seed)
  }
  const detectable = detectableShift(d.standardError, alpha, beta)
  let outcome: Evidence['outcome'] = d.upper < -margin ? 'fail' : 'pass'
  let samplesNeeded: number | undefined
  if (outcome === 'pass' && !(detectable <= tolerance)) {
    outcome = 'inconclusive'
    samplesNeeded = d.standardError > 0 ? examplesFor(c1.cm.n, detectable, tolerance) : undefined
  }
  const word = WORDS[metric]
  const m = formatNumber(margin)
  const claim =
    margin > 0
      ? `${word} of the challenger ≥ the champion's − ${m}`
      : `${word} of the challenger ≥ the champion's`
  const opposite =
    margin > 0
      ? `${word} of the challenger < the champion's − ${m}`
      : `${word} of the challenger < the champion's`
  const observed: Evidence['observed'] = [
    ['Data', `${c1.cm.n} examples, both models on the same ones`],
    ['Estimate', `${word}: challenger ${formatNumber(d.challenger)}, champion ${formatNumber(d.champion)}`],
    [
      'Delta',
      `challenger − champion = ${formatNumber(d.estimate)}, ${formatNumber(100 * confidence)}% confidence interval [${formatNumber(d.lower)}, ${formatNumber(d.upper)}] (${d.method})`,
    ],
  ]
  if (d.extra) observed.push(d.extra)
  observed.push([
    'Tolerance',
    `${formatNumber(tolerance)} beyond the margin${opts.tolerance === undefined ? ' (default)' : ''}`,
  ])
  return verdict(
    this,
    NAME,
    'champion',
    {
      claim,
      oppositeClaim: opposite,
      outcome,
      observed,
      meaning:
        outcome === 'fail'
          ? `Even the upper confidence bound of the difference, ${formatNumber(d.upper)}, is below ${margin > 0 ? `−${m}: the challenger is worse than the champion by more than the margin` : '0: the challenger is worse than the champion'}.`
          : outcome === 'inconclusive'
            ? `A deficit of ${formatNumber(margin + tolerance)} in ${word} would likely go unseen with ${c1.cm.n} examples${samplesNeeded ? `; about ${samplesNeeded} would show it` : ''}.`
            : undefined,
      detectable: Number.isFinite(detectable) ? `${formatNumber(detectable)} beyond the margin` : undefined,
      samplesNeeded,
      picture: d.picture,
      usedRandomness: d.usedRandomness,
      advice:
        'Keep the champion, or look at the examples the challenger gets wrong and the champion gets right.',
    },
    opts,
  )
}

function sameLabels(a: readonly Label[], b: readonly Label[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function aucDifference(
  c1: Classification,
  c2: Classification,
  positive: Label | undefined,
  confidence: number,
  deficit: number,
): Difference {
  const r = asMatcherErrors(
    NAME,
    () => delongTest(c1.actual!, c1.scores!, c2.scores!, { positive: positive ?? c1.positive, confidence }),
    { scoresA: 'received.scores', scoresB: 'champion.scores' },
  )
  return {
    challenger: r.aucA,
    champion: r.aucB,
    estimate: r.difference,
    lower: r.lower,
    upper: r.upper,
    // With perfectly separated classes DeLong's variance is 0: the power then uses the Hanley–McNeil
    // standard errors of two independent AUCs at the deficit to detect.
    standardError:
      r.standardError > 0
        ? r.standardError
        : Math.SQRT2 * hanleyMcNeil(Math.max(0.5, r.aucB - deficit), r.positives, r.negatives),
    method: "DeLong's paired test",
    extra: [
      'Test',
      `DeLong z = ${formatNumber(r.statistic)} for a difference of 0, p = ${formatNumber(r.pValue)} (two-sided)`,
    ],
    usedRandomness: false,
  }
}

/** Paired accuracy: the 2×2 table of right/wrong, the Agresti–Min interval for the difference, McNemar's test. */
function accuracyDifference(c1: Classification, c2: Classification, confidence: number): Difference {
  const [a, p1] = codesOf(c1)
  const [, p2] = codesOf(c2)
  const n = a.length
  let both = 0
  let onlyChallenger = 0
  let onlyChampion = 0
  for (let i = 0; i < n; i++) {
    const r1 = a[i] === p1[i]
    const r2 = a[i] === p2[i]
    if (r1 && r2) both++
    else if (r1) onlyChallenger++
    else if (r2) onlyChampion++
  }
  const neither = n - both - onlyChallenger - onlyChampion
  // Agresti & Min (2005): add 1/2 to each cell, then the Wald interval of the paired difference.
  // (The engine has no interval for a paired difference of proportions.)
  const n2 = n + 2
  const b = onlyChallenger + 0.5
  const c = onlyChampion + 0.5
  const centre = (b - c) / n2
  const se = Math.sqrt(Math.max(0, (b + c) / n2 - centre * centre) / n2)
  const z = normalPpf(1 - (1 - confidence) / 2)
  const test = mcnemarTest(onlyChallenger, onlyChampion, { exact: true })
  const picture = `Paired outcomes (rows: challenger, columns: champion)\n${formatColumns([
    ['', 'champion right', 'champion wrong'],
    ['challenger right', String(both), String(onlyChallenger)],
    ['challenger wrong', String(onlyChampion), String(neither)],
  ])}`
  return {
    challenger: (both + onlyChallenger) / n,
    champion: (both + onlyChampion) / n,
    estimate: (onlyChallenger - onlyChampion) / n,
    lower: Math.max(-1, centre - z * se),
    upper: Math.min(1, centre + z * se),
    standardError: se,
    method: 'paired, Agresti–Min',
    extra: [
      'Test',
      `McNemar exact test of equal accuracy: ${onlyChallenger} vs ${onlyChampion} discordant pairs, p = ${formatNumber(test.pValue)}`,
    ],
    picture,
    usedRandomness: false,
  }
}

/**
 * Seeded paired bootstrap of the difference of any confusion-matrix metric: examples resampled jointly,
 * percentile interval. A resample on which the metric is undefined for either model (recall with no
 * example of the positive class, say) is redrawn: the bootstrap is conditional on the metric being
 * defined, as the estimate itself is. At most 20 draws per resample kept; if fewer than `resamples`
 * defined resamples come out of that, the data are too thin for the bootstrap and that is an error.
 */
function bootstrapDifference(
  spec: ReturnType<typeof resolveSpec>,
  c1: Classification,
  c2: Classification,
  confidence: number,
  resamples: number,
  seed: string,
): Difference {
  const zeroDivision = 0
  const [a, p1] = codesOf(c1)
  const [, p2] = codesOf(c2)
  const n = a.length
  const labels = c1.cm.labels
  const k = labels.length
  // Each example is one cell (actual, challenger's label, champion's label) of a k×k×k table: resampling
  // examples jointly is resampling these cell codes, and both confusion matrices follow from the counts.
  const cells = new Float64Array(n)
  for (let i = 0; i < n; i++) cells[i] = (a[i] * k + p1[i]) * k + p2[i]
  const flat1 = new Float64Array(k * k)
  const flat2 = new Float64Array(k * k)
  const asMatrix = (flat: Float64Array, total: number) => {
    const matrix: number[][] = []
    for (let i = 0; i < k; i++) matrix.push(Array.from(flat.subarray(i * k, i * k + k)))
    return { labels, matrix, n: total }
  }
  const challenger = scoreOf(spec, c1.cm, zeroDivision)
  const champion = scoreOf(spec, c2.cm, zeroDivision)
  const rng = createRng(`${seed}:paired-bootstrap`)
  const replicates = new Float64Array(resamples)
  let kept = 0
  let redrawn = 0
  const maxDraws = 20 * resamples
  for (let draw = 0; draw < maxDraws && kept < resamples; draw++) {
    flat1.fill(0)
    flat2.fill(0)
    for (let i = 0; i < n; i++) {
      const c = cells[Math.floor(rng() * n)]
      const y = Math.floor(c / (k * k))
      const r = c - y * k * k
      const x1 = Math.floor(r / k)
      flat1[y * k + x1]++
      flat2[y * k + (r - x1 * k)]++
    }
    let d: number
    try {
      d = scoreOf(spec, asMatrix(flat1, n), zeroDivision) - scoreOf(spec, asMatrix(flat2, n), zeroDivision)
    } catch (e) {
      // The metric is undefined on this resample (e.g. no example of the positive class): redraw it.
      if (!(e instanceof InvalidRangeError)) throw e
      redrawn++
      continue
    }
    replicates[kept++] = d
  }
  if (kept < resamples)
    throw new InvalidRangeError(
      NAME,
      'received.actual',
      `is too thin for a bootstrap of ${WORDS[spec.metric as ComparedMetric] ?? spec.metric}: the metric was undefined on ${redrawn} of ${redrawn + kept} resamples (too few examples of a class); use more examples`,
    )
  const r = intervalFromBootstrapReplicates(challenger - champion, replicates, {
    method: 'percentile',
    confidence,
  })
  return {
    challenger,
    champion,
    estimate: r.estimate,
    lower: r.lower,
    upper: r.upper,
    standardError: r.standardError,
    method:
      redrawn === 0
        ? `paired percentile bootstrap, ${resamples} resamples`
        : `paired percentile bootstrap, ${resamples} resamples (${redrawn} more redrawn: the metric was undefined on them)`,
    picture: `Challenger\n${indent(formatConfusionMatrix(labels, c1.cm.matrix))}\nChampion\n${indent(formatConfusionMatrix(labels, c2.cm.matrix))}`,
    usedRandomness: true,
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')
}
