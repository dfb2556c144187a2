/** Calibration cases: interval. See ../harness.ts; the list is gathered in ../cases.ts. */
import { toBeWithinInterval } from '../../../matchers/toBeWithinInterval'
import { toHaveErrorBelow } from '../../../matchers/toHaveErrorBelow'
import type { CalibrationCase } from '../harness'
import { normals, uniforms } from './shared'

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
]
