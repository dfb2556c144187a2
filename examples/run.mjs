// Runs every example suite under Vitest and under Jest, then the failure-message check under both (the
// deliberately failing examples, whose messages are pinned with snapshots), against the built package:
// `npm run examples` builds first. Ends with one line: `examples: N passed, M failed` (tests, all runs).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (p) => join(root, 'node_modules', p)
const out = mkdtempSync(join(tmpdir(), 'probably-examples-'))
const vitest = (config, file) => [
  bin('vitest/vitest.mjs'),
  'run',
  '--config',
  config,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${file}`,
]
const steps = [
  ['examples under Vitest', vitest('examples/vitest.config.ts', join(out, 'vitest.json'))],
  [
    'examples under Jest',
    [
      bin('jest/bin/jest.js'),
      '--config',
      'examples/jest.config.cjs',
      '--json',
      `--outputFile=${join(out, 'jest.json')}`,
    ],
  ],
  [
    'failure messages (Vitest snapshots)',
    vitest('examples/vitest.failing.config.ts', join(out, 'failing.json')),
  ],
  [
    'failure messages (Jest snapshots)',
    [
      bin('jest/bin/jest.js'),
      '--ci',
      '--config',
      'examples/jest.failing.config.cjs',
      '--json',
      `--outputFile=${join(out, 'jest-failing.json')}`,
    ],
  ],
]

let passed = 0
let failed = 0
for (const [name, args] of steps) {
  console.log(`\n=== ${name} ===`)
  const file = args.find((a) => a.startsWith('--outputFile')).split('=')[1]
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  })
  let counts
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'))
    counts = { passed: report.numPassedTests, failed: report.numFailedTests }
  } catch {
    counts = { passed: 0, failed: 0 }
  }
  // A run that failed without a failing test (a crash, a file that did not load, an obsolete snapshot)
  // still counts as a failure.
  if (run.status !== 0 && counts.failed === 0) counts.failed = 1
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed`)
  passed += counts.passed
  failed += counts.failed
}
rmSync(out, { recursive: true, force: true })
console.log(`\nexamples: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
