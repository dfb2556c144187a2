/**
 * Classical hypothesis tests, each equal to its SciPy (or statsmodels) counterpart and returning
 * `{ statistic, pValue, method, alternative, ... }`.
 *
 * - {@link ksTest}: one-sample Kolmogorov–Smirnov (`scipy.stats.ks_1samp` / `kstest`).
 * - {@link ks2Sample}: two-sample Kolmogorov–Smirnov (`scipy.stats.ks_2samp`), one sort per sample and one merge.
 * - {@link chiSquareGoodnessOfFit} (`scipy.stats.chisquare`), {@link chiSquareIndependence}
 *   (`scipy.stats.chi2_contingency`).
 * - {@link binomialTest} (`scipy.stats.binomtest`), {@link mcnemarTest}
 *   (`statsmodels.stats.contingency_tables.mcnemar`).
 * - {@link mannWhitneyU} (`scipy.stats.mannwhitneyu`), {@link welchTTest} (`scipy.stats.ttest_ind(equal_var=False)`).
 */
import {
  binomialCdf,
  binomialPmf,
  binomialSf,
  chiSquareSf,
  exponentialCdf,
  logGamma as logGammaFn,
  normalCdf,
  normalSf,
  studentTCdf,
  studentTSf,
  uniformCdf,
} from './distributions'
import {
  checkCount,
  checkFinite,
  checkOneOf,
  checkSample,
  checkUnit,
  InvalidInputError,
  InvalidRangeError,
} from './errors'
import { ks2SampleAsymptoticPValue, ks2SampleExactPValue, ksoneSf, kstwobignSf, kstwoSf } from './kolmogorov'
import {
  binomialWindowUnnormalized,
  gcd,
  meanVarianceUnchecked,
  powerOfTwoScale,
  welchDegreesOfFreedom,
} from './numeric'
import { createRng, type Rng } from './random'
import { validatedSortedCopy } from './sort'

/** The alternative hypothesis, as SciPy names it. */
export type TestAlternative = 'two-sided' | 'less' | 'greater'

const ALTERNATIVES: readonly TestAlternative[] = ['two-sided', 'less', 'greater']

/** What every test returns. */
export interface TestResult {
  /** The test statistic (as SciPy reports it). */
  statistic: number
  /** The p-value, in [0, 1]. */
  pValue: number
  /** The method actually used (e.g. `'exact'`, `'asymptotic'`), with the test's name. */
  method: string
  /** The alternative hypothesis. */
  alternative: TestAlternative
}

function clip01(p: number): number {
  return p < 0 ? 0 : Math.min(p, 1)
}

function checkAlternative(where: string, alternative: unknown): TestAlternative {
  return checkOneOf(where, 'alternative', alternative, ALTERNATIVES)
}

function checkOptions<T extends object>(where: string, options: unknown): T {
  if (options === undefined) return {} as T
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  return options as T
}

function checkBoolean(where: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidInputError(where, argument, 'must be true or false')
  return value
}

// =============================================================================================
// Kolmogorov–Smirnov
// =============================================================================================

/** A named continuous distribution accepted by {@link ksTest}. */
export type KsDistribution =
  | { normal: { mean?: number; sd?: number } }
  | { uniform: { min?: number; max?: number } }
  | { exponential: { rate?: number } }

/** Options of {@link ksTest}. */
export interface KsTestOptions {
  /**
   * `'two-sided'` (default): D = max(D⁺, D⁻). `'greater'`: D⁺ = max(F_n − F), the alternative that the data's
   * CDF lies above F (values tend to be smaller). `'less'`: D⁻ = max(F − F_n). As SciPy.
   */
  alternative?: TestAlternative
  /**
   * For the two-sided test: `'exact'` ({@link kstwoSf}, SciPy's `kstwo`; also what `'auto'`, the default,
   * uses, as SciPy) or `'asymptotic'` (Kolmogorov's limit, {@link kstwobignSf}(D√n)). One-sided tests always
   * use the exact Smirnov distribution ({@link ksoneSf}).
   */
  method?: 'auto' | 'exact' | 'asymptotic'
}

/** Result of {@link ksTest} and {@link ks2Sample}. */
export interface KsTestResult extends TestResult {
  /** The value of x at which the largest gap between the two CDFs is observed (SciPy's `statistic_location`). */
  location: number
  /**
   * +1 when the largest gap is the empirical CDF above the reference (first sample's CDF above the second's),
   * −1 when below (SciPy's `statistic_sign`).
   */
  sign: 1 | -1
  /** Sample size(s). */
  n: number
}

function resolveCdf(where: string, cdf: unknown): (x: number) => number {
  if (typeof cdf === 'function') {
    const f = cdf as (x: number) => unknown
    return (x: number) => {
      const v = f(x)
      if (typeof v !== 'number' || !(v >= 0 && v <= 1))
        throw new InvalidRangeError(
          where,
          'cdf',
          `must return a probability in [0, 1], got ${String(v)} at ${x}`,
        )
      return v
    }
  }
  if (cdf === null || typeof cdf !== 'object')
    throw new InvalidInputError(
      where,
      'cdf',
      'must be a CDF function or a distribution like { normal: { mean, sd } }',
    )
  const keys = Object.keys(cdf)
  if (keys.length !== 1)
    throw new InvalidInputError(
      where,
      'cdf',
      'must name exactly one distribution: normal, uniform or exponential',
    )
  const name = checkOneOf(where, 'cdf', keys[0], ['normal', 'uniform', 'exponential'])
  const params = ((cdf as Record<string, unknown>)[name] ?? {}) as Record<string, unknown>
  if (typeof params !== 'object') throw new InvalidInputError(where, `cdf.${name}`, 'must be an object')
  if (name === 'normal') {
    const mean = checkFinite(where, 'cdf.normal.mean', params.mean ?? 0)
    const sd = checkFinite(where, 'cdf.normal.sd', params.sd ?? 1)
    if (!(sd > 0)) throw new InvalidRangeError(where, 'cdf.normal.sd', `must be positive, got ${sd}`)
    return (x) => normalCdf(x, mean, sd)
  }
  if (name === 'uniform') {
    const min = checkFinite(where, 'cdf.uniform.min', params.min ?? 0)
    const max = checkFinite(where, 'cdf.uniform.max', params.max ?? 1)
    if (!(max > min))
      throw new InvalidRangeError(where, 'cdf.uniform', `needs min < max, got [${min}, ${max}]`)
    return (x) => uniformCdf(x, min, max)
  }
  const rate = checkFinite(where, 'cdf.exponential.rate', params.rate ?? 1)
  if (!(rate > 0)) throw new InvalidRangeError(where, 'cdf.exponential.rate', `must be positive, got ${rate}`)
  return (x) => exponentialCdf(x, rate)
}

