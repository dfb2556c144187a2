/**
 * The types of every matcher, declared once and merged into each runner's `expect` types by the entry
 * points. Declared without the runners' type parameters, so one declaration fits Vitest 3.2, 4 and 5.
 *
 * Matchers that receive a sampler (a function) draw from it asynchronously: `await` them. In Vitest an
 * async matcher that is not awaited does not fail its test.
 */
import type { IntervalLike } from './interval'
import type { CalibratedOptions } from './toBeCalibrated'
import type { Champion, NoWorseOptions } from './toBeNoWorseThan'
import type { ReproducibleMatcherOptions } from './toBeReproducible'
import type { StableAcrossSeedsOptions } from './toBeStableAcrossSeeds'
import type { WithinIntervalOptions } from './toBeWithinInterval'
import type { ErrorBelowOptions } from './toHaveErrorBelow'
import type { MetricOptions } from './toHaveMetricAbove'
import type { ParityOptions } from './toHaveParityAcross'
import type { SuccessRateOptions } from './toHaveSuccessRateAbove'
import type { MatchBaselineOptions } from './toMatchBaseline'
import type { DistributionReference, MatchDistributionOptions } from './toMatchDistribution'

export type {
  CalibratedOptions,
  Champion,
  DistributionReference,
  ErrorBelowOptions,
  IntervalLike,
  MatchBaselineOptions,
  MatchDistributionOptions,
  MetricOptions,
  NoWorseOptions,
  ParityOptions,
  ReproducibleMatcherOptions,
  StableAcrossSeedsOptions,
  SuccessRateOptions,
  WithinIntervalOptions,
}

