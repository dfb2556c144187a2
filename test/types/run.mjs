// Type tests: compiles the fixtures against the built declarations (dist/) with each runner's types:
// Vitest 3.2, 4 and 5 (the latter two under npm aliases), Jest 29 and 30 (@types/jest and @jest/globals).
// A fixture passes when it compiles: its @ts-expect-error lines prove what must not type-check.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const work = join(root, '.tmp/types')
const nm = (p) => join(root, 'node_modules', p)
const fixtures = join(root, 'test/types/fixtures')

const cases = [
  {
    name: 'vitest 3.2',
    files: ['vitest.ts', 'vitest-3.ts'],
    paths: { vitest: [nm('vitest3/dist/index.d.ts')] },
  },
  {
    name: 'vitest 4',
    files: ['vitest.ts', 'vitest-4.ts'],
    paths: { vitest: [nm('vitest/dist/index.d.ts')] },
  },
  {
    name: 'vitest 5',
    files: ['vitest.ts', 'vitest-5.ts'],
    paths: { vitest: [nm('vitest5/dist/index.d.ts')] },
  },
  { name: 'jest 30 (global expect)', files: ['jest.ts'], types: ['jest'] },
  // @types/jest 29 is installed under the alias @types/jest29: its declarations are given as a file.
  { name: 'jest 29 (global expect)', files: [nm('@types/jest29/index.d.ts'), 'jest.ts'] },
  { name: 'jest 30 (@jest/globals)', files: ['jest-globals.ts'] },
  {
    name: 'jest 29 (@jest/globals)',
    files: ['jest-globals.ts'],
    paths: {
      '@jest/globals': [nm('jest-globals29/build/index.d.ts')],
      expect: [nm('jest-globals29/node_modules/expect/build/index.d.ts')],
    },
  },
  { name: 'engine (CommonJS)', files: ['engine.cts'] },
]

rmSync(work, { recursive: true, force: true })
let failed = 0
for (const c of cases) {
  const dir = join(work, c.name.replace(/[^a-z0-9]+/gi, '-'))
  mkdirSync(dir, { recursive: true })
  const compilerOptions = {
    strict: true,
    noEmit: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    skipLibCheck: true,
    types: c.types ?? [],
    paths: c.paths ?? {},
  }
  const files = c.files.map((f) => relative(dir, f.startsWith('/') ? f : join(fixtures, f)))
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }, null, 2))
  try {
    execFileSync(process.execPath, [nm('typescript/bin/tsc'), '-p', dir], { cwd: root, stdio: 'pipe' })
    console.log(`ok   ${c.name}`)
  } catch (e) {
    failed++
    console.log(`FAIL ${c.name}\n${e.stdout}${e.stderr}`)
  }
}
console.log(`\n${cases.length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
