/**
 * `expect({ actual, predicted }).toHaveParityAcross(groups, { metric, maxGap | minRatio })`: a model is not
 * worse for one group than for another.
 *
 * `groups` gives each example's group (same length as `actual`). The metric is a proportion per group:
 * `'selectionRate'` (share predicted positive: demographic parity), `'recall'` (true positive rate: equal
 * opportunity), `'falsePositiveRate'`, `'precision'` or `'accuracy'`, each with its Wilson interval.
 *
 * - `maxGap`: claims every pairwise gap |pᵢ − pⱼ| ≤ maxGap; each gap has a Newcombe (hybrid score)
 *   interval for a difference of independent proportions.
 * - `minRatio`: claims every ratio pᵢ / pⱼ ≥ minRatio (the four-fifths rule is `minRatio: 0.8`); each ratio
 *   has the MOVER-R interval of Donner & Zou (2012) built from the same Wilson intervals.
 *
 * With k groups there are m = k(k − 1)/2 pairs: each pair's two-sided interval is at 1 − falseFailRate / m
 * (Bonferroni; a violation may show on either side), so
 * the whole claim fails by chance with probability at most falseFailRate. Fails only on evidence: some
 * pair's interval lies wholly beyond the bound. Inconclusive when the smallest pair of groups could not
 * reveal a violation of `tolerance` (default 0.05 in the gap, 0.1 in the ratio) with probability
 * 1 − falsePassRate, or when a group has no example for the metric's denominator.
 */
import { normalPpf } from '../src/distributions'
import { checkOneOf, InvalidInputError, InvalidRangeError } from '../src/errors'
import { proportionDifferenceInterval, proportionInterval } from '../src/intervals'
import { confusionMatrix } from '../src/metrics'
import { formatNumber, type MatcherContext, type MatcherResult } from './context'
import { formatGroupTable, type GroupRow, type Label, showLabel } from './table'
import { asMatcherErrors, codesOf, readClassification, resolveSpec } from './toHaveMetricAbove'
import { type Evidence, resolveOptions, type VerdictOptions, verdict } from './verdict'

const NAME = 'toHaveParityAcross'

/** The per-group metrics of {@link toHaveParityAcross}: all proportions. */
export type ParityMetric = 'selectionRate' | 'recall' | 'falsePositiveRate' | 'precision' | 'accuracy'

/** The bound (one of `maxGap`, `minRatio`) and the options of {@link toHaveParityAcross}. */
export interface ParityOptions extends VerdictOptions {
  /** The metric compared across groups. Default `'selectionRate'`. */
  metric?: ParityMetric
  /** Claim: no two groups differ by more than this in the metric. */
  maxGap?: number
  /** Claim: no group's metric is below this share of another's (0.8: the four-fifths rule). */
  minRatio?: number
  /** The positive class. Default `true` for booleans, `1` for numbers; required for strings. */
  positive?: Label
  /** The labels and their order; a label outside this list is an error. */
  labels?: readonly Label[]
}

const OWN_OPTIONS = ['metric', 'maxGap', 'minRatio', 'positive', 'labels'] as const
const METRICS: ParityMetric[] = ['selectionRate', 'recall', 'falsePositiveRate', 'precision', 'accuracy']
const WORDS: Record<ParityMetric, [name: string, denominator: string]> = {
  selectionRate: ['selection rate', 'examples'],
  recall: ['recall', 'actual positives'],
  falsePositiveRate: ['false positive rate', 'actual negatives'],
  precision: ['precision', 'predicted positives'],
  accuracy: ['accuracy', 'examples'],
}

interface Interval {
  estimate: number
  lower: number
  upper: number
}

/**
 * MOVER-R interval for p₁ / p₂ (Donner & Zou 2012) from the two Wilson intervals; an unbounded side is
 * ±∞. (The engine has no interval for a ratio of proportions; this one matches statsmodels' score interval
 * to about 1e-3.)
 */
function moverRatio(a: Interval, b: Interval): Interval {
  const p1 = a.estimate
  const p2 = b.estimate
  const est = p2 > 0 ? p1 / p2 : Number.POSITIVE_INFINITY
  const pp = p1 * p2
  const dl = b.upper * (2 * p2 - b.upper)
  const du = b.lower * (2 * p2 - b.lower)
  const rl = pp * pp - a.lower * b.upper * (2 * p1 - a.lower) * (2 * p2 - b.upper)
  const ru = pp * pp - a.upper * b.lower * (2 * p1 - a.upper) * (2 * p2 - b.lower)
  const lower = dl > 0 ? Math.max(0, (pp - Math.sqrt(Math.max(0, rl))) / dl) : 0
  const upper = du > 0 ? (pp + Math.sqrt(Math.max(0, ru))) / du : Number.POSITIVE_INFINITY
  return { estimate: est, lower, upper }
}

