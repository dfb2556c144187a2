/** Calibration cases: distribution. See ../harness.ts; the list is gathered in ../cases.ts. */
import { toMatchDistribution } from '../../../matchers/toMatchDistribution'
import type { CalibrationCase } from '../harness'
import { KS_SHIFT, labels, normals, PSI_SHIFT } from './shared'

export const cases: CalibrationCase[] = [
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
]
