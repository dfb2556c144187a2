// toMatchBaseline under the real runners, on temporary projects that load the built package (dist/, as
// `npm test` builds it before the unit tests): Vitest 4 and Jest 30 run the whole story (record, match
// with another seed, catch a shift and a dropped metric, update with -u, refuse to write under CI,
// report and remove obsolete entries, parallel workers, shards and concurrent runs on one file); Vitest
// 3.2 and 5 run the update modes (their snapshot state differs in shape).
import { spawn } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')
const NM = join(ROOT, 'node_modules')
const TIMEOUT = 300_000
const made: string[] = []

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

type Runner = 'vitest' | 'vitest3' | 'vitest5' | 'jest'

/** A temporary project: node_modules/probably is a copy of dist/ (so `vitest` resolves to the runner under test). */
function project(runner: Runner, files: Record<string, string>): string {
  if (!existsSync(join(ROOT, 'dist', 'vitest.js')))
    throw new Error('dist/ is missing: run `npm run build` first')
  const dir = mkdtempSync(join(tmpdir(), `probably-baseline-${runner}-`))
  made.push(dir)
  const pkg = join(dir, 'node_modules', 'probably')
  mkdirSync(pkg, { recursive: true })
  cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true })
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'))
  for (const dep of ['jest-matcher-utils']) symlinkSync(join(NM, dep), join(dir, 'node_modules', dep), 'dir')
  if (runner !== 'jest') symlinkSync(join(NM, runner), join(dir, 'node_modules', 'vitest'), 'dir')
  const jest = runner === 'jest'
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'baseline-project',
      private: true,
      ...(jest
        ? { jest: { setupFilesAfterEnv: ['probably/jest'], testEnvironment: 'node', transform: {} } }
        : { type: 'module' }),
    }),
  )
  if (!jest)
    writeFileSync(
      join(dir, 'vitest.config.mjs'),
      "import { defineConfig } from 'vitest/config'\nexport default defineConfig({ test: { setupFiles: ['probably/vitest'] } })\n",
    )
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

interface Run {
  code: number
  out: string
}

/** Runs the runner in the project with a clean environment (none of this run's VITEST_*, CI, PROBABLY_*). */
function run(runner: Runner, dir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const clean: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(VITEST|JEST|CI$|PROBABLY_|NODE_ENV$|TEST$|GITHUB_|FORCE_COLOR)/.test(k))
      clean[k] = v
  const bin =
    runner === 'jest' ? join(NM, 'jest', 'bin', 'jest.js') : join(dir, 'node_modules', 'vitest', 'vitest.mjs')
  const argv = runner === 'jest' ? [bin, '--ci=false', ...args] : [bin, 'run', ...args]
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, argv, { cwd: dir, env: { ...clean, NO_COLOR: '1', ...env } })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      out += d
    })
    child.on('error', fail)
    child.on('close', (code) => done({ code: code ?? 1, out }))
  })
}

const baselineFile = (dir: string, test: string) => join(dir, '__baselines__', `${test}.json`)
const entries = (dir: string, test: string) =>
  Object.keys(JSON.parse(readFileSync(baselineFile(dir, test), 'utf8')).entries).sort()

/** The test file of the story: a sampler, a metric and a label baseline, driven by environment variables. */
function storyTest(jest: boolean): string {
  return `${jest ? "const { createRng } = require('probably')" : "import { describe, expect, test } from 'vitest'\nimport { createRng } from 'probably'"}
const shift = Number(process.env.SHIFT ?? 0)
const recall = Number(process.env.RECALL ?? 0.9)
test('scores', async () => {
  await expect(({ rng }) => rng() + shift).toMatchBaseline('scores', { label: 'model v1' })
})
test('recall', () => {
  expect({ metric: 'recall', value: recall, n: 2000 }).toMatchBaseline('recall')
})
if (!process.env.DROP)
  describe('old', () => {
    test('labels', () => {
      const rng = createRng(process.env.PROBABLY_SEED ?? 'labels')
      expect(Array.from({ length: 1500 }, () => (rng() < 0.3 ? 'spam' : 'ham'))).toMatchBaseline()
    })
  })
`
}

