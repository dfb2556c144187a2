/**
 * `expect({ actual, predicted }).toHaveParityAcross(groups, { metric, maxGap | minRatio })`: a model is not
 * worse for one group than for another.
 *
 * `groups` gives each example's group (same length as `actual`). The metric is a proportion per group:
 * `'selectionRate'` (share predicted positive: demographic parity), `'recall'` (true positive rate: equal
 * opportunity), `'falsePositiveRate'`, `'precision'` or `'accuracy'`.
 *
 * - `maxGap`: claims the largest gap maxᵢ pᵢ − minⱼ pⱼ is at most maxGap (default tolerance 0.05);
 * - `minRatio`: claims the smallest ratio minᵢ pᵢ / maxⱼ pⱼ is at least minRatio (the four-fifths rule is
 *   `minRatio: 0.8`; default tolerance 0.1, at most half the ratio).
 *
 * Decided by the engine's `decideParity`: MOVER bounds of each pair's difference or ratio built on exact
 * (Clopper–Pearson) per-group intervals; the side that can fail is Bonferroni-corrected over the ordered
 * pairs, the side that can pass needs no correction. A group with no example for the metric's denominator
 * makes the verdict inconclusive (its rate is unknown).
 */
import { checkOneOf, InvalidInputError, InvalidRangeError } from '../src/errors'
import { decideParity, exactProportionBounds, groupRates } from '../src/metricDecisions'
import { confusionMatrix } from '../src/metrics'
import { formatLevel, formatNumber, type MatcherContext, type MatcherResult } from './context'
import { formatGroupTable, type GroupRow, type Label, showLabel } from './table'
import { asMatcherErrors, codesOf, readClassification, resolveSpec } from './toHaveMetricAbove'
import { resolveOptions, type VerdictOptions, verdict } from './verdict'

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
  // Label codes (pos: the positive class's) and groups in the order of groupLabels.
  const counts = groupRates(a, p, groups, metric, pos, groupLabels)
  const alpha = opts.falseFailRate
  const beta = opts.falsePassRate
  const [word, denominator] = WORDS[metric]
  const tolerance = opts.tolerance ?? (hasGap ? 0.05 : Math.min(0.1, bound / 2))
  const d = decideParity({
    groups: counts.groups,
    kind: hasGap ? 'gap' : 'ratio',
    bound,
    tolerance,
    n: c.cm.n,
    falseFailRate: alpha,
    falsePassRate: beta,
    emptyWords: (empty) =>
      `no ${denominator} in group${empty.length > 1 ? 's' : ''} ${empty.map((g) => showLabel(groupLabels[g])).join(', ')}: ${word} there is unknown`,
  })
  const isNot = this.isNot === true
  const rows: GroupRow[] = groupLabels.map((g, i) => {
    const { hits, trials } = counts.groups[i]
    const ci = trials > 0 ? exactProportionBounds(hits, trials, alpha) : { lower: 0, upper: 1 }
    return {
      group: g,
      n: counts.sizes[i],
      estimate: counts.rates[i],
      lower: ci.lower,
      upper: ci.upper,
      note: `${hits} of ${trials} ${denominator}`,
    }
  })
  const b = formatNumber(bound)
  const what = hasGap ? `gap in ${word}` : `ratio of ${word}`
  const label = (i: number) => showLabel(groupLabels[i])
  const sign = hasGap ? '−' : '/'
  const pairText = d.worst
    ? `${word} ${label(d.worst.i)} ${sign} ${label(d.worst.j)} = ${formatNumber(d.worst.estimate)}`
    : 'undefined: fewer than two groups have examples for the metric'
  const end = (x: number) => (Number.isFinite(x) ? formatNumber(x) : '∞')
  const failPct = formatLevel(1 - alpha)
  const passPct = formatLevel(1 - beta)
  const fb = hasGap ? d.failBounds.lower : d.failBounds.upper
  const pb = hasGap ? d.passBounds.upper : d.passBounds.lower
  const edge = formatNumber(hasGap ? bound + tolerance : bound - tolerance)
  const boundsLine = hasGap
    ? `${failPct}% lower bound ${end(fb)} (Bonferroni over ${d.pairs} ordered pairs), ${passPct}% upper bound ${end(pb)}`
    : `${failPct}% upper bound ${end(fb)} (Bonferroni over ${d.pairs} ordered pairs), ${passPct}% lower bound ${end(pb)}`
  const ev = d.evidence
  let meaning: string
  if (d.reason === 'untrusted') meaning = `No verdict: ${d.untrusted}.`
  else if (!isNot)
    meaning =
      d.outcome === 'fail'
        ? `The ${what} between ${label(ev!.i)} and ${label(ev!.j)} is ${hasGap ? 'above' : 'below'} ${b} even at its ${failPct}% confidence bound ${end(fb)}.`
        : d.outcome === 'pass'
          ? `The ${passPct}% ${hasGap ? 'upper' : 'lower'} bound ${end(pb)} is ${hasGap ? 'below' : 'above'} ${edge}: a ${what} of ${edge} would have shown with probability at least ${formatNumber(1 - beta)}.`
          : `The ${passPct}% ${hasGap ? 'upper' : 'lower'} bound ${end(pb)} is not ${hasGap ? 'below' : 'above'} ${edge}, so a ${what} of ${edge} is not ruled out${d.samplesNeeded ? `; about ${d.samplesNeeded} examples (in the same proportions) would likely decide` : ''}.`
  else
    meaning =
      d.outcome === 'fail'
        ? `The ${what} between ${label(ev!.i)} and ${label(ev!.j)} is ${hasGap ? 'above' : 'below'} ${b} even at its ${failPct}% confidence bound ${end(fb)}: evidence for .not.`
        : `.not needs the ${failPct}% ${hasGap ? 'lower' : 'upper'} bound ${hasGap ? 'above' : 'below'} ${b}, and it is ${end(fb)}: these data do not show a ${what} ${hasGap ? 'above' : 'below'} ${b}.`
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
      outcome: d.outcome,
      observed: [
        [
          'Data',
          `${c.cm.n} examples in ${groupLabels.length} groups${spec ? `, positive class ${showLabel(spec.positive!)}` : ''}`,
        ],
        [hasGap ? 'Largest' : 'Smallest', pairText],
        [
          'Bounds',
          d.reason === 'untrusted'
            ? 'none: a group has no examples for the metric'
            : `${boundsLine} (MOVER, exact per group)`,
        ],
        [
          'Tolerance',
          `${formatNumber(tolerance)} ${hasGap ? 'beyond the gap' : 'below the ratio'}${opts.tolerance === undefined ? ' (default)' : ''}`,
        ],
      ],
      meaning,
      detectable:
        d.reason === 'untrusted'
          ? undefined
          : isNot
            ? `${formatNumber(Math.abs(fb - d.estimate))} in the ${what} (an estimate ${hasGap ? 'over' : 'under'} ${formatNumber(hasGap ? bound + Math.abs(fb - d.estimate) : bound - Math.abs(fb - d.estimate))} would be evidence)`
            : d.outcome === 'fail'
              ? undefined
              : d.ruledOut > 0
                ? `${formatNumber(d.ruledOut)} ${hasGap ? 'beyond the gap' : 'below the ratio'}`
                : `any ${hasGap ? 'gap above' : 'ratio below'} ${b} (the ${passPct}% bound is inside the claim)`,
      samplesNeeded: d.samplesNeeded,
      samplesUnit: 'examples',
      picture: formatGroupTable(word, rows),
      usedRandomness: false,
      decision: d,
      record: { method: hasGap ? 'mover-clopper-pearson' : 'mover-r-clopper-pearson', tolerance },
      advice: `Look at the groups in the table; if the ${what} is expected, state a wider bound deliberately.`,
    },
    opts,
  )
}
