// Numeric edges of the proportion intervals and the beta/binomial functions under them: tiny and
// fractional n, n up to 1e300, rates from 5e-324 to 1 - 1e-16, x = 0 and x = n. Every finite input the
// checks accept gives bounds in [0, 1] (lower ≤ upper at rates ≤ ½), never NaN, quickly; the values are
// checked against statsmodels / scipy / mpmath in test/fixtures/intervals.py and distributions.py.
import { describe, expect, it } from 'vitest'
import { betaIsf, betaPpf, regularizedBeta, regularizedBetaComplement } from '../../src/distributions'
import { proportionDifferenceInterval, proportionInterval, wilsonBounds } from '../../src/intervals'
import { clopperPearsonBounds } from '../../src/meanBounds'
import { exactProportionBounds } from '../../src/metricDecisions'
import fixtures from '../fixtures/intervals.json'

// Reference values: test/fixtures/intervals.py (wilsonExtreme, proportionExtreme: 60-digit mpmath, and
// statsmodels 0.13.5 where it is finite).
const F = fixtures as unknown as {
  wilsonExtreme: [number, number, number, number, number, [number, number] | null][]
  proportionExtreme: [number, number, number, string, number, number, [number, number] | null][]
}

/** |a − e| ≤ rel·|e| + abs. */
const near = (a: number, e: number, rel: number, abs: number) => Math.abs(a - e) <= rel * Math.abs(e) + abs

const RATES = [5e-324, 1e-300, 1e-16, 1e-3, 0.05, 0.4999, 0.5]
const ABOVE_HALF = [0.9, 1 - 1e-16]

function inUnit(where: string, b: { lower: number; upper: number }, ordered: boolean, bad: string[]) {
  const ok = b.lower >= 0 && b.lower <= 1 && b.upper >= 0 && b.upper <= 1 && (!ordered || b.lower <= b.upper)
  if (!ok) bad.push(`${where}: [${b.lower}, ${b.upper}]`)
}

describe('wilsonBounds at extreme inputs', () => {
  it('bounds in [0, 1] for n from 5e-324 to MAX_VALUE, every p and rate', () => {
    const bad: string[] = []
    for (const n of [5e-324, 1e-300, 0.3, 1, 7.5, 1e15, 1e300, Number.MAX_VALUE])
      for (const p of [0, 1e-300, 1e-16, 0.5, 1 - 1e-16, 1]) {
        for (const rate of RATES)
          inUnit(`wilsonBounds(${p}, ${n}, ${rate})`, wilsonBounds(p, n, rate), true, bad)
        for (const rate of ABOVE_HALF)
          inUnit(`wilsonBounds(${p}, ${n}, ${rate})`, wilsonBounds(p, n, rate), false, bad)
      }
    expect(bad).toEqual([])
  })
  it('a subnormal n knows nothing: [0, 1] at p = 0; rate ½ gives [p, p]', () => {
    expect(wilsonBounds(0, 5e-324, 5e-324)).toEqual({ lower: 0, upper: 1 })
    expect(wilsonBounds(0.3, 5e-324, 0.05)).toEqual({ lower: 0, upper: 1 })
    expect(wilsonBounds(0.3, 5e-324, 0.5)).toEqual({ lower: 0.3, upper: 0.3 })
  })
  it('n = 1e15: the bounds hug p at the normal-approximation width z·√(p(1−p)/n)', () => {
    const b = wilsonBounds(0.3, 1e15, 0.05)
    const h = 1.6448536269514722 * Math.sqrt(0.21 / 1e15)
    expect((0.3 - b.lower) / h).toBeCloseTo(1, 6)
    expect((b.upper - 0.3) / h).toBeCloseTo(1, 6)
  })
  it('an error rate above ½ puts each bound on the far side of p (the score test)', () => {
    const b = wilsonBounds(0, 10, 0.9)
    expect(b.lower).toBeGreaterThan(0)
    expect(b.lower).toBeCloseTo(1.2815515655446004 ** 2 / (10 + 1.2815515655446004 ** 2), 14)
  })
})

