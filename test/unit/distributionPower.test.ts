import { describe, expect, it } from 'vitest'
import { decideDriftThreshold, psiBounds, wassersteinBounds } from '../../src/distances'
import {
  chiSquareGoodnessOfFitCells,
  chiSquareHomogeneityCells,
  chiSquarePower,
  decideChiSquareGoodnessOfFit,
  decideChiSquareHomogeneity,
  decideKsOneSample,
  decideKsTwoSample,
  detectableKsDistanceExact,
  KS_CRITICAL_ASYMPTOTIC_N,
  ksOneSampleCritical,
  ksOneSamplePower,
  ksTwoSampleCritical,
  ksTwoSamplePower,
  noncentralityForPower,
  samplesForChiSquare,
  samplesForKsExact,
  samplesForTotalVariation,
} from '../../src/distributionPower'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import {
  chiSquareGoodnessOfFitSmall,
  chiSquareHomogeneitySmall,
  chiSquareNullCritical,
  ks2Sample,
  ksTest,
} from '../../src/hypothesis'
import { ks2SampleAsymptoticPValue, kstwoSf } from '../../src/kolmogorov'
import { createRng } from '../../src/random'
import cellFixtures from '../fixtures/chisquare_cells.json'
import fixtures from '../fixtures/distribution_power.json'

const normals = (seed: string, n: number, mean = 0) => {
  const rng = createRng(seed)
  return Float64Array.from({ length: n }, () => rng.normal(mean, 1))
}

describe('KS critical values (scipy)', () => {
  it('one-sample: kstwo.isf, never low', () => {
    for (const { n, alpha, critical } of fixtures.ks_one_critical) {
      const c = ksOneSampleCritical(n, alpha)
      // Never low: the exact survival function (scipy kstwo.sf to 1e-14) at c is at most α. scipy's own isf
      // is itself high by up to ~1e-8 relative (kstwo.sf(kstwo.isf(0.01, 1000), 1000) = 0.0099999947).
      expect(kstwoSf(n, c)).toBeLessThanOrEqual(alpha)
      expect(c).toBeGreaterThanOrEqual(critical * (1 - 1e-7))
      expect(c).toBeCloseTo(critical, 6)
    }
  })
  it('one-sample at n from 1e3 to 1e6: exact to 1e-7 up to n = 1e5, then the asymptotic value, high by ≤ 0.16·ln(2/α)/n', () => {
    for (const { n, alpha, critical } of fixtures.ks_one_critical_large) {
      const start = performance.now()
      const c = ksOneSampleCritical(n, alpha)
      const ms = performance.now() - start
      const excess = (c - critical) / critical
      expect(excess, `n = ${n}, α = ${alpha}`).toBeGreaterThanOrEqual(-1e-7)
      if (n <= KS_CRITICAL_ASYMPTOTIC_N) expect(excess, `n = ${n}, α = ${alpha}`).toBeLessThanOrEqual(2e-7)
      else {
        expect(excess, `n = ${n}, α = ${alpha}`).toBeLessThanOrEqual((0.16 * Math.log(2 / alpha)) / n)
        // It took 1.3 s at n = 1e6, α = 0.001 (the O(n) Smirnov sum in each bisection step).
        expect(ms).toBeLessThan(20)
        if (n <= 200000) expect(kstwoSf(n, c)).toBeLessThanOrEqual(alpha)
      }
    }
  })
  it('two-sample beyond the exact sizes: the one-sample critical value at the rounded effective size, fast', () => {
    const start = performance.now()
    const c = ksTwoSampleCritical(2e6, 2e6, 0.001)
    // It took 1.6 s (a bisection on the O(n) Smirnov sum at n_e = 10⁶).
    expect(performance.now() - start).toBeLessThan(50)
    expect(c).toBe(ksOneSampleCritical(1e6, 0.001))
    expect(ks2SampleAsymptoticPValue(2e6, 2e6, c)).toBeLessThanOrEqual(0.001)
    expect(ks2SampleAsymptoticPValue(2e6, 2e6, c * (1 - 1e-5))).toBeGreaterThan(0.001)
    // Unequal sizes, exact path of the effective size (n_e = 20001·3e7/(3e7 + 20001) ≈ 20 000).
    const u = ksTwoSampleCritical(20001, 3e7, 0.001)
    expect(ks2SampleAsymptoticPValue(20001, 3e7, u)).toBeLessThanOrEqual(0.001)
    expect(ks2SampleAsymptoticPValue(20001, 3e7, u * (1 - 1e-6))).toBeGreaterThan(0.001)
  })
  it('two-sample: the smallest lattice value with exact p below alpha', () => {
    for (const { n, m, alpha, critical } of fixtures.ks_two_critical)
      expect(ksTwoSampleCritical(n, m, alpha)).toBeCloseTo(critical ?? Number.POSITIVE_INFINITY, 12)
  })
  it('the critical value is the rejection boundary of the tests themselves', () => {
    // A sample whose statistic sits just above the critical value is rejected, just below it is not.
    const n = 50
    const c = ksOneSampleCritical(n, 0.01)
    // x_i = d + (i − 1)(1 − d)/n against U(0, 1) has D = D⁻ = d (D⁺ = (1 − d)/n is smaller).
    const sample = (d: number) => Array.from({ length: n }, (_, i) => d + (i * (1 - d)) / n)
    expect(ksTest(sample(c + 1e-6), { uniform: { min: 0, max: 1 } }).pValue).toBeLessThan(0.01)
    expect(ksTest(sample(c - 1e-6), { uniform: { min: 0, max: 1 } }).pValue).toBeGreaterThan(0.01)
  })
})

