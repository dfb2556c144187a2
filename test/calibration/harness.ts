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
}

const context: MatcherContext = { isNot: false, currentTestName: 'calibration', testPath: 'calibration' }

/**
 * Runs a case `runs` times at the boundary and `runs` times at a violation of the tolerance. At the
 * boundary, a run counts when it fails (allowInconclusive is set, so only a 'fail' verdict fails); at the
 * violation, a run counts when it passes (allowInconclusive unset, so only a 'pass' verdict passes).
 * The interval is Clopper–Pearson at `confidence`.
 */
export async function calibrate(
  c: CalibrationCase,
  options: { runs: number; falseFailRate: number; falsePassRate: number; seed: string; confidence?: number },
): Promise<CalibrationRow[]> {
  const rates = { falseFailRate: options.falseFailRate, falsePassRate: options.falsePassRate }
  const rows: CalibrationRow[] = []
  for (const kind of ['false-fail', 'false-pass'] as const) {
    const violated = kind === 'false-pass'
    const rng = createRng(`${options.seed}/${c.name}/${kind}`)
    let count = 0
    for (let i = 0; i < options.runs; i++) {
      const r = await c.run(context, rng, violated, rates)
      if (violated ? r.pass : !r.pass) count++
    }
    const ci = proportionInterval(count, options.runs, {
      method: 'clopper-pearson',
      confidence: options.confidence ?? 0.99,
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
    })
  }
  return rows
}

/** A Markdown table of calibration rows. */
export function calibrationTable(rows: CalibrationRow[]): string {
  const f = (x: number) => (x === 0 ? '0' : x.toPrecision(2))
  const lines = [
    '| matcher and claim | rate | nominal | observed | 99% interval | runs |',
    '| --- | --- | --- | --- | --- | --- |',
  ]
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${r.kind} | ${f(r.nominal)} | ${f(r.observed)} | [${f(r.lower)}, ${f(r.upper)}] | ${r.runs} |`,
    )
  return lines.join('\n')
}
