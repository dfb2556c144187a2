/**
 * Calibration harness: measures a matcher's false-failure rate (claim exactly at its boundary) and
 * false-pass rate (claim violated by exactly the tolerance) by simulation, calling the matcher function
 * directly as a runner would, with a fixed seed per run.
 */

import type { MatcherContext, MatcherResult } from '../../matchers/context'
import { proportionInterval } from '../../src/intervals'
import { createRng, type Rng } from '../../src/random'

export interface CalibrationCase {
  /** Matcher and claim, as shown in the table. */
  name: string
  /** Runs the matcher once on data drawn with `rng`; `violated` selects data that violate the claim by the tolerance. */
  run(
    context: MatcherContext,
    rng: Rng,
    violated: boolean,
    rates: { falseFailRate: number; falsePassRate: number },
  ): MatcherResult | Promise<MatcherResult>
  /**
   * Runs of this case when fewer than the default must do (slow cases, e.g. a bootstrap in every run):
   * `full` for `npm run calibrate`, `quick` for the quick version in `npm test`, and why.
   */
  runs?: { full?: number; quick?: number; why?: string }
}

export interface CalibrationRow {
  name: string
  kind: 'false-fail' | 'false-pass'
  nominal: number
  failures: number
  runs: number
  observed: number
  lower: number
  upper: number
  /** At the violation: share of the first {@link PROBE_RUNS} runs whose verdict was inconclusive (not a pass, not a fail). */
  inconclusive?: number
  /** Why fewer runs than the default were made. */
  why?: string
}

/** Confidence of the Clopper–Pearson interval of each row: a row is calibrated when its lower end is ≤ nominal. */
export const CALIBRATION_CONFIDENCE = 0.95

/** Runs at the violation whose message is read to count inconclusive verdicts. */
export const PROBE_RUNS = 200

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g')

const context: MatcherContext = { isNot: false, currentTestName: 'calibration', testPath: 'calibration' }

/**
 * Runs a case `runs` times at the boundary and `runs` times at a violation of the tolerance. At the
 * boundary, a run counts when it fails (allowInconclusive is set, so only a 'fail' verdict fails); at the
 * violation, a run counts when it passes (allowInconclusive unset, so only a 'pass' verdict passes).
 * The interval is Clopper–Pearson at `confidence` (95% by default, as the done-criterion of issue #10 says).
 */
export async function calibrate(
  c: CalibrationCase,
  options: {
    runs: number
    falseFailRate: number
    falsePassRate: number
    seed: string
    confidence?: number
    /** Only these sides (both by default); each side has its own seeded stream, so a side run alone gives the same row. */
    kinds?: readonly CalibrationRow['kind'][]
  },
): Promise<CalibrationRow[]> {
  const rates = { falseFailRate: options.falseFailRate, falsePassRate: options.falsePassRate }
  const rows: CalibrationRow[] = []
  for (const kind of ['false-fail', 'false-pass'] as const) {
    if (options.kinds && !options.kinds.includes(kind)) continue
    const violated = kind === 'false-pass'
    const rng = createRng(`${options.seed}/${c.name}/${kind}`)
    let count = 0
    let inconclusive = 0
    let probed = 0
    for (let i = 0; i < options.runs; i++) {
      const r = await c.run(context, rng, violated, rates)
      if (violated ? r.pass : !r.pass) count++
      if (violated && i < PROBE_RUNS) {
        probed++
        if (!r.pass && /Verdict:\s+inconclusive/.test(r.message().replace(ANSI, ''))) inconclusive++
      }
    }
    const ci = proportionInterval(count, options.runs, {
      method: 'clopper-pearson',
      confidence: options.confidence ?? CALIBRATION_CONFIDENCE,
    })
    rows.push({
      name: c.name,
      kind,
      nominal: violated ? options.falsePassRate : options.falseFailRate,
      failures: count,
      runs: options.runs,
      observed: count / options.runs,
      lower: ci.lower,
      upper: ci.upper,
      ...(violated ? { inconclusive: inconclusive / probed } : {}),
      ...(c.runs?.why ? { why: c.runs.why } : {}),
    })
  }
  return rows
}

/** `row` with its interval recomputed from its failures and runs (Clopper–Pearson at `confidence`). */
export function rescored(row: CalibrationRow, confidence = CALIBRATION_CONFIDENCE): CalibrationRow {
  const ci = proportionInterval(row.failures, row.runs, { method: 'clopper-pearson', confidence })
  return { ...row, lower: ci.lower, upper: ci.upper }
}

/** A Markdown table of calibration rows. */
export function calibrationTable(rows: CalibrationRow[]): string {
  const f = (x: number) => (x === 0 ? '0' : x.toPrecision(2))
  const lines = [
    '| matcher and claim | rate | nominal | observed | 95% interval | runs | inconclusive at violation |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ]
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${r.kind} | ${f(r.nominal)} | ${f(r.observed)} | [${f(r.lower)}, ${f(r.upper)}] | ${r.runs}${r.why ? ` (${r.why})` : ''} | ${r.inconclusive === undefined ? '' : f(r.inconclusive)} |`,
    )
  return lines.join('\n')
}
