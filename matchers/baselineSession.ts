/**
 * What a test run knows about baselines: whether it may write (the runner's snapshot state, CI,
 * PROBABLY_UPDATE), the entry names each test used, what was written and updated, and — at the end of each
 * test file — the obsolete entries (reported; removed on update).
 *
 * Update modes follow the runners' snapshot state (`this.snapshotState`), whose shape differs:
 * `_updateSnapshot` in Jest 29/30 and Vitest 3.2–5, also the getter `snapshotUpdateState` from Vitest 4:
 * - `'new'` (a local run): record missing baselines, compare the others;
 * - `'all'` (`-u`, or `PROBABLY_UPDATE=1`): also re-record baselines that do not pass, remove obsolete ones;
 * - `'none'` (`--ci`, or `CI=true` without a snapshot state): a missing baseline fails; nothing is written.
 */

import {
  baselineFileExists,
  baselinePathFor,
  readBaselineFile,
  updateBaselineFile,
} from '../src/baselineStore'
import { sharedState } from '../src/config'

/** How a run may write baselines. */
export type UpdateMode = 'new' | 'all' | 'none'

/** The environment variable that forces updating (`PROBABLY_UPDATE=1`). */
export const UPDATE_ENV = 'PROBABLY_UPDATE'

function envFlag(name: string): boolean {
  const v = typeof process !== 'undefined' ? process.env[name] : undefined
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false'
}

/** Whether this run is under CI (`CI` set and not false/0). */
export function isCI(): boolean {
  return envFlag('CI')
}

/** The snapshot update state a runner's matcher context (or expect state) holds, if any. */
export function snapshotUpdateState(state: unknown): UpdateMode | undefined {
  const s = (state as { snapshotState?: Record<string, unknown> } | undefined)?.snapshotState
  if (!s || typeof s !== 'object') return undefined
  let mode: unknown
  try {
    mode = s._updateSnapshot ?? s.snapshotUpdateState
  } catch {
    return undefined
  }
  return mode === 'new' || mode === 'all' || mode === 'none' ? mode : undefined
}

/** Whether this run may write: PROBABLY_UPDATE=1 → 'all'; else the runner's; else 'none' under CI, 'new'. */
export function updateMode(state: unknown): UpdateMode {
  if (envFlag(UPDATE_ENV)) return 'all'
  const mode = snapshotUpdateState(state)
  if (mode === 'new' && isCI()) return 'none'
  if (mode) return mode
  return isCI() ? 'none' : 'new'
}

/** What happened to a baseline file in this run. */
export interface FileTally {
  used: Set<string>
  written: string[]
  updated: string[]
  matched: number
  /** The update mode the matcher saw (its context holds the runner's snapshot state). */
  mode?: UpdateMode
}

interface SessionState {
  files: Map<string, FileTally>
  /** Calls per (file, test, base name), for the default names of repeated calls. */
  calls: Map<string, number>
}

function session(): SessionState {
  const s = sharedState()
  let b = s.baselineSession as SessionState | undefined
  if (!b) {
    b = { files: new Map(), calls: new Map() }
    s.baselineSession = b
  }
  return b
}

/** The tally of one baseline file. */
export function tallyOf(file: string): FileTally {
  const files = session().files
  let t = files.get(file)
  if (!t) {
    t = { used: new Set(), written: [], updated: [], matched: 0 }
    files.set(file, t)
  }
  return t
}

/**
 * The entry name of a call: the given name (one baseline of the file, whichever test uses it), else the
 * test's full name, where a second unnamed call in the same test gets " 2", a third " 3" (as snapshots count).
 */
export function entryName(file: string, testName: string, name: string | undefined): string {
  if (name !== undefined) return name
  const base = testName
  const key = `${file}\u0000${testName}\u0000${base}`
  const calls = session().calls
  const k = (calls.get(key) ?? 0) + 1
  calls.set(key, k)
  return k === 1 ? base : `${base} ${k}`
}

/** A test of the file as the runner reports it at the end of the file. */
export interface TestStatus {
  /** The full name: describe blocks and test joined by ' > ' (under both runners). */
  name: string
  /** Whether it ran to a pass (a failed or skipped test's entries are kept). */
  passed: boolean
}

/** The outcome of the end-of-file check. */
export interface FileReport {
  file: string
  written: string[]
  updated: string[]
  obsolete: string[]
  removed: boolean
  /** The line printed, if any. */
  line?: string
}

function relative(path: string): string {
  const cwd = typeof process !== 'undefined' ? process.cwd() : ''
  return (cwd && path.startsWith(cwd) ? path.slice(cwd.length + 1) : path).replace(/\\/g, '/')
}

