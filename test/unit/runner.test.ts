// Which test made a matcher call, its Reproduce line and its time budget (matchers/runner.ts,
// matchers/timeBudget.ts); the end-to-end checks, which run the printed lines under Vitest and Jest in a
// temporary monorepo, are in test/package/runners.mjs.
import { describe, expect, expect as globalExpect, it, test } from 'vitest'
import {
  isRetitledVitest,
  parseCommand,
  parseProcCommand,
  reproduceCommand,
  type TestIdentity,
} from '../../matchers/runner'
import { budgetMargin, timeBudget } from '../../matchers/timeBudget'
import { resolveSeed, seedFor } from '../../src/random'
import { SamplerTimeoutError } from '../../src/sampler'

const identity = (over: Partial<TestIdentity> = {}): TestIdentity => ({
  runner: 'vitest',
  root: process.cwd(),
  testPath: `${process.cwd()}/test/x.test.ts`,
  relativePath: 'test/x.test.ts',
  names: ['group', 'test'],
  testName: 'group > test',
  testTimeoutMs: undefined,
  startedAt: undefined,
  project: undefined,
  ...over,
})

describe('parseCommand', () => {
  it('keeps the options that choose the configuration, drops filters and the rest', () => {
    expect(
      parseCommand([
        '/usr/bin/node',
        '/repo/node_modules/vitest/vitest.mjs',
        'run',
        '--config',
        'vitest.ml.config.ts',
        '--root=packages/a',
        '--project',
        'unit',
        '--reporter=json',
        '-u',
        'test/x.test.ts',
        '-t',
        'name',
      ]),
    ).toEqual({
      runner: 'vitest',
      options: ['--config', 'vitest.ml.config.ts', '--root=packages/a', '--project', 'unit'],
      nodeOptions: [],
    })
    expect(
      parseCommand([
        'node',
        '--experimental-vm-modules',
        '--max-old-space-size=4096',
        'node_modules/jest/bin/jest.js',
        '-c',
        'jest.ci.config.cjs',
        '--rootDir',
        'pkg',
        '--selectProjects',
        'api',
        '--ci',
        'x.test',
      ]),
    ).toEqual({
      runner: 'jest',
      options: ['-c', 'jest.ci.config.cjs', '--rootDir', 'pkg', '--selectProjects', 'api'],
      nodeOptions: ['--experimental-vm-modules'],
    })
  })
  it('finds npm scripts and .bin links, and nothing in a worker', () => {
    expect(parseCommand(['node', 'vitest', 'run', '-c', 'a.config.ts'])?.options).toEqual([
      '-c',
      'a.config.ts',
    ])
    expect(parseCommand(['node', '/p/node_modules/.bin/jest', '--config=j.cjs'])?.options).toEqual([
      '--config=j.cjs',
    ])
    expect(parseCommand(['/usr/bin/node', '/p/node_modules/vitest/dist/workers/forks.js'])).toBeUndefined()
    expect(
      parseCommand(['/usr/bin/node', '/p/node_modules/jest-worker/build/workers/processChild.js']),
    ).toBeUndefined()
  })
})

describe('command lines read from /proc', () => {
  it("knows Vitest 3.2's own titles, whose arguments are gone", () => {
    expect(isRetitledVitest(['node (vitest)'])).toBe(true)
    expect(isRetitledVitest(['node (vitest 3)'])).toBe(true)
    expect(isRetitledVitest(['node', 'vitest.mjs', 'run'])).toBe(false)
    expect(isRetitledVitest(undefined)).toBe(false)
  })
  it('reads the sh -c of npx and package scripts, and the title npm gives itself', () => {
    expect(
      parseProcCommand(['sh', '-c', "'vitest' run --config vitest.stat.config.mjs tests/score"])?.options,
    ).toEqual(['--config', 'vitest.stat.config.mjs'])
    expect(
      parseProcCommand(['npm exec vitest run --root packages/a --config a.config.ts tests'])?.options,
    ).toEqual(['--root', 'packages/a', '--config', 'a.config.ts'])
    expect(parseProcCommand(['node (vitest)'])).toBeUndefined()
    expect(parseProcCommand(['bash'])).toBeUndefined()
  })
})

describe('reproduceCommand', () => {
  it('names the root when the runner could not be read and it is not the working directory', () => {
    const { words } = reproduceCommand(
      identity({ root: `${process.cwd()}/packages/a`, testPath: `${process.cwd()}/packages/a/t.test.ts` }),
    )
    // Under this suite the command line is read (vitest run ... with no configuration options).
    expect(words.slice(0, 3)).toEqual(['npx', 'vitest', 'run'])
    expect(words.at(-1)).toBe('packages/a/t.test.ts')
  })
  it("adds Vitest's project", () => {
    expect(reproduceCommand(identity({ project: 'unit' })).words).toContain('unit')
  })
})

