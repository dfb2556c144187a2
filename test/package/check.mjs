// The package check: packs the library as npm would publish it, lints the tarball with publint and
// @arethetypeswrong/cli, installs it into fresh projects (offline: the tarball plus the dependencies
// already installed here), runs one Vitest and one Jest suite in each module system against it, and
// type-checks a test file in each with only tsconfig's "types" entry (probably/vitest, probably/jest,
// probably/jest-globals) under moduleResolution nodenext, node16 and bundler.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const work = join(root, '.tmp/package')
const bin = (p) => join(root, 'node_modules', p)
const run = (label, cmd, args, cwd = root, env = {}) => {
  process.stdout.write(`• ${label} … `)
  try {
    execFileSync(cmd, args, { cwd, stdio: 'pipe', env: { ...process.env, ...env } })
    console.log('ok')
    return true
  } catch (e) {
    console.log(`FAILED\n${e.stdout ?? ''}${e.stderr ?? ''}`)
    return false
  }
}

rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: 'pipe' })
const tarball = join(
  work,
  readdirSync(work).find((f) => f.endsWith('.tgz')),
)

const results = []
results.push(run('publint (strict)', process.execPath, [bin('publint/src/cli.js'), '--strict', tarball]))
// probably/vitest is ESM only (Vitest cannot be required): checked with the esm-only profile.
results.push(
  run('attw (all entries but ./vitest)', process.execPath, [
    bin('@arethetypeswrong/cli/dist/index.js'),
    tarball,
    '--exclude-entrypoints',
    './vitest',
  ]),
)
results.push(
  run('attw (./vitest, ESM only)', process.execPath, [
    bin('@arethetypeswrong/cli/dist/index.js'),
    tarball,
    '--entrypoints',
    './vitest',
    '--profile',
    'esm-only',
  ]),
)

const suites = {
  // A Vitest suite imports probably/vitest; the same file runs in an ESM and in a CommonJS project.
  'vitest.test.js': `import { expect, test } from 'vitest'
import 'probably/vitest'
import { InvalidRangeError } from 'probably'
test('toBeWithinInterval from the package', () => {
  expect(0.8).toBeWithinInterval([0.7, 0.9])
  expect(1).not.toBeWithinInterval([0.7, 0.9])
  expect(() => expect(0.95).toBeWithinInterval([0.7, 0.9])).toThrow(/above the upper bound/)
  expect(() => expect(Number.NaN).toBeWithinInterval([0, 1])).toThrow(InvalidRangeError)
})
test('every kind of matcher from the package', async () => {
  const grid = Array.from({ length: 2000 }, (_, i) => (i + 0.5) / 2000)
  expect(grid).toMatchDistribution({ uniform: { min: 0, max: 1 } })
  await expect(({ rng }) => 0.5 + 1e-9 * rng()).toBeStableAcrossSeeds({ seeds: 10, tolerance: 0.01 })
  await expect(({ rng }) => rng()).toBeReproducible()
  const actual = Array.from({ length: 2000 }, (_, i) => i % 2)
  const predicted = actual.map((a, i) => (i % 100 === 1 ? 0 : a))
  expect({ actual, predicted }).toHaveRecallAbove(0.9)
})
`,
  'jest-cjs.test.cjs': `require('probably/jest')
const { InvalidRangeError } = require('probably')
test('toBeWithinInterval from the package (CommonJS)', () => {
  expect(0.8).toBeWithinInterval([0.7, 0.9])
  expect(1).not.toBeWithinInterval([0.7, 0.9])
  expect(() => expect(Number.NaN).toBeWithinInterval([0, 1])).toThrow(InvalidRangeError)
})
test('a sampler matcher from the package (CommonJS)', async () => {
  await expect(({ rng }) => rng()).toBeReproducible()
})
`,
  'jest-esm.test.mjs': `import 'probably/jest'
import { InvalidRangeError } from 'probably'
test('toBeWithinInterval from the package (ESM)', () => {
  expect(0.8).toBeWithinInterval([0.7, 0.9])
  expect(() => expect(Number.NaN).toBeWithinInterval([0, 1])).toThrow(InvalidRangeError)
})
`,
  'jest-globals.test.mjs': `import { expect, test } from '@jest/globals'
import 'probably/jest-globals'
test('toBeWithinInterval with @jest/globals (ESM)', () => {
  expect(0.8).toBeWithinInterval([0.7, 0.9])
})
`,
}

