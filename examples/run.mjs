// Runs every example suite under Vitest and under Jest, then the failure-message check under both (the
// deliberately failing examples, whose messages are pinned with snapshots) and one pinned Reproduce line
// per runner, run as printed, against the built package:
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
// The pinned Reproduce lines are commands a reader will paste: run the first of each runner's snapshots
// as printed, from the repository's root, and it must rerun its test with the same message (the snapshot
// passes, so the seed, the configuration and the verdict are the same).
for (const runner of ['vitest', 'jest']) {
  const snap = readFileSync(
    join(root, `examples/failing/__snapshots__/${runner}/failure-messages.test.ts.snap`),
    'utf8',
  )
  // Snapshot files escape backslashes and backticks.
  const line = /^Reproduce: (.*?)"?$/m.exec(snap)?.[1]?.replace(/\\([\\`])/g, '$1')
  console.log(`\n=== a pinned Reproduce line (${runner}) ===\n${line}`)
  const run = line
    ? spawnSync('sh', ['-c', line], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', NODE_NO_WARNINGS: '1', npm_config_offline: 'true' },
      })
    : undefined
  const output = `${run?.stdout ?? ''}${run?.stderr ?? ''}`
  const ok = run?.status === 0 && /\b1 passed\b/.test(output)
  if (!ok) console.log(output)
  console.log(`a pinned Reproduce line (${runner}): ${ok ? '1 passed, 0 failed' : '0 passed, 1 failed'}`)
  if (ok) passed++
  else failed++
}
rmSync(out, { recursive: true, force: true })
console.log(`\nexamples: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
