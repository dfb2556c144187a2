import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { createRng } from '../../src/random'
import { messageOf } from './messages'

/** Predictions with normal errors of standard deviation `sd` (MAE ≈ 0.798·sd, RMSE ≈ sd). */
function regression(n: number, sd: number, seed = 'reg') {
  const rng = createRng(seed)
  const actual: number[] = []
  const predicted: number[] = []
  for (let i = 0; i < n; i++) {
    const y = 10 * rng()
    actual.push(y)
    predicted.push(y + rng.normal(0, sd))
  }
  return { actual, predicted }
}

describe('toHaveErrorBelow', () => {
  it('passes when the MAE or RMSE is clearly below and the set is large enough', () => {
    expect(regression(2000, 1)).toHaveErrorBelow({ mae: 1 })
    // Squared normal errors are skewed (chi-square, 1 df): the upper bound on their mean is trusted from
    // several thousand examples at the default rates.
    const data = regression(12000, 1)
    expect(data).toHaveErrorBelow({ rmse: 1.2 })
    expect(data).toHaveErrorBelow({ rmse: 1.2, interval: 'bootstrap', resamples: 200 })
  })

  it('fails on evidence that the error exceeds the bound; .not passes then', () => {
    const data = regression(500, 2)
    expect(() => expect(data).toHaveErrorBelow({ mae: 1 })).toThrow(/evidence contradicts the claim/)
    expect(data).not.toHaveErrorBelow({ mae: 1 })
    expect(data).not.toHaveErrorBelow({ rmse: 1.5, interval: 'bootstrap' })
    expect(() => expect(regression(2000, 1)).not.toHaveErrorBelow({ mae: 1 })).toThrow(/MAE > 1/)
  })

  it('is inconclusive on a small set', () => {
    const data = regression(20, 1)
    const m = messageOf(() => expect(data).toHaveErrorBelow({ mae: 1 }))
    expect(m).toMatch(/inconclusive/)
    expect(data).toHaveErrorBelow({ mae: 1, allowInconclusive: true })
    expect(() => expect(data).not.toHaveErrorBelow({ mae: 1 })).toThrow(/too few to tell/)
  })

  it('zero errors on a few examples are inconclusive: they bound neither the spread nor the error', () => {
    const m = messageOf(() =>
      expect({ actual: [1, 2, 3], predicted: [1, 2, 3] }).toHaveErrorBelow({ rmse: 0.1 }),
    )
    expect(m).toMatch(/inconclusive: no bound can be trusted/)
    expect(m).toMatch(/all 3 values are equal/)
    expect({ actual: [1, 2, 3], predicted: [1, 2, 3] }).toHaveErrorBelow({
      rmse: 0.1,
      allowInconclusive: true,
    })
  })

  it('heavy-tailed errors (Student t, 2 df) are inconclusive, never a pass on an untrustworthy bound', () => {
    const rng = createRng('t2')
    const t2 = () => {
      const z = rng.normal(0, 1)
      const c = rng.normal(0, 1) ** 2 + rng.normal(0, 1) ** 2
      return z / Math.sqrt(c / 2)
    }
    const predicted = Array.from({ length: 5000 }, t2)
    const m = messageOf(() =>
      expect({ actual: new Array(5000).fill(0), predicted }).toHaveErrorBelow({ mae: 1.6 }),
    )
    expect(m).toMatch(/inconclusive/)
    expect(m).toMatch(/too (skewed|heavy-tailed)/)
  })

  it('an upper bound that passes reads as such in the message', () => {
    const m = messageOf(() => expect(regression(2000, 1)).not.toHaveErrorBelow({ mae: 1 }))
    expect(m).toMatch(
      /Power: {5}these examples rule out an MAE more than [\d.]+ above 1|rule out any MAE above 1/,
    )
  })

  it('bad input is an error, also under .not', () => {
    const f = (r: unknown, b: any) => () => expect(r).toHaveErrorBelow(b)
    expect(f({ actual: [1, 2], predicted: [1] }, { mae: 1 })).toThrow(
      /toHaveErrorBelow: received.actual and received.predicted must have the same length/,
    )
    expect(f({ actual: [1, Number.NaN], predicted: [1, 2] }, { mae: 1 })).toThrow(InvalidRangeError)
    expect(f({ actual: [1, 2], predicted: [1, 2] }, { mae: 1, rmse: 1 })).toThrow(
      /exactly one of mae and rmse/,
    )
    expect(f({ actual: [1, 2], predicted: [1, 2] }, {})).toThrow(InvalidInputError)
    expect(f({ actual: [1, 2], predicted: [1, 2] }, { mae: -1 })).toThrow(
      /bound.mae must be a positive finite number/,
    )
    expect(f([1, 2], { mae: 1 })).toThrow(/received must be \{ actual, predicted \}/)
    expect(f({ actual: [1], predicted: [1] }, { mae: 1 })).toThrow(/at least 2 examples/)
    expect(f({ actual: [1, 2], predicted: [1, 2] }, { mae: 1, interval: 'z' })).toThrow(
      /options.interval must be one of/,
    )
    expect(() => expect({ actual: [1, 2], predicted: [1] }).not.toHaveErrorBelow({ mae: 1 })).toThrow(
      InvalidRangeError,
    )
  })

  it('prints the claim, the estimate and the interval', () => {
    expect(
      messageOf(() => expect(regression(500, 2)).toHaveErrorBelow({ rmse: 1.5 })),
    ).toMatchInlineSnapshot(`
      "expect(received).toHaveErrorBelow(bound)

      Claim:     RMSE ≤ 1.5
      Data:      500 examples
      Estimate:  RMSE = 2.002
      Interval:  99.8% confidence interval [1.796, 2.226] (betting lower bound, skew-corrected t upper bound, not trusted at this n; on the squared errors)
      Tolerance: 0.15 above the bound (default: a tenth of the bound)
      Verdict:   fail: the evidence contradicts the claim (false-fail rate 0.001, false-pass rate 0.05)
      Meaning:   Even the lower confidence bound 1.796 is above 1.5: an RMSE of 1.5 or less would give so large an estimate with probability below 0.001.
      Next:      Look at the examples with the largest errors; if the bound is what changed, raise it deliberately.

      Seed:      988accfd (derived from the test's file and name)
      Reproduce: PROBABLY_SEED=988accfd npx vitest run test/unit/toHaveErrorBelow.test.ts -t 'toHaveErrorBelow prints the claim, the estimate and the interval'"
    `)
  })
})
