// The quick calibration: every statistical matcher's false-failure and false-pass rates, measured by
// simulation at relaxed rates (so that a few thousand runs suffice), must not exceed nominal.
// The full run at the default rates is `npm run calibrate` (writes docs/calibration.md).
import { describe, expect, it } from 'vitest'
import { cases } from '../calibration/cases'
import { calibrate } from '../calibration/harness'

describe('calibration (quick)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const rows = await calibrate(c, { runs: 1000, falseFailRate: 0.05, falsePassRate: 0.05, seed: 'quick' })
      for (const row of rows) {
        // No evidence (99% Clopper–Pearson) that the observed rate exceeds the nominal rate.
        expect(row.lower, `${row.kind}: ${row.failures}/${row.runs}`).toBeLessThanOrEqual(row.nominal)
      }
    })
  }
})
