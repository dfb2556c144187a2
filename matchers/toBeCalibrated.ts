/**
 * `expect({ actual, probs }).toBeCalibrated({ maxECE, bins })`: the predicted probabilities of the
 * positive class are calibrated, i.e. the expected calibration error (ECE, `bins` uniform bins by
 * default, as the engine's `expectedCalibrationError`) is at most `maxECE`.
 *
 * The plug-in ECE is biased upwards (the noise in each bin's share of positives adds to every absolute
 * gap). The verdict rests on the engine's `decideCalibration`: bounds on the true ECE valid at any n, from
 * the exact distribution of that binning noise (see `eceBounds`): the upper bound adds only the signed
 * noise (mean 0), so calibrated probabilities pass at about the n of a simulated fixed-n test (about
 * 500 examples at the defaults with 10 bins); the lower bound subtracts the whole noise, so the bias
 * never makes it fail. Fails when the lower bound at falseFailRate is above maxECE; passes when the upper
 * bound at falsePassRate is below maxECE + tolerance (default 0.05); inconclusive otherwise.
 */
import { checkCount, checkOneOf, checkUnit, InvalidInputError, InvalidRangeError } from '../src/errors'
import { decideCalibration } from '../src/metricDecisions'
import { calibrationCurve, expectedCalibrationError } from '../src/metrics'
import { formatLevel, formatNumber, type MatcherContext, type MatcherResult } from './context'
import { formatColumns, type Label } from './table'
import { asMatcherErrors } from './toHaveMetricAbove'
import { resolveOptions, type VerdictOptions, verdict } from './verdict'

const NAME = 'toBeCalibrated'

/** The bound and the options of {@link toBeCalibrated}. */
export interface CalibratedOptions extends VerdictOptions {
  /** Claim: the expected calibration error is at most this (in [0, 1]). Required. */
  maxECE: number
  /** Number of bins (default 10). */
  bins?: number
  /** `'uniform'` (default) or `'quantile'` bin edges, as scikit-learn's `calibration_curve`. */
  strategy?: 'uniform' | 'quantile'
  /** The positive class whose probabilities are given. Default `true` for booleans, `1` for numbers. */
  positive?: Label
}

const OWN_OPTIONS = ['maxECE', 'bins', 'strategy', 'positive'] as const

/** Default tolerance: an ECE 0.05 above maxECE must be detected. */
export const DEFAULT_ECE_TOLERANCE = 0.05