/**
 * One-sample Kolmogorov–Smirnov test of `xs` against a continuous distribution, equal to
 * `scipy.stats.ks_1samp(xs, cdf, alternative, method)` (statistic, p-value, `statistic_location`,
 * `statistic_sign`). D⁺ = max_i(i/n − F(x₍ᵢ₎)), D⁻ = max_i(F(x₍ᵢ₎) − (i−1)/n); the two-sided p-value is exact
 * ({@link kstwoSf}, Simard–L'Ecuyer) unless `method: 'asymptotic'`; one-sided p-values use {@link ksoneSf}.
 *
 * @param xs the sample (not modified; sorted on a copy)
 * @param cdf a CDF function, or `{ normal: { mean, sd } }`, `{ uniform: { min, max } }`, `{ exponential: { rate } }`
 * @example ksTest(sample, { normal: { mean: 0, sd: 1 } }).pValue
 */
export function ksTest(
  xs: ArrayLike<number>,
  cdf: ((x: number) => number) | KsDistribution,
  options: KsTestOptions = {},
): KsTestResult {
  const where = 'ksTest'
  const opts = checkOptions<KsTestOptions>(where, options)
  const alternative = checkAlternative(where, opts.alternative ?? 'two-sided')
  const method = checkOneOf(where, 'method', opts.method ?? 'auto', ['auto', 'exact', 'asymptotic'])
  const F = resolveCdf(where, cdf)
  const x = validatedSortedCopy(where, 'xs', xs)
  const n = x.length
  let dplus = Number.NEGATIVE_INFINITY
  let dplusAt = 0
  let dminus = Number.NEGATIVE_INFINITY
  let dminusAt = 0
  for (let i = 0; i < n; i++) {
    const c = F(x[i])
    const p = (i + 1) / n - c
    if (p > dplus) {
      dplus = p
      dplusAt = i
    }
    const m = c - i / n
    if (m > dminus) {
      dminus = m
      dminusAt = i
    }
  }
  if (alternative === 'greater')
    return {
      statistic: dplus,
      pValue: clip01(ksoneSf(n, clipStat(dplus))),
      method: 'Kolmogorov-Smirnov one-sample (exact)',
      alternative,
      location: x[dplusAt],
      sign: 1,
      n,
    }
  if (alternative === 'less')
    return {
      statistic: dminus,
      pValue: clip01(ksoneSf(n, clipStat(dminus))),
      method: 'Kolmogorov-Smirnov one-sample (exact)',
      alternative,
      location: x[dminusAt],
      sign: -1,
      n,
    }
  const plusWins = dplus > dminus
  const D = plusWins ? dplus : dminus
  const asymptotic = method === 'asymptotic'
  const pValue = asymptotic ? kstwobignSf(D * Math.sqrt(n)) : kstwoSf(n, clipStat(D))
  return {
    statistic: D,
    pValue: clip01(pValue),
    method: `Kolmogorov-Smirnov one-sample (${asymptotic ? 'asymptotic' : 'exact'})`,
    alternative,
    location: x[plusWins ? dplusAt : dminusAt],
    sign: plusWins ? 1 : -1,
    n,
  }
}

function clipStat(d: number): number {
  return d < 0 ? 0 : Math.min(d, 1)
}

/** Options of {@link ks2Sample}. */
export interface Ks2SampleOptions {
  /**
   * `'two-sided'` (default): D = max|F₁ − F₂|. `'greater'`: D⁺ = max(F₁ − F₂) (xs tend to be smaller).
   * `'less'`: D⁻ = max(F₂ − F₁). As SciPy.
   */
  alternative?: TestAlternative
  /**
   * `'auto'` (default, as SciPy): exact when max(n, m) ≤ 10000, else asymptotic. `'exact'`: exact unless
   * lcm(n, m)-sized lattices are infeasible (n/g ≥ 2³¹/(m/g)). Either exact route falls back to the
   * asymptotic p-value when the computation overflows, as SciPy does (the `method` field then says so).
   */
  method?: 'auto' | 'exact' | 'asymptotic'
}

/** Result of {@link ks2Sample}. */
export interface Ks2SampleResult extends KsTestResult {
  /** Size of the second sample. */
  m: number
}

const INT32_MAX = 2147483647

/**
 * Two-sample Kolmogorov–Smirnov test, equal to `scipy.stats.ks_2samp(xs, ys, alternative, method)`
 * (statistic, p-value, `statistic_location`, `statistic_sign`), ties handled (the ECDFs are compared after
 * every distinct value). Both samples are copied into Float64Arrays and sorted; the ECDF difference is
 * scanned in a single merge pass without allocation. With an exact p-value the statistic is reported as
 * h/lcm(n, m), the lattice value SciPy reports. See {@link ks2SampleExactPValue} and
 * {@link ks2SampleAsymptoticPValue} for the p-values.
 * @example ks2Sample(before, after).pValue
 */
export function ks2Sample(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  options: Ks2SampleOptions = {},
): Ks2SampleResult {
  const where = 'ks2Sample'
  const opts = checkOptions<Ks2SampleOptions>(where, options)
  const alternative = checkAlternative(where, opts.alternative ?? 'two-sided')
  let method: 'auto' | 'exact' | 'asymptotic' = checkOneOf(where, 'method', opts.method ?? 'auto', [
    'auto',
    'exact',
    'asymptotic',
  ])
  const a = validatedSortedCopy(where, 'xs', xs)
  const b = validatedSortedCopy(where, 'ys', ys)
  const n1 = a.length
  const n2 = b.length
  // Scan distinct values in increasing order. SciPy takes argmax/argmin over concat(xs, ys), so among ties
  // for the extreme the location is the smallest xs value attaining it, else the smallest ys value.
  let i = 0
  let j = 0
  let max1 = Number.NEGATIVE_INFINITY
  let max1At = 0
  let max2 = Number.NEGATIVE_INFINITY
  let max2At = 0
  let min1 = Number.POSITIVE_INFINITY
  let min1At = 0
  let min2 = Number.POSITIVE_INFINITY
  let min2At = 0
  // One pass over the distinct values in increasing order (an exhausted sample reads as +Infinity); the ECDF
  // difference is examined where a run of equal values ends, and only new extremes do any further work.
  let va = a[0]
  let vb = b[0]
  while (i < n1 || j < n2) {
    const v = Math.min(va, vb)
    if (va === v) va = ++i < n1 ? a[i] : Number.POSITIVE_INFINITY
    if (vb === v) vb = ++j < n2 ? b[j] : Number.POSITIVE_INFINITY
    if (va !== v && vb !== v) {
      const diff = i / n1 - j / n2
      if (diff > max1 || diff < min1 || diff > max2 || diff < min2) {
        if (i > 0 && a[i - 1] === v) {
          if (diff > max1) {
            max1 = diff
            max1At = v
          }
          if (diff < min1) {
            min1 = diff
            min1At = v
          }
        }
        if (j > 0 && b[j - 1] === v) {
          if (diff > max2) {
            max2 = diff
            max2At = v
          }
          if (diff < min2) {
            min2 = diff
            min2At = v
          }
        }
      }
    }
  }
  const maxS = Math.max(max1, max2)
  const locMax = max1 >= max2 ? max1At : max2At
  const minDiff = Math.min(min1, min2)
  const locMin = min1 <= min2 ? min1At : min2At
  const minS = clipStat(-minDiff)
  let d: number
  let location: number
  let sign: 1 | -1
  if (alternative === 'less' || (alternative === 'two-sided' && minS > maxS)) {
    d = minS
    location = locMin
    sign = -1
  } else {
    d = maxS
    location = locMax
    sign = 1
  }
  const g = gcd(n1, n2)
  let note = ''
  if (method === 'auto') method = Math.max(n1, n2) <= 10000 ? 'exact' : 'asymptotic'
  else if (method === 'exact' && n1 / g >= INT32_MAX / (n2 / g)) {
    method = 'asymptotic'
    note = ', exact infeasible'
  }
  let pValue = Number.NaN
  if (method === 'exact') {
    const exact = ks2SampleExactPValue(n1, n2, d, alternative)
    if (exact === null) {
      method = 'asymptotic'
      note = ', exact overflowed'
    } else {
      d = exact.statistic
      pValue = exact.pValue
    }
  }
  if (method === 'asymptotic') pValue = ks2SampleAsymptoticPValue(n1, n2, d, alternative)
  return {
    statistic: d,
    pValue: clip01(pValue),
    method: `Kolmogorov-Smirnov two-sample (${method}${note})`,
    alternative,
    location,
    sign,
    n: n1,
    m: n2,
  }
}

