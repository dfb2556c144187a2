/**
 * What a matcher receives as `this` from Vitest or Jest, reduced to what probably uses, and the
 * helpers every matcher shares to format its message with the runner's own `this.utils`.
 */
import * as jestMatcherUtils from 'jest-matcher-utils'

/** The part of jest-matcher-utils that both runners hand to a matcher as `this.utils`. */
export interface MatcherUtils {
  matcherHint(
    matcherName: string,
    received?: string,
    expected?: string,
    options?: { isNot?: boolean; promise?: string; secondArgument?: string; isDirectExpectCall?: boolean },
  ): string
  printReceived(value: unknown): string
  printExpected(value: unknown): string
  stringify(value: unknown, maxDepth?: number): string
  diff(a: unknown, b: unknown, options?: unknown): string | null | undefined
  EXPECTED_COLOR(text: string): string
  RECEIVED_COLOR(text: string): string
  DIM_COLOR(text: string): string
  BOLD_WEIGHT(text: string): string
}

/** The matcher context (`this`) as Vitest and Jest both provide it. */
export interface MatcherContext {
  /** True under `.not`; `undefined` (not false) without it in Vitest. */
  isNot?: boolean
  /** 'resolves', 'rejects' or ''. */
  promise?: string
  utils?: MatcherUtils
  currentTestName?: string
  testPath?: string
  equals?: (a: unknown, b: unknown) => boolean
}

/** What a matcher returns. */
export interface MatcherResult {
  pass: boolean
  message: () => string
}

/** The runner's utils when it gave them, else jest-matcher-utils (e.g. a matcher called directly). */
export function utilsOf(context: MatcherContext | undefined): MatcherUtils {
  const u = context?.utils as Partial<MatcherUtils> | undefined
  if (u && typeof u.matcherHint === 'function' && typeof u.printReceived === 'function')
    return { ...(jestMatcherUtils as unknown as MatcherUtils), ...(u as MatcherUtils) }
  return jestMatcherUtils as unknown as MatcherUtils
}

/** The hint line `expect(received).not.toX(expected)` in the runner's colours. */
export function hint(
  context: MatcherContext,
  name: string,
  expected = 'expected',
  secondArgument?: string,
): string {
  const utils = utilsOf(context)
  return utils.matcherHint(name, 'received', expected, {
    isNot: context.isNot === true,
    promise: context.promise ?? '',
    ...(secondArgument ? { secondArgument } : {}),
  })
}

/**
 * Formats a confidence level `p` in (0, 1) as a percent for a message ("99.8", "99.995"): four significant
 * digits, more where fewer would round it to 100 (a one-sided level of 1 − 0.001/20 is not "100%").
 */
export function formatLevel(p: number): string {
  for (let digits = 4; digits <= 12; digits++) {
    const text = formatNumber(100 * p, digits)
    if (Number(text) < 100 || p >= 1) return text
  }
  return formatNumber(100 * p, 12)
}

/**
 * The phrase with its indefinite article: "a recall of class 1", "an accuracy", "an F1 of class 1" (an
 * acronym takes "an" where its first letter is said with a vowel sound: F, H, L, M, N, R, S, X).
 */
export function withArticle(phrase: string): string {
  const vowel = /^[aeiou]/i.test(phrase) || /^[FHLMNRSX][A-Z0-9]/.test(phrase)
  return `${vowel ? 'an' : 'a'} ${phrase}`
}

/**
 * Formats an estimate or a bound shown beside the numbers it is compared with (`refs`, e.g. the ends of
 * the claimed interval): `digits` significant digits, more only where fewer would put it on the other
 * side of a ref or on it (so "0.6 (above the upper bound 0.6)" cannot happen).
 */
export function formatAgainst(x: number, refs: readonly number[], digits = 4): string {
  if (!Number.isFinite(x)) return formatNumber(x)
  for (let d = digits; d <= 17; d++) {
    const text = formatNumber(x, d)
    const y = Number(text)
    if (refs.every((r) => !Number.isFinite(r) || Math.sign(y - r) === Math.sign(x - r))) return text
  }
  return String(x)
}

/** Formats a number for a message: up to `digits` significant digits, no trailing zeros; ±∞ for infinities. */
export function formatNumber(x: number, digits = 4): string {
  // An unbounded end reads as ∞ in a sentence, not as JavaScript's "Infinity".
  if (x === Number.POSITIVE_INFINITY) return '∞'
  if (x === Number.NEGATIVE_INFINITY) return '-∞'
  if (!Number.isFinite(x)) return String(x)
  if (x === 0) return '0'
  const a = Math.abs(x)
  if (a >= 1e6 || a < 1e-4) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e')
  return String(Number(x.toPrecision(digits)))
}
