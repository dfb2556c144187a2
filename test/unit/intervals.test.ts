import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import {
  bootstrapInterval,
  type IntervalAlternative,
  intervalFromBootstrapReplicates,
  meanDifferenceInterval,
  meanInterval,
  type ProportionMethod,
  proportionDifferenceInterval,
  proportionInterval,
  quantileInterval,
} from '../../src/intervals'
import { createRng } from '../../src/random'
import fixtures from '../fixtures/intervals.json'

// Reference values: test/fixtures/intervals.py (statsmodels 0.13.5, scipy 1.10.1).
const F = fixtures as any
const S: number[][] = F.samples
const num = (v: unknown): number =>
  v === 'inf' ? Number.POSITIVE_INFINITY : v === '-inf' ? Number.NEGATIVE_INFINITY : (v as number)

/** |a - e| ≤ rel·max(|e|, scale) (exact match required for infinities). */
function close(a: number, e: number, rel: number, scale = 0): boolean {
  if (a === e) return true
  if (!Number.isFinite(a) || !Number.isFinite(e)) return false
  return Math.abs(a - e) <= rel * Math.max(Math.abs(e), scale)
}

describe('proportionInterval vs statsmodels proportion_confint', () => {
  it(`${F.proportion.length} cases: wilson, beta, jeffreys, agresti_coull; one- and two-sided`, () => {
    const bad: string[] = []
    for (const [k, n, confidence, method, alternative, lo, hi] of F.proportion) {
      const r = proportionInterval(k, n, {
        confidence,
        method: method as ProportionMethod,
        alternative: alternative as IntervalAlternative,
      })
      // Absolute floor 1e-15: statsmodels' Wilson lower bound at k = 0 is a rounding error around 0.
      if (!close(r.lower, lo, 1e-10, 1e-5) || !close(r.upper, hi, 1e-10, 1e-5))
        bad.push(
          `${method} ${alternative} k=${k} n=${n} c=${confidence}: [${r.lower}, ${r.upper}] vs [${lo}, ${hi}]`,
        )
      expect(r.estimate).toBe(k / n)
      expect(r.method).toBe(method)
      expect(r.alternative).toBe(alternative)
    }
    expect(bad).toEqual([])
  })
  it('k = 0 and k = n: Clopper–Pearson reaches 0 and 1 exactly', () => {
    expect(proportionInterval(0, 10, { method: 'clopper-pearson' }).lower).toBe(0)
    expect(proportionInterval(10, 10, { method: 'clopper-pearson' }).upper).toBe(1)
    expect(proportionInterval(0, 10).lower).toBe(0)
    expect(proportionInterval(10, 10).upper).toBe(1)
    // Jeffreys (as statsmodels 0.13): no special case, the lower bound at k = 0 is positive.
    expect(proportionInterval(0, 10, { method: 'jeffreys' }).lower).toBeGreaterThan(0)
  })
  it('rule of three: the one-sided 95% upper bound at k = 0 is about 3/n', () => {
    const u = proportionInterval(0, 1000, { method: 'clopper-pearson', alternative: 'less' }).upper
    expect(u).toBeCloseTo(1 - 0.05 ** (1 / 1000), 14)
    expect(u * 1000).toBeCloseTo(3, 1)
  })
  it('validates input', () => {
    expect(() => proportionInterval(11, 10)).toThrow(/successes/)
    expect(() => proportionInterval(1.5, 10)).toThrow(InvalidRangeError)
    expect(() => proportionInterval(0, 0)).toThrow(/trials/)
    expect(() => proportionInterval(1, 10, { confidence: 1 })).toThrow(/confidence/)
    expect(() => proportionInterval(1, 10, { method: 'wald' as any })).toThrow(/method/)
    expect(() => proportionInterval(1, 10, { alternative: 'both' as any })).toThrow(/alternative/)
    expect(() => proportionInterval(Number.NaN, 10)).toThrow(InvalidRangeError)
    expect(() => proportionInterval('1' as any, 10)).toThrow(InvalidInputError)
  })
})

