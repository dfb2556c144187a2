/**
 * Intervals for comparisons of proportions and metrics: differences and ratios of two independent
 * proportions (MOVER, from the two groups' own intervals), the paired difference of two proportions
 * measured on the same examples (Agresti–Min), the difference of a metric between two independent
 * evaluations (e.g. a recall now against a stored recall with its n), and the paired bootstrap of the
 * difference of two models' confusion-matrix metrics.
 *
 * Every function takes `{ confidence = 0.95, alternative = 'two-sided' }` as the rest of probably and
 * returns an {@link Interval}; one-sided intervals are the matching bound of the two-sided interval at
 * level `2·confidence − 1`.
 */
import { asCaller, checkCodes, checkFunction, checkNotNaN, checkObject, checkSeed } from './argcheck'
import { normalIsf } from './distributions'
import {
  checkCount,
  checkFinite,
  checkOneOf,
  checkOpenUnit,
  checkSample,
  describeValue,
  InvalidInputError,
  InvalidRangeError,
} from './errors'
import {
  type Interval,
  type IntervalAlternative,
  type IntervalOptions,
  intervalFromBootstrapReplicates,
  type ProportionMethod,
  proportionInterval,
} from './intervals'
import type { ConfusionMatrix, Label } from './metrics'
import { createRng, type Rng, type Seed } from './random'

function sides(where: string, options: IntervalOptions | undefined) {
  if (options !== undefined && (options === null || typeof options !== 'object'))
    throw new InvalidInputError(where, 'options', 'must be an object')
  const confidence = checkOpenUnit(where, 'options.confidence', options?.confidence ?? 0.95)
  const alternative = checkOneOf(where, 'options.alternative', options?.alternative ?? 'two-sided', [
    'two-sided',
    'less',
    'greater',
  ] as const)
  // The two-sided level whose bounds are the requested ones.
  const twoSided = alternative === 'two-sided' ? confidence : 2 * confidence - 1
  return { confidence, alternative, twoSided }
}

function checkPair(where: string, k: number, n: number, kName: string, nName: string): void {
  checkCount(where, nName, n, 1)
  checkCount(where, kName, k)
  if (k > n) throw new InvalidRangeError(where, kName, `must not exceed ${nName} = ${n}, got ${k}`)
}

/** An estimate with its two-sided bounds (the pieces MOVER combines). */
export interface Bounded {
  estimate: number
  lower: number
  upper: number
}

/**
 * Throws unless `value` is an estimate with its bounds, lower ≤ estimate ≤ upper, the estimate finite (and,
 * for a ratio, everything finite and non-negative).
 */
function checkBounded(where: string, argument: string, value: unknown, ratio: boolean): void {
  const o = checkObject(where, argument, value)
  const estimate = checkFinite(where, `${argument}.estimate`, o.estimate)
  const check = ratio ? checkFinite : checkNotNaN
  const lower = check(where, `${argument}.lower`, o.lower)
  const upper = check(where, `${argument}.upper`, o.upper)
  if (!(lower <= estimate && estimate <= upper))
    throw new InvalidRangeError(
      where,
      argument,
      `must have lower <= estimate <= upper, got ${lower}, ${estimate}, ${upper}`,
    )
  if (ratio && lower < 0)
    throw new InvalidRangeError(where, `${argument}.lower`, `must not be negative for a ratio, got ${lower}`)
}

/**
 * MOVER for a difference θ₁ − θ₂ of independent estimates (Zou & Donner 2008) from each one's own
 * interval at the same level: `d − √((θ₁ − l₁)² + (u₂ − θ₂)²)` to `d + √((u₁ − θ₁)² + (θ₂ − l₂)²)`. With
 * Wilson intervals it is Newcombe's hybrid score interval.
 */
export function moverDifference(a: Bounded, b: Bounded): Bounded {
  checkBounded('moverDifference', 'a', a, false)
  checkBounded('moverDifference', 'b', b, false)
  const d = a.estimate - b.estimate
  return {
    estimate: d,
    lower: d - Math.hypot(a.estimate - a.lower, b.upper - b.estimate),
    upper: d + Math.hypot(a.upper - a.estimate, b.estimate - b.lower),
  }
}

