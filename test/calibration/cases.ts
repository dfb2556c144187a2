/**
 * The calibration cases: for each statistical matcher and claim, data exactly at the boundary of the
 * claim, and data that violate it by exactly the tolerance, at a sample size where the matcher is
 * conclusive at the violation.
 */
import { toBeCalibrated } from '../../matchers/toBeCalibrated'
import { toBeNoWorseThan } from '../../matchers/toBeNoWorseThan'
import { toBeStableAcrossSeeds } from '../../matchers/toBeStableAcrossSeeds'
import { toBeWithinInterval } from '../../matchers/toBeWithinInterval'
import { toHaveErrorBelow } from '../../matchers/toHaveErrorBelow'
import {
  toHaveAccuracyAbove,
  toHaveAUCAbove,
  toHaveF1Above,
  toHavePrecisionAbove,
  toHaveRecallAbove,
} from '../../matchers/toHaveMetricAbove'
import { toHaveParityAcross } from '../../matchers/toHaveParityAcross'
import { toMatchDistribution } from '../../matchers/toMatchDistribution'
import { normalPpf } from '../../src/distributions'
import type { Rng } from '../../src/random'
import type { CalibrationCase } from './harness'

const normals = (rng: { normal(m: number, s: number): number }, n: number, m: number, sd = 1) =>
  Float64Array.from({ length: n }, () => rng.normal(m, sd))

/** The shift of N(mu, 1) from N(0, 1) whose KS distance 2Φ(mu/2) − 1 is 0.1. */
const KS_SHIFT = 2 * normalPpf(0.55)

/** The shift of N(mu, 1) whose PSI against N(0, 1) over the deciles of N(0, 1) is 0.1 (scipy brentq). */
const PSI_SHIFT = 0.32347439970548886

/** n labels 'a' (probability pa) or 'b'. */
const labels = (rng: () => number, n: number, pa: number) =>
  Array.from({ length: n }, () => (rng() < pa ? 'a' : 'b'))

/** Binary labels with prevalence `prevalence`; positives predicted positive w.p. tpr, negatives w.p. fpr. */
function classify(rng: () => number, n: number, prevalence: number, tpr: number, fpr: number) {
  const actual = new Array<number>(n)
  const predicted = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const y = rng() < prevalence ? 1 : 0
    actual[i] = y
    predicted[i] = rng() < (y ? tpr : fpr) ? 1 : 0
  }
  return { actual, predicted }
}

/** Two groups of `size`: group 'A' predicted positive w.p. pA, group 'B' w.p. pB (actual: fair coin). */
function parity(rng: () => number, size: number, pA: number, pB: number) {
  const actual = new Array<number>(2 * size)
  const predicted = new Array<number>(2 * size)
  const groups = new Array<string>(2 * size)
  for (let i = 0; i < 2 * size; i++) {
    const a = i < size
    groups[i] = a ? 'A' : 'B'
    actual[i] = rng() < 0.5 ? 1 : 0
    predicted[i] = rng() < (a ? pA : pB) ? 1 : 0
  }
  return { received: { actual, predicted }, groups }
}
const uniforms = (rng: () => number, n: number, lo: number, hi: number) =>
  Float64Array.from({ length: n }, () => lo + (hi - lo) * rng())

