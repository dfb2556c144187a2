import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { intervalCounts, successCounts, tiesSorted } from '../../src/descriptive'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { categoryCounts } from '../../src/histogram'
import { calibrationCurve, confusionCounts, passAtK, passAtKOfRate, rateOfPassAtK } from '../../src/metrics'

// The counting primitives the matchers ask the engine for. Reference values: test/fixtures/counts.py
// (numpy, scipy.special.comb, scikit-learn's multilabel_confusion_matrix).
const fx = JSON.parse(readFileSync(new URL('../fixtures/counts.json', import.meta.url), 'utf8'))
const metricsFx = JSON.parse(readFileSync(new URL('../fixtures/metrics.json', import.meta.url), 'utf8'))

const endOf = (v: number | null, infinity: number) => (v === null ? infinity : v)

describe('intervalCounts against numpy', () => {
  for (const [i, c] of (fx.interval as Array<Record<string, any>>).entries()) {
    const lower = endOf(c.lower, Number.NEGATIVE_INFINITY)
    const upper = endOf(c.upper, Number.POSITIVE_INFINITY)
    it(`case ${i}: [${lower}, ${upper}], n = ${c.x.length}`, () => {
      const r = intervalCounts(c.x, lower, upper)
      expect(r).toEqual({
        n: c.x.length,
        below: c.below,
        inside: c.inside,
        above: c.above,
        atOrBelowUpper: c.below + c.inside,
        outside: c.below + c.above,
      })
      expect(intervalCounts(Float64Array.from(c.x), lower, upper)).toEqual(r)
    })
  }

  it('continues the counts of a prefix: a growing sample counted piece by piece equals one count', () => {
    const c = fx.interval[1]
    const whole = intervalCounts(c.x, c.lower, c.upper)
    let counts = intervalCounts([], c.lower, c.upper)
    for (const cut of [1, 7, 50, 51, 120, c.x.length])
      counts = intervalCounts(c.x.slice(0, cut), c.lower, c.upper, counts)
    expect(counts).toEqual(whole)
  })

  it('counts the ends as inside, and infinite values on their side', () => {
    expect(intervalCounts([1, 2, 3], 1, 3)).toMatchObject({ below: 0, inside: 3, above: 0 })
    expect(intervalCounts([Number.NEGATIVE_INFINITY, 0, Number.POSITIVE_INFINITY], -1, 1)).toMatchObject({
      below: 1,
      inside: 1,
      above: 1,
    })
  })

  it('rejects NaN, reversed ends and counts that are not a prefix, naming intervalCounts', () => {
    expect(() => intervalCounts([1, Number.NaN], 0, 1)).toThrowError(/intervalCounts: xs\[1\]/)
    expect(() => intervalCounts([1], Number.NaN, 1)).toThrowError(InvalidInputError)
    expect(() => intervalCounts([1], 2, 1)).toThrowError(InvalidRangeError)
    expect(() => intervalCounts('abc' as never, 0, 1)).toThrowError(InvalidInputError)
    const prefix = intervalCounts([0.5, 2], 0, 1)
    expect(() => intervalCounts([0.5], 0, 1, prefix)).toThrowError(/previous\.n must be at most/)
    expect(() => intervalCounts([0.5, 2], 0, 1, { ...prefix, inside: 2 })).toThrowError(InvalidRangeError)
  })
})

describe('successCounts', () => {
  it('counts true and false, and continues the counts of a prefix', () => {
    const outcomes = Array.from({ length: 100 }, (_, i) => i % 3 === 0 || i % 7 === 0)
    const expected = outcomes.filter(Boolean).length
    expect(successCounts(outcomes)).toEqual({ n: 100, successes: expected, failures: 100 - expected })
    let counts = successCounts([])
    for (const cut of [3, 4, 40, 100]) counts = successCounts(outcomes.slice(0, cut), counts)
    expect(counts).toEqual(successCounts(outcomes))
  })

  it('rejects what is not a boolean, and counts that are not a prefix', () => {
    expect(() => successCounts([true, 1] as never)).toThrowError(
      /successCounts: outcomes\[1\] must be a boolean/,
    )
    expect(() => successCounts([true], { n: 2, successes: 1, failures: 1 })).toThrowError(InvalidRangeError)
    expect(() => successCounts([true, true], { n: 1, successes: 2, failures: -1 })).toThrowError(
      InvalidRangeError,
    )
    expect(() => successCounts('yes' as never)).toThrowError(InvalidInputError)
  })
})

describe('tiesSorted against numpy.unique', () => {
  for (const c of fx.ties as Array<{ sorted: number[]; ties: number }>)
    it(`n = ${c.sorted.length}: ${c.ties} ties`, () => expect(tiesSorted(c.sorted)).toBe(c.ties))

  it('rejects an empty or non-finite sample', () => {
    expect(() => tiesSorted([])).toThrowError(/tiesSorted: sorted must not be empty/)
    expect(() => tiesSorted([1, Number.NaN])).toThrowError(InvalidRangeError)
  })
})

