/** Calibration cases: baseline. See ../harness.ts; the list is gathered in ../cases.ts. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finishBaselineFile } from '../../../matchers/baselineSession'
import type { MatcherContext, MatcherResult } from '../../../matchers/context'
import { toMatchBaseline } from '../../../matchers/toMatchBaseline'
import { baselinePathFor, updateBaselineFile } from '../../../src/baselineStore'
import { type BaselineEntry, labelsEntry, metricEntry, numbersEntry } from '../../../src/baselines'
import type { CalibrationCase } from '../harness'
import { KS_SHIFT, labels, normals } from './shared'

// Every run records a fresh baseline drawn from the reference population into a baseline file (as the
// first run of a test would), then compares new data with it (as a later run would), with a snapshot state
// that never writes. Both the baseline and the new data are random, as in use.
let testPath: string | undefined
function path(): string {
  if (!testPath) testPath = join(mkdtempSync(join(tmpdir(), 'probably-calibration-baseline-')), 'cal.test.ts')
  return testPath
}

function compare(
  ctx: MatcherContext,
  entry: BaselineEntry,
  received: unknown,
  options: Record<string, unknown>,
): MatcherResult {
  const p = path()
  updateBaselineFile(baselinePathFor(p), { set: { cal: entry } })
  const context = { ...ctx, testPath: p, snapshotState: { _updateSnapshot: 'none' } } as MatcherContext
  try {
    return toMatchBaseline.call(context, received, 'cal', options) as MatcherResult
  } finally {
    finishBaselineFile(p, {}, undefined, () => {})
  }
}

function count(xs: readonly string[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1)
  return m
}

function binomial(rng: () => number, n: number, p: number): number {
  let k = 0
  for (let i = 0; i < n; i++) if (rng() < p) k++
  return k
}

export const cases: CalibrationCase[] = [
  {
    // Two-sample KS against the stored values: baseline and received N(0, 1) (boundary) or received
    // N(mu, 1) with KS distance 0.1 (the default tolerance). n = m = 2100 (n_eff 1050 > 1008).
    name: 'toMatchBaseline numbers, stored values (n = m = 2100)',
    runs: { quick: 300 },
    run: (ctx, rng, violated, rates) =>
      compare(ctx, numbersEntry(normals(rng, 2100, 0)), normals(rng, 2100, violated ? KS_SHIFT : 0), {
        ...rates,
        allowInconclusive: !violated,
        seed: 1,
      }),
  },
  {
    // The compact form: a baseline of 20,000 values stored as 1001 quantiles (statistic within 1/2000 of
    // the exact one; the test uses D − 1/2000, the power asks tolerance − 1/1000). n = 2000.
    name: 'toMatchBaseline numbers, quantile grid (m = 20000, n = 2000)',
    runs: { quick: 200 },
    run: (ctx, rng, violated, rates) =>
      compare(ctx, numbersEntry(normals(rng, 20_000, 0)), normals(rng, 2000, violated ? KS_SHIFT : 0), {
        ...rates,
        allowInconclusive: !violated,
        seed: 1,
      }),
  },
  {
    // Chi-square homogeneity against stored counts: shares 0.5/0.5 (boundary), received 0.6/0.4 (total
    // variation 0.1, the default tolerance; the least favourable alternative for two categories).
    name: 'toMatchBaseline labels (2 categories, n = m = 1500)',
    runs: { quick: 500 },
    run: (ctx, rng, violated, rates) =>
      compare(ctx, labelsEntry(count(labels(rng, 1500, 0.5))), labels(rng, 1500, violated ? 0.6 : 0.5), {
        ...rates,
        allowInconclusive: !violated,
        seed: 1,
      }),
  },
  {
    // A proportion metric (recall 0.9 of 2000) and its baseline, both binomial: the claim "no drop"
    // (θ = current − baseline ≥ 0) at its boundary θ = 0, and violated by the tolerance 0.05 (0.85).
    name: 'toMatchBaseline metric { value, n } (recall 0.9, n = 2000)',
    runs: { quick: 1000 },
    run: (ctx, rng, violated, rates) => {
      const n = 2000
      const base = metricEntry({ metric: 'recall', value: binomial(rng, n, 0.9) / n, n })
      const current = { metric: 'recall', value: binomial(rng, n, violated ? 0.85 : 0.9) / n, n }
      return compare(ctx, base, current, { ...rates, allowInconclusive: !violated, seed: 1 })
    },
  },
  {
    // A metric with a standard error (an AUC with DeLong se 0.01, normal estimates) and its baseline: the
    // claim "no drop" at θ = 0, violated by the tolerance 0.05.
    name: 'toMatchBaseline metric { value, se } (AUC, se = 0.01)',
    runs: { quick: 1000 },
    run: (ctx, rng, violated, rates) => {
      const se = 0.01
      const base = metricEntry({ metric: 'auc', value: rng.normal(0.9, se), se })
      const current = { metric: 'auc', value: rng.normal(violated ? 0.85 : 0.9, se), se }
      return compare(ctx, base, current, { ...rates, allowInconclusive: !violated, seed: 1 })
    },
  },
]
