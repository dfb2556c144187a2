import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { createRng } from '../../src/random'
import { messageOf } from './messages'

/** Binary labels, and the predictions of two models right with the given accuracies (independently). */
function pair(n: number, challenger: number, champion: number, seed = 'pair') {
  const rng = createRng(seed)
  const actual: number[] = []
  const a: number[] = []
  const b: number[] = []
  for (let i = 0; i < n; i++) {
    const y = i % 2
    actual.push(y)
    a.push(rng() < challenger ? y : 1 - y)
    b.push(rng() < champion ? y : 1 - y)
  }
  return { actual, challenger: a, champion: b }
}

/** Scores of two models with normal class shifts (AUC = Φ(shift/√2)), correlated through a shared term. */
function scores(n: number, shiftA: number, shiftB: number, seed = 'auc') {
  const rng = createRng(seed)
  const actual: number[] = []
  const a: number[] = []
  const b: number[] = []
  for (let i = 0; i < n; i++) {
    const y = i % 2
    const shared = rng.normal()
    actual.push(y)
    a.push(0.7 * shared + 0.7 * rng.normal() + (y ? shiftA : 0))
    b.push(0.7 * shared + 0.7 * rng.normal() + (y ? shiftB : 0))
  }
  return { actual, challenger: a, champion: b }
}