/**
 * MOVER-R for a ratio θ₁ / θ₂ of independent non-negative estimates (Donner & Zou 2012) from each one's
 * own interval at the same level. An unbounded side is 0 or +∞ (e.g. when θ₂'s interval reaches 0).
 */
export function moverRatio(a: Bounded, b: Bounded): Bounded {
  checkBounded('moverRatio', 'a', a, true)
  checkBounded('moverRatio', 'b', b, true)
  const p1 = a.estimate
  const p2 = b.estimate
  const estimate = p2 > 0 ? p1 / p2 : p1 > 0 ? Number.POSITIVE_INFINITY : Number.NaN
  const pp = p1 * p2
  const dl = b.upper * (2 * p2 - b.upper)
  const du = b.lower * (2 * p2 - b.lower)
  const rl = pp * pp - a.lower * b.upper * (2 * p1 - a.lower) * (2 * p2 - b.upper)
  const ru = pp * pp - a.upper * b.lower * (2 * p1 - a.upper) * (2 * p2 - b.lower)
  const lower = dl > 0 ? Math.max(0, (pp - Math.sqrt(Math.max(0, rl))) / dl) : 0
  const upper = du > 0 ? (pp + Math.sqrt(Math.max(0, ru))) / du : Number.POSITIVE_INFINITY
  return { estimate, lower, upper }
}

/** Options of the comparisons of two proportions. */
export interface ProportionComparisonOptions extends IntervalOptions {
  /**
   * The interval of each proportion that MOVER combines: `'clopper-pearson'` (default: exact, so the
   * combined interval keeps its level at small n and extreme rates, where Wilson's one-sided error
   * exceeds the nominal one at strict levels) or `'wilson'` (Newcombe's hybrid score interval for the
   * difference, as statsmodels' `confint_proportions_2indep(method='newcomb')`).
   */
  method?: Extract<ProportionMethod, 'clopper-pearson' | 'wilson'>
}

function twoProportions(
  where: string,
  k1: number,
  n1: number,
  k2: number,
  n2: number,
  options: ProportionComparisonOptions | undefined,
) {
  const s = sides(where, options)
  checkPair(where, k1, n1, 'k1', 'n1')
  checkPair(where, k2, n2, 'k2', 'n2')
  const method = checkOneOf(where, 'options.method', options?.method ?? 'clopper-pearson', [
    'clopper-pearson',
    'wilson',
  ] as const)
  const o = { method, confidence: s.twoSided }
  return { ...s, method, a: proportionInterval(k1, n1, o), b: proportionInterval(k2, n2, o) }
}

function oneSided(
  r: Bounded,
  confidence: number,
  alternative: IntervalAlternative,
  method: string,
  lo: number,
  hi: number,
): Interval {
  return {
    estimate: r.estimate,
    lower: alternative === 'less' ? lo : Math.max(lo, r.lower),
    upper: alternative === 'greater' ? hi : Math.min(hi, r.upper),
    confidence,
    alternative,
    method,
  }
}

/**
 * A confidence interval for the difference p₁ − p₂ of two independent proportions k1/n1 and k2/n2, by
 * MOVER from the two exact (Clopper–Pearson) intervals by default, or Newcombe's (Wilson) with
 * `method: 'wilson'`. Clipped to [−1, 1].
 *
 * @example proportionDifferenceBounds(56, 70, 48, 80, { method: 'wilson' }) // Newcombe: [0.0524, 0.3339]
 */
export function proportionDifferenceBounds(
  k1: number,
  n1: number,
  k2: number,
  n2: number,
  options?: ProportionComparisonOptions,
): Interval {
  const t = twoProportions('proportionDifferenceBounds', k1, n1, k2, n2, options)
  return oneSided(moverDifference(t.a, t.b), t.confidence, t.alternative, `mover-${t.method}`, -1, 1)
}

/**
 * A confidence interval for the ratio p₁ / p₂ of two independent proportions (the disparate-impact
 * ratio), by MOVER-R (Donner & Zou 2012) from the two exact intervals by default (or Wilson's). The lower
 * end is at least 0; the upper end is +∞ when p₂'s interval reaches 0.
 *
 * @example proportionRatioBounds(40, 100, 50, 100) // estimate 0.8
 */
