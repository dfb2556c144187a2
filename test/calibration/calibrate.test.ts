// The full calibration (`npm run calibrate`): 10,000 simulated runs per matcher, claim and rate, at the
// default rates. Each area (test/calibration/cases/<area>.ts) writes docs/calibration/<area>.json, and
// docs/calibration.md is assembled from every area's JSON, so one area can be rerun on its own:
// `CALIBRATION_AREA=interval npm run calibrate` (a comma-separated list; `CALIBRATION_RUNS` to change the runs;
// `CALIBRATION_AREA=none` only reassembles the Markdown).
// Fails if any observed rate is significantly above nominal.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config'
import { areas } from './cases'
import { type CalibrationRow, calibrate, calibrationTable } from './harness'

const runs = Number(process.env.CALIBRATION_RUNS ?? 10000)
const selected = (process.env.CALIBRATION_AREA ?? Object.keys(areas).join(','))
  .split(',')
  .map((a) => a.trim())
  .filter(Boolean)
const docs = join(__dirname, '../../docs')
const areaDir = join(docs, 'calibration')

interface AreaResult {
  area: string
  runs: number
  falseFailRate: number
  falsePassRate: number
  date: string
  rows: CalibrationRow[]
}

if (selected.length === 1 && selected[0] === 'none')
  it("reassembles docs/calibration.md from the areas' JSON", () => writeMarkdown())

for (const area of selected.filter((a) => a !== 'none')) {
  const cases = areas[area]
  if (!cases) throw new Error(`CALIBRATION_AREA: no area ${area} (known: ${Object.keys(areas).join(', ')})`)
  it(`calibration of ${area}: ${runs} runs per case at the default rates`, async () => {
    const rows: CalibrationRow[] = []
    for (const c of cases)
      rows.push(
        ...(await calibrate(c, {
          runs: Math.min(runs, c.runs?.full ?? runs),
          falseFailRate: DEFAULT_CONFIG.falseFailRate,
          falsePassRate: DEFAULT_CONFIG.falsePassRate,
          seed: 'full',
        })),
      )
    mkdirSync(areaDir, { recursive: true })
    const result: AreaResult = {
      area,
      runs,
      falseFailRate: DEFAULT_CONFIG.falseFailRate,
      falsePassRate: DEFAULT_CONFIG.falsePassRate,
      date: new Date().toISOString().slice(0, 10),
      rows,
    }
    writeFileSync(join(areaDir, `${area}.json`), `${JSON.stringify(result, null, 2)}\n`)
    writeMarkdown()
    console.log(calibrationTable(rows))
    for (const r of rows) expect(r.lower, `${r.name} ${r.kind}`).toBeLessThanOrEqual(r.nominal)
  }, 7_200_000)
}

/** docs/calibration.md from every area's JSON, in the order of `areas`. */
function writeMarkdown(): void {
  const files = new Set(readdirSync(areaDir).filter((f) => f.endsWith('.json')))
  const sections: string[] = []
  for (const area of Object.keys(areas)) {
    if (!files.has(`${area}.json`)) continue
    const r = JSON.parse(readFileSync(join(areaDir, `${area}.json`), 'utf8')) as AreaResult
    if (!r.rows.length) continue
    sections.push(
      `## ${area}\n\n${r.runs} runs per row (fewer where a row says why), falseFailRate ${r.falseFailRate}, falsePassRate ${r.falsePassRate}; measured ${r.date} by \`CALIBRATION_AREA=${area} npm run calibrate\`.\n\n${calibrationTable(r.rows)}\n`,
    )
  }
  writeFileSync(
    join(docs, 'calibration.md'),
    `# Calibration\n\nMeasured by \`npm run calibrate\` (test/calibration/; one area with \`CALIBRATION_AREA=<area>\`): for each statistical matcher, simulated runs with the claim exactly at its boundary (false-fail) and with a violation of exactly the tolerance (false-pass), at the default rates. The interval is a 99% Clopper–Pearson interval for the true rate: a row is calibrated when its lower end is at or below the nominal rate. The last column is the share of the first 200 runs at the violation whose verdict was inconclusive (a failing verdict that is not evidence against the claim). A threshold claim (a distance ≤ tolerance) has no gap between the claim and its violation: both rates are measured at the threshold. Each area's rows are kept in docs/calibration/<area>.json.\n\n${sections.join('\n')}`,
  )
}
