/**
 * The types of every matcher, declared once and merged into each runner's `expect` types by the entry
 * points. Declared without the runners' type parameters, so one declaration fits Vitest 3.2, 4 and 5.
 */
import type { IntervalLike } from './interval'
import type { ReproducibleMatcherOptions } from './toBeReproducible'
import type { StableAcrossSeedsOptions } from './toBeStableAcrossSeeds'
import type { DistributionReference, MatchDistributionOptions } from './toMatchDistribution'

export type { DistributionReference, IntervalLike, MatchDistributionOptions }

export type { ReproducibleMatcherOptions, StableAcrossSeedsOptions }

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

  /**
   * Asserts that the received values come from the reference distribution. Numbers (an array, a typed
   * array, a Baseline or a sampler) are compared with samples, a Baseline, a named distribution
   * (`{ normal: { mean, sd } }`, `{ uniform: { min, max } }`, `{ exponential: { rate } }`) or a CDF
   * function by a Kolmogorov–Smirnov test (`test: 'ks'`, default), or by a drift threshold
   * (`test: 'psi'` or `'wasserstein'`: the distance is at most `tolerance`). Labels or category counts
   * are compared with counts, probabilities or labels by a chi-square test. Fails only on evidence (at
   * `falseFailRate`) and refuses to pass when the data could not detect a difference of `tolerance`.
   * Under `.not`, passes only on evidence that the distributions differ.
   * With a sampler, draws `samples` values and must be awaited.
   *
   * @example
   * expect(scaled).toMatchDistribution({ normal: { mean: 0, sd: 1 } })
   * expect(current).not.toMatchDistribution(reference)
   * expect(labels).toMatchDistribution({ cat: 0.5, dog: 0.3, bird: 0.2 })
   * expect(scores).toMatchDistribution(training, { test: 'psi', tolerance: 0.1 })
   * await expect(({ rng }) => model.sample(rng)).toMatchDistribution(reference, { samples: 2000 })
   */
  toMatchDistribution(reference: DistributionReference, options?: MatchDistributionOptions): R

  /**
   * Runs the received sampler once per seed (`seeds`: a count, default 10, or a list) and asserts that
   * its output varies little across seeds. Numbers (a number, an array elementwise, a record per key):
   * the seed-to-seed standard deviation is at most `tolerance` (+ `relativeTolerance` × |mean|; default
   * 1% of |mean|): fails when its chi-square lower bound exceeds that, passes when twice that is ruled
   * out, else inconclusive with the number of seeds that would settle it. Labels: two seeds agree on at
   * least `minAgreement` (default 0.9) of the positions (Wilson bounds). Under `.not`, passes only on
   * evidence of instability. Async: `await` it (in Vitest an un-awaited async matcher does not fail its test).
   *
   * @example
   * await expect(({ seed }) => trainAndScore(seed)).toBeStableAcrossSeeds({ seeds: 25, tolerance: 0.02 })
   * await expect(({ rng }) => classify(inputs, rng)).toBeStableAcrossSeeds({ minAgreement: 0.95 })
   */
  toBeStableAcrossSeeds(options?: StableAcrossSeedsOptions): Promise<void>
  /**
   * Runs the received sampler `runs` times (default 2) with the same seed and asserts deep-equal
   * outputs: catches hidden `Math.random`, clock or global state. Exact, not statistical; the message
   * shows the first difference and, for `Math.random`, suggests `withSeededMathRandom(seed, fn)`.
   * Under `.not`, passes when the runs differ. Async: `await` it.
   *
   * @example
   * await expect(({ seed }) => transform(data, seed)).toBeReproducible()
   */
  toBeReproducible(options?: ReproducibleMatcherOptions): Promise<void>
}
