/**
 * `expect(challenger).toBeNoWorseThan(champion, { metric, margin })`: paired non-inferiority of a new
 * model against the one in production, on the SAME examples.
 *
 * Received (the challenger): `{ actual, predicted }` or `{ actual, scores, threshold }`; the champion:
 * `{ predicted }` or `{ scores, threshold }` for the same examples in the same order.
 *
 * The claim is challenger ≥ champion − margin, i.e. d = metric(challenger) − metric(champion) ≥ −margin,
 * decided by the engine's `decideNonInferiority` (target [−margin, ∞), default tolerance 0.05) from
 * one-sided bounds of d:
 * - accuracy: exact bounds of the paired difference of proportions (`pairedProportionDifferenceBounds`:
 *   Clopper–Pearson on the discordant share and on the challenger's share of the discordant pairs), with
 *   McNemar's exact test of equal accuracy reported alongside;
 * - AUC: DeLong's paired test (the covariance of the two AUCs on the same examples); untrusted with fewer
 *   than 10 examples of a class;
 * - recall of one class: the same exact bounds on the actual positives (`pairedRecallCounts`: the
 *   positives only the challenger finds against those only the champion finds);
 * - recall averaged over classes, precision, F1: a seeded paired bootstrap, resampling examples jointly.
 *
 * Fails when the upper bound at falseFailRate is below −margin; passes when the lower bound at
 * falsePassRate is above −margin − tolerance; inconclusive otherwise. `.not` passes only on evidence of a
 * deficit beyond the margin.
 */
