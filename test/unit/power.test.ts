import { describe, expect, it } from 'vitest'
import { binomialSf, normalCdf, normalPpf } from '../../src/distributions'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import {
  detectableKsDistance,
  detectableMeanShift,
  detectableProportionShift,
  ksCriticalDistance,
  samplesForKs,
  samplesForMean,
  samplesForProportion,
} from '../../src/power'
import { createRng } from '../../src/random'
import sm from '../fixtures/hypothesis_power.json'

describe('proportions (score-test normal approximation)', () => {
  it('the detectable shift solves the documented equation', () => {
    for (const [n, p0, alt] of [
      [100, 0.5, 'greater'],
      [1000, 0.1, 'greater'],
      [5000, 0.02, 'less'],
      [300, 0.9, 'two-sided'],
    ] as const) {
      const alpha = 0.001
      const beta = 0.05
      const d = detectableProportionShift(n, {
        p0,
        alternative: alt,
        falseFailRate: alpha,
        falsePassRate: beta,
      })
      const za = normalPpf(1 - (alt === 'two-sided' ? alpha / 2 : alpha))
      const zb = normalPpf(1 - beta)
      const dirs = alt === 'two-sided' ? [1, -1] : [alt === 'greater' ? 1 : -1]
      // at least one direction meets the equation exactly, and every direction is detectable at d
      const residuals = dirs.map((s) => {
        const p1 = p0 + s * d
        return Math.sqrt(n) * d - (za * Math.sqrt(p0 * (1 - p0)) + zb * Math.sqrt(p1 * (1 - p1)))
      })
      expect(Math.min(...residuals.map(Math.abs))).toBeLessThan(1e-9)
      for (const r of residuals) expect(r).toBeGreaterThan(-1e-9)
    }
  })
  it('samplesForProportion inverts detectableProportionShift', () => {
    for (const [p0, tol, alt] of [
      [0.5, 0.05, 'greater'],
      [0.1, 0.02, 'greater'],
      [0.05, 0.03, 'less'],
      [0.3, 0.1, 'two-sided'],
    ] as const) {
      const n = samplesForProportion({ p0, tolerance: tol, alternative: alt })
      expect(detectableProportionShift(n, { p0, alternative: alt })).toBeLessThanOrEqual(tol + 1e-12)
      expect(detectableProportionShift(n - 1, { p0, alternative: alt })).toBeGreaterThan(tol)
    }
  })
  it('has (approximately) the promised power under the exact binomial distribution', () => {
    // the score test rejects when k ≥ n p0 + z_α √(n p0 q0); its exact power at p1 = p0 + δ is ≈ 1 − β
    for (const [p0, tol] of [
      [0.5, 0.05],
      [0.2, 0.05],
      [0.1, 0.03],
    ]) {
      const alpha = 0.01
      const beta = 0.1
      const n = samplesForProportion({
        p0,
        tolerance: tol,
        alternative: 'greater',
        falseFailRate: alpha,
        falsePassRate: beta,
      })
      const crit = Math.ceil(n * p0 + normalPpf(1 - alpha) * Math.sqrt(n * p0 * (1 - p0)))
      const power = binomialSf(crit - 1, n, p0 + tol)
      const size = binomialSf(crit - 1, n, p0)
      expect(power).toBeGreaterThan(1 - beta - 0.03)
      expect(power).toBeLessThan(1 - beta + 0.03)
      expect(size).toBeLessThan(alpha * 1.6)
    }
  })
  it('returns Infinity when nothing is detectable, and validates', () => {
    expect(detectableProportionShift(1, { p0: 0.5, alternative: 'greater' })).toBe(Number.POSITIVE_INFINITY)
    expect(() => detectableProportionShift(0, { p0: 0.5 })).toThrow(InvalidRangeError)
    expect(() => detectableProportionShift(10, { p0: 1 })).toThrow(InvalidRangeError)
    expect(() => samplesForProportion({ p0: 0.9, tolerance: 0.2, alternative: 'greater' })).toThrow(
      InvalidRangeError,
    )
    expect(() => samplesForProportion({ p0: 0.5, tolerance: 0.1, falseFailRate: 0 })).toThrow(
      InvalidRangeError,
    )
  })
})