export function proportionRatioBounds(
  k1: number,
  n1: number,
  k2: number,
  n2: number,
  options?: ProportionComparisonOptions,
): Interval {
  const t = twoProportions('proportionRatioBounds', k1, n1, k2, n2, options)
  return oneSided(
    moverRatio(t.a, t.b),
    t.confidence,
    t.alternative,
    `mover-r-${t.method}`,
    0,
    Number.POSITIVE_INFINITY,
  )
}

/** The paired 2×2 table of two classifiers on the same examples, right/wrong. */
export interface PairedCounts {
  /** Both right. */
  both: number
  /** Only the first (A) right. */
  onlyA: number
  /** Only the second (B) right. */
  onlyB: number
  /** Both wrong. */
  neither: number
}

/**
 * The paired 2×2 table of two models' right and wrong answers on the same examples: `actual[i]` against
 * `predictedA[i]` and `predictedB[i]` (labels compared with ===; a NaN, null or undefined label is an
 * error, as in `confusionMatrix`). The table behind
 * McNemar's test and the paired difference of accuracies.
 *
 * @example pairedCounts([1, 0, 1, 1], [1, 0, 0, 1], [1, 1, 1, 0]) // { both: 1, onlyA: 2, onlyB: 1, neither: 0 }
 */
export function pairedCounts(
  actual: ArrayLike<unknown>,
  predictedA: ArrayLike<unknown>,
  predictedB: ArrayLike<unknown>,
): PairedCounts {
  const where = 'pairedCounts'
  const arrays = [
    ['actual', actual],
    ['predictedA', predictedA],
    ['predictedB', predictedB],
  ] as const
  for (const [name, xs] of arrays)
    if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number')
      throw new InvalidInputError(where, name, 'must be an array of labels')
  const n = actual.length
  if (predictedA.length !== n || predictedB.length !== n)
    throw new InvalidRangeError(
      where,
      predictedA.length !== n ? 'predictedA' : 'predictedB',
      `must have the length of actual (${n}), got ${predictedA.length !== n ? predictedA.length : predictedB.length}`,
    )
  // A label is a value: NaN (never equal to itself), undefined (a hole) and null are missing data, an
  // error as in confusionMatrix, not an answer silently counted wrong.
  for (const [name, xs] of arrays)
    for (let i = 0; i < n; i++) {
      const v = xs[i]
      if (v === undefined || v === null)
        throw new InvalidInputError(where, `${name}[${i}]`, `must be a label, got ${describeValue(v)}`)
      if (typeof v === 'number' && Number.isNaN(v))
        throw new InvalidRangeError(where, `${name}[${i}]`, 'must be a label, got NaN')
    }
  let both = 0
  let onlyA = 0
  let onlyB = 0
  for (let i = 0; i < n; i++) {
    const rightA = actual[i] === predictedA[i]
    const rightB = actual[i] === predictedB[i]
    if (rightA && rightB) both++
    else if (rightA) onlyA++
    else if (rightB) onlyB++
  }
  return { both, onlyA, onlyB, neither: n - both - onlyA - onlyB }
}

/**
 * The paired 2×2 table of two models' recall of one class on the same examples: only the examples whose
 * `actual[i]` is `positive` count, and a model is right on one when it predicts `positive` (labels
 * compared with ===). The recall difference is then a paired difference of proportions on those
 * positives, (onlyA − onlyB)/(positives): {@link pairedProportions} gives the two recalls and
 * {@link pairedProportionDifferenceBounds} exact one-sided bounds of their difference.
 *
 * @example pairedRecallCounts([1, 1, 1, 0], [1, 0, 1, 1], [0, 1, 1, 0], 1) // { both: 1, onlyA: 1, onlyB: 1, neither: 0 }
 */