describe('KS power bounds', () => {
  it('one-sample: equals the bound computed over every k with scipy.stats.binom', () => {
    for (const { n, tolerance, alpha, power } of fixtures.ks_one_power)
      expect(ksOneSamplePower(n, { tolerance, falseFailRate: alpha })).toBeCloseTo(power, 4)
  })
  it('is nondecreasing in n and in the tolerance, and 0 when the critical value exceeds the tolerance', () => {
    let last = 0
    for (const n of [100, 200, 400, 800, 1600]) {
      const p = ksOneSamplePower(n, { tolerance: 0.1 })
      expect(p).toBeGreaterThanOrEqual(last)
      last = p
    }
    expect(ksOneSamplePower(10, { tolerance: 0.1 })).toBe(0)
    expect(ksTwoSamplePower(800, 800, { tolerance: 0.12 })).toBeGreaterThan(
      ksTwoSamplePower(800, 800, { tolerance: 0.1 }),
    )
  })
  it('one-sample: the bound is a lower bound on the power at the least favourable alternative (simulation)', () => {
    // F0 = U(0, 1); F jumps by tol at p: F(x) = x below p, p + tol on [p, p + tol), x above. The power of
    // the exact KS test under F, simulated, is at least the bound (and close to it at the worst p).
    const n = 300
    const tol = 0.15
    const alpha = 0.01
    const bound = ksOneSamplePower(n, { tolerance: tol, falseFailRate: alpha })
    const rng = createRng('least favourable')
    const runs = 1500
    for (const p of [0.2, 0.425]) {
      let rejected = 0
      for (let r = 0; r < runs; r++) {
        const xs = Array.from({ length: n }, () => {
          const u = rng()
          return u < p ? u : u < p + tol ? p : u
        })
        if (ksTest(xs, { uniform: { min: 0, max: 1 } }).pValue < alpha) rejected++
      }
      // 99.9% binomial margin below the simulated rate.
      const rate = rejected / runs
      expect(rate + 3.3 * Math.sqrt((rate * (1 - rate)) / runs) + 0.005).toBeGreaterThanOrEqual(bound)
      if (p === 0.425) expect(rate).toBeLessThan(bound + 0.06)
    }
  })
  it('two-sample: a lower bound on the simulated power at a least favourable pair', () => {
    const n = 200
    const m = 300
    const tol = 0.2
    const alpha = 0.01
    const bound = ksTwoSamplePower(n, m, { tolerance: tol, falseFailRate: alpha })
    const rng = createRng('two least favourable')
    const runs = 800
    const p = 0.4
    let rejected = 0
    for (let r = 0; r < runs; r++) {
      const xs = Array.from({ length: n }, () => {
        const u = rng()
        return u < p ? u : u < p + tol ? p : u
      })
      const ys = Array.from({ length: m }, () => rng())
      if (ks2Sample(xs, ys).pValue < alpha) rejected++
    }
    const rate = rejected / runs
    expect(rate + 3.3 * Math.sqrt((rate * (1 - rate)) / runs) + 0.005).toBeGreaterThanOrEqual(bound)
    expect(rate).toBeLessThan(bound + 0.08)
  })
  it('samples to detect 0.1 at the defaults: 777 one-sample (DKW asked 1008), 1528 in each of two', () => {
    expect(samplesForKsExact({ tolerance: 0.1 })).toBeGreaterThanOrEqual(775)
    expect(samplesForKsExact({ tolerance: 0.1 })).toBeLessThanOrEqual(778)
    const each = samplesForKsExact({ tolerance: 0.1, m: 'equal' }) as number
    expect(each).toBeGreaterThan(1500)
    expect(each).toBeLessThan(2000)
    expect(samplesForKsExact({ tolerance: 0.1, m: 300 })).toBeUndefined()
    const fixedRef = samplesForKsExact({ tolerance: 0.1, m: 5000 }) as number
    expect(fixedRef).toBeGreaterThan(777)
    expect(ksTwoSamplePower(fixedRef, 5000, { tolerance: 0.1, approximate: true })).toBeGreaterThanOrEqual(
      0.95,
    )
    expect(detectableKsDistanceExact(1000)).toBeGreaterThan(0.085)
    expect(detectableKsDistanceExact(1000)).toBeLessThan(0.09)
  })
  it('rejects bad input, naming the function and argument', () => {
    expect(() => ksOneSamplePower(0, { tolerance: 0.1 })).toThrow(InvalidRangeError)
    expect(() => ksOneSamplePower(10, { tolerance: 1 })).toThrow(/ksOneSamplePower.*tolerance/)
    expect(() => ksTwoSamplePower(10, 10, null as never)).toThrow(InvalidInputError)
    expect(() => ksOneSampleCritical(10, 0)).toThrow(/falseFailRate/)
  })
})

