/** Calibration cases: stability. See ../harness.ts; the list is gathered in ../cases.ts. */
import { toBeStableAcrossSeeds } from '../../../matchers/toBeStableAcrossSeeds'
import { Baseline } from '../../../src/montecarlo'
import type { Rng } from '../../../src/random'
import type { CalibrationCase } from '../harness'

/** Output shapes, each standardised to mean 0 and sd 1. */
const SHAPES: Record<string, (r: Rng) => number> = {
  normal: (r) => r.normal(),
  exponential: (r) => -Math.log1p(-r()) - 1,
  lognormal: (r) => (Math.exp(r.normal()) - Math.exp(0.5)) / Math.sqrt((Math.E - 1) * Math.E),
  't(5)': (r) => studentT(r, 5) / Math.sqrt(5 / 3),
  't(3)': (r) => studentT(r, 3) / Math.sqrt(3),
}

function studentT(r: Rng, df: number): number {
  let c = 0
  for (let i = 0; i < df; i++) c += r.normal() ** 2
  return r.normal() / Math.sqrt(c / df)
}

const numberCases: CalibrationCase[] = []
for (const [shape, draw] of Object.entries(SHAPES))
  for (const seeds of [5, 10, 30])
    numberCases.push({
      // σ across seeds; claim σ ≤ τ = 0.1; boundary σ = τ, violation σ = 2τ (the matcher's "violation by
      // the tolerance"). A random offset per run: the claim is about the spread only.
      name: `toBeStableAcrossSeeds numbers, ${shape} outputs (σ ≤ 0.1, ${seeds} seeds)`,
      runs: { quick: 300 },
      run: (ctx, rng, violated, rates) => {
        const sd = violated ? 0.2 : 0.1
        const shift = rng.normal(0, 10)
        return toBeStableAcrossSeeds.call(ctx, ({ rng: r }: { rng: Rng }) => 5 + shift + sd * draw(r), {
          ...rates,
          tolerance: 0.1,
          seeds,
          allowInconclusive: !violated,
          seed: `s${rng.integer(0, 1e9)}`,
        })
      },
    })

/**
 * Baseline.interval at coverage 1 − falseFailRate, upper bound only: a "false fail" is a new draw beyond
 * it (the exceedance it promises to keep at most 1 − coverage; at the default 0.001 and 200 or 500 runs
 * the bound is extrapolated, at 2000 it is an order statistic). There is no violation to pass: the false-pass
 * row is 0 by construction.
 */
function baselineCase(shape: string, draw: (r: Rng) => number, runs: number): CalibrationCase {
  return {
    name: `Baseline.interval(1 − falseFailRate, upper) exceedance, ${shape}, ${runs} runs (no false-pass side)`,
    runs: { quick: 300, full: 10000 },
    run: (_ctx, rng, violated, rates) => {
      if (violated) return { pass: false, message: () => '' }
      const xs = new Float64Array(runs)
      for (let i = 0; i < runs; i++) xs[i] = draw(rng)
      const interval = Baseline.from(xs).interval(1 - rates.falseFailRate, { side: 'upper' })
      const x = draw(rng)
      return { pass: x >= interval.lower && x <= interval.upper, message: () => '' }
    },
  }
}

export const cases: CalibrationCase[] = [
  ...numberCases,
  {
    // Labels: 400 positions with fixed true labels; each seed flips each label independently with
    // probability q, so two seeds agree with probability (1 − q)² + q²: 0.9 at q = 0.052786 (boundary of
    // minAgreement 0.9) and 0.85 at q = 0.081670 (a violation of the default tolerance 0.05). 50 seeds
    // (25 disjoint pairs: no valid bound can pass with fewer than 19 pairs at these rates).
    name: 'toBeStableAcrossSeeds labels (agreement ≥ 0.9, 400 positions, 50 seeds)',
    runs: { quick: 100 },
    run: (ctx, rng, violated, rates) => {
      const q = violated ? 0.08167 : 0.052786
      const truth = Array.from({ length: 400 }, () => rng() < 0.5)
      return toBeStableAcrossSeeds.call(
        ctx,
        ({ rng: r }: { rng: Rng }) => truth.map((t) => (r() < q ? !t : t)),
        {
          ...rates,
          minAgreement: 0.9,
          seeds: 50,
          allowInconclusive: !violated,
          seed: `s${rng.integer(0, 1e9)}`,
        },
      )
    },
  },
  ...[30, 60].map(
    (seeds): CalibrationCase => ({
      // Labels that flip in blocks: each seed is, with probability 0.1, an odd run that relabels 30% of the
      // positions at once; otherwise it flips each label with probability q. Agreement is then driven by
      // whole seeds, not positions. 30 and 60 seeds; q set so that the expected agreement is 0.9 / 0.85.
      name: `toBeStableAcrossSeeds labels in blocks (agreement ≥ 0.9, 200 positions, ${seeds} seeds)`,
      runs: { quick: 100 },
      run: (ctx, rng, violated, rates) => {
        const q = violated ? BLOCK_Q.violated : BLOCK_Q.boundary
        const truth = Array.from({ length: 200 }, () => rng() < 0.5)
        return toBeStableAcrossSeeds.call(
          ctx,
          ({ rng: r }: { rng: Rng }) => {
            const odd = r() < 0.1
            return truth.map((t) => (r() < (odd ? 0.3 : q) ? !t : t))
          },
          {
            ...rates,
            minAgreement: 0.9,
            seeds,
            allowInconclusive: !violated,
            seed: `s${rng.integer(0, 1e9)}`,
          },
        )
      },
    }),
  ),
  ...[200, 500, 2000].flatMap((runs) =>
    (['normal', 'lognormal', 't(3)'] as const).map((shape) => baselineCase(shape, SHAPES[shape], runs)),
  ),
  baselineCase('uniform', (r) => r(), 500),
]

/**
 * The per-label flip probability of an ordinary seed such that the expected agreement of two seeds is
 * 0.9 (boundary) or 0.85 (violation), when each seed is odd (flip 0.3) with probability 0.1: two seeds
 * agree at a position with probability a(f1, f2) = (1 − f1)(1 − f2) + f1·f2, averaged over the kinds.
 */
const BLOCK_Q = { boundary: solveBlockQ(0.9), violated: solveBlockQ(0.85) }

function solveBlockQ(target: number): number {
  const a = (f: number, g: number) => (1 - f) * (1 - g) + f * g
  const agreement = (q: number) => 0.81 * a(q, q) + 0.18 * a(q, 0.3) + 0.01 * a(0.3, 0.3)
  let lo = 0
  let hi = 0.3
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2
    if (agreement(mid) > target) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}
