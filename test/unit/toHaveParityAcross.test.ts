import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { createRng } from '../../src/random'
import { messageOf } from './messages'

/** Per-group binary data: each group with its size, share of positives and recall/false-positive rates. */
function grouped(spec: Record<string, { n: number; recall: number; fpr?: number }>, seed = 'parity') {
  const rng = createRng(seed)
  const actual: number[] = []
  const predicted: number[] = []
  const groups: string[] = []
  for (const [g, { n, recall, fpr = 0.1 }] of Object.entries(spec))
    for (let i = 0; i < n; i++) {
      const y = i % 2
      actual.push(y)
      predicted.push(rng() < (y ? recall : fpr) ? 1 : 0)
      groups.push(g)
    }
  return { data: { actual, predicted }, groups }
}

describe('toHaveParityAcross', () => {
  it('passes when the groups are alike and large', () => {
    const { data, groups } = grouped({ a: { n: 4000, recall: 0.9 }, b: { n: 4000, recall: 0.9 } })
    expect(data).toHaveParityAcross(groups, { metric: 'recall', maxGap: 0.05 })
    expect(data).toHaveParityAcross(groups, { metric: 'selectionRate', minRatio: 0.8 })
  })

  it('fails on evidence of a gap; .not passes then', () => {
    const { data, groups } = grouped({
      a: { n: 2000, recall: 0.9 },
      b: { n: 2000, recall: 0.7 },
      c: { n: 2000, recall: 0.88 },
    })
    const m = messageOf(() => expect(data).toHaveParityAcross(groups, { metric: 'recall', maxGap: 0.05 }))
    expect(m).toMatch(/evidence contradicts the claim/)
    expect(m).toMatch(/Bonferroni over 6 ordered pairs/)
    expect(data).not.toHaveParityAcross(groups, { metric: 'recall', maxGap: 0.05 })
    expect(data).not.toHaveParityAcross(groups, { metric: 'recall', minRatio: 0.9 })
  })

  it('reads scores at a threshold and string labels with a positive class', () => {
    const { data, groups } = grouped({ a: { n: 3000, recall: 0.9 }, b: { n: 3000, recall: 0.9 } })
    const scores = data.predicted.map((p, i) => (p ? 0.6 : 0.4) + (i % 7) / 100)
    expect({ actual: data.actual, scores, threshold: 0.5 }).toHaveParityAcross(groups, {
      maxGap: 0.05,
      tolerance: 0.1,
    })
    const name = (y: number) => (y ? 'hired' : 'rejected')
    expect({ actual: data.actual.map(name), predicted: data.predicted.map(name) }).toHaveParityAcross(
      groups,
      {
        metric: 'falsePositiveRate',
        maxGap: 0.05,
        positive: 'hired',
        tolerance: 0.1,
      },
    )
  })

  it('four-fifths rule on the selection rate', () => {
    const { data, groups } = grouped({
      a: { n: 3000, recall: 0.9, fpr: 0.3 },
      b: { n: 3000, recall: 0.5, fpr: 0.1 },
    })
    expect(data).not.toHaveParityAcross(groups, { minRatio: 0.8 })
  })

  it('is inconclusive with small groups, and with a group that has no example for the metric', () => {
    const { data, groups } = grouped({ a: { n: 40, recall: 0.9 }, b: { n: 40, recall: 0.9 } })
    expect(() => expect(data).toHaveParityAcross(groups, { metric: 'recall', maxGap: 0.05 })).toThrow(
      /inconclusive/,
    )
    expect(() => expect(data).not.toHaveParityAcross(groups, { metric: 'recall', maxGap: 0.05 })).toThrow(
      /too few to tell/,
    )
    const m = messageOf(() =>
      expect({ actual: [1, 0, 1, 0, 0, 0], predicted: [1, 0, 1, 1, 0, 0] }).toHaveParityAcross(
        ['a', 'a', 'a', 'b', 'b', 'b'],
        {
          metric: 'recall',
          maxGap: 0.1,
        },
      ),
    )
    expect(m).toMatch(/no actual positives in group "b"/)
  })

  it('bad input is an error, also under .not', () => {
    const d = { actual: [0, 1, 1, 0], predicted: [0, 1, 0, 0] }
    const f =
      (g: unknown, o: any, r: unknown = d) =>
      () =>
        expect(r).toHaveParityAcross(g as any, o)
    expect(f(['a', 'b', 'a'], { maxGap: 0.1 })).toThrow(/groups must have one group per example/)
    expect(f(['a', 'a', 'a', 'a'], { maxGap: 0.1 })).toThrow(/at least two groups/)
    expect(f(['a', 'b', 'a', 'b'], {})).toThrow(/exactly one of maxGap and minRatio/)
    expect(f(['a', 'b', 'a', 'b'], { maxGap: 0.1, minRatio: 0.8 })).toThrow(InvalidInputError)
    expect(f(['a', 'b', 'a', 'b'], { maxGap: 1.5 })).toThrow(InvalidRangeError)
    expect(f(['a', 'b', 'a', 'b'], { maxGap: 0.1, metric: 'f1' })).toThrow(/options.metric must be one of/)
    expect(f(['a', 'b', Number.NaN, 'b'], { maxGap: 0.1 })).toThrow(/toHaveParityAcross: groups\[2\]/)
    expect(
      f(['a', 'b', 'a', 'b'], { maxGap: 0.1 }, { actual: [0, 0, 0, 0], predicted: [0, 1, 0, 0] }),
    ).toThrow(/positive class/)
    expect(
      f(
        ['a', 'b', 'a', 'b'],
        { maxGap: 0.1 },
        {
          labels: [0, 1],
          matrix: [
            [1, 1],
            [1, 1],
          ],
        },
      ),
    ).toThrow(/not a confusion matrix/)
    expect(() => expect(d).not.toHaveParityAcross(['a', 'b'], { maxGap: 0.1 })).toThrow(InvalidRangeError)
  })

  it('prints the per-group table', () => {
    const { data, groups } = grouped({
      a: { n: 2000, recall: 0.9 },
      b: { n: 2000, recall: 0.7 },
      c: { n: 2000, recall: 0.88 },
    })
    expect(
      messageOf(() => expect(data).toHaveParityAcross(groups, { metric: 'recall', maxGap: 0.05 })),
    ).toMatchInlineSnapshot(`
      "expect(received).toHaveParityAcross(groups)

      Claim:     no two groups differ in recall by more than 0.05
      Data:      6000 examples in 3 groups, positive class 1
      Largest:   recall "a" − "b" = 0.226
      Bounds:    99.9% lower bound 0.1621 (Bonferroni over 6 ordered pairs), 95% upper bound 0.2553 (MOVER, exact per group)
      Tolerance: 0.05 beyond the gap (default)
      Verdict:   fail: the evidence contradicts the claim (false-fail rate 0.001, false-pass rate 0.05)
      Meaning:   The gap in recall between "a" and "b" is above 0.05 even at its 99.9% confidence bound 0.1621.
      Next:      Look at the groups in the table; if the gap in recall is expected, state a wider bound deliberately.

      Per group
        group     n  recall          interval
        "a"    2000   0.904   [0.872, 0.9305]  904 of 1000 actual positives
        "b"    2000   0.678  [0.6307, 0.7228]  678 of 1000 actual positives
        "c"    2000   0.886  [0.8518, 0.9149]  886 of 1000 actual positives

      Seed:      61f25dd0 (derived from the test's file and name; this call made no random draws)
      Reproduce: PROBABLY_SEED=61f25dd0 npx vitest run test/unit/toHaveParityAcross.test.ts -t 'toHaveParityAcross prints the per-group table'"
    `)
    expect(
      messageOf(() => expect(data).toHaveParityAcross(groups, { metric: 'recall', minRatio: 0.9 })),
    ).toMatchInlineSnapshot(`
      "expect(received).toHaveParityAcross(groups)

      Claim:     every group's recall is at least 0.9 × any other's
      Data:      6000 examples in 3 groups, positive class 1
      Smallest:  recall "b" / "a" = 0.75
      Bounds:    99.9% upper bound 0.8165 (Bonferroni over 6 ordered pairs), 95% lower bound 0.7197 (MOVER, exact per group)
      Tolerance: 0.1 below the ratio (default)
      Verdict:   fail: the evidence contradicts the claim (false-fail rate 0.001, false-pass rate 0.05)
      Meaning:   The ratio of recall between "b" and "a" is below 0.9 even at its 99.9% confidence bound 0.8165.
      Next:      Look at the groups in the table; if the ratio of recall is expected, state a wider bound deliberately.

      Per group
        group     n  recall          interval
        "a"    2000   0.904   [0.872, 0.9305]  904 of 1000 actual positives
        "b"    2000   0.678  [0.6307, 0.7228]  678 of 1000 actual positives
        "c"    2000   0.886  [0.8518, 0.9149]  886 of 1000 actual positives

      Seed:      61f25dd0 (derived from the test's file and name; this call made no random draws)
      Reproduce: PROBABLY_SEED=61f25dd0 npx vitest run test/unit/toHaveParityAcross.test.ts -t 'toHaveParityAcross prints the per-group table'"
    `)
  })

  it('judges false positive rates without any actual positive; recall still needs them', () => {
    const n = 4000
    const actual = Array.from({ length: n }, () => 0)
    const predicted = Array.from({ length: n }, (_, i) => (i % 50 === 0 ? 1 : 0))
    const groups = Array.from({ length: n }, (_, i) => (i % 2 ? 'a' : 'b'))
    expect({ actual, predicted }).toHaveParityAcross(groups, { metric: 'falsePositiveRate', maxGap: 0.05 })
    expect(() =>
      expect({ actual, predicted }).toHaveParityAcross(groups, { metric: 'recall', maxGap: 0.05 }),
    ).toThrowError(/no example of the positive class/)
  })
})