describe('meanInterval vs scipy', () => {
  it(`${F.mean.length} cases to 1e-12 (and scipy's ttest_1samp CI to 1e-7)`, () => {
    for (const c of F.mean) {
      const r = meanInterval(S[c.xs], { confidence: c.confidence, alternative: c.alternative })
      expect(close(r.estimate, c.estimate, 1e-14)).toBe(true)
      expect(close(r.standardError, c.se, 1e-12)).toBe(true)
      expect(close(r.lower, num(c.lower), 1e-12, r.standardError)).toBe(true)
      expect(close(r.upper, num(c.upper), 1e-12, r.standardError)).toBe(true)
      // scipy's t.ppf is good to ~1e-8 only.
      expect(close(r.lower, num(c.scipy[0]), 1e-7, r.standardError)).toBe(true)
      expect(close(r.upper, num(c.scipy[1]), 1e-7, r.standardError)).toBe(true)
      expect(r.df).toBe(S[c.xs].length - 1)
    }
  })
  it('all tied: zero-width interval; n = 1: error', () => {
    const r = meanInterval([3, 3, 3, 3])
    expect([r.lower, r.estimate, r.upper]).toEqual([3, 3, 3])
    expect(() => meanInterval([3])).toThrow(/at least 2/)
    expect(() => meanInterval([1, Number.POSITIVE_INFINITY])).toThrow(InvalidRangeError)
  })
})

describe('meanDifferenceInterval vs scipy (Welch and pooled)', () => {
  it(`${F.welch.length} cases to 1e-12`, () => {
    for (const c of F.welch) {
      const xs = S[c.xs]
      const ys = S[c.ys]
      const r = meanDifferenceInterval(xs, ys, { confidence: c.confidence, alternative: c.alternative })
      expect(r.method).toBe('welch-t')
      expect(close(r.estimate, c.estimate, 1e-13, 1)).toBe(true)
      expect(close(r.df, c.df, 1e-12)).toBe(true)
      expect(close(r.lower, num(c.lower), 1e-12, r.standardError)).toBe(true)
      expect(close(r.upper, num(c.upper), 1e-12, r.standardError)).toBe(true)
      const p = meanDifferenceInterval(xs, ys, {
        confidence: c.confidence,
        alternative: c.alternative,
        equalVariance: true,
      })
      expect(close(p.lower, num(c.pooled[0]), 1e-12, p.standardError)).toBe(true)
      expect(close(p.upper, num(c.pooled[1]), 1e-12, p.standardError)).toBe(true)
      expect(p.df).toBe(c.pooled[3])
    }
  })
  it('identical constant samples: zero-width interval at 0', () => {
    const r = meanDifferenceInterval([2, 2, 2], [2, 2])
    expect([r.lower, r.estimate, r.upper]).toEqual([0, 0, 0])
    expect(() => meanDifferenceInterval([1, 2], [1])).toThrow(/ys/)
  })
})

describe('proportionDifferenceInterval vs statsmodels newcomb', () => {
  it(`${F.newcombe.length} cases to 1e-10`, () => {
    for (const [k1, n1, k2, n2, confidence, alternative, lo, hi] of F.newcombe) {
      const r = proportionDifferenceInterval(k1, n1, k2, n2, { confidence, alternative })
      expect(close(r.lower, lo, 1e-10, 1e-5)).toBe(true)
      expect(close(r.upper, hi, 1e-10, 1e-5)).toBe(true)
      expect(r.estimate).toBeCloseTo(k1 / n1 - k2 / n2, 15)
    }
  })
  it("Newcombe's (1998) worked example: 56/70 vs 48/80 gives [0.0524, 0.3339]", () => {
    const r = proportionDifferenceInterval(56, 70, 48, 80)
    expect(r.lower).toBeCloseTo(0.0524, 4)
    expect(r.upper).toBeCloseTo(0.3339, 4)
    expect(r.method).toBe('newcombe')
  })
})

