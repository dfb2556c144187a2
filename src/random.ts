/**
 * Seeded randomness. Every random draw in probably goes through an {@link Rng} made by {@link createRng}:
 * seedrandom's `tychei` generator (Neves and Araujo's Tyche-i: fast, passes BigCrush, and its seeding
 * mixes the state for 20 rounds) read as its `.double()`, so each uniform draw carries 53 random bits.
 * The stream is seedrandom's bit for bit, seeded and stepped here on a typed array (test/unit/random.test.ts
 * checks both against seedrandom itself, which is why it stays a development dependency): a generator is
 * made for every draw of a sampler and every Monte Carlo run, and seedrandom's own objects made that
 * twice as dear (bench/rng.bench.mjs). Alea, seedrandom's fastest, was rejected: the first draws of generators
 * seeded with related strings (`x/seed-1`, `x/seed-2`, … as forks are) are measurably dependent — the
 * variance of ten first normal draws fell below its 5% chi-square quantile 5.5% of the time over 40,000
 * groups (standard error 0.11%); with Tyche-i, 4.9%.
 */
import { checkCount, checkFinite, describeValue, InvalidInputError, InvalidRangeError } from './errors'

export type Seed = string | number

/** A seeded random number generator. Calling it returns a uniform draw in [0, 1). */
export interface Rng {
  (): number
  /** The seed this generator was made from. */
  readonly seed: string
  /** A uniform draw in [0, 1) with 53 random bits. */
  next(): number
  /** A uniform draw in [min, max). */
  uniform(min?: number, max?: number): number
  /** A normal draw (Marsaglia's polar method). */
  normal(mean?: number, sd?: number): number
  /** A uniformly chosen whole number in [min, max], both included, without modulo bias. */
  integer(min: number, max: number): number
  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T>(array: T[]): T[]
  /** `size` values drawn from `values` with replacement (default size: values.length). */
  resample(values: ArrayLike<number>, size?: number): Float64Array
  /** One value chosen uniformly from `values`. */
  choice<T>(values: ArrayLike<T>): T
  /** An independent generator derived from this one's seed and `label`; the same label gives the same stream. */
  fork(label: string | number): Rng
}

function normaliseSeed(where: string, seed: unknown): string {
  if (typeof seed === 'number') {
    checkFinite(where, 'seed', seed)
    return String(seed)
  }
  if (typeof seed === 'string') {
    if (seed.length === 0) throw new InvalidRangeError(where, 'seed', 'must not be an empty string')
    return seed
  }
  throw new InvalidInputError(
    where,
    'seed',
    `must be a string or a number, got ${seed === null ? 'null' : typeof seed}`,
  )
}

/**
 * One 53-bit uniform draw in (0, 1) from a Tyche-i state `x` (a, b, c, d), stepped in place: seedrandom's
 * `tychei().double()`, bit for bit — two 32-bit steps per draw, top 21 bits of the first and all 32 of the
 * second; zero is redrawn.
 */
function tycheiDouble(x: Int32Array): number {
  let r: number
  do {
    let a = x[0]
    let b = x[1]
    let c = x[2]
    let d = x[3]
    b = (b << 25) ^ (b >>> 7) ^ c
    c = (c - d) | 0
    d = (d << 24) ^ (d >>> 8) ^ a
    a = (a - b) | 0
    b = (b << 20) ^ (b >>> 12) ^ c
    c = (c - d) | 0
    d = (d << 16) ^ (c >>> 16) ^ a
    a = (a - b) | 0
    const top = a >>> 11
    b = (b << 25) ^ (b >>> 7) ^ c
    c = (c - d) | 0
    d = (d << 24) ^ (d >>> 8) ^ a
    a = (a - b) | 0
    b = (b << 20) ^ (b >>> 12) ^ c
    c = (c - d) | 0
    d = (d << 16) ^ (c >>> 16) ^ a
    a = (a - b) | 0
    x[0] = a
    x[1] = b
    x[2] = c
    x[3] = d
    r = (top + (a >>> 0) / 0x100000000) / (1 << 21)
  } while (r === 0)
  return r
}

/**
 * The Tyche-i state seedrandom's `tychei(seed)` starts from (its `XorGen` constructor for a string seed:
 * each UTF-16 code unit xored into b and one step, then 20 more steps), bit for bit. Seeding here rather
 * than by `seedrandom.tychei(seed, { state: true }).state()` (which makes a generator object, its closures
 * and a state object to read four numbers from) because a generator is made for every draw of a sampler
 * and every Monte Carlo run. The tests check the state against seedrandom's for 20,000 seeds.
 */
