// toMatchBaseline called as the runners call it: update modes from each runner's snapshot state, recording,
// comparing, updating, CI, messages, errors, and the end-of-file report of obsolete entries.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { finishBaselineFile, snapshotUpdateState, updateMode } from '../../matchers/baselineSession'
import type { MatcherContext, MatcherResult } from '../../matchers/context'
import { toMatchBaseline } from '../../matchers/toMatchBaseline'
import { baselinePathFor, readBaselineFile } from '../../src/baselineStore'
import { createRng } from '../../src/random'
import { peekRecords } from '../../src/records'

const ROOT = resolve(__dirname, '../..')
const require = createRequire(import.meta.url)
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const strip = (s: string) => s.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '')

let dir = ''
let testPath = ''
const saved = { CI: process.env.CI, UPDATE: process.env.PROBABLY_UPDATE, SEED: process.env.PROBABLY_SEED }
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'probably-tomatchbaseline-'))
  dirs.push(dir)
  testPath = join(dir, 'model.test.ts')
  delete process.env.CI
  delete process.env.PROBABLY_UPDATE
  delete process.env.PROBABLY_SEED
})
afterEach(() => {
  // finish the file so the session forgets its names
  finishBaselineFile(testPath, {}, undefined, () => {})
  for (const [k, v] of [
    ['CI', saved.CI],
    ['PROBABLY_UPDATE', saved.UPDATE],
    ['PROBABLY_SEED', saved.SEED],
  ] as const)
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
})

function ctx(
  mode: 'new' | 'all' | 'none' | undefined,
  name = 'the test',
  extra: Partial<MatcherContext> = {},
) {
  return {
    testPath,
    currentTestName: name,
    isNot: false,
    ...(mode ? { snapshotState: { _updateSnapshot: mode } } : {}),
    ...extra,
  } as MatcherContext
}

function normals(seed: string, n: number, mu = 0): number[] {
  const rng = createRng(seed)
  return Array.from(
    { length: n },
    () => mu + Math.sqrt(-2 * Math.log(rng() || 1e-12)) * Math.cos(2 * Math.PI * rng()),
  )
}

/** One call in the current run of the test file. */
const sameRun = (c: MatcherContext, received: unknown, ...args: unknown[]) =>
  (toMatchBaseline as any).call(c, received, ...args) as MatcherResult
/** One call in a run of its own (the previous run of the file finished first). */
const call = (c: MatcherContext, received: unknown, ...args: unknown[]) => {
  finishBaselineFile(testPath, {}, undefined, () => {})
  return sameRun(c, received, ...args)
}

const file = () => baselinePathFor(testPath)
const entries = () => readBaselineFile(file()).entries

describe('update mode from the runners', () => {
  it('reads the snapshot state of Vitest 3.2 and 4 (@vitest/snapshot), Jest 29 and 30 (jest-snapshot)', {
    timeout: 60_000,
  }, async () => {
    const vitest4 = await import(join(ROOT, 'node_modules/@vitest/snapshot/dist/index.js'))
    const vitest3 = await import(
      join(ROOT, 'node_modules/vitest3/node_modules/@vitest/snapshot/dist/index.js')
    )
    for (const m of [vitest3, vitest4])
      for (const mode of ['new', 'all', 'none'] as const) {
        const s = new m.SnapshotState('/t/x.test.ts', '/t/__snapshots__/x.snap', null, {
          updateSnapshot: mode,
          snapshotEnvironment: {},
          snapshotFormat: {},
        })
        expect(snapshotUpdateState({ snapshotState: s })).toBe(mode)
      }
    const jest30 = require(join(ROOT, 'node_modules/jest-snapshot'))
    const jest29 = require(join(ROOT, 'node_modules/jest-globals29/node_modules/jest-snapshot'))
    for (const m of [jest29, jest30])
      for (const mode of ['new', 'all', 'none'] as const) {
        const s = new m.SnapshotState('/t/__snapshots__/x.snap', {
          updateSnapshot: mode,
          rootDir: '/t',
          snapshotFormat: {},
        })
        expect(snapshotUpdateState({ snapshotState: s })).toBe(mode)
      }
    // a state that only has Vitest 4's public getter
    class Private {
      #mode = 'all'
      get snapshotUpdateState() {
        return this.#mode
      }
    }
    expect(snapshotUpdateState({ snapshotState: new Private() })).toBe('all')
    expect(snapshotUpdateState({})).toBeUndefined()
  })
  it('PROBABLY_UPDATE=1 updates; CI turns new into none; -u under CI still updates', () => {
    expect(updateMode({ snapshotState: { _updateSnapshot: 'new' } })).toBe('new')
    expect(updateMode({})).toBe('new')
    process.env.CI = 'true'
    expect(updateMode({ snapshotState: { _updateSnapshot: 'new' } })).toBe('none')
    expect(updateMode({})).toBe('none')
    expect(updateMode({ snapshotState: { _updateSnapshot: 'all' } })).toBe('all')
    process.env.CI = 'false'
    expect(updateMode({})).toBe('new')
    process.env.PROBABLY_UPDATE = '1'
    expect(updateMode({ snapshotState: { _updateSnapshot: 'none' } })).toBe('all')
  })
})

