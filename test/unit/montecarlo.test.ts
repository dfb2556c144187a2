import { afterEach, describe, expect, it } from 'vitest'
import { configure, resetConfig } from '../../src/config'
import { mean, standardDeviation } from '../../src/descriptive'
import { normalCdf, normalSf } from '../../src/distributions'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { Baseline, fitGeneralizedPareto, generalizedParetoQuantile, monteCarlo } from '../../src/montecarlo'
import { createRng, seedFor } from '../../src/random'
import { SamplerError, SamplerTimeoutError } from '../../src/sampler'
import fixture from '../fixtures/montecarlo.json'

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300)

describe('monteCarlo', () => {
  afterEach(() => resetConfig())

  it('runs a seeded simulation and returns a Baseline of the outcomes', async () => {
    const base = await monteCarlo(({ rng }) => rng.normal(5, 2), { runs: 400, seed: 'mc' })
    expect(Baseline.isBaseline(base)).toBe(true)
    expect(base.n).toBe(400)
    expect(base.seed).toBe('mc')
    for (let i = 0; i < 5; i++) expect(base.samples[i]).toBe(createRng('mc').fork(i).normal(5, 2))
    expect(base.mean).toBeCloseTo(5, 0)
    expect(base.sd).toBeCloseTo(2, 0)
    const again = await monteCarlo(async ({ rng }) => rng.normal(5, 2), {
      runs: 400,
      seed: 'mc',
      concurrency: 4,
    })
    expect(Array.from(again.samples)).toEqual(Array.from(base.samples))
  })

  it.skipIf(!!process.env.PROBABLY_SEED)(
    "defaults to the current test's seed, as the matchers do",
    async () => {
      const { testPath, currentTestName } = expect.getState()
      const base = await monteCarlo(({ rng }) => rng(), { runs: 3 })
      expect(base.seed).toBe(seedFor(testPath, currentTestName))
    },
  )

  it('takes its default seed from configure and PROBABLY_SEED', async () => {
    const old = process.env.PROBABLY_SEED
    delete process.env.PROBABLY_SEED
    try {
      configure({ seed: 'configured' })
      expect((await monteCarlo(({ rng }) => rng(), { runs: 3 })).seed).toBe('configured')
      process.env.PROBABLY_SEED = 'from-env'
      expect((await monteCarlo(({ rng }) => rng(), { runs: 3 })).seed).toBe('from-env')
      expect((await monteCarlo(({ rng }) => rng(), { runs: 3, seed: 'own' })).seed).toBe('own')
    } finally {
      if (old === undefined) delete process.env.PROBABLY_SEED
      else process.env.PROBABLY_SEED = old
    }
  })

  it('rejects bad runs, non-functions, NaN outcomes, throwing and slow simulations', async () => {
    const f = ({ rng }: { rng: () => number }) => rng()
    await expect(monteCarlo(f, { runs: 1 })).rejects.toThrowError(/monteCarlo: runs must be at least 2/)
    await expect(monteCarlo(f, { runs: 10.5 })).rejects.toThrowError(
      /monteCarlo: runs must be a whole number/,
    )
    await expect(monteCarlo(3 as any)).rejects.toThrowError(InvalidInputError)
    await expect(
      monteCarlo(({ index }) => (index === 7 ? Number.NaN : 1), { runs: 10, seed: 's' }),
    ).rejects.toThrowError(
      'monteCarlo: the value returned by the sampler at draw 7 (seed "s/7") must be a finite number, got NaN',
    )
    await expect(
      monteCarlo(
        () => {
          throw new Error('sim failed')
        },
        { runs: 10 },
      ),
    ).rejects.toThrowError(SamplerError)
    await expect(
      monteCarlo(() => new Promise<number>(() => {}), { runs: 10, timeoutMs: 30 }),
    ).rejects.toThrowError(SamplerTimeoutError)
  })
})

