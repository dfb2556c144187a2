// probably/reporter in real Jest runs on a temporary project (CommonJS, two workers): the table, the
// report folder set by the reporter option, and --shard: each shard's report, merged into one.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { bodies, project, readReport, requireBuild, root, run } from './reporter.projects'

const files = {
  'setup.cjs': "require('probably').configure({ suiteFalseFailRate: 0.01 })\n",
  'a.test.cjs': `const { createRng } = require('probably')\n${bodies.a}`,
  'b.test.cjs': `const { createRng } = require('probably')\n${bodies.b}`,
  'jest.config.cjs': `module.exports = {
  testMatch: ['**/*.test.cjs'],
  testEnvironment: 'node',
  transform: {},
  setupFilesAfterEnv: ['probably/jest', './setup.cjs'],
  reporters: ['default', ['probably/reporter', { outputDir: 'out/probably' }]],
}
`,
}
const jest = join(root, 'node_modules/jest/bin/jest.js')

describe('probably/reporter under Jest', () => {
  beforeAll(requireBuild)

  it('prints the table, writes the report where the option says, and merges shards into one suite report', () => {
    const dir = project('jest', files)
    const out = join(dir, 'out/probably')
    const first = run(dir, [jest, '-c', 'jest.config.cjs', '-w', '2'])
    expect(first.status, first.out).toBe(1) // 'drifted' fails, on evidence
    expect(first.out).toMatch(/probably: 6 assertions \(6 statistical, 0 exact\): 5 passed, 1 failed/)
    expect(first.out).toMatch(/b\.test\.cjs +quality > drifted +toBeWithinInterval/)
    expect(first.out).toMatch(
      /False-failure budget 0\.01: spent 0\.0014 by 5 statistical assertions; 4 took a share of 1\.0e−4 \(planned for 100 assertions, the default count\), 1 set their own rate\./,
    )
    expect(first.out).toContain('Report: out/probably/report.json, out/probably/report.html')
    const r1 = readReport(out)
    expect(r1.runner).toBe('jest')
    expect(r1.assertions.map((a) => a.testName).sort()).toEqual([
      'model > mean in range',
      'model > shifted',
      'model > too few to tell',
      'quality > drifted',
      'quality > own rate',
      'quality > recall',
    ])
    expect(r1.assertions.find((a) => a.testName === 'quality > drifted')).toMatchObject({
      testStatus: 'failed',
    })
    expect(r1.assertions.find((a) => a.testName === 'quality > recall')).toMatchObject({
      testStatus: 'passed',
    })
    // The run folder for the workers' records is gone.
    expect(readdirSync(out).filter((f) => f.startsWith('.run-'))).toEqual([])
    expect(existsSync(join(out, 'report.html'))).toBe(true)

    // The next run, in two shards: each reads the suite's count from the report, so together they spend
    // the budget once; report.json is the merge of the shards' reports.
    const s1 = run(dir, [jest, '-c', 'jest.config.cjs', '--shard=1/2'])
    expect(s1.out).toMatch(/Merged from 1 shard; MISSING shard 2\./)
    const s2 = run(dir, [jest, '-c', 'jest.config.cjs', '--shard=2/2'])
    expect(s2.out).toMatch(/Merged from 2 shards\./)
    expect(s2.out).toContain('(planned for 5 assertions, the count of the previous report)')
    const merged = readReport(out)
    expect(merged.assertions).toHaveLength(6)
    expect(merged.shards!.map((s) => s.index)).toEqual([1, 2])
    for (const a of merged.assertions.filter((a) => a.rateSource === 'suite-budget'))
      expect(a.falseFailRate).toBeCloseTo(0.00225, 15)
    expect(merged.budget.spent).toBeCloseTo(0.01, 12)
    expect(merged.budget.exceeded).toBe(false)
  }, 300_000)
})