describe('means', () => {
  it('normal method equals statsmodels NormalIndPower (one-sample, alternative larger)', () => {
    for (const r of sm) {
      const o = { sd: 1, method: 'normal' as const, alternative: 'greater' as const }
      const rates = { falseFailRate: r.alpha, falsePassRate: r.beta }
      if ('n' in r && r.n !== undefined) {
        expect(samplesForMean({ ...o, ...rates, tolerance: r.effect })).toBe(Math.ceil(r.n - 1e-9))
      } else {
        const d = detectableMeanShift(r.nobs!, { ...o, ...rates })
        // statsmodels solves for the effect size with a root finder whose answer is only ~3e-5 accurate
        // (its own power equation gives (z₁₋α + z₁₋β)/√n exactly, which is checked to 1e-14 here)
        expect(Math.abs(d - r.effect) / r.effect).toBeLessThan(1e-4)
        const exact = (normalPpf(1 - r.alpha) + normalPpf(1 - r.beta)) / Math.sqrt(r.nobs!)
        expect(Math.abs(d - exact) / exact).toBeLessThan(1e-14)
      }
    }
  })
  it('Hoeffding follows the documented formula and its inverse', () => {
    const n = 1000
    const d = detectableMeanShift(n, { range: [0, 1], alternative: 'greater' })
    expect(d).toBeCloseTo(Math.sqrt(Math.log(1000) / 2000) + Math.sqrt(Math.log(20) / 2000), 14)
    const two = detectableMeanShift(n, { range: [-1, 1] })
    expect(two).toBeCloseTo(2 * (Math.sqrt(Math.log(2000) / 2000) + Math.sqrt(Math.log(20) / 2000)), 14)
    const m = samplesForMean({ range: [0, 1], tolerance: 0.05, alternative: 'greater' })
    expect(detectableMeanShift(m, { range: [0, 1], alternative: 'greater' })).toBeLessThanOrEqual(0.05)
    expect(detectableMeanShift(m - 1, { range: [0, 1], alternative: 'greater' })).toBeGreaterThan(0.05)
  })
  it('Hoeffding is guaranteed: simulated power of the Hoeffding test on Bernoulli outputs ≥ 1 − β', () => {
    const rng = createRng('power-hoeffding')
    const n = 400
    const alpha = 0.05
    const beta = 0.2
    const d = detectableMeanShift(n, {
      range: [0, 1],
      alternative: 'greater',
      falseFailRate: alpha,
      falsePassRate: beta,
    })
    const threshold = 0.5 + Math.sqrt(Math.log(1 / alpha) / (2 * n))
    let rejections = 0
    const reps = 400
    for (let r = 0; r < reps; r++) {
      let s = 0
      for (let i = 0; i < n; i++) s += rng() < 0.5 + d ? 1 : 0
      if (s / n > threshold) rejections++
    }
    expect(rejections / reps).toBeGreaterThan(1 - beta)
  })
  it('t method needs more samples than normal, and inverts', () => {
    const o = { sd: 2, alternative: 'greater' as const }
    const nz = samplesForMean({ ...o, method: 'normal', tolerance: 0.5 })
    const nt = samplesForMean({ ...o, method: 't', tolerance: 0.5 })
    expect(nt).toBeGreaterThanOrEqual(nz)
    expect(detectableMeanShift(nt, { ...o, method: 't' })).toBeLessThanOrEqual(0.5)
    expect(detectableMeanShift(nt - 1, { ...o, method: 't' })).toBeGreaterThan(0.5)
    // the t version at large n approaches the normal one
    const a = detectableMeanShift(1e5, { ...o, method: 't' })
    const b = detectableMeanShift(1e5, { ...o, method: 'normal' })
    expect(Math.abs(a - b) / b).toBeLessThan(1e-3)
    expect(normalCdf(0)).toBe(0.5)
  })
  it('validates inputs', () => {
    expect(() => detectableMeanShift(10, {})).toThrow(InvalidInputError)
    expect(() => detectableMeanShift(10, { range: [1, 0] })).toThrow(InvalidRangeError)
    expect(() => detectableMeanShift(10, { method: 'hoeffding', sd: 1 })).toThrow(InvalidInputError)
    expect(() => detectableMeanShift(1, { method: 't', sd: 1 })).toThrow(InvalidRangeError)
    expect(() => samplesForMean({ range: [0, 1], tolerance: 0 })).toThrow(InvalidRangeError)
  })
})

describe('Kolmogorov–Smirnov via DKW', () => {
  it('follows the documented formulas', () => {
    expect(ksCriticalDistance(1000, { falseFailRate: 0.001 })).toBeCloseTo(
      Math.sqrt(Math.log(2000) / 2000),
      15,
    )
    expect(detectableKsDistance(1000, { falseFailRate: 0.001, falsePassRate: 0.05 })).toBeCloseTo(
      Math.sqrt(Math.log(2000) / 2000) + Math.sqrt(Math.log(20) / 2000),
      15,
    )
    expect(detectableKsDistance(100, { m: 100 })).toBeCloseTo(detectableKsDistance(50), 15)
  })
  it('samplesForKs inverts detectableKsDistance, one- and two-sample', () => {
    const n1 = samplesForKs({ distance: 0.1 })
    expect(detectableKsDistance(n1)).toBeLessThanOrEqual(0.1)
    expect(detectableKsDistance(n1 - 1)).toBeGreaterThan(0.1)
    for (const ratio of [1, 2, 0.5]) {
      const n = samplesForKs({ distance: 0.1, ratio })
      const m = Math.ceil(ratio * n)
      expect(detectableKsDistance(n, { m })).toBeLessThanOrEqual(0.1 + 1e-12)
    }
  })
  it('the DKW critical distance is conservative against the exact kstwo distribution', async () => {
    const { kstwoSf } = await import('../../src/kolmogorov')
    for (const n of [5, 50, 500]) {
      expect(kstwoSf(n, ksCriticalDistance(n, { falseFailRate: 0.01 }))).toBeLessThanOrEqual(0.01)
    }
  })
  it('validates inputs', () => {
    expect(() => ksCriticalDistance(0)).toThrow(InvalidRangeError)
    expect(() => detectableKsDistance(10, { m: 0 })).toThrow(InvalidRangeError)
    expect(() => samplesForKs({ distance: 1.5 })).toThrow(InvalidRangeError)
  })
})