export function toHaveParityAcross(
  this: MatcherContext,
  received: unknown,
  groups: ArrayLike<Label>,
  options: ParityOptions,
): MatcherResult {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new InvalidInputError(NAME, 'options', 'must be { metric, maxGap } or { metric, minRatio }')
  const opts = resolveOptions(this, NAME, options, OWN_OPTIONS)
  const metric = checkOneOf(NAME, 'options.metric', options.metric ?? 'selectionRate', METRICS)
  const hasGap = options.maxGap !== undefined
  const hasRatio = options.minRatio !== undefined
  if (hasGap === hasRatio)
    throw new InvalidInputError(NAME, 'options', 'must give exactly one of maxGap and minRatio')
  const bound = (hasGap ? options.maxGap : options.minRatio) as number
  const boundName = hasGap ? 'options.maxGap' : 'options.minRatio'
  if (typeof bound !== 'number' || !(bound > 0 && bound < 1))
    throw new InvalidRangeError(NAME, boundName, `must lie strictly between 0 and 1, got ${String(bound)}`)
  const c = readClassification(NAME, received, options)
  if (c.source === 'matrix')
    throw new InvalidInputError(
      NAME,
      'received',
      'must hold per-example labels ({ actual, predicted }), not a confusion matrix',
    )
  // Validates the group labels (one kind, no NaN, same length) and sorts them.
  const groupLabels = asMatcherErrors(NAME, () => confusionMatrix(groups, groups).labels, {
    actual: 'groups',
    predicted: 'groups',
  })
  if (groups.length !== c.cm.n)
    throw new InvalidRangeError(
      NAME,
      'groups',
      `must have one group per example: got ${groups.length} groups for ${c.cm.n} examples`,
    )
  if (groupLabels.length < 2)
    throw new InvalidRangeError(
      NAME,
      'groups',
      `must name at least two groups, got only ${showLabel(groupLabels[0])}`,
    )
  const spec =
    metric === 'accuracy'
      ? undefined
      : // Only recall needs actual positives; the other rates are judged on their own denominators.
        resolveSpec(NAME, 'recall', c, { positive: options.positive, average: 'binary' }, metric === 'recall')
  const pos = spec?.positiveIndex ?? -1
  const [a, p] = codesOf(c)
  const gIndex = new Map<Label, number>()
  for (let i = 0; i < groupLabels.length; i++) gIndex.set(groupLabels[i], i)
  const k = groupLabels.length
  const hits = new Float64Array(k)
  const trials = new Float64Array(k)
  const sizes = new Float64Array(k)
  for (let i = 0; i < a.length; i++) {
    const g = gIndex.get(groups[i])!
    sizes[g]++
    const ya = a[i] === pos
    const yp = p[i] === pos
    switch (metric) {
      case 'selectionRate':
        trials[g]++
        if (yp) hits[g]++
        break
      case 'recall':
        if (ya) {
          trials[g]++
          if (yp) hits[g]++
        }
        break
      case 'falsePositiveRate':
        if (!ya) {
          trials[g]++
          if (yp) hits[g]++
        }
        break
      case 'precision':
        if (yp) {
          trials[g]++
          if (ya) hits[g]++
        }
        break
      case 'accuracy':
        trials[g]++
        if (a[i] === p[i]) hits[g]++
        break
    }
  }
  const alpha = opts.falseFailRate
  const beta = opts.falsePassRate
  const pairs = (k * (k - 1)) / 2
  // Each pair's two-sided interval at 1 − a/m: a violation may show on either side (a/(2m) each), so the
  // chance that any of the m pairs shows one by chance is at most a.
  const confidence = 1 - alpha / pairs
  const [word, denominator] = WORDS[metric]
  const per: (Interval | undefined)[] = []
  for (let g = 0; g < k; g++)
    per.push(trials[g] > 0 ? proportionInterval(hits[g], trials[g], { confidence }) : undefined)
  const empty = groupLabels.filter((_, g) => trials[g] === 0)
  // Every pair: the gap (i − j) or the ratio (i / j, both orders); keep the most extreme and any evidence.
  let worst: { i: number; j: number; ci: Interval } | undefined
  let evidence: { i: number; j: number; ci: Interval } | undefined
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const pi = per[i]
      const pj = per[j]
      if (i === j || !pi || !pj) continue
      if (hasGap) {
        if (pi.estimate < pj.estimate || (pi.estimate === pj.estimate && i > j)) continue
        const ci = proportionDifferenceInterval(hits[i], trials[i], hits[j], trials[j], { confidence })
        if (!worst || ci.estimate > worst.ci.estimate) worst = { i, j, ci }
        if (ci.lower > bound && (!evidence || ci.lower > evidence.ci.lower)) evidence = { i, j, ci }
      } else {
        if (pi.estimate > pj.estimate || (pi.estimate === pj.estimate && i > j)) continue
        const ci = moverRatio(pi, pj)
        if (!worst || ci.estimate < worst.ci.estimate) worst = { i, j, ci }
        if (ci.upper < bound && (!evidence || ci.upper < evidence.ci.upper)) evidence = { i, j, ci }
      }
    }
  // Power: the pair of the two smallest groups, at the pooled rate (shrunk away from 0 and 1).
  let kSum = 0
  let nSum = 0
  for (let g = 0; g < k; g++) {
    kSum += hits[g]
    nSum += trials[g]
  }
  const pooled = (kSum + 1) / (nSum + 2)
  const sorted = Array.from(trials).sort((x, y) => x - y)
  const inv = sorted[0] > 0 ? 1 / sorted[0] + 1 / sorted[1] : Number.POSITIVE_INFINITY
  const z = normalPpf(1 - alpha / (2 * pairs)) + normalPpf(1 - beta)
  const tolerance = opts.tolerance ?? (hasGap ? 0.05 : Math.min(0.1, bound / 2))
  let detectable: number
  let room: number
  if (hasGap) {
    detectable = z * Math.sqrt(pooled * (1 - pooled) * inv)
    room = tolerance
  } else {
    // On the log scale: detect log(minRatio) − log(minRatio − tolerance).
    detectable = z * Math.sqrt(((1 - pooled) / pooled) * inv)
    room = Math.log(bound) - Math.log(Math.max(bound - tolerance, Number.MIN_VALUE))
  }
  let outcome: Evidence['outcome'] = evidence ? 'fail' : 'pass'
  let samplesNeeded: number | undefined
  if (outcome === 'pass' && (detectable > room || empty.length > 0)) {
    outcome = 'inconclusive'
    if (Number.isFinite(detectable) && detectable > room)
      samplesNeeded = Math.ceil(c.cm.n * (detectable / room) ** 2)
  }
  const rows: GroupRow[] = groupLabels.map((g, i) => ({
    group: g,
    n: sizes[i],
    estimate: per[i]?.estimate ?? Number.NaN,
    lower: per[i]?.lower ?? 0,
    upper: per[i]?.upper ?? 1,
    note: `${hits[i]} of ${trials[i]} ${denominator}`,
  }))
  const shown = evidence ?? worst
  const b = formatNumber(bound)
  const what = hasGap ? `gap in ${word}` : `ratio of ${word}`
  const pairText = shown
    ? `${word} ${showLabel(groupLabels[shown.i])} ${hasGap ? '−' : '/'} ${showLabel(groupLabels[shown.j])} = ${formatNumber(shown.ci.estimate)}, interval [${formatNumber(shown.ci.lower)}, ${Number.isFinite(shown.ci.upper) ? formatNumber(shown.ci.upper) : '∞'}] (${hasGap ? 'Newcombe' : 'MOVER-R'})`
    : 'undefined: fewer than two groups have examples for the metric'
  const pct = formatNumber(100 * confidence)
  return verdict(
    this,
    NAME,
    'groups',
    {
      claim: hasGap
        ? `no two groups differ in ${word} by more than ${b}`
        : `every group's ${word} is at least ${b} × any other's`,
      oppositeClaim: hasGap
        ? `some two groups differ in ${word} by more than ${b}`
        : `some group's ${word} is below ${b} × another's`,
      outcome,
      observed: [
        [
          'Data',
          `${c.cm.n} examples in ${k} groups${spec ? `, positive class ${showLabel(spec.positive!)}` : ''}`,
        ],
        [evidence ? 'Evidence' : hasGap ? 'Largest' : 'Smallest', pairText],
        [
          'Intervals',
          `${pct}% each (Bonferroni over ${pairs} pair${pairs > 1 ? 's' : ''}), Wilson per group`,
        ],
        [
          'Tolerance',
          `${formatNumber(tolerance)} ${hasGap ? 'beyond the gap' : 'below the ratio'}${opts.tolerance === undefined ? ' (default)' : ''}`,
        ],
      ],
      meaning:
        outcome === 'fail'
          ? `The ${what} between ${showLabel(groupLabels[evidence!.i])} and ${showLabel(groupLabels[evidence!.j])} is ${hasGap ? 'above' : 'below'} ${b} even at its confidence bound.`
          : outcome === 'inconclusive'
            ? empty.length > 0
              ? `No ${denominator} in group${empty.length > 1 ? 's' : ''} ${empty.map(showLabel).join(', ')}: ${word} there is unknown.`
              : `A ${what} of ${formatNumber(hasGap ? bound + tolerance : bound - tolerance)} between the two smallest groups would likely go unseen${samplesNeeded ? `; about ${samplesNeeded} examples (in the same proportions) would show it` : ''}.`
            : undefined,
      detectable: Number.isFinite(detectable)
        ? hasGap
          ? `${formatNumber(detectable)} beyond the gap`
          : `${formatNumber(bound - bound * Math.exp(-detectable))} below the ratio`
        : undefined,
      samplesNeeded,
      picture: formatGroupTable(word, rows),
      usedRandomness: false,
      advice: `Look at the groups in the table; if the ${what} is expected, state a wider bound deliberately.`,
    },
    opts,
  )
}