/**
 * At the end of a test file: the entries of its baseline file that no test used are obsolete, unless the
 * test that recorded them failed or was skipped (or the runner did not say which tests ran: then they are
 * only reported). Obsolete entries are reported and, when the run may update ('all'), removed. Prints one
 * line when anything was written, updated or found obsolete, and returns what it found.
 */
export function finishBaselineFile(
  testPath: string | undefined,
  state: unknown,
  tests: readonly TestStatus[] | undefined,
  print: (line: string) => void = (line) => console.warn(line),
): FileReport | undefined {
  if (!testPath) return undefined
  const file = baselinePathFor(testPath)
  const tally = session().files.get(file)
  session().files.delete(file)
  for (const key of [...session().calls.keys()])
    if (key.startsWith(`${file}\u0000`)) session().calls.delete(key)
  if (!tally && !baselineFileExists(file)) return undefined
  const used = tally?.used ?? new Set<string>()
  let obsolete: string[] = []
  if (baselineFileExists(file)) {
    const content = readBaselineFile(file)
    const kept = new Set(tests ? tests.filter((t) => !t.passed).map((t) => t.name) : [])
    obsolete = Object.keys(content.entries)
      .filter((name) => !used.has(name))
      .filter((name) => {
        const t = content.entries[name].test
        return tests === undefined || t === undefined || !kept.has(t)
      })
      .sort()
  }
  const mode = snapshotUpdateState(state) !== undefined || !tally?.mode ? updateMode(state) : tally.mode
  const removable = tests !== undefined && mode === 'all' && obsolete.length > 0
  if (removable) updateBaselineFile(file, { remove: obsolete })
  const written = tally?.written ?? []
  const updated = tally?.updated ?? []
  const report: FileReport = { file, written, updated, obsolete, removed: removable }
  if (written.length + updated.length + obsolete.length > 0) {
    const parts = [
      `${written.length} written`,
      `${updated.length} updated`,
      `${obsolete.length} obsolete${obsolete.length ? (removable ? ' (removed)' : ' (run with -u to remove)') : ''}`,
    ]
    const names = obsolete.length
      ? `; obsolete: ${obsolete
          .slice(0, 5)
          .map((n) => JSON.stringify(n))
          .join(', ')}${obsolete.length > 5 ? ', …' : ''}`
      : ''
    report.line = `probably baselines ${relative(file)}: ${parts.join(', ')}${names}`
    print(report.line)
  }
  return report
}

/**
 * Whether the end-of-file hook still has to be registered in this realm (true once): probably/jest and
 * probably/jest-globals may both be loaded into one test file, and the hook must run once.
 */
export function claimFileHook(): boolean {
  const s = sharedState()
  if (s.baselineHook) return false
  s.baselineHook = true
  return true
}

// ---------------------------------------------------------------------------------------------
// The runners' views of the tests of a file
// ---------------------------------------------------------------------------------------------

/** Vitest: the file's tasks as the `afterAll` hook receives them (names joined by " > "). */
export function vitestTests(suite: unknown): TestStatus[] | undefined {
  const out: TestStatus[] = []
  const walk = (task: any, path: string[]) => {
    if (!task || typeof task !== 'object') return false
    if (task.type === 'test' || task.type === 'custom') {
      out.push({ name: [...path, task.name].join(' > '), passed: task.result?.state === 'pass' })
      return true
    }
    if (!Array.isArray(task.tasks)) return false
    for (const t of task.tasks) walk(t, [...path, task.name])
    return true
  }
  if (!suite || typeof suite !== 'object' || !Array.isArray((suite as any).tasks)) return undefined
  for (const t of (suite as any).tasks) walk(t, [])
  return out
}

/** Jest (jest-circus): the tests of the file from circus's state (names joined by " > ", as the seeds name them). */
export function jestTests(): TestStatus[] | undefined {
  // circus keeps its state under a (non-registered) Symbol('JEST_STATE_SYMBOL') on the global object.
  const sym = Object.getOwnPropertySymbols(globalThis).find((s) => s.description === 'JEST_STATE_SYMBOL')
  const state = sym ? (globalThis as any)[sym] : undefined
  const root = state?.rootDescribeBlock
  if (!root || !Array.isArray(root.children)) return undefined
  const out: TestStatus[] = []
  const walk = (block: any, path: string[]) => {
    for (const child of block.children ?? []) {
      if (child.type === 'test')
        out.push({
          name: [...path, child.name].join(' > '),
          passed: child.status === 'done' && Array.isArray(child.errors) && child.errors.length === 0,
        })
      else if (child.type === 'describeBlock') walk(child, [...path, child.name])
    }
  }
  walk(root, [])
  return out
}