async function story(runner: Runner): Promise<void> {
  const jest = runner === 'jest'
  const name = jest ? 'model.test.js' : 'model.test.mjs'
  const dir = project(runner, { [name]: storyTest(jest) })
  const file = baselineFile(dir, name)
  const oldName = 'old > labels'

  // Under CI a missing baseline fails, and nothing is written.
  const ci = await run(runner, dir, [], { CI: 'true' })
  expect(ci.code, ci.out).not.toBe(0)
  expect(ci.out).toContain('no such baseline, and this run may not write one (CI=true): nothing was written')
  expect(existsSync(file)).toBe(false)

  // A local run records.
  const first = await run(runner, dir, [])
  expect(first.code, first.out).toBe(0)
  expect(first.out).toContain(
    `probably baselines __baselines__/${name}.json: 3 written, 0 updated, 0 obsolete`,
  )
  expect(entries(dir, name)).toEqual([oldName, 'recall', 'scores'].sort())
  const recorded = readFileSync(file, 'utf8')
  expect(recorded).toContain('"label": "model v1"')
  expect(recorded).toContain('"version": "0.1.0"')

  // Another seed: new draws, the same distribution: it matches, nothing is written.
  const again = await run(runner, dir, [], { PROBABLY_SEED: 'another-seed' })
  expect(again.code, again.out).toBe(0)
  expect(again.out).not.toContain('probably baselines')
  expect(readFileSync(file, 'utf8')).toBe(recorded)

  // A shifted distribution and a dropped metric fail; the file is untouched.
  const drift = await run(runner, dir, [], { SHIFT: '0.2', RECALL: '0.85' })
  expect(drift.code, drift.out).not.toBe(0)
  expect(drift.out).toContain(
    'Claim:     the values come from the distribution recorded in baseline "scores"',
  )
  expect(drift.out).toContain('Claim:     recall has not dropped below its baseline 0.9')
  expect(drift.out.match(/Verdict: {3}fail: the evidence contradicts the claim/g)?.length).toBe(2)
  expect(readFileSync(file, 'utf8')).toBe(recorded)

  // -u re-records what changed (the label of the first recording is kept).
  const update = await run(runner, dir, ['-u'], { SHIFT: '0.2', RECALL: '0.85' })
  expect(update.code, update.out).toBe(0)
  expect(update.out).toContain('0 written, 2 updated, 0 obsolete')
  const updated = JSON.parse(readFileSync(file, 'utf8')).entries
  expect(updated.recall.value).toBe(0.85)
  expect(updated.scores.summary.mean).toBeGreaterThan(0.6)
  expect(updated.scores.label).toBe('model v1')

  // A test removed: its entry is reported as obsolete, and removed with -u.
  const dropped = await run(runner, dir, [], { DROP: '1', SHIFT: '0.2', RECALL: '0.85' })
  expect(dropped.code, dropped.out).toBe(0)
  expect(dropped.out).toContain(`1 obsolete (run with -u to remove); obsolete: ${JSON.stringify(oldName)}`)
  expect(entries(dir, name)).toContain(oldName)
  const removed = await run(runner, dir, ['-u'], { DROP: '1', SHIFT: '0.2', RECALL: '0.85' })
  expect(removed.code, removed.out).toBe(0)
  expect(removed.out).toContain(`1 obsolete (removed); obsolete: ${JSON.stringify(oldName)}`)
  expect(entries(dir, name)).toEqual(['recall', 'scores'])
}