function tycheiSeed(seed: string): Int32Array {
  let a = 0
  let b = 0
  let c = 2654435769 | 0
  let d = 1367130551
  const rounds = seed.length + 20
  for (let k = 0; k < rounds; k++) {
    b ^= seed.charCodeAt(k) | 0 // NaN | 0 = 0 past the end, as in seedrandom
    b = (b << 25) ^ (b >>> 7) ^ c
    c = (c - d) | 0
    d = (d << 24) ^ (d >>> 8) ^ a
    a = (a - b) | 0
    b = (b << 20) ^ (b >>> 12) ^ c
    c = (c - d) | 0
    d = (d << 16) ^ (c >>> 16) ^ a
    a = (a - b) | 0
  }
  const x = new Int32Array(4)
  x[0] = a
  x[1] = b
  x[2] = c
  x[3] = d
  return x
}

// A generator is the function that draws (so `rng()` is a uniform draw) with this prototype, which
// inherits Function.prototype. Its methods are getters that make the method on first use, as a closure
// over the generator's state (so `const { normal } = rng` and `xs.map(() => next())` work as with plain
// properties), and keep it: a generator made for one draw that reads only `normal` makes one closure, not
// nine. Made as nine closures, a property definition and seedrandom's seeding objects, a generator and
// one normal draw took 0.74 µs; now 0.36 µs, within 10% of seedrandom's own `tychei(seed).double()`
// (bench/rng.bench.mjs), and long streams are 1.3× faster than seedrandom's.
const STATE = Symbol('probably.rng.state')
const SEED = Symbol('probably.rng.seed')
// Where each method is kept once made (one symbol each, so that each getter below reads one property).
const NEXT = Symbol('probably.rng.next')
const UNIFORM = Symbol('probably.rng.uniform')
const NORMAL = Symbol('probably.rng.normal')
const INTEGER = Symbol('probably.rng.integer')
const SHUFFLE = Symbol('probably.rng.shuffle')
const RESAMPLE = Symbol('probably.rng.resample')
const CHOICE = Symbol('probably.rng.choice')
const FORK = Symbol('probably.rng.fork')

interface Internal extends Rng {
  [STATE]: Int32Array
  [SEED]: string
  [NEXT]?: Rng['next']
  [UNIFORM]?: Rng['uniform']
  [NORMAL]?: Rng['normal']
  [INTEGER]?: Rng['integer']
  [SHUFFLE]?: Rng['shuffle']
  [RESAMPLE]?: Rng['resample']
  [CHOICE]?: Rng['choice']
  [FORK]?: Rng['fork']
}

function makeNext(x: Int32Array): Rng['next'] {
  return () => tycheiDouble(x)
}

function makeUniform(x: Int32Array): Rng['uniform'] {
  return (min = 0, max = 1) => min + (max - min) * tycheiDouble(x)
}

function makeFork(seed: string): Rng['fork'] {
  return (label: string | number) => createRng(`${seed}/${label}`)
}

function makeNormal(x: Int32Array): Rng['normal'] {
  let spare = Number.NaN
  return (mean = 0, sd = 1) => {
    if (!Number.isNaN(spare)) {
      const z = spare
      spare = Number.NaN
      return mean + sd * z
    }
    let u: number
    let v: number
    let q: number
    do {
      u = 2 * tycheiDouble(x) - 1
      v = 2 * tycheiDouble(x) - 1
      q = u * u + v * v
    } while (q >= 1 || q === 0)
    const f = Math.sqrt((-2 * Math.log(q)) / q)
    spare = v * f
    return mean + sd * u * f
  }
}

function makeInteger(x: Int32Array): Rng['integer'] {
  return (min: number, max: number) => {
    checkCount('rng.integer', 'max - min', max - min)
    if (!Number.isInteger(min)) throw new InvalidRangeError('rng.integer', 'min', 'must be a whole number')
    const span = max - min + 1
    if (span > 2 ** 53) throw new InvalidRangeError('rng.integer', 'max - min', 'must be below 2^53')
    // Rejection sampling on 53-bit draws: unbiased for every span.
    const limit = Math.floor(2 ** 53 / span) * span
    let r: number
    do r = Math.floor(tycheiDouble(x) * 2 ** 53)
    while (r >= limit)
    return min + (r % span)
  }
}

