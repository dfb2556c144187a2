import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { confusionMatrix } from '../../src/metrics'
import { createRng } from '../../src/random'
import { messageOf } from './messages'

/** Binary labels with the given confusion counts (positive class 1). */
function binary(tp: number, fn: number, fp: number, tn: number) {
  const actual: number[] = []
  const predicted: number[] = []
  const push = (a: number, p: number, k: number) => {
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

/** Scores for `n` examples whose classes separate with the given normal shift (AUC = Φ(shift/√2)). */
function scored(n: number, shift: number, seed = 'auc') {
  const rng = createRng(seed)
  const actual: number[] = []
  const scores: number[] = []
  for (let i = 0; i < n; i++) {
    const y = i % 2
    actual.push(y)
    scores.push(1 / (1 + Math.exp(-(rng.normal() + (y ? shift : 0) - shift / 2))))
  }
  return { actual, scores }
}

describe('toHaveRecallAbove', () => {
  it('passes when recall is clearly above and the positives are enough', () => {
    expect(binary(1900, 100, 50, 1950)).toHaveRecallAbove(0.9)
  })

  it('fails on evidence that recall is below the threshold', () => {
    const m = messageOf(() => expect(binary(150, 50, 10, 190)).toHaveRecallAbove(0.9))
    expect(m).toMatch(/evidence contradicts the claim/)
    expect(m).toMatch(/150 of 200 actual positives/)
  })

  it('is inconclusive with too few actual positives, and says how many are needed', () => {
    const m = messageOf(() => expect(binary(19, 1, 5, 75)).toHaveRecallAbove(0.9))
    expect(m).toMatch(/inconclusive/)
    expect(m).toMatch(/actual positives \(about \d+ examples at the observed rate\)/)
    expect(binary(19, 1, 5, 75)).toHaveRecallAbove(0.9, { allowInconclusive: true })
  })

  it('.not passes only on evidence that recall is below', () => {
    expect(binary(150, 50, 10, 190)).not.toHaveRecallAbove(0.9)
    expect(() => expect(binary(19, 1, 5, 75)).not.toHaveRecallAbove(0.9)).toThrow(/too few to tell/)
    expect(() => expect(binary(1900, 100, 50, 1950)).not.toHaveRecallAbove(0.9)).toThrow(
      /recall of class 1 < 0.9/,
    )
  })

  it('reads scores at a threshold', () => {
    const { actual, scores } = scored(4000, 3)
    expect({ actual, scores, threshold: 0.5 }).toHaveRecallAbove(0.85)
    expect({ actual, scores, threshold: 0.99 }).not.toHaveRecallAbove(0.5)
  })

  it('reads a confusion matrix', () => {
    const cm = confusionMatrix(...(Object.values(binary(1900, 100, 50, 1950)) as [number[], number[]]))
    expect(cm).toHaveRecallAbove(0.9)
    expect({
      labels: [0, 1],
      matrix: [
        [190, 10],
        [50, 150],
      ],
    }).not.toHaveRecallAbove(0.9)
  })

  it('takes the interval method of the engine', () => {
    const data = binary(1900, 100, 50, 1950)
    expect(data).toHaveRecallAbove(0.9, { interval: 'wilson' })
    expect(data).toHaveRecallAbove(0.9, { interval: 'bootstrap-percentile', resamples: 500 })
    expect(() => expect(data).toHaveRecallAbove(0.9, { interval: 'delong' })).toThrow(
      /toHaveRecallAbove: options.interval/,
    )
  })

  it('works with .resolves and as an asymmetric matcher', async () => {
    await expect(Promise.resolve(binary(1900, 100, 50, 1950))).resolves.toHaveRecallAbove(0.9)
    await expect(Promise.resolve(binary(150, 50, 10, 190))).resolves.not.toHaveRecallAbove(0.9)
    expect({ model: binary(1900, 100, 50, 1950) }).toEqual({ model: expect.toHaveRecallAbove(0.9) })
  })

  it('takes string labels with a positive class', () => {
    const { actual, predicted } = binary(1900, 100, 50, 1950)
    const name = (x: number) => (x ? 'fraud' : 'ok')
    expect({ actual: actual.map(name), predicted: predicted.map(name) }).toHaveRecallAbove(0.9, {
      positive: 'fraud',
    })
  })

  it('prints the claim, the interval and the confusion matrix', () => {
    expect(messageOf(() => expect(binary(150, 50, 10, 190)).toHaveRecallAbove(0.9))).toMatchInlineSnapshot(`
      "expect(received).toHaveRecallAbove(threshold)

      Claim:     recall of class 1 ≥ 0.9
      Data:      400 examples, 2 labels
      Estimate:  recall of class 1 = 0.75 (150 of 200 actual positives)
      Interval:  99.8% confidence interval [0.6455, 0.8375] (Clopper–Pearson); 95% lower bound 0.6945
      Tolerance: 0.05 below the threshold (default)
      Verdict:   fail: the evidence contradicts the claim (false-fail rate 0.001, false-pass rate 0.05)
      Meaning:   Even the upper confidence bound 0.8375 is below 0.9: a recall of class 1 of 0.9 or more would give so low an estimate with probability below 0.001.
      Next:      Look at the confusion matrix for the errors behind the low recall of class 1; if the threshold is what changed, lower it deliberately.

      Confusion matrix (rows: actual, columns: predicted)
        actual \\ predicted    0    1  total
        0                   190   10    200
        1                    50  150    200

      Seed:      14f12fd5 (derived from the test's file and name; this call made no random draws)
      Reproduce: PROBABLY_SEED=14f12fd5 npx vitest run test/unit/toHaveMetricAbove.test.ts -t 'toHaveRecallAbove prints the claim, the interval and the confusion matrix'"
    `)
    expect(messageOf(() => expect(binary(19, 1, 5, 75)).toHaveRecallAbove(0.9))).toMatchInlineSnapshot(`
      "expect(received).toHaveRecallAbove(threshold)

      Claim:     recall of class 1 ≥ 0.9
      Data:      100 examples, 2 labels
      Estimate:  recall of class 1 = 0.95 (19 of 20 actual positives)
      Interval:  99.8% confidence interval [0.6224, 0.9999] (Clopper–Pearson); 95% lower bound 0.7839
      Tolerance: 0.05 below the threshold (default)
      Verdict:   inconclusive: the data are too few to detect a violation of the tolerance (0.05) with false-pass rate 0.05
      Meaning:   The 95% lower bound 0.7839 is not above 0.85, so a recall of class 1 of 0.85 is not ruled out with 20 actual positives; about 56 actual positives (about 280 examples at the observed rate) would likely decide.
      Power:     the smallest violation detectable at this n is 0.1161 below 0.9 in recall of class 1 (a recall of class 1 of 0.7839 or less)
      Next:      Take at least 280 examples, widen the tolerance, or set allowInconclusive: true.

      Confusion matrix (rows: actual, columns: predicted)
        actual \\ predicted   0   1  total
        0                   75   5     80
        1                    1  19     20

      Seed:      14f12fd5 (derived from the test's file and name; this call made no random draws)
      Reproduce: PROBABLY_SEED=14f12fd5 npx vitest run test/unit/toHaveMetricAbove.test.ts -t 'toHaveRecallAbove prints the claim, the interval and the confusion matrix'"
    `)
  })
})

describe('toHavePrecisionAbove, toHaveAccuracyAbove, toHaveF1Above', () => {
  it('precision counts the predicted positives', () => {
    expect(binary(950, 1050, 50, 1950)).toHavePrecisionAbove(0.9)
    expect(binary(950, 50, 300, 1700)).not.toHavePrecisionAbove(0.9)
    expect(() => expect(binary(19, 300, 1, 300)).toHavePrecisionAbove(0.9)).toThrow(/20 predicted positives/)
  })

  it('precision with no predicted positive is inconclusive, never a pass', () => {
    expect(() => expect(binary(0, 100, 0, 100)).toHavePrecisionAbove(0.5)).toThrow(
      /undefined: no predicted positives/,
    )
    expect(() => expect(binary(0, 100, 0, 100)).not.toHavePrecisionAbove(0.5)).toThrow(/too few to tell/)
  })

  it('accuracy on labels and multiclass', () => {
    expect(binary(950, 50, 50, 950)).toHaveAccuracyAbove(0.9)
    expect(binary(800, 200, 200, 800)).not.toHaveAccuracyAbove(0.9)
    const actual = ['a', 'b', 'c', 'a', 'b', 'c']
    expect({ actual, predicted: actual }).toHaveAccuracyAbove(0.5, { allowInconclusive: true })
  })

  it('F1 with a seeded bootstrap, binary and macro', () => {
    expect(binary(1800, 200, 200, 1800)).toHaveF1Above(0.85)
    expect(binary(600, 400, 400, 600)).not.toHaveF1Above(0.85)
    const rng = createRng('multi')
    const labels = ['cat', 'dog', 'eel']
    const actual: string[] = []
    const predicted: string[] = []
    for (let i = 0; i < 1800; i++) {
      const y = labels[i % 3]
      actual.push(y)
      predicted.push(rng() < 0.97 ? y : labels[(i + 1) % 3])
    }
    expect({ actual, predicted }).toHaveF1Above(0.9, { average: 'macro' })
    expect({ actual, predicted }).toHaveRecallAbove(0.9, { average: 'weighted' })
    expect({ actual, predicted }).toHavePrecisionAbove(0.9, { average: 'micro' })
    expect({ actual, predicted }).toHaveRecallAbove(0.9, {
      positive: 'dog',
      average: 'binary',
      tolerance: 0.1,
    })
  })

  it('binary F1 is inconclusive on a small set and the message names the exact method', () => {
    const m = messageOf(() => expect(binary(9, 1, 1, 9)).toHaveF1Above(0.8))
    expect(m).toMatch(/exact \(Clopper–Pearson on the Jaccard index/)
    expect(m).toMatch(/inconclusive/)
    expect(m).toMatch(/this call made no random draws/)
  })

  it('binary F1 keeps the bootstrap when asked for one, and it names the seed', () => {
    const m = messageOf(() => expect(binary(18, 2, 2, 18)).toHaveF1Above(0.8, { interval: 'bootstrap-bca' }))
    expect(m).toMatch(/BCa bootstrap, 2000 resamples/)
    expect(m).toMatch(/inconclusive/)
    expect(m).not.toMatch(/this call made no random draws/)
  })
})

describe('messages (issue 14 item 7)', () => {
  it('.not has its own sentence and a Power line', () => {
    const m = messageOf(() => expect(binary(1900, 100, 50, 1950)).not.toHaveRecallAbove(0.9))
    expect(m).toMatch(/Claim: {5}recall of class 1 < 0.9/)
    expect(m).toMatch(
      /Meaning: {3}\.not needs the 99\.9% upper bound below 0\.9, and it is 0\.96\d*: these data do not show recall of class 1 < 0\.9/,
    )
    expect(m).toMatch(
      /Power: {5}the smallest violation detectable at this n is 0\.\d+ below 0\.9 in recall of class 1 \(an estimate under 0\.\d+ would be evidence/,
    )
    expect(m).not.toMatch(/would likely go unseen/)
    const small = messageOf(() => expect(binary(19, 1, 5, 75)).not.toHaveRecallAbove(0.9))
    expect(small).toMatch(/\.not needs/)
    expect(small).toMatch(/Power:/)
  })

  it('says "about" once, and the samples needed agree with the Next line', () => {
    const rng = createRng('about')
    const actual: number[] = []
    const scores: number[] = []
    for (let i = 0; i < 300; i++) {
      const y = i % 2
      actual.push(y)
      scores.push(rng.normal(y ? 1.2 : 0, 1))
    }
    const m = messageOf(() => expect({ actual, scores }).toHaveAUCAbove(0.82))
    expect(m).toMatch(/inconclusive/)
    expect(m).not.toMatch(/about about/)
    const need = /about (\d+) examples would likely decide/.exec(m)
    expect(need).not.toBeNull()
    expect(m).toContain(`Take at least ${need![1]} examples`)
  })

  it('rare classes: too few positives for DeLong is inconclusive with the reason', () => {
    const actual = Array.from({ length: 500 }, (_, i) => (i < 5 ? 1 : 0))
    const scores = actual.map((y, i) => (y ? 0.9 : (i % 100) / 100))
    const m = messageOf(() => expect({ actual, scores }).toHaveAUCAbove(0.8))
    expect(m).toMatch(/inconclusive/)
    expect(m).toMatch(
      /only 5 positive examples: DeLong's normal interval is not trustworthy with fewer than 10/,
    )
    expect(m).toMatch(/Take at least 1000 examples/)
  })
})

describe('toHaveAUCAbove', () => {
  it('passes, fails and is inconclusive with DeLong intervals', () => {
    expect(scored(4000, 2.5)).toHaveAUCAbove(0.9)
    expect(scored(2000, 1)).not.toHaveAUCAbove(0.9)
    const m = messageOf(() => expect(scored(16, 2.5)).toHaveAUCAbove(0.9))
    expect(m).toMatch(/inconclusive/)
    expect(m).toMatch(/DeLong/)
    expect(messageOf(() => expect(scored(2000, 1)).toHaveAUCAbove(0.9))).toMatchInlineSnapshot(`
      "expect(received).toHaveAUCAbove(threshold)

      Claim:     ROC-AUC of class 1 ≥ 0.9
      Data:      2000 examples scored for class 1 (1000 positive, 1000 negative)
      Estimate:  ROC-AUC of class 1 = 0.77
      Interval:  99.8% confidence interval [0.7378, 0.8022] (DeLong); 95% lower bound 0.7529
      Tolerance: 0.05 below the threshold (default)
      Verdict:   fail: the evidence contradicts the claim (false-fail rate 0.001, false-pass rate 0.05)
      Meaning:   Even the upper confidence bound 0.8022 is below 0.9: an ROC-AUC of class 1 of 0.9 or more would give so low an estimate with probability below 0.001.
      Next:      Look at the negatives scored highest and the positives scored lowest; if the threshold is what changed, lower it deliberately.

      Seed:      0667f02f (derived from the test's file and name; this call made no random draws)
      Reproduce: PROBABLY_SEED=0667f02f npx vitest run test/unit/toHaveMetricAbove.test.ts -t 'toHaveAUCAbove passes, fails and is inconclusive with DeLong intervals'"
    `)
  })

  it('perfect separation on a few examples is inconclusive, not a vacuous pass', () => {
    const tiny = { actual: [0, 0, 0, 1, 1, 1], scores: [0.1, 0.2, 0.3, 0.7, 0.8, 0.9] }
    expect(() => expect(tiny).toHaveAUCAbove(0.9)).toThrow(/inconclusive/)
  })

  it('needs scores, and no threshold', () => {
    expect(() => expect(binary(10, 10, 10, 10)).toHaveAUCAbove(0.9)).toThrow(/received.scores is required/)
    expect(() => expect({ ...scored(100, 1), threshold: 0.5 }).toHaveAUCAbove(0.9)).toThrow(
      /received.threshold does not apply to the AUC/,
    )
  })
})

describe('bad input is an error, never a pass (also under .not)', () => {
  const cases: Array<[string, () => void, RegExp]> = [
    [
      'lengths',
      () => expect({ actual: [0, 1, 1], predicted: [0, 1] }).toHaveRecallAbove(0.5),
      /received.actual and received.predicted must have the same length/,
    ],
    [
      'labels outside',
      () => expect({ actual: [0, 1, 2], predicted: [0, 1, 1] }).toHaveAccuracyAbove(0.5, { labels: [0, 1] }),
      /received.actual\[2\] is 2, a label not in options.labels/,
    ],
    [
      'positive absent',
      () => expect({ actual: [0, 0, 0], predicted: [0, 1, 0] }).toHavePrecisionAbove(0.5),
      /no example of the positive class 1/,
    ],
    [
      'string labels',
      () => expect({ actual: ['a', 'b'], predicted: ['a', 'a'] }).toHaveRecallAbove(0.5),
      /options.positive is required/,
    ],
    [
      'positive not a label',
      () => expect({ actual: ['a', 'b'], predicted: ['a', 'a'] }).toHaveRecallAbove(0.5, { positive: 'c' }),
      /options.positive is "c", which is not one of the labels/,
    ],
    [
      'NaN score',
      () => expect({ actual: [0, 1], scores: [0.1, Number.NaN] }).toHaveAUCAbove(0.5),
      /received.scores\[1\] must be finite/,
    ],
    [
      'threshold',
      () => expect(binary(1, 1, 1, 1)).toHaveRecallAbove(1.5),
      /threshold must lie strictly between 0 and 1/,
    ],
    [
      'multiclass without average',
      () => expect({ actual: [0, 1, 2], predicted: [0, 1, 2] }).toHaveRecallAbove(0.5),
      /options.average is required with 3 labels/,
    ],
    [
      'unknown option',
      () => expect(binary(1, 1, 1, 1)).toHaveRecallAbove(0.5, { postive: 1 } as any),
      /options.postive is not an option/,
    ],
    [
      'not an object',
      () => expect([0, 1]).toHaveRecallAbove(0.5),
      /received must be \{ actual, predicted \}/,
    ],
    [
      'matrix',
      () => expect({ labels: [0, 1], matrix: [[1, 2]] }).toHaveAccuracyAbove(0.5),
      /received.matrix must be an array of 2 rows/,
    ],
    [
      'both',
      () => expect({ actual: [0, 1], predicted: [0, 1], scores: [0, 1] }).toHaveRecallAbove(0.5),
      /predicted or scores, not both/,
    ],
    [
      'mixed kinds',
      () => expect({ actual: [0, '1'], predicted: [0, 1] }).toHaveAccuracyAbove(0.5),
      /labels must all be of one kind/,
    ],
  ]
  for (const [what, f, re] of cases)
    it(what, () => {
      expect(f).toThrow(re)
      expect(f).toThrow(
        what === 'not an object' || what === 'mixed kinds' || what === 'unknown option' || what === 'both'
          ? InvalidInputError
          : InvalidRangeError,
      )
    })

  it('under .not too', () => {
    expect(() => expect({ actual: [0, 1, 1], predicted: [0, 1] }).not.toHaveRecallAbove(0.5)).toThrow(
      InvalidRangeError,
    )
    expect(() => expect({ actual: [0, 0], predicted: [0, 1] }).not.toHaveRecallAbove(0.5)).toThrow(
      /positive class/,
    )
  })
})
