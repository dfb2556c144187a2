import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { createRng } from '../../src/random'

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

function messageOf(f: () => void): string {
  try {
    f()
  } catch (e) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours
    return (e as Error).message.replace(/\u001b\[\d+m/g, '')
  }
  throw new Error('expected the assertion to fail')
}

describe('toBeCalibrated', () => {
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
      Estimate:  ECE = 0.1552
      Interval:  [0.05626, 0.2418] with 99.9% confidence (exact per-bin bounds, Bonferroni over 10 bins)
      Tolerance: 0.05 above maxECE (default)
      Verdict:   fail: the evidence contradicts the claim (false-fail rate 0.001, false-pass rate 0.05)
      Meaning:   Even the lower confidence bound 0.05626 is above 0.05: the predicted probabilities are off by more than 0.05 on average.
      Power:     the smallest violation detectable at this n is 0.1241 in ECE
      Next:      Compare predicted and observed rates per bin below; recalibrate (Platt scaling, isotonic regression) or raise maxECE deliberately.

      Reliability (non-empty bins)
        bin           n  predicted  observed     gap         gap bounds
        (0, 0.1]    212     0.0536         0  -0.054  [-0.054, -0.0079]
        (0.1, 0.2]  202      0.148    0.0446    -0.1    [-0.14, -0.019]
        (0.2, 0.3]  214      0.251    0.0514    -0.2     [-0.24, -0.12]
        (0.3, 0.4]  221      0.348     0.158   -0.19    [-0.27, -0.076]
        (0.4, 0.5]  205      0.451     0.161   -0.29     [-0.37, -0.17]
        (0.5, 0.6]  185       0.55     0.351    -0.2    [-0.33, -0.054]
        (0.6, 0.7]  183      0.651     0.443   -0.21    [-0.35, -0.063]
        (0.7, 0.8]  206      0.754     0.583   -0.17    [-0.31, -0.042]
        (0.8, 0.9]  176      0.851     0.756  -0.095     [-0.24, 0.016]
        (0.9, 1]    196      0.949     0.913  -0.036     [-0.14, 0.022]

      Seed:      a451b915 (derived from the test's file and name; this call made no random draws)
      Reproduce: PROBABLY_SEED=a451b915 npx vitest run test/unit/toBeCalibrated.test.ts -t "toBeCalibrated > prints the reliability table""
    `)
  })
})
