import { describe, expect, it } from 'vitest'
import { decideAll } from '../../src/decision'
import { binomialCdf } from '../../src/distributions'
import { InvalidRangeError } from '../../src/errors'
import {
  bettingMeanBounds,
  clopperPearsonBounds,
  decideMean,
  decideShare,
  empiricalBernsteinMeanBounds,
  meanMoments,
  meanTrust,
  skewCorrectedMeanBounds,
} from '../../src/meanBounds'
import { createRng } from '../../src/random'
import fixture from '../fixtures/mean_bounds.json'

const close = (a: number, b: number, rel = 1e-9) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)))

describe('meanMoments and skewCorrectedMeanBounds against scipy', () => {
  it('moments: scipy.stats.skew / kurtosis (bias=True)', () => {
    for (const m of fixture.moments) {
      const mo = meanMoments(fixture.samples[m.sample])
      close(mo.mean, m.mean, 1e-12)
      close(mo.sd, m.sd, 1e-12)
      close(mo.skewness, m.skewness, 1e-10)
      close(mo.kurtosis, m.kurtosis, 1e-10)
    }
  })

  it("Hall's bounds: closed-form inversion equals a numerical root of the transformation", () => {
    for (const b of fixture.skewCorrected) {
      const got = skewCorrectedMeanBounds(meanMoments(fixture.samples[b.sample]), b.rate)
      close(got.lower, b.lower, 1e-8)
      close(got.upper, b.upper, 1e-8)
    }
  })

  it('Clopper–Pearson one-sided bounds: scipy.stats.beta.ppf', () => {
    for (const c of fixture.clopperPearson) {
      const got = clopperPearsonBounds(c.count, c.n, c.rate)
      close(got.lower, c.lower, 1e-9)
      close(got.upper, c.upper, 1e-9)
    }
  })
})

describe('betting bounds (Waudby-Smith & Ramdas 2023)', () => {
  it('cover the true mean at least 1 − rate of the time on every side, even for skewed and rare data', () => {
    const rng = createRng('betting-coverage')
    const shapes: Array<[string, () => number, number, [number, number]]> = [
      ['Bernoulli(0.02)', () => (rng() < 0.02 ? 1 : 0), 0.02, [0, 1]],
      ['Beta-like U²', () => rng() ** 2, 1 / 3, [0, 1]],
      ['exponential on [0, ∞)', () => -Math.log(1 - rng()), 1, [0, Number.POSITIVE_INFINITY]],
    ]
    for (const [name, draw, mean, range] of shapes) {
      let lowMiss = 0
      let highMiss = 0
      const runs = 2000
      for (let r = 0; r < runs; r++) {
        const xs = Float64Array.from({ length: 30 }, draw)
        const b = bettingMeanBounds(xs, 0.05, { range, seed: r })
        if (b.lower > mean) lowMiss++
        if (b.upper < mean) highMiss++
      }
      // 0.05 nominal: a binomial(2000, 0.05) count stays below 130 with probability > 0.999.
      expect(lowMiss, name).toBeLessThan(130)
      expect(highMiss, name).toBeLessThan(130)
    }
  })

  it('are tighter than empirical Bernstein bounds (measured: the reason they are used)', () => {
    const rng = createRng('betting-vs-eb')
    for (const n of [30, 300, 3000]) {
      const xs = Float64Array.from({ length: n }, () => (rng() < 0.3 ? 1 : 0))
      const bet = bettingMeanBounds(xs, 0.001, { range: [0, 1], seed: 1 })
      const eb = empiricalBernsteinMeanBounds(xs, 0.001, { range: [0, 1] })
      expect(bet.upper - bet.lower).toBeLessThan(eb.upper - eb.lower)
    }
  })

  it('values outside the range are an error; an infinite end bounds nothing on its side', () => {
    expect(() => bettingMeanBounds([0.5, 2], 0.05, { range: [0, 1] })).toThrowError(InvalidRangeError)
    expect(() => bettingMeanBounds([0.5], 0.05, { range: [1, 0] })).toThrowError(InvalidRangeError)
    const b = bettingMeanBounds([1, 2, 3, 4], 0.05, { range: [0, Number.POSITIVE_INFINITY] })
    expect(b.upper).toBe(Number.POSITIVE_INFINITY)
    expect(b.lower).toBeGreaterThanOrEqual(0)
  })
})

