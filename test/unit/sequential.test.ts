import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { proportionInterval } from '../../src/intervals'
import { BettingCapital, bettingMeanBounds, decideMean } from '../../src/meanBounds'
import { createRng } from '../../src/random'
import { drawRange, drawSamples } from '../../src/sampler'
import {
  boundedMeanBounds,
  boundedMeanMonitor,
  decideRateAnytime,
  dkwBandHalfWidth,
  drawSequentially,
  groupSequentialLooks,
  meanGroupSequential,
  quantileConfidenceBounds,
  rateConfidenceBounds,
  rateEvidenceAbove,
} from '../../src/sequential'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('rate confidence sequences', () => {
  it('the evidence matches the closed form of the one-sided uniform mixture', () => {
    // 1 success of 1 against p0 = 0.5: ∫_{0.5}^1 p dp / 0.5 / 0.5 = (3/8)/(1/4) = 1.5
    expect(Math.exp(rateEvidenceAbove(1, 1, 0.5))).toBeCloseTo(1.5, 12)
    // 2 of 2 against 0.5: ∫ p² dp = 7/24, / 0.5 / 0.25 = 7/3
    expect(Math.exp(rateEvidenceAbove(2, 2, 0.5))).toBeCloseTo(7 / 3, 12)
    // 0 of 3 against 0.2: ∫_{0.2}^1 (1-p)^3 dp / 0.8 / 0.8^3 = (0.8^4/4)/0.8^4 = 0.25
    expect(Math.exp(rateEvidenceAbove(0, 3, 0.2))).toBeCloseTo(0.25, 12)
  })

  it('bounds contain the estimate, are wider than Clopper–Pearson, and shrink with n', () => {
    for (const [s, n] of [
      [190, 200],
      [5, 50],
      [500, 1000],
    ]) {
      const b = rateConfidenceBounds(s, n, 0.05)
      const cp = proportionInterval(s, n, { method: 'clopper-pearson', confidence: 0.9 })
      expect(b.lower).toBeLessThanOrEqual(s / n)
      expect(b.upper).toBeGreaterThanOrEqual(s / n)
      expect(b.lower).toBeLessThan(cp.lower)
      expect(b.upper).toBeGreaterThan(cp.upper)
    }
    expect(rateConfidenceBounds(0, 50, 0.05).lower).toBe(0)
    expect(rateConfidenceBounds(50, 50, 0.05).upper).toBe(1)
    const w = (n: number) => {
      const b = rateConfidenceBounds(n / 2, n, 0.01)
      return b.upper - b.lower
    }
    expect(w(4000)).toBeLessThan(w(1000))
  })

  it('holds its error rate over every look (simulation: ever crossing, looking after every draw)', () => {
    const rng = createRng('cs-coverage')
    const a = 0.05
    for (const p of [0.02, 0.5, 0.95]) {
      let crossed = 0
      const runs = 400
      for (let r = 0; r < runs; r++) {
        let s = 0
        for (let n = 1; n <= 500; n++) {
          if (rng() < p) s++
          // the lower bound crossing p is the event "rate ≤ p rejected": evidence ≥ ln(1/a)
          if (rateEvidenceAbove(s, n, p) >= Math.log(1 / a)) {
            crossed++
            break
          }
        }
      }
      // Ville: ≤ a; 99% binomial slack on 400 runs
      expect(crossed / runs).toBeLessThan(a + 0.03)
    }
  })

  it('decideRateAnytime: pass far above, fail far below, undefined when no verdict is possible', () => {
    const claim = {
      target: { lower: 0.9, upper: Number.POSITIVE_INFINITY },
      tolerance: 0.05,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
    }
    expect(decideRateAnytime(100, 100, claim)?.outcome).toBe('pass')
    expect(decideRateAnytime(50, 100, claim)?.outcome).toBe('fail')
    expect(decideRateAnytime(9, 10, claim, false)).toBeUndefined()
    const d = decideRateAnytime(9, 10, claim, true)
    expect(d?.outcome).toBe('inconclusive')
    expect(d?.samplesNeeded).toBeGreaterThan(10)
    expect(() => decideRateAnytime(11, 10, claim)).toThrowError(InvalidRangeError)
  })
})

