import { describe, expect, it } from 'vitest'
import { ksDistance } from '../../src/distances'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import {
  binomialTest,
  chiSquareGoodnessOfFit,
  chiSquareIndependence,
  type KsDistribution,
  ks2Sample,
  ksTest,
  mannWhitneyU,
  mcnemarTest,
  type TestAlternative,
  welchTTest,
} from '../../src/hypothesis'
import { createRng } from '../../src/random'
import ks from '../fixtures/hypothesis_ks.json'
import fx from '../fixtures/hypothesis_tests.json'

/** Throws unless |actual − expected| ≤ atol + rtol·|expected| (NaN only matches NaN). */
function near(actual: number, expected: number | null, rtol: number, atol: number, label: string) {
  const e = expected === null ? Number.NaN : expected
  if (Number.isNaN(e) && Number.isNaN(actual)) return
  if (actual === e) return
  if (!(Math.abs(actual - e) <= atol + rtol * Math.abs(e)))
    throw new Error(`${label}: got ${actual}, expected ${e} (rel ${(actual - e) / e})`)
}

// Tolerances: statistics 1e-10 relative; p-values 1e-8 relative (down to 1e-300 absolute) unless noted.
const STAT = 1e-10
const P = 1e-8
const P_ATOL = 1e-300

describe('ksTest equals scipy.stats.ks_1samp', () => {
  it(`on ${ks.oneSample.length} cases`, () => {
    for (const c of ks.oneSample) {
      const r = ksTest(c.x, c.dist as KsDistribution, {
        alternative: c.alternative as TestAlternative,
        method: c.method as 'auto',
      })
      const label = `${c.name} ${c.alternative} ${c.method}`
      near(r.statistic, c.statistic, STAT, 1e-15, `${label} statistic`)
      // p-values: 1e-8 relative; the normal CDF itself is only good to ~1e-15 relative, and kstwo's
      // sensitivity dp/dD amplifies that, so allow an absolute 1e-13 as well
      near(r.pValue, c.pValue, P, 1e-13, `${label} pValue`)
      expect(r.location).toBe(c.location)
      expect(r.sign).toBe(c.sign)
    }
  })
  it('accepts a CDF function', () => {
    const r = ksTest([0.1, 0.4, 0.7], (x) => Math.min(1, Math.max(0, x)))
    expect(r.statistic).toBeCloseTo(0.3, 14)
    expect(r.method).toMatch(/exact/)
  })
  it('validates inputs', () => {
    expect(() => ksTest([], { normal: {} })).toThrow(InvalidRangeError)
    expect(() => ksTest([1, Number.NaN], { normal: {} })).toThrow(InvalidRangeError)
    expect(() => ksTest([1], { normal: { sd: 0 } })).toThrow(InvalidRangeError)
    expect(() => ksTest([1], { gamma: {} } as never)).toThrow(InvalidRangeError)
    expect(() => ksTest([1], 'normal' as never)).toThrow(InvalidInputError)
    expect(() => ksTest([1], () => 2)).toThrow(InvalidRangeError)
    expect(() => ksTest([1], { normal: {} }, { alternative: 'both' as never })).toThrow(InvalidRangeError)
  })
  it('does not mutate its input', () => {
    const xs = [3, 1, 2]
    ksTest(xs, { uniform: { min: 0, max: 4 } })
    expect(xs).toEqual([3, 1, 2])
  })
})