export function pairedRecallCounts(
  actual: ArrayLike<unknown>,
  predictedA: ArrayLike<unknown>,
  predictedB: ArrayLike<unknown>,
  positive: unknown,
): PairedCounts {
  const where = 'pairedRecallCounts'
  if (positive === undefined || (typeof positive === 'number' && Number.isNaN(positive)))
    throw new InvalidInputError(where, 'positive', 'must be the label of the positive class')
  asCaller(where, () => pairedCounts(actual, predictedA, predictedB)) // validates the three arrays and their lengths
  let both = 0
  let onlyA = 0
  let onlyB = 0
  let neither = 0
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== positive) continue
    const rightA = predictedA[i] === positive
    const rightB = predictedB[i] === positive
    if (rightA && rightB) both++
    else if (rightA) onlyA++
    else if (rightB) onlyB++
    else neither++
  }
  return { both, onlyA, onlyB, neither }
}

/**
 * The two accuracies of a paired table and their difference: pA = (both + onlyA)/n, pB = (both + onlyB)/n,
 * pA − pB = (onlyA − onlyB)/n.
 *
 * @example pairedProportions({ both: 50, onlyA: 10, onlyB: 4, neither: 36 }) // { a: 0.6, b: 0.54, difference: 0.06, n: 100 }
 */
export function pairedProportions(counts: PairedCounts): {
  a: number
  b: number
  difference: number
  n: number
} {
  const where = 'pairedProportions'
  if (counts === null || typeof counts !== 'object')
    throw new InvalidInputError(where, 'counts', 'must be { both, onlyA, onlyB, neither }')
  for (const key of ['both', 'onlyA', 'onlyB', 'neither'] as const)
    checkCount(where, `counts.${key}`, counts[key])
  const { both, onlyA, onlyB } = counts
  const n = both + onlyA + onlyB + counts.neither
  if (n === 0) throw new InvalidRangeError(where, 'counts', 'must hold at least one example')
  return { a: (both + onlyA) / n, b: (both + onlyB) / n, difference: (onlyA - onlyB) / n, n }
}

/** An interval for a paired difference, with its standard error. */
export interface PairedDifferenceInterval extends Interval {
  standardError: number
  n: number
}

/**
 * A confidence interval for the paired difference of two proportions measured on the same n examples,
 * pA − pB = (onlyA − onlyB)/n, by Agresti & Min (2005): add one half to each cell of the paired 2×2 table,
 * then the Wald interval on n + 2. Clipped to [−1, 1].
 *
 * @example pairedProportionDifferenceInterval({ both: 50, onlyA: 10, onlyB: 4, neither: 36 })
 */
export function pairedProportionDifferenceInterval(
  counts: PairedCounts,
  options?: IntervalOptions,
): PairedDifferenceInterval {
  const where = 'pairedProportionDifferenceInterval'
  const s = sides(where, options)
  if (counts === null || typeof counts !== 'object')
    throw new InvalidInputError(where, 'counts', 'must be { both, onlyA, onlyB, neither }')
  for (const key of ['both', 'onlyA', 'onlyB', 'neither'] as const)
    checkCount(where, `counts.${key}`, counts[key])
  const n = counts.both + counts.onlyA + counts.onlyB + counts.neither
  if (n === 0) throw new InvalidRangeError(where, 'counts', 'must hold at least one example')
  const n2 = n + 2
  const b = counts.onlyA + 0.5
  const c = counts.onlyB + 0.5
  const centre = (b - c) / n2
  const se = Math.sqrt(Math.max(0, (b + c) / n2 - centre * centre) / n2)
  const z = normalIsf((1 - s.twoSided) / 2)
  return {
    ...oneSided(
      { estimate: (counts.onlyA - counts.onlyB) / n, lower: centre - z * se, upper: centre + z * se },
      s.confidence,
      s.alternative,
      'agresti-min',
      -1,
      1,
    ),
    standardError: se,
    n,
  }
}

/**
 * Exact one-sided bounds of the paired difference pA − pB = δ·(2π − 1), each with error at most `rate`
 * on its own side, at any n: δ = P(discordant) has the exact (Clopper–Pearson) interval of the
 * discordant count D of n, and π = P(only A right | discordant) the exact interval of onlyA of D
 * (conditionally binomial); the rate is split between them (`piShare` to π, default 0.9, since δ only
 * scales a difference near 0), and the bounds are the extremes of δ·(2π − 1) over the two intervals.
 * Conservative where Agresti–Min's Wald bounds exceed their rate (by 3 to 7% at 0.001 for n = 100 to 300).
 */