// =============================================================================================
// Chi-square
// =============================================================================================

/** Options of {@link chiSquareGoodnessOfFit}. */
export interface ChiSquareGoodnessOfFitOptions {
  /** Degrees of freedom lost to fitted parameters: df = k − 1 − ddof (default 0), as SciPy. */
  ddof?: number
}

/** Result of the chi-square tests. */
export interface ChiSquareResult extends TestResult {
  /** Degrees of freedom. */
  df: number
  /** The expected frequencies used. */
  expected: number[]
}

/**
 * Pearson's chi-square goodness-of-fit test, equal to `scipy.stats.chisquare(observed, expected, ddof)`:
 * X² = Σ(Oᵢ − Eᵢ)²/Eᵢ with df = k − 1 − ddof, p = P(χ²_df ≥ X²). Without `expected`, all categories are
 * equally likely (Eᵢ = mean of the observed). Expected frequencies must be positive and, as SciPy requires,
 * sum to the observed total within a relative 1e-8. The alternative is reported as `'two-sided'`
 * (any departure), the p-value being the chi-square upper tail.
 * @example chiSquareGoodnessOfFit([18, 22, 20, 40]).pValue
 */
export function chiSquareGoodnessOfFit(
  observed: ArrayLike<number>,
  expected?: ArrayLike<number>,
  options: ChiSquareGoodnessOfFitOptions = {},
): ChiSquareResult {
  const where = 'chiSquareGoodnessOfFit'
  checkSample(where, 'observed', observed)
  const opts = checkOptions<ChiSquareGoodnessOfFitOptions>(where, options)
  const ddof = checkCount(where, 'ddof', opts.ddof ?? 0)
  const k = observed.length
  for (let i = 0; i < k; i++)
    if (observed[i] < 0)
      throw new InvalidRangeError(where, `observed[${i}]`, `must not be negative, got ${observed[i]}`)
  let obsSum = 0
  for (let i = 0; i < k; i++) obsSum += observed[i]
  let exp: number[]
  if (expected === undefined) {
    exp = new Array(k).fill(obsSum / k)
  } else {
    checkSample(where, 'expected', expected)
    if (expected.length !== k)
      throw new InvalidRangeError(
        where,
        'observed and expected',
        `must have the same length, got ${k} and ${expected.length}`,
      )
    exp = Array.from(expected)
    let expSum = 0
    for (let i = 0; i < k; i++) {
      if (!(exp[i] > 0))
        throw new InvalidRangeError(where, `expected[${i}]`, `must be positive, got ${exp[i]}`)
      expSum += exp[i]
    }
    if (Math.abs(obsSum - expSum) / Math.min(obsSum, expSum) > 1e-8)
      throw new InvalidRangeError(
        where,
        'expected',
        `must sum to the observed total ${obsSum} (relative tolerance 1e-8), got ${expSum}`,
      )
  }
  if (!(exp[0] > 0)) throw new InvalidRangeError(where, 'observed', 'must not be all zero')
  const df = k - 1 - ddof
  if (df < 1) throw new InvalidRangeError(where, 'ddof', `leaves ${df} degrees of freedom (k = ${k})`)
  const stat = pearson(observed, exp)
  return {
    statistic: stat,
    pValue: chiSquareSf(stat, df),
    method: 'Pearson chi-square goodness of fit',
    alternative: 'two-sided',
    df,
    expected: exp,
  }
}

/** Options of {@link chiSquareIndependence}. */
export interface ChiSquareIndependenceOptions {
  /** Yates' continuity correction, applied only when df = 1 (a 2×2 table), as SciPy. Default true. */
  correction?: boolean
}

/** Result of {@link chiSquareIndependence}. */
export interface ChiSquareIndependenceResult extends TestResult {
  df: number
  /** Expected counts under independence, row by row. */
  expected: number[][]
}

/**
 * Pearson's chi-square test of independence on an r×c contingency table, equal to
 * `scipy.stats.chi2_contingency(table, correction)`: Eᵢⱼ = rowᵢ·colⱼ/N, df = (r − 1)(c − 1); with df = 1 and
 * `correction`, each |O − E| is reduced by min(0.5, |O − E|) (Yates). With df = 0 the statistic is 0 and
 * p = 1. A zero row or column total (a zero expected count) is an error, as in SciPy.
 * @example chiSquareIndependence([[10, 20], [30, 25]]).pValue
 */
export function chiSquareIndependence(
  table: ArrayLike<ArrayLike<number>>,
  options: ChiSquareIndependenceOptions = {},
): ChiSquareIndependenceResult {
  const where = 'chiSquareIndependence'
  if (!Array.isArray(table) || table.length === 0)
    throw new InvalidInputError(where, 'table', 'must be a non-empty array of rows')
  const opts = checkOptions<ChiSquareIndependenceOptions>(where, options)
  const correction = checkBoolean(where, 'correction', opts.correction ?? true)
  const r = table.length
  const c = table[0]?.length ?? 0
  for (let i = 0; i < r; i++) {
    checkSample(where, `table[${i}]`, table[i])
    if (table[i].length !== c)
      throw new InvalidRangeError(
        where,
        'table',
        `rows must have the same length, got ${c} and ${table[i].length}`,
      )
    for (let j = 0; j < c; j++)
      if (table[i][j] < 0)
        throw new InvalidRangeError(where, `table[${i}][${j}]`, `must not be negative, got ${table[i][j]}`)
  }
  const rows = new Array(r).fill(0)
  const cols = new Array(c).fill(0)
  let total = 0
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      rows[i] += table[i][j]
      cols[j] += table[i][j]
      total += table[i][j]
    }
  const expected: number[][] = []
  for (let i = 0; i < r; i++) {
    const row: number[] = []
    for (let j = 0; j < c; j++) {
      const e = (rows[i] * cols[j]) / total
      if (!(e > 0))
        throw new InvalidRangeError(
          where,
          'table',
          `has a zero expected count at [${i}][${j}] (a row or column sums to zero)`,
        )
      row.push(e)
    }
    expected.push(row)
  }
  const df = (r - 1) * (c - 1)
  if (df === 0)
    return {
      statistic: 0,
      pValue: 1,
      method: 'Pearson chi-square independence',
      alternative: 'two-sided',
      df,
      expected,
    }
  const yates = df === 1 && correction
  let stat = 0
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      let o = table[i][j]
      const e = expected[i][j]
      if (yates) {
        const diff = e - o
        o += Math.min(0.5, Math.abs(diff)) * Math.sign(diff)
      }
      stat += (o - e) ** 2 / e
    }
  return {
    statistic: stat,
    pValue: chiSquareSf(stat, df),
    method: `Pearson chi-square independence${yates ? ' (Yates-corrected)' : ''}`,
    alternative: 'two-sided',
    df,
    expected,
  }
}