describe('categoryCounts against collections.Counter', () => {
  for (const [i, c] of (fx.categories as Array<Record<string, any>>).entries())
    it(`case ${i}: ${c.keys.length} categories`, () => {
      const counts = categoryCounts(c.labels)
      expect([...counts.keys()]).toEqual(c.keys)
      expect([...counts.values()]).toEqual(c.counts)
    })

  it('rejects what is not a label, naming categoryCounts', () => {
    expect(() => categoryCounts([])).toThrowError(/categoryCounts: labels must not be empty/)
    expect(() => categoryCounts(['a', null] as never)).toThrowError(/labels\[1\] must be a label/)
    expect(() => categoryCounts([1, Number.POSITIVE_INFINITY])).toThrowError(InvalidRangeError)
  })
})

describe('passAtK against the exact binomial ratio (scipy.special.comb)', () => {
  for (const c of fx.passAtK as Array<Record<string, number>>)
    it(`n = ${c.attempts}, c = ${c.correct}, k = ${c.k}`, () =>
      expect(passAtK(c.attempts, c.correct, c.k)).toBeCloseTo(c.passAtK, 12))

  it('takes the shorter product, or Stirling, when the counts are huge (and they agree)', () => {
    // correct > 1e6: the product over the k terms, here about 1 − ½³.
    expect(passAtK(4e6, 2e6, 3)).toBeCloseTo(1 - 0.5 ** 3, 6)
    // correct and k > 1e6: Stirling, against the product over the k terms written out.
    const [n, c, k] = [1e12, 1.2e6, 1.1e6]
    let fail = 1
    for (let j = 0; j < k; j++) fail *= (n - c - j) / (n - j)
    expect(passAtK(n, c, k)).toBeCloseTo(1 - fail, 7)
    expect(1 - fail).toBeGreaterThan(0.5)
    expect(1 - fail).toBeLessThan(0.9)
  })

  it('rejects impossible counts', () => {
    expect(() => passAtK(5, 6, 1)).toThrowError(/passAtK: correct must be at most attempts/)
    expect(() => passAtK(5, 2, 6)).toThrowError(/passAtK: k must be at most attempts/)
    expect(() => passAtK(5, 2, 0)).toThrowError(InvalidRangeError)
    expect(() => passAtK(5.5, 2, 1)).toThrowError()
  })
})

describe('passAtKOfRate and rateOfPassAtK', () => {
  it('are 1 − (1 − p)^k and its inverse', () => {
    expect(passAtKOfRate(0.5, 2)).toBe(0.75)
    expect(rateOfPassAtK(0.75, 2)).toBe(0.5)
    for (const k of [1, 3, 10])
      for (const p of [0, 0.01, 0.3, 0.9, 1]) expect(rateOfPassAtK(passAtKOfRate(p, k), k)).toBeCloseTo(p, 8)
  })

  it('reject rates above 1 and NaN', () => {
    expect(() => passAtKOfRate(1.5, 2)).toThrowError(InvalidRangeError)
    expect(() => passAtKOfRate(Number.NaN, 2)).toThrowError(InvalidInputError)
    expect(() => rateOfPassAtK(-0.1, 2)).toThrowError(InvalidRangeError)
    expect(() => rateOfPassAtK(0.5, 0)).toThrowError(InvalidRangeError)
  })
})

describe('confusionCounts against multilabel_confusion_matrix', () => {
  for (const c of fx.confusion as Array<Record<string, any>>)
    it(`${c.labels.length} classes, n = ${c.n}`, () => {
      expect(confusionCounts({ labels: c.labels, matrix: c.matrix, n: c.n })).toEqual({
        labels: c.labels,
        n: c.n,
        actual: c.actual,
        predicted: c.predicted,
        truePositives: c.truePositives,
        falsePositives: c.falsePositives,
        falseNegatives: c.falseNegatives,
      })
    })

  it('validates the matrix as the scores do', () => {
    expect(() => confusionCounts({ labels: [0, 1], matrix: [[1, 2]], n: 3 })).toThrowError(
      /confusionCounts: matrix\.matrix must be an array of 2 rows/,
    )
    expect(() => confusionCounts([1, 2] as never)).toThrowError(InvalidInputError)
  })
})

describe('calibrationCurve counts the positives of each bin and its gap (scikit-learn)', () => {
  for (const c of metricsFx.calibration as Array<Record<string, any>>)
    it(c.name, () => {
      const curve = calibrationCurve(c.actual, c.probabilities, { bins: c.bins, strategy: c.strategy })
      expect(curve.map((b) => b.positives)).toEqual(
        c.curve.count.map((m: number, i: number) => Math.round(m * c.curve.fractionPositive[i])),
      )
      for (const [i, b] of curve.entries())
        expect(b.gap).toBeCloseTo(c.curve.fractionPositive[i] - c.curve.meanPredicted[i], 12)
    })
})