describe('KS decisions', () => {
  it('two samples of 2000 identical normals pass at the defaults; 1500 + 1500 are inconclusive', () => {
    const r = decideKsTwoSample(normals('a', 2000), normals('b', 2000))
    expect(r.decision.outcome).toBe('pass')
    expect(r.decision.power).toBeGreaterThanOrEqual(0.95)
    const s = decideKsTwoSample(normals('c', 1500), normals('d', 1500))
    expect(s.decision.outcome).toBe('inconclusive')
    expect(s.decision.samplesNeeded).toBeGreaterThan(1500)
    expect(s.samplesEach).toBeGreaterThan(1500)
    expect(s.samplesEach).toBeLessThan(1600)
  })
  it('a small reference: inconclusive, no received size suffices', () => {
    const r = decideKsTwoSample(normals('e', 500), normals('f', 300))
    expect(r.decision.outcome).toBe('inconclusive')
    expect(r.referenceTooSmall).toBe(true)
    expect(r.decision.samplesNeeded).toBeUndefined()
  })
  it('one-sample: pass at 800 normals, fail on a shift, inconclusive at 100', () => {
    const N01 = { normal: { mean: 0, sd: 1 } }
    expect(decideKsOneSample(normals('g', 800), N01).decision.outcome).toBe('pass')
    expect(decideKsOneSample(normals('h', 800, 0.5), N01).decision.outcome).toBe('fail')
    const r = decideKsOneSample(normals('i', 100), N01)
    expect(r.decision.outcome).toBe('inconclusive')
    expect(r.decision.samplesNeeded).toBeGreaterThanOrEqual(775)
  })
})

describe('chi-square power (scipy.stats.ncx2)', () => {
  it('matches ncx2.sf(chi2.isf(alpha, df), df, lambda)', () => {
    for (const { df, lambda, alpha, power } of fixtures.ncx2_power)
      expect(chiSquarePower(df, lambda, alpha)).toBeCloseTo(power, 8)
  })
  it('noncentralityForPower inverts it', () => {
    const lambda = noncentralityForPower(3, 0.001, 0.05)
    expect(chiSquarePower(3, lambda, 0.001)).toBeCloseTo(0.95, 8)
  })
})

