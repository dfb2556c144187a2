/** Parsing of the interval argument shared by the interval matchers. */
import { InvalidInputError, InvalidRangeError } from '../src/errors'

/** An interval as `[lower, upper]` or `{ lower, upper }` (a Baseline's `interval(...)` is the latter). */
export type IntervalLike = readonly [number, number] | { readonly lower: number; readonly upper: number }

export interface ParsedInterval {
  lower: number
  upper: number
}

/** Validates and normalises an interval; infinite bounds are allowed, NaN and reversed bounds are not. */
export function parseInterval(where: string, interval: unknown): ParsedInterval {
  let lower: unknown
  let upper: unknown
  if (Array.isArray(interval)) {
    if (interval.length !== 2)
      throw new InvalidRangeError(
        where,
        'interval',
        `must have exactly two bounds [lower, upper], got ${interval.length}`,
      )
    ;[lower, upper] = interval
  } else if (
    interval !== null &&
    typeof interval === 'object' &&
    'lower' in interval &&
    'upper' in interval
  ) {
    lower = (interval as { lower: unknown }).lower
    upper = (interval as { upper: unknown }).upper
  } else {
    throw new InvalidInputError(where, 'interval', 'must be [lower, upper] or { lower, upper }')
  }
  for (const [name, v] of [
    ['lower bound', lower],
    ['upper bound', upper],
  ] as const) {
    if (typeof v !== 'number')
      throw new InvalidInputError(where, `interval ${name}`, `must be a number, got ${typeof v}`)
    if (Number.isNaN(v)) throw new InvalidRangeError(where, `interval ${name}`, 'must not be NaN')
  }
  if ((lower as number) > (upper as number))
    throw new InvalidRangeError(where, 'interval', `has its bounds reversed: lower ${lower} > upper ${upper}`)
  return { lower: lower as number, upper: upper as number }
}