describe('extreme rows against mpmath and statsmodels (test/fixtures/intervals.py)', () => {
  it(`wilsonBounds: ${F.wilsonExtreme.length} rows, n from 5e-324 to 1e300, rates from 5e-324 to 0.4999`, () => {
    const bad: string[] = []
    for (const [p, n, rate, lo, hi, sm] of F.wilsonExtreme) {
      const b = wilsonBounds(p, n, rate)
      // 1e-15 absolute: a bound near 0 is a difference of two numbers near ½ when z²/n is large.
      if (!near(b.lower, lo, 1e-12, 1e-15) || !near(b.upper, hi, 1e-12, 1e-15))
        bad.push(`wilsonBounds(${p}, ${n}, ${rate}): [${b.lower}, ${b.upper}] vs mpmath [${lo}, ${hi}]`)
      if (sm && (!near(b.lower, sm[0], 1e-9, 1e-12) || !near(b.upper, sm[1], 1e-9, 1e-12)))
        bad.push(`wilsonBounds(${p}, ${n}, ${rate}): [${b.lower}, ${b.upper}] vs statsmodels [${sm}]`)
    }
    expect(bad).toEqual([])
  })
  it(`Clopper–Pearson and Jeffreys: ${F.proportionExtreme.length} rows, n from 1e6 to 1e300, x near 0 and n`, () => {
    const bad: string[] = []
    for (const [k, n, rate, method, lo, hi, sm] of F.proportionExtreme) {
      const mirror = k > n / 2
      // Mirror rows (x = n − k) hold 1 − a bound: compared to 2e-16 absolute; others relative, 1e-10 at
      // n = 1e6 (the incomplete beta's continued fraction at b = 1e6, as in distributions.test.ts), 1e-11
      // beyond (the gamma limit).
      const [rel, abs] = mirror ? [0, 2e-16] : [n <= 1e7 ? 1e-10 : 1e-11, 1e-300]
      const b =
        method === 'clopper-pearson'
          ? clopperPearsonBounds(k, n, rate)
          : { lower: betaPpf(rate, k + 0.5, n - k + 0.5), upper: betaIsf(rate, k + 0.5, n - k + 0.5) }
      if (!near(b.lower, lo, rel, abs) || !near(b.upper, hi, rel, abs))
        bad.push(`${method}(${k}, ${n}, ${rate}): [${b.lower}, ${b.upper}] vs mpmath [${lo}, ${hi}]`)
      if (sm && (!near(b.lower, sm[0], 1e-8, 1e-300) || !near(b.upper, sm[1], 1e-8, 1e-300)))
        bad.push(`${method}(${k}, ${n}, ${rate}): [${b.lower}, ${b.upper}] vs statsmodels [${sm}]`)
      if (rate >= 1e-3) {
        const r = proportionInterval(k, n, { method: method as 'jeffreys', confidence: 1 - 2 * rate })
        if (!near(r.lower, b.lower, 1e-9, abs) || !near(r.upper, b.upper, 1e-9, abs))
          bad.push(`proportionInterval ${method}(${k}, ${n}, ${1 - 2 * rate}): [${r.lower}, ${r.upper}]`)
      }
    }
    expect(bad).toEqual([])
  })
})

