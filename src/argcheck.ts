/**
 * Argument checks shared by the engine's functions (internal: not exported from src/index.ts). Each
 * throws an {@link InvalidInputError} (wrong kind) or {@link InvalidRangeError} (right kind, outside its
 * domain) naming the function and the argument, as src/errors.ts's public checks do.
 */
import type { OneSidedBounds } from './decision'
import {
  checkFinite,
  checkOpenUnit,
  checkSample,
  describeValue,
  InvalidInputError,
  InvalidRangeError,
} from './errors'

/** Throws unless `value` is a plain object (not null, not an array); `undefined` is `{}` when `optional`. */
export function checkObject(
  where: string,
  argument: string,
  value: unknown,
  optional = false,
): Record<string, unknown> {
  if (value === undefined && optional) return {}
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidInputError(where, argument, `must be an object, got ${describeValue(value)}`)
  return value as Record<string, unknown>
}

/** Throws unless `value` is a function. */
export function checkFunction(where: string, argument: string, value: unknown): void {
  if (typeof value !== 'function')
    throw new InvalidInputError(where, argument, `must be a function, got ${describeValue(value)}`)
}

/** Throws unless `value` is a string (non-empty unless `allowEmpty`). */
export function checkString(where: string, argument: string, value: unknown, allowEmpty = false): string {
  if (typeof value !== 'string')
    throw new InvalidInputError(where, argument, `must be a string, got ${describeValue(value)}`)
  if (!allowEmpty && value === '') throw new InvalidRangeError(where, argument, 'must not be empty')
  return value
}

/** Throws unless `value` is true or false. */
export function checkBoolean(where: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new InvalidInputError(where, argument, `must be true or false, got ${describeValue(value)}`)
  return value
}

/** Throws unless `value` is a finite number > 0. */
export function checkPositive(where: string, argument: string, value: unknown): number {
  checkFinite(where, argument, value)
  if (!((value as number) > 0))
    throw new InvalidRangeError(where, argument, `must be positive, got ${describeValue(value)}`)
  return value as number
}

/** Throws unless `value` is a finite number ≥ 0. */
export function checkNonNegative(where: string, argument: string, value: unknown): number {
  checkFinite(where, argument, value)
  if (!((value as number) >= 0))
    throw new InvalidRangeError(where, argument, `must not be negative, got ${describeValue(value)}`)
  return value as number
}

/** Throws unless `value` is a number that is not NaN (±Infinity allowed). */
export function checkNotNaN(where: string, argument: string, value: unknown): number {
  if (typeof value !== 'number')
    throw new InvalidInputError(where, argument, `must be a number, got ${describeValue(value)}`)
  if (Number.isNaN(value)) throw new InvalidRangeError(where, argument, 'must not be NaN')
  return value
}

/**
 * Throws unless `value` is an object holding `falseFailRate` and `falsePassRate`, each strictly between
 * 0 and 1 (named `<argument>.falseFailRate`).
 */
export function checkRatesOf(
  where: string,
  argument: string,
  value: unknown,
): { falseFailRate: number; falsePassRate: number } {
  const o = checkObject(where, argument, value)
  return {
    falseFailRate: checkOpenUnit(where, `${argument}.falseFailRate`, o.falseFailRate),
    falsePassRate: checkOpenUnit(where, `${argument}.falsePassRate`, o.falsePassRate),
  }
}

/** Throws unless `value` is `{ lower, upper }`, numbers (±Infinity allowed, not NaN) with lower ≤ upper. */
export function checkBounds(where: string, argument: string, value: unknown): OneSidedBounds {
  const o = checkObject(where, argument, value)
  const lower = checkNotNaN(where, `${argument}.lower`, o.lower)
  const upper = checkNotNaN(where, `${argument}.upper`, o.upper)
  if (!(lower <= upper))
    throw new InvalidRangeError(where, argument, `must have lower <= upper, got [${lower}, ${upper}]`)
  return { lower, upper }
}