// =============================================================================================
// Binomial and McNemar
// =============================================================================================

/** Options of {@link binomialTest}. */
export interface BinomialTestOptions {
  /** `'two-sided'` (default), `'less'` (true p < p0), `'greater'` (true p > p0). */
  alternative?: TestAlternative
}

/** Result of {@link binomialTest}. */
export interface BinomialTestResult extends TestResult {
  k: number
  n: number
  /** The hypothesised success probability. */
  p: number
}

/** SciPy's `_binary_search_for_binom_tst`: the i in [lo, hi] with a(i) ≤ d < a(i + 1). */
function binarySearchBinom(a: (i: number) => number, d: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2)
    const midval = a(mid)
    if (midval < d) lo = mid + 1
    else if (midval > d) hi = mid - 1
    else return mid
  }
  return a(lo) <= d ? lo : lo - 1
}

/**
 * Exact binomial test of H₀: P(success) = p, equal to `scipy.stats.binomtest(k, n, p, alternative).pvalue`.
 * `'less'`: P(X ≤ k); `'greater'`: P(X ≥ k); `'two-sided'`: the sum of the probabilities of all outcomes no
 * more likely than k (relative tolerance 1e-7, SciPy's "minlike" method). The statistic is k/n.
 * @example binomialTest(9, 10, 0.5).pValue // 0.021484375
 */
export function binomialTest(
  k: number,
  n: number,
  p: number,
  options: BinomialTestOptions = {},
): BinomialTestResult {
  const where = 'binomialTest'
  checkCount(where, 'n', n, 1)
  checkCount(where, 'k', k)
  if (k > n) throw new InvalidRangeError(where, 'k', `must not exceed n = ${n}, got ${k}`)
  checkUnit(where, 'p', p)
  const opts = checkOptions<BinomialTestOptions>(where, options)
  const alternative = checkAlternative(where, opts.alternative ?? 'two-sided')
  let pval: number
  if (alternative === 'less') pval = binomialCdf(k, n, p)
  else if (alternative === 'greater') pval = binomialSf(k - 1, n, p)
  else {
    const d = binomialPmf(k, n, p)
    const rerr = 1 + 1e-7
    if (k === p * n) pval = 1
    else if (k < p * n) {
      const ix = binarySearchBinom((x) => -binomialPmf(x, n, p), -d * rerr, Math.ceil(p * n), n)
      const y = n - ix + (d * rerr === binomialPmf(ix, n, p) ? 1 : 0)
      pval = binomialCdf(k, n, p) + binomialSf(n - y, n, p)
    } else {
      const ix = binarySearchBinom((x) => binomialPmf(x, n, p), d * rerr, 0, Math.floor(p * n))
      const y = ix + 1
      pval = binomialCdf(y - 1, n, p) + binomialSf(k - 1, n, p)
    }
    pval = Math.min(1, pval)
  }
  return { statistic: k / n, pValue: pval, method: 'exact binomial', alternative, k, n, p }
}

/** Options of {@link mcnemarTest}. */
export interface McNemarOptions {
  /** Exact binomial test on the discordant pairs (default true, as statsmodels); false: chi-square. */
  exact?: boolean
  /** Continuity correction for the chi-square version (default true, as statsmodels). */
  correction?: boolean
}

/** Result of {@link mcnemarTest}. */
export interface McNemarResult extends TestResult {
  /** Discordant counts: b = table[0][1], c = table[1][0]. */
  b: number
  c: number
}

/**
 * McNemar's test for paired binary outcomes, equal to `statsmodels.stats.contingency_tables.mcnemar`.
 * Takes the discordant counts b and c, or a 2×2 table [[a, b], [c, d]]. Exact (default): statistic
 * min(b, c), p = min(1, 2·P(Binomial(b + c, ½) ≤ min(b, c))). Chi-square: statistic (|b − c| − 1)²/(b + c)
 * (without the −1 when `correction: false`), p = P(χ²₁ ≥ statistic). With b = c = 0 there is no evidence:
 * statistic 0 and p = 1 (statsmodels gives NaN for the chi-square version).
 * @example mcnemarTest(3, 15).pValue
 * @example mcnemarTest([[50, 3], [15, 40]], { exact: false })
 */
export function mcnemarTest(b: number, c: number, options?: McNemarOptions): McNemarResult
export function mcnemarTest(table: ArrayLike<ArrayLike<number>>, options?: McNemarOptions): McNemarResult
export function mcnemarTest(
  first: number | ArrayLike<ArrayLike<number>>,
  second?: number | McNemarOptions,
  third?: McNemarOptions,
): McNemarResult {
  const where = 'mcnemarTest'
  let b: number
  let c: number
  let options: McNemarOptions | undefined
  if (typeof first === 'number') {
    b = checkCount(where, 'b', first)
    c = checkCount(where, 'c', second)
    options = third
  } else {
    if (!Array.isArray(first) || first.length !== 2)
      throw new InvalidInputError(where, 'table', 'must be a 2×2 array [[a, b], [c, d]]')
    for (let i = 0; i < 2; i++) {
      const row = first[i]
      if (!Array.isArray(row) && !ArrayBuffer.isView(row))
        throw new InvalidInputError(where, `table[${i}]`, 'must be an array of two counts')
      if ((row as ArrayLike<number>).length !== 2)
        throw new InvalidRangeError(where, `table[${i}]`, 'must have two counts')
      checkCount(where, `table[${i}][0]`, (row as ArrayLike<number>)[0])
      checkCount(where, `table[${i}][1]`, (row as ArrayLike<number>)[1])
    }
    b = first[0][1]
    c = first[1][0]
    options = second as McNemarOptions | undefined
  }
  const opts = checkOptions<McNemarOptions>(where, options)
  const exact = checkBoolean(where, 'exact', opts.exact ?? true)
  const correction = checkBoolean(where, 'correction', opts.correction ?? true)
  if (exact) {
    const stat = Math.min(b, c)
    const p = b + c === 0 ? 1 : Math.min(1, 2 * binomialCdf(stat, b + c, 0.5))
    return { statistic: stat, pValue: p, method: 'McNemar exact (binomial)', alternative: 'two-sided', b, c }
  }
  if (b + c === 0)
    return { statistic: 0, pValue: 1, method: 'McNemar chi-square', alternative: 'two-sided', b, c }
  const stat = (Math.abs(b - c) - (correction ? 1 : 0)) ** 2 / (b + c)
  return {
    statistic: stat,
    pValue: chiSquareSf(stat, 1),
    method: `McNemar chi-square${correction ? ' (continuity-corrected)' : ''}`,
    alternative: 'two-sided',
    b,
    c,
  }
}