export function pairedProportionDifferenceBounds(
  counts: PairedCounts,
  rate: number,
  piShare = 0.9,
): { lower: number; upper: number } {
  const where = 'pairedProportionDifferenceBounds'
  if (counts === null || typeof counts !== 'object')
    throw new InvalidInputError(where, 'counts', 'must be { both, onlyA, onlyB, neither }')
  for (const key of ['both', 'onlyA', 'onlyB', 'neither'] as const)
    checkCount(where, `counts.${key}`, counts[key])
  if (!(rate > 0 && rate < 0.5)) throw new InvalidRangeError(where, 'rate', 'must lie in (0, 0.5)')
  if (!(piShare > 0 && piShare < 1)) throw new InvalidRangeError(where, 'piShare', 'must lie in (0, 1)')
  const n = counts.both + counts.onlyA + counts.onlyB + counts.neither
  if (n === 0) throw new InvalidRangeError(where, 'counts', 'must hold at least one example')
  const d = counts.onlyA + counts.onlyB
  const exact = (k: number, m: number, r: number) =>
    proportionInterval(k, m, { method: 'clopper-pearson', confidence: 1 - 2 * r })
  const delta = exact(d, n, rate * (1 - piShare))
  const pi = d > 0 ? exact(counts.onlyA, d, rate * piShare) : { lower: 0, upper: 1 }
  const hi = 2 * pi.upper - 1
  const lo = 2 * pi.lower - 1
  return {
    lower: lo <= 0 ? delta.upper * lo : delta.lower * lo,
    upper: hi >= 0 ? delta.upper * hi : delta.lower * hi,
  }
}

/**
 * One evaluation of a metric, as stored or as just measured: a proportion with its counts (`successes` of
 * `trials`: recall is TP of actual positives), or any estimate with its standard error (an AUC with
 * DeLong's, an F1 with a bootstrap's).
 */
export interface MetricEvaluation {
  estimate: number
  /** Examples evaluated. */
  n: number
  successes?: number
  trials?: number
  standardError?: number
}

/** An interval for the difference of a metric between two independent evaluations. */
export interface MetricDifferenceInterval extends Interval {
  /** The metric in the first and the second evaluation. */
  first: number
  second: number
  /** The standard error of the difference (normal method), when known. */
  standardError?: number
}

/**
 * The difference of a metric between two independent evaluations (different examples), first − second,
 * with its confidence interval: for two proportions with their counts, MOVER from the two exact intervals
 * (see {@link proportionDifferenceBounds}; `method: 'wilson'` for Newcombe's); otherwise the normal
 * interval d ± z·√(se₁² + se₂²) from the two standard errors. For baselines: "recall now vs the stored
 * recall of 0.91 on 1200 positives".
 *
 * @example
 * metricDifferenceInterval({ estimate: 0.9, n: 1000, successes: 450, trials: 500 },
 *   { estimate: 0.92, n: 1200, successes: 552, trials: 600 }, { confidence: 0.99 })
 */
export function metricDifferenceInterval(
  first: MetricEvaluation,
  second: MetricEvaluation,
  options?: ProportionComparisonOptions,
): MetricDifferenceInterval {
  const where = 'metricDifferenceInterval'
  const s = sides(where, options)
  for (const [name, e] of [
    ['first', first],
    ['second', second],
  ] as const) {
    if (e === null || typeof e !== 'object')
      throw new InvalidInputError(where, name, 'must be { estimate, n, successes?, trials?, standardError? }')
    checkFinite(where, `${name}.estimate`, e.estimate)
    checkCount(where, `${name}.n`, e.n, 1)
  }
  const counts = (e: MetricEvaluation) => e.successes !== undefined && e.trials !== undefined
  if (counts(first) && counts(second)) {
    const r = proportionDifferenceBounds(
      first.successes!,
      first.trials!,
      second.successes!,
      second.trials!,
      options,
    )
    return { ...r, first: first.successes! / first.trials!, second: second.successes! / second.trials! }
  }
  const se = (name: string, e: MetricEvaluation) => {
    if (e.standardError !== undefined) {
      const v = checkFinite(where, `${name}.standardError`, e.standardError)
      if (v < 0) throw new InvalidRangeError(where, `${name}.standardError`, 'must not be negative')
      return v
    }
    if (counts(e)) {
      checkPair(where, e.successes!, e.trials!, `${name}.successes`, `${name}.trials`)
      const p = e.successes! / e.trials!
      return Math.sqrt((p * (1 - p)) / e.trials!)
    }
    throw new InvalidInputError(where, name, 'needs successes and trials, or a standardError')
  }
  const sd = Math.hypot(se('first', first), se('second', second))
  const d = first.estimate - second.estimate
  const z = normalIsf((1 - s.twoSided) / 2)
  return {
    ...oneSided(
      { estimate: d, lower: d - z * sd, upper: d + z * sd },
      s.confidence,
      s.alternative,
      'normal',
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ),
    first: first.estimate,
    second: second.estimate,
    standardError: sd,
  }
}