function makeShuffle(x: Int32Array): Rng['shuffle'] {
  return <T>(array: T[]): T[] => {
    for (let i = array.length - 1; i > 0; i--) {
      const j = Math.floor(tycheiDouble(x) * (i + 1))
      const t = array[i]
      array[i] = array[j]
      array[j] = t
    }
    return array
  }
}

function makeResample(x: Int32Array): Rng['resample'] {
  return (values: ArrayLike<number>, size = values.length) => {
    const out = new Float64Array(size)
    const n = values.length
    for (let i = 0; i < size; i++) out[i] = values[Math.floor(tycheiDouble(x) * n)]
    return out
  }
}

function makeChoice(x: Int32Array): Rng['choice'] {
  return <T>(values: ArrayLike<T>): T => {
    if (values.length === 0) throw new InvalidRangeError('rng.choice', 'values', 'must not be empty')
    return values[Math.floor(tycheiDouble(x) * values.length)]
  }
}

// One getter each, written out (not made by one factory): each then reads its own property at its own
// site, which stays monomorphic, so `rng.normal()` in a hot loop costs a property load, not a keyed lookup.
const RNG_PROTOTYPE: object = Object.create(
  Function.prototype,
  Object.getOwnPropertyDescriptors({
    get seed(): string {
      return (this as unknown as Internal)[SEED]
    },
    get next(): Rng['next'] {
      const g = this as unknown as Internal
      return (g[NEXT] ??= makeNext(g[STATE]))
    },
    get uniform(): Rng['uniform'] {
      const g = this as unknown as Internal
      return (g[UNIFORM] ??= makeUniform(g[STATE]))
    },
    get normal(): Rng['normal'] {
      const g = this as unknown as Internal
      return (g[NORMAL] ??= makeNormal(g[STATE]))
    },
    get integer(): Rng['integer'] {
      const g = this as unknown as Internal
      return (g[INTEGER] ??= makeInteger(g[STATE]))
    },
    get shuffle(): Rng['shuffle'] {
      const g = this as unknown as Internal
      return (g[SHUFFLE] ??= makeShuffle(g[STATE]))
    },
    get resample(): Rng['resample'] {
      const g = this as unknown as Internal
      return (g[RESAMPLE] ??= makeResample(g[STATE]))
    },
    get choice(): Rng['choice'] {
      const g = this as unknown as Internal
      return (g[CHOICE] ??= makeChoice(g[STATE]))
    },
    get fork(): Rng['fork'] {
      const g = this as unknown as Internal
      return (g[FORK] ??= makeFork(g[SEED]))
    },
    // How console.log and Node's util.inspect show a generator: its seed, not its state and methods.
    [Symbol.for('nodejs.util.inspect.custom')](): string {
      return `Rng { seed: ${JSON.stringify((this as unknown as Internal)[SEED])} }`
    },
  }),
)

/** Creates a seeded generator. The same seed always gives the same stream of draws. */
export function createRng(seed: Seed): Rng {
  const s = normaliseSeed('createRng', seed)
  const x = tycheiSeed(s)
  const rng = (() => tycheiDouble(x)) as unknown as Internal
  Object.setPrototypeOf(rng, RNG_PROTOTYPE)
  rng[STATE] = x
  rng[SEED] = s
  return rng
}

