/**
 * `expect(x).toBeWithinInterval([lo, hi])`: the received number lies in the closed interval.
 * Under `.not` it lies outside.
 */
import { InvalidInputError, InvalidRangeError } from '../src/errors'
import { formatNumber, hint, type MatcherContext, type MatcherResult, utilsOf } from './context'
import { type IntervalLike, parseInterval } from './interval'

const NAME = 'toBeWithinInterval'

export function toBeWithinInterval(
  this: MatcherContext,
  received: unknown,
  interval: IntervalLike,
): MatcherResult {
  const where = `${NAME}`
  const { lower, upper } = parseInterval(where, interval)
  if (typeof received !== 'number')
    throw new InvalidInputError(
      where,
      'received',
      `must be a number, got ${received === null ? 'null' : typeof received}`,
    )
  if (Number.isNaN(received)) throw new InvalidRangeError(where, 'received', 'must not be NaN')

  const pass = received >= lower && received <= upper
  const utils = utilsOf(this)
  const shown = `[${formatNumber(lower, 6)}, ${formatNumber(upper, 6)}]`
  const message = () => {
    const head = hint(this, NAME, 'interval')
    const claim = this.isNot ? `received lies outside ${shown}` : `received lies within ${shown}`
    let where = 'inside the interval'
    if (received < lower) where = `below the lower bound by ${formatNumber(lower - received)}`
    else if (received > upper) where = `above the upper bound by ${formatNumber(received - upper)}`
    return [
      head,
      '',
      `Claim:    ${claim}`,
      `Interval: ${utils.EXPECTED_COLOR(shown)}`,
      `Received: ${utils.printReceived(received)} (${where})`,
    ].join('\n')
  }
  return { pass, message }
}