/** Options of {@link pairedBootstrapReplicates}. */
export interface PairedBootstrapOptions {
  /** Resamples kept (whole, ≥ 100). Default 2000. */
  resamples?: number
  seed?: Seed
  rng?: Rng
  /** At most this many draws per kept resample before giving up (default 20). */
  maxDrawsPerResample?: number
}

/** The replicates of a paired bootstrap, and how many resamples were redrawn. */
export interface PairedBootstrap {
  estimate: number
  replicates: Float64Array
  /** Resamples on which the statistic was undefined (it threw an InvalidRangeError) and were redrawn. */
  redrawn: number
}

/**
 * A seeded paired bootstrap of a statistic of two models on the same examples: each example is one cell
 * code (e.g. (actual, A's label, B's label) of a k×k×k table); examples are resampled jointly, and
 * `statistic` maps the resampled cell counts to a number. A resample on which the statistic is undefined
 * (it throws an InvalidRangeError, e.g. recall with no positive) is redrawn: the bootstrap is conditional
 * on the statistic being defined, as the estimate is. Fewer than `resamples` defined resamples after
 * `maxDrawsPerResample · resamples` draws is an InvalidRangeError (the data are too thin).
 */
export function pairedBootstrapReplicates(
  cells: ArrayLike<number>,
  cellCount: number,
  statistic: (counts: Float64Array) => number,
  options: PairedBootstrapOptions = {},
): PairedBootstrap {
  const where = 'pairedBootstrapReplicates'
  checkCount(where, 'cellCount', cellCount, 1)
  checkCodes(where, 'cells', cells, cellCount)
  checkFunction(where, 'statistic', statistic)
  const opts = checkObject(where, 'options', options, true)
  checkSeed(where, 'options.seed', opts.seed, true)
  if (opts.rng !== undefined) checkFunction(where, 'options.rng', opts.rng)
  if (opts.maxDrawsPerResample !== undefined)
    checkCount(where, 'options.maxDrawsPerResample', opts.maxDrawsPerResample, 1)
  const resamples = checkCount(where, 'options.resamples', options.resamples ?? 2000, 100)
  const n = cells.length
  if (n === 0) throw new InvalidRangeError(where, 'cells', 'must hold at least one example')
  const counts = new Float64Array(cellCount)
  for (let i = 0; i < n; i++) counts[cells[i]]++
  const estimate = statistic(counts)
  const rng = options.rng ?? createRng(options.seed ?? 0)
  const replicates = new Float64Array(resamples)
  let kept = 0
  let redrawn = 0
  const maxDraws = (options.maxDrawsPerResample ?? 20) * resamples
  for (let draw = 0; draw < maxDraws && kept < resamples; draw++) {
    counts.fill(0)
    for (let i = 0; i < n; i++) counts[cells[Math.floor(rng() * n)]]++
    let d: number
    try {
      d = statistic(counts)
    } catch (e) {
      if (!(e instanceof InvalidRangeError)) throw e
      redrawn++
      continue
    }
    replicates[kept++] = d
  }
  if (kept < resamples)
    throw new InvalidRangeError(
      where,
      'cells',
      `are too thin for a bootstrap: the statistic was undefined on ${redrawn} of ${redrawn + kept} resamples`,
    )
  return { estimate, replicates, redrawn }
}