export const cases: CalibrationCase[] = [
  {
    // Mean of N(mu, 1), n = 200, claim mu in [-1, 0]; tolerance 0.4 (detectable at this n for the rates used).
    name: "toBeWithinInterval of: 'mean' (normal, n = 200)",
    run: (ctx, rng, violated, rates) =>
      toBeWithinInterval.call(ctx, normals(rng, 200, violated ? 0.4 : 0), [-1, 0], {
        ...rates,
        tolerance: 0.4,
        allowInconclusive: !violated,
        seed: 1,
      }) as any,
  },
  {
    // Median of U(s, 1 + s), n = 800, claim median in [0, 0.5]: at s = 0 the median is exactly 0.5;
    // at s = 0.1, P(X <= 0.5) = 0.4, a violation of the quantile level by the tolerance 0.1.
    name: "toBeWithinInterval of: 'median' (uniform, n = 800)",
    run: (ctx, rng, violated, rates) =>
      toBeWithinInterval.call(ctx, uniforms(rng, 800, violated ? 0.1 : 0, violated ? 1.1 : 1), [0, 0.5], {
        ...rates,
        of: 'median',
        tolerance: 0.1,
        allowInconclusive: !violated,
        seed: 1,
      }) as any,
  },
  {
    // Share inside [0, 0.9] of U(0, c), n = 1000, claim at least 90%: c = 1 is the boundary; c = 0.9 / 0.85
    // puts 85% inside, a violation by the tolerance 0.05.
    name: "toBeWithinInterval of: 'proportion' (uniform, n = 1000)",
    run: (ctx, rng, violated, rates) =>
      toBeWithinInterval.call(ctx, uniforms(rng, 1000, 0, violated ? 0.9 / 0.85 : 1), [0, 0.9], {
        ...rates,
        of: 'proportion',
        atLeast: 0.9,
        tolerance: 0.05,
        allowInconclusive: !violated,
        seed: 1,
      }) as any,
  },
  // ---------------------------------------------------------------------------------------------
  // toMatchDistribution
  {
    // KS one-sample against N(0, 1): boundary N(0, 1); violation N(mu, 1) with sup|F - G| = 2Φ(mu/2) - 1 =
    // 0.1 (mu = 0.25133), the default tolerance. n = 1100 > samplesForKs({ distance: 0.1 }) = 1007.
    name: "toMatchDistribution test: 'ks' one-sample vs { normal } (n = 1100)",
    runs: { quick: 1000 },
    run: (ctx, rng, violated, rates) =>
      toMatchDistribution.call(
        ctx,
        normals(rng, 1100, violated ? KS_SHIFT : 0),
        { normal: { mean: 0, sd: 1 } },
        {
          ...rates,
          allowInconclusive: !violated,
          seed: 1,
        },
      ) as any,
  },
  {
    // KS two-sample, both n = 2100 (n_eff 1050 > 1007): reference N(0, 1) draws; received N(0, 1) or N(mu, 1)
    // with KS distance 0.1 between the populations.
    name: "toMatchDistribution test: 'ks' two-sample (n = m = 2100)",
    runs: { quick: 400 },
    run: (ctx, rng, violated, rates) => {
      const reference = normals(rng, 2100, 0)
      return toMatchDistribution.call(ctx, normals(rng, 2100, violated ? KS_SHIFT : 0), reference, {
        ...rates,
        allowInconclusive: !violated,
        seed: 1,
      }) as any
    },
  },
  {
    // Chi-square goodness of fit against { a: 0.5, b: 0.5 }, the least favourable alternative of the power
    // bound (noncentrality 4·n·tv²): violation { a: 0.6, b: 0.4 }, total variation 0.1 (default tolerance).
    name: "toMatchDistribution test: 'chi-square' vs probabilities (2 categories, n = 700)",
    runs: { quick: 1000 },
    run: (ctx, rng, violated, rates) =>
      toMatchDistribution.call(
        ctx,
        labels(rng, 700, violated ? 0.6 : 0.5),
        { a: 0.5, b: 0.5 },
        {
          ...rates,
          allowInconclusive: !violated,
          seed: 1,
        },
      ) as any,
  },
  {
    // Chi-square goodness of fit, 4 equally likely categories; violation moves 0.1 from d to a (tv 0.1).
    name: "toMatchDistribution test: 'chi-square' vs probabilities (4 categories, n = 700)",
    runs: { quick: 1000 },
    run: (ctx, rng, violated, rates) => {
      const p = violated ? [0.35, 0.25, 0.25, 0.15] : [0.25, 0.25, 0.25, 0.25]
      const xs: string[] = []
      for (let i = 0; i < 700; i++) {
        let u = rng()
        let k = 0
        while (k < 3 && u >= p[k]) u -= p[k++]
        xs.push('abcd'[k])
      }
      return toMatchDistribution.call(
        ctx,
        xs,
        { a: 0.25, b: 0.25, c: 0.25, d: 0.25 },
        {
          ...rates,
          allowInconclusive: !violated,
          seed: 1,
        },
      ) as any
    },
  },
  {
    // Chi-square homogeneity (2 × 2 table) of two label samples of 1400 each: shares 0.5/0.5 vs 0.6/0.4.
    name: "toMatchDistribution test: 'chi-square' homogeneity (2 categories, n = m = 1400)",
    runs: { quick: 1000 },
    run: (ctx, rng, violated, rates) => {
      const reference = labels(rng, 1400, 0.5)
      return toMatchDistribution.call(ctx, labels(rng, 1400, violated ? 0.6 : 0.5), reference, {
        ...rates,
        allowInconclusive: !violated,
        seed: 1,
      }) as any
    },
  },
  {
    // Wasserstein threshold: the claim is W1 ≤ tolerance = 0.1; N(0, 1) vs N(0.1, 1) has W1 = 0.1 exactly,
    // the boundary for both rates (a threshold claim has no gap between the claim and its violation).
    name: "toMatchDistribution test: 'wasserstein' ≤ 0.1 (W1 = 0.1, n = m = 1000)",
    run: (ctx, rng, _violated, rates) => {
      const reference = normals(rng, 1000, 0)
      return toMatchDistribution.call(ctx, normals(rng, 1000, 0.1), reference, {
        ...rates,
        test: 'wasserstein',
        tolerance: 0.1,
        allowInconclusive: !_violated,
        seed: 1,
      }) as any
    },
  },
  {
    // Wasserstein threshold where its upper bound is tight: a pure shift, N(0, 1) vs N(0.5, 1), has
    // W1 = 0.5 and F − G of one sign, so the estimate is W1 plus a difference of two means (no inflation).
    name: "toMatchDistribution test: 'wasserstein' ≤ 0.5 (shift, W1 = 0.5, n = m = 1000)",
    run: (ctx, rng, violated, rates) => {
      const reference = normals(rng, 1000, 0)
      return toMatchDistribution.call(ctx, normals(rng, 1000, 0.5), reference, {
        ...rates,
        test: 'wasserstein',
        tolerance: 0.5,
        allowInconclusive: !violated,
        seed: 1,
      }) as any
    },
  },
  {
    // PSI threshold: the claim is PSI ≤ tolerance = 0.1 with 10 bins cut at the reference's deciles. With
    // reference N(0, 1) and received N(PSI_SHIFT, 1), the PSI over the population deciles of N(0, 1) is 0.1
    // exactly (scipy: brentq on Σ (aᵢ − 0.1)·ln(aᵢ/0.1), aᵢ = Φ(qᵢ − μ) − Φ(qᵢ₋₁ − μ)): the boundary for
    // both rates. The matcher cuts its bins at the reference SAMPLE's deciles, which converge to these.
    name: "toMatchDistribution test: 'psi' ≤ 0.1 (PSI = 0.1 over the population deciles, n = m = 1000)",
    runs: { full: 2000, quick: 60, why: 'a 500-resample bootstrap in every run' },
    run: (ctx, rng, violated, rates) => {
      const reference = normals(rng, 1000, 0)
      return toMatchDistribution.call(ctx, normals(rng, 1000, PSI_SHIFT), reference, {
        ...rates,
        test: 'psi',
        tolerance: 0.1,
        allowInconclusive: !violated,
        seed: rng.integer(0, 1e9),
      }) as any
    },
  },
  // ---------------------------------------------------------------------------------------------
  // toBeStableAcrossSeeds
  {
    // Numbers: sd across seeds σ; claim σ ≤ τ = 0.1 (tolerance); the violation is σ = 2τ (the matcher's
    // "violation of the size of the tolerance"). 30 seeds; the chi-square bounds make both rates exact.
    name: 'toBeStableAcrossSeeds numbers (σ ≤ 0.1, 30 seeds)',
    runs: { quick: 1000 },
    run: (ctx, rng, violated, rates) => {
      const sd = violated ? 0.2 : 0.1
      const shift = rng.normal(0, 10)
      return toBeStableAcrossSeeds.call(ctx, ({ rng: r }: { rng: Rng }) => 5 + shift + r.normal(0, sd), {
        ...rates,
        tolerance: 0.1,
        seeds: 30,
        allowInconclusive: !violated,
        seed: `s${rng.integer(0, 1e9)}`,
      })
    },
  },
  {
    // Labels: 400 positions with fixed true labels; each seed flips each label independently with
    // probability q, so two seeds agree with probability (1 − q)² + q²: 0.9 at q = 0.052786 (boundary of
    // minAgreement 0.9) and 0.85 at q = 0.081670 (a violation of the default tolerance 0.05). 10 seeds.
    name: 'toBeStableAcrossSeeds labels (agreement ≥ 0.9, 400 positions, 10 seeds)',
    runs: { quick: 250 },
    run: (ctx, rng, violated, rates) => {
      const q = violated ? 0.08167 : 0.052786
      const truth = Array.from({ length: 400 }, () => rng() < 0.5)
      return toBeStableAcrossSeeds.call(
        ctx,
        ({ rng: r }: { rng: Rng }) => truth.map((t) => (r() < q ? !t : t)),
        { ...rates, minAgreement: 0.9, allowInconclusive: !violated, seed: `s${rng.integer(0, 1e9)}` },
      )
    },
  },
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
  {
    // MAE ≤ 1: actual 0, predicted N(0, σ), MAE = σ·√(2/π): σ = √(π/2) at the boundary, 1.1·√(π/2) at the
    // violation (default tolerance: a tenth of the bound).
    name: 'toHaveErrorBelow mae 1 (normal errors, n = 2000)',
    runs: { quick: 1000 },
    run: (ctx, rng, violated, rates) => {
      const sd = (violated ? 1.1 : 1) * Math.sqrt(Math.PI / 2)
      return toHaveErrorBelow.call(
        ctx,
        { actual: new Float64Array(2000), predicted: normals(rng, 2000, 0, sd) },
        {
          ...rates,
          mae: 1,
          allowInconclusive: !violated,
          seed: 1,
        },
      )
    },
  },
  {
    // RMSE ≤ 1: predicted N(0, σ) against actual 0, RMSE = σ: 1 at the boundary, 1.1 at the violation.
    name: 'toHaveErrorBelow rmse 1 (normal errors, n = 3000)',
    runs: { quick: 1000 },
    run: (ctx, rng, violated, rates) =>
      toHaveErrorBelow.call(
        ctx,
        { actual: new Float64Array(3000), predicted: normals(rng, 3000, 0, violated ? 1.1 : 1) },
        {
          ...rates,
          rmse: 1,
          allowInconclusive: !violated,
          seed: 1,
        },
      ),
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