describe('quantileInterval (order statistics)', () => {
  it(`${F.quantile.length} cases: ranks, bounds and coverage`, () => {
    for (const c of F.quantile) {
      const r = quantileInterval(S[c.xs], c.p, { confidence: c.confidence, alternative: c.alternative })
      expect([r.lowerRank, r.upperRank]).toEqual([c.lowerRank, c.upperRank])
      expect(r.lower).toBe(num(c.lower))
      expect(r.upper).toBe(num(c.upper))
      expect(r.coverage).toBeCloseTo(c.coverage, 12)
      expect(r.coverage).toBeGreaterThanOrEqual(c.confidence - 1e-12)
      expect(close(r.estimate, c.estimate, 1e-14, 1)).toBe(true)
    }
  })
  it('median of 100 values: ranks 40 and 61', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1)
    const r = quantileInterval(xs, 0.5)
    expect([r.lower, r.upper]).toEqual([40, 61])
  })
  it('coverage is honest: simulated coverage of the median interval ≥ nominal', () => {
    const rng = createRng('quantile-coverage')
    let hits = 0
    const reps = 2000
    for (let r = 0; r < reps; r++) {
      const xs = Array.from({ length: 25 }, () => rng.normal())
      const ci = quantileInterval(xs, 0.5, { confidence: 0.9 })
      if (ci.lower <= 0 && 0 < ci.upper) hits++
    }
    const cov = quantileInterval(
      new Float64Array(25).map((_, i) => i),
      0.5,
      { confidence: 0.9 },
    ).coverage
    // Binomial standard error of the hit rate is ~0.006; allow 4 of them.
    expect(Math.abs(hits / reps - cov)).toBeLessThan(0.025)
  })
  it('validates p', () => {
    expect(() => quantileInterval([1, 2, 3], 0)).toThrow(/p/)
    expect(() => quantileInterval([1, 2, 3], 1)).toThrow(/p/)
  })
})