/**
 * One-sided bounds of a bootstrap at error `rate` on each side: the estimate ± z·(the replicates' standard
 * deviation). At strict rates a percentile of a few thousand resamples is unstable (the 0.001 tail of
 * 2000 holds two of them, and its one-sided error measured 4× the rate), while the bootstrap's standard
 * error is not.
 */
export function bootstrapBounds(b: PairedBootstrap, rate: number): { lower: number; upper: number } {
  const where = 'bootstrapBounds'
  const o = checkObject(where, 'b', b)
  checkFinite(where, 'b.estimate', o.estimate)
  checkSample(where, 'b.replicates', o.replicates, 2)
  checkFinite(where, 'rate', rate)
  if (!(rate > 0 && rate < 0.5))
    throw new InvalidRangeError(where, 'rate', `must lie in (0, 0.5), got ${rate}`)
  const r = intervalFromBootstrapReplicates(b.estimate, b.replicates, {
    method: 'percentile',
    confidence: 0.9,
  })
  const h = normalIsf(rate) * r.standardError
  return { lower: b.estimate - h, upper: b.estimate + h }
}

/**
 * A seeded paired bootstrap of the difference score(A) − score(B) of a confusion-matrix metric between two
 * models labelling the same examples ({@link pairedBootstrapReplicates}): each example is one cell
 * (actual, A's label, B's label) of a k×k×k table, given as label codes in 0..k−1 (indices into `labels`);
 * examples are resampled jointly and both confusion matrices follow from the resampled counts. `score` maps
 * a confusion matrix to the metric (it may throw an InvalidRangeError where the metric is undefined: that
 * resample is redrawn).
 *
 * @example pairedMetricDifferenceBootstrap(actual, a, b, [0, 1], (cm) => recallScore(cm), { seed: 1 }).replicates
 */
export function pairedMetricDifferenceBootstrap(
  actual: ArrayLike<number>,
  predictedA: ArrayLike<number>,
  predictedB: ArrayLike<number>,
  labels: readonly Label[],
  score: (matrix: ConfusionMatrix) => number,
  options: PairedBootstrapOptions = {},
): PairedBootstrap {
  const where = 'pairedMetricDifferenceBootstrap'
  if (!Array.isArray(labels) || labels.length === 0)
    throw new InvalidInputError(where, 'labels', 'must be a non-empty array of labels')
  if (typeof score !== 'function') throw new InvalidInputError(where, 'score', 'must be a function')
  const k = labels.length
  const n = actual?.length
  for (const [name, xs] of [
    ['actual', actual],
    ['predictedA', predictedA],
    ['predictedB', predictedB],
  ] as const) {
    if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number')
      throw new InvalidInputError(where, name, 'must be an array of label codes')
    if (xs.length !== n) throw new InvalidRangeError(where, name, `must have the length of actual (${n})`)
    for (let i = 0; i < xs.length; i++)
      if (!(Number.isInteger(xs[i]) && xs[i] >= 0 && xs[i] < k))
        throw new InvalidRangeError(
          where,
          `${name}[${i}]`,
          `must be a label code in 0..${k - 1}, got ${xs[i]}`,
        )
  }
  const cells = new Float64Array(n)
  for (let i = 0; i < n; i++) cells[i] = (actual[i] * k + predictedA[i]) * k + predictedB[i]
  const m1: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0))
  const m2: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0))
  const difference = (counts: Float64Array) => {
    for (let i = 0; i < k; i++) {
      m1[i].fill(0)
      m2[i].fill(0)
    }
    for (let c = 0; c < counts.length; c++) {
      const v = counts[c]
      if (v === 0) continue
      const y = Math.floor(c / (k * k))
      const r = c - y * k * k
      const x1 = Math.floor(r / k)
      m1[y][x1] += v
      m2[y][r - x1 * k] += v
    }
    return score({ labels, matrix: m1, n }) - score({ labels, matrix: m2, n })
  }
  return pairedBootstrapReplicates(cells, k * k * k, difference, options)
}