describe('chi-square p-values at small expected counts', () => {
  it('exact multinomial p-values equal the enumeration with scipy', () => {
    for (const { observed, probabilities, statistic, pValue } of fixtures.gof_exact) {
      const r = chiSquareGoodnessOfFitSmall(observed, probabilities, { seed: 1 })
      expect(r.pMethod).toBe('exact')
      expect(r.statistic).toBeCloseTo(statistic, 9)
      expect(r.pValue).toBeCloseTo(pValue, 9)
    }
  })
  it('Monte Carlo p-values agree with the exact ones, and are seeded', () => {
    const obs = [3, 0, 7]
    const p = [0.3, 0.3, 0.4]
    const exact = chiSquareGoodnessOfFitSmall(obs, p, { seed: 1 }).pValue
    const mc = chiSquareGoodnessOfFitSmall(obs, p, { seed: 1, maxExact: 0 })
    expect(mc.pMethod).toBe('monte-carlo')
    expect(Math.abs(mc.pValue - exact)).toBeLessThan(0.01)
    expect(chiSquareGoodnessOfFitSmall(obs, p, { seed: 1, maxExact: 0 }).pValue).toBe(mc.pValue)
  })
  it('a rare category: p = 0.0175 for two hits at p = 0.0002 among 1000 (the chi-square tail said 3e-4)', () => {
    const r = chiSquareGoodnessOfFitSmall([500, 300, 198, 2], [0.5, 0.3, 0.1998, 0.0002], { seed: 3 })
    expect(r.pMethod).toBe('monte-carlo')
    expect(r.pValue).toBeGreaterThan(0.012)
    expect(r.pValue).toBeLessThan(0.03)
  })
  it('large expected counts use the asymptotic p-value; a category at probability 0 refutes', () => {
    expect(chiSquareGoodnessOfFitSmall([50, 50], [0.5, 0.5], { seed: 1 }).pMethod).toBe('asymptotic')
    expect(chiSquareGoodnessOfFitSmall([50, 1], [1, 0], { seed: 1 }).pValue).toBe(0)
  })
  it('homogeneity: Monte Carlo given the margins matches Fisher-like permutation p on a 2 × 2 table', () => {
    // 2 × 2 table [[1, 9], [6, 4]]: the two-sided permutation p-value of X² (= Fisher's exact test ordered by
    // X²) is 0.0573 (scipy.stats.fisher_exact gives 0.0573 for this table).
    const r = chiSquareHomogeneitySmall([1, 9], [6, 4], { seed: 2 })
    expect(r.pMethod).toBe('monte-carlo')
    expect(r.pValue).toBeGreaterThan(0.045)
    expect(r.pValue).toBeLessThan(0.07)
  })
  it('requires a seed', () => {
    expect(() => chiSquareGoodnessOfFitSmall([1, 2], [0.5, 0.5], {} as never)).toThrow(/seed/)
  })
})

describe('chi-square decisions', () => {
  it('pass, fail and inconclusive', () => {
    expect(decideChiSquareGoodnessOfFit([350, 350], [0.5, 0.5], { seed: 1 }).decision.outcome).toBe('pass')
    expect(decideChiSquareGoodnessOfFit([450, 250], [0.5, 0.5], { seed: 1 }).decision.outcome).toBe('fail')
    const r = decideChiSquareGoodnessOfFit([50, 50], [0.5, 0.5], { seed: 1 })
    expect(r.decision.outcome).toBe('inconclusive')
    expect(r.decision.samplesNeeded).toBeGreaterThan(400)
    const h = decideChiSquareHomogeneity([100, 100], [50, 50], { seed: 1 })
    expect(h.decision.outcome).toBe('inconclusive')
    expect(h.referenceTooSmall).toBe(true)
  })
})

describe('drift thresholds', () => {
  it('Wasserstein bounds: upper above, lower below the estimate; a pure shift is bracketed', () => {
    const b = wassersteinBounds(normals('j', 2000, 0.5), normals('k', 2000))
    expect(b.lowerAt(0.001)).toBeLessThan(b.estimate)
    expect(b.upperAt(0.05)).toBeGreaterThan(b.estimate)
    expect(b.lowerAt(0.001)).toBeLessThan(0.5)
    expect(b.upperAt(0.05)).toBeGreaterThan(0.5)
  })
  it('Wasserstein at n = m = 2000 fails a shift of 0.35 against threshold 0.1', () => {
    const r = decideDriftThreshold({
      measure: 'wasserstein',
      xs: normals('l', 2000, 0.35),
      ys: normals('m', 2000),
      threshold: 0.1,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
    })
    expect(r.decision.outcome).toBe('fail')
  })
  it('PSI with fewer than 10 values per bin: inconclusive (untrusted), never a fail', () => {
    const r = decideDriftThreshold({
      measure: 'psi',
      xs: normals('n', 30, 3),
      ys: normals('o', 30),
      threshold: 0.1,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
      seed: 1,
    })
    expect(r.decision.outcome).toBe('inconclusive')
    expect(r.decision.reason).toBe('untrusted')
    expect(r.decision.untrusted).toMatch(/10 values per bin/)
  })
  it('PSI bounds are seeded', () => {
    const xs = normals('p', 500)
    const ys = normals('q', 500)
    expect(psiBounds(xs, ys, { seed: 4 }).upperAt(0.05)).toBe(psiBounds(xs, ys, { seed: 4 }).upperAt(0.05))
    expect(() => psiBounds(xs, ys, {} as never)).toThrow(/seed/)
  })
})

