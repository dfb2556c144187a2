// The full calibration (`npm run calibrate`): 10,000 simulated runs per matcher, claim and rate, at the
// default rates; writes the table to docs/calibration.md and fails if any observed rate is significantly
// above nominal.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config'
import { cases } from './cases'
import { type CalibrationRow, calibrate, calibrationTable } from './harness'

const runs = Number(process.env.CALIBRATION_RUNS ?? 10000)

it(`calibration: ${runs} runs per matcher at the default rates`, async () => {
  const rows: CalibrationRow[] = []
  for (const c of cases) {
    rows.push(
      ...(await calibrate(c, {
        runs: Math.min(runs, c.runs?.full ?? runs),
        falseFailRate: DEFAULT_CONFIG.falseFailRate,
        falsePassRate: DEFAULT_CONFIG.falsePassRate,
        seed: 'full',
      })),
    )
  }
  const table = calibrationTable(rows)
  const docs = join(__dirname, '../../docs')
  mkdirSync(docs, { recursive: true })
  writeFileSync(
    join(docs, 'calibration.md'),
    `# Calibration\n\nMeasured by \`npm run calibrate\` (test/calibration/): for each statistical matcher, ${runs} simulated runs with the claim exactly at its boundary (false-fail) and ${runs} with a violation of exactly the tolerance (false-pass), at the default rates (falseFailRate ${DEFAULT_CONFIG.falseFailRate}, falsePassRate ${DEFAULT_CONFIG.falsePassRate}). The interval is a 99% Clopper–Pearson interval for the true rate. The last column is the share of the first 200 runs at the violation whose verdict was inconclusive (a failing verdict that is not evidence against the claim). A threshold claim (Wasserstein ≤ tolerance) has no gap between the claim and its violation: both rates are measured at the threshold, where the false-pass rate is the limit of the rate at violations just above it. A case with fewer runs says why.\n\n${table}\n`,
  )
  console.log(table)
  for (const r of rows) expect(r.lower, `${r.name} ${r.kind}`).toBeLessThanOrEqual(r.nominal)
}, 3_600_000)