describe('Baseline', () => {
  it('has the mean and sd of mean() and standardDeviation(), bit for bit, at every scale', () => {
    const rng = createRng('baseline-moments')
    for (const scale of [1, 1e-300, 1e-200, 1e150, 1e300, 2.5e307]) {
      const xs = Array.from({ length: 1001 }, () => rng.normal(3, 1) * scale)
      const b = Baseline.from(xs)
      expect(b.mean, String(scale)).toBe(mean(xs))
      expect(b.sd, String(scale)).toBe(standardDeviation(xs))
      expect(b.min).toBe(Math.min(...xs))
      expect(b.max).toBe(Math.max(...xs))
    }
  })

  const xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]

  it('sorts on first use; min and max without the sort; -0 stored as 0', () => {
    const down = Baseline.from([5, 4, -0, -3, 2])
    expect(down.min).toBe(-3)
    expect(down.max).toBe(5)
    expect(Object.is(down.samples[2], 0)).toBe(true)
    expect(Array.from(down.sorted)).toEqual([-3, 0, 2, 4, 5])
    expect(down.sorted).toBe(down.sorted) // made once
    expect(Baseline.from([1, 7, 7, 2]).ecdf(7)).toBe(1)
  })

  it('summarises the runs without touching the input', () => {
    const input = xs.slice()
    const base = Baseline.from(input)
    expect(input).toEqual(xs)
    expect(Array.from(base.samples)).toEqual(xs)
    expect(Array.from(base.sorted)).toEqual([1, 1, 2, 3, 3, 4, 5, 5, 6, 9])
    expect(base.n).toBe(10)
    expect(base.mean).toBe(3.9)
    expect(base.sd).toBeCloseTo(2.4698178070456938, 14) // numpy std(ddof=1)
    expect(base.min).toBe(1)
    expect(base.max).toBe(9)
    expect(base.quantile(0.25)).toBe(2.25) // np.quantile(xs, 0.25)
    expect(base.quantile(0.9)).toBeCloseTo(6.3, 14)
    expect(base.quantile(0)).toBe(1)
    expect(base.quantile(1)).toBe(9)
    expect(base.ecdf(1)).toBe(0.2)
    expect(base.ecdf(0.5)).toBe(0)
    expect(base.ecdf(100)).toBe(1)
    expect(base.seed).toBeUndefined()
  })

  it('round-trips through JSON exactly', () => {
    const rng = createRng('json')
    const values = Array.from({ length: 200 }, () => rng.normal() * 10 ** rng.integer(-300, 300))
    values.push(-0, 5e-324, Number.MAX_VALUE, 0.1 + 0.2)
    const base = Baseline.from(values, { seed: 'abc' })
    const text = JSON.stringify(base)
    const back = Baseline.fromJSON(text)
    const back2 = Baseline.fromJSON(JSON.parse(text))
    for (const b of [back, back2]) {
      expect(b.seed).toBe('abc')
      expect(b.n).toBe(base.n)
      for (let i = 0; i < base.n; i++) expect(Object.is(b.samples[i], base.samples[i])).toBe(true)
      expect(b.mean).toBe(base.mean)
      expect(b.sd).toBe(base.sd)
    }
    // -0 is stored as 0 (JSON has no -0), so the round trip is exact.
    expect(Object.is(base.samples[200], 0)).toBe(true)
    expect(base.toJSON()).toMatchObject({ kind: 'probably.Baseline', version: 1, seed: 'abc' })
    expect(Baseline.from([1, 2]).toJSON()).toEqual({ kind: 'probably.Baseline', version: 1, samples: [1, 2] })
  })

  it('rejects bad input, naming the argument', () => {
    expect(() => Baseline.from([1])).toThrowError(/Baseline.from: samples must have at least 2 values/)
    expect(() => Baseline.from([1, Number.NaN])).toThrowError(/Baseline.from: samples\[1\] must be finite/)
    expect(() => Baseline.from('12' as any)).toThrowError(InvalidInputError)
    expect(() => Baseline.fromJSON('{')).toThrowError(/Baseline.fromJSON: json is not valid JSON/)
    expect(() => Baseline.fromJSON({ samples: [1, 2] } as any)).toThrowError(/output of Baseline.toJSON/)
    expect(() =>
      Baseline.fromJSON({ kind: 'probably.Baseline', version: 2, samples: [1, 2] } as any),
    ).toThrowError(/json.version must be 1/)
    expect(() =>
      Baseline.fromJSON({ kind: 'probably.Baseline', version: 1, samples: [1, null] } as any),
    ).toThrowError(/json.samples\[1\]/)
    const base = Baseline.from(xs)
    for (const c of [0, 1, -0.5, 1.5, Number.NaN])
      expect(() => base.interval(c)).toThrowError(/Baseline.interval: coverage/)
    expect(() => base.interval(0.5, { method: 'bootstrap' as any })).toThrowError(
      /options.method must be one of/,
    )
    expect(() => base.interval(0.5, { side: 'left' as any })).toThrowError(/options.side must be one of/)
    expect(() => base.quantile(1.5)).toThrowError(/Baseline.quantile: p/)
    expect(() => base.ecdf(Number.NaN)).toThrowError(/Baseline.ecdf: x/)
  })

  it('gives order-statistic intervals when the runs support them', () => {
    const rng = createRng('emp')
    const base = Baseline.from(Array.from({ length: 1000 }, () => rng.normal()))
    const i = base.interval(0.95)
    expect(i.method).toBe('empirical')
    // The rank-th most extreme run, rank = ⌊(n + 1) α⌋ = ⌊1001 × 0.025⌋ = 25: exceeded with probability 25/1001.
    expect(i.lower).toBe(base.sorted[24])
    expect(i.upper).toBe(base.sorted[1000 - 25])
    expect(i.tails.upper).toMatchObject({ rank: 25, exceedance: 25 / 1001 })
    expect(i).toMatchObject({ coverage: 0.95, side: 'both', n: 1000, estimate: base.quantile(0.5) })
    expect(i.tails.upper?.expectedBeyond).toBeCloseTo(25, 10)
    const up = base.interval(0.95, { side: 'upper' })
    expect(up.lower).toBe(Number.NEGATIVE_INFINITY)
    expect(up.upper).toBe(base.sorted[1000 - 50])
    expect(up.tails.lower).toBeUndefined()
    const lo = base.interval(0.95, { side: 'lower' })
    expect(lo.lower).toBe(base.sorted[49])
    expect(lo.upper).toBe(Number.POSITIVE_INFINITY)
    // The boundary of the rule: (n + 1) × tail probability = 1 is still the sample extreme, just below is EVT.
    expect(base.interval(0.998).method).toBe('empirical')
    expect(base.interval(0.998).upper).toBe(base.max)
    expect(base.interval(0.9982).method).toBe('evt-gpd')
    // Forcing the empirical method beyond the rule gives the sample extreme and says it is exceeded more often.
    const forced = base.interval(0.9999, { method: 'empirical' })
    expect(forced.method).toBe('empirical')
    expect(forced.upper).toBe(base.max)
    expect(forced.note).toMatch(/is the sample maximum: a new run lies beyond it with probability 1\/1001/)
  })

  it('refuses a coverage beyond what the runs can support even with EVT', () => {
    const base = Baseline.from(Array.from({ length: 50 }, (_, i) => i))
    expect(() => base.interval(0.999)).toThrowError(InvalidRangeError)
    expect(() => base.interval(0.999)).toThrowError(
      /takes at least 1999 runs from the runs alone, and 399 with the extreme-value extrapolation/,
    )
    expect(() => base.interval(0.999, { method: 'evt' })).toThrowError(
      /about 100 runs.*got 5\. Run more simulations/,
    )
    expect(base.interval(0.5).method).toBe('empirical')
    expect(() =>
      Baseline.from(Array.from({ length: 1000 }, (_, i) => i)).interval(0.5, { method: 'evt' }),
    ).toThrowError(/not beyond the EVT threshold/)
  })

  it('puts the EVT threshold 500 runs from the end above 5000 runs', () => {
    const rng = createRng('big')
    const base = Baseline.from(Array.from({ length: 20_000 }, () => rng.normal()))
    // 'auto' extrapolates at most 5× beyond the most extreme run's level: 0.99999 needs method 'evt'.
    expect(() => base.interval(0.99999)).toThrowError(/40000 with the extreme-value extrapolation/)
    const i = base.interval(0.99999, { method: 'evt' })
    expect(i.method).toBe('evt-gpd')
    expect(i.tails.upper?.fit?.exceedances).toBe(500)
    expect(i.tails.upper?.fit?.threshold).toBe(base.quantile(1 - 500 / 20_000))
    // The normal's 0.999995 quantile is 4.4172; the conservative EVT bound from 20 000 runs lies beyond it.
    expect(i.upper).toBeGreaterThan(4.4172)
    expect(i.upper).toBeLessThan(8)
  })

  it('is scale-free: values near the ends of the floating-point range give finite, scaled bounds', () => {
    const rng = createRng('scale')
    const xs = Array.from({ length: 500 }, () => rng.normal())
    const ref = Baseline.from(xs).interval(0.999)
    for (const c of [1e300, 1e-300]) {
      const i = Baseline.from(xs.map((x) => x * c)).interval(0.999)
      expect(rel(i.upper / c, ref.upper)).toBeLessThan(1e-6)
      expect(rel(i.lower / c, ref.lower)).toBeLessThan(1e-6)
    }
    const y = Array.from({ length: 200 }, () => -Math.log1p(-rng()))
    const f1 = fitGeneralizedPareto(y)
    const f2 = fitGeneralizedPareto(y.map((v) => v * 1e-200))
    // The likelihood is flat at its maximum, so the argmax moves by ~1e-7 under 1-ulp changes of the data.
    expect(Math.abs(f2.shape - f1.shape)).toBeLessThan(1e-6)
    expect(rel(f2.scale / 1e-200, f1.scale)).toBeLessThan(1e-6)
  })

  it('handles tied tails: a constant simulation gives [c, c]', () => {
    const c = Baseline.from(new Float64Array(500).fill(0.75))
    const i = c.interval(0.999)
    expect([i.lower, i.upper]).toEqual([0.75, 0.75])
    expect(i.note).toMatch(/all equal/)
    expect(c.sd).toBe(0)
  })

  it('can be passed to matchers as an interval', () => {
    const rng = createRng('m')
    const base = Baseline.from(Array.from({ length: 500 }, () => rng.normal()))
    expect(0).toBeWithinInterval(base.interval(0.999))
    expect(10).not.toBeWithinInterval(base.interval(0.999))
  })
})

