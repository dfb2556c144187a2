// The quick calibration: every statistical matcher's false-failure and false-pass rates, measured by
// simulation at relaxed rates (so that a few hundred runs suffice), must not exceed nominal.
// The full run at the default rates is `npm run calibrate` (writes docs/calibration.md).
// Runs per case: 1000 unless the case says fewer (`runs.quick`), to keep the whole file near 40 s of CPU.
import { afterAll, describe, expect, it } from 'vitest'
import { cases } from '../calibration/cases'
import { calibrate } from '../calibration/harness'

const QUICK_RUNS = Number(process.env.CALIBRATION_QUICK_RUNS ?? 1000)
const start = process.cpuUsage()

describe('calibration (quick)', () => {
  for (const c of cases) {
    it(c.name, { timeout: 120_000 }, async () => {
      const rows = await calibrate(c, {
        runs: Math.min(QUICK_RUNS, c.runs?.quick ?? QUICK_RUNS),
        falseFailRate: 0.05,
        falsePassRate: 0.05,
        seed: 'quick',
        // The quick run is a regression guard over many small rows at fixed seeds: 99% here, so that it
        // does not trip on the expected few percent of exactly-nominal rows; the done-criterion (95%) is
        // the full run's (`npm run calibrate`).
        confidence: 0.99,
      })
      for (const row of rows) {
        // No evidence (99% Clopper–Pearson) that the observed rate exceeds the nominal rate.
        expect(row.lower, `${row.kind}: ${row.failures}/${row.runs}`).toBeLessThanOrEqual(row.nominal)
      }
    })
  }
  afterAll(() => {
    if (process.env.CALIBRATION_CPU) {
      const used = process.cpuUsage(start)
      console.log(`quick calibration CPU: ${((used.user + used.system) / 1e6).toFixed(1)} s`)
    }
  })
})
