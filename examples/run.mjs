// Runs every example suite under Vitest and under Jest, against the built package (npm run build first).
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (p) => join(root, 'node_modules', p)
const steps = [
  ['Vitest', [bin('vitest/vitest.mjs'), 'run', '--config', 'examples/vitest.config.ts']],
  ['Jest', ['--experimental-vm-modules', bin('jest/bin/jest.js'), '--config', 'examples/jest.config.cjs']],
]
let failed = 0
for (const [name, args] of steps) {
  console.log(`\n=== examples under ${name} ===`)
  try {
    execFileSync(process.execPath, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    })
  } catch {
    failed++
  }
}
console.log(`\nexamples: ${steps.length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
