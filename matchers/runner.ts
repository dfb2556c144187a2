/**
 * Which test made a matcher call, as the runner running it exposes it: Vitest 3.2, 4 and 5 (the worker
 * state `globalThis.__vitest_worker__`, the task on the matcher's `this`) and Jest 29 and 30 (jest-circus's
 * state and `expect.getState()`). From it come the test's default seed (its file relative to the runner's
 * root and its name, the same under both runners), the Reproduce line (with the command line's
 * configuration: config file, root, project) and the test's own time budget.
 *
 * Nothing here guesses: where the runner cannot tell which test is running (Vitest's global `expect` in
 * concurrent tests, Jest 29's concurrent tests), {@link currentTest} throws {@link AmbiguousTestError}.
 */
import type { MatcherContext } from './context'

// No static import of node:fs or node:path, so the matchers also load where Node's modules do not
// (Vitest's browser mode): paths are handled here, and /proc is read through process.getBuiltinModule.

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path)
}

function segments(path: string): string[] {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.')
}

/** `path` relative to `base`, with `/` separators (both absolute; different drives give `path`). */
function relative(base: string, path: string): string {
  const a = segments(base)
  const b = segments(path)
  if (a[0] !== b[0] && /:$/.test(a[0] ?? '')) return toSlash(path)
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/')
}

function samePath(a: string, b: string): boolean {
  return segments(a).join('/') === segments(b).join('/')
}

/** A test's identity and what its runner tells about it. */
export interface TestIdentity {
  runner: 'vitest' | 'jest' | undefined
  /** The runner's root (Vitest `root`, Jest `rootDir`), absolute; undefined outside a runner. */
  root: string | undefined
  /** The test file, absolute. */
  testPath: string | undefined
  /** The test file relative to the root, with `/` separators: the file part of the default seed. */
  relativePath: string | undefined
  /** The names of the describe blocks and the test, outermost first. */
  names: string[] | undefined
  /** The names joined with ' > ' (the same under Vitest and Jest): the name part of the default seed. */
  testName: string | undefined
  /** The test's own timeout in milliseconds (0: none), when the runner exposes it. */
  testTimeoutMs: number | undefined
  /** When the test started (Date.now() clock), when the runner exposes it. */
  startedAt: number | undefined
  /** Vitest's project name ('' for none). */
  project: string | undefined
}

/** Thrown where the runner cannot tell which test made the call: the seed would be a guess. */
export class AmbiguousTestError extends Error {
  constructor(where: string, detail: string) {
    super(`${where}: ${detail}`)
    this.name = 'AmbiguousTestError'
  }
}

// ---------------------------------------------------------------------------------------------------
// Vitest: which expect made the call. probably/vitest wraps chai's `withTest`, which both the global
// expect and a test context's expect call on every assertion, and notes here whether the call came from
// the test's own context expect (its assertion count went up) or from the global one.

interface VitestCall {
  test: VitestTask | undefined
  local: boolean
  /** The global expect's assertion count when the call was noted (to tell a stale note in Vitest 3.2). */
  globalCalls: number | undefined
}

function globalExpectCalls(): number | undefined {
  const calls = (globalThis as any)[Symbol.for('expect-global')]?.getState?.()?.assertionCalls
  return typeof calls === 'number' ? calls : undefined
}

interface VitestTask {
  name: string
  type?: string
  fullTestName?: string
  suite?: VitestTask
  file?: { filepath?: string; tasks?: unknown[] }
  filepath?: string
  concurrent?: boolean
  timeout?: number
  result?: { startTime?: number }
  context?: { _local?: boolean; expect?: { getState(): { assertionCalls?: number } } }
}