describe('proportion intervals at extreme counts and levels', () => {
  it('every method, x = 0, 1, n/2, n − 1, n for n up to 1e300: bounds in [0, 1], ordered, fast', () => {
    const bad: string[] = []
    const start = performance.now()
    for (const n of [1, 2, 3, 10, 1e6, 1e15, 2 ** 53 - 1, 1e300])
      for (const k of [0, 1, Math.floor(n / 2), n - 1, n]) {
        if (k < 0 || k > n) continue
        for (const rate of RATES.slice(2, 6)) {
          const confidence = 1 - 2 * rate
          for (const method of ['wilson', 'clopper-pearson', 'jeffreys', 'agresti-coull'] as const) {
            const r = proportionInterval(k, n, { method, confidence })
            inUnit(`${method}(${k}, ${n}, ${confidence})`, r, true, bad)
          }
          const d = proportionDifferenceInterval(k, n, 0, 1, { confidence })
          if (!(d.lower >= -1 - 1e-12 && d.upper <= 1 + 1e-12 && d.lower <= d.upper))
            bad.push(`newcombe(${k}, ${n}, 0, 1): [${d.lower}, ${d.upper}]`)
        }
        for (const rate of RATES.slice(0, 6)) {
          inUnit(`clopperPearsonBounds(${k}, ${n}, ${rate})`, clopperPearsonBounds(k, n, rate), true, bad)
          inUnit(`exactProportionBounds(${k}, ${n}, ${rate})`, exactProportionBounds(k, n, rate), true, bad)
        }
      }
    expect(bad).toEqual([])
    expect(performance.now() - start).toBeLessThan(5000)
  })
  it('Clopper–Pearson at n = 1e15 and 1e300 with few successes: the Poisson (gamma) limit', () => {
    // k = 0: the upper bound is 1 − rate^(1/n) exactly.
    const u0 = clopperPearsonBounds(0, 1e15, 1e-3).upper
    expect(u0 / -Math.expm1(Math.log(1e-3) / 1e15)).toBeCloseTo(1, 12)
    // k = 2: upper = Gamma(3) upper-1e-3 quantile / n (scipy.stats.gamma.isf(1e-3, 3) = 11.2288…).
    expect(clopperPearsonBounds(2, 1e15, 1e-3).upper * 1e15).toBeCloseTo(11.228872242412661, 8)
    expect(clopperPearsonBounds(2, 1e300, 1e-3).upper * 1e300).toBeCloseTo(11.228872242412661, 8)
    // It used to be 0 (below the estimate) at n = 1e300.
    expect(clopperPearsonBounds(1, 1e300, 1e-3).upper).toBeGreaterThan(1e-300)
  })
  it('exactProportionBounds takes rates below 1e-16 (they rounded through 1 − 2·rate)', () => {
    const b = exactProportionBounds(0, 10, 1e-300)
    expect(b.upper).toBeCloseTo(-Math.expm1(Math.log(1e-300) / 10), 14)
    expect(exactProportionBounds(3, 10, 0.05)).toEqual(clopperPearsonBounds(3, 10, 0.05))
  })
})

describe('incomplete beta with a shape beyond 1e8 (the continued fraction is cut short there)', () => {
  it('one small shape: the gamma limit (used to lose every digit from b ≈ 1e12)', () => {
    for (const b of [1e15, 1e100, 1e300]) {
      // Beta(2, b)·b → Gamma(2): P(G₂ > 4.7438645183905…) = 0.05.
      expect(regularizedBetaComplement(2, b, 4.743864518390579 / b)).toBeCloseTo(0.05, 12)
      // The mirror image I_x(b, 2) = 1 − I_{1−x}(2, b) (1 − x is exact for x near 1).
      const x = 1 - 4.743864518390579 / b
      expect(regularizedBeta(b, 2, x) / regularizedBetaComplement(2, b, 1 - x)).toBeCloseTo(1, 12)
      expect(betaIsf(0.05, 3, b) * b).toBeCloseTo(6.29579362187199, 9)
      expect(betaPpf(1e-300, 1000, b) * b).toBeGreaterThan(0)
    }
    // At b = 1e10 the beta is off the gamma limit by ~1/b (scipy.special.betainc: 0.0499999999437…).
    expect(regularizedBetaComplement(2, 1e10, 4.743864518390579 / 1e10)).toBeCloseTo(0.05, 9)
  })
  it('both shapes large: the saddlepoint form, symmetric where the shapes are equal', () => {
    const a = 1e12
    const sd = Math.sqrt(0.25 / (2 * a + 1))
    // Φ(−1) = 0.15865525393145707; both tails agree (scipy 1.10's betainc gives 0.158628 for the lower).
    expect(regularizedBeta(a, a, 0.5 - sd)).toBeCloseTo(0.15865525393145707, 9)
    expect(regularizedBetaComplement(a, a, 0.5 + sd)).toBeCloseTo(0.15865525393145707, 9)
    expect(regularizedBeta(a, a, 0.5)).toBeCloseTo(0.5, 14)
  })
})
