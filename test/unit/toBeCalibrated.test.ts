import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { createRng } from '../../src/random'
import { messageOf } from './messages'

/** Outcomes drawn with probability `distort(p)` for predicted probability p: calibrated when distort is the identity. */
function predictions(n: number, distort: (p: number) => number = (p) => p, seed = 'cal') {
  const rng = createRng(seed)
  const actual: number[] = []
  const probs: number[] = []
  for (let i = 0; i < n; i++) {
    const p = rng()
    probs.push(p)
    actual.push(rng() < distort(p) ? 1 : 0)
  }
  return { actual, probs }
}

describe('toBeCalibrated', () => {
  it('passes for perfectly calibrated probabilities at n = 2000 with the defaults (issue 10)', () => {
    for (const seed of ['a', 'b', 'c', 'd', 'e'])
      expect(predictions(2000, (p) => p, seed)).toBeCalibrated({ maxECE: 0.05 })
  })

  it('.not has its own sentence and a Power line', () => {
    const m = messageOf(() => expect(predictions(2000)).not.toBeCalibrated({ maxECE: 0.05 }))
    expect(m).toMatch(/Meaning: {3}\.not needs the 99\.9% lower bound above 0\.05/)
    expect(m).toMatch(
      /Power: {5}the smallest violation detectable at this n is 0\.\d+ above 0\.05 in ECE \(a plug-in ECE over 0\.\d+ would be evidence\)/,
    )
  })

  it('passes for calibrated probabilities on a large enough set', () => {
    expect(predictions(10000)).toBeCalibrated({ maxECE: 0.05, bins: 5 })
    expect(predictions(4000)).toBeCalibrated({ maxECE: 0.05, tolerance: 0.1 })
  })

  it('fails on evidence of miscalibration; .not passes then', () => {
    const over = predictions(2000, (p) => p * p)
    expect(() => expect(over).toBeCalibrated({ maxECE: 0.05 })).toThrow(/evidence contradicts the claim/)
    expect(over).not.toBeCalibrated({ maxECE: 0.05 })
    expect(() => expect(predictions(3000)).not.toBeCalibrated({ maxECE: 0.05 })).toThrow(
      /expected calibration error > 0.05/,
    )
  })

  it('is inconclusive on a small set (the upward bias of the ECE does not make it fail)', () => {
    const small = predictions(300)
    const m = messageOf(() => expect(small).toBeCalibrated({ maxECE: 0.05 }))
    expect(m).toMatch(/inconclusive/)
    expect(() => expect(small).not.toBeCalibrated({ maxECE: 0.05 })).toThrow(/too few to tell/)
  })

  it('accepts quantile bins and boolean labels', () => {
    const { actual, probs } = predictions(3000)
    expect({ actual: actual.map((y) => y === 1), probs }).toBeCalibrated({
      maxECE: 0.05,
      bins: 5,
      strategy: 'quantile',
      tolerance: 0.1,
    })
  })

  it('bad input is an error, also under .not', () => {
    const f = (r: unknown, o: any) => () => expect(r).toBeCalibrated(o)
    expect(f({ actual: [0, 1], probs: [0.2, 1.5] }, { maxECE: 0.1 })).toThrow(
      /toBeCalibrated: received.probs\[1\] must be a probability in \[0, 1\]/,
    )
    expect(f({ actual: [0, 1, 1], probs: [0.2, 0.5] }, { maxECE: 0.1 })).toThrow(/same length/)
    expect(f({ actual: [0, 1, 2], probs: [0.2, 0.5, 0.1] }, { maxECE: 0.1 })).toThrow(/more than two labels/)
    expect(f({ actual: [0, 0], probs: [0.2, 0.5] }, { maxECE: 0.1 })).toThrow(
      /no example of the positive class/,
    )
    expect(f({ actual: [0, 1], probs: [0.2, 0.5] }, {})).toThrow(/options.maxECE is required/)
    expect(f({ actual: [0, 1], probs: [0.2, 0.5] }, { maxECE: 2 })).toThrow(InvalidRangeError)
    expect(f({ actual: [0, 1], scores: [0.2, 0.5] }, { maxECE: 0.1 })).toThrow(InvalidInputError)
    expect(() => expect({ actual: [0, 1], probs: [0.2, -1] }).not.toBeCalibrated({ maxECE: 0.1 })).toThrow(
      InvalidRangeError,
    )
  })

  it('prints the reliability table', () => {
    expect(
      messageOf(() => expect(predictions(2000, (p) => p * p)).toBeCalibrated({ maxECE: 0.05 })),
    ).toMatchInlineSnapshot(`
      "expect(received).toBeCalibrated({ maxECE })

      Claim:     expected calibration error ≤ 0.05
      Data:      2000 examples, 10 uniform bins
      Estimate:  ECE = 0.1784 (plug-in), 0.1598 less its binning noise
      Interval:  99.8% confidence interval [0.1332, 0.2096]; 95% upper bound 0.1952 (exact binning noise)
      Tolerance: 0.05 above maxECE (default)
      Verdict:   fail: the evidence contradicts the claim (false-fail rate 0.001, false-pass rate 0.05)
      Meaning:   Even the 99.9% lower bound 0.1332 is above 0.05: the predicted probabilities are off by more than 0.05 on average.
      Next:      Compare predicted and observed rates per bin below; recalibrate (Platt scaling, isotonic regression) or raise maxECE deliberately.

      Reliability (non-empty bins)
        bin           n  predicted  observed     gap
        (0, 0.1]    195     0.0521         0  -0.052
        (0.1, 0.2]  185      0.153    0.0216   -0.13
        (0.2, 0.3]  208       0.25    0.0625   -0.19
        (0.3, 0.4]  212      0.352    0.0896   -0.26
        (0.4, 0.5]  199       0.45     0.226   -0.22
        (0.5, 0.6]  195      0.552     0.323   -0.23
        (0.6, 0.7]  198      0.651     0.333   -0.32
        (0.7, 0.8]  212      0.748     0.552    -0.2
        (0.8, 0.9]  188      0.854     0.702   -0.15
        (0.9, 1]    208      0.949     0.923  -0.026

      Seed:      a451b915 (derived from the test's file and name; this call made no random draws)
      Reproduce: PROBABLY_SEED=a451b915 npx vitest run test/unit/toBeCalibrated.test.ts -t 'toBeCalibrated prints the reliability table'"
    `)
  })
})
