/**
 * The calibration cases: for each statistical matcher and claim, data exactly at the boundary of the
 * claim, and data that violate it by exactly the tolerance, at a sample size where the matcher is
 * conclusive at the violation.
 */
import { toBeWithinInterval } from '../../matchers/toBeWithinInterval'
import type { CalibrationCase } from './harness'

const normals = (rng: { normal(m: number, s: number): number }, n: number, m: number) =>
  Float64Array.from({ length: n }, () => rng.normal(m, 1))
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
]
