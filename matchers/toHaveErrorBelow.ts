/**
 * `expect({ actual, predicted }).toHaveErrorBelow({ mae } | { rmse })`: the regression error of a model
 * is at most a bound, judged with its confidence interval.
 *
 * - MAE: the mean of |actual − predicted|, Student t interval on the absolute errors (or a seeded
 *   BCa bootstrap with `interval: 'bootstrap'`).
 * - RMSE: the square root of the mean squared error; the interval is the t (or bootstrap) interval of the
 *   mean squared error, square-rooted.
 *
 * Fails when the one-sided (1 − falseFailRate) lower bound of the error is above the bound; inconclusive
 * when the set is too small to detect an error `tolerance` above the bound (default: a tenth of the
 * bound) with probability 1 − falsePassRate; passes otherwise. `.not` passes only on evidence that the
 * error exceeds the bound.
 */
import { normalPpf, studentTPpf } from '../src/distributions'
import { checkCount, checkOneOf, InvalidInputError, InvalidRangeError } from '../src/errors'
import { bootstrapInterval, meanInterval } from '../src/intervals'
import { meanAbsoluteError, rootMeanSquaredError } from '../src/metrics'
import { formatNumber, type MatcherContext, type MatcherResult } from './context'
import { asMatcherErrors } from './toHaveMetricAbove'
import { type Evidence, resolveOptions, type VerdictOptions, verdict } from './verdict'

const NAME = 'toHaveErrorBelow'

/** The bound (exactly one of `mae` and `rmse`) and the options of {@link toHaveErrorBelow}. */
export interface ErrorBelowOptions extends VerdictOptions {
  /** Claim: the mean absolute error is at most this. */
  mae?: number
  /** Claim: the root mean squared error is at most this. */
  rmse?: number
  /** `'t'` (default): Student t interval of the mean (absolute or squared) error; `'bootstrap'`: seeded BCa bootstrap. */
  interval?: 't' | 'bootstrap'
  /** Bootstrap resamples (default 2000). */
  resamples?: number
}

const OWN_OPTIONS = ['mae', 'rmse', 'interval', 'resamples'] as const

/** Default tolerance: a tenth of the bound. */
export const DEFAULT_ERROR_TOLERANCE_SHARE = 0.1

function tq(p: number, df: number): number {
  return df >= 1 ? studentTPpf(p, df) : normalPpf(p)
}

