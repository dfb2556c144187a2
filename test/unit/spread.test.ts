import { describe, expect, it } from 'vitest'
import { InvalidRangeError } from '../../src/errors'
import { wilsonBounds } from '../../src/intervals'
import { bettingMeanBounds } from '../../src/meanBounds'
import { createRng } from '../../src/random'
import {
  decideAgreement,
  decideSpread,
  labelAgreement,
  SPREAD_LOWER_KURTOSIS_FLOOR,
  sdBounds,
  spreadKurtosisFloor,
  spreadSummary,
} from '../../src/spread'
import fixture from '../fixtures/spread.json'

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300)

describe('wilsonBounds (fractional n) against statsmodels proportion_confint', () => {
  it('matches to 1e-12', () => {
    for (const c of fixture.wilson) {
      const b = wilsonBounds(c.p, c.n, c.rate)
      expect(Math.abs(b.lower - c.lower), JSON.stringify(c)).toBeLessThan(1e-12)
      expect(Math.abs(b.upper - c.upper), JSON.stringify(c)).toBeLessThan(1e-12)
    }
  })
  it('rejects bad input', () => {
    expect(() => wilsonBounds(1.5, 10, 0.05)).toThrowError(/wilsonBounds: p/)
    expect(() => wilsonBounds(0.5, 0, 0.05)).toThrowError(/wilsonBounds: n/)
    expect(() => wilsonBounds(0.5, 10, 1)).toThrowError(/wilsonBounds: rate/)
  })
})

describe('sdBounds (Bonett 2006) against the formula written with scipy', () => {
  it('matches the kurtosis estimate and both bounds to 1e-12', () => {
    for (const c of fixture.bonett) {
      const s = spreadSummary(c.x)
      expect(rel(s.sd, c.sd)).toBeLessThan(1e-12)
      expect(rel(s.kurtosis!, c.kurtosis)).toBeLessThan(1e-12)
      const b = sdBounds(s, c.rate, { kurtosisFloor: c.floor })
      expect(rel(b.lower, c.lower), `${c.shape} ${c.x.length} ${c.rate}`).toBeLessThan(1e-12)
      expect(rel(b.upper, c.upper), `${c.shape} ${c.x.length} ${c.rate}`).toBeLessThan(1e-12)
    }
  })
  it('is near the chi-square bounds for many normal runs, and wider with heavy tails', () => {
    const big = fixture.bonett.find((c) => c.shape === 'normal' && c.x.length === 200 && c.floor === 0)!
    const b = sdBounds(spreadSummary(big.x), big.rate)
    expect(rel(b.lower, big.chi2_lower)).toBeLessThan(0.03)
    expect(rel(b.upper, big.chi2_upper)).toBeLessThan(0.03)
  })
  it('handles identical runs, tiny rates and too few runs', () => {
    expect(sdBounds(spreadSummary([1, 1, 1, 1, 1]), 0.05)).toEqual({ lower: 0, upper: 0 })
    expect(sdBounds(spreadSummary([1, 2, 3, 4, 5]), 1e-9)).toEqual({
      lower: 0,
      upper: Number.POSITIVE_INFINITY,
    })
    expect(() => sdBounds(spreadSummary([1, 2, 3]), 0.05)).toThrowError(InvalidRangeError)
    expect(() => spreadSummary([1])).toThrowError(/at least 2 values/)
    expect(() => spreadSummary([1, Number.NaN])).toThrowError(/xs\[1\] must be a finite number/)
  })
})

