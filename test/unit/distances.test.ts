import { describe, expect, it } from 'vitest'
import {
  jensenShannon,
  jensenShannonDivergence,
  jensenShannonSamples,
  ksDistance,
  populationStabilityIndex,
  wasserstein,
} from '../../src/distances'
import { InvalidRangeError } from '../../src/errors'
import fx from '../fixtures/distances.json'

function near(actual: number, expected: number, rtol: number, atol: number, label: string) {
  if (actual === expected) return
  if (!(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected)))
    throw new Error(`${label}: got ${actual}, expected ${expected}`)
}

describe('wasserstein equals scipy.stats.wasserstein_distance', () => {
  it(`on ${fx.samples.length} sample pairs`, () => {
    // 1e-12 relative: SciPy sums with NumPy's pairwise summation, we sum in order
    for (const c of fx.samples) near(wasserstein(c.x, c.y), c.wasserstein, 1e-12, 1e-15, c.name)
  })
  it('is symmetric and zero for identical samples', () => {
    expect(wasserstein([1, 2, 3], [1, 2, 3])).toBe(0)
    expect(wasserstein([0, 1, 3], [5, 6, 8])).toBe(wasserstein([5, 6, 8], [0, 1, 3]))
  })
})

describe('ksDistance equals the ks_2samp statistic', () => {
  it(`on ${fx.samples.length} sample pairs`, () => {
    for (const c of fx.samples) near(ksDistance(c.x, c.y), c.ks, 1e-15, 0, c.name)
  })
})

describe('jensenShannon equals scipy.spatial.distance.jensenshannon', () => {
  it('on probability vectors, bases e, 2 and 10', () => {
    for (const c of fx.vectors) {
      near(jensenShannon(c.p, c.q), c.e, 1e-12, 1e-15, `${c.p} e`)
      near(jensenShannon(c.p, c.q, { base: 2 }), c.b2, 1e-12, 1e-15, `${c.p} 2`)
      near(jensenShannon(c.p, c.q, { base: 10 }), c.b10, 1e-12, 1e-15, `${c.p} 10`)
      near(jensenShannonDivergence(c.p, c.q, { base: 2 }), c.b2 ** 2, 1e-12, 1e-15, `${c.p} divergence`)
    }
  })
  it('on two samples through shared numpy-histogram bins', () => {
    for (const c of fx.samples)
      for (const [bins, [e, b2]] of Object.entries(c.jsSamples)) {
        const r = jensenShannonSamples(c.x, c.y, { bins: Number(bins) })
        near(r.distance, e, 1e-12, 1e-15, `${c.name} bins=${bins}`)
        near(
          jensenShannonSamples(c.x, c.y, { bins: Number(bins), base: 2 }).distance,
          b2,
          1e-12,
          1e-15,
          c.name,
        )
        expect(r.edges).toHaveLength(Number(bins) + 1)
      }
  })
  it('validates inputs', () => {
    expect(() => jensenShannon([1, 0], [1])).toThrow(InvalidRangeError)
    expect(() => jensenShannon([0, 0], [1, 1])).toThrow(/sum to zero/)
    expect(() => jensenShannon([-1, 2], [1, 1])).toThrow(InvalidRangeError)
    expect(() => jensenShannon([1, 2], [1, 1], { base: 1 })).toThrow(InvalidRangeError)
  })
})

describe('populationStabilityIndex', () => {
  it('equals the documented NumPy computation (quantile and uniform binning, epsilon)', () => {
    for (const c of fx.samples)
      for (const [key, ref] of Object.entries(c.psi)) {
        const [binning, bins, eps] = key.split('/')
        const r = populationStabilityIndex(c.x, c.y, {
          binning: binning as 'quantile',
          bins: Number(bins),
          epsilon: Number(eps),
        })
        near(r.value, ref.value, 1e-12, 1e-15, `${c.name} ${key}`)
        expect(r.bins.map((b) => b.expectedShare)).toEqual(ref.expectedShare)
        expect(r.bins.map((b) => b.actualShare)).toEqual(ref.actualShare)
        expect(r.bins.slice(0, -1).map((b) => b.upper)).toEqual(ref.edges)
        expect(r.bins[0].lower).toBe(Number.NEGATIVE_INFINITY)
      }
  })
  it('is 0 for identical samples and grows with a shift', () => {
    const a = Array.from({ length: 100 }, (_, i) => i)
    expect(populationStabilityIndex(a, a).value).toBe(0)
    const b = a.map((v) => v + 30)
    expect(populationStabilityIndex(a, b).value).toBeGreaterThan(0.25)
  })
  it('validates inputs', () => {
    expect(() => populationStabilityIndex([1], [1], { bins: 0 })).toThrow(InvalidRangeError)
    expect(() => populationStabilityIndex([1], [1], { epsilon: 0 })).toThrow(InvalidRangeError)
    expect(() => populationStabilityIndex([1], [1], { binning: 'kmeans' as never })).toThrow(
      InvalidRangeError,
    )
    expect(() => populationStabilityIndex([], [1])).toThrow(InvalidRangeError)
  })
})