/** Flag set on Vitest assertions by {@link noteVitestAssertion}. */
export const VITEST_CALL_FLAG = 'probably-call'
// Shared by every copy of probably in the realm (Vitest reloads the setup file per test file, chai stays).
const CALLS = Symbol.for('probably.vitest.calls')
function calls(): { last: VitestCall | undefined; seen: WeakMap<object, number> } {
  const g = globalThis as any
  if (!g[CALLS])
    Object.defineProperty(g, CALLS, {
      value: { last: undefined, seen: new WeakMap() },
      configurable: true,
      enumerable: false,
    })
  return g[CALLS]
}

/**
 * Called by probably/vitest for every assertion, from chai's `withTest(test)`: decides whether the
 * assertion came from `test`'s context expect, and returns what to flag on the assertion.
 */
export function noteVitestAssertion(test: unknown): VitestCall {
  const t = test as VitestTask | undefined
  let local = false
  const ctx = t?.context
  if (ctx && ctx._local === true && ctx.expect) {
    const count = ctx.expect.getState().assertionCalls ?? 0
    const seen = calls().seen.get(ctx.expect) ?? 0
    // The context expect counts its own calls before it calls withTest; the global expect does not touch it.
    local = count > seen
    calls().seen.set(ctx.expect, count)
  }
  const call = { test: t, local, globalCalls: globalExpectCalls() }
  calls().last = call
  return call
}

function vitestWorker(): any {
  return (globalThis as any).__vitest_worker__
}

function vitestNames(task: VitestTask): string[] {
  const names: string[] = []
  let t: VitestTask | undefined = task
  while (t && t.filepath === undefined && t.type !== undefined) {
    names.unshift(t.name)
    t = t.suite
  }
  return names
}

/** How many concurrent tests of this file are running now. */
function runningConcurrently(file: unknown): number {
  let running = 0
  const stack = [file as { tasks?: unknown[] }]
  while (stack.length > 0) {
    const t = stack.pop() as VitestTask & { tasks?: unknown[] }
    if (t.type === 'test' && isConcurrent(t) && (t.result as { state?: string } | undefined)?.state === 'run')
      running++
    if (Array.isArray(t.tasks)) for (const c of t.tasks) stack.push(c as never)
  }
  return running
}

function isConcurrent(task: VitestTask): boolean {
  return task.concurrent === true
}

/** Whether `context` is a matcher state Vitest made (not an object a test passed to a matcher directly). */
function isMatcherState(context: MatcherContext): boolean {
  return 'soft' in context && 'poll' in context
}

function vitestTest(context: MatcherContext, where: string): TestIdentity {
  const worker = vitestWorker()
  const config = worker?.config ?? {}
  // Vitest 4 and 5 hand the assertion (flagged by withTest) to the matcher; 3.2 does not: the last
  // withTest call is then this assertion's (a matcher runs synchronously after expect(value) made it),
  // unless the global expect counted an assertion since (one made while no test was current).
  const real = isMatcherState(context)
  const assertion = (context as { assertion?: { __flags?: Record<string, unknown> } }).assertion
  let call = assertion?.__flags?.[VITEST_CALL_FLAG] as VitestCall | undefined
  if (!call && real && assertion === undefined) {
    const last = calls().last
    const count = (context as { assertionCalls?: number }).assertionCalls
    if (last && (last.globalCalls === undefined || count === undefined || count === last.globalCalls))
      call = last
  }
  const task = (call?.test ?? (context as { task?: VitestTask }).task) as VitestTask | undefined
  const concurrentRefusal = (name: string) =>
    new AmbiguousTestError(
      where,
      `this test runs concurrently (describe.concurrent / test.concurrent), where Vitest's global \`expect\` cannot tell which test is running, so the seed, the Reproduce line and the time budget could belong to another test. Use the test context's expect: test('${name}', async ({ expect }) => { … }).`,
    )
  if (task && isConcurrent(task) && call && !call.local) throw concurrentRefusal(task.name)
  if (!task && real) {
    // The global expect with no current test: between the awaits of concurrent tests, or outside any test.
    const file = calls().last?.test?.file
    if (file && runningConcurrently(file) > 0) throw concurrentRefusal('…')
  }
  const root: string | undefined = typeof config.root === 'string' ? config.root : undefined
  const testPath = task?.file?.filepath ?? context.testPath ?? worker?.filepath
  // A matcher state with no task was made outside any test: its currentTestName, if any, is another's.
  const names = task ? vitestNames(task) : real ? undefined : context.currentTestName?.split(' > ')
  return identity('vitest', root, testPath, names, {
    testTimeoutMs: task?.timeout ?? (typeof config.testTimeout === 'number' ? config.testTimeout : undefined),
    startedAt: task?.result?.startTime,
    project: typeof config.name === 'string' ? config.name : undefined,
  })
}

