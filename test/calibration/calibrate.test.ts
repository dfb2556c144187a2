// The full calibration (`npm run calibrate`): 10,000 simulated runs per matcher, claim and rate, at the
// default rates. Each area (test/calibration/cases/<area>.ts) writes docs/calibration/<area>.json, and
// docs/calibration.md is assembled from every area's JSON, so one area can be rerun on its own:
// `CALIBRATION_AREA=interval npm run calibrate` (a comma-separated list; `CALIBRATION_RUNS` to change the runs;
// `CALIBRATION_AREA=none` only reassembles the Markdown).
// Slow areas can be split across processes: `CALIBRATION_CASE='<substring>[|<substring>…]'` runs only the
// cases whose name contains one of the substrings, and `CALIBRATION_KIND=false-fail` (or `false-pass`) only
// that side; each side of each case has its own seeded stream, so a split run gives the same rows as a
// whole one. Rows are merged into the area's JSON (replacing rows of the same case and side; under a lock,
// so split processes of one area can run at once) after every case, so an interrupted run keeps what it
// measured.
// Every row's interval is a 95% Clopper–Pearson interval; fails if any row's lower end is above nominal.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config'
import { areas } from './cases'
import { CALIBRATION_CONFIDENCE, type CalibrationRow, calibrate, calibrationTable, rescored } from './harness'

const runs = Number(process.env.CALIBRATION_RUNS ?? 10000)
const list = (v: string | undefined, separator = ',') =>
  (v ?? '')
    .split(separator)
    .map((a) => a.trim())
    .filter(Boolean)
const selected = list(process.env.CALIBRATION_AREA ?? Object.keys(areas).join(','))
const caseFilter = list(process.env.CALIBRATION_CASE, '|')
const kinds = list(process.env.CALIBRATION_KIND) as CalibrationRow['kind'][]
for (const k of kinds)
  if (k !== 'false-fail' && k !== 'false-pass')
    throw new Error(`CALIBRATION_KIND: ${k} (false-fail or false-pass)`)
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
  it("reassembles docs/calibration.md from the areas' JSON", () => {
    // Every row's interval recomputed from its failures and runs at CALIBRATION_CONFIDENCE.
    for (const area of Object.keys(areas)) if (existsSync(join(areaDir, `${area}.json`))) mergeRows(area, [])
    writeMarkdown()
  })

for (const area of selected.filter((a) => a !== 'none')) {
  const all = areas[area]
  if (!all) throw new Error(`CALIBRATION_AREA: no area ${area} (known: ${Object.keys(areas).join(', ')})`)
  const cases = caseFilter.length ? all.filter((c) => caseFilter.some((s) => c.name.includes(s))) : all
  it(`calibration of ${area}: ${runs} runs per case at the default rates`, async () => {
    const rows: CalibrationRow[] = []
    for (const c of cases) {
      const measured = await calibrate(c, {
        runs: Math.min(runs, c.runs?.full ?? runs),
        falseFailRate: DEFAULT_CONFIG.falseFailRate,
        falsePassRate: DEFAULT_CONFIG.falsePassRate,
        seed: 'full',
        ...(kinds.length ? { kinds } : {}),
      })
      rows.push(...measured)
      mergeRows(area, measured)
      try {
        writeMarkdown()
      } catch (e) {
        // Another area's JSON being written by an older run: the Markdown is reassembled at the end.
        console.warn(`docs/calibration.md not written: ${(e as Error).message}`)
      }
      console.log(calibrationTable(measured))
    }
    for (const r of rows) expect(r.lower, `${r.name} ${r.kind}`).toBeLessThanOrEqual(r.nominal)
  }, 36_000_000)
}

/** Merges `rows` into docs/calibration/<area>.json (same case and side replaced), in the order of the area's cases. */
function mergeRows(area: string, rows: CalibrationRow[]): void {
  mkdirSync(areaDir, { recursive: true })
  // A lock directory, so that split runs of one area can write its JSON at the same time.
  const lock = join(areaDir, `.${area}.lock`)
  for (let tries = 0; ; tries++) {
    try {
      mkdirSync(lock)
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 600) throw e
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100)
    }
  }
  try {
    writeArea(area, rows)
  } finally {
    rmdirSync(lock)
  }
}

function writeArea(area: string, rows: CalibrationRow[]): void {
  const file = join(areaDir, `${area}.json`)
  const previous: Partial<AreaResult> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
  const key = (r: CalibrationRow) => `${r.name}\u0000${r.kind}`
  const byKey = new Map((previous.rows ?? []).map((r) => [key(r), r]))
  for (const r of rows) byKey.set(key(r), r)
  const order = new Map((areas[area] ?? []).map((c, i) => [c.name, i]))
  const merged = [...byKey.values()]
    .filter((r) => order.has(r.name))
    .sort(
      (a, b) =>
        (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0) ||
        (a.kind === b.kind ? 0 : a.kind === 'false-fail' ? -1 : 1),
    )
    .map((r) => rescored(r))
  const today = new Date().toISOString().slice(0, 10)
  const result: AreaResult = {
    area,
    runs,
    falseFailRate: DEFAULT_CONFIG.falseFailRate,
    falsePassRate: DEFAULT_CONFIG.falsePassRate,
    date: rows.length ? today : (previous.date ?? today),
    rows: merged,
  }
  // Written whole, then renamed: a reader never sees half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`)
  renameSync(`${file}.tmp`, file)
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
  const pct = `${Math.round(CALIBRATION_CONFIDENCE * 100)}%`
  writeFileSync(
    join(docs, 'calibration.md'),
    `# Calibration\n\nMeasured by \`npm run calibrate\` (test/calibration/; one area with \`CALIBRATION_AREA=<area>\`): for each statistical matcher, simulated runs with the claim exactly at its boundary (false-fail) and with a violation of exactly the tolerance (false-pass), at the default rates. The interval is a ${pct} Clopper–Pearson interval for the true rate: a row is calibrated when its lower end is at or below the nominal rate. The last column is the share of the first 200 runs at the violation whose verdict was inconclusive (a failing verdict that is not evidence against the claim). A threshold claim (a distance ≤ tolerance) has no gap between the claim and its violation: both rates are measured at the threshold. Each area's rows are kept in docs/calibration/<area>.json.\n\n${sections.join('\n')}`,
  )
}