describe('ks2Sample equals scipy.stats.ks_2samp', () => {
  it(`on ${ks.twoSample.length} cases`, () => {
    for (const c of ks.twoSample) {
      const r = ks2Sample(c.x, c.y, {
        alternative: c.alternative as TestAlternative,
        method: c.method as 'auto',
      })
      const label = `${c.name} ${c.alternative} ${c.method}`
      near(r.statistic, c.statistic, STAT, 1e-15, `${label} statistic`)
      near(r.pValue, c.pValue, P, P_ATOL, `${label} pValue`)
      expect(r.location, `${label} location`).toBe(c.location)
      expect(r.sign, `${label} sign`).toBe(c.sign)
    }
  })
  it('sorts large samples (radix sort) exactly as the native sort would', () => {
    const rng = createRng('radix')
    const n = 40000
    const make = (shift: number) => {
      const v = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        const u = rng()
        // integers (exact ties), signed zeros, values differing only in their last mantissa bits (runs that
        // share the top 48 bits), and values spread over 60 orders of magnitude
        if (u < 0.1) v[i] = Math.round(rng.normal(shift, 3))
        else if (u < 0.12) v[i] = u < 0.11 ? -0 : 0
        else if (u < 0.2) v[i] = (u < 0.16 ? -1 : 1) * (1 + rng.integer(0, 5000) * 2 ** -52)
        else v[i] = rng.normal(shift, 1) * 10 ** rng.integer(-30, 30)
      }
      return v
    }
    const x = make(0)
    const y = make(0.5)
    const r = ks2Sample(x, y)
    expect(r.statistic).toBe(ksDistance(x, y))
    // location: first value of concat(x, y) (sorted each) attaining the extreme, as numpy's argmax
    const sx = Float64Array.from(x).sort()
    const sy = Float64Array.from(y).sort()
    const cdf = (s: Float64Array, v: number) => {
      let lo = 0
      let hi = s.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (s[mid] <= v) lo = mid + 1
        else hi = mid
      }
      return lo / s.length
    }
    const all = [...sx, ...sy]
    const diffs = all.map((v) => cdf(sx, v) - cdf(sy, v))
    const target = r.sign === 1 ? Math.max(...diffs) : Math.min(...diffs)
    expect(r.location).toBe(all[diffs.indexOf(target)])
    // Mann–Whitney U from a plain average-rank computation
    const idx = all.map((_, i) => i)
    const vals = [...x, ...y]
    idx.sort((p, q) => vals[p] - vals[q])
    const ranks = new Float64Array(vals.length)
    for (let k = 0; k < idx.length; ) {
      let e = k
      while (e + 1 < idx.length && vals[idx[e + 1]] === vals[idx[k]]) e++
      for (let t = k; t <= e; t++) ranks[idx[t]] = (k + e) / 2 + 1
      k = e + 1
    }
    let R1 = 0
    for (let k = 0; k < n; k++) R1 += ranks[k]
    expect(mannWhitneyU(x, y).statistic).toBe(R1 - (n * (n + 1)) / 2)
    expect(() => ks2Sample(Float64Array.of(1, Number.NaN), [1])).toThrow(/xs\[1\] must be finite/)
    const big = Float64Array.from(x)
    big[n - 1] = Number.NaN
    expect(() => ks2Sample(big, y)).toThrow(new RegExp(`xs\\[${n - 1}\\] must be finite`))
    big[n - 1] = Number.NEGATIVE_INFINITY
    expect(() => mannWhitneyU(y, big)).toThrow(new RegExp(`ys\\[${n - 1}\\] must be finite`))
  })
  it('reports the method used, including the asymptotic fallback', () => {
    expect(ks2Sample([1, 2, 3], [4, 5]).method).toMatch(/exact/)
    expect(ks2Sample([1, 2, 3], [4, 5], { method: 'asymptotic' }).method).toMatch(/asymptotic/)
    const big = ks.twoSample.find((c) => c.name === 'exact fails' && c.alternative === 'greater')!
    expect(ks2Sample(big.x, big.y, { alternative: 'greater' }).method).toMatch(/asymptotic, exact overflowed/)
  })
  it('validates inputs', () => {
    expect(() => ks2Sample([], [1])).toThrow(InvalidRangeError)
    expect(() => ks2Sample([1], [Number.POSITIVE_INFINITY])).toThrow(InvalidRangeError)
    expect(() => ks2Sample([1], [2], { method: 'approx' as never })).toThrow(InvalidRangeError)
  })
})

describe('chiSquareGoodnessOfFit equals scipy.stats.chisquare', () => {
  it(`on ${fx.goodnessOfFit.length} cases`, () => {
    for (const c of fx.goodnessOfFit) {
      const r = chiSquareGoodnessOfFit(c.observed, c.expected ?? undefined, { ddof: c.ddof })
      near(r.statistic, c.statistic, STAT, 1e-14, `gof ${c.observed} statistic`)
      near(r.pValue, c.pValue, P, P_ATOL, `gof ${c.observed} pValue`)
    }
  })
  it('validates inputs', () => {
    expect(() => chiSquareGoodnessOfFit([1, 2], [1, 1])).toThrow(/sum to the observed total/)
    expect(() => chiSquareGoodnessOfFit([1, -2])).toThrow(InvalidRangeError)
    expect(() => chiSquareGoodnessOfFit([1, 2], [3, 0])).toThrow(InvalidRangeError)
    expect(() => chiSquareGoodnessOfFit([1, 2, 3], undefined, { ddof: 2 })).toThrow(/degrees of freedom/)
  })
})

