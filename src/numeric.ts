import { betaIsf, betaPpf, logGamma } from './distributions'

/**
 * Internal numeric building blocks shared by several engine files, so that each is computed in one place:
 * the compensated mean, the corrected two-pass variance, the exact power-of-two scaling that keeps them
 * finite, the Welch–Satterthwaite degrees of freedom, the greatest common divisor, the binomial
 * probabilities over the window that holds their mass, the Clopper–Pearson bounds. No validation (the
 * callers check their input); not exported from the package (src/index.ts).
 */

/**
 * The power of two nearest above max |xᵢ| over all `samples` when that is so large that squares overflow
 * (> 2⁵⁰⁰) or, with `small`, so small that they underflow (< 2⁻⁴⁵⁰, but not 0); otherwise 1. Dividing by
 * it is exact.
 */
export function powerOfTwoScale(samples: readonly ArrayLike<number>[], small = true): number {
  let max = 0
  for (const xs of samples) for (let i = 0; i < xs.length; i++) max = Math.max(max, Math.abs(xs[i]))
  return powerOfTwoScaleOf(max, small)
}

/** {@link powerOfTwoScale} of values whose largest absolute value is `max` (for callers that know it). */
export function powerOfTwoScaleOf(max: number, small = true): number {
  if (max > 2 ** 500 || (small && max > 0 && max < 2 ** -450))
    return 2 ** Math.min(Math.ceil(Math.log2(max)), 1023)
  return 1
}

/**
 * The arithmetic mean in two passes (the sum, then the mean residual added back), which keeps full
 * precision even when the values share a large offset. A sum that overflows is redone in units of a
 * power of two (exact scaling).
 */
export function meanUnchecked(xs: ArrayLike<number>): number {
  const n = xs.length
  let s = 0
  for (let i = 0; i < n; i++) s += xs[i]
  if (!Number.isFinite(s)) {
    const c = powerOfTwoScale([xs])
    if (c === 1) return s / n
    return meanUnchecked(Float64Array.from(xs, (x) => x / c)) * c
  }
  const m = s / n
  let r = 0
  for (let i = 0; i < n; i++) r += xs[i] - m
  return m + r / n
}

/**
 * The mean and the variance with divisor `n - ddof`, by the corrected two-pass algorithm (Chan, Golub &
 * LeVeque 1983): `(Σ(x - m)² - (Σ(x - m))² / n) / (n - ddof)`, floored at 0. `xs.length > ddof` is the
 * caller's business.
 */
export function meanVarianceUnchecked(xs: ArrayLike<number>, ddof = 1): [number, number] {
  const n = xs.length
  const m = meanUnchecked(xs)
  let ss = 0
  let s = 0
  for (let i = 0; i < n; i++) {
    const d = xs[i] - m
    s += d
    ss += d * d
  }
  const v = (ss - (s * s) / n) / (n - ddof)
  return [m, Math.max(v, 0)]
}

/**
 * The Welch–Satterthwaite degrees of freedom (a₁ + a₂)² / (a₁²/(n₁ − 1) + a₂²/(n₂ − 1)) of two squared
 * standard errors aᵢ = sᵢ²/nᵢ. When the squares underflow (variances of very different sizes) the same
 * ratio is taken in shares of a₁ + a₂.
 */
export function welchDegreesOfFreedom(a1: number, n1: number, a2: number, n2: number): number {
  const df = (a1 + a2) ** 2 / (a1 ** 2 / (n1 - 1) + a2 ** 2 / (n2 - 1))
  if (Number.isFinite(df)) return df
  const w1 = a1 / (a1 + a2)
  const w2 = a2 / (a1 + a2)
  return 1 / ((w1 * w1) / (n1 - 1) + (w2 * w2) / (n2 - 1))
}

/** The greatest common divisor of two whole numbers ≥ 0 (Euclid). */
export function gcd(a: number, b: number): number {
  while (b) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

/**
 * Binomial(n, p) probabilities, 0 < p < 1, over the window [from, from + pmf.length) = [mean − 12·sd − 10,
 * mean + 12·sd + 10] ∩ [0, n], which holds all but ~1e-30 of the mass: exp of the log pmf at the mode, then
 * the ratio recursion outward. Not normalized (the callers divide by the window's total).
 */
export function binomialWindowUnnormalized(n: number, p: number): { from: number; pmf: Float64Array } {
  const mean = n * p
  const sd = Math.sqrt(n * p * (1 - p))
  const from = Math.max(0, Math.floor(mean - 12 * sd - 10))
  const to = Math.min(n, Math.ceil(mean + 12 * sd + 10))
  const mode = Math.min(to, Math.max(from, Math.floor((n + 1) * p)))
  const pmf = new Float64Array(to - from + 1)
  pmf[mode - from] = Math.exp(
    logGamma(n + 1) -
      logGamma(mode + 1) -
      logGamma(n - mode + 1) +
      mode * Math.log(p) +
      (n - mode) * Math.log1p(-p),
  )
  const odds = p / (1 - p)
  for (let k = mode + 1; k <= to; k++) pmf[k - from] = (pmf[k - 1 - from] * (n - k + 1) * odds) / k
  for (let k = mode - 1; k >= from; k--) pmf[k - from] = (pmf[k + 1 - from] * (k + 1)) / ((n - k) * odds)
  return { from, pmf }
}

/** lo + (hi − lo)·k/bins, also when hi − lo or (hi − lo)·k overflows (values near ±MAX_VALUE). */
export function evenlySpaced(lo: number, hi: number, k: number, bins: number): number {
  const wk = (hi - lo) * k
  if (Number.isFinite(wk)) return lo + wk / bins
  return 2 * (lo / 2 + (hi / 2 - lo / 2) * (k / bins))
}

/**
 * Clopper–Pearson ("exact") bounds [lower, upper] of a binomial probability from k successes in n trials,
 * each leaving `tail` on its own side: Beta(k, n − k + 1) lower quantile (0 at k = 0) and Beta(k + 1, n − k)
 * upper quantile (1 at k = n), as statsmodels' `proportion_confint(method='beta')`.
 */
export function clopperPearsonUnchecked(k: number, n: number, tail: number): [number, number] {
  return [k === 0 ? 0 : betaPpf(tail, k, n - k + 1), k === n ? 1 : betaIsf(tail, k + 1, n - k)]
}

/** numpy's round (half to even). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x)
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1
  return r
}

/**
 * The effective size n·m/(n + m) of a two-sample KS test, rounded half to even as SciPy's
 * `ks_2samp(method='asymp')` does (the size of the one-sample distribution it uses). Written with m/n so
 * that sizes near the largest double do not overflow.
 */
export function ksEffectiveSize(n: number, m: number): number {
  const M = Math.max(n, m)
  const N = Math.min(n, m)
  return roundHalfEven(N / (1 + N / M))
}