for (const type of ['module', 'commonjs']) {
  const dir = join(work, `project-${type}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `probe-${type}`, private: true, type }, null, 2),
  )
  for (const [file, text] of Object.entries(suites)) writeFileSync(join(dir, file), text)
  writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['vitest.test.js'] } }\n")
  writeFileSync(
    join(dir, 'jest.config.json'),
    JSON.stringify({ testMatch: ['**/jest-*.test.{cjs,mjs}'], transform: {}, testEnvironment: 'node' }),
  )
  // The tarball, installed as npm would (preferring the cache: a fresh machine after `npm ci` has the
  // dependencies' tarballs cached but not their registry metadata, which an offline install needs).
  const installed = run(
    `install the tarball into a ${type} project`,
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-save',
      tarball,
    ],
    dir,
  )
  results.push(installed)
  if (!installed) continue
  results.push(run(`vitest in a ${type} project`, process.execPath, [bin('vitest/vitest.mjs'), 'run'], dir))
  results.push(
    run(
      `jest in a ${type} project`,
      process.execPath,
      ['--experimental-vm-modules', bin('jest/bin/jest.js')],
      dir,
      {
        NODE_NO_WARNINGS: '1',
      },
    ),
  )
}

// Types as users load them: only the setup file registers the matchers at run time, so tsc learns them
// from tsconfig's `"types": ["probably/vitest"]` (or probably/jest, probably/jest-globals), under each
// module resolution a project may use. A fixture passes when it compiles: the misspelled matcher must be
// an error (@ts-expect-error), the real one must not.
const typeFixtures = {
  vitest: {
    types: ['probably/vitest'],
    text: `import { expect, test } from 'vitest'
test('types', async () => {
  expect(0.8).toBeWithinInterval([0.7, 0.9])
  expect([1, 2]).not.toMatchDistribution({ normal: { mean: 0, sd: 1 } })
  await expect(({ rng }: { rng: () => number }) => rng()).toBeReproducible()
  // @ts-expect-error not a matcher
  expect(0.8).toBeWithinIntervalTypo([0.7, 0.9])
})
`,
  },
  jest: {
    types: ['jest', 'probably/jest'],
    text: `test('types', async () => {
  expect(0.8).toBeWithinInterval([0.7, 0.9])
  await expect(({ rng }: { rng: () => number }) => rng()).toBeReproducible()
  // @ts-expect-error not a matcher
  expect(0.8).toBeWithinIntervalTypo([0.7, 0.9])
})
export {}
`,
  },
  'jest-globals': {
    types: ['probably/jest-globals'],
    text: `import { expect, test } from '@jest/globals'
test('types', async () => {
  expect(0.8).toBeWithinInterval([0.7, 0.9])
  await expect(({ rng }: { rng: () => number }) => rng()).toBeReproducible()
  // @ts-expect-error not a matcher
  expect(0.8).toBeWithinIntervalTypo([0.7, 0.9])
})
`,
  },
}
for (const type of ['module', 'commonjs']) {
  const dir = join(work, `project-${type}`)
  if (!existsSync(join(dir, 'node_modules/probably'))) continue
  for (const [runner, fixture] of Object.entries(typeFixtures)) {
    // Vitest's own types are ESM: a CommonJS TypeScript file cannot import them under node16/nodenext.
    if (runner === 'vitest' && type === 'commonjs') continue
    for (const resolution of ['nodenext', 'node16', 'bundler']) {
      const name = `types-${runner}-${resolution}`
      const tsDir = join(dir, name)
      mkdirSync(tsDir, { recursive: true })
      writeFileSync(join(tsDir, 'matchers.test.ts'), fixture.text)
      const compilerOptions = {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: 'es2022',
        module: resolution === 'bundler' ? 'esnext' : resolution,
        moduleResolution: resolution,
        types: fixture.types,
      }
      writeFileSync(
        join(tsDir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, files: ['matchers.test.ts'] }, null, 2),
      )
      results.push(
        run(
          `tsc with "types": ${JSON.stringify(fixture.types)} (${resolution}) in a ${type} project`,
          process.execPath,
          [bin('typescript/bin/tsc'), '-p', tsDir],
          dir,
        ),
      )
    }
  }
}

const failed = results.filter((r) => !r).length
console.log(`\npackage: ${results.length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
