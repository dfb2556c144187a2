import { describe, expect, it } from 'vitest'
import {
  ecdf,
  mean,
  median,
  quantile,
  quantileSorted,
  sortedCopy,
  standardDeviation,
  variance,
} from '../../src/descriptive'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import fixtures from '../fixtures/distributions.json'

// Reference values from numpy (test/fixtures/distributions.py): mean, var(ddof=1), var(ddof=0), median,
// np.quantile (default method 'linear' = type 7).
const cases = (fixtures as any).descriptive as {
  xs: number[]
  mean: number
  var: number | null
  var0: number
  median: number
  p: number[]
  quantiles: number[]
}[]

const rel = (a: number, e: number) => (a === e ? 0 : Math.abs(a - e) / Math.max(Math.abs(e), 1e-300))

describe('descriptive statistics vs numpy', () => {
  it.each(cases.map((c, i) => [i, c] as const))('sample %i', (_i, c) => {
    expect(rel(mean(c.xs), c.mean)).toBeLessThan(1e-14)
    if (c.var !== null) expect(rel(variance(c.xs), c.var)).toBeLessThan(1e-12)
    expect(Math.abs(variance(c.xs, { ddof: 0 }) - c.var0)).toBeLessThanOrEqual(
      1e-12 * Math.max(c.var0, 1e-300),
    )
    expect(median(c.xs)).toBe(c.median)
    const q = quantile(c.xs, c.p)
    q.forEach((v, j) => {
      expect(rel(v, c.quantiles[j])).toBeLessThan(1e-15)
    })
    const s = sortedCopy(c.xs)
    expect(quantileSorted(s, c.p)).toEqual(q)
  })
})

describe('descriptive statistics', () => {
  it('mean and variance are exact with a large offset', () => {
    const xs = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]
    expect(mean(xs)).toBe(1e9 + 10)
    expect(variance(xs)).toBe(30)
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9], { ddof: 0 })).toBe(2)
  })
  it('all tied: zero variance', () => {
    expect(variance([0.1, 0.1, 0.1])).toBe(0)
    expect(quantile([0.1, 0.1, 0.1], 0.3)).toBe(0.1)
  })
  it('n = 1', () => {
    expect(mean([5])).toBe(5)
    expect(median([5])).toBe(5)
    expect(quantile([5], 0.9)).toBe(5)
    expect(variance([5], { ddof: 0 })).toBe(0)
    expect(() => variance([5])).toThrow(InvalidRangeError)
  })
  it('quantile: scalar and array p; does not mutate', () => {
    const xs = [5, 1, 4, 2, 3]
    expect(quantile(xs, 0.25)).toBe(2)
    expect(quantile(xs, [0, 1])).toEqual([1, 5])
    expect(xs).toEqual([5, 1, 4, 2, 3])
    expect(quantile(new Float64Array([1, 2, 3, 4]), 0.5)).toBe(2.5)
  })
  it('sortedCopy sorts numerically into a new Float64Array', () => {
    const xs = [10, 9, 100, -1]
    const s = sortedCopy(xs)
    expect(Array.from(s)).toEqual([-1, 9, 10, 100])
    expect(xs).toEqual([10, 9, 100, -1])
  })
  it('ecdf', () => {
    const F = ecdf([3, 1, 2, 2])
    expect(F.n).toBe(4)
    expect(Array.from(F.sorted)).toEqual([1, 2, 2, 3])
    expect(F.at(0)).toBe(0)
    expect(F.at(1)).toBe(0.25)
    expect(F.at(2)).toBe(0.75)
    expect(F.at(2.5)).toBe(0.75)
    expect(F.at(3)).toBe(1)
    expect(F.at(Number.POSITIVE_INFINITY)).toBe(1)
    expect(F.countAtOrBelow(2)).toBe(3)
    expect(() => F.at(Number.NaN)).toThrow(InvalidInputError)
  })
  it('validates input', () => {
    expect(() => mean([])).toThrow(InvalidRangeError)
    expect(() => mean([1, Number.NaN])).toThrow(/xs\[1\]/)
    expect(() => mean('abc' as any)).toThrow(InvalidInputError)
    expect(() => quantile([1, 2], 1.5)).toThrow(/p/)
    expect(() => quantile([1, 2], [0.5, -0.1])).toThrow(/p\[1\]/)
    expect(() => variance([1, 2, 3], { ddof: -1 })).toThrow(/ddof/)
    expect(() => median([Number.POSITIVE_INFINITY])).toThrow(InvalidRangeError)
  })
})