describe('quantile and DKW bounds', () => {
  it('quantile bounds are order statistics around the sample quantile, ±Infinity when too few', () => {
    const rng = createRng('q')
    const xs = Float64Array.from({ length: 2000 }, () => rng.normal()).sort()
    const b = quantileConfidenceBounds(xs, 0.9, 0.01)
    expect(b.lower).toBeLessThan(1.2816)
    expect(b.upper).toBeGreaterThan(1.2816)
    expect(b.upper - b.lower).toBeLessThan(0.5)
    const few = quantileConfidenceBounds([1, 2, 3], 0.99, 0.01)
    expect(few.upper).toBe(Number.POSITIVE_INFINITY)
  })

  it('quantile bounds hold at every look (simulation, exponential data with ties)', () => {
    const rng = createRng('q-cov')
    const a = 0.05
    let crossed = 0
    const runs = 200
    const q = 0.8
    const truth = Math.round(-Math.log(1 - q) * 4) / 4 // ties: values rounded to quarters
    for (let r = 0; r < runs; r++) {
      const xs: number[] = []
      for (let n = 1; n <= 400; n++) {
        xs.push(Math.round(-Math.log(1 - rng()) * 4) / 4)
        if (n % 20 !== 0) continue
        const b = quantileConfidenceBounds(
          [...xs].sort((u, v) => u - v),
          q,
          a,
        )
        if (b.lower > truth || b.upper < truth) {
          crossed++
          break
        }
      }
    }
    expect(crossed / runs).toBeLessThan(2 * a + 0.04)
  })

  it('the DKW band holds uniformly over time (simulation)', () => {
    const rng = createRng('dkw')
    const a = 0.1
    let crossed = 0
    const runs = 200
    for (let r = 0; r < runs; r++) {
      const xs: number[] = []
      for (let n = 1; n <= 1000; n++) {
        xs.push(rng())
        if (n % 50 !== 0) continue
        const s = [...xs].sort((u, v) => u - v)
        let d = 0
        for (let i = 0; i < n; i++) d = Math.max(d, (i + 1) / n - s[i], s[i] - i / n)
        if (d > dkwBandHalfWidth(n, a)) {
          crossed++
          break
        }
      }
    }
    expect(crossed / runs).toBeLessThanOrEqual(a)
    expect(dkwBandHalfWidth(1000, 0.05)).toBeCloseTo(0.0866, 3)
  })
})

describe('boundedMeanBounds (betting)', () => {
  it('covers the mean of skewed bounded data near an end, at small n', () => {
    const rng = createRng('bet')
    const a = 0.05
    let missLow = 0
    let missHigh = 0
    const runs = 400
    // Beta-like skewed data in [0, 1] with mean 0.9: 0.6 w.p. 0.25, 1 w.p. 0.75
    for (let r = 0; r < runs; r++) {
      const xs = Array.from({ length: 20 }, () => (rng() < 0.25 ? 0.6 : 1))
      const b = boundedMeanBounds(xs, a)
      if (b.lower > 0.9) missLow++
      if (b.upper < 0.9) missHigh++
    }
    expect(missLow / runs).toBeLessThan(a + 0.03)
    expect(missHigh / runs).toBeLessThan(a + 0.03)
  })

  it('rescales a range, rejects values outside it', () => {
    const b = boundedMeanBounds([5, 6, 7, 8, 9, 10, 6, 7, 8, 9], 0.05, { range: [0, 10] })
    expect(b.estimate).toBe(7.5)
    expect(b.lower).toBeLessThan(7.5)
    expect(b.upper).toBeGreaterThan(7.5)
    expect(() => boundedMeanBounds([2], 0.05)).toThrowError(InvalidRangeError)
    expect(() => boundedMeanBounds([0.5], 0.05, { range: [1, 0] })).toThrowError(InvalidRangeError)
  })
})