describe('meanTrust', () => {
  it('never trusts equal values, tiny samples, or heavy skew at small n; trusts normal samples of a few hundred', () => {
    const rng = createRng('trust')
    expect(meanTrust(meanMoments([1, 1, 1, 1]), 0.001).trusted).toBe(false)
    expect(meanTrust(meanMoments([0.1, -0.3, 0.2, 0.5, -0.1]), 0.001).trusted).toBe(false)
    const ln = Float64Array.from({ length: 100 }, () => Math.exp(rng.normal(0, 1)))
    const t = meanTrust(meanMoments(ln), 0.001)
    expect(t.trusted).toBe(false)
    expect(t.trustedFrom).toBeGreaterThan(100)
    expect(t.why).toMatch(/too (skewed|heavy-tailed).* at n = 100: about \d+ values would be/)
    const nor = Float64Array.from({ length: 400 }, () => rng.normal(0, 1))
    expect(meanTrust(meanMoments(nor), 0.001).trusted).toBe(true)
  })
})

describe('decideMean', () => {
  it("passes the audit's standard-normal column (n = 2000, [-0.1, 0.1], default rates)", () => {
    const rng = createRng('audit')
    const xs = Float64Array.from({ length: 2000 }, () => rng.normal(0, 1))
    const d = decideMean(xs, {
      target: { lower: -0.1, upper: 0.1 },
      tolerance: 0.05,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
    })
    expect(d.outcome).toBe('pass')
    expect(d.method).toBe('skew-corrected-t')
  })

  it('an untrusted side makes the verdict inconclusive with a reason and samples needed > n', () => {
    const rng = createRng('untrusted')
    const xs = Float64Array.from({ length: 30 }, () => Math.exp(rng.normal(0, 1)))
    const d = decideMean(xs, {
      target: { lower: 1.6, upper: 100 },
      tolerance: 0.5,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
    })
    expect(d.outcome).toBe('inconclusive')
    expect(d.reason).toBe('untrusted')
    expect(d.samplesNeeded).toBeGreaterThan(30)
  })

  it('with range [0, ∞) a failure is decided by the betting lower bound even when the upper side is untrusted', () => {
    const rng = createRng('half')
    const xs = Float64Array.from({ length: 200 }, () => 3 * Math.exp(rng.normal(0, 1)))
    const d = decideMean(xs, {
      target: { lower: Number.NEGATIVE_INFINITY, upper: 1 },
      tolerance: 0.1,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
      range: [0, Number.POSITIVE_INFINITY],
      seed: 1,
    })
    expect(d.methods).toEqual({ lower: 'betting', upper: 'skew-corrected-t' })
    expect(d.outcome).toBe('fail')
  })
})

describe('decideShare: both error rates hold exactly (computed over every count)', () => {
  const prob = (k: number, n: number, p: number) =>
    binomialCdf(k, n, p) - (k > 0 ? binomialCdf(k - 1, n, p) : 0)
  it('false fail <= α at the boundary and false pass <= β at the tolerance, n = 5..400', {
    timeout: 60_000,
  }, () => {
    for (const [p0, tol] of [
      [0.9, 0.05],
      [0.5, 0.1],
      [0.95, 0.025],
      [0.99, 0.005],
    ])
      for (const n of [5, 10, 30, 100, 400])
        for (const [alpha, beta] of [
          [0.001, 0.05],
          [0.01, 0.05],
        ]) {
          let ff = 0
          let fp = 0
          for (let k = 0; k <= n; k++) {
            const d = decideShare({
              count: k,
              n,
              target: { lower: p0, upper: Number.POSITIVE_INFINITY },
              tolerance: tol,
              falseFailRate: alpha,
              falsePassRate: beta,
            })
            if (d.outcome === 'fail') ff += prob(k, n, p0)
            if (d.outcome === 'pass') fp += prob(k, n, p0 - tol)
          }
          expect(ff, `p0 ${p0} n ${n}`).toBeLessThanOrEqual(alpha * (1 + 1e-9))
          expect(fp, `p0 ${p0} n ${n}`).toBeLessThanOrEqual(beta * (1 + 1e-9))
        }
  })
})

describe('decideAll', () => {
  const part = (outcome: 'pass' | 'fail' | 'inconclusive', samplesNeeded?: number) => ({
    outcome,
    reason:
      outcome === 'pass'
        ? ('evidence-for' as const)
        : outcome === 'fail'
          ? ('evidence-against' as const)
          : ('too-few' as const),
    n: 10,
    ...(samplesNeeded ? { samplesNeeded } : {}),
  })
  it('fails when any part fails, passes when all pass, else the largest samples needed', () => {
    expect(decideAll([part('pass'), part('fail')]).outcome).toBe('fail')
    expect(decideAll([part('pass'), part('pass')]).outcome).toBe('pass')
    const d = decideAll([part('inconclusive', 40), part('pass'), part('inconclusive', 25)])
    expect(d.outcome).toBe('inconclusive')
    expect(d.samplesNeeded).toBe(40)
    expect(() => decideAll([])).toThrowError()
  })
})