// ---------------------------------------------------------------------------------------------------
// Jest (jest-circus).

interface CircusTest {
  name: string
  type?: string
  parent?: CircusTest
  concurrent?: boolean
  timeout?: number
  startedAt?: number | null
}

function circusState(): any {
  const g = globalThis as any
  const sym = Object.getOwnPropertySymbols(g).find((s) => s.description === 'JEST_STATE_SYMBOL')
  return sym ? g[sym] : undefined
}

function circusNames(test: CircusTest): string[] {
  const names: string[] = []
  let t: CircusTest | undefined = test
  while (t && t.parent !== undefined) {
    names.unshift(t.name)
    t = t.parent
  }
  return names
}

function jestTest(context: MatcherContext, where: string, seeded: boolean): TestIdentity {
  const c = context as MatcherContext & {
    currentTestIdentity?: () => CircusTest | undefined
    snapshotState?: { _rootDir?: string }
  }
  const state = circusState()
  // Jest 30 tracks the running test per async context (right under test.concurrent too); Jest 29 keeps one.
  let test: CircusTest | undefined
  if (typeof c.currentTestIdentity === 'function') test = c.currentTestIdentity() ?? undefined
  else {
    test = state?.currentlyRunningTest ?? undefined
    // With its own seed the call needs no test's: it runs, without the test's name in its Reproduce line.
    if (test?.concurrent === true && seeded) test = undefined
    else if (test?.concurrent === true)
      throw new AmbiguousTestError(
        where,
        'this test runs concurrently (test.concurrent), where Jest 29 cannot tell which test is running, so the seed and the Reproduce line could belong to another test. Give the call its own seed ({ seed: ... }), run the tests serially, or use Jest 30.',
      )
  }
  const root = c.snapshotState?._rootDir
  const timeoutSymbol = (globalThis as any)[Symbol.for('TEST_TIMEOUT_SYMBOL')]
  const testTimeoutMs =
    test?.timeout ||
    (typeof timeoutSymbol === 'number' ? timeoutSymbol : undefined) ||
    (typeof state?.testTimeout === 'number' ? state.testTimeout : undefined)
  return identity('jest', root, context.testPath, test ? circusNames(test) : undefined, {
    testTimeoutMs,
    startedAt: typeof test?.startedAt === 'number' ? test.startedAt : undefined,
    project: undefined,
  })
}

// ---------------------------------------------------------------------------------------------------

function toSlash(path: string): string {
  return path.replace(/\\/g, '/')
}

function identity(
  runner: TestIdentity['runner'],
  root: string | undefined,
  testPath: string | undefined,
  names: string[] | undefined,
  extra: Pick<TestIdentity, 'testTimeoutMs' | 'startedAt' | 'project'>,
): TestIdentity {
  let relativePath: string | undefined
  if (testPath !== undefined) {
    const base = root ?? (typeof process !== 'undefined' ? process.cwd() : undefined)
    relativePath = base && isAbsolute(testPath) ? toSlash(relative(base, testPath)) : toSlash(testPath)
  }
  return {
    runner,
    root,
    testPath,
    relativePath,
    names,
    testName: names?.join(' > '),
    ...extra,
  }
}