describe('drawRange and drawSequentially', () => {
  it('drawRange seeds draw i as drawSamples does', async () => {
    const all = await drawSamples(({ rng }) => rng(), { samples: 20, seed: 'r' })
    const part = await drawRange(({ rng }) => rng(), { from: 5, to: 12, seed: 'r' })
    expect(part.values).toEqual(all.values.slice(5, 12))
  })

  it('stops early on a clear case, and reproduces its draws whatever the concurrency', async () => {
    const claim = {
      target: { lower: 0.8, upper: Number.POSITIVE_INFINITY },
      tolerance: 0.05,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
    }
    const run = (concurrency: number) =>
      drawSequentially(
        async ({ rng, index }: { rng: () => number; index: number }) => {
          await sleep((index * 7) % 5)
          return rng() < 0.99
        },
        {
          seed: 'seq',
          concurrency,
          decide: (v, final) => decideRateAnytime(v.filter(Boolean).length, v.length, claim, final),
        },
      )
    const one = await run(1)
    const many = await run(8)
    expect(one.stoppedBecause).toBe('decided')
    expect(one.decision.outcome).toBe('pass')
    expect(one.samplesDrawn).toBeLessThan(200)
    expect(many.values.slice(0, one.values.length)).toEqual(one.values.slice(0, many.values.length))
    expect(many.peakInFlight).toBeLessThanOrEqual(8)
  })

  it('never has more than k calls in flight', async () => {
    let active = 0
    let peak = 0
    const r = await drawSequentially(
      async () => {
        active++
        peak = Math.max(peak, active)
        await sleep(1)
        active--
        return true
      },
      {
        seed: 'k',
        concurrency: 5,
        maxSamples: 60,
        decide: (v, final) =>
          final
            ? decideRateAnytime(v.length, v.length, {
                target: { lower: 0.999, upper: Number.POSITIVE_INFINITY },
                tolerance: 0.0005,
                falseFailRate: 0.001,
                falsePassRate: 0.05,
              })
            : undefined,
      },
    )
    expect(peak).toBeLessThanOrEqual(5)
    expect(peak).toBe(5)
    expect(r.peakInFlight).toBe(5)
    expect(r.stoppedBecause).toBe('maxSamples')
    expect(r.samplesDrawn).toBe(60)
  })

  it('stops at the time budget with the finished prefix, undecided', async () => {
    const r = await drawSequentially(
      async ({ index }) => {
        await sleep(index === 3 ? 200 : 2)
        return true
      },
      {
        seed: 't',
        timeoutMs: 80,
        concurrency: 4,
        decide: (v, final) =>
          final
            ? decideRateAnytime(v.length, v.length, {
                target: { lower: 0.99, upper: Number.POSITIVE_INFINITY },
                tolerance: 0.005,
                falseFailRate: 0.001,
                falsePassRate: 0.05,
              })
            : undefined,
      },
    )
    expect(r.stoppedBecause).toBe('timeout')
    expect(r.samplesDrawn).toBe(3) // draw 3 never finished: the prefix ends there
  })

  it('draws exactly the requested draws when workers yield to the event loop mid-run', async () => {
    const busy = (ms: number) => {
      const t = performance.now()
      while (performance.now() - t < ms);
    }
    const r = await drawSamples(
      async ({ index }) => {
        if (index >= 20) busy(26) // forces the 25 ms yield while other workers pull indices
        await sleep(0)
        return index
      },
      { samples: 24, seed: 'y', concurrency: 4 },
    )
    expect(r.values).toEqual(Array.from({ length: 24 }, (_, i) => i))
  })

  it('callTimeoutMs and onError: count-as-failure', async () => {
    const r = await drawSamples(
      async ({ index }) => {
        if (index === 1) throw new Error('flaky')
        if (index === 2) await sleep(500)
        return true
      },
      { samples: 4, seed: 'e', callTimeoutMs: 30, onError: 'count-as-failure' },
    )
    expect(r.values).toEqual([true, false, false, true])
    expect(r.errors).toBe(2)
    await expect(
      drawSamples(
        async ({ index }) => {
          if (index === 2) await sleep(500)
          return true
        },
        { samples: 4, seed: 'e', callTimeoutMs: 30, where: 'm' },
      ),
    ).rejects.toThrowError(
      /m: the sampler threw at draw 2 \(seed "e\/2"\): CallTimeoutError: the call did not settle within callTimeoutMs = 30 ms/,
    )
    await expect(
      drawSamples(() => 1, { samples: 1, seed: 'e', onError: 'ignore' as never }),
    ).rejects.toThrowError(InvalidInputError)
    await expect(drawSamples(() => 1, { samples: 1, seed: 'e', callTimeoutMs: 0 })).rejects.toThrowError(
      InvalidRangeError,
    )
  })
})

