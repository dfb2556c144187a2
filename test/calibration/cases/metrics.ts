/** Calibration cases: metrics. See ../harness.ts; the list is gathered in ../cases.ts. */
import { toBeCalibrated } from '../../../matchers/toBeCalibrated'
import { toBeNoWorseThan } from '../../../matchers/toBeNoWorseThan'
import {
  toHaveAccuracyAbove,
  toHaveAUCAbove,
  toHaveF1Above,
  toHavePrecisionAbove,
  toHaveRecallAbove,
} from '../../../matchers/toHaveMetricAbove'
import { toHaveParityAcross } from '../../../matchers/toHaveParityAcross'
import { normalPpf } from '../../../src/distributions'
import type { CalibrationCase } from '../harness'
import { classify, parity } from './shared'

export const cases: CalibrationCase[] = [
  // ---------------------------------------------------------------------------------------------
  // Classification metrics: claim metric ≥ 0.8, violation 0.75 (default tolerance 0.05)
  {
    // Recall: half the examples positive; a positive is predicted positive with probability r.
    name: 'toHaveRecallAbove 0.8 (n = 4000, half positive)',
    runs: { quick: 150 },
    run: (ctx, rng, violated, rates) => {
      const r = violated ? 0.75 : 0.8
      const { actual, predicted } = classify(rng, 4000, 0.5, r, 0.2)
      return toHaveRecallAbove.call(ctx, { actual, predicted }, 0.8, {
        ...rates,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // Precision: positives predicted positive w.p. 0.8, negatives w.p. q: precision 0.8 / (0.8 + q).
    name: 'toHavePrecisionAbove 0.8 (n = 4000, half positive)',
    runs: { quick: 200 },
    run: (ctx, rng, violated, rates) => {
      const q = violated ? 0.8 / 0.75 - 0.8 : 0.2
      const { actual, predicted } = classify(rng, 4000, 0.5, 0.8, q)
      return toHavePrecisionAbove.call(ctx, { actual, predicted }, 0.8, {
        ...rates,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // Accuracy: every example is predicted right with probability a.
    name: 'toHaveAccuracyAbove 0.8 (n = 2000)',
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) => {
      const a = violated ? 0.75 : 0.8
      const { actual, predicted } = classify(rng, 2000, 0.5, a, 1 - a)
      return toHaveAccuracyAbove.call(ctx, { actual, predicted }, 0.8, {
        ...rates,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // F1: half positive, positives predicted positive w.p. f, negatives w.p. 1 − f: precision = recall = f,
    // so F1 = f (of the expected counts).
    name: 'toHaveF1Above 0.8 (n = 4000, half positive)',
    runs: { quick: 30 },
    run: (ctx, rng, violated, rates) => {
      const f = violated ? 0.75 : 0.8
      const { actual, predicted } = classify(rng, 4000, 0.5, f, 1 - f)
      return toHaveF1Above.call(ctx, { actual, predicted }, 0.8, {
        ...rates,
        allowInconclusive: !violated,
        seed: rng.integer(0, 1e9),
      })
    },
  },
  {
    // AUC: scores N(d, 1) for positives and N(0, 1) for negatives, AUC = Φ(d/√2): 0.8 at d = 1.19023,
    // 0.75 at d = 0.953873. 1000 of each class.
    name: 'toHaveAUCAbove 0.8 (binormal scores, 1000 + 1000)',
    runs: { quick: 150 },
    run: (ctx, rng, violated, rates) => {
      const d = violated ? 0.953873 : 1.19023
      const actual = new Array<number>(2000)
      const scores = new Float64Array(2000)
      for (let i = 0; i < 2000; i++) {
        actual[i] = i < 1000 ? 1 : 0
        scores[i] = rng.normal(i < 1000 ? d : 0, 1)
      }
      return toHaveAUCAbove.call(ctx, { actual, scores }, 0.8, {
        ...rates,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // Rare class: 1% positives in 20000 examples (about 200 actual positives), recall ≥ 0.8.
    name: 'toHaveRecallAbove 0.8 (n = 20000, 1% positive)',
    runs: { quick: 60 },
    run: (ctx, rng, violated, rates) => {
      const { actual, predicted } = classify(rng, 20000, 0.01, violated ? 0.75 : 0.8, 0.02)
      return toHaveRecallAbove.call(ctx, { actual, predicted }, 0.8, {
        ...rates,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // Tiny n: 40 examples, half positive (about 20 actual positives); tolerance 0.3 (violation 0.5).
    name: 'toHaveRecallAbove 0.8 (n = 40, tolerance 0.3)',
    runs: { quick: 600 },
    run: (ctx, rng, violated, rates) => {
      const { actual, predicted } = classify(rng, 40, 0.5, violated ? 0.5 : 0.8, 0.2)
      if (!actual.includes(1)) actual[0] = 1
      return toHaveRecallAbove.call(ctx, { actual, predicted }, 0.8, {
        ...rates,
        tolerance: 0.3,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // Few predicted positives: 1% positives in 10000 examples, predicted positive w.p. 0.8 (positives) or
    // q (negatives): about 80 + 990·q predicted positives, precision 0.8 at q = 0.00202, 0.75 at 0.00269.
    name: 'toHavePrecisionAbove 0.8 (n = 10000, 1% positive)',
    runs: { quick: 120 },
    run: (ctx, rng, violated, rates) => {
      const q = (0.01 * 0.8 * (1 / (violated ? 0.75 : 0.8) - 1)) / 0.99
      const { actual, predicted } = classify(rng, 10000, 0.01, 0.8, q)
      return toHavePrecisionAbove.call(ctx, { actual, predicted }, 0.8, {
        ...rates,
        tolerance: 0.05,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // F1 on 400 examples, half positive; tolerance 0.1. With the BCa bootstrap (measured 2026-12-02,
    // 10,000 runs) false-pass was 0.060 [0.056, 0.065] above 0.05. Binary F1 now uses f1Bounds (exact:
    // given the m examples that are not true negatives, TP ~ Binomial(m, J), J the Jaccard index, and
    // F1 = 2J/(1 + J), so Clopper–Pearson on J mapped through 2J/(1 + J)); at 10,000 runs: false-pass
    // 0.046 [0.042, 0.050], false-fail 0.0007 [0.0003, 0.0014].
    name: 'toHaveF1Above 0.8 (n = 400, tolerance 0.1)',
    runs: { quick: 30 },
    run: (ctx, rng, violated, rates) => {
      const f = violated ? 0.7 : 0.8
      const { actual, predicted } = classify(rng, 400, 0.5, f, 1 - f)
      return toHaveF1Above.call(ctx, { actual, predicted }, 0.8, {
        ...rates,
        tolerance: 0.1,
        allowInconclusive: !violated,
        seed: rng.integer(0, 1e9),
      })
    },
  },
  {
    // AUC with 10 positives among 1000 (1%), binormal; tolerance 0.15 (violation 0.65).
    name: 'toHaveAUCAbove 0.8 (10 positive + 990, tolerance 0.15)',
    runs: { quick: 200 },
    run: (ctx, rng, violated, rates) => aucCase(ctx, rng, violated, rates, 10, 990, 0.8, 0.15),
  },
  {
    // AUC with 30 positives among 3000 (1%), binormal; tolerance 0.1 (violation 0.7).
    name: 'toHaveAUCAbove 0.8 (30 positive + 2970, tolerance 0.1)',
    runs: { quick: 80 },
    run: (ctx, rng, violated, rates) => aucCase(ctx, rng, violated, rates, 30, 2970, 0.8, 0.1),
  },
  // ---------------------------------------------------------------------------------------------
  {
    // ECE ≤ 0.05, the default 10 uniform bins, n = 2000: probabilities uniform in [0.1, 0.9], outcomes
    // positive with probability p + δ, so every bin's gap is δ and the ECE is δ: 0.05 at the boundary,
    // 0.1 at the violation (default tolerance 0.05).
    name: 'toBeCalibrated maxECE 0.05 (10 bins, n = 2000)',
    runs: { quick: 40 },
    run: (ctx, rng, violated, rates) => calibratedCase(ctx, rng, violated, rates, 2000, 0.1, 0.8),
  },
  {
    // Small n: 300 examples in 10 bins (about 30 per bin).
    name: 'toBeCalibrated maxECE 0.05 (10 bins, n = 300)',
    runs: { quick: 40 },
    run: (ctx, rng, violated, rates) => calibratedCase(ctx, rng, violated, rates, 300, 0.1, 0.8),
  },
  {
    // Rare positives: probabilities uniform in [0, 0.1] (one bin of ten), 3000 examples.
    name: 'toBeCalibrated maxECE 0.05 (probabilities in [0, 0.1], n = 3000)',
    runs: { quick: 40 },
    run: (ctx, rng, violated, rates) => calibratedCase(ctx, rng, violated, rates, 3000, 0, 0.1),
  },
  // ---------------------------------------------------------------------------------------------
  {
    // Selection rate of two groups of 5000: 0.5 and 0.4 (gap 0.1 = maxGap) at the boundary, 0.5 and 0.35
    // (gap 0.15, default tolerance 0.05) at the violation.
    name: 'toHaveParityAcross selectionRate maxGap 0.1 (2 groups of 5000)',
    runs: { quick: 60 },
    run: (ctx, rng, violated, rates) => {
      const { received, groups } = parity(rng, 5000, 0.5, violated ? 0.35 : 0.4)
      return toHaveParityAcross.call(ctx, received, groups, {
        ...rates,
        maxGap: 0.1,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // Four-fifths rule: 0.5 and 0.4 (ratio 0.8) at the boundary, 0.5 and 0.35 (ratio 0.7, default tolerance
    // 0.1) at the violation.
    name: 'toHaveParityAcross selectionRate minRatio 0.8 (2 groups of 4000)',
    runs: { quick: 80 },
    run: (ctx, rng, violated, rates) => {
      const { received, groups } = parity(rng, 4000, 0.5, violated ? 0.35 : 0.4)
      return toHaveParityAcross.call(ctx, received, groups, {
        ...rates,
        minRatio: 0.8,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  // ---------------------------------------------------------------------------------------------
  {
    // Paired accuracy, margin 0.02: the champion is right with probability 0.8, the challenger
    // (independently) with 0.78 at the boundary and 0.73 at the violation (default tolerance 0.05).
    name: 'toBeNoWorseThan accuracy margin 0.02 (n = 4000)',
    runs: { quick: 150 },
    run: (ctx, rng, violated, rates) => {
      const n = 4000
      const actual = new Array<number>(n)
      const challenger = new Array<number>(n)
      const champion = new Array<number>(n)
      const pc = violated ? 0.73 : 0.78
      for (let i = 0; i < n; i++) {
        const y = rng() < 0.5 ? 1 : 0
        actual[i] = y
        challenger[i] = rng() < pc ? y : 1 - y
        champion[i] = rng() < 0.8 ? y : 1 - y
      }
      return toBeNoWorseThan.call(
        ctx,
        { actual, predicted: challenger },
        { predicted: champion },
        {
          ...rates,
          margin: 0.02,
          allowInconclusive: !violated,
          seed: 1,
        },
      )
    },
  },
  {
    // Paired AUC (DeLong), margin 0.02: binormal scores for both models on the same 2000 examples with
    // correlated noise (1300 of each class); champion AUC 0.8, challenger 0.78 (boundary) or 0.73 (violation).
    name: 'toBeNoWorseThan auc margin 0.02 (1300 + 1300)',
    runs: { quick: 60 },
    run: (ctx, rng, violated, rates) => {
      const dc = Math.SQRT2 * normalPpf(violated ? 0.73 : 0.78)
      const d0 = Math.SQRT2 * normalPpf(0.8)
      const actual = new Array<number>(2600)
      const a = new Float64Array(2600)
      const b = new Float64Array(2600)
      for (let i = 0; i < 2600; i++) {
        const y = i < 1300 ? 1 : 0
        actual[i] = y
        const common = rng.normal(0, Math.SQRT1_2)
        a[i] = y * dc + common + rng.normal(0, Math.SQRT1_2)
        b[i] = y * d0 + common + rng.normal(0, Math.SQRT1_2)
      }
      return toBeNoWorseThan.call(
        ctx,
        { actual, scores: a },
        { scores: b },
        {
          ...rates,
          metric: 'auc',
          margin: 0.02,
          allowInconclusive: !violated,
          seed: 1,
        },
      )
    },
  },
  {
    // Small groups: 2 groups of 60, selection rates 0.5 / 0.4 (gap 0.1 = maxGap) or 0.5 / 0.1 (gap 0.4,
    // tolerance 0.3).
    name: 'toHaveParityAcross selectionRate maxGap 0.1 (2 groups of 60, tolerance 0.3)',
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) => {
      const { received, groups } = parity(rng, 60, 0.5, violated ? 0.1 : 0.4)
      return toHaveParityAcross.call(ctx, received, groups, {
        ...rates,
        maxGap: 0.1,
        tolerance: 0.3,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // Rare positives: recall parity of 3 groups of 5000 with 2% positives (about 100 actual positives
    // each): recalls 0.8, 0.8, 0.7 (gap 0.1 = maxGap) or 0.8, 0.8, 0.55 (gap 0.25, tolerance 0.15).
    name: 'toHaveParityAcross recall maxGap 0.1 (3 groups of 5000, 2% positive, tolerance 0.15)',
    runs: { quick: 60 },
    run: (ctx, rng, violated, rates) => {
      const n = 15000
      const actual = new Array<number>(n)
      const predicted = new Array<number>(n)
      const groups = new Array<string>(n)
      const recall = [0.8, 0.8, violated ? 0.55 : 0.7]
      for (let i = 0; i < n; i++) {
        const g = i % 3
        groups[i] = 'ABC'[g]
        const y = rng() < 0.02 ? 1 : 0
        actual[i] = y
        predicted[i] = rng() < (y ? recall[g] : 0.05) ? 1 : 0
      }
      return toHaveParityAcross.call(ctx, { actual, predicted }, groups, {
        ...rates,
        metric: 'recall',
        maxGap: 0.1,
        tolerance: 0.15,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // Four-fifths rule on small groups: 2 groups of 100, rates 0.5 / 0.4 (ratio 0.8) or 0.5 / 0.15
    // (ratio 0.3, tolerance 0.5).
    name: 'toHaveParityAcross selectionRate minRatio 0.8 (2 groups of 100, tolerance 0.5)',
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) => {
      const { received, groups } = parity(rng, 100, 0.5, violated ? 0.15 : 0.4)
      return toHaveParityAcross.call(ctx, received, groups, {
        ...rates,
        minRatio: 0.8,
        tolerance: 0.5,
        allowInconclusive: !violated,
        seed: 1,
      })
    },
  },
  {
    // Paired accuracy on 300 examples, margin 0.02: champion 0.8, challenger 0.78 (boundary) or 0.68
    // (violation, tolerance 0.1).
    name: 'toBeNoWorseThan accuracy margin 0.02 (n = 300, tolerance 0.1)',
    runs: { quick: 400 },
    run: (ctx, rng, violated, rates) => noWorseAccuracy(ctx, rng, violated, rates, 300, 0.1),
  },
  {
    // Paired recall (bootstrap) on 1000 examples, 10% positive (about 100 actual positives), margin 0:
    // With the paired bootstrap's estimate ± z·SE bound: false-fail 0.0020 [0.0012, 0.0031] above 0.001 (10,000
    // runs; anticonservative this far in the tail with ~100 positives). Now recall is a paired proportion on
    // the actual positives (pairedRecallCounts, exact pairedProportionDifferenceBounds): at 10,000 runs
    // false-fail 0.0010 [0.00048, 0.0018], false-pass 0.0078 [0.0062, 0.0097] (inconclusive 0.83 at violation).
    // champion recall 0.8, challenger 0.8 (boundary) or 0.65 (violation, tolerance 0.15).
    name: 'toBeNoWorseThan recall margin 0 (n = 1000, 10% positive, tolerance 0.15)',
    runs: { quick: 16 },
    run: (ctx, rng, violated, rates) => {
      const n = 1000
      const actual = new Array<number>(n)
      const challenger = new Array<number>(n)
      const champion = new Array<number>(n)
      const rc = violated ? 0.65 : 0.8
      for (let i = 0; i < n; i++) {
        const y = rng() < 0.1 ? 1 : 0
        actual[i] = y
        challenger[i] = y ? (rng() < rc ? 1 : 0) : rng() < 0.05 ? 1 : 0
        champion[i] = y ? (rng() < 0.8 ? 1 : 0) : rng() < 0.05 ? 1 : 0
      }
      return toBeNoWorseThan.call(
        ctx,
        { actual, predicted: challenger },
        { predicted: champion },
        {
          ...rates,
          metric: 'recall',
          tolerance: 0.15,
          allowInconclusive: !violated,
          seed: rng.integer(0, 1e9),
        },
      )
    },
  },
]

type Rates = { falseFailRate: number; falsePassRate: number }
type Ctx = Parameters<CalibrationCase['run']>[0]
type R = Parameters<CalibrationCase['run']>[1]

/** Probabilities uniform in [lo, lo + width], outcomes positive w.p. p + δ (δ = 0.05 or 0.1): ECE = δ. */
function calibratedCase(
  ctx: Ctx,
  rng: R,
  violated: boolean,
  rates: Rates,
  n: number,
  lo: number,
  width: number,
) {
  const delta = violated ? 0.1 : 0.05
  const probs = new Float64Array(n)
  const actual = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    probs[i] = lo + width * rng()
    actual[i] = rng() < probs[i] + delta ? 1 : 0
  }
  if (!actual.includes(1)) actual[0] = 1
  return toBeCalibrated.call(
    ctx,
    { actual, probs },
    { ...rates, maxECE: 0.05, allowInconclusive: !violated, seed: 1 },
  )
}

/** Binormal scores: positives N(d, 1), negatives N(0, 1), AUC Φ(d/√2): `threshold` or threshold − tolerance. */
function aucCase(
  ctx: Ctx,
  rng: R,
  violated: boolean,
  rates: Rates,
  positives: number,
  negatives: number,
  threshold: number,
  tolerance: number,
) {
  const d = Math.SQRT2 * normalPpf(violated ? threshold - tolerance : threshold)
  const n = positives + negatives
  const actual = new Array<number>(n)
  const scores = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    actual[i] = i < positives ? 1 : 0
    scores[i] = rng.normal(i < positives ? d : 0, 1)
  }
  return toHaveAUCAbove.call(ctx, { actual, scores }, threshold, {
    ...rates,
    tolerance,
    allowInconclusive: !violated,
    seed: 1,
  })
}

/** Champion right w.p. 0.8, the challenger (independently) w.p. 0.78 or 0.78 − tolerance; margin 0.02. */
function noWorseAccuracy(ctx: Ctx, rng: R, violated: boolean, rates: Rates, n: number, tolerance: number) {
  const actual = new Array<number>(n)
  const challenger = new Array<number>(n)
  const champion = new Array<number>(n)
  const pc = violated ? 0.78 - tolerance : 0.78
  for (let i = 0; i < n; i++) {
    const y = rng() < 0.5 ? 1 : 0
    actual[i] = y
    challenger[i] = rng() < pc ? y : 1 - y
    champion[i] = rng() < 0.8 ? y : 1 - y
  }
  return toBeNoWorseThan.call(
    ctx,
    { actual, predicted: challenger },
    { predicted: champion },
    { ...rates, margin: 0.02, tolerance, allowInconclusive: !violated, seed: 1 },
  )
}