describe('timeBudget', () => {
  it("is the call's or configure's timeoutMs while the test has time for it", () => {
    expect(timeBudget(4000, 'configure', identity())).toEqual({ ms: 4000, source: 'configure' })
    expect(timeBudget(300, 'option', identity({ testTimeoutMs: 5000, startedAt: 1000 }), 2000)).toEqual({
      ms: 300,
      source: 'option',
    })
  })
  it("is cut to what remains of the test's timeout less a margin", () => {
    const test = identity({ runner: 'jest', testTimeoutMs: 5000, startedAt: 1000 })
    expect(budgetMargin(5000)).toBe(500)
    expect(timeBudget(4000, 'configure', test, 4000)).toEqual({
      ms: 1500,
      source: 'test',
      testTimeoutMs: 5000,
      spentMs: 3000,
      runner: 'jest',
    })
    // Past the test's time: 1 ms, so the draws stop at once with the library's error.
    expect(timeBudget(4000, 'configure', test, 9000).ms).toBe(1)
    // No timeout (0) or no start time: the matcher's own budget.
    expect(timeBudget(4000, 'configure', identity({ testTimeoutMs: 0, startedAt: 1 }), 2).source).toBe(
      'configure',
    )
  })
  it('is told in the timeout error, with how to raise it and the Reproduce line', () => {
    const info = { timeoutMs: 1500, completed: 100, requested: 300, elapsedMs: 1500, seed: 's' }
    const message = new SamplerTimeoutError('toBeWithinInterval', {
      ...info,
      budget: { ms: 1500, source: 'test', testTimeoutMs: 5000, spentMs: 3000, runner: 'jest' },
      reproduce: 'PROBABLY_SEED=s npx jest t.test.ts',
    }).message
    expect(message).toMatch(/time budget of 1\.5 s \(what remained of the test's own timeout\)/)
    expect(message).toMatch(/The test's own timeout is 5 s \(set by Jest's testTimeout/)
    expect(message).toMatch(/a timeout of at least 11000 ms as the last argument of it\(\)\/test\(\)/)
    expect(message).toMatch(/jest\.setTimeout\(11000\)/)
    expect(message).toMatch(/\nReproduce: PROBABLY_SEED=s npx jest t\.test\.ts$/)
    const own = new SamplerTimeoutError('m', { ...info, budget: { ms: 1500, source: 'option' } }).message
    expect(own).toMatch(
      /\(timeoutMs\) after 100 of 300 draws .* The budget was this call's timeoutMs option\./,
    )
  })
})

describe('seedFor', () => {
  it('takes the path relative to the root: the same from a monorepo root and from the package', () => {
    const a = seedFor('/mono/packages/a/test/x.test.ts', 'g > t', '/mono/packages/a')
    expect(seedFor('/elsewhere/a/test/x.test.ts', 'g > t', '/elsewhere/a/')).toBe(a)
    expect(seedFor('C:\\mono\\a\\test\\x.test.ts', 'g > t', 'C:\\mono\\a')).toBe(a)
    expect(seedFor('test/x.test.ts', 'g > t')).toBe(a)
  })
})

// Real concurrent tests: each call takes its own test's seed through the context's expect; the global
// expect, which cannot tell the tests apart, is refused.
const seedIn = (assertion: () => unknown): string => {
  try {
    assertion()
  } catch (error) {
    return /Seed:\s+(\S+)/.exec((error as Error).message)?.[1] ?? (error as Error).message
  }
  return 'passed'
}
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
describe.concurrent('concurrent tests', () => {
  for (const [name, ms] of [
    ['alpha', 40],
    ['beta', 10],
    ['gamma', 25],
  ] as const)
    test.skipIf(!!process.env.PROBABLY_SEED)(name, async ({ expect }) => {
      await wait(ms)
      const seed = seedIn(() => expect([0.9, 0.91, 0.95, 0.97]).toBeWithinInterval([0, 0.5]))
      expect(seed).toBe(seedFor('test/unit/runner.test.ts', `concurrent tests > ${name}`))
    })
  test('the global expect is refused, before and after an await', async () => {
    globalExpect(() => globalExpect([0.9, 0.91]).toBeWithinInterval([0, 0.5])).toThrow(
      /runs concurrently .* Use the test context's expect: test\('the global expect is refused/,
    )
    await wait(20)
    globalExpect(() => globalExpect([0.9, 0.91]).toBeWithinInterval([0, 0.5])).toThrow(
      /Use the test context's expect/,
    )
  })
})

describe('resolveSeed given back its own seed (a Reproduce line)', () => {
  it('keeps the source, so the rerun prints the same message', () => {
    const old = process.env.PROBABLY_SEED
    try {
      process.env.PROBABLY_SEED = seedFor('t.test.ts', 'g > n')
      expect(resolveSeed({ testPath: 't.test.ts', testName: 'g > n' }).source).toBe('test')
      expect(resolveSeed({ testPath: 't.test.ts', testName: 'g > other' }).source).toBe('environment')
      process.env.PROBABLY_SEED = 'fixed'
      expect(resolveSeed({ configured: 'fixed', testPath: 't.test.ts', testName: 'g > n' }).source).toBe(
        'configure',
      )
    } finally {
      if (old === undefined) delete process.env.PROBABLY_SEED
      else process.env.PROBABLY_SEED = old
    }
  })
})
