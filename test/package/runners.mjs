// The runner check: what a user's own project sees, under Vitest and Jest, against the built package
// (`npm run build` first). A temporary monorepo holds a package folder with a non-default config file per
// runner (whose setup file calls configure()), run from the monorepo's root with --root / --config and
// from the package folder. Checks, each failing without its fix (issue 14):
// 1. the Reproduce line printed by a failing statistical test, RUN as printed, reruns that test with the
//    same configuration: the same seed and the same message (Vitest --config --root, Jest --config; a
//    non-default --config under Vitest 3.2 and 5 too, run by npx, a package script, a shell, exec);
// 3. the seed of a test is the same from the monorepo's root and from the package folder, and the same
//    under Vitest and under Jest;
// 2. in concurrent tests (Vitest 3.2, 4 and 5 describe.concurrent; Jest test.concurrent) each test's
//    matcher calls take that test's seed, and Vitest's global expect, which cannot tell, is refused;
// 5. two slow sampler matchers in one test stop with the library's timeout error (which budget ran
//    out, how to raise it, a Reproduce line), not with the runner's generic timeout.
// Ends with `runners: N passed, M failed`.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const work = join(root, '.tmp/runners')
const mono = join(work, 'mono')
const pkg = join(mono, 'packages/scores')
const nm = (p) => join(root, 'node_modules', p)

rmSync(work, { recursive: true, force: true })
mkdirSync(join(pkg, 'tests'), { recursive: true })
mkdirSync(join(mono, 'node_modules/.bin'), { recursive: true })
// The package under test, as an installed dependency; the runners' bins where npx looks for them.
symlinkSync(root, join(mono, 'node_modules/probably'))
symlinkSync(nm('vitest/vitest.mjs'), join(mono, 'node_modules/.bin/vitest'))
symlinkSync(nm('jest/bin/jest.js'), join(mono, 'node_modules/.bin/jest'))
const write = (file, text) => writeFileSync(join(mono, file), text)
write('package.json', JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }))
write('packages/scores/package.json', JSON.stringify({ name: 'scores', private: true }))
// Non-default config files; their setup files change the configuration, so a rerun without them differs.
write(
  'packages/scores/vitest.stat.config.mjs',
  `export default { test: { include: ['tests/**/*.test.ts'], globals: true, setupFiles: ['./setup.vitest.mjs'] } }\n`,
)
write(
  'packages/scores/setup.vitest.mjs',
  `import 'probably/vitest'\nimport { configure } from 'probably'\nconfigure({ samples: 2000, falseFailRate: 1e-4 })\n`,
)
write(
  'packages/scores/jest.stat.config.cjs',
  `module.exports = {
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/setup.jest.cjs'],
  transform: { '^.+\\\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  testEnvironment: 'node',
}
`,
)
write(
  'packages/scores/setup.jest.cjs',
  `require('probably/jest')\nrequire('probably').configure({ samples: 2000, falseFailRate: 1e-4 })\n`,
)
// A failing statistical test (mean 0.52 claimed within [0.4, 0.5]), and a second file so that Jest runs
// its tests in worker processes.
write(
  'packages/scores/tests/score.test.ts',
  `describe('score (it) is "calibrated"', () => {
  test('mean is in [0.4, 0.5]', async () => {
    await expect(({ rng }: { rng: () => number }) => 0.47 + 0.1 * rng()).toBeWithinInterval([0.4, 0.5])
  })
})
`,
)
write(
  'packages/scores/tests/other.test.ts',
  `test('other', () => { expect(0.5).toBeWithinInterval([0, 1]) })\n`,
)
// Two 300-draw matchers of 5 ms per draw in one test of 2 s: the second runs out of the test's time.
write(
  'packages/scores/tests/slow.test.ts',
  `const slow = async ({ rng }: { rng: () => number }) => { await new Promise((r) => setTimeout(r, 5)); return rng() }
test('two slow samplers', async () => {
  await expect(slow).toBeWithinInterval([0, 1], { of: 'each', samples: 300 })
  await expect(slow).toBeWithinInterval([0, 1], { of: 'each', samples: 300 })
}, 2000)
`,
)

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_offline: 'true' }
delete env.PROBABLY_SEED
delete env.npm_lifecycle_script
const sh = (command, cwd) => {
  const r = spawnSync('sh', ['-c', command], { cwd, env, encoding: 'utf8' })
  return `${r.stdout}\n${r.stderr}`
}
/** The failure message of the named test: from its Claim line to its Reproduce line. */
const messageOf = (output) => {
  const lines = output.split('\n')
  const start = lines.findIndex((l) => /^\s*Claim:/.test(l))
  const end = lines.findIndex((l, i) => i > start && /^\s*Reproduce:/.test(l))
  if (start < 0 || end < 0) return undefined
  return lines.slice(start, end + 1).map((l) => l.trim())
}
/** The message, all of it: a rerun with the printed seed says the seed came from where it came from. */
// The same run, up to the elapsed time a sampler's Draws line reports ("after 25 ms").
const sameRun = (message) => message?.join('\n').replace(/after [\d.]+ m?s\b/g, 'after … ms')
const field = (message, label) =>
  message
    ?.find((l) => l.startsWith(`${label}:`))
    ?.slice(label.length + 1)
    .trim()