describe('chi-square power at small expected counts', () => {
  it("takes the power at X²'s own null critical value: a rare category makes it ≈ 39, not 16.3", () => {
    const p = [0.5, 0.3, 0.1998, 0.0002]
    expect(chiSquareNullCritical(1000, p, 0.001, { seed: 1 })).toBeGreaterThan(30)
    // Exact enumeration for a small table equals the walk down the exact null distribution.
    const c = chiSquareNullCritical(20, [0.99, 0.01], 0.05, { seed: 1 })
    const r = chiSquareGoodnessOfFitSmall([18, 2], [0.99, 0.01], { seed: 1 })
    expect(r.statistic >= c).toBe(r.pValue <= 0.05)
  })
  it('the least favourable violation with a rare category is inconclusive at n = 1000, not passed', () => {
    const counts = [600, 240, 160, 0]
    const r = decideChiSquareGoodnessOfFit(counts, [0.5, 0.3, 0.1998, 0.0002], { seed: 5 })
    expect(r.decision.outcome).not.toBe('pass')
    expect(r.decision.power).toBeLessThan(0.95)
  })
})

describe('chi-square cells (scipy chisquare / expected_freq)', () => {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b))
  it('goodness of fit: expected counts and contributions, summing to the statistic', () => {
    for (const c of cellFixtures.gof) {
      const { probabilities, cells } = chiSquareGoodnessOfFitCells(c.observed, c.weights)
      let sum = 0
      cells.forEach((cell, i) => {
        expect(close(cell.expected, c.expected[i]), JSON.stringify(c)).toBe(true)
        expect(close(cell.contribution, c.contribution[i]), JSON.stringify(c)).toBe(true)
        expect(probabilities[i]).toBeCloseTo(c.weights[i] / c.weights.reduce((a, b) => a + b), 14)
        sum += cell.contribution
      })
      expect(close(sum, c.statistic)).toBe(true)
      expect(close(sum, chiSquareGoodnessOfFitSmall(c.observed, c.weights, { seed: 1 }).statistic)).toBe(true)
    }
  })
  it('goodness of fit: a count at probability 0 contributes Infinity, an empty one 0', () => {
    expect(chiSquareGoodnessOfFitCells([3, 1, 0], [1, 0, 0]).cells.map((c) => c.contribution)).toEqual([
      0.25,
      Number.POSITIVE_INFINITY,
      0,
    ])
  })
  it('homogeneity: both rows of expected counts and column contributions', () => {
    for (const c of cellFixtures.homogeneity) {
      const { cells } = chiSquareHomogeneityCells(c.first, c.second)
      const kept = cells.filter((_, i) => c.keep[i])
      let sum = 0
      kept.forEach((cell, i) => {
        expect(close(cell.expected, c.expected[i])).toBe(true)
        expect(close(cell.expectedSecond as number, c.expectedSecond[i])).toBe(true)
        expect(close(cell.contribution, c.contribution[i])).toBe(true)
        sum += cell.contribution
      })
      cells.forEach((cell, i) => {
        if (!c.keep[i]) expect(cell.contribution).toBe(0)
      })
      expect(close(sum, c.statistic)).toBe(true)
    }
  })
  it('rejects bad counts', () => {
    expect(() => chiSquareGoodnessOfFitCells([1.5, 2], [1, 1])).toThrow(InvalidRangeError)
    expect(() => chiSquareGoodnessOfFitCells([1, 2], [1])).toThrow(/chiSquareGoodnessOfFitCells/)
    expect(() => chiSquareGoodnessOfFitCells([1, 2], [0, 0])).toThrow(/positive sum/)
    expect(() => chiSquareHomogeneityCells([0, 0], [1, 2])).toThrow(/chiSquareHomogeneityCells: first/)
  })
})

describe('samplesForChiSquare', () => {
  it('goodness of fit is samplesForTotalVariation; homogeneity solves n·m/(n + m) = N', () => {
    const N = samplesForTotalVariation(0.1, 3, 0.001, 0.05)
    expect(samplesForChiSquare(0.1, 3, undefined, 0.001, 0.05)).toBe(N)
    const m = 4 * N
    const n = samplesForChiSquare(0.1, 3, m, 0.001, 0.05) as number
    expect((n * m) / (n + m)).toBeGreaterThanOrEqual(N)
    expect(((n - 1) * m) / (n - 1 + m)).toBeLessThan(N)
    expect(samplesForChiSquare(0.1, 3, N, 0.001, 0.05)).toBeUndefined()
    expect(() => samplesForChiSquare(0, 3)).toThrow(/samplesForChiSquare: tolerance/)
    expect(() => samplesForChiSquare(0.1, 3, -1)).toThrow(/samplesForChiSquare: referenceSize/)
  })
})