describe('toBeNoWorseThan', () => {
  it('accuracy: passes for an equal challenger on a large set, fails on evidence of a deficit', () => {
    const same = pair(4000, 0.9, 0.9)
    expect({ actual: same.actual, predicted: same.challenger }).toBeNoWorseThan(
      { predicted: same.champion },
      { margin: 0.02 },
    )
    const worse = pair(4000, 0.8, 0.9)
    const m = messageOf(() =>
      expect({ actual: worse.actual, predicted: worse.challenger }).toBeNoWorseThan(
        { predicted: worse.champion },
        { margin: 0.02 },
      ),
    )
    expect(m).toMatch(/evidence contradicts the claim/)
    expect(m).toMatch(/McNemar exact test/)
    expect({ actual: worse.actual, predicted: worse.challenger }).not.toBeNoWorseThan(
      { predicted: worse.champion },
      { margin: 0.02 },
    )
  })

  it('is inconclusive on a small set; .not then fails', () => {
    const small = pair(100, 0.9, 0.9)
    const received = { actual: small.actual, predicted: small.challenger }
    expect(() => expect(received).toBeNoWorseThan({ predicted: small.champion })).toThrow(/inconclusive/)
    expect(() => expect(received).not.toBeNoWorseThan({ predicted: small.champion })).toThrow(
      /too few to tell/,
    )
  })

  it('AUC: DeLong paired test', () => {
    const s = scores(3000, 2, 2)
    expect({ actual: s.actual, scores: s.challenger }).toBeNoWorseThan(
      { scores: s.champion },
      { metric: 'auc', margin: 0.01 },
    )
    const w = scores(3000, 1, 2)
    expect({ actual: w.actual, scores: w.challenger }).not.toBeNoWorseThan(
      { scores: w.champion },
      { metric: 'auc', margin: 0.01 },
    )
  })

  it('recall: exact paired bounds on the actual positives; F1: seeded paired bootstrap', () => {
    const same = pair(8000, 0.9, 0.9)
    const r = { actual: same.actual, predicted: same.challenger }
    expect(r).toBeNoWorseThan({ predicted: same.champion }, { metric: 'recall', margin: 0.01 })
    const worseRecall = pair(3000, 0.75, 0.9)
    const wr = { actual: worseRecall.actual, predicted: worseRecall.challenger }
    expect(wr).not.toBeNoWorseThan({ predicted: worseRecall.champion }, { metric: 'recall' })
    const message = messageOf(() =>
      expect(wr).toBeNoWorseThan({ predicted: worseRecall.champion }, { metric: 'recall' }),
    )
    expect(message).toMatch(/paired on the actual positives, exact conditional/)
    expect(message).toMatch(/McNemar exact test of equal recall/)
    const worse = pair(3000, 0.75, 0.9)
    const w = { actual: worse.actual, predicted: worse.challenger }
    expect(w).not.toBeNoWorseThan({ predicted: worse.champion }, { metric: 'f1', resamples: 500 })
  })

  it('thresholds scores of either model', () => {
    const s = scores(3000, 2, 2)
    expect({ actual: s.actual, scores: s.challenger, threshold: 1 }).toBeNoWorseThan(
      { scores: s.champion, threshold: 1 },
      { margin: 0.02 },
    )
  })

  it('bad input is an error, also under .not', () => {
    const { actual, challenger, champion } = pair(10, 0.9, 0.9)
    const r = { actual, predicted: challenger }
    expect(() => expect(r).toBeNoWorseThan({ predicted: champion.slice(1) })).toThrow(
      /toBeNoWorseThan: received.actual and champion.predicted must have the same length/,
    )
    expect(() => expect(r).toBeNoWorseThan({ predicted: champion }, { metric: 'auc' })).toThrow(
      /received.scores is required/,
    )
    expect(() => expect(r).toBeNoWorseThan({ predicted: champion }, { margin: -0.1 })).toThrow(
      InvalidRangeError,
    )
    expect(() => expect(r).toBeNoWorseThan({ predicted: champion }, { metric: 'mse' as any })).toThrow(
      /options.metric/,
    )
    expect(() => expect(r).toBeNoWorseThan([1, 2] as any)).toThrow(InvalidInputError)
    expect(() => expect(r).toBeNoWorseThan({ actual, predicted: champion } as any)).toThrow(
      /champion.actual must not be given/,
    )
    expect(() => expect(r).toBeNoWorseThan({ predicted: champion.map((x) => (x ? 'y' : 'n')) })).toThrow(
      /one kind/,
    )
    expect(() =>
      expect({ actual: [0, 0, 0], predicted: [0, 1, 0] }).toBeNoWorseThan(
        { predicted: [0, 0, 0] },
        { metric: 'recall' },
      ),
    ).toThrow(/positive class/)
    expect(() => expect(r).not.toBeNoWorseThan({ predicted: champion.slice(1) })).toThrow(InvalidRangeError)
  })

  it('prints the difference and its interval', () => {
    const worse = pair(4000, 0.8, 0.9)
    expect(
      messageOf(() =>
        expect({ actual: worse.actual, predicted: worse.challenger }).toBeNoWorseThan(
          { predicted: worse.champion },
          { margin: 0.02 },
        ),
      ),
    ).toMatchInlineSnapshot(`
      "expect(received).toBeNoWorseThan(champion)

      Claim:     accuracy of the challenger ≥ the champion's − 0.02
      Data:      4000 examples, both models on the same ones
      Estimate:  accuracy: challenger 0.8057, champion 0.8955
      Delta:     challenger − champion = -0.08975, 99.8% confidence interval [-0.1244, -0.05902]; 95% lower bound -0.1098 (paired, exact conditional)
      Test:      McNemar exact test of equal accuracy: 338 vs 697 discordant pairs, p = 2.508e-29
      Tolerance: 0.05 beyond the margin (default)
      Verdict:   fail: the evidence contradicts the claim (false-fail rate 0.001, false-pass rate 0.05)
      Meaning:   Even the upper confidence bound of the difference, -0.05902, is below -0.02: the challenger is worse than the champion by more than the margin.
      Next:      Keep the champion, or look at the examples the challenger gets wrong and the champion gets right.

      Paired outcomes (rows: challenger, columns: champion)
                          champion right  champion wrong
        challenger right            2885             338
        challenger wrong             697              80

      Seed:      321b3992 (derived from the test's file and name; this call made no random draws)
      Reproduce: PROBABLY_SEED=321b3992 npx vitest run test/unit/toBeNoWorseThan.test.ts -t 'toBeNoWorseThan prints the difference and its interval'"
    `)
    const w = scores(1000, 1, 2)
    expect(
      messageOf(() =>
        expect({ actual: w.actual, scores: w.challenger }).toBeNoWorseThan(
          { scores: w.champion },
          { metric: 'auc' },
        ),
      ),
    ).toMatchInlineSnapshot(`
      "expect(received).toBeNoWorseThan(champion)

      Claim:     ROC-AUC of the challenger ≥ the champion's
      Data:      1000 examples, both models on the same ones
      Estimate:  ROC-AUC: challenger 0.7629, champion 0.9336
      Delta:     challenger − champion = -0.1707, 99.8% confidence interval [-0.2182, -0.1232]; 95% lower bound -0.1959 (DeLong's paired test)
      Test:      DeLong z = -12.5 for a difference of 0, p = 7.477e-36 (two-sided)
      Tolerance: 0.05 beyond the margin (default)
      Verdict:   fail: the evidence contradicts the claim (false-fail rate 0.001, false-pass rate 0.05)
      Meaning:   Even the upper confidence bound of the difference, -0.1232, is below 0: the challenger is worse than the champion.
      Next:      Keep the champion, or look at the examples the challenger gets wrong and the champion gets right.

      Seed:      321b3992 (derived from the test's file and name; this call made no random draws)
      Reproduce: PROBABLY_SEED=321b3992 npx vitest run test/unit/toBeNoWorseThan.test.ts -t 'toBeNoWorseThan prints the difference and its interval'"
    `)
  })
})
