/**
 * The baseline files: `__baselines__/<test file name>.json` beside the test file.
 *
 * - Format: `{ "probably": { "format": 1 }, "entries": { "<name>": { … } } }`, entries sorted by name,
 *   fields in a fixed order, two-space indentation, numbers of a value list ten to a line: a reviewer
 *   reads what changed in a diff.
 * - Every write is a read–merge–write under a lock file (`<file>.lock`, created exclusively): the file is
 *   re-read under the lock and only the entries this call sets or removes change, so parallel workers and
 *   shards writing one file lose nothing. The new content goes to a temporary file that is renamed over
 *   the old one (atomic on one file system).
 * - Reading checks every entry (shape, counts, the stored summary against the values): a corrupt or
 *   hand-edited file is a {@link BaselineFileError} naming the file and the entry, and is never
 *   overwritten.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { checkArrayOf, checkObject, checkString } from './argcheck'
import type { BaselineEntry, BaselineSummary, MetricEntry, NumbersEntry } from './baselines'
import { InvalidInputError } from './errors'

/** The format version written in every baseline file. */
export const BASELINE_FORMAT = 1

/** A baseline file's content. */
export interface BaselineFile {
  entries: Record<string, BaselineEntry>
}

/** A corrupt, hand-edited or unreadable baseline file. Names the file and, when known, the entry. */
export class BaselineFileError extends Error {
  readonly file: string
  readonly entry: string | undefined
  /** What is wrong, without the file and entry. */
  readonly problem: string
  constructor(file: string, entry: string | undefined, problem: string) {
    super(
      `baseline file ${file}${entry !== undefined ? `, entry ${JSON.stringify(entry)}` : ''}: ${problem}. ` +
        'Fix the file by hand, or delete the entry (or the file) and record it again; probably never overwrites a file it cannot read.',
    )
    this.name = 'BaselineFileError'
    this.file = file
    this.entry = entry
    this.problem = problem
  }
}

/** The baseline file of a test file: `<dir>/__baselines__/<name>.json`. */
export function baselinePathFor(testPath: string): string {
  return join(dirname(testPath), '__baselines__', `${basename(testPath)}.json`)
}

// ---------------------------------------------------------------------------------------------
// Reading and checking
// ---------------------------------------------------------------------------------------------

const isObj = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x)
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)
const whole = (x: unknown, min = 0): x is number => finite(x) && Number.isInteger(x) && x >= min

const SUMMARY_KEYS = ['mean', 'sd', 'min', 'p05', 'p25', 'median', 'p75', 'p95', 'max'] as const
const BASE_KEYS = ['label', 'test', 'seed', 'version', 'recorded'] as const
const KIND_KEYS: Record<string, readonly string[]> = {
  numbers: ['kind', 'n', 'summary', 'values', 'quantiles'],
  labels: ['kind', 'n', 'counts'],
  metric: ['kind', 'metric', 'value', 'n', 'se'],
}

