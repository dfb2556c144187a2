// Temporary projects for the reporter's real-runner tests. They live under .tmp/ in this repository, without
// a package.json of their own, so that `probably/...` resolves to this package's build (dist/) by the
// package's self-reference, as a user's project resolves the installed package.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseReport, type SuiteReport } from '../../src/report'

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..')

/** Fails early, and says why, when the build the projects use is missing. */
export function requireBuild(): void {
  for (const f of ['dist/reporter.js', 'dist/reporter.cjs', 'dist/vitest.js', 'dist/jest.cjs'])
    if (!existsSync(join(root, f)))
      throw new Error(`${f} is missing: run \`npm run build\` first (npm test does)`)
}

/** A fresh project folder with these files. */
export function project(name: string, files: Record<string, string>): string {
  const dir = join(root, '.tmp/reporter-projects', name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
  return dir
}

/** Runs a node script in `cwd`, with an environment free of the calling runner's variables. */
export function run(cwd: string, args: string[]): { status: number | null; out: string } {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(VITEST|PROBABLY_|JEST_WORKER_ID|NODE_OPTIONS|TEST$|FORCE_COLOR)/.test(k))
      env[k] = v
  env.NO_COLOR = '1'
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 240_000 })
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` }
}

export function readReport(dir: string): SuiteReport {
  return parseReport(readFileSync(join(dir, 'report.json'), 'utf8'))
}

/** The test files' bodies, for either runner: five positive statistical assertions (one fails), one .not. */
export const bodies = {
  a: `const rng = createRng('a')
const uniform = (n) => Array.from({ length: n }, () => rng.uniform(0, 1))
describe('model', () => {
  test('mean in range', () => {
    expect(uniform(2000)).toBeWithinInterval([0.4, 0.6])
  })
  test('too few to tell', () => {
    expect(uniform(20)).toBeWithinInterval([0.4, 0.6], { allowInconclusive: true })
  })
  test('shifted', () => {
    expect(uniform(2000).map((x) => x + 0.5)).not.toBeWithinInterval([0.4, 0.6])
  })
})
`,
  b: `const rng = createRng('b')
describe('quality', () => {
  test('recall', () => {
    const actual = Array.from({ length: 4000 }, (_, i) => i % 2)
    const predicted = actual.map((a, i) => (i % 200 === 1 ? 0 : a))
    expect({ actual, predicted }).toHaveRecallAbove(0.9)
  })
  test('own rate', () => {
    expect(Array.from({ length: 3000 }, () => rng.uniform(0, 1))).toBeWithinInterval([0.4, 0.6], { falseFailRate: 0.001 })
  })
  test('drifted', () => {
    expect(Array.from({ length: 2000 }, () => rng.uniform(0.5, 1))).toBeWithinInterval([0.4, 0.6])
  })
})
`,
}