// =============================================================================================
// Mann–Whitney U
// =============================================================================================

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /** `'two-sided'` (default); `'greater'`: xs tend to be larger than ys; `'less'`: smaller. As SciPy. */
  alternative?: TestAlternative
  /**
   * `'auto'` (default, as SciPy): exact when either sample has at most 8 values and there are no ties,
   * else asymptotic. `'exact'`: the exact null distribution of U (ties ignored, U truncated to an integer,
   * as SciPy). `'asymptotic'`: normal approximation with tie correction.
   */
  method?: 'auto' | 'exact' | 'asymptotic'
  /** Continuity correction (−0.5) in the asymptotic method. Default true, as SciPy. */
  useContinuity?: boolean
}

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyResult extends TestResult {
  /** U₁ = R₁ − n₁(n₁ + 1)/2, the U statistic of xs (SciPy's `statistic`, whatever the alternative). */
  statistic: number
  /** The standardized statistic of the asymptotic method (undefined for exact). */
  z?: number
}

/** Number of ways to reach each U = 0..m·n (counts of the Mann–Whitney null), via the Gaussian binomial. */
function mwuTailProbability(m: number, n: number, uMin: number): number {
  // P(U ≥ uMin) = P(U ≤ mn − uMin) by symmetry; counts are coefficients of ∏_{i=1}^{m} (1 − q^{n+i})/(1 − q^i)
  if (m > n) {
    const t = m
    m = n
    n = t
  }
  const top = m * n
  const kMax = top - uMin
  if (kMax < 0) return 0
  let total = 1
  for (let i = 1; i <= m; i++) total = (total * (n + i)) / i
  if (total < 2 ** 53) {
    const c = new Float64Array(top + 1)
    c[0] = 1
    for (let i = 1; i <= m; i++) {
      const s = n + i
      for (let k = top; k >= s; k--) c[k] -= c[k - s]
      for (let k = i; k <= top; k++) c[k] += c[k - i]
    }
    let tail = 0
    for (let k = 0; k <= kMax; k++) tail += c[k]
    return tail / Math.round(total)
  }
  if (top > 5e6)
    throw new InvalidRangeError(
      'mannWhitneyU',
      'xs and ys',
      `are too large for the exact method (m·n = ${top})`,
    )
  const c: bigint[] = new Array(top + 1).fill(0n)
  c[0] = 1n
  for (let i = 1; i <= m; i++) {
    const s = n + i
    for (let k = top; k >= s; k--) c[k] -= c[k - s]
    for (let k = i; k <= top; k++) c[k] += c[k - i]
  }
  let tail = 0n
  let sum = 0n
  for (let k = 0; k <= top; k++) {
    if (k <= kMax) tail += c[k]
    sum += c[k]
  }
  // tail/sum to double precision
  const shift = BigInt(Math.max(0, sum.toString(2).length - 60))
  return Number(tail >> shift) / Number(sum >> shift)
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum), equal to `scipy.stats.mannwhitneyu(xs, ys, use_continuity,
 * alternative, method)`. Ranks are averaged over ties; U₁ = R₁ − n₁(n₁+1)/2. Exact: P(U ≥ u) from the exact
 * null distribution (doubled for two-sided with u = max(U₁, U₂)). Asymptotic: z = (u − n₁n₂/2 − ½)/σ with
 * σ² = n₁n₂/12·((N + 1) − Σ(t³ − t)/(N(N − 1))), p = P(Z ≥ z) (doubled for two-sided), clipped to 1.
 * @example mannWhitneyU(treated, control, { alternative: 'greater' }).pValue
 */
export function mannWhitneyU(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const where = 'mannWhitneyU'
  const opts = checkOptions<MannWhitneyOptions>(where, options)
  const alternative = checkAlternative(where, opts.alternative ?? 'two-sided')
  let method = checkOneOf(where, 'method', opts.method ?? 'auto', ['auto', 'exact', 'asymptotic'])
  const useContinuity = checkBoolean(where, 'useContinuity', opts.useContinuity ?? true)
  const a = validatedSortedCopy(where, 'xs', xs)
  const b = validatedSortedCopy(where, 'ys', ys)
  const n1 = a.length
  const n2 = b.length
  let i = 0
  let j = 0
  let rank0 = 0
  let R1 = 0
  let tieTerm = 0
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j]
    let ca = 0
    let cb = 0
    while (i < n1 && a[i] === v) {
      i++
      ca++
    }
    while (j < n2 && b[j] === v) {
      j++
      cb++
    }
    const t = ca + cb
    R1 += ca * (rank0 + (t + 1) / 2)
    tieTerm += t * t * t - t
    rank0 += t
  }
  const U1 = R1 - (n1 * (n1 + 1)) / 2
  const U2 = n1 * n2 - U1
  const U = alternative === 'greater' ? U1 : alternative === 'less' ? U2 : Math.max(U1, U2)
  const f = alternative === 'two-sided' ? 2 : 1
  if (method === 'auto') method = (n1 > 8 && n2 > 8) || tieTerm > 0 ? 'asymptotic' : 'exact'
  if (method === 'exact') {
    const p = mwuTailProbability(n1, n2, Math.trunc(U)) * f
    return { statistic: U1, pValue: clip01(p), method: 'Mann-Whitney U (exact)', alternative }
  }
  const N = n1 + n2
  const mu = (n1 * n2) / 2
  const s = Math.sqrt(((n1 * n2) / 12) * (N + 1 - tieTerm / (N * (N - 1))))
  const z = (U - mu - (useContinuity ? 0.5 : 0)) / s
  const p = Number.isNaN(z) ? Number.NaN : normalSfSafe(z) * f
  return { statistic: U1, pValue: clip01(p), method: 'Mann-Whitney U (asymptotic)', alternative, z }
}

function normalSfSafe(z: number): number {
  if (z === Number.POSITIVE_INFINITY) return 0
  if (z === Number.NEGATIVE_INFINITY) return 1
  return normalSf(z)
}

// =============================================================================================
// Welch t
// =============================================================================================

/** Options of {@link welchTTest}. */
export interface WelchTTestOptions {
  /** `'two-sided'` (default); `'greater'`: mean of xs > mean of ys; `'less'`: smaller. */
  alternative?: TestAlternative
}

/** Result of {@link welchTTest}. */
export interface WelchTTestResult extends TestResult {
  /** Welch–Satterthwaite degrees of freedom. */
  df: number
  /** mean(xs) − mean(ys). */
  meanDifference: number
  /** Standard error of the difference, √(s₁²/n₁ + s₂²/n₂). */
  standardError: number
}

/**
 * Welch's unequal-variances t-test, equal to `scipy.stats.ttest_ind(xs, ys, equal_var=False, alternative)`:
 * t = (x̄ − ȳ)/√(s₁²/n₁ + s₂²/n₂), df = (s₁²/n₁ + s₂²/n₂)²/((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)).
 * Each sample needs at least two values; two constant samples (zero standard error) are an error.
 * @example welchTTest(a, b).pValue
 */