import {
  bootstrapBounds,
  type PairedCounts,
  pairedCounts,
  pairedMetricDifferenceBootstrap,
  pairedProportionDifferenceBounds,
  pairedProportions,
  pairedRecallCounts,
} from '../src/comparisons'
import type { OneSidedBounds } from '../src/decision'
import { checkCount, checkOneOf, InvalidInputError, InvalidRangeError } from '../src/errors'
import { mcnemarTest } from '../src/hypothesis'
import { decideNonInferiority, delongDifferenceBounds } from '../src/metricDecisions'
import { confusionMatrix, delongTest } from '../src/metrics'
import { createRng } from '../src/random'
import { formatLevel, formatNumber, type MatcherContext, type MatcherResult } from './context'
import { formatColumns, formatConfusionMatrix, type Label } from './table'
import {
  asMatcherErrors,
  type Classification,
  codesOf,
  DEFAULT_METRIC_TOLERANCE,
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
  bounds: (rate: number) => OneSidedBounds
  method: string
  extra?: [string, string]
  picture?: string
  usedRandomness: boolean
  untrusted?: string
  trustedFrom?: number
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
  let d: Difference
  const tolerance = opts.tolerance ?? DEFAULT_METRIC_TOLERANCE
  if (metric === 'auc') d = aucDifference(c1, c2, o.positive, margin + tolerance)
  else if (metric === 'accuracy') {
    if (o.average !== undefined)
      throw new InvalidRangeError(NAME, 'options.average', 'does not apply to accuracy')
    d = accuracyDifference(c1, c2)
  } else {
    const spec = resolveSpec(NAME, metric, c1, { positive: o.positive, average: o.average })
    resolveSpec(NAME, metric, c2, { positive: o.positive, average: o.average })
    d =
      metric === 'recall' && spec.average === 'binary'
        ? recallDifference(c1, c2, spec.positiveIndex)
        : bootstrapDifference(spec, c1, c2, resamples, opts.seed)
  }
  const decision = decideNonInferiority({
    estimate: d.estimate,
    n: c1.cm.n,
    bounds: d.bounds,
    margin,
    tolerance,
    falseFailRate: alpha,
    falsePassRate: beta,
    untrusted: d.untrusted,
    trustedFrom: d.trustedFrom,
  })
  const isNot = this.isNot === true
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
  const fu = formatNumber(decision.failBounds.upper)
  const pl = formatNumber(decision.passBounds.lower)
  const passPct = formatLevel(1 - beta)
  const deficit = formatNumber(margin + tolerance)
  const observed: Evidence['observed'] = [
    ['Data', `${c1.cm.n} examples, both models on the same ones`],
    ['Estimate', `${word}: challenger ${formatNumber(d.challenger)}, champion ${formatNumber(d.champion)}`],
    [
      'Delta',
      `challenger − champion = ${formatNumber(d.estimate)}, ${formatLevel(1 - 2 * alpha)}% confidence interval [${formatNumber(decision.failBounds.lower)}, ${fu}]; ${passPct}% lower bound ${pl} (${d.method})`,
    ],
  ]
  if (d.extra) observed.push(d.extra)
  observed.push([
    'Tolerance',
    `${formatNumber(tolerance)} beyond the margin${opts.tolerance === undefined ? ' (default)' : ''}`,
  ])
  const worse =
    margin > 0
      ? `-${m}: the challenger is worse than the champion by more than the margin`
      : '0: the challenger is worse than the champion'
  let meaning: string
  if (decision.reason === 'untrusted')
    meaning = `No verdict: ${decision.untrusted}${decision.samplesNeeded ? `; about ${decision.samplesNeeded} examples would be enough` : ''}.`
  else if (!isNot)
    meaning =
      decision.outcome === 'fail'
        ? `Even the upper confidence bound of the difference, ${fu}, is below ${worse}.`
        : decision.outcome === 'pass'
          ? `The ${passPct}% lower bound ${pl} is above -${deficit}: a deficit of ${deficit} in ${word} would have shown with probability at least ${formatNumber(1 - beta)}.`
          : `The ${passPct}% lower bound ${pl} is not above -${deficit}, so a deficit of ${deficit} in ${word} is not ruled out with ${c1.cm.n} examples${decision.samplesNeeded ? `; about ${decision.samplesNeeded} would likely decide` : ''}.`
  else
    meaning =
      decision.outcome === 'fail'
        ? `The upper confidence bound of the difference, ${fu}, is below ${worse}: evidence for .not.`
        : `.not needs the upper bound of the difference below ${margin > 0 ? `-${m}` : '0'}, and it is ${fu}: these data do not show the challenger worse by more than the margin.`
  const reach = decision.failBounds.upper - d.estimate
  return verdict(
    this,
    NAME,
    'champion',
    {
      claim,
      oppositeClaim: opposite,
      outcome: decision.outcome,
      observed,
      meaning,
      detectable:
        decision.reason === 'untrusted'
          ? undefined
          : isNot
            ? `${formatNumber(reach)} beyond the margin (a difference under ${formatNumber(-margin - reach)} would be evidence)`
            : decision.outcome === 'fail'
              ? undefined
              : decision.ruledOut > 0
                ? `${formatNumber(decision.ruledOut)} beyond the margin`
                : `any deficit beyond the margin (the ${passPct}% lower bound is above -${formatNumber(margin)})`,
      samplesNeeded: decision.samplesNeeded,
      samplesUnit: 'examples',
      picture: d.picture,
      usedRandomness: d.usedRandomness,
      decision,
      record: { method: d.method, tolerance },
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
  deficit: number,
): Difference {
  const r = asMatcherErrors(
    NAME,
    () => delongTest(c1.actual!, c1.scores!, c2.scores!, { positive: positive ?? c1.positive }),
    { scoresA: 'received.scores', scoresB: 'champion.scores' },
  )
  const b = delongDifferenceBounds(r, deficit)
  return {
    challenger: r.aucA,
    champion: r.aucB,
    estimate: r.difference,
    bounds: b.bounds,
    untrusted: b.untrusted,
    trustedFrom: b.trustedFrom,
    method: "DeLong's paired test",
    extra: [
      'Test',
      `DeLong z = ${formatNumber(r.statistic)} for a difference of 0, p = ${formatNumber(r.pValue)} (two-sided)`,
    ],
    usedRandomness: false,
  }
}

/** Paired accuracy: the 2×2 table of right/wrong, exact bounds of the difference, McNemar's test. */
function accuracyDifference(c1: Classification, c2: Classification): Difference {
  const [a, p1] = codesOf(c1)
  const [, p2] = codesOf(c2)
  return pairedDifference(pairedCounts(a, p1, p2), {
    title: () => 'Paired outcomes',
    yes: 'right',
    no: 'wrong',
    method: 'paired, exact conditional',
    measure: 'accuracy',
    discordant: 'discordant pairs',
  })
}

/**
 * Paired recall of one class: the 2×2 table of found/missed on the actual positives, exact bounds of the
 * paired difference (the bootstrap's normal bound was anticonservative at falseFailRate 0.001 with about
 * 100 positives).
 */
function recallDifference(c1: Classification, c2: Classification, positiveCode: number): Difference {
  const [a, p1] = codesOf(c1)
  const [, p2] = codesOf(c2)
  return pairedDifference(pairedRecallCounts(a, p1, p2, positiveCode), {
    title: (n) => `Paired outcomes on the ${n} actual positives`,
    yes: 'found',
    no: 'missed',
    method: 'paired on the actual positives, exact conditional',
    measure: 'recall',
    discordant: 'discordant positives',
  })
}

/** The words of a paired 2×2 comparison in its message. */
interface PairedWords {
  /** The table's title, given the number of pairs. */
  title: (n: number) => string
  yes: string
  no: string
  method: string
  measure: string
  discordant: string
}

/** A paired proportion's difference from its 2×2 table: exact bounds, McNemar's exact test, the table. */
function pairedDifference(counts: PairedCounts, w: PairedWords): Difference {
  const { both, onlyA: onlyChallenger, onlyB: onlyChampion, neither } = counts
  const proportions = pairedProportions(counts)
  const test = mcnemarTest(onlyChallenger, onlyChampion, { exact: true })
  const picture = `${w.title(proportions.n)} (rows: challenger, columns: champion)\n${formatColumns([
    ['', `champion ${w.yes}`, `champion ${w.no}`],
    [`challenger ${w.yes}`, String(both), String(onlyChallenger)],
    [`challenger ${w.no}`, String(onlyChampion), String(neither)],
  ])}`
  return {
    challenger: proportions.a,
    champion: proportions.b,
    estimate: proportions.difference,
    bounds: (rate) => pairedProportionDifferenceBounds(counts, rate),
    method: w.method,
    extra: [
      'Test',
      `McNemar exact test of equal ${w.measure}: ${onlyChallenger} vs ${onlyChampion} ${w.discordant}, p = ${formatNumber(test.pValue)}`,
    ],
    picture,
    usedRandomness: false,
  }
}

/**
 * Seeded paired bootstrap of the difference of any confusion-matrix metric (the engine's
 * `pairedMetricDifferenceBootstrap`): examples resampled jointly, normal bounds from its standard error.
 * A resample on which the metric is undefined for either model is redrawn.
 */
function bootstrapDifference(
  spec: ReturnType<typeof resolveSpec>,
  c1: Classification,
  c2: Classification,
  resamples: number,
  seed: string,
): Difference {
  const zeroDivision = 0
  const [a, p1] = codesOf(c1)
  const [, p2] = codesOf(c2)
  const labels = c1.cm.labels
  const challenger = scoreOf(spec, c1.cm, zeroDivision)
  const champion = scoreOf(spec, c2.cm, zeroDivision)
  const b = asMatcherErrors(
    NAME,
    () =>
      pairedMetricDifferenceBootstrap(a, p1, p2, labels, (cm) => scoreOf(spec, cm, zeroDivision), {
        resamples,
        rng: createRng(`${seed}:paired-bootstrap`),
      }),
    { cells: 'received.actual' },
  )
  return {
    challenger,
    champion,
    estimate: challenger - champion,
    bounds: (rate) => bootstrapBounds(b, rate),
    method:
      b.redrawn === 0
        ? `paired percentile bootstrap, ${resamples} resamples`
        : `paired percentile bootstrap, ${resamples} resamples (${b.redrawn} more redrawn: the metric was undefined on them)`,
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