describe('decideSpread', () => {
  const rates = { falseFailRate: 0.001, falsePassRate: 0.05 }
  const normal = (k: number, sd: number, seed: string) => {
    const rng = createRng(seed)
    return Float64Array.from({ length: k }, () => rng.normal(5, sd))
  }
  it('decides σ ≤ τ through decideInterval: target [0, τ], violation 2τ', () => {
    const pass = decideSpread({ values: normal(30, 0.1, 'a'), tolerance: 1, ...rates })
    expect(pass.outcome).toBe('pass')
    expect(pass.decision).toMatchObject({ kind: 'interval', target: { lower: 0, upper: 1 }, tolerance: 1 })
    expect(pass.decision.passBounds.upper).toBeLessThan(2)
    const fail = decideSpread({ values: normal(30, 3, 'b'), tolerance: 1, ...rates })
    expect(fail.outcome).toBe('fail')
    expect(fail.decision.failBounds.lower).toBeGreaterThan(1)
    const open = decideSpread({ values: normal(10, 0.8, 'c'), tolerance: 1, ...rates })
    expect(open.outcome).toBe('inconclusive')
    expect(open.decision.samplesNeeded).toBeGreaterThan(10)
  })
  it('uses the kurtosis floors: 3 for the lower bound, κ₀(k) for the upper', () => {
    const values = normal(20, 1, 'd')
    const d = decideSpread({ values, tolerance: 1, ...rates })
    const s = spreadSummary(values)
    expect(d.decision.failBounds.lower).toBe(
      sdBounds(s, 0.001, { kurtosisFloor: SPREAD_LOWER_KURTOSIS_FLOOR }).lower,
    )
    expect(d.decision.passBounds.upper).toBe(
      sdBounds(s, 0.05, { kurtosisFloor: spreadKurtosisFloor(20) }).upper,
    )
  })
  it('is untrusted below 5 runs unless it fails, and exact at τ = 0', () => {
    const few = decideSpread({ values: [1, 1.001, 1.002, 1.0005], tolerance: 1, ...rates })
    expect(few.decision).toMatchObject({ outcome: 'inconclusive', reason: 'untrusted', samplesNeeded: 5 })
    expect(decideSpread({ values: [0, 50, 100, 25], tolerance: 0.01, ...rates }).outcome).toBe('fail')
    expect(decideSpread({ values: [2, 2], relativeTolerance: 0.01, ...rates }).outcome).toBe('pass')
    const zero = decideSpread({ values: [-1e-9, 1e-9], relativeTolerance: 0.01, ...rates })
    expect(zero).toMatchObject({ outcome: 'fail', method: 'exact' })
  })
  it('fails a component at falseFailRate / m and passes only when every component passes', () => {
    const rng = createRng('m')
    const k = 30
    const m = 3
    const values = new Float64Array(k * m)
    for (let i = 0; i < k; i++) {
      values[i * m] = rng.normal(0, 0.1)
      values[i * m + 1] = rng.normal(0, 0.1)
      values[i * m + 2] = rng.normal(0, 0.9)
    }
    const d = decideSpread({ values, components: m, tolerance: 1, ...rates })
    expect(d.componentFalseFailRate).toBeCloseTo(0.001 / 3, 15)
    expect(d.components.map((c) => c.decision.outcome)).toEqual(['pass', 'pass', 'inconclusive'])
    expect(d.outcome).toBe('inconclusive')
    expect(d.worst.index).toBe(2)
  })
  it('assumeNormal: chi-square bounds s·√((k−1)/χ²), matching scipy', () => {
    const c = fixture.bonett.find((x) => x.shape === 'normal' && x.x.length === 10 && x.rate === 0.05)!
    const d = decideSpread({
      values: c.x,
      tolerance: 1,
      falseFailRate: 0.05,
      falsePassRate: 0.05,
      assumeNormal: true,
    })
    expect(d.method).toBe('chi-square')
    expect(rel(d.decision.failBounds.lower, c.chi2_lower)).toBeLessThan(1e-10)
    expect(rel(d.decision.passBounds.upper, c.chi2_upper)).toBeLessThan(1e-10)
  })
  it('rejects bad input', () => {
    expect(() => decideSpread({ values: [1, 2, 3], components: 2, ...rates })).toThrowError(/values must be/)
    expect(() => decideSpread({ values: [1, 2], tolerance: -1, ...rates })).toThrowError(/tolerance must be/)
  })
})

describe('labelAgreement and decideAgreement', () => {
  it('averages pairwise agreement, and decides on the disjoint pairs of runs (a block-flipping run is one unit)', () => {
    const base = Array.from({ length: 100 }, (_, i) => i % 3)
    const runs = Array.from({ length: 10 }, (_, r) => (r === 7 ? base.map(() => 9) : base))
    const a = labelAgreement(runs)
    expect(a.agreement).toBeCloseTo(36 / 45, 12)
    // Disjoint pairs (0,1) (2,3) (4,5) (6,7) (8,9): run 7 spoils one of the five.
    expect(Array.from(a.pairAgreement)).toEqual([1, 1, 1, 0, 1])
    expect(a.pairMean).toBeCloseTo(0.8, 12)
    // The mean of the runs' mean agreements is p̂.
    expect(a.runAgreement.reduce((x, y) => x + y, 0) / 10).toBeCloseTo(a.agreement, 12)
    expect(a.worstPair).toContain(7)
    const d = decideAgreement({
      agreement: a,
      minAgreement: 0.9,
      tolerance: 0.05,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
    })
    expect(d.outcome).toBe('inconclusive')
    expect(d.failBounds.upper).toBe(
      bettingMeanBounds(a.pairAgreement, 0.001, { range: [0, 1], truncation: 0.9 }).upper,
    )
    expect(d.estimate).toBeCloseTo(0.8, 12)
  })
  it('passes and fails through decideInterval on [minAgreement, 1]', () => {
    const rng = createRng('l')
    const truth = Array.from({ length: 400 }, () => rng() < 0.5)
    const runs = (q: number, k = 10) =>
      Array.from({ length: k }, () => truth.map((t) => (rng() < q ? !t : t)))
    const rates = { minAgreement: 0.9, tolerance: 0.05, falseFailRate: 0.001, falsePassRate: 0.05 }
    // The seed is the unit: 10 seeds (5 pairs) cannot pass whatever the positions; 50 (25 pairs) can.
    const few = decideAgreement({ agreement: labelAgreement(runs(0.005)), ...rates })
    expect(few.outcome).toBe('inconclusive')
    expect(few.samplesNeeded).toBeGreaterThanOrEqual(42)
    expect(few.samplesNeeded).toBeLessThanOrEqual(52)
    expect(decideAgreement({ agreement: labelAgreement(runs(0.005, 50)), ...rates }).outcome).toBe('pass')
    expect(decideAgreement({ agreement: labelAgreement(runs(0.2, 40)), ...rates }).outcome).toBe('fail')
    expect(() => labelAgreement([[1]])).toThrowError(/at least 2 runs/)
    expect(() => labelAgreement([[1], [1, 2]])).toThrowError(/labels\[1\] must hold 1 labels/)
  })
})