describe('chiSquareIndependence equals scipy.stats.chi2_contingency', () => {
  it(`on ${fx.independence.length} cases`, () => {
    for (const c of fx.independence) {
      const r = chiSquareIndependence(c.table, { correction: c.correction })
      const label = `${JSON.stringify(c.table)} correction=${c.correction}`
      near(r.statistic, c.statistic, STAT, 1e-14, `${label} statistic`)
      near(r.pValue, c.pValue, P, P_ATOL, `${label} pValue`)
      expect(r.df).toBe(c.df)
      r.expected.forEach((row, i) => {
        row.forEach((e, j) => {
          near(e, c.expected[i][j], 1e-12, 0, 'expected')
        })
      })
    }
  })
  it('rejects zero margins and ragged tables', () => {
    expect(() =>
      chiSquareIndependence([
        [0, 0],
        [1, 2],
      ]),
    ).toThrow(/zero expected/)
    expect(() => chiSquareIndependence([[1, 2], [3]])).toThrow(InvalidRangeError)
  })
})

describe('binomialTest equals scipy.stats.binomtest', () => {
  it(`on ${fx.binomial.length} cases, including k = 0, k = n, p = 0 and p = 1`, () => {
    for (const c of fx.binomial) {
      const r = binomialTest(c.k, c.n, c.p, { alternative: c.alternative as TestAlternative })
      const label = `binomialTest(${c.k}, ${c.n}, ${c.p}, ${c.alternative})`
      near(r.statistic, c.statistic, STAT, 0, `${label} statistic`)
      near(r.pValue, c.pValue, P, P_ATOL, `${label} pValue`)
    }
  })
  it('validates inputs', () => {
    expect(() => binomialTest(11, 10, 0.5)).toThrow(InvalidRangeError)
    expect(() => binomialTest(1.5, 10, 0.5)).toThrow(InvalidRangeError)
    expect(() => binomialTest(1, 10, 1.5)).toThrow(InvalidRangeError)
  })
})

describe('mcnemarTest equals statsmodels mcnemar', () => {
  it(`on ${fx.mcnemar.length} cases`, () => {
    for (const c of fx.mcnemar) {
      const opts = { exact: c.exact, correction: c.correction }
      const r = mcnemarTest(c.b, c.c, opts)
      const t = mcnemarTest(
        [
          [25, c.b],
          [c.c, 30],
        ],
        opts,
      )
      expect(t).toEqual(r)
      const label = `mcnemar(${c.b}, ${c.c}, ${JSON.stringify(opts)})`
      if (c.b + c.c === 0) {
        // statsmodels: NaN for the chi-square version; we report "no evidence"
        expect(r.pValue).toBe(1)
        continue
      }
      near(r.statistic, c.statistic, STAT, 0, `${label} statistic`)
      near(r.pValue, c.pValue, P, P_ATOL, `${label} pValue`)
    }
  })
  it('validates inputs', () => {
    expect(() => mcnemarTest(-1, 2)).toThrow(InvalidRangeError)
    expect(() => mcnemarTest([[1, 2]] as never)).toThrow(InvalidInputError)
  })
})

describe('mannWhitneyU equals scipy.stats.mannwhitneyu', () => {
  it(`on ${fx.mannWhitney.length} cases`, () => {
    for (const c of fx.mannWhitney) {
      const r = mannWhitneyU(c.x, c.y, {
        alternative: c.alternative as TestAlternative,
        method: c.method as 'auto',
        useContinuity: c.useContinuity,
      })
      const label = `${c.name} ${c.alternative}`
      near(r.statistic, c.statistic, STAT, 0, `${label} statistic`)
      near(r.pValue, c.pValue, P, P_ATOL, `${label} pValue`)
    }
  })
})

describe('welchTTest equals scipy.stats.ttest_ind(equal_var=False)', () => {
  it(`on ${fx.welch.length} cases`, () => {
    for (const c of fx.welch) {
      const r = welchTTest(c.x, c.y, { alternative: c.alternative as TestAlternative })
      const label = `${c.name} ${c.alternative}`
      // 1e-9: the data with a 1e6 offset loses ~6 digits in the mean difference, here as in numpy
      near(r.statistic, c.statistic, 1e-9, 0, `${label} statistic`)
      near(r.df, c.df, 1e-9, 0, `${label} df`)
      near(r.pValue, c.pValue, 1e-8, P_ATOL, `${label} pValue`)
    }
  })
  it('rejects samples that are too small or both constant', () => {
    expect(() => welchTTest([1], [1, 2])).toThrow(InvalidRangeError)
    expect(() => welchTTest([1, 1], [2, 2])).toThrow(/both constant/)
  })
})