export function welchTTest(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  options: WelchTTestOptions = {},
): WelchTTestResult {
  const where = 'welchTTest'
  checkSample(where, 'xs', xs, 2)
  checkSample(where, 'ys', ys, 2)
  const opts = checkOptions<WelchTTestOptions>(where, options)
  const alternative = checkAlternative(where, opts.alternative ?? 'two-sided')
  const n1 = xs.length
  const n2 = ys.length
  // t and df do not depend on the unit: values whose squares would overflow or underflow are taken in
  // units of a power of two c (exact), and the mean difference and standard error scaled back.
  const c = powerOfTwoScale([xs, ys])
  const [m1, v1] = meanVarianceUnchecked(c === 1 ? xs : Float64Array.from(xs, (x) => x / c))
  const [m2, v2] = meanVarianceUnchecked(c === 1 ? ys : Float64Array.from(ys, (y) => y / c))
  const vn1 = v1 / n1
  const vn2 = v2 / n2
  const se = Math.sqrt(vn1 + vn2)
  if (!(se > 0))
    throw new InvalidRangeError(where, 'xs and ys', 'are both constant: the t statistic is undefined')
  const df = welchDegreesOfFreedom(vn1, n1, vn2, n2)
  const t = (m1 - m2) / se
  let p: number
  if (alternative === 'less') p = studentTCdf(t, df)
  else if (alternative === 'greater') p = studentTSf(t, df)
  else p = Math.min(1, 2 * studentTSf(Math.abs(t), df))
  return {
    statistic: t,
    pValue: p,
    method: "Welch's t-test",
    alternative,
    df,
    meanDifference: (m1 - m2) * c,
    standardError: se * c,
  }
}

// =============================================================================================
// Chi-square p-values that hold at small expected counts: exact multinomial, seeded Monte Carlo
// =============================================================================================

/** Options of {@link chiSquareGoodnessOfFitSmall} and {@link chiSquareHomogeneitySmall}. */
export interface ChiSquareSmallOptions {
  /** Seed of the Monte Carlo draws (src/random.ts createRng); required for reproducibility. */
  seed: string | number
  /** Monte Carlo resamples (default 9999: p-values down to 1e-4). */
  resamples?: number
  /** Largest number of outcomes enumerated exactly (goodness of fit) before Monte Carlo (default 20000). */
  maxExact?: number
}

/** Result of the small-count chi-square p-values. */
export interface ChiSquareSmallResult extends TestResult {
  df: number
  /** 'exact' (every outcome enumerated), 'monte-carlo' (seeded resamples) or 'asymptotic'. */
  pMethod: 'exact' | 'monte-carlo' | 'asymptotic'
  /** Monte Carlo resamples, when used. */
  resamples?: number
}

/** The result of a chi-square test with fewer than two categories: nothing to test, p = 1. */
function oneCategory(): ChiSquareSmallResult {
  return {
    statistic: 0,
    pValue: 1,
    method: 'one category',
    alternative: 'two-sided',
    df: 0,
    pMethod: 'exact',
  }
}

/** Pearson's X² of counts against expected counts (expected > 0). */
function pearson(counts: ArrayLike<number>, expected: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < counts.length; i++) s += (counts[i] - expected[i]) ** 2 / expected[i]
  return s
}

/** log C(n, k). */
function logChoose(n: number, k: number): number {
  return logGammaFn(n + 1) - logGammaFn(k + 1) - logGammaFn(n - k + 1)
}

/**
 * Draws from a discrete distribution on [lo, hi] by inversion, walking outward from the mode (exact; expected
 * steps of the order of the standard deviation). `logPmfAt(mode)` starts it; `ratioUp(k)` = pmf(k + 1)/pmf(k).
 */
function drawFromMode(
  u: number,
  lo: number,
  hi: number,
  mode: number,
  pmfMode: number,
  ratioUp: (k: number) => number,
): number {
  let acc = pmfMode
  if (u < acc) return mode
  let up = mode
  let down = mode
  let pUp = pmfMode
  let pDown = pmfMode
  while (up < hi || down > lo) {
    if (up < hi) {
      pUp *= ratioUp(up)
      up++
      acc += pUp
      if (u < acc) return up
    }
    if (down > lo) {
      pDown /= ratioUp(down - 1)
      down--
      acc += pDown
      if (u < acc) return down
    }
  }
  return mode // rounding: u beyond the accumulated total (by ~1e-16)
}

/** The CDF of Binomial(n, p) over the window holding all but ~1e-30 of its mass: cdf[i] = P(X ≤ from + i). */
function binomialTable(n: number, p: number): { from: number; cdf: Float64Array } {
  const { from, pmf } = binomialWindowUnnormalized(n, p)
  let total = 0
  for (let i = 0; i < pmf.length; i++) {
    total += pmf[i]
    pmf[i] = total
  }
  for (let i = 0; i < pmf.length; i++) pmf[i] /= total
  return { from, cdf: pmf }
}

/**
 * A Binomial(n, p) draw by inversion of its tabulated CDF (binary search). `cache` keeps the tables by n
 * (for one p), since the Monte Carlo loop asks for the same few (n, p) again and again.
 */
function drawBinomial(
  rng: () => number,
  n: number,
  p: number,
  cache: Map<number, { from: number; cdf: Float64Array }>,
): number {
  if (n === 0 || p <= 0) return 0
  if (p >= 1) return n
  let table = cache.get(n)
  if (table === undefined) {
    table = binomialTable(n, p)
    if (cache.size < 4096) cache.set(n, table)
  }
  const u = rng()
  const cdf = table.cdf
  let lo = 0
  let hi = cdf.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cdf[mid] > u) hi = mid
    else lo = mid + 1
  }
  return table.from + lo
}

/** A hypergeometric draw: successes among `draws` taken from `total` items of which `good` are successes. */
function drawHypergeometric(rng: () => number, good: number, total: number, draws: number): number {
  const bad = total - good
  const lo = Math.max(0, draws - bad)
  const hi = Math.min(good, draws)
  if (lo === hi) return lo
  const mode = Math.min(hi, Math.max(lo, Math.floor(((draws + 1) * (good + 1)) / (total + 2))))
  const pm = Math.exp(logChoose(good, mode) + logChoose(bad, draws - mode) - logChoose(total, draws))
  return drawFromMode(
    rng(),
    lo,
    hi,
    mode,
    pm,
    (k) => ((good - k) * (draws - k)) / ((k + 1) * (bad - draws + k + 1)),
  )
}

function smallOptions(where: string, options: ChiSquareSmallOptions) {
  const o = checkOptions<ChiSquareSmallOptions>(where, options)
  if (o.seed === undefined)
    throw new InvalidInputError(where, 'options.seed', 'is required (the Monte Carlo draws are seeded)')
  const resamples = checkCount(where, 'options.resamples', o.resamples ?? 9999, 99)
  const maxExact = checkCount(where, 'options.maxExact', o.maxExact ?? 20000, 0)
  return { seed: o.seed, resamples, maxExact }
}

