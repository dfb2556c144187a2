import { describe, expect, it } from 'vitest'
import { normalCdf } from '../../src/distributions'
import { InvalidRangeError } from '../../src/errors'
import { binEdges, cdfShares, largestGapTwoSamples, largestGapVsCdf, sampleShares } from '../../src/histogram'
import { ks2Sample, ksTest } from '../../src/hypothesis'
import { createRng } from '../../src/random'

const draws = (seed: string, n: number, shift = 0) => {
  const rng = createRng(seed)
  return Float64Array.from({ length: n }, () => Math.round(4 * rng.normal(shift, 1)) / 4).sort()
}

describe('histogram shares', () => {
  it('count every value once; inner bins [e_i, e_{i+1}) as numpy.histogram', () => {
    const xs = draws('hist', 500)
    const edges = binEdges(-2, 2, 8)
    const shares = sampleShares(xs, edges)
    expect(shares.reduce((a, b) => a + b)).toBeCloseTo(1, 14)
    for (let j = 1; j < 7; j++) {
      const inside = xs.filter((x) => x >= edges[j] && x < edges[j + 1]).length
      expect(shares[j]).toBe(inside / 500)
    }
    expect(shares[0]).toBe(xs.filter((x) => x < edges[1]).length / 500)
    const cdf = cdfShares((x) => normalCdf(x), edges)
    expect(cdf.reduce((a, b) => a + b)).toBeCloseTo(1, 14)
    expect(cdf[3]).toBeCloseTo(normalCdf(0) - normalCdf(-0.5), 14)
  })
  it('edges stay finite when hi − lo overflows', () => {
    for (const [lo, hi] of [
      [-1.7e308, 1.7e308],
      [-1.7e308, 3],
    ]) {
      const edges = binEdges(lo, hi, 4)
      expect(edges.every((e) => Number.isFinite(e))).toBe(true)
      expect(edges[0]).toBe(lo)
      expect(edges[4]).toBeCloseTo(hi, -300)
      expect(Math.abs(edges[2] - (lo / 2 + hi / 2))).toBeLessThan(1e-12 * 1.7e308)
      expect(sampleShares([-1.7e308, -1.7e308, 1], edges).reduce((a, b) => a + b)).toBeCloseTo(1, 14)
    }
  })
  it('rejects bad input', () => {
    expect(() => binEdges(1, 0, 3)).toThrow(/binEdges: hi/)
    expect(() => binEdges(0, 1, Number.NaN)).toThrow(InvalidRangeError)
    expect(() => sampleShares([1], [1])).toThrow(/sampleShares: edges/)
    expect(() => sampleShares([1], [2, 1])).toThrow(/non-decreasing/)
    expect(() => cdfShares((() => Number.NaN) as never, [0, 1, 2])).toThrow(/cdfShares: cdf/)
  })
})

describe('largest ECDF gap: where the Kolmogorov–Smirnov statistic (scipy-checked) is attained', () => {
  it('two samples, with ties', () => {
    for (const shift of [0, 0.3, 1]) {
      const a = draws(`a${shift}`, 300)
      const b = draws(`b${shift}`, 200, shift)
      const g = largestGapTwoSamples(a, b)
      expect(Math.abs(g.received - g.reference)).toBeCloseTo(ks2Sample(a, b).statistic, 14)
      expect(g.received).toBe(a.filter((x) => x <= g.x).length / 300)
      expect(g.reference).toBe(b.filter((x) => x <= g.x).length / 200)
    }
  })
  it('a sample against a continuous CDF', () => {
    const rng = createRng('vs-cdf')
    for (const shift of [0, 0.2]) {
      const xs = Float64Array.from({ length: 400 }, () => rng.normal(shift, 1)).sort()
      const g = largestGapVsCdf(xs, (x) => normalCdf(x))
      expect(Math.abs(g.received - g.reference)).toBeCloseTo(ksTest(xs, (x) => normalCdf(x)).statistic, 14)
    }
  })
  it('rejects unsorted samples and bad CDFs', () => {
    expect(() => largestGapTwoSamples([2, 1], [1])).toThrow(InvalidRangeError)
    expect(() => largestGapVsCdf([1, 2], 3 as never)).toThrow(/largestGapVsCdf: cdf/)
    expect(() => largestGapVsCdf([1, 2], () => 2)).toThrow(/probability/)
  })
})
