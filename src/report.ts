/**
 * The suite report: every statistical assertion of a run, the false-failure budget spent, the assertions
 * that passed only as inconclusive and those too weak to catch what their tolerance says matters.
 * One documented JSON shape per run ({@link SuiteReport}); shards' reports merge into one
 * ({@link mergeReports}); {@link renderReportTable} prints it, `renderReportHtml` (report-html.ts) draws it.
 *
 * Plain functions, no file system: the reporters (probably/reporter) read and write the files.
 */

import { checkObject, checkString } from './argcheck'
import { type BudgetPlan, type BudgetSpent, budgetSpent, checkRecords, planFromRecords } from './budget'
import { ecdf } from './descriptive'
import { checkCount, checkOpenUnit, checkSample, InvalidInputError, InvalidRangeError } from './errors'
import type { AssertionRecord } from './records'

/** The schema tag of {@link SuiteReport}; a change of shape changes the number. */
export const REPORT_SCHEMA = 'probably-report/1'

/** One assertion as reported: its record, with what the report concluded about it. */
export interface ReportedAssertion extends AssertionRecord {
  /** It passed, but could not detect a violation of its own tolerance (passed as inconclusive). */
  weak: boolean
  /** When weak, in words: "would miss a violation of 0.15 in recall". */
  weakness?: string
}

/** A shard's part of a merged report. */
export interface ReportShard {
  runner: string
  index: number
  count: number
  createdAt: string
  assertions: number
}

/**
 * The report of one run (or of the merged shards of one run). Stable shape, `schema: 'probably-report/1'`:
 * fields are only ever added.
 */
export interface SuiteReport {
  schema: typeof REPORT_SCHEMA
  /** 'vitest', 'jest', or the runner of the shards merged. */
  runner: string
  /** ISO time the report was made. */
  createdAt: string
  /** Set on a shard's own report. */
  shard?: { index: number; count: number }
  /** Set on a merged report: the shards it holds (a missing shard index means an incomplete merge). */
  shards?: ReportShard[]
  /** The false-failure budget, as spent. */
  budget: BudgetSpent
  /** The counts the next run's allocation divides by (see src/budget.ts). */
  plan: Omit<BudgetPlan, 'source'>
  /**
   * Set when this is a merge that lacks shards: its own counts cover part of the suite, so `plan` is
   * carried over from the complete report it replaced.
   */
  planInherited?: boolean
  summary: {
    /** Every assertion recorded (exact checks included). */
    assertions: number
    /** Statistical (not exact) assertions. */
    statistical: number
    exact: number
    passed: number
    failed: number
    /** Verdicts inconclusive (passed or not). */
    inconclusive: number
    /** Passed only because allowInconclusive was set. */
    passedInconclusive: number
    /** Passed, but too weak to detect a violation of their tolerance. */
    weak: number
    /** Records a worker dropped (more than MAX_RECORDS in one worker between two tests). */
    dropped: number
  }
  assertions: ReportedAssertion[]
}

/** Whether an assertion passed without being able to detect a violation of its tolerance, and in words. */
export function weaknessOf(r: AssertionRecord): string | undefined {
  if (!r.passed || r.exact || r.isNot) return undefined
  const tooWeak =
    r.passedInconclusive ||
    (r.detectable !== undefined && r.tolerance !== undefined && r.detectable > r.tolerance * (1 + 1e-9))
  if (!tooWeak) return undefined
  const what =
    r.detectableText ??
    (r.detectable !== undefined && Number.isFinite(r.detectable) ? `${r.detectable}` : undefined)
  return what
    ? `would miss a violation of ${what}${r.tolerance !== undefined ? ` (tolerance ${r.tolerance})` : ''}`
    : 'cannot detect a violation of its tolerance at this n'
}

function checkReport(where: string, report: unknown): asserts report is SuiteReport {
  if (!isSuiteReport(report))
    throw new InvalidInputError(where, 'report', `must be a ${REPORT_SCHEMA} report`)
}

function checkOptionsObject(where: string, options: unknown): void {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options)))
    throw new InvalidInputError(where, 'options', 'must be an object')
}

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  runner?: string
  /** The stated budget, if the records do not carry it (they do when a share of it was used). */
  suiteFalseFailRate?: number
  shard?: { index: number; count: number }
  /** Records dropped by the workers. */
  dropped?: number
  /** The time of the report (default now). */
  createdAt?: string
}