/** Checks one entry read from a file; throws a BaselineFileError naming it. */
export function checkEntry(file: string, name: string, raw: unknown): BaselineEntry {
  const bad = (problem: string) => new BaselineFileError(file, name, problem)
  if (!isObj(raw)) throw bad('is not an object')
  const kind = raw.kind
  if (typeof kind !== 'string' || !(kind in KIND_KEYS))
    throw bad(`has an unknown kind ${JSON.stringify(kind)} (known: numbers, labels, metric)`)
  for (const key of Object.keys(raw))
    if (!KIND_KEYS[kind].includes(key) && !(BASE_KEYS as readonly string[]).includes(key))
      throw bad(`has an unknown field ${JSON.stringify(key)}`)
  for (const key of BASE_KEYS)
    if (raw[key] !== undefined && typeof raw[key] !== 'string') throw bad(`has a ${key} that is not a string`)
  if (kind === 'numbers') {
    if (!whole(raw.n, 1)) throw bad('has no whole n >= 1')
    const n = raw.n
    const list = (key: 'values' | 'quantiles') => {
      const v = raw[key]
      if (v === undefined) return undefined
      if (!Array.isArray(v) || v.some((x) => !finite(x))) throw bad(`has ${key} that are not finite numbers`)
      for (let i = 1; i < v.length; i++)
        if (v[i] < v[i - 1]) throw bad(`has ${key} out of ascending order at [${i}]`)
      return v as number[]
    }
    const values = list('values')
    const quantiles = list('quantiles')
    if ((values === undefined) === (quantiles === undefined))
      throw bad('must hold either values or quantiles')
    if (values && values.length !== n) throw bad(`says n = ${n} but holds ${values.length} values`)
    if (quantiles && quantiles.length < 3) throw bad('has a quantile grid of fewer than 3 points')
    if (!isObj(raw.summary)) throw bad('has no summary')
    for (const key of SUMMARY_KEYS) if (!finite(raw.summary[key])) throw bad(`has no summary.${key}`)
    const summary = raw.summary as unknown as BaselineSummary
    const lo = values ? values[0] : (quantiles as number[])[0]
    const hi = values
      ? values[values.length - 1]
      : (quantiles as number[])[(quantiles as number[]).length - 1]
    if (summary.min !== lo || summary.max !== hi)
      throw bad('has a summary (min, max) that does not match its values: was it edited by hand?')
    if (values) {
      // a running mean: no overflow for values near the largest doubles
      let mu = 0
      for (let i = 0; i < values.length; i++) mu += values[i] / (i + 1) - mu / (i + 1)
      // rounding of a mean of n values is within about n·ε·max|v|; a hand edit is not
      const scale = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]))
      if (!(Math.abs(mu - summary.mean) <= 1e-9 * Math.max(1, Math.abs(mu)) + 1e-12 * n * scale))
        throw bad('has a summary mean that does not match its values: was it edited by hand?')
    }
    const e: NumbersEntry = { kind: 'numbers', n, summary }
    if (values) e.values = values
    if (quantiles) e.quantiles = quantiles
    return withBase(e, raw)
  }
  if (kind === 'labels') {
    if (!whole(raw.n, 1)) throw bad('has no whole n >= 1')
    if (!isObj(raw.counts) || Object.keys(raw.counts).length === 0) throw bad('has no counts')
    let total = 0
    for (const [label, c] of Object.entries(raw.counts)) {
      if (!whole(c)) throw bad(`has a count for ${JSON.stringify(label)} that is not a whole number >= 0`)
      total += c
    }
    if (total !== raw.n) throw bad(`says n = ${raw.n} but its counts add up to ${total}`)
    return withBase({ kind: 'labels', n: raw.n, counts: { ...(raw.counts as Record<string, number>) } }, raw)
  }
  if (typeof raw.metric !== 'string' || raw.metric === '') throw bad('has no metric name')
  if (!finite(raw.value)) throw bad('has no finite value')
  const e: MetricEntry = { kind: 'metric', metric: raw.metric, value: raw.value }
  if (raw.n !== undefined) {
    if (!whole(raw.n, 1)) throw bad('has an n that is not a whole number >= 1')
    const k = raw.value * raw.n
    if (!(raw.value >= 0 && raw.value <= 1) || Math.abs(k - Math.round(k)) > 1e-6 * raw.n)
      throw bad(`has a value (${raw.value}) that is not a proportion of n = ${raw.n}`)
    e.n = raw.n
  }
  if (raw.se !== undefined) {
    if (!finite(raw.se) || raw.se < 0) throw bad('has an se that is not a finite number >= 0')
    e.se = raw.se
  }
  if ((e.n === undefined) === (e.se === undefined)) throw bad('must hold either n or se')
  return withBase(e, raw)
}

function withBase<E extends BaselineEntry>(e: E, raw: Record<string, unknown>): E {
  for (const key of BASE_KEYS)
    if (raw[key] !== undefined) (e as unknown as Record<string, unknown>)[key] = raw[key]
  return e
}

/** Parses and checks a baseline file's text. */
export function parseBaselineFile(file: string, text: string): BaselineFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new BaselineFileError(file, undefined, `is not valid JSON (${(error as Error).message})`)
  }
  if (!isObj(json) || !isObj(json.entries))
    throw new BaselineFileError(file, undefined, 'is not a baseline file (no "entries" object)')
  const meta = json.probably
  if (!isObj(meta) || meta.format !== BASELINE_FORMAT)
    throw new BaselineFileError(
      file,
      undefined,
      `has format ${JSON.stringify(isObj(meta) ? meta.format : undefined)}, this version reads format ${BASELINE_FORMAT}`,
    )
  const entries: Record<string, BaselineEntry> = {}
  for (const [name, raw] of Object.entries(json.entries)) entries[name] = checkEntry(file, name, raw)
  return { entries }
}

/** Reads a baseline file; a missing file is empty. */
export function readBaselineFile(file: string): BaselineFile {
  checkString('readBaselineFile', 'file', file)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: {} }
    throw new BaselineFileError(file, undefined, `cannot be read (${(error as Error).message})`)
  }
  return parseBaselineFile(file, text)
}