describe('decideQuantileAnytime and decideKsAnytime', () => {
  it('a p95 claim: fails when clearly above, passes when clearly below, waits when too few', async () => {
    const { decideQuantileAnytime, decideKsAnytime } = await import('../../src/sequential')
    const rng = createRng('p95')
    const rates = { falseFailRate: 0.001, falsePassRate: 0.05 }
    const claim = { target: { lower: Number.NEGATIVE_INFINITY, upper: 2 }, tolerance: 0.2, ...rates }
    const xs = Float64Array.from({ length: 3000 }, () => rng.normal()).sort() // p95 = 1.645
    expect(decideQuantileAnytime(xs, 0.95, claim).outcome).toBe('pass')
    const shifted = xs.map((x) => x + 1) // p95 = 2.645
    expect(decideQuantileAnytime(shifted, 0.95, claim).outcome).toBe('fail')
    expect(decideQuantileAnytime(xs.subarray(0, 20), 0.95, claim).outcome).toBe('inconclusive')
    expect(decideKsAnytime(0.01, 5000, 0.1, rates).outcome).toBe('pass')
    expect(decideKsAnytime(0.2, 5000, 0.1, rates).outcome).toBe('fail')
    expect(decideKsAnytime(0.05, 100, 0.1, rates).outcome).toBe('inconclusive')
  })
})

describe('decideSharesAnytime', () => {
  it('waits while no share can decide, decides when one fails or all pass', async () => {
    const { decideSharesAnytime } = await import('../../src/sequential')
    const rates = { falseFailRate: 0.001, falsePassRate: 0.05, tolerance: 0.05 }
    const top = (count: number, n: number) => ({
      count,
      n,
      target: { lower: 0.95, upper: Number.POSITIVE_INFINITY },
    })
    const low = (count: number, n: number) => ({
      count,
      n,
      target: { lower: Number.NEGATIVE_INFINITY, upper: 0.95 },
    })
    expect(decideSharesAnytime([top(19, 20), low(1, 20)], rates, false)).toBeUndefined()
    const failing = decideSharesAnytime([top(100, 200), low(1, 200)], rates, false)
    expect(failing?.map((d) => d.outcome)).toContain('fail')
    const passing = decideSharesAnytime([top(2000, 2000), low(0, 2000)], rates, false)
    expect(passing?.every((d) => d.outcome === 'pass')).toBe(true)
    expect(decideSharesAnytime([top(19, 20)], rates, true)?.[0].outcome).toBe('inconclusive')
  })
})

