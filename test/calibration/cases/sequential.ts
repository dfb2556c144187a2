/**
 * Calibration cases: sequential. See ../harness.ts; the list is gathered in ../cases.ts.
 *
 * toHaveSuccessRateAbove decides a sampler after every batch of draws, on anytime-valid bounds: the
 * error rates must hold however many looks it took. At the boundary the true rate is the threshold; at the
 * violation it is the threshold less the (default) tolerance.
 *
 * toBeWithinInterval of the mean on a sampler is sequential too: with a declared finite range, a betting
 * confidence sequence looked at after every batch; without one, a group-sequential design (planned looks
 * from `samples` to maxSamples, ratio ≤ 4, each at 1/K of both rates). Each shape is at the boundary (the
 * true mean at the claim's end) and at a violation of exactly the tolerance. The rows without a range draw
 * at most 2500 (1000) values a run to keep 10 000 runs affordable (a draw costs ~10 µs through the sampler
 * loop): at the default rates the trust rule of the skew-corrected t holds exponential, lognormal and t(3)
 * values untrusted at those n (inconclusive: the last column), gamma(4) and normal values are decided.
 */
import type { MatcherResult } from '../../../matchers/context'
import { toBeWithinInterval } from '../../../matchers/toBeWithinInterval'
import { toHaveSuccessRateAbove } from '../../../matchers/toHaveSuccessRateAbove'
import { toMatchDistribution } from '../../../matchers/toMatchDistribution'
import type { Rng } from '../../../src/random'
import type { CalibrationCase } from '../harness'
import { KS_SHIFT } from './shared'

/** A fresh seed for the matcher's own draws, from the run's generator. */
const seedOf = (rng: Rng) => `cal-${rng.integer(0, 2 ** 40)}`

type Draw = { rng: Rng }

/** A mean claim on a sampler: `make(violated)` gives the sampler, the claim is `interval` with `tolerance`. */
function meanCase(
  name: string,
  interval: [number, number],
  tolerance: number,
  make: (violated: boolean) => (d: Draw) => number,
  extra: { range?: [number, number]; samples?: number; maxSamples?: number } = {},
  quick = extra.range ? 100 : 50,
): CalibrationCase {
  return {
    name,
    runs: { quick },
    run: (ctx, rng, violated, rates) =>
      toBeWithinInterval.call(ctx, make(violated), interval, {
        ...rates,
        ...extra,
        tolerance,
        allowInconclusive: !violated,
        seed: seedOf(rng),
        timeoutMs: 60_000,
      }) as Promise<MatcherResult>,
  }
}

const exponential = (r: Rng, mean: number) => -mean * Math.log(1 - r())
/** Student t with 3 degrees of freedom. */
function t3(r: Rng): number {
  const z = r.normal(0, 1)
  let chi = 0
  for (let i = 0; i < 3; i++) chi += r.normal(0, 1) ** 2
  return z / Math.sqrt(chi / 3)
}
const LOGNORMAL_MEAN = Math.exp(0.5)