/**
 * Monte Carlo p-values stop early, as Besag & Clifford (1991), once this many resamples have been at least
 * as extreme as the data: p = h/L after L resamples (exactly valid, like (1 + g)/(B + 1) when all B are drawn).
 * A p-value that stops early is at least h/B (0.005 at the defaults), so the verdicts at small falseFailRates
 * are those of the full run, at a fraction of its cost when the claim holds.
 */
const BESAG_CLIFFORD_H = 50

function sequentialResult(
  base: { statistic: number; alternative: 'two-sided'; df: number },
  what: string,
  drawn: number,
): ChiSquareSmallResult {
  return {
    ...base,
    pValue: BESAG_CLIFFORD_H / drawn,
    method: `Pearson chi-square ${what} (Monte Carlo p, sequential: stopped after ${drawn} resamples at ${BESAG_CLIFFORD_H} as extreme)`,
    pMethod: 'monte-carlo',
    resamples: drawn,
  }
}

/** Whether every expected count is at least 5 (Cochran's rule: the chi-square approximation is good). */
function largeExpected(expected: ArrayLike<number>): boolean {
  for (let i = 0; i < expected.length; i++) if (expected[i] < 5) return false
  return true
}

/**
 * Every outcome x of Multinomial(n, p) (every composition of n into p.length parts) whose Pearson X²
 * against `expected` is at least `cut`: `visit(X², P(x))`, in lexicographic order of x.
 */
function forEachMultinomialX2(
  n: number,
  p: readonly number[],
  expected: readonly number[],
  cut: number,
  visit: (stat: number, probability: number) => void,
): void {
  const k = p.length
  const logP = p.map(Math.log)
  const logNFact = logGammaFn(n + 1)
  const walk = (i: number, left: number, logW: number, partial: number) => {
    if (i === k - 1) {
      const s = partial + (left - expected[i]) ** 2 / expected[i]
      if (s >= cut) visit(s, Math.exp(logNFact + logW + left * logP[i] - logGammaFn(left + 1)))
      return
    }
    for (let v = 0; v <= left; v++)
      walk(
        i + 1,
        left - v,
        logW + v * logP[i] - logGammaFn(v + 1),
        partial + (v - expected[i]) ** 2 / expected[i],
      )
  }
  walk(0, n, 0, 0)
}

/**
 * A function that draws counts from Multinomial(n, p) with `rng` and returns their Pearson X² against
 * `expected`. Sequential binomials: X_i ~ Bin(n − Σ_{j<i} X_j, p_i/(1 − Σ_{j<i} p_j)).
 */
function multinomialX2Sampler(
  rng: Rng,
  n: number,
  p: readonly number[],
  expected: readonly number[],
): () => number {
  const k = p.length
  const tail = new Array<number>(k)
  let acc = 0
  for (let i = k - 1; i >= 0; i--) {
    acc += p[i]
    tail[i] = acc
  }
  const caches = p.map(() => new Map<number, { from: number; cdf: Float64Array }>())
  return () => {
    let left = n
    let s = 0
    for (let i = 0; i < k; i++) {
      const xi = i === k - 1 ? left : drawBinomial(rng, left, Math.min(1, p[i] / tail[i]), caches[i])
      left -= xi
      s += (xi - expected[i]) ** 2 / expected[i]
    }
    return s
  }
}

/**
 * Pearson's chi-square goodness of fit with a p-value that holds at small expected counts: the asymptotic
 * chi-square p-value (as {@link chiSquareGoodnessOfFit}) when every expected count is at least 5; else exact
 * (every multinomial outcome enumerated, p = P(X² ≥ observed X²), when there are at most `maxExact` of them),
 * else seeded Monte Carlo (p = (1 + #{X²* ≥ X²})/(B + 1), valid at every B). Categories of probability 0
 * must have no observations (a category observed at probability 0 refutes the claim: p = 0).
 * @example chiSquareGoodnessOfFitSmall([998, 2], [0.9998, 0.0002], { seed: 1 }).pValue // ≈ 0.0175
 */
export function chiSquareGoodnessOfFitSmall(
  observed: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: ChiSquareSmallOptions,
): ChiSquareSmallResult {
  const where = 'chiSquareGoodnessOfFitSmall'
  checkSample(where, 'observed', observed)
  checkSample(where, 'probabilities', probabilities)
  const { seed, resamples, maxExact } = smallOptions(where, options)
  const k = observed.length
  if (probabilities.length !== k)
    throw new InvalidRangeError(
      where,
      'observed and probabilities',
      `must have the same length, got ${k} and ${probabilities.length}`,
    )
  let n = 0
  let total = 0
  for (let i = 0; i < k; i++) {
    const o = observed[i]
    if (!(o >= 0) || !Number.isInteger(o))
      throw new InvalidRangeError(where, `observed[${i}]`, `must be a whole number >= 0, got ${o}`)
    if (!(probabilities[i] >= 0)) throw new InvalidRangeError(where, `probabilities[${i}]`, 'must be >= 0')
    n += o
    total += probabilities[i]
  }
  if (!(total > 0)) throw new InvalidRangeError(where, 'probabilities', 'must have a positive sum')
  if (!(n > 0)) throw new InvalidRangeError(where, 'observed', 'must not be all zero')
  const p: number[] = []
  const obs: number[] = []
  for (let i = 0; i < k; i++) {
    const pi = probabilities[i] / total
    if (pi === 0) {
      if (observed[i] > 0)
        return {
          statistic: Number.POSITIVE_INFINITY,
          pValue: 0,
          method: 'impossible category',
          alternative: 'two-sided',
          df: k - 1,
          pMethod: 'exact',
        }
      continue
    }
    p.push(pi)
    obs.push(observed[i])
  }
  const kk = p.length
  const df = kk - 1
  if (kk < 2) return oneCategory()
  const expected = p.map((pi) => n * pi)
  const stat = pearson(obs, expected)
  const base = { statistic: stat, alternative: 'two-sided' as const, df }
  if (largeExpected(expected))
    return {
      ...base,
      pValue: chiSquareSf(stat, df),
      method: 'Pearson chi-square goodness of fit (asymptotic p)',
      pMethod: 'asymptotic',
    }
  // Ties in X² (equal up to rounding) count as at least as extreme: the p-value errs high, never low.
  const cut = stat * (1 - 1e-10) - 1e-12
  const outcomes = Math.exp(logChoose(n + kk - 1, kk - 1))
  if (outcomes <= maxExact) {
    // Every composition of n into kk parts: p = Σ P(x) over x with X²(x) ≥ X²(observed).
    let pv = 0
    forEachMultinomialX2(n, p, expected, cut, (_, probability) => {
      pv += probability
    })
    return {
      ...base,
      pValue: clip01(pv),
      method: 'Pearson chi-square goodness of fit (exact multinomial p)',
      pMethod: 'exact',
    }
  }
  const drawX2 = multinomialX2Sampler(createRng(seed).fork('chiSquareGoodnessOfFitSmall'), n, p, expected)
  let atLeast = 0
  for (let b = 0; b < resamples; b++)
    if (drawX2() >= cut && ++atLeast === BESAG_CLIFFORD_H)
      return sequentialResult(base, 'goodness of fit', b + 1)
  return {
    ...base,
    pValue: (1 + atLeast) / (resamples + 1),
    method: `Pearson chi-square goodness of fit (Monte Carlo p, ${resamples} resamples)`,
    pMethod: 'monte-carlo',
    resamples,
  }
}

