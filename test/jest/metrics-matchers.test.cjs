// Global expect, CommonJS, with probably/jest loaded by setupFilesAfterEnv.
const { InvalidRangeError, InvalidInputError, createRng } = require('../../dist/index.cjs')

/** Binary labels with the given confusion counts (positive class 1). */
function binary(tp, fn, fp, tn) {
  const actual = []
  const predicted = []
  const push = (a, p, k) => {
    for (let i = 0; i < k; i++) {
      actual.push(a)
      predicted.push(p)
    }
  }
  push(1, 1, tp)
  push(1, 0, fn)
  push(0, 1, fp)
  push(0, 0, tn)
  return { actual, predicted }
}

function scored(n, shift, seed = 'auc') {
  const rng = createRng(seed)
  const actual = []
  const scores = []
  for (let i = 0; i < n; i++) {
    const y = i % 2
    actual.push(y)
    scores.push(rng.normal() + (y ? shift : 0))
  }
  return { actual, scores }
}

describe('model-quality matchers under Jest (CommonJS, global expect)', () => {
  test('recall, precision, accuracy, F1: pass, fail, inconclusive, .not', () => {
    expect(binary(1900, 100, 50, 1950)).toHaveRecallAbove(0.9)
    expect(binary(1900, 100, 50, 1950)).toHavePrecisionAbove(0.9)
    expect(binary(1900, 100, 50, 1950)).toHaveAccuracyAbove(0.9)
    expect(binary(1900, 100, 50, 1950)).toHaveF1Above(0.9, { resamples: 500 })
    expect(binary(150, 50, 10, 190)).not.toHaveRecallAbove(0.9)
    expect(() => expect(binary(150, 50, 10, 190)).toHaveRecallAbove(0.9)).toThrow(
      /evidence contradicts the claim/,
    )
    expect(() => expect(binary(19, 1, 5, 75)).toHaveRecallAbove(0.9)).toThrow(/inconclusive/)
    expect(() => expect(binary(19, 1, 5, 75)).not.toHaveRecallAbove(0.9)).toThrow(/too few to tell/)
    expect({
      labels: [0, 1],
      matrix: [
        [190, 10],
        [50, 150],
      ],
    }).not.toHaveAccuracyAbove(0.95)
  })

  test('AUC with DeLong, and paired non-inferiority', () => {
    const s = scored(3000, 2.5)
    expect(s).toHaveAUCAbove(0.9)
    const weak = scored(3000, 1, 'weak')
    expect({ actual: s.actual, scores: weak.scores }).not.toBeNoWorseThan(
      { scores: s.scores },
      { metric: 'auc' },
    )
    const b = binary(1900, 100, 50, 1950)
    expect(b).toBeNoWorseThan({ predicted: b.predicted }, { margin: 0.02 })
  })

  test('calibration, regression error, parity', () => {
    const rng = createRng('cal')
    const actual = []
    const probs = []
    for (let i = 0; i < 10000; i++) {
      const p = rng()
      probs.push(p)
      actual.push(rng() < p ? 1 : 0)
    }
    expect({ actual, probs }).toBeCalibrated({ maxECE: 0.05, bins: 5 })
    expect({ actual, probs: probs.map((p) => p * p) }).not.toBeCalibrated({ maxECE: 0.05 })
    const truth = probs.map((p) => 10 * p)
    // Errors of varied size (equal errors bound neither the spread nor the error: inconclusive).
    expect({
      actual: truth,
      predicted: truth.map((y, i) => y + (i % 2 ? 1 : -1) * 0.5 * ((i % 7) / 7 + 0.5)),
    }).toHaveErrorBelow({ mae: 0.6 })
    const groups = actual.map((_, i) => (i % 2 ? 'a' : 'b'))
    expect({ actual, predicted: actual }).toHaveParityAcross(groups, { metric: 'accuracy', maxGap: 0.05 })
  })

  test('async: .resolves and .rejects', async () => {
    await expect(Promise.resolve(binary(1900, 100, 50, 1950))).resolves.toHaveRecallAbove(0.9)
    await expect(Promise.resolve(binary(150, 50, 10, 190))).resolves.not.toHaveRecallAbove(0.9)
    await expect(
      expect(Promise.resolve(binary(150, 50, 10, 190))).resolves.toHaveRecallAbove(0.9),
    ).rejects.toThrow(/evidence contradicts the claim/)
  })

  test('asymmetric form', () => {
    expect({ model: binary(1900, 100, 50, 1950) }).toEqual({ model: expect.toHaveRecallAbove(0.9) })
  })

  test('bad input is an error naming the matcher, also under .not', () => {
    expect(() => expect({ actual: [0, 1, 1], predicted: [0, 1] }).toHaveRecallAbove(0.5)).toThrow(
      InvalidRangeError,
    )
    expect(() => expect({ actual: [0, 1, 1], predicted: [0, 1] }).not.toHaveRecallAbove(0.5)).toThrow(
      /toHaveRecallAbove: received.actual and received.predicted must have the same length/,
    )
    expect(() => expect({ actual: [0, 1], probs: [0.5, 2] }).not.toBeCalibrated({ maxECE: 0.1 })).toThrow(
      InvalidRangeError,
    )
    expect(() => expect({ actual: [0, 1], predicted: [0, 1] }).toHaveErrorBelow({})).toThrow(
      InvalidInputError,
    )
  })
})