export const cases: CalibrationCase[] = [
  {
    // The sequential form: up to 10 000 draws, a look after every batch of about 1/16 of the draws so far.
    name: 'toHaveSuccessRateAbove 0.9, sampler (sequential, anytime-valid)',
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) =>
      toHaveSuccessRateAbove.call(
        ctx,
        ({ rng: r }: { rng: () => number }) => r() < (violated ? 0.85 : 0.9),
        0.9,
        {
          ...rates,
          allowInconclusive: !violated,
          seed: seedOf(rng),
        },
      ),
  },
  {
    // A rare-failure check: threshold 0.99, tolerance 0.01 (at most half the threshold caps nothing here).
    name: 'toHaveSuccessRateAbove 0.99, tolerance 0.01, sampler (sequential)',
    runs: { quick: 200 },
    run: (ctx, rng, violated, rates) =>
      toHaveSuccessRateAbove.call(
        ctx,
        ({ rng: r }: { rng: () => number }) => r() < (violated ? 0.98 : 0.99),
        0.99,
        {
          ...rates,
          tolerance: 0.01,
          allowInconclusive: !violated,
          seed: seedOf(rng),
        },
      ),
  },
  {
    name: 'toHaveSuccessRateAbove 0.9, 300 booleans (Clopper–Pearson)',
    runs: { quick: 1000 },
    run: (ctx, rng, violated, rates) => {
      const p = violated ? 0.85 : 0.9
      const xs = Array.from({ length: 300 }, () => rng() < p)
      return toHaveSuccessRateAbove.call(ctx, xs, 0.9, { ...rates, allowInconclusive: !violated })
    },
  },
  {
    // Heterogeneous cases: each case's rate is 1 w.p. w, else r, so that the mean over cases is the
    // claimed value; 60 cases × 5 repeats. The case is the unit.
    name: 'toHaveSuccessRateAbove 0.8, 60 cases × 5 repeats, heterogeneous cases (cluster)',
    runs: { quick: 500 },
    run: (ctx, rng, violated, rates) => {
      const mean = violated ? 0.75 : 0.8
      const r = 0.5
      const w = (mean - r) / (1 - r)
      const cases = Array.from({ length: 60 }, () => {
        const p = rng() < w ? 1 : r
        return Array.from({ length: 5 }, () => rng() < p)
      })
      return toHaveSuccessRateAbove.call(ctx, cases, 0.8, { ...rates, allowInconclusive: !violated })
    },
  },
  {
    // pass@5 per case (Chen et al.): every case's attempt rate p with 1 − (1 − p)^5 = the claimed value.
    name: 'toHaveSuccessRateAbove pass@5 ≥ 0.8, 80 cases × 10 attempts',
    runs: { quick: 500 },
    run: (ctx, rng, violated, rates) => {
      const target = violated ? 0.75 : 0.8
      const p = 1 - (1 - target) ** (1 / 5)
      const cases = Array.from({ length: 80 }, () => Array.from({ length: 10 }, () => rng() < p))
      return toHaveSuccessRateAbove.call(ctx, cases, 0.8, {
        ...rates,
        passAtK: 5,
        allowInconclusive: !violated,
      })
    },
  },
  {
    // A sampler against a named distribution: early failure on the time-uniform DKW band after every batch,
    // the exact KS test at the planned n; the violation is a shift at KS distance 0.1 (the default tolerance).
    name: 'toMatchDistribution sampler vs { normal } (sequential: DKW early failure + exact KS)',
    runs: { quick: 150 },
    run: (ctx, rng, violated, rates) =>
      toMatchDistribution.call(
        ctx,
        ({ rng: r }: { rng: { normal(m: number, s: number): number } }) =>
          r.normal(violated ? KS_SHIFT : 0, 1),
        { normal: { mean: 0, sd: 1 } },
        { ...rates, allowInconclusive: !violated, seed: seedOf(rng), timeoutMs: 60_000 },
      ) as Promise<import('../../../matchers/context').MatcherResult>,
  },
  // The mean on a sampler with a declared range: the betting confidence sequence.
  meanCase(
    'toBeWithinInterval mean ≥ 0.9 of 0/1 draws, range [0, 1], tolerance 0.05 (sequential, betting CS)',
    [0.9, 1],
    0.05,
    (violated) =>
      ({ rng: r }) =>
        r() < (violated ? 0.85 : 0.9) ? 1 : 0,
    { range: [0, 1] },
  ),
  meanCase(
    // U^4 has mean 1/5, U^3 mean 1/4: skewed towards 0, with a long tail to 1.
    'toBeWithinInterval mean ≤ 0.2 of skewed U^k draws in [0, 1], tolerance 0.05 (sequential, betting CS)',
    [0, 0.2],
    0.05,
    (violated) =>
      ({ rng: r }) =>
        r() ** (violated ? 3 : 4),
    { range: [0, 1] },
  ),
  // Without a range: the group-sequential design on the skew-corrected t (its trust rule at each look).
  meanCase(
    'toBeWithinInterval mean ≤ 0 of normal(·, 1) draws, tolerance 0.2, 250 to 2500 draws (group-sequential t)',
    [Number.NEGATIVE_INFINITY, 0],
    0.2,
    (violated) =>
      ({ rng: r }) =>
        r.normal(violated ? 0.2 : 0, 1),
    { samples: 250, maxSamples: 2500 },
  ),
  meanCase(
    // Gamma(4) with mean 1 (skewness 1, excess kurtosis 1.5): the sum of 4 exponentials of mean 1/4.
    'toBeWithinInterval mean ≥ 1 of gamma(4) draws, tolerance 0.1, 250 to 2500 draws (group-sequential t)',
    [1, Number.POSITIVE_INFINITY],
    0.1,
    (violated) =>
      ({ rng: r }) => {
        let x = 0
        for (let i = 0; i < 4; i++) x += exponential(r, (violated ? 0.9 : 1) / 4)
        return x
      },
    { samples: 250, maxSamples: 2500 },
  ),
  meanCase(
    'toBeWithinInterval mean ≥ 1 of exponential draws, tolerance 0.2, 100 to 1000 draws (group-sequential t)',
    [1, Number.POSITIVE_INFINITY],
    0.2,
    (violated) =>
      ({ rng: r }) =>
        exponential(r, violated ? 0.8 : 1),
    { samples: 100, maxSamples: 1000 },
  ),
  meanCase(
    'toBeWithinInterval mean ≥ e^0.5 of lognormal(0, 1) draws, tolerance 0.5, 100 to 1000 draws (group-sequential t)',
    [LOGNORMAL_MEAN, Number.POSITIVE_INFINITY],
    0.5,
    (violated) =>
      ({ rng: r }) =>
        Math.exp(r.normal(0, 1)) * (violated ? (LOGNORMAL_MEAN - 0.5) / LOGNORMAL_MEAN : 1),
    { samples: 100, maxSamples: 1000 },
  ),
  meanCase(
    'toBeWithinInterval mean in [-0.25, 0.25] of t(3) draws, tolerance 0.25, 100 to 1000 draws (group-sequential t)',
    [-0.25, 0.25],
    0.25,
    (violated) =>
      ({ rng: r }) =>
        t3(r) + (violated ? 0.5 : 0.25),
    { samples: 100, maxSamples: 1000 },
  ),
]
