import { describe, expect, it } from 'vitest'
import { InvalidRangeError } from '../../src/errors'
import { f1Bounds } from '../../src/metricDecisions'

// Reference values from scipy (/usr/bin/python3): the one-sided Clopper–Pearson bounds on the Jaccard
// index J from (tp, m = tp + fp + fn), lower = beta.ppf(rate, tp, m - tp + 1) (0 when tp = 0),
// upper = beta.isf(rate, tp + 1, m - tp) (1 when tp = m), each mapped by hand through 2J / (1 + J).
// Rows: [tp, fp, fn, rate, lower F1, upper F1].
const SCIPY: [number, number, number, number, number, number][] = [
  [5, 2, 3, 0.05, 0.36392935549154143, 0.8748614737130312],
  [30, 10, 12, 0.001, 0.5262168849931995, 0.8745421764540302],
  [0, 4, 3, 0.05, 0.0, 0.5165005803353875],
  [7, 0, 0, 0.05, 0.789226301859337, 1.0],
  [320, 40, 45, 0.001, 0.838420654912208, 0.9181432567987077],
  [90, 20, 15, 0.1, 0.7966984606853406, 0.8716311579801538],
]

describe('f1Bounds (exact, Clopper–Pearson on the Jaccard index)', () => {
  it.each(SCIPY)('tp %i, fp %i, fn %i at %f matches scipy', (tp, fp, fn, rate, lower, upper) => {
    const b = f1Bounds(tp, fp, fn, rate)
    expect(b.lower).toBeCloseTo(lower, 9)
    expect(b.upper).toBeCloseTo(upper, 9)
  })

  it('brackets the observed F1 and is [0, 1] without any non-true-negative example', () => {
    const b = f1Bounds(40, 5, 7, 0.05)
    const f1 = (2 * 40) / (2 * 40 + 5 + 7)
    expect(b.lower).toBeLessThan(f1)
    expect(b.upper).toBeGreaterThan(f1)
    expect(f1Bounds(0, 0, 0, 0.01)).toEqual({ lower: 0, upper: 1 })
  })

  it('rejects bad input', () => {
    expect(() => f1Bounds(-1, 0, 0, 0.05)).toThrow(InvalidRangeError)
    expect(() => f1Bounds(1.5, 0, 0, 0.05)).toThrow(InvalidRangeError)
    expect(() => f1Bounds(1, Number.NaN, 0, 0.05)).toThrow(/f1Bounds/)
    expect(() => f1Bounds(1, 0, 0, 0.5)).toThrow(/rate/)
    expect(() => f1Bounds(1, 0, 0, 0)).toThrow(/rate/)
  })
})