/** Builds the report of a run from its records. */
export function buildReport(
  records: readonly AssertionRecord[],
  options: BuildReportOptions = {},
): SuiteReport {
  const where = 'buildReport'
  checkRecords(where, records)
  checkObject(where, 'options', options, true)
  options = options ?? {}
  if (options.runner !== undefined) checkString(where, 'options.runner', options.runner, true)
  if (options.suiteFalseFailRate !== undefined)
    checkOpenUnit(where, 'options.suiteFalseFailRate', options.suiteFalseFailRate)
  if (options.dropped !== undefined) checkCount(where, 'options.dropped', options.dropped)
  if (options.createdAt !== undefined) checkString(where, 'options.createdAt', options.createdAt)
  if (options.shard !== undefined) {
    const shard = checkObject(where, 'options.shard', options.shard)
    checkCount(where, 'options.shard.count', shard.count, 1)
    checkCount(where, 'options.shard.index', shard.index, 1)
    if ((shard.index as number) > (shard.count as number))
      throw new InvalidRangeError(
        where,
        'options.shard.index',
        `must not exceed options.shard.count = ${shard.count}, got ${shard.index}`,
      )
  }
  const assertions: ReportedAssertion[] = records.map((r) => {
    const weakness = weaknessOf(r)
    return weakness ? { ...r, weak: true, weakness } : { ...r, weak: false }
  })
  const statistical = assertions.filter((a) => !a.exact).length
  const report: SuiteReport = {
    schema: REPORT_SCHEMA,
    runner: options.runner ?? 'unknown',
    createdAt: options.createdAt ?? new Date().toISOString(),
    budget: budgetSpent(records, options.suiteFalseFailRate),
    // Dropped records count as assertions in the next run's plan (the safe side: a smaller share).
    plan: (() => {
      const p = planFromRecords(records)
      return { ...p, assertions: p.assertions + (options.dropped ?? 0) }
    })(),
    summary: {
      assertions: assertions.length,
      statistical,
      exact: assertions.length - statistical,
      passed: assertions.filter((a) => a.passed).length,
      failed: assertions.filter((a) => !a.passed).length,
      inconclusive: assertions.filter((a) => !a.exact && a.outcome === 'inconclusive').length,
      passedInconclusive: assertions.filter((a) => a.passedInconclusive).length,
      weak: assertions.filter((a) => a.weak).length,
      dropped: options.dropped ?? 0,
    },
    assertions,
  }
  if (options.shard) report.shard = { ...options.shard }
  return report
}

function reviveBounds(b: { lower: number | null; upper: number | null } | undefined) {
  if (!b) return b
  return {
    lower: b.lower === null ? Number.NEGATIVE_INFINITY : b.lower,
    upper: b.upper === null ? Number.POSITIVE_INFINITY : b.upper,
  }
}

/**
 * A report read back from JSON, with the infinite ends restored: JSON has no infinity, so an infinite end
 * of `target` or `interval` is written `null` (a `null` lower end is −∞, a `null` upper end +∞).
 */
export function parseReport(text: string): SuiteReport {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new InvalidInputError('parseReport', 'text', 'must be JSON')
  }
  if (!isSuiteReport(value))
    throw new InvalidInputError('parseReport', 'text', `must be a ${REPORT_SCHEMA} report`)
  return reviveReport(value)
}

/** Restores the infinite ends of a report's bounds (see {@link parseReport}); returns a copy. */
export function reviveReport(report: SuiteReport): SuiteReport {
  return {
    ...report,
    assertions: report.assertions.map((a) => {
      const out = { ...a }
      if (a.target) out.target = reviveBounds(a.target)!
      if (a.interval) out.interval = reviveBounds(a.interval)!
      return out
    }),
  }
}

/** Whether a value is a report of this schema (e.g. one read back from disk). */
export function isSuiteReport(value: unknown): value is SuiteReport {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as SuiteReport).schema === REPORT_SCHEMA &&
    Array.isArray((value as SuiteReport).assertions)
  )
}

/**
 * Merges the reports of the shards of one run into one report: every assertion, the budget summed over
 * the suite. A merged report's `shards` lists the parts; reports that are themselves merges contribute
 * their parts.
 */