describe('the sequential mean', () => {
  it('BettingCapital is the anytime bound at every value: rejects m exactly when boundedMeanBounds says lower > m', () => {
    const rng = createRng('capital')
    const xs = Array.from({ length: 300 }, () => (rng() < 0.8 ? 1 : rng()))
    const lower = boundedMeanBounds(xs, 0.01, { horizon: 'anytime' }).lower
    for (const m of [lower - 1e-3, lower + 1e-3]) {
      const k = new BettingCapital(m, 0.01)
      for (const x of xs) k.push(x)
      expect(k.rejected).toBe(m < lower)
    }
  })

  it('the fixed-n betting bounds are unchanged by the unification (pinned values)', () => {
    const b = bettingMeanBounds([0.2, 0.9, 0.4, 0.7, 0.6, 0.8, 0.3, 0.9, 1, 0.5], 0.05, { range: [0, 1] })
    expect(b.lower).toBeGreaterThan(0.2)
    expect(b.upper).toBeLessThan(1)
    expect(bettingMeanBounds([1, 2, 3, 4], 0.05, { range: [0, Number.POSITIVE_INFINITY] }).upper).toBe(
      Number.POSITIVE_INFINITY,
    )
  })

  it('boundedMeanMonitor: false fails at most falseFailRate over every look (simulation, skewed values at the boundary)', () => {
    const rng = createRng('monitor')
    const a = 0.05
    let fails = 0
    const runs = 300
    for (let r = 0; r < runs; r++) {
      // U^4 has mean 0.2: the claim "mean ≤ 0.2" is true, at its boundary.
      const m = boundedMeanMonitor({
        range: [0, 1],
        target: { lower: Number.NEGATIVE_INFINITY, upper: 0.2 },
        tolerance: 0.05,
        falseFailRate: a,
        falsePassRate: 0.05,
      })
      const xs: number[] = []
      for (let t = 0; t < 1000; t++) {
        xs.push(rng() ** 4)
        // A look after every value.
        const d = m.decide(xs, t === 999)
        if (d?.outcome === 'fail') {
          fails++
          break
        }
        if (d?.outcome === 'pass') break
      }
    }
    expect(fails / runs).toBeLessThanOrEqual(a)
  }, 60_000)

  it('boundedMeanMonitor: rejects values outside the range and bad claims', () => {
    const claim = {
      range: [0, 1] as [number, number],
      target: { lower: 0.5, upper: 1 },
      tolerance: 0.1,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
    }
    expect(() => boundedMeanMonitor(claim).decide([0.5, 2], false)).toThrowError(InvalidRangeError)
    expect(() => boundedMeanMonitor({ ...claim, range: [1, 0] })).toThrowError(InvalidRangeError)
    expect(() => boundedMeanMonitor({ ...claim, tolerance: 0 })).toThrowError(InvalidRangeError)
    expect(boundedMeanMonitor(claim).decide([0.9, 0.8], false)).toBeUndefined()
    expect(boundedMeanMonitor(claim).decide([0.9, 0.8], true)?.outcome).toBe('inconclusive')
  })

  it('groupSequentialLooks: geometric, at most 4× apart, ending at max', () => {
    expect(groupSequentialLooks(1000, 10_000)).toEqual([1000, 3163, 10_000])
    expect(groupSequentialLooks(1000, 4000)).toEqual([1000, 4000])
    expect(groupSequentialLooks(1000, 1000)).toEqual([1000])
    expect(groupSequentialLooks(1000, 500)).toEqual([500])
    expect(groupSequentialLooks(250, 2500)).toEqual([250, 791, 2500])
    expect(() => groupSequentialLooks(0, 10)).toThrowError(InvalidRangeError)
    expect(() => groupSequentialLooks(10, 100, 1)).toThrowError(InvalidRangeError)
  })

  it('meanGroupSequential: decides only at planned looks, at the split rates, and jumps to the projected look', () => {
    const calls: Array<[number, number]> = []
    const design = meanGroupSequential({
      first: 100,
      maxSamples: 1600,
      rates: { falseFailRate: 0.003, falsePassRate: 0.06 },
      decideAt: (values, rates) => {
        calls.push([values.length, rates.falseFailRate])
        return decideMean(values, {
          target: { lower: -0.1, upper: 0.1 },
          tolerance: 0.05,
          ...rates,
        })
      },
    })
    expect(design.looks).toEqual([100, 400, 1600])
    expect(design.lookRates.falseFailRate).toBeCloseTo(0.001, 12)
    expect(design.lookRates.falsePassRate).toBeCloseTo(0.02, 12)
    const rng = createRng('gs')
    const xs = Array.from({ length: 1600 }, () => rng.normal(0, 1))
    expect(design.decide(xs.slice(0, 50), false)).toBeUndefined()
    const d = design.decide(xs.slice(0, 100), false)
    expect(d?.outcome).toBe('inconclusive')
    // The next look: the first planned at or beyond what this look projects.
    const needed = d?.samplesNeeded ?? 101
    expect(design.nextLook(100, d)).toBe(design.looks.find((n) => n >= needed) ?? 1600)
    expect(design.nextLook(100, { ...(d as NonNullable<typeof d>), samplesNeeded: 500 })).toBe(1600)
    expect(design.nextLook(100, { ...(d as NonNullable<typeof d>), samplesNeeded: 150 })).toBe(400)
    // A final look between planned looks keeps the last planned look's decision.
    expect(design.decide(xs.slice(0, 700), true)).toBe(d)
    expect(calls).toEqual([[100, 0.001]])
    expect(design.looksTaken).toBe(1)
  })

  it('meanGroupSequential through drawSequentially: the overall false-fail rate stays at most falseFailRate (simulation)', async () => {
    const a = 0.05
    let fails = 0
    const runs = 150
    for (let r = 0; r < runs; r++) {
      const design = meanGroupSequential({
        first: 50,
        maxSamples: 800,
        rates: { falseFailRate: a, falsePassRate: 0.05 },
        decideAt: (values, rates) =>
          decideMean(values, { target: { lower: 0, upper: 0 }, tolerance: 0.3, ...rates }),
      })
      const run = await drawSequentially(({ rng }) => rng.normal(0, 1), {
        seed: `gs-${r}`,
        maxSamples: 800,
        minSamples: design.looks[0],
        decide: (v, final) => design.decide(v as number[], final),
        nextLook: (n, d) => design.nextLook(n, d),
      })
      expect(design.looks).toContain(run.samplesDrawn)
      if (run.decision.outcome === 'fail') fails++
    }
    expect(fails / runs).toBeLessThanOrEqual(a)
  }, 60_000)
})
