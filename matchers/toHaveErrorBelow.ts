/**
 * `expect({ actual, predicted }).toHaveErrorBelow({ mae } | { rmse })`: the regression error of a model
 * is at most a bound, judged with its confidence interval.
 *
 * - MAE: the mean of |actual − predicted|; RMSE: the square root of the mean squared error. The claim
 *   is about the mean loss (|e| or e²), decided by src/meanBounds.ts `decideMean` through the decision
 *   core: the losses are nonnegative, so the lower bound (which decides failures) is a betting bound
 *   valid at any n; the upper bound (which decides passing) is skew-corrected t, used only where its
 *   trust rule trusts it (heavy-tailed errors: inconclusive, with the n from which it would be trusted).
 *   `interval: 'bootstrap'` uses seeded BCa bootstrap bounds instead, under the same trust rule.
 *
 * Fails when the lower bound at falseFailRate is above the bound; passes when the upper bound at
 * falsePassRate is below the bound plus `tolerance` (default: a tenth of the bound); inconclusive
 * otherwise. `.not` passes only on evidence that the error exceeds the bound.
 */
import { checkCount, checkOneOf, InvalidInputError, InvalidRangeError } from '../src/errors'
import { decideRegressionError } from '../src/metricDecisions'
import { formatLevel, formatNumber, type MatcherContext, type MatcherResult } from './context'
import { asMatcherErrors } from './toHaveMetricAbove'
import { resolveOptions, type VerdictOptions, verdict } from './verdict'

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
  const alpha = opts.falseFailRate
  const beta = opts.falsePassRate
  const confidence = 1 - 2 * alpha
  const tolerance = opts.tolerance ?? DEFAULT_ERROR_TOLERANCE_SHARE * limit
  // The engine validates both arrays (finite numbers, same length, at least 2).
  const r = asMatcherErrors(NAME, () =>
    decideRegressionError(actual as ArrayLike<number>, predicted as ArrayLike<number>, {
      kind,
      limit,
      tolerance,
      falseFailRate: alpha,
      falsePassRate: beta,
      seed: opts.seed,
      interval: method,
      resamples,
    }),
  )
  const { decision: d, estimate, n } = r
  const methodName = d.method
  const methodWords = `betting lower bound, ${method === 'bootstrap' ? `BCa bootstrap upper bound (${resamples} resamples)` : 'skew-corrected t upper bound'}${d.untrustedSides.upper ? ', not trusted at this n' : ''}; on the ${kind === 'mae' ? 'absolute' : 'squared'} errors`
  const outcome = d.outcome
  const samplesNeeded = outcome === 'inconclusive' ? d.samplesNeeded : undefined
  const ruledOutError = r.ruledOut
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
          `${formatLevel(confidence)}% confidence interval [${formatNumber(r.interval.lower)}, ${formatNumber(r.interval.upper)}] (${methodWords})`,
        ],
        [
          'Tolerance',
          `${formatNumber(tolerance)} above the bound${opts.tolerance === undefined ? ' (default: a tenth of the bound)' : ''}`,
        ],
      ],
      meaning:
        outcome === 'fail'
          ? `Even the lower confidence bound ${formatNumber(r.interval.lower)} is above ${b}: an ${word} of ${b} or less would give so large an estimate with probability below ${formatNumber(alpha)}.`
          : d.reason === 'untrusted'
            ? `The upper bound cannot be trusted: ${d.untrusted?.replace(/about (\d+) values would be/, 'about $1 examples would be') ?? 'the errors are too heavy-tailed at this n'}.`
            : outcome === 'inconclusive'
              ? `No evidence that the ${word} exceeds ${b}, but an ${word} of ${formatNumber(limit + tolerance)} is not ruled out by these ${n} examples; about ${samplesNeeded} would decide.`
              : `The ${formatLevel(1 - 2 * beta)}% upper bound ${formatNumber(r.passUpper)} is below ${formatNumber(limit + tolerance)}, the bound plus the tolerance.`,
      power:
        outcome === 'fail'
          ? undefined
          : Number.isFinite(ruledOutError)
            ? ruledOutError === 0
              ? `these examples rule out any ${word} above ${b}`
              : `these examples rule out an ${word} more than ${formatNumber(ruledOutError)} above ${b} (the tolerance is ${formatNumber(tolerance)})`
            : `nothing is ruled out yet${samplesNeeded ? `: about ${samplesNeeded} examples would decide` : ''}`,
      detectable: outcome === 'fail' ? undefined : `${formatNumber(ruledOutError)} in ${word}`,
      samplesNeeded,
      samplesUnit: 'examples',
      decision: d,
      record: { method: methodName, tolerance },
      // The betting bound bets in a seeded random order; the bootstrap resamples.
      usedRandomness: true,
      advice:
        'Look at the examples with the largest errors; if the bound is what changed, raise it deliberately.',
    },
    opts,
  )
}
