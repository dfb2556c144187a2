/**
 * `probably/reporter`: the suite report for Vitest and Jest, used beside the default reporter.
 *
 * ```ts
 * // vitest.config.ts
 * test: { setupFiles: ['probably/vitest'], reporters: ['default', 'probably/reporter'] }
 * // jest.config.js
 * { setupFilesAfterEnv: ['probably/jest'], reporters: ['default', 'probably/reporter'] }
 * ```
 *
 * At the end of a run it prints a table of every statistical assertion, the false-failure budget spent,
 * the assertions that passed as inconclusive and those too weak for their tolerance, and writes
 * `report.json` ({@link SuiteReport}) and `report.html` into its folder (option `outputDir`, default
 * `probably-report` in the project root). A shard's report also goes to `shards/<runner>-<i>-of-<n>.json`,
 * and report.json then holds the merge of the shards in the folder. The one class serves both runners
 * (it tells them apart by its constructor's arguments); `probably/reporter/vitest` and
 * `probably/reporter/jest` name one explicitly.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { BUDGET_PLAN_ENV } from '../src/budget'
import type { AssertionRecord } from '../src/records'
import {
  buildReport,
  mergeReports,
  missingShards,
  parseReport,
  renderReportTable,
  type SuiteReport,
} from '../src/report'
import { renderReportHtml } from '../src/report-html'
import { DEFAULT_REPORT_DIR, REPORT_DIR_ENV, RUN_DIR_ENV, readPlan } from './carry'

/** Options of the reporter (`['probably/reporter', { outputDir: 'reports/probably' }]`). */
export interface ProbablyReporterOptions {
  /** The folder for report.json, report.html and shards/ (relative to the project root). Default 'probably-report'. */
  outputDir?: string
  /** Print the table of every assertion ('all', default), only the summary and lists ('summary'), or nothing (false). */
  table?: 'all' | 'summary' | false
  /** Write report.json (default true). */
  json?: boolean
  /** Write report.html (default true). */
  html?: boolean
  /** The suite budget to show when no assertion took a share of it (default: what the records carry). */
  suiteFalseFailRate?: number
}

/** The files a reporter wrote. */
export interface WrittenReport {
  report: SuiteReport
  json?: string
  html?: string
  shardFile?: string
}

function checkOptions(options: unknown): ProbablyReporterOptions {
  if (options === undefined || options === null) return {}
  if (typeof options !== 'object' || Array.isArray(options))
    throw new TypeError('probably/reporter: options must be an object ({ outputDir, table, json, html })')
  const o = options as ProbablyReporterOptions
  if (o.outputDir !== undefined && (typeof o.outputDir !== 'string' || o.outputDir === ''))
    throw new TypeError('probably/reporter: options.outputDir must be a non-empty path')
  if (o.table !== undefined && o.table !== 'all' && o.table !== 'summary' && o.table !== false)
    throw new TypeError("probably/reporter: options.table must be 'all', 'summary' or false")
  return o
}

