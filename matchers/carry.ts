/**
 * Carrying assertion records from the workers to the reporter (node side of the setup entries).
 *
 * - Vitest: an `afterEach` moves the test's records into `task.meta.probably` (see carry-vitest.ts); meta
 *   reaches reporters and survives `--merge-reports` blobs.
 * - Jest: an `afterEach` appends them, one JSON line each, to a file of the run folder the reporter made
 *   (`PROBABLY_RUN_DIR`), one file per worker process and thread.
 *
 * Both also give the workers the previous run's counts for the suite budget when no reporter did
 * (a shard run with `--reporter=blob` only): read from the report folder's report.json.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { BUDGET_PLAN_ENV } from '../src/budget'
import { sharedState } from '../src/config'
import { type AssertionRecord, takeRecords } from '../src/records'
import { isSuiteReport, missingShards } from '../src/report'

/** The run folder the Jest reporter made for the workers' records. */
export const RUN_DIR_ENV = 'PROBABLY_RUN_DIR'
/** The report folder, as the reporter was told it (default `probably-report` in the working directory). */
export const REPORT_DIR_ENV = 'PROBABLY_REPORT_DIR'
/** The default report folder, relative to the project root. */
export const DEFAULT_REPORT_DIR = 'probably-report'

/** Reads the plan of the previous report in `dir` (undefined when there is none or it is unreadable). */
export function readPlan(dir: string): string | undefined {
  const file = join(dir, 'report.json')
  if (!existsSync(file)) return undefined
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'))
    // A merge that lacks shards counts only part of the suite: it plans nothing.
    if (isSuiteReport(report) && missingShards(report).length && !report.planInherited) return undefined
    const plan = report?.plan
    if (plan && Number.isInteger(plan.assertions) && plan.assertions > 0) return JSON.stringify(plan)
  } catch {
    // An unreadable report plans nothing; the reporter overwrites it at the end of the run.
  }
  return undefined
}

/** Without a plan from a reporter, takes the previous report's from the report folder. */
export function planFromReportFolder(): void {
  if (typeof process === 'undefined' || process.env[BUDGET_PLAN_ENV]) return
  const dir = process.env[REPORT_DIR_ENV] ?? join(process.cwd(), DEFAULT_REPORT_DIR)
  const plan = readPlan(dir)
  if (plan) process.env[BUDGET_PLAN_ENV] = plan
}

/** The number of records dropped in this realm since the last call. */
export function takeDropped(): number {
  const s = sharedState()
  const n = (s.droppedRecords as number | undefined) ?? 0
  s.droppedRecords = 0
  return n
}

/** Records one flush (one test) carries at most; the rest are counted as dropped. */
export const MAX_RECORDS_PER_FLUSH = 1000

/** Appends the records made so far to this worker's file in the Jest run folder (no-op without one). */
export function flushToRunDir(status?: (r: AssertionRecord) => void): void {
  const dir = typeof process !== 'undefined' ? process.env[RUN_DIR_ENV] : undefined
  if (!dir || !existsSync(dir)) return
  const all = takeRecords()
  const records = all.slice(0, MAX_RECORDS_PER_FLUSH)
  const dropped = takeDropped() + all.length - records.length
  if (!records.length && !dropped) return
  const lines = records.map((r) => {
    status?.(r)
    return JSON.stringify(r)
  })
  if (dropped) lines.push(JSON.stringify({ dropped }))
  appendFileSync(join(dir, `records-${process.pid}-${threadId}.jsonl`), `${lines.join('\n')}\n`)
}
