/**
 * Calibration cases: sequential. See ../harness.ts; the list is gathered in ../cases.ts.
 *
 * toHaveSuccessRateAbove decides a sampler after every batch of draws, on anytime-valid bounds: the
 * error rates must hold however many looks it took. At the boundary the true rate is the threshold; at the
 * violation it is the threshold less the (default) tolerance.
 */
import { toHaveSuccessRateAbove } from '../../../matchers/toHaveSuccessRateAbove'
import { toMatchDistribution } from '../../../matchers/toMatchDistribution'
import type { Rng } from '../../../src/random'
import type { CalibrationCase } from '../harness'
import { KS_SHIFT } from './shared'

/** A fresh seed for the matcher's own draws, from the run's generator. */
const seedOf = (rng: Rng) => `cal-${rng.integer(0, 2 ** 40)}`

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
    runs: { quick: 200, full: 4000, why: 'up to 10 000 draws a run' },
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
    runs: { quick: 150, full: 3000, why: 'a KS statistic at every look of every run' },
    run: (ctx, rng, violated, rates) =>
      toMatchDistribution.call(
        ctx,
        ({ rng: r }: { rng: { normal(m: number, s: number): number } }) =>
          r.normal(violated ? KS_SHIFT : 0, 1),
        { normal: { mean: 0, sd: 1 } },
        { ...rates, allowInconclusive: !violated, seed: seedOf(rng), timeoutMs: 60_000 },
      ) as Promise<import('../../../matchers/context').MatcherResult>,
  },
]