/** Throws unless `value` is a non-empty array of objects (each checked by `check`, named `<argument>[i]`). */
export function checkArrayOf<T>(
  where: string,
  argument: string,
  value: unknown,
  check: (item: unknown, name: string) => T,
  minLength = 1,
): T[] {
  if (!Array.isArray(value))
    throw new InvalidInputError(where, argument, `must be an array, got ${describeValue(value)}`)
  if (value.length < minLength)
    throw new InvalidRangeError(
      where,
      argument,
      minLength === 1 ? 'must not be empty' : `must hold at least ${minLength} items, got ${value.length}`,
    )
  const out: T[] = []
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw new InvalidInputError(where, `${argument}[${i}]`, 'is a hole in a sparse array')
    out.push(check(value[i], `${argument}[${i}]`))
  }
  return out
}

/**
 * Runs `fn` (a call that passes this function's own arguments on to another engine function), and
 * re-throws an argument error that names the inner function as one naming `where`: the user called
 * `where`, and the argument names are the same.
 */
export function asCaller<T>(where: string, fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (
      (e instanceof InvalidInputError || e instanceof InvalidRangeError) &&
      e.where !== where &&
      !e.where.startsWith(`${where}.`)
    ) {
      const prefix = `${e.where}: ${e.argument} `
      const problem = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message
      const Kind = e instanceof InvalidInputError ? InvalidInputError : InvalidRangeError
      const renamed = new Kind(where, e.argument, `${problem} (in ${e.where})`)
      ;(renamed as { cause?: unknown }).cause = e
      throw renamed
    }
    throw e
  }
}

/** Throws unless `value` is a seed (a non-empty string or a finite number); `undefined` passes when `optional`. */
export function checkSeed(where: string, argument: string, value: unknown, optional = false): void {
  if (value === undefined && optional) return
  if (typeof value === 'number') checkFinite(where, argument, value)
  else if (typeof value === 'string') {
    if (value === '') throw new InvalidRangeError(where, argument, 'must not be an empty string')
  } else
    throw new InvalidInputError(where, argument, `must be a string or a number, got ${describeValue(value)}`)
}

/** Throws unless `value` is a Map from strings to whole counts ≥ 0. */
export function checkCountMap(where: string, argument: string, value: unknown): ReadonlyMap<string, number> {
  if (!(value instanceof Map))
    throw new InvalidInputError(where, argument, `must be a Map of label counts, got ${describeValue(value)}`)
  for (const [k, c] of value) {
    if (typeof k !== 'string')
      throw new InvalidInputError(where, `${argument} key ${describeValue(k)}`, 'must be a string')
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0)
      throw new InvalidRangeError(
        where,
        `${argument}.get(${JSON.stringify(k)})`,
        `must be a whole count >= 0, got ${describeValue(c)}`,
      )
  }
  return value as ReadonlyMap<string, number>
}

/** Throws unless `value` is a sample (see checkSample) sorted ascending, with at least `minLength` values. */
export function checkSortedSample(
  where: string,
  argument: string,
  value: unknown,
  minLength = 1,
): ArrayLike<number> {
  const xs = checkSample(where, argument, value, minLength)
  for (let i = 1; i < xs.length; i++)
    if (xs[i] < xs[i - 1])
      throw new InvalidRangeError(where, argument, `must be sorted ascending, but [${i}] < [${i - 1}]`)
  return xs
}

/** Throws unless `value` is a non-empty array or typed array of whole numbers in [0, size): cell codes. */
export function checkCodes(where: string, argument: string, value: unknown, size: number): ArrayLike<number> {
  const xs = checkSample(where, argument, value)
  for (let i = 0; i < xs.length; i++)
    if (!Number.isInteger(xs[i]) || xs[i] < 0 || xs[i] >= size)
      throw new InvalidRangeError(
        where,
        `${argument}[${i}]`,
        `must be a whole number in [0, ${size}), got ${describeValue(xs[i])}`,
      )
  return xs
}