/** FNV-1a, 32 bits, as 8 hex digits: a short, stable, readable seed. */
export function hashSeed(text: string): string {
  if (typeof text !== 'string')
    throw new InvalidInputError('hashSeed', 'text', `must be a string, got ${describeValue(text)}`)
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

/**
 * The default seed of a test: a hash of its file and its full name. The file is taken relative to `root`
 * (the runner's root: Vitest's `root`, Jest's `rootDir`; the working directory when not given), with `/`
 * separators, so the seed is the same on every machine, from every working directory (a monorepo's root
 * or the package's folder) and under both runners; the matchers pass the name as the describe blocks' and
 * the test's names joined with ' > ' (as Vitest prints them), under Jest too.
 */
export function seedFor(testPath: string | undefined, testName: string | undefined, root?: string): string {
  if (testPath != null && typeof testPath !== 'string')
    throw new InvalidInputError(
      'seedFor',
      'testPath',
      `must be a string or undefined, got ${describeValue(testPath)}`,
    )
  if (testName != null && typeof testName !== 'string')
    throw new InvalidInputError(
      'seedFor',
      'testName',
      `must be a string or undefined, got ${describeValue(testName)}`,
    )
  if (root != null && typeof root !== 'string')
    throw new InvalidInputError(
      'seedFor',
      'root',
      `must be a string or undefined, got ${describeValue(root)}`,
    )
  let file = (testPath ?? '').replace(/\\/g, '/')
  const base = (
    root ?? (typeof process !== 'undefined' && typeof process.cwd === 'function' ? process.cwd() : '')
  )
    .replace(/\\/g, '/')
    .replace(/\/+$/, '')
  if (base && file.startsWith(`${base}/`)) file = file.slice(base.length)
  file = file.replace(/^\/+/, '')
  return hashSeed(`${file}::${testName ?? ''}`)
}

/** Where a seed came from. */
export type SeedSource = 'option' | 'environment' | 'configure' | 'test' | 'random'

/** Name of the environment variable that overrides every default seed. */
export const SEED_ENV = 'PROBABLY_SEED'

function freshSeed(): string {
  const c = (globalThis as any).crypto
  if (c?.getRandomValues) {
    const a = new Uint32Array(1)
    c.getRandomValues(a)
    return (a[0] >>> 0).toString(16).padStart(8, '0')
  }
  return Math.floor(Math.random() * 2 ** 32)
    .toString(16)
    .padStart(8, '0')
}

/**
 * Chooses the seed for one matcher call. In order: the call's own `seed` option; `PROBABLY_SEED` from
 * the environment (`random` draws a fresh seed each call; the seed the call would have had anyway, as a
 * Reproduce line gives it, keeps its source); the seed given to `configure`; the test's default from
 * {@link seedFor}. A seed of the wrong kind, or a context that is not an object, is an
 * InvalidInputError / InvalidRangeError naming resolveSeed (callers validate seeds first to name themselves).
 */
export function resolveSeed(context: {
  option?: Seed
  configured?: Seed
  testPath?: string
  testName?: string
  /** The runner's root, which {@link seedFor} takes the test's path relative to. */
  root?: string
}): { seed: string; source: SeedSource } {
  const where = 'resolveSeed'
  if (context === null || typeof context !== 'object')
    throw new InvalidInputError(where, 'context', `must be an object, got ${describeValue(context)}`)
  for (const key of ['testPath', 'testName', 'root'] as const)
    if (context[key] != null && typeof context[key] !== 'string')
      throw new InvalidInputError(
        where,
        `context.${key}`,
        `must be a string or undefined, got ${describeValue(context[key])}`,
      )
  if (context.option !== undefined) return { seed: normaliseSeed(where, context.option), source: 'option' }
  const env = typeof process !== 'undefined' ? process.env?.[SEED_ENV] : undefined
  if (env !== undefined && env !== '') {
    if (env.toLowerCase() === 'random') return { seed: freshSeed(), source: 'random' }
    // A Reproduce line gives back the seed the call had: say where it came from, so that the rerun
    // prints the same message as the run it reproduces.
    if (context.configured !== undefined && env === normaliseSeed(where, context.configured))
      return { seed: env, source: 'configure' }
    if (context.configured === undefined && env === seedFor(context.testPath, context.testName, context.root))
      return { seed: env, source: 'test' }
    return { seed: env, source: 'environment' }
  }
  if (context.configured !== undefined)
    return { seed: normaliseSeed(where, context.configured), source: 'configure' }
  return { seed: seedFor(context.testPath, context.testName, context.root), source: 'test' }
}

/**
 * The test a default seed belongs to where no matcher is involved (e.g. `monteCarlo` called in a
 * test): its file, its name and the runner's root, as the matchers see them when probably/vitest or
 * probably/jest is loaded (so both give a test the same default seed), else as `expect.getState()` says.
 * Empty outside a test runner. Throws where the runner cannot tell which test is running (concurrent
 * tests): pass a seed there.
 */
export function currentTestSeedContext(where = 'currentTestSeedContext'): {
  testPath?: string
  testName?: string
  root?: string
} {
  if (typeof where !== 'string')
    throw new InvalidInputError(
      'currentTestSeedContext',
      'where',
      `must be a string (the caller's name), got ${describeValue(where)}`,
    )
  const g = globalThis as any
  const provider = g[Symbol.for('probably.testSeedContext')]
  if (typeof provider === 'function') return provider(where)
  try {
    const state =
      g[Symbol.for('expect-global')]?.getState?.() ??
      g.expect?.getState?.() ??
      g[Symbol.for('$$jest-matchers-object')]?.state
    return { testPath: state?.testPath, testName: state?.currentTestName }
  } catch {
    return {}
  }
}