/** The update modes only: CI refuses, a local run records, -u removes an obsolete entry. */
async function modes(runner: Runner): Promise<void> {
  const dir = project(runner, {
    'a.test.mjs': `import { expect, test } from 'vitest'
test('one', () => { expect({ metric: 'accuracy', value: 0.9, n: 1000 }).toMatchBaseline() })
if (!process.env.DROP) test('two', () => { expect({ metric: 'auc', value: 0.8, se: 0.01 }).toMatchBaseline() })
`,
  })
  const ci = await run(runner, dir, [], { CI: 'true' })
  expect(ci.code, ci.out).not.toBe(0)
  expect(existsSync(baselineFile(dir, 'a.test.mjs'))).toBe(false)
  const first = await run(runner, dir, [])
  expect(first.code, first.out).toBe(0)
  expect(entries(dir, 'a.test.mjs')).toEqual(['one', 'two'])
  const removed = await run(runner, dir, ['-u'], { DROP: '1' })
  expect(removed.code, removed.out).toBe(0)
  expect(removed.out).toContain('1 obsolete (removed); obsolete: "two"')
  expect(entries(dir, 'a.test.mjs')).toEqual(['one'])
}

/** Many files in parallel workers and two shards at once, and two concurrent runs writing one file. */
async function parallel(runner: Runner): Promise<void> {
  const jest = runner === 'jest'
  const ext = jest ? 'js' : 'mjs'
  const files: Record<string, string> = {}
  const head = jest ? '' : "import { expect, test } from 'vitest'\n"
  for (let f = 0; f < 4; f++) {
    let body = head
    for (let t = 0; t < 4; t++)
      body += `test('t${t}', () => { expect({ metric: 'recall', value: ${0.5 + t / 10}, n: 10 }).toMatchBaseline() })\n`
    files[`f${f}.test.${ext}`] = body
  }
  let shared = head
  for (let t = 0; t < 12; t++)
    shared += `test('${t % 2 ? 'odd' : 'even'} ${t}', () => { expect({ metric: 'accuracy', value: ${t / 12}, n: 12 }).toMatchBaseline() })\n`
  files[`shared.test.${ext}`] = shared
  const dir = project(runner, files)
  const workers = jest ? ['-w', '2'] : ['--maxWorkers', '2']
  const [s1, s2] = await Promise.all([
    run(runner, dir, [...workers, '--shard=1/2']),
    run(runner, dir, [...workers, '--shard=2/2']),
  ])
  expect(s1.code, s1.out).toBe(0)
  expect(s2.code, s2.out).toBe(0)
  for (let f = 0; f < 4; f++) expect(entries(dir, `f${f}.test.${ext}`)).toEqual(['t0', 't1', 't2', 't3'])
  rmSync(baselineFile(dir, `shared.test.${ext}`))
  // Two runs at once, each running half the tests of one file, writing the same baseline file.
  const pattern = (p: string) => (jest ? ['-t', p, `shared.test.${ext}`] : ['-t', p, 'shared'])
  const [even, odd] = await Promise.all([run(runner, dir, pattern('even')), run(runner, dir, pattern('odd'))])
  expect(even.code, even.out).toBe(0)
  expect(odd.code, odd.out).toBe(0)
  expect(entries(dir, `shared.test.${ext}`)).toHaveLength(12)
}

describe('toMatchBaseline under the real runners', () => {
  it(
    'Vitest 4: records, matches, catches drift, updates, refuses under CI, reports obsolete',
    { timeout: TIMEOUT },
    () => story('vitest'),
  )
  it('Jest 30: the same', { timeout: TIMEOUT }, () => story('jest'))
  it('Vitest 3.2 and 5: update modes', { timeout: TIMEOUT }, async () => {
    await modes('vitest3')
    await modes('vitest5')
  })
  it('Vitest 4: parallel workers, shards, concurrent runs on one file', { timeout: TIMEOUT }, () =>
    parallel('vitest'),
  )
  it('Jest 30: parallel workers, shards, concurrent runs on one file', { timeout: TIMEOUT }, () =>
    parallel('jest'),
  )
})