export function mergeReports(reports: readonly SuiteReport[], options: BuildReportOptions = {}): SuiteReport {
  if (!Array.isArray(reports) || reports.length === 0)
    throw new InvalidInputError('mergeReports', 'reports', 'must be a non-empty array of reports')
  for (const r of reports)
    if (!isSuiteReport(r))
      throw new InvalidInputError('mergeReports', 'reports', `must hold ${REPORT_SCHEMA} reports`)
  const shards: ReportShard[] = []
  for (const r of reports) {
    if (r.shards) shards.push(...r.shards)
    else
      shards.push({
        runner: r.runner,
        index: r.shard?.index ?? 1,
        count: r.shard?.count ?? 1,
        createdAt: r.createdAt,
        assertions: r.assertions.length,
      })
  }
  shards.sort((a, b) => a.index - b.index)
  const records: AssertionRecord[] = reports.flatMap((r) =>
    reviveReport(r).assertions.map((a: ReportedAssertion) => {
      const { weak: _weak, weakness: _weakness, ...rest } = a
      return rest
    }),
  )
  const runners = [...new Set(reports.map((r) => r.runner))]
  const alpha =
    options.suiteFalseFailRate ?? reports.find((r) => r.budget.suiteFalseFailRate)?.budget.suiteFalseFailRate
  const merged = buildReport(records, {
    runner: options.runner ?? runners.join('+'),
    ...(alpha !== undefined ? { suiteFalseFailRate: alpha } : {}),
    dropped: reports.reduce((s, r) => s + (r.summary.dropped ?? 0), 0),
    ...(options.createdAt ? { createdAt: options.createdAt } : {}),
  })
  merged.shards = shards
  return merged
}

/** Which shards of `count` a merged report lacks (empty when complete). */
export function missingShards(report: SuiteReport): number[] {
  checkReport('missingShards', report)
  const parts = report.shards ?? []
  const count = Math.max(0, ...parts.map((s) => s.count))
  const have = new Set(parts.map((s) => s.index))
  const out: number[] = []
  for (let i = 1; i <= count; i++) if (!have.has(i)) out.push(i)
  return out
}

/**
 * A distribution function drawn small, for a record's `extra.ecdfs` (the HTML report draws it): at most
 * `points` pairs [x, F(x)] of the sample's ECDF, at evenly spaced ranks (the first and last included).
 *
 * @example
 * evidence.record = { extra: { ecdfs: { received: ecdfSketch(xs), reference: ecdfSketch(ys) } } }
 */
export function ecdfSketch(xs: ArrayLike<number>, points = 64): Array<[number, number]> {
  if (!(Number.isInteger(points) && points >= 2))
    throw new InvalidRangeError('ecdfSketch', 'points', 'must be a whole number of at least 2')
  checkSample('ecdfSketch', 'xs', xs)
  const e = ecdf(xs)
  const out: Array<[number, number]> = []
  const step = Math.max(1, (e.n - 1) / (points - 1))
  let last = -1
  for (let r = 0; r <= e.n - 1 + 1e-9; r += step) {
    const i = Math.min(e.n - 1, Math.round(r))
    if (i === last) continue
    last = i
    const x = e.sorted[i]!
    out.push([x, e.at(x)])
  }
  if (last !== e.n - 1) out.push([e.sorted[e.n - 1]!, 1])
  return out
}

/** A reference distribution function at the x of a sketch (one-sample checks): pairs [x, cdf(x)]. */
export function cdfSketch(
  cdf: (x: number) => number,
  at: ReadonlyArray<readonly [number, number]>,
): Array<[number, number]> {
  if (typeof cdf !== 'function') throw new InvalidInputError('cdfSketch', 'cdf', 'must be a function')
  if (
    !Array.isArray(at) ||
    !at.every((p) => Array.isArray(p) && typeof p[0] === 'number' && !Number.isNaN(p[0]))
  )
    throw new InvalidInputError('cdfSketch', 'at', 'must be a list of [x, F(x)] pairs (an ecdfSketch)')
  return at.map(([x]) => [x, cdf(x)] as [number, number])
}

/**
 * The `extra` of a distribution check's record: `{ ecdfs: { received, reference } }` for the HTML report,
 * computed only when read (when the record is carried to a reporter), so that assertions in a loop pay
 * nothing for it. The reference is a sample or a distribution function.
 */
