/**
 * `expect({ actual, probs }).toBeCalibrated({ maxECE, bins })`: the predicted probabilities of the
 * positive class are calibrated, i.e. the expected calibration error (ECE, `bins` uniform bins by
 * default, see the engine's `expectedCalibrationError`) is at most `maxECE`.
 *
 * The ECE estimate is biased upwards on small sets (noise in each bin's share of positives adds to the
 * absolute gaps), so the interval is the seeded *basic* bootstrap [2·ECE − q₁₋ₐ, 2·ECE − qₐ] of the
 * examples (bins held at those of the whole set), which corrects that bias to first order (the percentile interval would inherit it twice and
 * fail calibrated models). Fails when its one-sided (1 − falseFailRate) lower bound is above `maxECE`;
 * inconclusive when the bootstrap standard error is too large to detect an ECE `tolerance` (default 0.05)
 * above `maxECE` with probability 1 − falsePassRate; passes otherwise.
 */
import { checkCount, checkOneOf, checkUnit, InvalidInputError, InvalidRangeError } from '../src/errors'
import { calibrationCurve, expectedCalibrationError } from '../src/metrics'
import { createRng } from '../src/random'
import { formatNumber, type MatcherContext, type MatcherResult } from './context'
import { formatColumns, type Label } from './table'
import { asMatcherErrors, detectableShift, examplesFor } from './toHaveMetricAbove'
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
  /** Bootstrap resamples (default 2000). */
  resamples?: number
}

const OWN_OPTIONS = ['maxECE', 'bins', 'strategy', 'positive', 'resamples'] as const

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
  const resamples = options.resamples ?? 2000
  if (!(Number.isInteger(resamples) && resamples >= 100))
    throw new InvalidRangeError(
      NAME,
      'options.resamples',
      `must be a whole number of at least 100, got ${String(resamples)}`,
    )
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
  const confidence = 1 - 2 * alpha
  // Basic bootstrap of the examples, resampled jointly, with the bins of the whole set held fixed:
  // each example's bin is found once, then a resample's ECE is Σ |positives − Σ probabilities| / n per bin.
  const uppers = curve.map((b) => b.upper)
  const bin = new Int32Array(n)
  const y = new Uint8Array(n)
  const pos = options.positive ?? positiveOf(actual)
  for (let i = 0; i < n; i++) {
    let lo = 0
    let hi = uppers.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (uppers[mid] >= probs[i]) hi = mid
      else lo = mid + 1
    }
    bin[i] = lo
    y[i] = actual[i] === pos ? 1 : 0
  }
  const rng = createRng(opts.seed).fork('bootstrap')
  const stats = new Float64Array(resamples)
  const gap = new Float64Array(curve.length)
  let s1 = 0
  let s2 = 0
  for (let b = 0; b < resamples; b++) {
    gap.fill(0)
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rng() * n)
      gap[bin[j]] += y[j] - probs[j]
    }
    let v = 0
    for (let k = 0; k < gap.length; k++) v += Math.abs(gap[k])
    v /= n
    stats[b] = v
    s1 += v
    s2 += v * v
  }
  stats.sort()
  const q = (x: number) => stats[Math.min(resamples - 1, Math.max(0, Math.round(x * (resamples - 1))))]
  const lower = Math.max(0, 2 * ece - q(1 - alpha))
  const upper = Math.min(1, Math.max(0, 2 * ece - q(alpha)))
  const bm = s1 / resamples
  const se = Math.sqrt(Math.max(0, s2 / resamples - bm * bm))
  const tolerance = opts.tolerance ?? DEFAULT_ECE_TOLERANCE
  const detectable = detectableShift(se, alpha, beta)
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
          `${formatNumber(100 * confidence)}% confidence interval [${formatNumber(lower)}, ${formatNumber(upper)}] (basic bootstrap, ${resamples} resamples)`,
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
      picture: reliabilityTable(curve),
      usedRandomness: true,
      advice:
        'Compare predicted and observed rates per bin below; recalibrate (Platt scaling, isotonic regression) or raise maxECE deliberately.',
    },
    opts,
  )
}

/** The positive label the engine would choose, so that resamples keep the same one. */
function positiveOf(actual: ArrayLike<Label>): Label {
  return typeof actual[0] === 'boolean' ? true : 1
}

function reliabilityTable(curve: ReturnType<typeof calibrationCurve>): string {
  const rows = [['bin', 'n', 'predicted', 'observed', 'gap']]
  for (const b of curve)
    rows.push([
      `(${formatNumber(b.lower, 3)}, ${formatNumber(b.upper, 3)}]`,
      String(b.count),
      formatNumber(b.meanPredicted, 3),
      formatNumber(b.fractionPositive, 3),
      formatNumber(b.fractionPositive - b.meanPredicted, 2),
    ])
  return `Reliability (non-empty bins)\n${formatColumns(rows)}`
}