/** The runner running this realm's tests, if any. */
export function runnerName(): TestIdentity['runner'] {
  if (vitestWorker() !== undefined) return 'vitest'
  if (circusState() !== undefined || typeof (globalThis as any).jest === 'object') return 'jest'
  return undefined
}

/**
 * The test that made this matcher call. Throws {@link AmbiguousTestError} where the runner cannot tell
 * (Jest 29's concurrent tests: unless the call has its own seed, `seeded`). Outside a runner (a matcher
 * called directly), what the context says.
 */
export function currentTest(context: MatcherContext, where: string, seeded = false): TestIdentity {
  const runner = runnerName()
  if (runner === 'vitest') return vitestTest(context, where)
  if (runner === 'jest') return jestTest(context, where, seeded)
  return identity(undefined, undefined, context.testPath, context.currentTestName?.split(' > '), {
    testTimeoutMs: undefined,
    startedAt: undefined,
    project: undefined,
  })
}

// ---------------------------------------------------------------------------------------------------
// The command line of the run, for the Reproduce line.

/** The parts of the runner's command line that choose its configuration, and the node flags it ran with. */
export interface RunCommand {
  runner: 'vitest' | 'jest'
  /** Options kept from the command line (config file, root, project...), in their order. */
  options: string[]
  /** Node flags the runner needs (e.g. --experimental-vm-modules for Jest's ESM). */
  nodeOptions: string[]
}

const VITEST_SCRIPT = /(^|[/\\])(vitest(\.m?js)?|vitest[/\\]vitest\.mjs)$/
const JEST_SCRIPT = /(^|[/\\])(jest(\.js)?|jest(-cli)?[/\\]bin[/\\]jest\.js)$/

/** Vitest options that choose the configuration (with a value unless listed in VITEST_FLAGS). */
const VITEST_VALUE_OPTIONS = new Set([
  '--config',
  '-c',
  '--root',
  '-r',
  '--project',
  '--dir',
  '--mode',
  '--environment',
  '--pool',
])
const VITEST_FLAGS = new Set(['--globals', '--isolate', '--no-isolate', '--dom'])
const JEST_VALUE_OPTIONS = new Set([
  '--config',
  '-c',
  '--rootDir',
  '--roots',
  '--selectProjects',
  '--projects',
  '--env',
  '--testEnvironment',
  '--preset',
])
const JEST_FLAGS = new Set(['--injectGlobals', '--no-injectGlobals'])
const KEPT_NODE_OPTIONS =
  /^--(experimental-vm-modules|experimental-strip-types|import|require|loader|conditions)/

/** Splits a shell command (as npm's `npm_lifecycle_script` holds it) into words, honouring quotes. */
function shellWords(text: string): string[] {
  const words: string[] = []
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g
  for (const m of text.matchAll(re)) words.push(m[1] ?? m[2] ?? m[3])
  return words
}

/** Parses a runner command line (argv, with or without the node executable first). */
export function parseCommand(argv: readonly string[]): RunCommand | undefined {
  const i = argv.findIndex((a) => VITEST_SCRIPT.test(a) || JEST_SCRIPT.test(a))
  if (i < 0) return undefined
  const runner = VITEST_SCRIPT.test(argv[i]) ? 'vitest' : 'jest'
  const nodeOptions: string[] = []
  for (let k = 1; k < i; k++) {
    const a = argv[k]
    if (KEPT_NODE_OPTIONS.test(a)) {
      nodeOptions.push(a)
      if (!a.includes('=') && /^--(import|require|loader|conditions)$/.test(a) && k + 1 < i)
        nodeOptions.push(argv[++k])
    }
  }
  const values = runner === 'vitest' ? VITEST_VALUE_OPTIONS : JEST_VALUE_OPTIONS
  const flags = runner === 'vitest' ? VITEST_FLAGS : JEST_FLAGS
  const options: string[] = []
  for (let k = i + 1; k < argv.length; k++) {
    const a = argv[k]
    const eq = a.indexOf('=')
    const name = eq > 0 ? a.slice(0, eq) : a
    if (values.has(name) || name.startsWith('--sequence.')) {
      if (eq > 0) options.push(a)
      else if (k + 1 < argv.length) options.push(a, argv[++k])
    } else if (flags.has(name)) options.push(a)
  }
  return { runner, options, nodeOptions }
}

