/** Calibration cases: stability. See ../harness.ts; the list is gathered in ../cases.ts. */
import { toBeStableAcrossSeeds } from '../../../matchers/toBeStableAcrossSeeds'
import type { Rng } from '../../../src/random'
import type { CalibrationCase } from '../harness'

export const cases: CalibrationCase[] = [
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
]