export function toHaveErrorBelow(
  this: MatcherContext,
  received: unknown,
  bound: ErrorBelowOptions,
): MatcherResult {
  if (bound === null || typeof bound !== 'object' || Array.isArray(bound))
    throw new InvalidInputError(NAME, 'bound', 'must be { mae: number } or { rmse: number } (with options)')
  const opts = resolveOptions(this, NAME, bound, OWN_OPTIONS)
  const hasMae = bound.mae !== undefined
  const hasRmse = bound.rmse !== undefined
  if (hasMae === hasRmse) throw new InvalidInputError(NAME, 'bound', 'must give exactly one of mae and rmse')
  const kind = hasMae ? 'mae' : 'rmse'
  const limit = hasMae ? bound.mae : bound.rmse
  if (typeof limit !== 'number' || !Number.isFinite(limit) || !(limit > 0))
    throw new InvalidRangeError(
      NAME,
      `bound.${kind}`,
      `must be a positive finite number, got ${String(limit)}`,
    )
  const method = checkOneOf(NAME, 'options.interval', bound.interval ?? 't', ['t', 'bootstrap'])
  const resamples = checkCount(NAME, 'options.resamples', bound.resamples ?? 2000, 100)
  if (
    received === null ||
    typeof received !== 'object' ||
    !('actual' in received) ||
    !('predicted' in received)
  )
    throw new InvalidInputError(NAME, 'received', 'must be { actual, predicted } with arrays of numbers')
  const { actual, predicted } = received as { actual: unknown; predicted: unknown }
  // The engine validates both arrays (finite numbers, same length, not empty).
  const estimate = asMatcherErrors(NAME, () =>
    kind === 'mae'
      ? meanAbsoluteError(actual as ArrayLike<number>, predicted as ArrayLike<number>)
      : rootMeanSquaredError(actual as ArrayLike<number>, predicted as ArrayLike<number>),
  )
  const a = actual as ArrayLike<number>
  const p = predicted as ArrayLike<number>
  const n = a.length
  if (n < 2)
    throw new InvalidRangeError(NAME, 'received.actual', 'must hold at least 2 examples for an interval')
  // Per-example losses: |e| for MAE, e² for RMSE; the claim is about their mean.
  const losses = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const e = a[i] - p[i]
    losses[i] = kind === 'mae' ? Math.abs(e) : e * e
  }
  const alpha = opts.falseFailRate
  const beta = opts.falsePassRate
  const confidence = 1 - 2 * alpha
  let lower: number
  let upper: number
  let se: number
  let methodWords: string
  if (method === 't') {
    const ci = meanInterval(losses, { confidence })
    se = ci.standardError
    lower = Math.max(0, ci.lower)
    upper = ci.upper
    methodWords = `Student t on the ${kind === 'mae' ? 'absolute' : 'squared'} errors`
  } else {
    const ci = bootstrapInterval(losses, { method: 'bca', resamples, seed: opts.seed, confidence })
    lower = Math.max(0, ci.lower)
    upper = ci.upper
    se = ci.standardError
    methodWords = `BCa bootstrap, ${resamples} resamples`
  }
  const toError = (x: number) => (kind === 'mae' ? x : Math.sqrt(Math.max(0, x)))
  const tolerance = opts.tolerance ?? DEFAULT_ERROR_TOLERANCE_SHARE * limit
  // In the units of the mean loss: the excess to detect is (limit + tol) − limit, or its square for RMSE.
  const excess = kind === 'mae' ? tolerance : (limit + tolerance) ** 2 - limit ** 2
  const detectableLoss = (tq(1 - alpha, n - 1) + tq(1 - beta, n - 1)) * se
  const limitLoss = kind === 'mae' ? limit : limit * limit
  let outcome: Evidence['outcome'] = lower > limitLoss ? 'fail' : 'pass'
  let samplesNeeded: number | undefined
  if (outcome === 'pass' && detectableLoss > excess) {
    outcome = 'inconclusive'
    samplesNeeded = Math.ceil(n * (detectableLoss / excess) ** 2)
  }
  const detectableError = kind === 'mae' ? detectableLoss : Math.sqrt(limitLoss + detectableLoss) - limit
  const word = kind === 'mae' ? 'MAE' : 'RMSE'
  const b = formatNumber(limit)
  return verdict(
    this,
    NAME,
    'bound',
    {
      claim: `${word} ≤ ${b}`,
      oppositeClaim: `${word} > ${b}`,
      outcome,
      observed: [
        ['Data', `${n} examples`],
        ['Estimate', `${word} = ${formatNumber(estimate)}`],
        [
          'Interval',
          `${formatNumber(100 * confidence)}% confidence interval [${formatNumber(toError(lower))}, ${formatNumber(toError(upper))}] (${methodWords})`,
        ],
        [
          'Tolerance',
          `${formatNumber(tolerance)} above the bound${opts.tolerance === undefined ? ' (default: a tenth of the bound)' : ''}`,
        ],
      ],
      meaning:
        outcome === 'fail'
          ? `Even the lower confidence bound ${formatNumber(toError(lower))} is above ${b}: an ${word} of ${b} or less would give so large an estimate with probability below ${formatNumber(alpha)}.`
          : outcome === 'inconclusive'
            ? `An ${word} of ${formatNumber(limit + tolerance)} would likely go unseen with ${n} examples; about ${samplesNeeded} would show it.`
            : undefined,
      detectable: `${formatNumber(detectableError)} in ${word}`,
      samplesNeeded,
      usedRandomness: method === 'bootstrap',
      advice:
        'Look at the examples with the largest errors; if the bound is what changed, raise it deliberately.',
    },
    opts,
  )
}