const seedOf = (message) => field(message, 'Seed')?.split(' ')[0]

let passed = 0
let failed = 0
const check = (label, ok, detail = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${ok ? '' : `\n${detail}`}`)
  if (ok) passed++
  else failed++
}

const runs = {
  'vitest from the monorepo root (--config --root)': [
    'npx vitest run --config vitest.stat.config.mjs --root packages/scores tests/score',
    mono,
  ],
  'vitest from the package folder (--config)': [
    'npx vitest run --config vitest.stat.config.mjs tests/score',
    pkg,
  ],
  'jest from the monorepo root (--config)': [
    'npx jest --config packages/scores/jest.stat.config.cjs score other',
    mono,
  ],
  'jest from the package folder (--config)': ['npx jest --config jest.stat.config.cjs score other', pkg],
}
const messages = {}
for (const [label, [command, cwd]] of Object.entries(runs)) {
  const output = sh(command, cwd)
  const message = messageOf(output)
  messages[label] = message
  if (!message) {
    check(`${label}: the test fails with a message`, false, output)
    continue
  }
  check(
    `${label}: the configuration was used (n = 2000)`,
    message.some((l) => /\b2000\b/.test(l)),
    message.join('\n'),
  )
  // 1. The printed Reproduce line, run as printed from the same folder, gives the same message.
  const line = field(message, 'Reproduce')
  const again = messageOf(sh(line, cwd))
  check(
    `${label}: its Reproduce line reruns it with the same seed and message\n       ${line}`,
    again !== undefined && sameRun(again) === sameRun(message),
    `first:\n${message.join('\n')}\nrerun:\n${again?.join('\n') ?? sh(line, cwd)}`,
  )
}
// 1 (projects). A Vitest config with two projects, whose setup files configure differently: each failure's
// line names its project, and reruns it alone.
write(
  'packages/scores/vitest.projects.config.mjs',
  `export default { test: { projects: [
  { test: { name: 'fast', include: ['tests/score.test.ts'], globals: true, setupFiles: ['./setup.vitest.mjs'] } },
  { test: { name: 'plain', include: ['tests/score.test.ts'], globals: true, setupFiles: ['probably/vitest'] } },
] } }
`,
)
{
  const output = sh('npx vitest run --config vitest.projects.config.mjs', pkg)
  const blocks = output
    .split(/(?=^\s*Claim:)/m)
    .slice(1)
    .map(messageOf)
    .filter(Boolean)
  const lines = blocks.map((m) => field(m, 'Reproduce'))
  check(
    'vitest projects: each failure names its project',
    lines.length === 2 &&
      lines.some((l) => /--project fast/.test(l)) &&
      lines.some((l) => /--project plain/.test(l)),
    output,
  )
  for (const [i, line] of lines.entries()) {
    const again = messageOf(sh(line, pkg))
    check(
      `vitest projects: the line reruns the same project's test\n       ${line}`,
      again !== undefined && sameRun(again) === sameRun(blocks[i]),
      `first:\n${blocks[i].join('\n')}\nrerun:\n${again?.join('\n') ?? sh(line, pkg)}`,
    )
  }
}