describe('toMatchBaseline', () => {
  it('records a missing baseline, then matches new data from the same distribution', () => {
    const r = call(ctx('new'), normals('a', 2100), 'scores', { label: 'model v1' })
    expect(r.pass).toBe(true)
    const e = entries().scores
    expect(e).toMatchObject({
      kind: 'numbers',
      n: 2100,
      label: 'model v1',
      test: 'the test',
      version: '0.1.0',
    })
    expect(e.seed).toMatch(/\w+/)
    const again = call(ctx('new', 'the test 2'), normals('b', 2100), 'scores')
    expect(strip(again.message())).toContain('Verdict:   pass')
    expect(again.pass).toBe(true)
  })
  it('fails a shifted distribution with a readable message, and never writes', () => {
    call(ctx('new'), normals('a', 2100), 'scores', { label: 'model v1' })
    const before = readFileSync(file(), 'utf8')
    const r = call(ctx('new', 'later'), normals('b', 2100, 0.5), 'scores')
    expect(r.pass).toBe(false)
    const m = strip(r.message())
    expect(m).toContain('Claim:     the values come from the distribution recorded in baseline "scores"')
    expect(m).toMatch(
      /Baseline: {2}"scores" in .*model\.test\.ts\.json: 2100 values; label "model v1", seed \w+, probably 0\.1\.0/,
    )
    expect(m).toMatch(/KS: {8}D = 0\.\d+, p = /)
    expect(m).toContain('Max gap:')
    expect(m).toContain('Verdict:   fail: the evidence contradicts the claim')
    expect(m).toContain('rerun with -u (or PROBABLY_UPDATE=1)')
    expect(m).toContain('Seed:')
    expect(m).toContain('Reproduce: PROBABLY_SEED=')
    expect(readFileSync(file(), 'utf8')).toBe(before)
    const rec = peekRecords().at(-1)
    expect(rec).toMatchObject({ matcher: 'toMatchBaseline', outcome: 'fail', n: 2100 })
    expect(rec?.pValue).toBeLessThan(0.001)
  })
  it('.not passes only on evidence of a change, and never records', () => {
    call(ctx('new'), normals('a', 2100), 'scores')
    expect(call(ctx('new', 'x', { isNot: true }), normals('b', 2100, 0.5), 'scores').pass).toBe(false) // runner inverts
    expect(call(ctx('new', 'y', { isNot: true }), normals('b', 2100), 'scores').pass).toBe(true)
    expect(() => call(ctx('new', 'z', { isNot: true }), [1, 2, 3], 'missing')).toThrow(/never records/)
  })
  it('under CI a missing baseline fails and nothing is written', () => {
    const r = call(ctx('none'), [1, 2, 3], 'x')
    expect(r.pass).toBe(false)
    expect(strip(r.message())).toContain('no such baseline, and this run may not write one')
    expect(existsSync(file())).toBe(false)
  })
  it('-u re-records a baseline that does not pass and keeps one that does', () => {
    call(ctx('new'), normals('a', 2100), 'scores', { label: 'v1' })
    const first = readFileSync(file(), 'utf8')
    expect(call(ctx('all', 'b'), normals('b', 2100), 'scores').pass).toBe(true)
    expect(readFileSync(file(), 'utf8')).toBe(first)
    expect(call(ctx('all', 'c'), normals('c', 2100, 1), 'scores').pass).toBe(true)
    expect(entries().scores.kind === 'numbers' && entries().scores.label).toBe('v1')
    expect((entries().scores as any).summary.mean).toBeGreaterThan(0.8)
  })
  it('labels and metrics', () => {
    const labels = (p: number, n: number, seed: string) => {
      const rng = createRng(seed)
      return Array.from({ length: n }, () => (rng() < p ? 'spam' : 'ham'))
    }
    call(ctx('new'), labels(0.3, 2000, 'a'), 'labels')
    expect(entries().labels).toMatchObject({ kind: 'labels', n: 2000 })
    expect(call(ctx('new', 't2'), labels(0.3, 2000, 'b'), 'labels').pass).toBe(true)
    const drift = call(ctx('new', 't3'), labels(0.45, 2000, 'c'), 'labels')
    expect(drift.pass).toBe(false)
    expect(strip(drift.message())).toMatch(/Test: {6}chi-square [\d.]+ on 1 df/)
    expect(strip(drift.message())).toContain('category')
    call(ctx('new'), { metric: 'recall', value: 0.9, n: 2000 }, 'recall')
    expect(call(ctx('new', 'm2'), { metric: 'recall', value: 0.9, n: 2000 }, 'recall').pass).toBe(true)
    const drop = call(ctx('new', 'm3'), { metric: 'recall', value: 0.85, n: 2000 }, 'recall')
    expect(drop.pass).toBe(false)
    expect(strip(drop.message())).toContain('Claim:     recall has not dropped below its baseline 0.9')
    expect(strip(drop.message())).toMatch(/Change: {4}-0\.05 \(current − baseline\); upper bound -0\.0\d+/)
    expect(() => call(ctx('new', 'm4'), { metric: 'precision', value: 0.9, n: 2000 }, 'recall')).toThrow(
      /holds "recall"/,
    )
    expect(() => call(ctx('new', 'm5'), [1, 2, 3], 'recall')).toThrow(/holds numbers, but baseline "recall"/)
    expect(() => call(ctx('new', 'm6'), { metric: 'recall', value: 0.9, se: 0.01 }, 'recall')).toThrow(
      /toMatchBaseline: received is \{ value, se \}, but baseline "recall" .* holds \{ value, n \}/,
    )
  })
  it('names: the test name by default, counted within a test; a given name is shared by the file', () => {
    sameRun(ctx('new', 'a test'), [1, 2, 3])
    sameRun(ctx('new', 'a test'), [4, 5, 6])
    expect(Object.keys(entries())).toEqual(['a test', 'a test 2'])
    sameRun(ctx('new', 'a test'), [1, 2, 3], 'named')
    // another test may compare with the same named baseline
    // (three values are too few to tell: inconclusive, which says so)
    expect(strip(sameRun(ctx('new', 'other'), [1, 2, 3], 'named').message())).toContain(
      'Claim:     the values come from the distribution recorded in baseline "named"',
    )
    // options as the only argument
    sameRun(ctx('new', 'opt'), [1, 2, 3], { label: 'x' })
    expect(entries().opt.label).toBe('x')
  })
  it('warns when a recorded baseline is too small, saying how many values would be enough', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    call(ctx('new'), normals('a', 300), 'small')
    expect(warn.mock.calls[0][0]).toMatch(
      /too few to detect the tolerance \(0\.1\).*record at least 1528 values/,
    )
    warn.mockRestore()
    const r = call(ctx('new', 'again'), normals('b', 300), 'small')
    expect(r.pass).toBe(false)
    expect(strip(r.message())).toContain('The baseline itself (300 values) is too small')
    expect(strip(r.message())).toContain(
      'Next:      Take at least 1528 values in a re-recorded baseline (-u)',
    )
  })
  it('samplers: records enough draws for the tolerance, then compares', async () => {
    await call(ctx('new'), ({ rng }: any) => rng(), 'draws')
    expect(entries().draws.kind === 'numbers' && entries().draws.n).toBe(1528)
    const r = await call(ctx('new', 'b', { currentTestName: 'b' }), ({ rng }: any) => rng() + 0.3, 'draws')
    expect(r.pass).toBe(false)
    expect(strip(r.message())).toMatch(/Received: {2}1\d\d\d draws from the sampler/)
  })
  it('samplers: concurrency keeps at most k draws in flight, draw i with its own seed', async () => {
    let inFlight = 0
    let peak = 0
    const slow = async ({ rng }: any) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await Promise.resolve()
      inFlight--
      return rng()
    }
    await call(ctx('new'), slow, 'parallel', { concurrency: 5, timeoutMs: 60_000 })
    expect(peak).toBe(5)
    await call(ctx('new', 'serial', { currentTestName: 'serial' }), ({ rng }: any) => rng(), 'serial')
    const a = entries().parallel
    const b = entries().serial
    expect(a.kind === 'numbers' && b.kind === 'numbers' && a.n === b.n).toBe(true)
  }, 60_000)
  it('bad input is an error naming the argument; a corrupt file names the file and the entry', () => {
    expect(() => call(ctx('new'), [1, Number.NaN], 'x')).toThrow(/toMatchBaseline: received\[1\]/)
    expect(() => call(ctx('new'), [], 'x')).toThrow(/must not be empty/)
    expect(() => call(ctx('new'), { a: 1 }, 'x')).toThrow(/must be an array of numbers or labels/)
    expect(() => call(ctx('new'), [1, 2], 'x', { tolerance: 2 })).toThrow(/in \(0, 1\)/)
    expect(() => call(ctx('new'), [1, 2], 'x', { typo: 1 })).toThrow(/options\.typo/)
    expect(() => call(ctx('new'), [1, 2], '')).toThrow(/name must be a non-empty string/)
    call(ctx('new'), [1, 2, 3], 'good')
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('"n": 3', '"n": 4'))
    expect(() => call(ctx('all', 'y'), [1, 2, 3], 'good')).toThrow(
      /model\.test\.ts\.json, entry "good": says n = 4 but holds 3 values/,
    )
    // the end of the file reports the corrupt file too
    expect(() => finishBaselineFile(testPath, {}, undefined, () => {})).toThrow(/entry "good"/)
    rmSync(file())
  })
})