describe('generalised Pareto tail fits against scipy.stats.genpareto', () => {
  it('ppf matches genpareto.ppf', () => {
    for (const { p, shape, scale, q } of fixture.ppf) {
      const ours = generalizedParetoQuantile(p, shape, scale)
      if (q === 0) expect(ours).toBe(0)
      // Exact formula, evaluated with expm1/log1p: 1e-12 relative (scipy uses the same formulation).
      else expect(rel(ours, q)).toBeLessThan(1e-12)
    }
    expect(generalizedParetoQuantile(1, -0.5, 2)).toBe(4)
    expect(generalizedParetoQuantile(1, 0.5, 2)).toBe(Number.POSITIVE_INFINITY)
    expect(() => generalizedParetoQuantile(0.5, 0, 0)).toThrowError(/scale must be a finite positive/)
    expect(() => generalizedParetoQuantile(2, 0, 1)).toThrowError(/p must lie between 0 and 1/)
  })

  it('MLE matches scipy fit: tightly against the converged optimum, loosely against the default fit', () => {
    for (const f of fixture.fits) {
      const fit = fitGeneralizedPareto(f.y)
      expect(fit.method, f.name).toBe('mle')
      expect(fit.n).toBe(f.y.length)
      // Our profile-likelihood search reaches the optimum at least as well as scipy's, ...
      expect(fit.logLikelihood, f.name).toBeGreaterThanOrEqual(f.scipy_tight.loglik - 1e-9)
      expect(fit.logLikelihood).toBeCloseTo(f.scipy_tight.loglik, 7)
      // ... so the parameters agree with the converged scipy fit to about 1e-6 (the likelihood is flat
      // near the optimum: a log-likelihood change of 1e-12 moves the parameters by ~1e-6), ...
      expect(Math.abs(fit.shape - f.scipy_tight.shape), f.name).toBeLessThan(1e-5)
      expect(rel(fit.scale, f.scipy_tight.scale), f.name).toBeLessThan(1e-5)
      f.probs.forEach((p, j) => {
        expect(rel(generalizedParetoQuantile(p, fit.shape, fit.scale), f.scipy_tight.ppf[j])).toBeLessThan(
          1e-5,
        )
        // ... and with scipy's default fit (Nelder-Mead stopping at xtol = ftol = 1e-4) to 1e-3.
        expect(rel(generalizedParetoQuantile(p, fit.shape, fit.scale), f.scipy_default.ppf[j])).toBeLessThan(
          1e-3,
        )
      })
    }
  })

  it('falls back to probability-weighted moments when MLE has no interior maximum', () => {
    // Uniform data: the MLE sits on the boundary shape -1 of the regular range.
    const y = Array.from({ length: 60 }, (_, i) => (i + 0.5) / 60)
    const fit = fitGeneralizedPareto(y)
    expect(fit.method).toBe('pwm')
    expect(fit.shape).toBeLessThan(-0.8)
    expect(fitGeneralizedPareto(y, { method: 'pwm' })).toEqual(fit)
    expect(() => fitGeneralizedPareto([1, 1, 1])).toThrowError(/degenerate/)
    expect(() => fitGeneralizedPareto([1, -1, 2])).toThrowError(/exceedances\[1\] must not be negative/)
  })

  it('extrapolated Baseline bounds match the same procedure done with scipy', () => {
    let samples: number[] = []
    for (const b of fixture.baselines) {
      if (b.samples) samples = b.samples
      const i = Baseline.from(samples).interval(b.coverage, { method: 'evt' })
      expect(i.method).toBe('evt-gpd')
      for (const side of ['lower', 'upper'] as const) {
        const t = i.tails[side]!
        const ref = b[side]
        expect(t.method).toBe('evt-gpd')
        expect(t.fit!.threshold).toBe(ref.threshold)
        expect(t.fit!.exceedances).toBe(ref.exceedances)
        expect(t.fit!.thresholdProbability).toBe(ref.exceedances / samples.length)
        if (t.fit!.fitMethod === 'pwm') {
          // The exponential's lower tail is bounded with a flat density (shape -1, the uniform): scipy's
          // optimiser runs into the unbounded region shape < -1, we fall back to PWM, checked against
          // a NumPy implementation of Hosking & Wallis.
          expect(ref.shape).toBeLessThan(-1)
          expect(rel(t.fit!.shape, ref.pwm.shape)).toBeLessThan(1e-12)
          expect(rel(t.fit!.plugInBound, ref.pwm.bound)).toBeLessThan(1e-12)
        } else {
          // Extrapolated quantile: 1e-6 relative against the converged scipy fit, 1e-3 against its default.
          expect(rel(t.fit!.plugInBound, ref.bound), `${b.name} ${b.coverage} ${side}`).toBeLessThan(1e-6)
          expect(rel(t.fit!.plugInBound, ref.bound_scipy_default)).toBeLessThan(1e-3)
        }
        // The default, predictive bound lies beyond the plug-in one: it allows for the fit's uncertainty.
        expect(t.evtBound).toBe('predictive')
        if (side === 'upper') expect(t.value).toBeGreaterThan(t.fit!.plugInBound)
        else expect(t.value).toBeLessThan(t.fit!.plugInBound)
        const plugIn = Baseline.from(samples).interval(b.coverage, { method: 'evt', evtBound: 'plug-in' })
        expect(plugIn[side]).toBe(t.fit!.plugInBound)
      }
      expect(i.lower).toBe(i.tails.lower!.value)
      expect(i.upper).toBe(i.tails.upper!.value)
    }
  })
})