function readProc(pid: number | 'self', file: string): string | undefined {
  try {
    const fs = (process as { getBuiltinModule?: (id: string) => any }).getBuiltinModule?.('node:fs')
    if (!fs) return undefined
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined
  }
}

function readCmdline(pid: number | 'self'): string[] | undefined {
  const text = readProc(pid, 'cmdline')
  return text?.split('\0').filter((w) => w !== '')
}

/** The parent of a process, from /proc/<pid>/stat (its fourth field, after the name in parentheses). */
function parentOf(pid: number | 'self'): number | undefined {
  const stat = readProc(pid, 'stat')
  if (!stat) return undefined
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined
}

/**
 * Whether a command line is one Vitest 3.2 wrote over its own with `process.title` ("node (vitest)" in
 * the main process, "node (vitest 1)" in a worker): its arguments are gone from /proc.
 */
export function isRetitledVitest(argv: readonly string[] | undefined): boolean {
  return argv?.length === 1 && /^node \(vitest( \d+)?\)$/.test(argv[0])
}

/**
 * Parses a command line read from /proc: the words as they are; for a shell, the command it runs
 * (`sh -c "vitest run --config x"`); for a process that set its title to the whole command (npm sets
 * "npm exec vitest run --config x"), the title split into words.
 */
export function parseProcCommand(argv: readonly string[] | undefined): RunCommand | undefined {
  if (!argv || argv.length === 0) return undefined
  const direct = parseCommand(argv)
  if (direct) return direct
  if (argv.length === 1) return parseCommand(['node', ...shellWords(argv[0])])
  // A shell running a command (`sh -c "vitest run --config x"`): the command's words.
  const c = argv.indexOf('-c')
  if (c > 0 && c + 1 < argv.length && /(^|\/)(ba|da|z)?sh$/.test(argv[0]))
    return parseCommand(['node', ...shellWords(argv[c + 1])])
  return undefined
}

/**
 * The runner's command line from the process tree (Linux): this process, then its parents. Vitest 3.2
 * writes its title over its command line in the main process and the workers, so past such a process
 * the two processes above it are read too: the `sh -c "vitest run --config x"` of a package script or
 * of npx, and npx itself ("npm exec vitest run --config x"). Nothing above those is read.
 */
function commandFromProcesses(): { value: RunCommand | undefined; hidden: boolean } {
  let pid: number | 'self' | undefined = 'self'
  let left = 2
  let hidden = false
  for (let level = 0; pid !== undefined && level < 8 && left > 0; level++) {
    const argv = readCmdline(pid)
    const parsed = parseProcCommand(argv)
    if (parsed) return { value: parsed, hidden: false }
    if (isRetitledVitest(argv)) {
      hidden = true
      left = 2
    } else left--
    pid = parentOf(pid)
  }
  return { value: undefined, hidden }
}

let cachedCommand: { value: RunCommand | undefined; hidden: boolean } | undefined

/**
 * The command line that started this run, when it can be read: the process's own argv (Jest in band),
 * the main process's (a Vitest thread shares its process; a Vitest fork or a Jest worker is its child:
 * read from /proc on Linux, with the processes that started a Vitest 3.2, which hides its own), or the
 * npm script that ran it (`npm_lifecycle_script`).
 */
export function runCommand(): RunCommand | undefined {
  return readRunCommand().value
}