describe('finishBaselineFile', () => {
  it('reports unused entries as obsolete, keeps those of failed or skipped tests, removes on update', () => {
    sameRun(ctx('new', 'kept'), [1, 2, 3], 'kept')
    sameRun(ctx('new', 'failing'), [1, 2, 3], 'failing')
    sameRun(ctx('new', 'gone'), [1, 2, 3], 'gone')
    // next run: only 'kept' used; 'failing' failed; the test of 'gone' no longer exists
    call(ctx('new', 'kept'), [1, 2, 3], 'kept')
    const lines: string[] = []
    const tests = [
      { name: 'kept', passed: true },
      { name: 'failing', passed: false },
    ]
    const report = finishBaselineFile(testPath, { snapshotState: { _updateSnapshot: 'new' } }, tests, (l) =>
      lines.push(l),
    )
    expect(report?.obsolete).toEqual(['gone'])
    expect(report?.removed).toBe(false)
    expect(lines[0]).toContain('0 written, 0 updated, 1 obsolete (run with -u to remove); obsolete: "gone"')
    call(ctx('all', 'kept'), [1, 2, 3], 'kept')
    const removed = finishBaselineFile(
      testPath,
      { snapshotState: { _updateSnapshot: 'all' } },
      tests,
      () => {},
    )
    expect(removed?.removed).toBe(true)
    expect(Object.keys(entries()).sort()).toEqual(['failing', 'kept'])
    // without the runner's list of tests, obsolete entries are reported, never removed
    const unknown = finishBaselineFile(
      testPath,
      { snapshotState: { _updateSnapshot: 'all' } },
      undefined,
      () => {},
    )
    expect(unknown?.obsolete).toEqual(['failing', 'kept'])
    expect(unknown?.removed).toBe(false)
  })
})