/** Whether a baseline file exists. */
export function baselineFileExists(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

const num = (x: number) => JSON.stringify(x)

function numberList(xs: readonly number[], indent: string): string {
  if (xs.length === 0) return '[]'
  const lines: string[] = []
  for (let i = 0; i < xs.length; i += 10)
    lines.push(
      `${indent}  ${xs
        .slice(i, i + 10)
        .map(num)
        .join(', ')}`,
    )
  return `[\n${lines.join(',\n')}\n${indent}]`
}

function entryText(e: BaselineEntry, indent: string): string {
  const inner = `${indent}  `
  const fields: string[] = []
  const put = (key: string, value: string) => fields.push(`${inner}${JSON.stringify(key)}: ${value}`)
  put('kind', JSON.stringify(e.kind))
  if (e.label !== undefined) put('label', JSON.stringify(e.label))
  if (e.kind === 'metric') {
    put('metric', JSON.stringify(e.metric))
    put('value', num(e.value))
    if (e.n !== undefined) put('n', num(e.n))
    if (e.se !== undefined) put('se', num(e.se))
  } else put('n', num(e.n))
  if (e.kind === 'numbers') {
    const s = e.summary
    put('summary', `{ ${SUMMARY_KEYS.map((k) => `${JSON.stringify(k)}: ${num(s[k])}`).join(', ')} }`)
    if (e.values) put('values', numberList(e.values, inner))
    if (e.quantiles) put('quantiles', numberList(e.quantiles, inner))
  }
  if (e.kind === 'labels') {
    const keys = Object.keys(e.counts).sort()
    put(
      'counts',
      `{\n${keys.map((k) => `${inner}  ${JSON.stringify(k)}: ${num(e.counts[k])}`).join(',\n')}\n${inner}}`,
    )
  }
  for (const key of ['seed', 'test', 'version', 'recorded'] as const)
    if (e[key] !== undefined) put(key, JSON.stringify(e[key]))
  return `{\n${fields.join(',\n')}\n${indent}}`
}

/** The text of a baseline file: stable key order, pretty, diff-friendly. */
export function formatBaselineFile(content: BaselineFile): string {
  const names = Object.keys(content.entries).sort()
  const body = names.map((name) => `    ${JSON.stringify(name)}: ${entryText(content.entries[name], '    ')}`)
  return `{\n  "probably": { "format": ${BASELINE_FORMAT} },\n  "entries": {${body.length ? `\n${body.join(',\n')}\n  ` : ''}}\n}\n`
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms)
}

/** A lock older than this is taken to be left by a crashed process. */
const STALE_LOCK_MS = 30_000
const LOCK_TIMEOUT_MS = 60_000

/** Runs `fn` holding the file's lock (`<file>.lock`, created exclusively; waits for another holder). */
export function withBaselineLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`
  mkdirSync(dirname(file), { recursive: true })
  const start = Date.now()
  let wait = 2
  for (;;) {
    try {
      const fd = openSync(lock, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) {
          unlinkSync(lock)
          continue
        }
      } catch {
        continue // the lock went away meanwhile
      }
      if (Date.now() - start > LOCK_TIMEOUT_MS)
        throw new BaselineFileError(
          file,
          undefined,
          `is locked by another process (${lock}) for over ${LOCK_TIMEOUT_MS / 1000} s; delete the lock file if no test run is writing`,
        )
      sleep(wait + (process.pid % 5))
      wait = Math.min(50, wait * 2)
    }
  }
  try {
    return fn()
  } finally {
    try {
      unlinkSync(lock)
    } catch {
      // already gone
    }
  }
}

let tempCounter = 0

/** Writes text atomically: a temporary file beside it, then a rename over it. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.${++tempCounter}.tmp`
  writeFileSync(temp, text)
  try {
    renameSync(temp, file)
  } catch (error) {
    try {
      unlinkSync(temp)
    } catch {
      // nothing to clean
    }
    throw error
  }
}

/** Changes to a baseline file: entries to set and names to remove. */
export interface BaselineChanges {
  set?: Record<string, BaselineEntry>
  remove?: readonly string[]
}

/**
 * Applies changes to a baseline file under its lock: re-reads it (a corrupt file is an error, never
 * overwritten), sets and removes only the named entries, writes atomically. Removing the last entry
 * deletes the file. Returns the new content.
 */
export function updateBaselineFile(file: string, changes: BaselineChanges): BaselineFile {
  const where = 'updateBaselineFile'
  checkString(where, 'file', file)
  const c = checkObject(where, 'changes', changes)
  for (const [name, e] of Object.entries(checkObject(where, 'changes.set', c.set, true)))
    try {
      checkEntry(file, name, e)
    } catch (error) {
      if (!(error instanceof BaselineFileError)) throw error
      throw new InvalidInputError(where, `changes.set[${JSON.stringify(name)}]`, error.problem)
    }
  if (c.remove !== undefined)
    checkArrayOf(where, 'changes.remove', c.remove, (x, n) => checkString(where, n, x, true), 0)
  return withBaselineLock(file, () => {
    const current = readBaselineFile(file)
    const entries = { ...current.entries }
    for (const [name, e] of Object.entries(changes.set ?? {})) entries[name] = e
    for (const name of changes.remove ?? []) delete entries[name]
    const content = { entries }
    if (Object.keys(entries).length === 0) {
      try {
        unlinkSync(file)
      } catch {
        // never written
      }
    } else writeFileAtomic(file, formatBaselineFile(content))
    return content
  })
}
