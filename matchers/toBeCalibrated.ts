/**
 * `expect({ actual, probs }).toBeCalibrated({ maxECE, bins })`: the predicted probabilities of the
 * positive class are calibrated, i.e. the expected calibration error (ECE, `bins` uniform bins by
 * default, as the engine's `expectedCalibrationError`) is at most `maxECE`.
 *
 * The plug-in ECE is biased upwards (the noise in each bin's share of positives adds to every absolute
 * gap: about 0.08 for a perfectly calibrated model on 200 examples in 10 bins), and a bootstrap does not
 * remove that bias where it matters, at a true gap of 0. So the verdict rests on simultaneous bounds:
 * in each of the B non-empty bins, an exact (Clopper–Pearson) interval for the share of positives at
 * confidence 1 − falseFailRate / B gives an interval for the bin's gap; if all cover (probability at least
 * 1 − falseFailRate, Bonferroni), the ECE is at least L = Σ (nᵦ/n)·distance(0, gap interval) and at most
 * U = Σ (nᵦ/n)·max |gap bound|. (Clopper–Pearson is conservative for the Poisson-binomial count of a bin
 * whose examples have different probabilities.)
 *
 * Fails when L > maxECE; inconclusive when the bins are too small to detect an ECE `tolerance` (default
 * 0.05) above maxECE with probability 1 − falsePassRate (detectable ≈ Σ wᵦ·z₁₋ₐ/₂B·seᵦ + z₁₋ᵦ·√Σ wᵦ²seᵦ²,
 * seᵦ the binomial standard error at the bin's mean probability); passes otherwise. Detecting 0.05 at the
 * default rates takes roughly 10 000 examples with 10 bins, fewer with fewer bins.
 */

import { normalPpf } from '../src/distributions'
import { checkCount, checkOneOf, checkUnit, InvalidInputError, InvalidRangeError } from '../src/errors'
import { proportionInterval } from '../src/intervals'
import { calibrationCurve, expectedCalibrationError } from '../src/metrics'
import { formatNumber, type MatcherContext, type MatcherResult } from './context'
import { formatColumns, type Label } from './table'
import { asMatcherErrors, examplesFor } from './toHaveMetricAbove'
import { type Evidence, resolveOptions, type VerdictOptions, verdict } from './verdict'

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
  let positives = 0
  for (const b of curve) positives += b.fractionPositive * b.count
  if (Math.round(positives) === 0)
    throw new InvalidRangeError(
      NAME,
      'received.actual',
      'has no example of the positive class: calibration cannot be judged',
    )
  const alpha = opts.falseFailRate
  const beta = opts.falsePassRate
  const B = curve.length
  const confidence = 1 - alpha / B
  const zs = normalPpf(1 - alpha / (2 * B))
  let lower = 0
  let upper = 0
  let spread = 0
  let noise = 0
  const rows: Array<{ gapLower: number; gapUpper: number }> = []
  for (const b of curve) {
    const w = b.count / n
    const k = Math.round(b.fractionPositive * b.count)
    const ci = proportionInterval(k, b.count, { method: 'clopper-pearson', confidence })
    const gl = ci.lower - b.meanPredicted
    const gu = ci.upper - b.meanPredicted
    rows.push({ gapLower: gl, gapUpper: gu })
    lower += w * (gl > 0 ? gl : gu < 0 ? -gu : 0)
    upper += w * Math.max(Math.abs(gl), Math.abs(gu))
    const q = Math.min(Math.max(b.meanPredicted, 1 / b.count), 1 - 1 / b.count)
    const se = Math.sqrt((q * (1 - q)) / b.count)
    spread += w * zs * se
    noise += w * w * se * se
  }
  const detectable = spread + normalPpf(1 - beta) * Math.sqrt(noise)
  const tolerance = opts.tolerance ?? DEFAULT_ECE_TOLERANCE
  let outcome: Evidence['outcome'] = lower > maxECE ? 'fail' : 'pass'
  let samplesNeeded: number | undefined
  if (outcome === 'pass' && detectable > tolerance) {
    outcome = 'inconclusive'
    samplesNeeded = examplesFor(n, detectable, tolerance)
  }
  const m = formatNumber(maxECE)
  return verdict(
    this,
    NAME,
    '{ maxECE }',
    {
      claim: `expected calibration error ≤ ${m}`,
      oppositeClaim: `expected calibration error > ${m}`,
      outcome,
      observed: [
        ['Data', `${n} examples, ${bins} ${strategy} bins`],
        ['Estimate', `ECE = ${formatNumber(ece)}`],
        [
          'Interval',
          `[${formatNumber(lower)}, ${formatNumber(upper)}] with ${formatNumber(100 * (1 - alpha))}% confidence (exact per-bin bounds, Bonferroni over ${B} bins)`,
        ],
        [
          'Tolerance',
          `${formatNumber(tolerance)} above maxECE${opts.tolerance === undefined ? ' (default)' : ''}`,
        ],
      ],
      meaning:
        outcome === 'fail'
          ? `Even the lower confidence bound ${formatNumber(lower)} is above ${m}: the predicted probabilities are off by more than ${m} on average.`
          : outcome === 'inconclusive'
            ? `An ECE of ${formatNumber(maxECE + tolerance)} would likely go unseen with ${n} examples; about ${samplesNeeded} would show it.`
            : undefined,
      detectable: `${formatNumber(detectable)} in ECE`,
      samplesNeeded,
      picture: reliabilityTable(curve, rows),
      usedRandomness: false,
      advice:
        'Compare predicted and observed rates per bin below; recalibrate (Platt scaling, isotonic regression) or raise maxECE deliberately.',
    },
    opts,
  )
}

function reliabilityTable(
  curve: ReturnType<typeof calibrationCurve>,
  gaps: Array<{ gapLower: number; gapUpper: number }>,
): string {
  const rows = [['bin', 'n', 'predicted', 'observed', 'gap', 'gap bounds']]
  for (let i = 0; i < curve.length; i++) {
    const b = curve[i]
    rows.push([
      `(${formatNumber(b.lower, 3)}, ${formatNumber(b.upper, 3)}]`,
      String(b.count),
      formatNumber(b.meanPredicted, 3),
      formatNumber(b.fractionPositive, 3),
      formatNumber(b.fractionPositive - b.meanPredicted, 2),
      `[${formatNumber(gaps[i].gapLower, 2)}, ${formatNumber(gaps[i].gapUpper, 2)}]`,
    ])
  }
  return `Reliability (non-empty bins)\n${formatColumns(rows)}`
}