function readRunCommand(): { value: RunCommand | undefined; hidden: boolean } {
  if (cachedCommand) return cachedCommand
  let value: RunCommand | undefined
  let hidden = false
  if (typeof process !== 'undefined') {
    value = parseCommand([process.execPath, ...process.execArgv, ...process.argv.slice(1)])
    if (!value && process.platform === 'linux') ({ value, hidden } = commandFromProcesses())
    const script = process.env?.npm_lifecycle_script
    // npx runs its command through a lifecycle script of the bare command ('vitest'), without its options.
    if (!value && script && process.env?.npm_lifecycle_event !== 'npx')
      value = parseCommand(['node', ...shellWords(script)])
  }
  cachedCommand = { value, hidden: hidden && value === undefined }
  return cachedCommand
}

/** Forgets the cached command line (for tests). */
export function resetRunCommand(): void {
  cachedCommand = undefined
}

/**
 * The runner's words of the Reproduce line, without the seed: `npx vitest run --config x <file> -t <name>`.
 * The configuration comes from the command line when it could be read, else from what the runner
 * exposes: the root (`--root`, `--rootDir`) when it is not the working directory, and Vitest's project.
 */
export function reproduceCommand(test: TestIdentity): { env: string[]; words: string[]; note?: string } {
  const runner = test.runner ?? 'vitest'
  const { value: command, hidden } = readRunCommand()
  const cwd = typeof process !== 'undefined' ? process.cwd() : ''
  const env: string[] = []
  const words = runner === 'vitest' ? ['npx', 'vitest', 'run'] : ['npx', 'jest']
  if (command && command.runner === runner) {
    if (command.nodeOptions.length > 0) env.push(`NODE_OPTIONS=${command.nodeOptions.join(' ')}`)
    words.push(...command.options)
  } else if (test.root && cwd && !samePath(test.root, cwd)) {
    words.push(runner === 'vitest' ? '--root' : '--rootDir', toSlash(relative(cwd, test.root)) || '.')
  }
  if (
    runner === 'vitest' &&
    test.project &&
    !words.some((w) => w === '--project' || w.startsWith('--project='))
  )
    words.push('--project', test.project)
  if (test.testPath) {
    const file = cwd && isAbsolute(test.testPath) ? relative(cwd, test.testPath) : test.testPath
    words.push(toSlash(file))
  }
  // Vitest 3.2 overwrote its command line and nothing that started it kept it: say so, in a shell comment
  // (the line still runs), rather than print a line that silently drops a --config.
  if (hidden && runner === 'vitest' && !(command && command.runner === runner))
    return { env, words, note: 'Vitest 3.2 hid its command line: add the --config you ran with, if any' }
  return { env, words }
}

// ---------------------------------------------------------------------------------------------------
// The default seed of engine functions called in a test without a matcher (monteCarlo): the same test
// identity as the matchers', handed to src/random.ts through the realm (see currentTestSeedContext).

function seedContextFor(where: string): { testPath?: string; testName?: string; root?: string } {
  const g = globalThis as any
  const state =
    g[Symbol.for('expect-global')]?.getState?.() ??
    g.expect?.getState?.() ??
    g[Symbol.for('$$jest-matchers-object')]?.state ??
    {}
  let context: MatcherContext = state
  const worker = vitestWorker()
  if (worker) {
    const task = worker.current as VitestTask | undefined
    if (task?.type === 'test' && isConcurrent(task) && runningConcurrently(task.file) > 1)
      throw new AmbiguousTestError(
        where,
        'this test runs concurrently with others, and without a matcher call probably cannot tell which test is running: give this call its own seed ({ seed: ... }).',
      )
    context = { testPath: task?.file?.filepath ?? state.testPath, task } as MatcherContext
  }
  const t = currentTest(context, where)
  return { testPath: t.testPath, testName: t.testName, root: t.root }
}

Object.defineProperty(globalThis, Symbol.for('probably.testSeedContext'), {
  value: seedContextFor,
  configurable: true,
  writable: true,
  enumerable: false,
})