export function ecdfExtra(
  received: ArrayLike<number>,
  reference: ArrayLike<number> | ((x: number) => number),
  points = 64,
): { ecdfs: { received: Array<[number, number]>; reference: Array<[number, number]> } } {
  let cached: { received: Array<[number, number]>; reference: Array<[number, number]> } | undefined
  const extra = {} as { ecdfs: { received: Array<[number, number]>; reference: Array<[number, number]> } }
  Object.defineProperty(extra, 'ecdfs', {
    enumerable: true,
    get() {
      if (!cached) {
        const r = ecdfSketch(received, points)
        cached = {
          received: r,
          reference:
            typeof reference === 'function' ? cdfSketch(reference, r) : ecdfSketch(reference, points),
        }
      }
      return cached
    },
  })
  return extra
}

/** A number short: 4 significant digits, exponent form when tiny. */
export function shortNumber(x: number | undefined | null): string {
  if (x === undefined || x === null || Number.isNaN(x)) return ''
  if (x === Number.POSITIVE_INFINITY) return '∞'
  if (x === Number.NEGATIVE_INFINITY) return '−∞'
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(1).replace('e-', 'e−')
  if (Number.isInteger(x)) return String(x)
  return String(Number(x.toPrecision(4)))
}

/** The interval or p-value column of one assertion. */
export function intervalText(a: AssertionRecord): string {
  if (a.interval) return `[${shortNumber(a.interval.lower)}, ${shortNumber(a.interval.upper)}]`
  if (a.pValue !== undefined) return `p = ${shortNumber(a.pValue)}`
  return ''
}

/** The verdict column: outcome, and what the runner did with it. */
export function verdictText(a: AssertionRecord): string {
  if (a.exact) return a.passed ? 'pass (exact)' : 'fail (exact)'
  const not = a.isNot ? '.not ' : ''
  if (a.passedInconclusive) return 'inconclusive, passed (allowInconclusive)'
  return `${not}${a.outcome}${a.isNot ? (a.passed ? ' → passed' : ' → failed') : ''}`
}

/** A test file's path relative to `cwd`, with forward slashes. */
export function fileOf(path: string | undefined, cwd: string | undefined): string {
  if (!path) return ''
  const p = path.replace(/\\/g, '/')
  const c = cwd?.replace(/\\/g, '/')
  return c && p.startsWith(`${c}/`) ? p.slice(c.length + 1) : p
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`
}

/** The columns of the report's table, in order: the terminal's short heading and the HTML's long one. */
export const REPORT_COLUMNS: ReadonlyArray<{ short: string; long: string }> = [
  { short: 'file', long: 'file' },
  { short: 'test', long: 'test' },
  { short: 'matcher', long: 'matcher' },
  { short: 'n', long: 'n' },
  { short: 'estimate', long: 'estimate' },
  { short: 'interval / p', long: 'interval / p' },
  { short: 'verdict', long: 'verdict' },
  { short: 'detects', long: 'smallest violation detected' },
  { short: 'drawn', long: 'drawn' },
  { short: 'ms', long: 'ms' },
]

/** Options of {@link renderReportTable}. */
export interface TableOptions {
  /** Paths are shown relative to it. */
  cwd?: string
  /** Widest a text column may be (default 40). */
  maxColumn?: number
  /** Print the row of every assertion (default true); false prints the summary, budget and lists only. */
  rows?: boolean
}

/** The budget line: "false-failure budget 0.01: spent 0.0098 by 98 assertions (share 1.0e−4 each…)". */
export function budgetText(b: BudgetSpent): string {
  const parts: string[] = []
  if (b.suiteFalseFailRate !== undefined) {
    parts.push(
      `False-failure budget ${shortNumber(b.suiteFalseFailRate)}: spent ${shortNumber(b.spent)} by ${b.assertions} statistical assertion${b.assertions === 1 ? '' : 's'}`,
    )
    const how: string[] = []
    if (b.fromBudget)
      how.push(
        `${b.fromBudget} took ${b.minShare !== undefined ? `shares of ${shortNumber(b.minShare)} to ${shortNumber(b.share)}` : `a share of ${shortNumber(b.share)}`}${b.plannedAssertions !== undefined ? ` (planned for ${b.plannedAssertions} assertions, ${b.planSource === 'previous-report' ? 'the count of the previous report' : b.planSource === 'configured' ? 'from suiteAssertions' : 'the default count'})` : ''}`,
      )
    if (b.ownRate) how.push(`${b.ownRate} set their own rate`)
    const rest = b.assertions - b.fromBudget - b.ownRate
    if (rest > 0) how.push(`${rest} used configure's falseFailRate`)
    if (how.length) parts.push(`; ${how.join(', ')}`)
    parts.push(
      b.exceeded
        ? `. OVER BUDGET: the suite now has more assertions than the allocation assumed; the next run divides by ${b.assertions}.`
        : '.',
    )
  } else {
    parts.push(
      `False-failure rate spent: ${shortNumber(b.spent)} by ${b.assertions} statistical assertion${b.assertions === 1 ? '' : 's'} (no suite budget set: configure({ suiteFalseFailRate }) to cap it)`,
    )
  }
  if (b.notAssertions)
    parts.push(
      ` ${b.notAssertions} .not assertion${b.notAssertions === 1 ? '' : 's'} outside the budget (.not fails for want of evidence).`,
    )
  return parts.join('')
}