describe('bootstrapInterval', () => {
  it('BCa and percentile arithmetic equal scipy._bca_interval + np.percentile on the same replicates', () => {
    for (const c of F.bootstrapExact) {
      const xs = S[c.xs]
      const reps = S[c.replicates]
      const bca = intervalFromBootstrapReplicates(c.estimate, reps, {
        confidence: c.confidence,
        acceleration: c.acceleration,
      })
      expect(close(bca.levels[0], c.levels[0], 1e-12)).toBe(true)
      expect(close(bca.levels[1], c.levels[1], 1e-12)).toBe(true)
      expect(close(bca.lower, c.bca[0], 1e-12)).toBe(true)
      expect(close(bca.upper, c.bca[1], 1e-12)).toBe(true)
      expect(close(bca.standardError, c.standardError, 1e-12)).toBe(true)
      const pct = intervalFromBootstrapReplicates(c.estimate, reps, {
        confidence: c.confidence,
        method: 'percentile',
      })
      expect(close(pct.lower, c.percentile[0], 1e-13)).toBe(true)
      expect(close(pct.upper, c.percentile[1], 1e-13)).toBe(true)
      // The closed-form acceleration of the mean equals scipy's jackknife value.
      const mine = bootstrapInterval(xs, { resamples: 10, seed: 1 })
      expect(close(mine.acceleration, c.acceleration, 1e-9, 1e-6)).toBe(true)
    }
  })
  it('jackknife acceleration of a custom statistic (std) equals scipy', () => {
    const std = (s: Float64Array) => {
      let m = 0
      for (const v of s) m += v
      m /= s.length
      let ss = 0
      for (const v of s) ss += (v - m) ** 2
      return Math.sqrt(ss / s.length)
    }
    for (const c of F.bootstrapAcceleration) {
      const r = bootstrapInterval(S[c.xs], std, { resamples: 50, seed: 3 })
      expect(close(r.acceleration, c.acceleration, 1e-10, 1e-8)).toBe(true)
    }
  })
  it('agrees with scipy.stats.bootstrap (99999 resamples each) to 2% of the interval width', () => {
    // Different random numbers: Monte Carlo error of the bounds is well under 1% of the width here.
    for (const c of F.bootstrapScipy) {
      const r = bootstrapInterval(S[c.xs], { method: c.method, resamples: 99999, seed: 'scipy-check' })
      const width = c.upper - c.lower
      expect(Math.abs(r.lower - c.lower)).toBeLessThan(0.02 * width)
      expect(Math.abs(r.upper - c.upper)).toBeLessThan(0.02 * width)
      expect(Math.abs(r.standardError - c.standardError)).toBeLessThan(0.01 * c.standardError)
    }
  })
  it('mean fast path = generic path with the mean as a function (same resamples)', () => {
    const xs = S[F.bootstrapScipy[0].xs]
    const meanFn = (s: Float64Array) => {
      let t = 0
      for (const v of s) t += v
      return t / s.length
    }
    for (const method of ['bca', 'percentile'] as const) {
      const a = bootstrapInterval(xs, { method, resamples: 2000, seed: 42 })
      const b = bootstrapInterval(xs, meanFn, { method, resamples: 2000, seed: 42 })
      expect(b.lower).toBeCloseTo(a.lower, 12)
      expect(b.upper).toBeCloseTo(a.upper, 12)
      expect(b.acceleration).toBeCloseTo(a.acceleration, 12)
    }
  })
  it('deterministic for a seed, different for another; rng option', () => {
    const xs = S[F.bootstrapScipy[1].xs]
    const a = bootstrapInterval(xs, { resamples: 500, seed: 5 })
    expect(bootstrapInterval(xs, { resamples: 500, seed: 5 })).toEqual(a)
    expect(bootstrapInterval(xs, { resamples: 500, seed: 6 }).lower).not.toBe(a.lower)
    expect(bootstrapInterval(xs, { resamples: 500, rng: createRng(5) })).toEqual(a)
    expect(bootstrapInterval(xs, { resamples: 500 })).toEqual(bootstrapInterval(xs, { resamples: 500 }))
  })
  it('one-sided intervals use the 1 - confidence tail', () => {
    const xs = S[F.bootstrapScipy[1].xs]
    const two = bootstrapInterval(xs, { confidence: 0.9, resamples: 3000, seed: 9 })
    const less = bootstrapInterval(xs, { confidence: 0.95, alternative: 'less', resamples: 3000, seed: 9 })
    const greater = bootstrapInterval(xs, {
      confidence: 0.95,
      alternative: 'greater',
      resamples: 3000,
      seed: 9,
    })
    expect(less.lower).toBe(Number.NEGATIVE_INFINITY)
    expect(greater.upper).toBe(Number.POSITIVE_INFINITY)
    // (1 - 0.9) / 2 and 1 - 0.95 differ in the last bit, hence toBeCloseTo.
    expect(less.upper).toBeCloseTo(two.upper, 12)
    expect(greater.lower).toBeCloseTo(two.lower, 12)
  })
  it('degenerate data: all tied or n = 1 gives a zero-width interval', () => {
    for (const xs of [[4, 4, 4, 4], [7]]) {
      const r = bootstrapInterval(xs, { resamples: 100 })
      expect([r.lower, r.upper]).toEqual([xs[0], xs[0]])
    }
  })
  it('median via a custom statistic', () => {
    const rng = createRng('median-boot')
    const xs = Array.from({ length: 201 }, () => rng.normal(10, 1))
    const med = (s: Float64Array) => Float64Array.from(s).sort()[s.length >> 1]
    const r = bootstrapInterval(xs, med, { method: 'percentile', resamples: 1000, seed: 1 })
    expect(r.lower).toBeLessThan(r.estimate)
    expect(r.upper).toBeGreaterThan(r.estimate)
    expect(r.upper - r.lower).toBeLessThan(0.6)
  })
  it('validates input', () => {
    expect(() => bootstrapInterval([])).toThrow(InvalidRangeError)
    expect(() => bootstrapInterval([1, 2], { resamples: 0 })).toThrow(/resamples/)
    expect(() => bootstrapInterval([1, 2], { method: 'bc' as any })).toThrow(/method/)
    expect(() => bootstrapInterval([1, 2], 3 as any)).toThrow(/statistic/)
    expect(() => bootstrapInterval([1, 2], () => Number.NaN)).toThrow(/statistic/)
  })
})