export function toBeCalibrated(
  this: MatcherContext,
  received: unknown,
  options: CalibratedOptions,
): MatcherResult {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new InvalidInputError(NAME, 'options', 'must be { maxECE, bins? }')
  const opts = resolveOptions(this, NAME, options, OWN_OPTIONS)
  if (options.maxECE === undefined) throw new InvalidInputError(NAME, 'options.maxECE', 'is required')
  const maxECE = checkUnit(NAME, 'options.maxECE', options.maxECE)
  const bins = checkCount(NAME, 'options.bins', options.bins ?? 10, 1)
  const strategy = checkOneOf(NAME, 'options.strategy', options.strategy ?? 'uniform', [
    'uniform',
    'quantile',
  ])
  if (received === null || typeof received !== 'object' || !('actual' in received) || !('probs' in received))
    throw new InvalidInputError(
      NAME,
      'received',
      'must be { actual, probs }: labels and predicted probabilities of the positive class',
    )
  const { actual, probs } = received as { actual: ArrayLike<Label>; probs: ArrayLike<number> }
  const engineOptions = { bins, strategy, positive: options.positive }
  // The engine validates: binary labels, probabilities in [0, 1], equal lengths.
  const ece = asMatcherErrors(NAME, () => expectedCalibrationError(actual, probs, engineOptions), {
    probabilities: 'received.probs',
  })
  const curve = calibrationCurve(actual, probs, engineOptions)
  const n = actual.length
  if (!curve.some((b) => b.positives > 0))
    throw new InvalidRangeError(
      NAME,
      'received.actual',
      'has no example of the positive class: calibration cannot be judged',
    )
  const alpha = opts.falseFailRate
  const beta = opts.falsePassRate
  const tolerance = opts.tolerance ?? DEFAULT_ECE_TOLERANCE
  const d = decideCalibration({ bins: curve, maxECE, tolerance, falseFailRate: alpha, falsePassRate: beta })
  const isNot = this.isNot === true
  const m = formatNumber(maxECE)
  const top = formatNumber(maxECE + tolerance)
  const fl = formatNumber(d.failBounds.lower)
  const pu = formatNumber(d.passBounds.upper)
  const passPct = formatLevel(1 - beta)
  const failPct = formatLevel(1 - alpha)
  const meaning = isNot
    ? d.outcome === 'fail'
      ? `The ${failPct}% lower bound ${fl} is above ${m}: evidence that the ECE exceeds ${m}.`
      : `.not needs the ${failPct}% lower bound above ${m}, and it is ${fl}: these data do not show an ECE above ${m}${d.samplesNeeded ? `; about ${d.samplesNeeded} examples would likely decide` : ''}.`
    : d.outcome === 'fail'
      ? `Even the ${failPct}% lower bound ${fl} is above ${m}: the predicted probabilities are off by more than ${m} on average.`
      : d.outcome === 'pass'
        ? `The ${passPct}% upper bound ${pu} is below ${top}: an ECE of ${top} or more would have shown with probability at least ${formatNumber(1 - beta)}.`
        : `The ${passPct}% upper bound ${pu} is not below ${top}, so an ECE of ${top} is not ruled out with ${n} examples${d.samplesNeeded ? `; about ${d.samplesNeeded} would likely decide` : ''}.`
  return verdict(
    this,
    NAME,
    '{ maxECE }',
    {
      claim: `expected calibration error ≤ ${m}`,
      oppositeClaim: `expected calibration error > ${m}`,
      outcome: d.outcome,
      observed: [
        ['Data', `${n} examples, ${bins} ${strategy} bins`],
        [
          'Estimate',
          `ECE = ${formatNumber(ece)} (plug-in), ${formatNumber(d.estimate)} less its binning noise`,
        ],
        [
          'Interval',
          `${formatLevel(1 - 2 * alpha)}% confidence interval [${fl}, ${formatNumber(d.failBounds.upper)}]; ${passPct}% upper bound ${pu} (exact binning noise)`,
        ],
        [
          'Tolerance',
          `${formatNumber(tolerance)} above maxECE${opts.tolerance === undefined ? ' (default)' : ''}`,
        ],
      ],
      meaning,
      detectable: isNot
        ? `${formatNumber(d.failEce.noise)} above ${m} in ECE (a plug-in ECE over ${formatNumber(maxECE + d.failEce.noise)} would be evidence)`
        : d.outcome === 'fail'
          ? undefined
          : d.ruledOut > 0
            ? `an ECE ${formatNumber(d.ruledOut)} above ${m}`
            : `any ECE above ${m} (the ${passPct}% upper bound is below it)`,
      samplesNeeded: d.samplesNeeded,
      samplesUnit: 'examples',
      picture: reliabilityTable(curve),
      usedRandomness: false,
      decision: d,
      record: { method: 'exact-binning-noise', tolerance },
      advice:
        'Compare predicted and observed rates per bin below; recalibrate (Platt scaling, isotonic regression) or raise maxECE deliberately.',
    },
    opts,
  )
}

function reliabilityTable(curve: ReturnType<typeof calibrationCurve>): string {
  const rows = [['bin', 'n', 'predicted', 'observed', 'gap']]
  for (const b of curve)
    rows.push([
      `(${formatNumber(b.lower, 3)}, ${formatNumber(b.upper, 3)}]`,
      String(b.count),
      formatNumber(b.meanPredicted, 3),
      formatNumber(b.fractionPositive, 3),
      formatNumber(b.gap, 2),
    ])
  return `Reliability (non-empty bins)\n${formatColumns(rows)}`
}
