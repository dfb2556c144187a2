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
    runs: { quick: 300 },
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
    runs: { quick: 1000 },
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
    runs: { quick: 1000 },
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
    runs: { full: 600, quick: 50, why: 'a 2000-resample bootstrap in every run' },
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
    runs: { quick: 300 },
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
  // ---------------------------------------------------------------------------------------------
  {
    // ECE ≤ 0.05, 5 uniform bins: probabilities uniform in [0.1, 0.9], outcomes positive with probability
    // p + δ, so every bin's gap is δ and the ECE is δ: 0.05 at the boundary, 0.1 at the violation (default
    // tolerance 0.05).
    name: 'toBeCalibrated maxECE 0.05 (5 bins, n = 9000)',
    runs: { quick: 150 },
    run: (ctx, rng, violated, rates) => {
      const delta = violated ? 0.1 : 0.05
      const probs = new Float64Array(9000)
      const actual = new Array<number>(9000)
      for (let i = 0; i < 9000; i++) {
        probs[i] = 0.1 + 0.8 * rng()
        actual[i] = rng() < probs[i] + delta ? 1 : 0
      }
      return toBeCalibrated.call(
        ctx,
        { actual, probs },
        {
          ...rates,
          maxECE: 0.05,
          bins: 5,
          allowInconclusive: !violated,
          seed: 1,
        },
      )
    },
  },
  // ---------------------------------------------------------------------------------------------
  {
    // Selection rate of two groups of 5000: 0.5 and 0.4 (gap 0.1 = maxGap) at the boundary, 0.5 and 0.35
    // (gap 0.15, default tolerance 0.05) at the violation.
    name: 'toHaveParityAcross selectionRate maxGap 0.1 (2 groups of 5000)',
    runs: { quick: 150 },
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
    runs: { quick: 300 },
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
    runs: { quick: 1000 },
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
    runs: { quick: 250 },
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
]
