/**
 * `probably/eslint`: a ready lint configuration that catches a missing `await` on the matchers that draw
 * from a sampler. In Vitest an async matcher that is not awaited does not fail its test: the rejection
 * only shows as an unhandled error, or not at all.
 *
 * @example
 * // eslint.config.js (flat config), with eslint-plugin-jest or @vitest/eslint-plugin registered as `jest` / `vitest`
 * import { validExpect } from 'probably/eslint'
 * export default [{ rules: { 'jest/valid-expect': validExpect } }]   // or 'vitest/valid-expect'
 */

/** Matchers that always return a promise (they receive a sampler). */
export const asyncMatchers: readonly string[] = ['toBeStableAcrossSeeds', 'toBeReproducible']

/**
 * Matchers that return a promise when they receive a sampler (a function) and a plain result otherwise.
 * List them too if your suite passes samplers to them: `await` on a plain result is harmless.
 */
export const samplerMatchers: readonly string[] = [
  'toBeWithinInterval',
  'toMatchDistribution',
  'toHaveSuccessRateAbove',
  'toMatchBaseline',
]

/** The `valid-expect` rule setting (eslint-plugin-jest and @vitest/eslint-plugin share its options). */
export const validExpect: ['error', { asyncMatchers: string[]; alwaysAwait: boolean }] = [
  'error',
  { asyncMatchers: [...asyncMatchers, ...samplerMatchers], alwaysAwait: false },
]

/** A flat-config fragment for eslint-plugin-jest (`plugins: { jest }` must be registered by you). */
export const jestRules = { 'jest/valid-expect': validExpect }

/** A flat-config fragment for @vitest/eslint-plugin (`plugins: { vitest }` must be registered by you). */
export const vitestRules = { 'vitest/valid-expect': validExpect }