export interface ProbablyMatchers<R = void> {
  /**
   * A number: asserts `lower <= received <= upper`. Samples, a Baseline or a sampler: asserts a claim
   * about the distribution they come from, chosen by `of` — the mean (default), the median or a
   * quantile, the proportion of values inside, or every value (`of: 'each'`). Fails only on evidence
   * (at `falseFailRate`), and refuses to pass when the data are too few to detect a violation of
   * `tolerance`. Under `.not`, passes only on evidence that the claim is false.
   * With a sampler, draws `samples` values and must be awaited.
   *
   * @example
   * expect(score).toBeWithinInterval([0.7, 0.9])
   * expect(samples).toBeWithinInterval([0.4, 0.6])
   * expect(latencies).toBeWithinInterval([0, 250], { of: { quantile: 0.95 } })
   * await expect(({ rng }) => model.predict(x, rng)).toBeWithinInterval([0, 1], { of: 'each', samples: 200 })
   */
  toBeWithinInterval(interval: IntervalLike, options?: WithinIntervalOptions): R

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
   * A statistical snapshot: compares the received values, labels or metric result with the baseline
   * recorded under `name` (default: the test's full name) in `__baselines__/<test file>.json`, and records
   * it when missing (never under CI: there a missing baseline fails). Numbers: two-sample KS (tolerance:
   * the KS distance to detect, default 0.1); labels: chi-square homogeneity (total variation, default
   * 0.1); a metric `{ metric, value, n }` or `{ metric, value, se }`: its change from the baseline
   * (default: a drop fails; tolerance 0.05). `-u` (or `PROBABLY_UPDATE=1`) re-records baselines that do not
   * pass. Under `.not`, passes only on evidence of a change. With a sampler, must be awaited.
   *
   * @example
   * expect(scores).toMatchBaseline()
   * expect({ metric: 'recall', value: 0.93, n: 800 }).toMatchBaseline('recall', { label: 'model v3' })
   * await expect(({ rng }) => model.sample(rng)).toMatchBaseline('samples')
   */
  toMatchBaseline(name?: string, options?: MatchBaselineOptions): R
  toMatchBaseline(options: MatchBaselineOptions): R

  /**
   * Asserts that recall (sensitivity) is at least `threshold`, judged with its confidence interval (exact
   * Clopper–Pearson on the actual positives by default). Received: `{ actual, predicted }`, `{ actual, scores, threshold }`
   * or a confusion matrix `{ labels, matrix }`. Fails only on evidence; inconclusive (a failure unless
   * `allowInconclusive`) when the actual positives are too few to detect a recall `tolerance` (default
   * 0.05) below the threshold. Under `.not`, passes only on evidence that recall is below the threshold.
   *
   * @example
   * expect({ actual, predicted }).toHaveRecallAbove(0.9)
   * expect({ actual, scores, threshold: 0.3 }).toHaveRecallAbove(0.95, { positive: 'fraud' })
   */
  toHaveRecallAbove(threshold: number, options?: MetricOptions): R
  /**
   * Asserts that precision is at least `threshold` (Clopper–Pearson interval on the predicted positives
   * by default); as {@link ProbablyMatchers.toHaveRecallAbove}.
   *
   * @example
   * expect({ actual, predicted }).toHavePrecisionAbove(0.8, { positive: 'spam' })
   */
  toHavePrecisionAbove(threshold: number, options?: MetricOptions): R
  /**
   * Asserts that F1 is at least `threshold` (seeded bootstrap interval); as
   * {@link ProbablyMatchers.toHaveRecallAbove}. With more than two labels give `average`.
   *
   * @example
   * expect({ actual, predicted }).toHaveF1Above(0.75, { average: 'macro' })
   */
  toHaveF1Above(threshold: number, options?: MetricOptions): R
  /**
   * Asserts that accuracy is at least `threshold` (Clopper–Pearson interval on all examples); as
   * {@link ProbablyMatchers.toHaveRecallAbove}.
   *
   * @example
   * expect(confusionMatrix(actual, predicted)).toHaveAccuracyAbove(0.9)
   */
  toHaveAccuracyAbove(threshold: number, options?: MetricOptions): R
  /**
   * Asserts that the ROC-AUC of `{ actual, scores }` is at least `threshold`, judged with DeLong's
   * interval; inconclusive when its standard error is too large to detect an AUC `tolerance` (default
   * 0.05) below the threshold.
   *
   * @example
   * expect({ actual, scores }).toHaveAUCAbove(0.85)
   */
  toHaveAUCAbove(threshold: number, options?: MetricOptions): R
  /**
   * Asserts that the predicted probabilities `{ actual, probs }` are calibrated: the expected calibration
   * error (`bins` uniform bins, default 10) is at most `maxECE`, judged with simultaneous exact bounds on
   * every bin's gap (the plug-in ECE is biased upwards). Inconclusive when the set is too small to detect
   * an ECE `tolerance` (default 0.05) above `maxECE`: about 10 000 examples with 10 bins.
   *
   * @example
   * expect({ actual, probs }).toBeCalibrated({ maxECE: 0.05 })
   */
  toBeCalibrated(options: CalibratedOptions): R
  /**
   * Asserts that the regression error of `{ actual, predicted }` is at most the bound: `{ mae }` (mean
   * absolute error) or `{ rmse }` (root mean squared error), judged with a Student t (or bootstrap)
   * interval. Inconclusive when the set could not detect an error `tolerance` (default: a tenth of the
   * bound) above the bound.
   *
   * @example
   * expect({ actual, predicted }).toHaveErrorBelow({ mae: 2.5 })
   * expect({ actual, predicted }).toHaveErrorBelow({ rmse: 4, interval: 'bootstrap' })
   */
  toHaveErrorBelow(bound: ErrorBelowOptions): R
  /**
   * Asserts that a model treats groups alike: the metric (`selectionRate` by default, or `recall`,
   * `falsePositiveRate`, `precision`, `accuracy`) differs by at most `maxGap` between any two groups, or
   * no group's is below `minRatio` times another's (`minRatio: 0.8` is the four-fifths rule). Fails only
   * on evidence (Newcombe / MOVER-R intervals, Bonferroni over the pairs); the message prints the
   * per-group table.
   *
   * @example
   * expect({ actual, predicted }).toHaveParityAcross(sex, { metric: 'recall', maxGap: 0.05 })
   * expect({ actual, predicted }).toHaveParityAcross(region, { minRatio: 0.8 })
   */
  toHaveParityAcross(groups: ArrayLike<string | number | boolean>, options: ParityOptions): R
  /**
   * Paired non-inferiority on the same examples: asserts that the received challenger's metric is at
   * least the champion's minus `margin` (accuracy: paired difference with McNemar's test; AUC: DeLong's
   * paired test; recall, precision, F1: paired bootstrap). Fails only on evidence that the challenger is
   * worse by more than the margin; inconclusive when a deficit of margin + `tolerance` (default 0.05)
   * could go unseen.
   *
   * @example
   * expect({ actual, predicted: challenger }).toBeNoWorseThan({ predicted: champion }, { margin: 0.01 })
   * expect({ actual, scores: next }).toBeNoWorseThan({ scores: current }, { metric: 'auc' })
   */
  toBeNoWorseThan(champion: Champion, options?: NoWorseOptions): R

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

  /**
   * Asserts that a check succeeds at least `threshold` of the time. Received: a sampler returning booleans
   * (or outputs turned into booleans by `check`), sync or async — drawn sequentially and stopped as soon as
   * the evidence is clear (anytime-valid bounds, up to `maxSamples`, default 10 000; `concurrency` calls in
   * flight); an array of booleans (Clopper–Pearson); or an array of arrays of booleans, cases × repeats,
   * where the case is the unit (cluster-robust betting bounds). `passAtK: k` claims pass@k (Chen et al.
   * 2021). Tolerance default: 0.05 (at most half the threshold). Fails only on evidence (at
   * `falseFailRate`); under `.not`, passes only on evidence that the rate is below the threshold.
   * With a sampler it must be awaited.
   *
   * @example
   * await expect(() => callModel(prompt).then(isValidJson)).toHaveSuccessRateAbove(0.95, { concurrency: 16 })
   * await expect(({ seed }) => agent.run(task, seed)).toHaveSuccessRateAbove(0.8, { check: (r) => r.solved })
   * expect(resultsPerCase).toHaveSuccessRateAbove(0.5, { passAtK: 5 })
   */
  toHaveSuccessRateAbove(threshold: number, options?: SuccessRateOptions): R
}