/**
 * Pearson's chi-square homogeneity test of two count vectors over the same categories (a 2 × k table, no
 * Yates correction) with a p-value that holds at small expected counts: asymptotic when every expected
 * count is at least 5, else seeded Monte Carlo conditional on both margins (random tables with the same
 * row and column totals, drawn by sequential hypergeometric draws: the permutation distribution).
 * Categories empty in both are dropped.
 * @example chiSquareHomogeneitySmall([10, 0, 3], [12, 2, 1], { seed: 1 }).pValue
 */
export function chiSquareHomogeneitySmall(
  first: ArrayLike<number>,
  second: ArrayLike<number>,
  options: ChiSquareSmallOptions,
): ChiSquareSmallResult {
  const where = 'chiSquareHomogeneitySmall'
  checkSample(where, 'first', first)
  checkSample(where, 'second', second)
  const { seed, resamples } = smallOptions(where, options)
  if (first.length !== second.length)
    throw new InvalidRangeError(
      where,
      'first and second',
      `must have the same length, got ${first.length} and ${second.length}`,
    )
  const a: number[] = []
  const c: number[] = []
  let n = 0
  let m = 0
  for (let i = 0; i < first.length; i++) {
    for (const [v, arg] of [
      [first[i], `first[${i}]`],
      [second[i], `second[${i}]`],
    ] as const)
      if (!(v >= 0) || !Number.isInteger(v))
        throw new InvalidRangeError(where, arg, `must be a whole number >= 0, got ${v}`)
    if (first[i] + second[i] === 0) continue
    a.push(first[i])
    c.push(first[i] + second[i])
    n += first[i]
    m += second[i]
  }
  if (!(n > 0) || !(m > 0))
    throw new InvalidRangeError(where, n > 0 ? 'second' : 'first', 'must not be all zero')
  const k = a.length
  const df = k - 1
  if (k < 2) return oneCategory()
  const N = n + m
  const e1 = c.map((t) => (n * t) / N)
  const e2 = c.map((t) => (m * t) / N)
  const statOf = (x: ArrayLike<number>) => {
    let s = 0
    for (let i = 0; i < k; i++) s += (x[i] - e1[i]) ** 2 / e1[i] + (c[i] - x[i] - e2[i]) ** 2 / e2[i]
    return s
  }
  const stat = statOf(a)
  const base = { statistic: stat, alternative: 'two-sided' as const, df }
  if (largeExpected(e1) && largeExpected(e2))
    return {
      ...base,
      pValue: chiSquareSf(stat, df),
      method: 'Pearson chi-square homogeneity (2 × k table, asymptotic p)',
      pMethod: 'asymptotic',
    }
  const cut = stat * (1 - 1e-10) - 1e-12
  const rng = createRng(seed).fork('chiSquareHomogeneitySmall')
  const x = new Array<number>(k)
  let atLeast = 0
  for (let b = 0; b < resamples; b++) {
    let draws = n
    let remaining = N
    for (let i = 0; i < k; i++) {
      x[i] = i === k - 1 ? draws : drawHypergeometric(rng, c[i], remaining, draws)
      draws -= x[i]
      remaining -= c[i]
    }
    if (statOf(x) >= cut && ++atLeast === BESAG_CLIFFORD_H)
      return sequentialResult(base, 'homogeneity (2 × k table, given the margins)', b + 1)
  }
  return {
    ...base,
    pValue: (1 + atLeast) / (resamples + 1),
    method: `Pearson chi-square homogeneity (2 × k table, Monte Carlo p given the margins, ${resamples} resamples)`,
    pMethod: 'monte-carlo',
    resamples,
  }
}

/**
 * The upper-α critical value of Pearson's X² under the claim (counts ~ Multinomial(n, probabilities)) at small
 * expected counts, where the chi-square quantile is wrong (a rare category gives X² a heavy tail): the
 * smallest c with P(X² ≥ c) ≤ α, exact by enumeration when there are at most `maxExact` outcomes, else
 * from seeded Monte Carlo resamples (an upper 99% confidence bound of the quantile, from the order statistics
 * of B). The power of the test at an
 * alternative is that of a statistic exceeding this value (src/distributionPower.ts).
 * @example chiSquareNullCritical(1000, [0.5, 0.3, 0.1998, 0.0002], 0.001, { seed: 1 }) // ≈ 39, not 16.3
 */
export function chiSquareNullCritical(
  n: number,
  probabilities: ArrayLike<number>,
  alpha: number,
  options: ChiSquareSmallOptions,
): number {
  const where = 'chiSquareNullCritical'
  checkCount(where, 'n', n, 1)
  checkSample(where, 'probabilities', probabilities)
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1))
    throw new InvalidRangeError(where, 'alpha', 'must lie in (0, 1)')
  const { seed, resamples, maxExact } = smallOptions(where, options)
  let total = 0
  for (let i = 0; i < probabilities.length; i++) total += probabilities[i]
  const p = Array.from(probabilities, (v) => v / total).filter((v) => v > 0)
  const k = p.length
  if (k < 2) return Number.POSITIVE_INFINITY
  const expected = p.map((pi) => n * pi)
  const outcomes = Math.exp(logChoose(n + k - 1, k - 1))
  if (outcomes <= maxExact) {
    const stats: number[] = []
    const probs: number[] = []
    forEachMultinomialX2(n, p, expected, Number.NEGATIVE_INFINITY, (stat, probability) => {
      stats.push(stat)
      probs.push(probability)
    })
    const order = stats.map((_, i) => i).sort((a, b) => stats[b] - stats[a])
    // Walk down from the largest X²: c is the smallest value whose upper tail P(X² ≥ c) stays ≤ α.
    let tail = 0
    let c = Number.POSITIVE_INFINITY
    for (let j = 0; j < order.length; ) {
      const s = stats[order[j]]
      let mass = 0
      while (j < order.length && stats[order[j]] >= s * (1 - 1e-10) - 1e-12) mass += probs[order[j++]]
      if (tail + mass > alpha) break
      tail += mass
      c = s * (1 - 1e-10) - 1e-12
    }
    return c
  }
  const drawX2 = multinomialX2Sampler(createRng(seed).fork('chiSquareNullCritical'), n, p, expected)
  const draws = new Float64Array(resamples)
  for (let b = 0; b < resamples; b++) draws[b] = drawX2()
  draws.sort()
  // An upper 99% confidence bound for the quantile (binomial count of draws beyond it), so that the power
  // taken there errs low: a quantile estimated low would overstate the power.
  const rank = Math.ceil((1 - alpha) * resamples + 2.33 * Math.sqrt(resamples * alpha * (1 - alpha)) + 1)
  return rank > resamples ? draws[resamples - 1] : draws[rank - 1]
}