// 3. One seed per test, whatever the working directory and the runner.
const seeds = Object.fromEntries(Object.entries(messages).map(([k, m]) => [k, seedOf(m)]))
check(
  'the same seed from the monorepo root and the package folder, under Vitest and Jest',
  new Set(Object.values(seeds)).size === 1 && Object.values(seeds)[0] !== undefined,
  JSON.stringify(seeds, null, 2),
)

// 2. Concurrent tests, under each Vitest version.
const concurrentVitest = `import { describe, expect as globalExpect, test } from 'vitest'
import 'probably/vitest'
import { seedFor } from 'probably'
const seedIn = (assertion) => {
  try { assertion() } catch (e) { return /Seed:\\s+(\\S+)/.exec(e.message)?.[1] ?? e.message }
  return 'passed'
}
const wait = (ms) => new Promise((r) => setTimeout(r, ms))
describe.concurrent('group', () => {
  for (const [name, ms] of [['alpha', 60], ['beta', 20], ['gamma', 40]])
    test(name, async ({ expect }) => {
      await wait(ms)
      const seed = seedIn(() => expect([0.9, 0.91, 0.95, 0.97]).toBeWithinInterval([0, 0.5]))
      expect(seed).toBe(seedFor('concurrent.test.js', 'group > ' + name))
    })
  test('the global expect is refused before an await', () => {
    globalExpect(() => globalExpect([0.9, 0.91]).toBeWithinInterval([0, 0.5])).toThrow(/use the test context's expect/i)
  })
  test('the global expect is refused after an await', async () => {
    await wait(30)
    globalExpect(() => globalExpect([0.9, 0.91]).toBeWithinInterval([0, 0.5])).toThrow(/use the test context's expect/i)
  })
})
`
/** A project of its own for a Vitest version, with a copy of the package (whose `import 'vitest'` finds it). */
const vitestProject = (name, dir) => {
  const project = join(work, `${name}-${dir}`)
  mkdirSync(join(project, 'node_modules/.bin'), { recursive: true })
  mkdirSync(join(project, 'node_modules/probably'), { recursive: true })
  cpSync(join(root, 'package.json'), join(project, 'node_modules/probably/package.json'))
  cpSync(join(root, 'dist'), join(project, 'node_modules/probably/dist'), { recursive: true })
  for (const dep of ['jest-matcher-utils', 'tinypool'])
    symlinkSync(nm(dep), join(project, 'node_modules', dep))
  symlinkSync(nm(dir), join(project, 'node_modules/vitest'))
  symlinkSync(nm(`${dir}/vitest.mjs`), join(project, 'node_modules/.bin/vitest'))
  return project
}
const vitestVersions = [
  ['3.2', 'vitest3'],
  ['4', 'vitest'],
  ['5', 'vitest5'],
]
for (const [version, dir] of vitestVersions) {
  const project = vitestProject('concurrent', dir)
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'concurrent', private: true, type: 'module' }),
  )
  writeFileSync(join(project, 'vitest.config.mjs'), "export default { test: { include: ['*.test.js'] } }\n")
  writeFileSync(join(project, 'concurrent.test.js'), concurrentVitest)
  const output = sh('npx vitest run', project)
  check(
    `vitest ${version}: describe.concurrent tests each get their own seed, the global expect is refused`,
    /Tests\s+5 passed/.test(output),
    output,
  )
}