describe('EVT interval coverage (simulation)', () => {
  // 200 baselines of 500 runs each; the bounds aim at a tail probability of 0.0005 each (coverage 0.999,
  // two-sided), which 500 runs cannot reach with an order statistic ((n + 1) × 0.0005 = 0.25 < 1). We
  // average the TRUE probability beyond each bound: it must not exceed nominal. Reference points: the
  // sample extreme is exceeded 1/501 ≈ 0.002 of the time, 4× nominal; the plug-in GPD bound about 3×
  // for normal data. The default bound (the larger of the exact exponential-tail prediction bound and a
  // GPD predictive bound with shape ≥ 0 and inflated variance) is conservative for light tails: measured
  // (seed 'coverage') normal ≈ 0.01×, exponential upper ≈ 0.1× nominal; see the README for the grid.
  const reps = 200
  const n = 500
  const alpha = 0.0005
  function simulate(
    draw: (rng: ReturnType<typeof createRng>) => number,
    sf: (x: number) => number,
    cdf: (x: number) => number,
  ) {
    const rng = createRng('coverage')
    const sums = { lower: 0, upper: 0, plugInUpper: 0, empiricalUpper: 0 }
    const xs = new Float64Array(n)
    for (let r = 0; r < reps; r++) {
      for (let i = 0; i < n; i++) xs[i] = draw(rng)
      const base = Baseline.from(xs)
      const interval = base.interval(0.999)
      expect(interval.method).toBe('evt-gpd')
      sums.upper += sf(interval.upper) / reps
      sums.lower += cdf(interval.lower) / reps
      sums.plugInUpper += sf(base.interval(0.999, { evtBound: 'plug-in' }).upper) / reps
      sums.empiricalUpper += sf(base.interval(0.999, { method: 'empirical' }).upper) / reps
    }
    return sums
  }

  it('is at most nominal for normal data, where the plug-in and empirical bounds are not', {
    timeout: 60_000,
  }, () => {
    const r = simulate(
      (rng) => rng.normal(),
      (x) => normalSf(x),
      (x) => normalCdf(x),
    )
    for (const p of [r.upper, r.lower]) expect(p).toBeLessThan(alpha)
    expect(r.plugInUpper).toBeGreaterThan(alpha)
    expect(r.empiricalUpper).toBeGreaterThan(alpha)
  })

  it('is at most nominal for exponential data', { timeout: 60_000 }, () => {
    const r = simulate(
      (rng) => -Math.log1p(-rng()),
      (x) => Math.exp(-x),
      (x) => (x <= 0 ? 0 : -Math.expm1(-x)),
    )
    expect(r.upper).toBeLessThan(alpha)
    expect(r.upper).toBeLessThan(r.plugInUpper)
    expect(r.upper).toBeLessThan(r.empiricalUpper)
    expect(r.lower).toBeLessThan(alpha)
  })
})
