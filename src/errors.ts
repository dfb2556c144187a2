/**
 * Errors thrown by probably. Bad input is always an error, never a pass: every message names the
 * function or matcher and the argument at fault.
 *
 * - {@link InvalidInputError} (a `TypeError`) for a value of the wrong kind: NaN, a string where a number
 *   belongs, a sampler that returns the wrong type.
 * - {@link InvalidRangeError} (a `RangeError`) for a value of the right kind outside its domain: an empty
 *   array, a probability outside (0, 1), lengths that disagree, reversed bounds.
 */

/** A value of the wrong kind was given to a function or matcher. */
export class InvalidInputError extends TypeError {
  /** The function or matcher that rejected the input. */
  readonly where: string
  /** The argument at fault. */
  readonly argument: string
  constructor(where: string, argument: string, problem: string) {
    super(`${where}: ${argument} ${problem}`)
    this.name = 'InvalidInputError'
    this.where = where
    this.argument = argument
  }
}

/** A value of the right kind but outside its allowed range was given to a function or matcher. */
export class InvalidRangeError extends RangeError {
  /** The function or matcher that rejected the input. */
  readonly where: string
  /** The argument at fault. */
  readonly argument: string
  constructor(where: string, argument: string, problem: string) {
    super(`${where}: ${argument} ${problem}`)
    this.name = 'InvalidRangeError'
    this.where = where
    this.argument = argument
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN'
    if (Object.is(value, -0)) return '-0'
    return String(value)
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of length ${value.length}`
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`
  return typeof value === 'object' ? 'an object' : typeof value
}

/** Throws unless `value` is a finite number. */
export function checkFinite(where: string, argument: string, value: unknown): number {
  if (typeof value !== 'number')
    throw new InvalidInputError(where, argument, `must be a number, got ${describe(value)}`)
  if (!Number.isFinite(value))
    throw new InvalidRangeError(where, argument, `must be finite, got ${describe(value)}`)
  return value
}

/** Throws unless `value` is a number strictly between 0 and 1 (a probability or a confidence level). */
export function checkOpenUnit(where: string, argument: string, value: unknown): number {
  checkFinite(where, argument, value)
  if (!((value as number) > 0 && (value as number) < 1))
    throw new InvalidRangeError(where, argument, `must lie strictly between 0 and 1, got ${describe(value)}`)
  return value as number
}

/** Throws unless `value` is a number in [0, 1]. */
export function checkUnit(where: string, argument: string, value: unknown): number {
  checkFinite(where, argument, value)
  if (!((value as number) >= 0 && (value as number) <= 1))
    throw new InvalidRangeError(where, argument, `must lie between 0 and 1, got ${describe(value)}`)
  return value as number
}

/** Throws unless `value` is a whole number at least `min`. */
export function checkCount(where: string, argument: string, value: unknown, min = 0): number {
  checkFinite(where, argument, value)
  if (!Number.isInteger(value))
    throw new InvalidRangeError(where, argument, `must be a whole number, got ${describe(value)}`)
  if ((value as number) < min)
    throw new InvalidRangeError(where, argument, `must be at least ${min}, got ${describe(value)}`)
  return value as number
}

/** Anything probably accepts as a sample of numbers. */
export type NumericSample = ArrayLike<number>

/**
 * Throws unless `value` is a non-empty array or typed array of finite numbers (holes in sparse arrays
 * are rejected), with at least `minLength` elements. Returns it as a Float64Array copy when `copy` is set.
 */
export function checkSample(
  where: string,
  argument: string,
  value: unknown,
  minLength = 1,
): ArrayLike<number> {
  if (!(Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))))
    throw new InvalidInputError(
      where,
      argument,
      `must be an array or typed array of numbers, got ${describe(value)}`,
    )
  const xs = value as ArrayLike<unknown>
  if (xs.length < minLength)
    throw new InvalidRangeError(
      where,
      argument,
      minLength === 1 ? 'must not be empty' : `must have at least ${minLength} values, got ${xs.length}`,
    )
  if (value instanceof BigInt64Array || value instanceof BigUint64Array)
    throw new InvalidInputError(where, argument, 'must hold numbers, not bigints')
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]
    if (typeof v !== 'number') {
      if (!(i in (xs as object)))
        throw new InvalidInputError(where, `${argument}[${i}]`, 'is a hole in a sparse array')
      throw new InvalidInputError(where, `${argument}[${i}]`, `must be a number, got ${describe(v)}`)
    }
    if (!Number.isFinite(v))
      throw new InvalidRangeError(where, `${argument}[${i}]`, `must be finite, got ${describe(v)}`)
  }
  return xs as ArrayLike<number>
}

/** Throws unless two samples have the same length. */
export function checkSameLength(
  where: string,
  a: [string, ArrayLike<unknown>],
  b: [string, ArrayLike<unknown>],
): void {
  for (const [pair, side] of [
    [a, 'first'],
    [b, 'second'],
  ] as const) {
    const values = Array.isArray(pair) ? (pair[1] as unknown) : undefined
    if (
      !Array.isArray(pair) ||
      typeof pair[0] !== 'string' ||
      typeof values !== 'object' ||
      values === null ||
      typeof (values as { length?: unknown }).length !== 'number'
    )
      throw new InvalidInputError(
        where,
        `the ${side} pair`,
        `must be [name, array], got ${describe(pair)} (checkSameLength)`,
      )
  }
  if (a[1].length !== b[1].length)
    throw new InvalidRangeError(
      where,
      `${a[0]} and ${b[0]}`,
      `must have the same length, got ${a[1].length} and ${b[1].length}`,
    )
}

/** Throws unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(
  where: string,
  argument: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!Array.isArray(allowed) || allowed.length === 0 || allowed.some((v) => typeof v !== 'string'))
    throw new InvalidInputError(
      where,
      `the allowed values of ${String(argument)}`,
      `must be a non-empty array of strings, got ${describe(allowed)} (checkOneOf)`,
    )
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new InvalidRangeError(
      where,
      argument,
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`,
    )
  return value as T
}

export { describe as describeValue }