/** The terminal table of a report, with the budget and the lists of inconclusive passes and weak assertions. */
export function renderReportTable(report: SuiteReport, options: TableOptions = {}): string {
  checkReport('renderReportTable', report)
  checkOptionsObject('renderReportTable', options)
  const width = options.maxColumn ?? 40
  const head = REPORT_COLUMNS.map((c) => c.short)
  const rows = report.assertions.map((a) => [
    shorten(fileOf(a.testPath, options.cwd), width),
    shorten(a.testName ?? '', width),
    `${a.isNot ? '.not.' : ''}${a.matcher}`,
    a.n !== undefined ? String(a.n) : '',
    shortNumber(a.estimate),
    intervalText(a),
    verdictText(a),
    shorten(
      a.detectableText ??
        (a.detectable !== undefined && Number.isFinite(a.detectable) ? shortNumber(a.detectable) : ''),
      24,
    ),
    a.samplesDrawn !== undefined ? String(a.samplesDrawn) : '',
    a.durationMs !== undefined ? shortNumber(Math.round(a.durationMs * 10) / 10) : '',
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => ([3, 4, 8, 9].includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  const s = report.summary
  const out: string[] = []
  out.push(
    `probably: ${s.assertions} assertion${s.assertions === 1 ? '' : 's'} (${s.statistical} statistical, ${s.exact} exact): ${s.passed} passed, ${s.failed} failed, ${s.inconclusive} inconclusive`,
  )
  if (report.shards) {
    const missing = missingShards(report)
    out.push(
      `Merged from ${report.shards.length} shard${report.shards.length === 1 ? '' : 's'}${missing.length ? `; MISSING shard ${missing.join(', ')}` : ''}.`,
    )
  } else if (report.shard) out.push(`Shard ${report.shard.index} of ${report.shard.count}.`)
  out.push('')
  if (rows.length && options.rows !== false) {
    out.push(line(head))
    out.push(widths.map((w) => '─'.repeat(w)).join('  '))
    for (const r of rows) out.push(line(r))
    out.push('')
  }
  out.push(budgetText(report.budget))
  const inconclusive = report.assertions.filter((a) => a.passedInconclusive)
  if (inconclusive.length) {
    out.push('', `Passed as inconclusive (allowInconclusive), ${inconclusive.length}:`)
    for (const a of inconclusive)
      out.push(
        `  ${fileOf(a.testPath, options.cwd)} › ${a.testName ?? ''} › ${a.matcher}: ${[a.weakness, a.samplesNeeded ? `about ${a.samplesNeeded} samples would decide` : ''].filter(Boolean).join('; ')}`,
      )
  }
  const weak = report.assertions.filter((a) => a.weak && !a.passedInconclusive)
  if (weak.length) {
    out.push('', `Too weak to catch what their tolerance says matters, ${weak.length}:`)
    for (const a of weak)
      out.push(`  ${fileOf(a.testPath, options.cwd)} › ${a.testName ?? ''} › ${a.matcher}: ${a.weakness}`)
  }
  if (s.dropped)
    out.push('', `${s.dropped} records were dropped (a worker kept more than its limit between tests).`)
  return out.join('\n')
}
