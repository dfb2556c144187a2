/**
 * The types of every matcher, declared once and merged into each runner's `expect` types by the entry
 * points. Declared without the runners' type parameters, so one declaration fits Vitest 3.2, 4 and 5.
 */
import type { IntervalLike } from './interval'

export type { IntervalLike }

export interface ProbablyMatchers<R = void> {
  /**
   * Asserts that the received number lies in the closed interval `[lower, upper]`.
   * Under `.not`, that it lies outside.
   *
   * @example
   * expect(score).toBeWithinInterval([0.7, 0.9])
   * expect(score).toBeWithinInterval({ lower: 0.7, upper: 0.9 })
   */
  toBeWithinInterval(interval: IntervalLike): R
}