/** Reads a report file, or undefined when it is missing or not a report. */
export function readReportFile(file: string): SuiteReport | undefined {
  if (!existsSync(file)) return undefined
  try {
    return parseReport(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

/** Reads every report under `shards/` of a folder (ignoring files that are not reports). */
export function readShardReports(dir: string): SuiteReport[] {
  const shardDir = join(dir, 'shards')
  if (!existsSync(shardDir)) return []
  const out: SuiteReport[] = []
  for (const f of readdirSync(shardDir).sort())
    if (f.endsWith('.json'))
      try {
        out.push(parseReport(readFileSync(join(shardDir, f), 'utf8')))
      } catch {
        // not a report
      }
  return out
}

/**
 * Writes a run's report into `dir`: report.json and report.html; for a shard, its own file under shards/
 * and, as report.json, the merge of the shards there of the same count.
 */
export function writeReport(
  dir: string,
  report: SuiteReport,
  options: { json?: boolean; html?: boolean; cwd?: string } = {},
): WrittenReport {
  mkdirSync(dir, { recursive: true })
  let final = report
  const out: Partial<WrittenReport> = {}
  if (report.shard) {
    mkdirSync(join(dir, 'shards'), { recursive: true })
    const file = join(dir, 'shards', `${report.runner}-${report.shard.index}-of-${report.shard.count}.json`)
    writeFileSync(file, JSON.stringify(report, null, 1))
    out.shardFile = file
    const shards = readShardReports(dir).filter((r) => r.shard?.count === report.shard!.count)
    final = mergeReports(shards, { runner: report.runner })
    // A merge that lacks shards counts part of the suite: keep the plan of the report it replaces.
    if (missingShards(final).length) {
      const previous = readReportFile(join(dir, 'report.json'))
      if (previous && (previous.planInherited || !missingShards(previous).length)) {
        final.plan = previous.plan
        final.planInherited = true
      }
    }
  }
  if (options.json !== false) {
    out.json = join(dir, 'report.json')
    writeFileSync(out.json, JSON.stringify(final, null, 1))
  }
  if (options.html !== false) {
    out.html = join(dir, 'report.html')
    writeFileSync(out.html, renderReportHtml(final, { cwd: options.cwd }))
  }
  return { ...out, report: final }
}

/** Merges the reports in several folders (e.g. CI artifacts of Jest shards) into `outputDir`. */
export function mergeReportFolders(dirs: readonly string[], outputDir: string, cwd?: string): WrittenReport {
  const reports: SuiteReport[] = []
  for (const d of dirs) {
    const shards = readShardReports(d)
    if (shards.length) reports.push(...shards)
    else if (existsSync(join(d, 'report.json'))) {
      reports.push(parseReport(readFileSync(join(d, 'report.json'), 'utf8')))
    }
  }
  if (!reports.length) throw new Error(`probably: no reports found in ${dirs.join(', ')}`)
  // The same shard may be in several folders: keep one of each (runner, index, count).
  const seen = new Set<string>()
  const unique = reports.filter((r) => {
    const key = r.shard ? `${r.runner}-${r.shard.index}-${r.shard.count}` : `${r.runner}-${r.createdAt}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  const merged = mergeReports(unique)
  return writeReport(outputDir, merged, { cwd })
}

/** The shared part of the Vitest and Jest reporters. */
class ReportCore {
  readonly options: ProbablyReporterOptions
  root: string
  dir: string
  /** The last report written (for tests and programmatic use). */
  last?: WrittenReport

  constructor(options: unknown, root = process.cwd()) {
    this.options = checkOptions(options)
    this.root = root
    this.dir = this.resolveDir()
    this.handToWorkers()
  }

  resolveDir(): string {
    const d = this.options.outputDir ?? DEFAULT_REPORT_DIR
    return isAbsolute(d) ? d : resolve(this.root, d)
  }

  /** Tells the workers (started after the reporter) where the report goes and the previous run's counts. */
  handToWorkers(): void {
    process.env[REPORT_DIR_ENV] = this.dir
    const plan = readPlan(this.dir)
    if (plan) process.env[BUDGET_PLAN_ENV] = plan
  }

  finish(
    records: AssertionRecord[],
    runner: string,
    shard: { index: number; count: number } | undefined,
    dropped: number,
    log: (text: string) => void,
  ): WrittenReport {
    const report = buildReport(records, {
      runner,
      ...(shard ? { shard } : {}),
      dropped,
      ...(this.options.suiteFalseFailRate !== undefined
        ? { suiteFalseFailRate: this.options.suiteFalseFailRate }
        : {}),
    })
    const written = writeReport(this.dir, report, {
      json: this.options.json,
      html: this.options.html,
      cwd: this.root,
    })
    this.last = written
    const table = this.options.table ?? 'all'
    if (table !== false) {
      let text = renderReportTable(written.report, { cwd: this.root, rows: table === 'all' })
      const files = [written.json, written.html].filter(Boolean).map((f) => f!.replace(`${this.root}/`, ''))
      if (files.length) text += `\n\nReport: ${files.join(', ')}`
      log(`\n${text}\n`)
    }
    return written
  }
}

interface VitestTestCase {
  fullName?: string
  name: string
  meta(): Record<string, unknown>
  result(): { state: string }
}
interface VitestModule {
  moduleId: string
  children: { allTests(): Iterable<VitestTestCase> }
}
interface VitestLike {
  config: { root: string; shard?: { index: number; count: number } }
  logger?: { log(text: string): void }
}

/** The Vitest reporter (also what `probably/reporter` is under Vitest). */
export class ProbablyVitestReporter {
  core: ReportCore
  private vitest?: VitestLike

  constructor(options?: ProbablyReporterOptions) {
    this.core = new ReportCore(options)
  }

  onInit(vitest: VitestLike): void {
    this.vitest = vitest
    if (vitest.config.root && vitest.config.root !== this.core.root) {
      this.core.root = vitest.config.root
      this.core.dir = this.core.resolveDir()
      this.core.handToWorkers()
    }
  }

  onTestRunEnd(testModules: readonly VitestModule[]): void {
    const records: AssertionRecord[] = []
    let dropped = 0
    for (const m of testModules)
      for (const t of m.children.allTests()) {
        const meta = t.meta() as { probably?: AssertionRecord[]; probablyDropped?: number }
        dropped += meta.probablyDropped ?? 0
        for (const r of meta.probably ?? []) records.push({ ...r, testStatus: t.result().state })
      }
    const shard = this.vitest?.config.shard
    const logger = this.vitest?.logger
    this.core.finish(
      records,
      'vitest',
      shard ? { index: shard.index, count: shard.count } : undefined,
      dropped,
      (text) => (logger ? logger.log(text) : console.log(text)),
    )
  }
}

interface JestGlobalConfig {
  rootDir: string
  shard?: { shardIndex: number; shardCount: number } | null
}
interface JestTestResult {
  testFilePath: string
  testResults: Array<{ fullName: string; title?: string; ancestorTitles?: string[]; status: string }>
}

/** The Jest reporter (also what `probably/reporter` is under Jest). */
export class ProbablyJestReporter {
  core: ReportCore
  private runDir: string
  private shard?: { index: number; count: number }
  private statuses = new Map<string, string>()

  constructor(globalConfig: JestGlobalConfig, options?: ProbablyReporterOptions) {
    this.core = new ReportCore(options, globalConfig?.rootDir ?? process.cwd())
    const s = globalConfig?.shard
    if (s && s.shardCount > 1) this.shard = { index: s.shardIndex, count: s.shardCount }
    this.runDir = join(this.core.dir, `.run-${process.pid}-${Date.now()}`)
    rmSync(this.runDir, { recursive: true, force: true })
    mkdirSync(this.runDir, { recursive: true })
    process.env[RUN_DIR_ENV] = this.runDir
  }

  /** A new run (watch mode): the run folder again, the statuses afresh. */
  onRunStart(): void {
    mkdirSync(this.runDir, { recursive: true })
    process.env[RUN_DIR_ENV] = this.runDir
    this.statuses.clear()
  }

  onTestResult(_test: unknown, result: JestTestResult): void {
    for (const a of result.testResults) {
      this.statuses.set(`${result.testFilePath}\u0000${a.fullName}`, a.status)
      // Records name a test by its describe blocks and title joined with ' > ' (as under Vitest).
      if (a.title !== undefined)
        this.statuses.set(
          `${result.testFilePath}\u0000${[...(a.ancestorTitles ?? []), a.title].join(' > ')}`,
          a.status,
        )
    }
  }

  onRunComplete(): void {
    const records: AssertionRecord[] = []
    let dropped = 0
    if (existsSync(this.runDir)) {
      for (const f of readdirSync(this.runDir).sort()) {
        if (!f.endsWith('.jsonl')) continue
        for (const line of readFileSync(join(this.runDir, f), 'utf8').split('\n')) {
          if (!line) continue
          const r = JSON.parse(line) as AssertionRecord & { dropped?: number }
          if (r.dropped !== undefined && r.matcher === undefined) {
            dropped += r.dropped
            continue
          }
          const status = this.statuses.get(`${r.testPath}\u0000${r.testName}`)
          records.push(status ? { ...r, testStatus: status } : r)
        }
      }
      rmSync(this.runDir, { recursive: true, force: true })
    }
    records.sort((a, b) => (a.testPath ?? '').localeCompare(b.testPath ?? '') || a.time - b.time)
    this.core.finish(records, 'jest', this.shard, dropped, (text) => process.stdout.write(`${text}\n`))
  }

  getLastError(): Error | undefined {
    return undefined
  }
}

function isJestGlobalConfig(value: unknown): value is JestGlobalConfig {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as JestGlobalConfig).rootDir === 'string' &&
    'maxWorkers' in (value as object)
  )
}

/**
 * The reporter for either runner: Vitest constructs it with its options, Jest with its global
 * configuration and the options.
 */
export class ProbablyReporter {
  private impl: ProbablyVitestReporter | ProbablyJestReporter

  constructor(first?: unknown, second?: unknown) {
    this.impl = isJestGlobalConfig(first)
      ? new ProbablyJestReporter(first, second as ProbablyReporterOptions)
      : new ProbablyVitestReporter(first as ProbablyReporterOptions)
  }

  /** The folder the report goes to. */
  get outputDir(): string {
    return this.impl.core.dir
  }

  // Vitest's hooks.
  onInit(vitest: VitestLike): void {
    if (this.impl instanceof ProbablyVitestReporter) this.impl.onInit(vitest)
  }
  onTestRunEnd(testModules: readonly VitestModule[]): void {
    if (this.impl instanceof ProbablyVitestReporter) this.impl.onTestRunEnd(testModules)
  }
  // Jest's hooks.
  onRunStart(): void {
    if (this.impl instanceof ProbablyJestReporter) this.impl.onRunStart()
  }
  onTestResult(test: unknown, result: JestTestResult): void {
    if (this.impl instanceof ProbablyJestReporter) this.impl.onTestResult(test, result)
  }
  onRunComplete(): void {
    if (this.impl instanceof ProbablyJestReporter) this.impl.onRunComplete()
  }
  getLastError(): Error | undefined {
    return undefined
  }
}

export type { SuiteReport }
export default ProbablyReporter