// 1 (Vitest 3.2 and 5). A non-default --config under each Vitest version. Vitest 3.2 writes its title
// over its command line, so the line is read from what started it (npx, a package script, a shell);
// where no process kept it (exec), the line says that it could not see the --config. The test writes its failure message to a file, so the
// check also runs where Vitest 5 cannot print a failure (Node 20: no Map.groupBy).
for (const [version, dir] of vitestVersions.filter(([v]) => v !== '4')) {
  const project = vitestProject('config', dir)
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'config',
      private: true,
      type: 'module',
      scripts: { stat: 'vitest run --config vitest.stat.config.mjs tests/score' },
    }),
  )
  mkdirSync(join(project, 'tests'))
  writeFileSync(
    join(project, 'vitest.stat.config.mjs'),
    "export default { test: { include: ['tests/**/*.test.js'], globals: true, setupFiles: ['./setup.vitest.mjs'] } }\n",
  )
  cpSync(join(pkg, 'setup.vitest.mjs'), join(project, 'setup.vitest.mjs'))
  writeFileSync(
    join(project, 'tests/score.test.js'),
    `import { writeFileSync } from 'node:fs'
test('mean is in [0.4, 0.5]', async () => {
  let message = 'passed'
  try { await expect(({ rng }) => 0.47 + 0.1 * rng()).toBeWithinInterval([0.4, 0.5]) } catch (e) { message = e.message }
  writeFileSync(process.env.MESSAGE_FILE, message)
})
`,
  )
  const messageFile = join(project, 'message.txt')
  const run = (command) => {
    rmSync(messageFile, { force: true })
    const output = sh(`export MESSAGE_FILE=${messageFile}; ${command}`, project)
    try {
      return { message: messageOf(readFileSync(messageFile, 'utf8')), output }
    } catch {
      return { message: undefined, output }
    }
  }
  for (const [how, command, direct] of [
    ['npx', 'npx vitest run --config vitest.stat.config.mjs tests/score', false],
    ['a package script', 'npm run --silent stat', false],
    [
      'its bin, from a shell',
      './node_modules/.bin/vitest run --config vitest.stat.config.mjs tests/score',
      false,
    ],
    [
      'its bin, exec-ed (no process keeps the command line)',
      'exec ./node_modules/.bin/vitest run --config vitest.stat.config.mjs tests/score',
      true,
    ],
  ]) {
    const first = run(command)
    const line = field(first.message, 'Reproduce')
    const label = `vitest ${version} --config, run by ${how}`
    if (!first.message || !line) {
      check(`${label}: the test fails with a message`, false, first.output)
      continue
    }
    check(
      `${label}: the configuration was used (n = 2000)`,
      first.message.some((l) => /\b2000\b/.test(l)),
      first.message.join('\n'),
    )
    if (direct && version === '3.2') {
      // Nothing kept the command line: the line says so rather than drop the --config silently.
      check(
        `${label}: the line says that it could not see the --config\n       ${line}`,
        /# Vitest 3\.2 hid its command line: add the --config you ran with/.test(line),
        first.message.join('\n'),
      )
      continue
    }
    const again = run(line)
    check(
      `${label}: its Reproduce line has the --config and reruns the test with the same seed and message\n       ${line}`,
      /--config vitest\.stat\.config\.mjs/.test(line) &&
        again.message !== undefined &&
        sameRun(again.message) === sameRun(first.message),
      `first:\n${first.message.join('\n')}\nrerun:\n${again.message?.join('\n') ?? again.output}`,
    )
  }
}
write(
  'packages/scores/tests/concurrent.test.ts',
  `const { seedFor } = require('probably')
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))
describe('group', () => {
  for (const [name, ms] of [['alpha', 60], ['beta', 20], ['gamma', 40]] as const)
    test.concurrent(name, async () => {
      await wait(ms)
      let seed = 'passed'
      try { expect([0.9, 0.91, 0.95, 0.97]).toBeWithinInterval([0, 0.5]) } catch (e) { seed = /Seed:\\s+(\\S+)/.exec((e as Error).message)?.[1] ?? (e as Error).message }
      expect(seed).toBe(seedFor('tests/concurrent.test.ts', 'group > ' + name))
    })
})
`,
)
{
  const output = sh('npx jest --config jest.stat.config.cjs concurrent', pkg)
  check('jest: test.concurrent tests each get their own seed', /Tests:\s+3 passed/.test(output), output)
}

// 5. The test's own timeout bounds the matchers' budget.
for (const [label, command] of [
  ['vitest', 'npx vitest run --config vitest.stat.config.mjs tests/slow'],
  ['jest', 'npx jest --config jest.stat.config.cjs slow'],
]) {
  const output = sh(command, pkg)
  check(
    `${label}: two slow samplers in a test of 2 s end with the library's timeout error`,
    /ran out of its time budget of .* \(what remained of the test's own timeout\)/.test(output) &&
      /Give the test more time/.test(output) &&
      /Reproduce: PROBABLY_SEED=/.test(output) &&
      !/Exceeded timeout|Test timed out/.test(output),
    output,
  )
}

console.log(`\nrunners: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
