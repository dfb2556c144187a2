/**
 * Drawing values from a user's sampler: the one place every sampler-driven matcher and
 * {@link monteCarlo} goes through. It seeds every draw on its own (draw `i` of seed `s` gets
 * `createRng(s).fork(i)` and the seed string `s/i`), validates what the sampler returns, turns a throwing
 * sampler into an error that names the draw and its seed, and enforces a time budget.
 *
 * Also: {@link withSeededMathRandom} for models that call `Math.random` directly, and
 * {@link checkReproducible}, which reruns a sampler with one seed and finds the first place the
 * outputs differ.
 */
import { getConfig } from './config'
import { checkCount, describeValue, InvalidInputError, InvalidRangeError } from './errors'
import { createRng, type Rng, type Seed } from './random'

/** What a sampler is called with for each draw. */
export interface SamplerDraw {
  /** A seeded generator for this draw only: `createRng(seed).fork(index)`. */
  rng: Rng
  /** The seed of this draw as a string, `${seed}/${index}`: pass it to code that takes its own seed. */
  seed: string
  /** The number of this draw, from 0. */
  index: number
}

/**
 * A function from which a matcher draws values. It may return the value or a promise of it.
 *
 * @example
 * const sampler: Sampler<number> = ({ rng }) => model.predict(x, rng)
 */
export type Sampler<T> = (draw: SamplerDraw) => T | Promise<T>

/**
 * Validates one value returned by a sampler: returns `undefined` when the value is acceptable, or what
 * is wrong with it, phrased to follow "the value returned by the sampler at draw 3 …", e.g.
 * `'must be a finite number, got NaN'`.
 */
export type DrawCheck = (value: unknown) => string | undefined

/** Ready-made {@link DrawCheck}s. */
export const drawChecks: {
  /** A finite number (not NaN, not ±Infinity). */
  readonly finiteNumber: DrawCheck
  /** A non-empty array or typed array of finite numbers. */
  readonly numericArray: DrawCheck
} = Object.freeze({
  finiteNumber: (value: unknown): string | undefined => {
    if (typeof value !== 'number') return `must be a number, got ${describeValue(value)}`
    if (!Number.isFinite(value)) return `must be a finite number, got ${describeValue(value)}`
    return undefined
  },
  numericArray: (value: unknown): string | undefined => {
    if (!(Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))))
      return `must be an array or typed array of numbers, got ${describeValue(value)}`
    const xs = value as ArrayLike<unknown>
    if (xs.length === 0) return 'must not be an empty array'
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i]
      if (typeof v !== 'number' || !Number.isFinite(v))
        return `must hold only finite numbers, got ${describeValue(v)} at [${i}]`
    }
    return undefined
  },
})

/** Thrown when a sampler throws or its promise rejects; the original error is the `cause`. */
export class SamplerError extends Error {
  /** The function or matcher that was drawing. */
  readonly where: string
  /** The draw (or run) that failed, from 0. */
  readonly index: number
  /** The seed of that draw: call the sampler with it to reproduce the failure. */
  readonly seed: string
  constructor(where: string, index: number, seed: string, cause: unknown, label = 'draw') {
    const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : describeValue(cause)
    super(`${where}: the sampler threw at ${label} ${index} (seed "${seed}"): ${text}`, { cause })
    this.name = 'SamplerError'
    this.where = where
    this.index = index
    this.seed = seed
  }
}

/**
 * Which budget a sampler matcher's draws ran under: the call's `timeoutMs` option, configure's
 * `timeoutMs`, or what remained of the test's own timeout (then `testTimeoutMs`, `spentMs`, `runner`).
 */
export interface TimeBudget {
  /** The budget in milliseconds. */
  ms: number
  source: 'option' | 'configure' | 'test'
  /** The test's own timeout (source 'test'). */
  testTimeoutMs?: number
  /** Milliseconds the test had already spent when the call began (source 'test'). */
  spentMs?: number
  /** The runner whose timeout it is (source 'test'). */
  runner?: 'vitest' | 'jest' | undefined
}

/**
 * Thrown when drawing from a sampler takes longer than its time budget. The message says which limit
 * was hit, how far the run got, and how to raise the limit (and, from a matcher, the line that reruns
 * the test).
 */
export class SamplerTimeoutError extends Error {
  /** The function or matcher that was drawing. */
  readonly where: string
  /** The time budget in milliseconds. */
  readonly timeoutMs: number
  /** Draws completed before the budget ran out. */
  readonly completed: number
  /** Draws requested. */
  readonly requested: number
  /** Milliseconds spent when the run was stopped. */
  readonly elapsedMs: number
  /** The seed of the run. */
  readonly seed: string
  /** What was drawn ('draws', 'runs'...). */
  readonly label: string
  /** Which budget ran out, when a matcher said (see {@link TimeBudget}). */
  readonly budget: TimeBudget | undefined
  /** The command that reruns the test, when a matcher gave it. */
  readonly reproduce: string | undefined
  constructor(
    where: string,
    info: {
      timeoutMs: number
      completed: number
      requested: number
      elapsedMs: number
      seed: string
      budget?: TimeBudget
      reproduce?: string
    },
    label = 'draws',
  ) {
    const { timeoutMs, completed, requested, elapsedMs, seed, budget, reproduce } = info
    const one = label.replace(/s$/, '')
    const rate =
      completed > 0
        ? ` At the rate seen (${formatMs(elapsedMs / completed)} per ${one}), all ${requested} would take about ${formatMs((elapsedMs / completed) * requested)}.`
        : ` Not one ${one} finished: check that the sampler's promise settles at all (it may never resolve).`
    const suggestion =
      completed > 0 ? Math.ceil(((elapsedMs / completed) * requested * 1.5) / 1000) * 1000 : undefined
    const raised = suggestion ?? timeoutMs * 10
    let which = 'timeoutMs'
    let budgetSentence = ''
    let raise = ` Raise the budget with { timeoutMs: ${raised} } on this call or configure({ timeoutMs }) for every matcher,`
    let runnerNote =
      " The test runner's own timeout (Vitest testTimeout, Jest's 5 s default) must be above the budget: pass a larger timeout as the last argument of it()/test()."
    if (budget?.source === 'option') budgetSentence = " The budget was this call's timeoutMs option."
    else if (budget?.source === 'configure')
      budgetSentence = ' The budget was timeoutMs from configure() (default 4 s).'
    else if (budget?.source === 'test') {
      const setting =
        budget.runner === 'jest'
          ? "set by Jest's testTimeout (default 5 s), jest.setTimeout() or the test's timeout argument"
          : budget.runner === 'vitest'
            ? "set by Vitest's testTimeout (default 5 s) or the test's timeout argument"
            : 'set by the test runner'
      const need = Math.ceil(((budget.spentMs ?? 0) + raised) / 1000) * 1000 + 1000
      which = "what remained of the test's own timeout"
      budgetSentence = ` The test's own timeout is ${formatMs(budget.testTimeoutMs ?? 0)} (${setting}); ${formatMs(budget.spentMs ?? 0)} of it had been spent before this call, and a margin is kept for the rest of the test.`
      raise = ` Give the test more time: a timeout of at least ${need} ms as the last argument of it()/test(), or testTimeout: ${need} in the runner's configuration${budget.runner === 'jest' ? ` (or jest.setTimeout(${need}))` : ''},`
      runnerNote = ''
    }
    super(
      `${where}: the sampler ran out of its time budget of ${formatMs(timeoutMs)} (${which}) after ${completed} of ${requested} ${label} (seed "${seed}").${budgetSentence}${rate}` +
        `${raise} ask for fewer ${label}, or make the sampler faster.${runnerNote}` +
        (reproduce ? `\nReproduce: ${reproduce}` : ''),
    )
    this.name = 'SamplerTimeoutError'
    this.where = where
    this.timeoutMs = timeoutMs
    this.completed = completed
    this.requested = requested
    this.elapsedMs = elapsedMs
    this.seed = seed
    this.label = label
    this.budget = budget
    this.reproduce = reproduce
  }
}

function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(0)} s`
  if (ms >= 1000) return `${Number((ms / 1000).toPrecision(3))} s`
  if (ms >= 1) return `${Number(ms.toPrecision(3))} ms`
  return `${Number((ms * 1000).toPrecision(3))} µs`
}

// The real timer functions, captured when this module loads, so that fake timers a test installs later
// (vi.useFakeTimers, jest.useFakeTimers) neither freeze the time budget nor stall the occasional yield.
const realSetTimeout = globalThis.setTimeout
const realClearTimeout = globalThis.clearTimeout
const realSetImmediate: ((cb: () => void) => unknown) | undefined = (globalThis as any).setImmediate
const realNow: () => number =
  typeof performance !== 'undefined' && typeof performance.now === 'function'
    ? performance.now.bind(performance)
    : Date.now

/** How often (ms) a synchronous loop over draws hands control back to the event loop. */
const YIELD_EVERY_MS = 25

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (realSetImmediate) realSetImmediate(resolve)
    else realSetTimeout(resolve, 0)
  })
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as any).then === 'function'
  )
}

/** True when `x` can be used as a sampler, i.e. is a function. */
export function isSampler(x: unknown): x is Sampler<unknown> {
  return typeof x === 'function'
}

function checkTimeout(where: string, timeoutMs: unknown): number {
  if (timeoutMs === undefined) return getConfig().timeoutMs
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || !(timeoutMs > 0))
    throw new InvalidRangeError(
      where,
      'timeoutMs',
      `must be a positive number of milliseconds (or Infinity), got ${describeValue(timeoutMs)}`,
    )
  return timeoutMs
}

function checkSeed(where: string, seed: unknown): string {
  if (typeof seed === 'number' && Number.isFinite(seed)) return String(seed)
  if (typeof seed === 'string' && seed.length > 0) return seed
  throw new InvalidInputError(
    where,
    'seed',
    `must be a non-empty string or a finite number, got ${describeValue(seed)}`,
  )
}

const TIMED_OUT = Symbol('timed out')

/** What to do when one call of the sampler throws, rejects or exceeds `callTimeoutMs`. */
export type OnDrawError = 'fail' | 'count-as-failure'

/** Thrown (as the `cause` of a {@link SamplerError}) when one call exceeds its `callTimeoutMs`. */
export class CallTimeoutError extends Error {
  /** The per-call budget in milliseconds. */
  readonly callTimeoutMs: number
  constructor(callTimeoutMs: number) {
    super(`the call did not settle within callTimeoutMs = ${formatMs(callTimeoutMs)}`)
    this.name = 'CallTimeoutError'
    this.callTimeoutMs = callTimeoutMs
  }
}

/**
 * The draw handed to a sampler. A class (not an object literal with a closure getter): `seed` and `rng` are
 * made on first use from prototype getters, so a draw costs one small allocation, and a sampler that reads
 * neither pays for neither (seeding a generator costs about 2.5 µs).
 */
class Draw implements SamplerDraw {
  readonly index: number
  private readonly base: string
  private r: Rng | undefined
  private s: string | undefined
  constructor(base: string, index: number) {
    this.base = base
    this.index = index
  }
  get seed(): string {
    if (this.s === undefined) this.s = `${this.base}/${this.index}`
    return this.s
  }
  get rng(): Rng {
    if (this.r === undefined) this.r = createRng(this.seed)
    return this.r
  }
  toJSON(): { seed: string; index: number } {
    return { seed: this.seed, index: this.index }
  }
}

interface LoopSpec {
  where: string
  /** The first draw index (inclusive) and the end (exclusive). */
  from: number
  to: number
  seed: string
  timeoutMs: number
  /** Absolute deadline on the realNow() clock (default: now + timeoutMs). */
  deadline?: number
  /** 'throw' a SamplerTimeoutError at the deadline (default) or 'stop' and return what finished. */
  onTimeout?: 'throw' | 'stop'
  concurrency: number
  label: 'draw' | 'run'
  /** The draw handed to the sampler at each index (default: a {@link Draw} of `seed` and the index). */
  makeDraw?: (index: number) => SamplerDraw
  check?: DrawCheck
  callTimeoutMs?: number
  onError?: OnDrawError
  failureValue?: unknown
  /** For the timeout message: draws requested in all (default to - from). */
  requested?: number
  /** Draws completed before this range (for the timeout message). */
  before?: number
  /**
   * The array to store into, holding the run's values before `from` (its length is `from`): values go to
   * their draw index, and it is cut to the finished prefix at the end. Default: a new array of the range,
   * by draw index less `from`.
   */
  into?: unknown[]
}

/** What {@link runLoop} returns. */
interface LoopResult<T> {
  /** Values by draw index (offset by `from`, or in `into`); holes where a draw did not finish. */
  values: T[]
  /** The number of draws, from `from`, that finished without a gap. */
  prefix: number
  /** Calls that threw, rejected or timed out and were counted as failures. */
  errors: number
  /** Of those, the ones within the prefix. */
  prefixErrors: number
  timedOut: boolean
  elapsedMs: number
  /** The most calls that were in flight at once. */
  peakInFlight: number
  /** The seed of the run. */
  seed: string
}

/** The draw of a call in flight (one per async worker). */
interface Slot {
  index: number
  draw: SamplerDraw | undefined
}

/** What `launch` returns when the event loop is due a turn. */
const YIELD = Symbol('yield')

/**
 * The clock is read every `every` draws (the deadline, the yield to the event loop): doubled (up to 64)
 * while a stretch takes under 0.25 ms, halved when it takes longer, so that fast draws do not pay for a
 * clock read each and slow ones still do.
 */
function nextStretch(every: number, elapsedMs: number): number {
  return elapsedMs < 0.25 ? Math.min(64, every * 2) : Math.max(1, every >> 1)
}

/**
 * The engine behind drawSamples, drawRange and checkReproducible. Per draw it only makes the draw, calls the
 * sampler and stores the value: the clock is read once per stretch of draws (see {@link nextStretch}), the
 * deadline of an async run is raced once for the whole run, and what only an error needs (the draw's seed
 * string, the message) is made only when there is one.
 */
async function runLoop<T>(sampler: Sampler<T>, spec: LoopSpec): Promise<LoopResult<T>> {
  const { where, from, to, timeoutMs, label, makeDraw, check, callTimeoutMs } = spec
  const base = spec.seed
  const count = to - from
  const countAsFailure = spec.onError === 'count-as-failure'
  const stopAtDeadline = spec.onTimeout === 'stop'
  const into = spec.into as T[] | undefined
  // Made at the first value, at one of two allocation sites by its type: V8 learns at an allocation site
  // which kinds of element its arrays came to hold, and starts the next arrays as the most general of them;
  // one site for all would, once a sampler's booleans had been stored, make every later array of numbers
  // generic (each number boxed on the heap; checked with %HasDoubleElements at 10 and 10^5 draws).
  let values: T[] | undefined = into
  const shift = into === undefined ? from : 0
  // 1: finished, 2: finished as a failure (onError: 'count-as-failure').
  const done: Uint8Array = new Uint8Array(count)
  const start = realNow()
  const deadline = spec.deadline ?? start + timeoutMs
  let completed = 0
  let errors = 0
  let lastYield = start
  let inFlight = 0
  let peakInFlight = 0
  let timedOut = false

  const timeoutError = () =>
    new SamplerTimeoutError(
      where,
      {
        timeoutMs,
        completed: (spec.before ?? 0) + completed,
        requested: spec.requested ?? count,
        elapsedMs: realNow() - start + (timeoutMs - (deadline - start)),
        seed: spec.seed,
      },
      `${label}s`,
    )
  const badValue = (i: number, draw: SamplerDraw, problem: string) =>
    new InvalidInputError(
      where,
      `the value returned by the sampler at ${label} ${i} (seed "${draw.seed}")`,
      problem,
    )
  const accept = (i: number, draw: SamplerDraw, value: unknown) => {
    if (check !== undefined) {
      const problem = check(value)
      if (problem !== undefined) throw badValue(i, draw, problem)
    }
    // Numbers are stored, and their array made, by lines of their own (see `values` above): once one
    // sampler's booleans (or objects) had been stored at a shared line, the numbers of every later sampler
    // would be stored boxed (one heap object per draw, kept alive to the end: garbage-collector work).
    if (typeof value === 'number') {
      if (values === undefined) values = new Array(count)
      values[i - shift] = value as T
    } else {
      if (values === undefined) values = new Array(count)
      values[i - shift] = value as T
    }
    done[i - from] = 1
    completed++
  }
  const failed = (i: number, draw: SamplerDraw, error: unknown) => {
    if (!countAsFailure) throw new SamplerError(where, i, draw.seed, error, label)
    errors++
    if (values === undefined) values = new Array(count)
    values[i - shift] = spec.failureValue as T
    done[i - from] = 2
    completed++
  }
  const finish = (): LoopResult<T> => {
    let prefix = 0
    let prefixErrors = 0
    while (prefix < count && done[prefix] !== 0) if (done[prefix++] === 2) prefixErrors++
    if (into !== undefined) into.length = from + prefix
    if (values === undefined) values = new Array(count)
    return {
      values,
      prefix,
      errors,
      prefixErrors,
      timedOut,
      elapsedMs: realNow() - start,
      peakInFlight,
      seed: base,
    }
  }

  // Every call is started by `launch`: it makes the draws and calls the sampler, storing plain values, until
  // a call returns a promise (returned, its draw in `slot`), the run ends (undefined) or the event loop is
  // due a turn (YIELD, every YIELD_EVERY_MS). The clock is read once per stretch of calls (one read serves
  // the deadline and the yield). A sampler that returns plain values thus runs in this one synchronous loop.
  let next = from
  let stopped = false
  let every = 1
  let countdown = 1
  let lastCheck = start
  const launch = (slot: Slot): PromiseLike<unknown> | typeof YIELD | undefined => {
    for (;;) {
      if (stopped || next >= to) return undefined
      if (--countdown <= 0) {
        const now = realNow()
        every = nextStretch(every, now - lastCheck)
        countdown = every
        lastCheck = now
        if (now >= deadline) {
          if (!stopAtDeadline) throw timeoutError()
          timedOut = true
          stopped = true
          return undefined
        }
        if (now - lastYield >= YIELD_EVERY_MS) {
          lastYield = now
          countdown = 1 // the clock again after the turn
          return YIELD
        }
      }
      const index = next++
      const draw = makeDraw === undefined ? new Draw(base, index) : makeDraw(index)
      let r: unknown
      try {
        r = sampler(draw)
      } catch (error) {
        failed(index, draw, error)
        continue
      }
      if (isThenable(r)) {
        slot.index = index
        slot.draw = draw
        return r
      }
      accept(index, draw, r)
    }
  }

  // Synchronous phase: until the first promise.
  const first: Slot = { index: -1, draw: undefined }
  let call = launch(first)
  while (call === YIELD) {
    await yieldToEventLoop()
    lastYield = realNow()
    call = launch(first)
  }
  if (call === undefined) return finish()

  // Asynchronous phase: `concurrency` workers, each awaiting its call and launching the next. The deadline
  // is raced once, by the whole run (not by every call: a race per call was most of the per-draw cost); a
  // call that never settles leaves its worker waiting, and the run ends at the deadline all the same. The
  // worker itself is kept small (few locals live across its await: each await saves and restores them).
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadlinePromise = new Promise<typeof TIMED_OUT>((resolve) => {
    const remaining = deadline - realNow()
    if (Number.isFinite(remaining)) timer = realSetTimeout(() => resolve(TIMED_OUT), Math.max(0, remaining))
  })
  const withCallTimeout = (promise: PromiseLike<unknown>): Promise<unknown> => {
    let callTimer: ReturnType<typeof setTimeout> | undefined
    return Promise.race([
      promise,
      new Promise((_, reject) => {
        callTimer = realSetTimeout(() => reject(new CallTimeoutError(callTimeoutMs as number)), callTimeoutMs)
      }),
    ]).finally(() => realClearTimeout(callTimer))
  }
  const timedCalls = callTimeoutMs !== undefined && Number.isFinite(callTimeoutMs)
  /** Records a settled call; false when the run has stopped meanwhile. */
  const settle = (slot: Slot, ok: boolean, value: unknown): boolean => {
    inFlight--
    if (stopped) return false
    if (ok) accept(slot.index, slot.draw as SamplerDraw, value)
    else failed(slot.index, slot.draw as SamplerDraw, value)
    return true
  }
  const worker = async (slot: Slot, started?: PromiseLike<unknown>): Promise<void> => {
    let call: PromiseLike<unknown> | typeof YIELD | undefined = started ?? launch(slot)
    while (call !== undefined) {
      if (call === YIELD) await yieldToEventLoop()
      else {
        if (++inFlight > peakInFlight) peakInFlight = inFlight
        let ok = true
        let v: unknown
        try {
          v = await (timedCalls ? withCallTimeout(call) : call)
        } catch (error) {
          ok = false
          v = error
        }
        if (!settle(slot, ok, v)) return
      }
      call = launch(slot)
    }
  }
  const workers: Promise<void>[] = [worker(first, call)]
  for (let w = 1; w < spec.concurrency; w++) workers.push(worker({ index: -1, draw: undefined }))
  const all = Promise.all(
    workers.map((p) =>
      p.catch((error) => {
        stopped = true
        throw error
      }),
    ),
  )
  let outcome: unknown
  try {
    outcome = await Promise.race([all, deadlinePromise])
  } finally {
    stopped = true
    if (timer !== undefined) realClearTimeout(timer)
  }
  if (outcome === TIMED_OUT) {
    all.catch(() => undefined) // a worker still waiting may fail later: nobody listens any more
    if (stopAtDeadline) {
      timedOut = true
      return finish()
    }
    throw timeoutError()
  }
  return finish()
}

/** Options of {@link drawSamples}. */
export interface DrawOptions {
  /** How many values to draw (a whole number ≥ 1). */
  samples: number
  /** The seed of the run; draw `i` is seeded with `${seed}/${i}`. */
  seed: Seed
  /**
   * Time budget in milliseconds for the whole run, including a sampler promise that never settles.
   * Default: `getConfig().timeoutMs` (4000). `Infinity` turns it off. A synchronous sampler is checked
   * between draws: one draw that blocks the thread forever cannot be interrupted.
   */
  timeoutMs?: number
  /**
   * How many sampler promises may be pending at once (default 1): at most this many calls are in flight.
   * Values keep their draw order, and draw i gets the seed of draw i whatever order the calls finish in.
   */
  concurrency?: number
  /**
   * Time budget in milliseconds for one call of an async sampler (default: none, only the total budget).
   * A call that exceeds it is an error of that draw (see `onError`); its promise is left to settle unseen.
   */
  callTimeoutMs?: number
  /**
   * A call that throws, rejects or exceeds `callTimeoutMs`: `'fail'` (default) throws a
   * {@link SamplerError} naming the draw and its seed; `'count-as-failure'` keeps `failureValue` as the
   * draw's value (for flaky endpoints, where an error is a failed attempt) and counts it in `errors`.
   */
  onError?: OnDrawError
  /** The value kept for a failed call under `onError: 'count-as-failure'` (default `false`). */
  failureValue?: unknown
  /** The function or matcher drawing, named in every error (default `'drawSamples'`). */
  where?: string
  /** Validates each value; see {@link drawChecks}. Default: accept anything. */
  check?: DrawCheck
}

/** What {@link drawSamples} returns. */
export interface DrawResult<T> {
  /** The values, in draw order. */
  values: T[]
  /** The seed of the run, as a string. */
  seed: string
  /** Wall-clock milliseconds the run took. */
  elapsedMs: number
  /** Calls counted as failures under `onError: 'count-as-failure'` (0 otherwise). */
  errors: number
  /** The most sampler promises that were pending at once. */
  peakInFlight: number
}

/** The checked drawing options shared by {@link drawSamples} and {@link drawRange}. */
function checkDrawOptions(where: string, options: Omit<DrawOptions, 'samples'>) {
  const seed = checkSeed(where, options.seed)
  const timeoutMs = checkTimeout(where, options.timeoutMs)
  const concurrency = checkCount(where, 'concurrency', options.concurrency ?? 1, 1)
  if (options.check !== undefined && typeof options.check !== 'function')
    throw new InvalidInputError(where, 'check', 'must be a function')
  const callTimeoutMs = options.callTimeoutMs
  if (
    callTimeoutMs !== undefined &&
    (typeof callTimeoutMs !== 'number' || Number.isNaN(callTimeoutMs) || !(callTimeoutMs > 0))
  )
    throw new InvalidRangeError(
      where,
      'callTimeoutMs',
      `must be a positive number of milliseconds (or Infinity), got ${describeValue(callTimeoutMs)}`,
    )
  const onError = options.onError ?? 'fail'
  if (onError !== 'fail' && onError !== 'count-as-failure')
    throw new InvalidInputError(
      where,
      'onError',
      `must be 'fail' or 'count-as-failure', got ${describeValue(onError)}`,
    )
  return { seed, timeoutMs, concurrency, callTimeoutMs, onError }
}

/**
 * Draws `samples` values from a sampler. Draw `i` is called with `{ rng: createRng(seed).fork(i),
 * seed: `${seed}/${i}`, index: i }`, so each draw can be reproduced on its own. A sampler that returns
 * plain values runs in a tight synchronous loop (yielding to the event loop every 25 ms); one that returns
 * promises is awaited, `concurrency` at a time.
 *
 * Errors: {@link InvalidInputError} when a value fails `check` (names the draw and its seed);
 * {@link SamplerError} when the sampler throws or rejects (the original error is the `cause`; not with
 * `onError: 'count-as-failure'`); {@link SamplerTimeoutError} when the run exceeds `timeoutMs`.
 *
 * @example
 * const { values } = await drawSamples(({ rng }) => rng.normal(), { samples: 500, seed: 'abc', check: drawChecks.finiteNumber })
 */
export async function drawSamples<T>(sampler: Sampler<T>, options: DrawOptions): Promise<DrawResult<T>> {
  const where = checkSamplerCall('drawSamples', sampler, options)
  const samples = checkCount(where, 'samples', options.samples, 1)
  const { values, seed, elapsedMs, errors, peakInFlight } = await drawLoop(
    where,
    sampler,
    options,
    0,
    samples,
  )
  return { values, seed, elapsedMs, errors, peakInFlight }
}

/** Checks the sampler and the options object of a drawing function; returns who is drawing. */
function checkSamplerCall(defaultWhere: string, sampler: unknown, options: unknown): string {
  const where = (options as { where?: string } | null | undefined)?.where ?? defaultWhere
  if (!isSampler(sampler))
    throw new InvalidInputError(where, 'sampler', `must be a function, got ${describeValue(sampler)}`)
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  return where
}

/**
 * The one loop of {@link drawSamples} and {@link drawRange}: draws `from` … `to − 1`, seeded by index; with
 * `deadline` it stops there and returns what finished, without it the run throws at its `timeoutMs`.
 */
function drawLoop<T>(
  where: string,
  sampler: Sampler<T>,
  options: Omit<DrawOptions, 'samples'>,
  from: number,
  to: number,
  deadline?: number,
  into?: T[],
): Promise<LoopResult<T>> {
  const o = checkDrawOptions(where, options)
  // Field by field, not spread: a sequential run calls this once per batch.
  return runLoop(sampler, {
    where,
    from,
    to,
    seed: o.seed,
    timeoutMs: o.timeoutMs,
    deadline,
    onTimeout: deadline === undefined ? 'throw' : 'stop',
    concurrency: o.concurrency,
    label: 'draw',
    check: options.check,
    callTimeoutMs: o.callTimeoutMs,
    onError: o.onError,
    failureValue: options.failureValue ?? false,
    into,
  })
}

/** Options of {@link drawRange}: those of {@link drawSamples} without `samples`, and a shared deadline. */
export interface DrawRangeOptions extends Omit<DrawOptions, 'samples'> {
  /** The first draw index (inclusive). */
  from: number
  /** The end (exclusive). */
  to: number
  /**
   * When the whole run (of which this range is a part) must end, in milliseconds on the
   * `performance.now()` clock; with it the range stops at the deadline and returns what finished,
   * instead of throwing. Default: now + timeoutMs, throwing a {@link SamplerTimeoutError}.
   */
  deadline?: number
}

/** What {@link drawRange} returns. */
export interface DrawRangeResult<T> {
  /** The values of draws `from`, `from + 1`, … that finished without a gap (the sequential prefix). */
  values: T[]
  /** True when the deadline stopped the range before `to`. */
  timedOut: boolean
  /** Calls counted as failures under `onError: 'count-as-failure'`, within `values`. */
  errors: number
  elapsedMs: number
  peakInFlight: number
}

/**
 * Draws the draws `from` … `to − 1` of a run (seeded exactly as {@link drawSamples} seeds them), for
 * samplers drawn in batches (sequential tests). With `deadline` it stops there and returns the longest
 * finished prefix of the range, so that what a decision sees never depends on which calls happened to be
 * fast.
 */
export function drawRange<T>(sampler: Sampler<T>, options: DrawRangeOptions): Promise<DrawRangeResult<T>> {
  return rangeLoop(sampler, options, undefined)
}

/**
 * {@link drawRange} appending to `values`, the run so far (its length must be `options.from`): the
 * finished prefix of the range is stored there in place, without a copy of each batch (internal: the loop
 * of {@link drawSequentially}). Returns what drawRange returns, with `values` the whole run.
 */
export function drawRangeInto<T>(
  sampler: Sampler<T>,
  options: DrawRangeOptions,
  values: T[],
): Promise<DrawRangeResult<T>> {
  return rangeLoop(sampler, options, values)
}

async function rangeLoop<T>(
  sampler: Sampler<T>,
  options: DrawRangeOptions,
  into: T[] | undefined,
): Promise<DrawRangeResult<T>> {
  const where = checkSamplerCall('drawRange', sampler, options)
  const from = checkCount(where, 'from', options.from, 0)
  const to = checkCount(where, 'to', options.to, from)
  if (options.deadline !== undefined && typeof options.deadline !== 'number')
    throw new InvalidInputError(where, 'deadline', 'must be a number')
  if (into !== undefined && into.length !== from)
    throw new InvalidRangeError(
      where,
      'values',
      `must hold the ${from} draws before the range, has ${into.length}`,
    )
  const r = await drawLoop(where, sampler, options, from, to, options.deadline, into)
  return {
    values: into ?? (r.prefix === to - from ? r.values : r.values.slice(0, r.prefix)),
    timedOut: r.timedOut,
    errors: r.prefixErrors,
    elapsedMs: r.elapsedMs,
    peakInFlight: r.peakInFlight,
  }
}

/** The clock the time budgets use (performance.now, captured before any fake timers). */
export function samplerClock(): number {
  return realNow()
}

interface MathRandomEntry {
  random: () => number
}
let mathRandomOriginal: (() => number) | undefined
const mathRandomActive: MathRandomEntry[] = []

function installMathRandom(entry: MathRandomEntry): void {
  if (mathRandomActive.length === 0) mathRandomOriginal = Math.random
  mathRandomActive.push(entry)
  Math.random = entry.random
}

function uninstallMathRandom(entry: MathRandomEntry): void {
  const k = mathRandomActive.indexOf(entry)
  if (k >= 0) mathRandomActive.splice(k, 1)
  if (mathRandomActive.length === 0) {
    if (mathRandomOriginal) Math.random = mathRandomOriginal
    mathRandomOriginal = undefined
  } else Math.random = mathRandomActive[mathRandomActive.length - 1].random
}

/**
 * Runs `fn` with `Math.random` replaced by a generator seeded with `seed` (the same {@link Rng} as
 * `createRng(seed)`, which `fn` also receives), for models that call `Math.random` directly. The
 * original `Math.random` is restored when `fn` returns, throws, or — when it returns a promise — when
 * that promise settles.
 *
 * Caveat: `Math.random` is global. While an async `fn` is pending, every other piece of code running
 * in the meantime (other tests of the same file running concurrently, timers) also draws from the seeded
 * generator, and its draws shift the stream `fn` sees. Overlapping calls are safe in that `Math.random`
 * always ends up restored once the last one settles (the most recently started still-running call's
 * generator is in place meanwhile), but they are only reproducible when run one at a time.
 *
 * @example
 * const y = withSeededMathRandom('abc', () => legacyModel.predict(x)) // legacyModel calls Math.random
 */
export function withSeededMathRandom<R>(seed: Seed, fn: (rng: Rng) => R): R {
  const where = 'withSeededMathRandom'
  const s = checkSeed(where, seed)
  if (typeof fn !== 'function')
    throw new InvalidInputError(where, 'fn', `must be a function, got ${describeValue(fn)}`)
  const rng = createRng(s)
  const entry: MathRandomEntry = { random: () => rng.next() }
  installMathRandom(entry)
  let result: R
  try {
    result = fn(rng)
  } catch (error) {
    uninstallMathRandom(entry)
    throw error
  }
  if (isThenable(result)) {
    return Promise.resolve(result).finally(() => uninstallMathRandom(entry)) as R
  }
  uninstallMathRandom(entry)
  return result
}

/** Where two outputs of a sampler first differ. */
export interface OutputDifference {
  /**
   * Where, from the root of the output: `''` for the output itself, `[3]` for an index, `.score` for a
   * key, `.get("k")` for a Map entry, e.g. `[3].score`.
   */
  path: string
  /** The two differing values: from the first run and from `run`. */
  values: [unknown, unknown]
  /** What differs: `'value'`, `'type'`, `'length'`, `'keys'` (a key present in only one). */
  kind: 'value' | 'type' | 'length' | 'keys'
  /** The run (from 0) whose output differed from run 0's. */
  run: number
}

/** What {@link checkReproducible} returns. */
export interface ReproducibilityResult<T> {
  /** True when every run gave deep-equal output. */
  reproducible: boolean
  /** The output of each run. */
  runs: T[]
  /** The first difference found against run 0, or undefined. */
  firstDifference: OutputDifference | undefined
  /** The seed every run was given. */
  seed: string
}

/** Options of {@link checkReproducible}. */
export interface ReproducibleOptions {
  /** The seed every run gets. */
  seed: Seed
  /** How many times to run the sampler (a whole number ≥ 2, default 2). */
  runs?: number
  /** The function or matcher calling, named in errors (default `'checkReproducible'`). */
  where?: string
  /** Time budget in milliseconds for all runs together (default `getConfig().timeoutMs`). */
  timeoutMs?: number
  /** At most this many runs in flight at once (default 1); every run gets the same seed whatever the order. */
  concurrency?: number
}

function keyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
}

function typeTag(x: unknown): string {
  if (x === null) return 'null'
  if (typeof x !== 'object') return typeof x
  if (Array.isArray(x)) return 'Array'
  if (ArrayBuffer.isView(x)) return x.constructor?.name ?? 'TypedArray'
  if (x instanceof Map) return 'Map'
  if (x instanceof Set) return 'Set'
  if (x instanceof Date) return 'Date'
  if (x instanceof RegExp) return 'RegExp'
  if (x instanceof ArrayBuffer) return 'ArrayBuffer'
  const proto = Object.getPrototypeOf(x)
  if (proto === null || proto === Object.prototype) return 'Object'
  return proto.constructor?.name ?? 'Object'
}

type Diff = Omit<OutputDifference, 'run'>

/**
 * Deep comparison of two outputs. Numbers (also inside typed arrays) compare with `Object.is`: NaN
 * equals NaN, and 0 differs from -0, as in Jest's and Vitest's `toEqual` (a sign-of-zero change is a
 * genuine change of floating-point path). Arrays and typed arrays compare by type, length and
 * elements; plain objects and class instances by constructor name and own enumerable keys (in any
 * order; private `#fields` are not seen);
 * Maps by keys (looked up, so insertion order does not matter) and values; Sets of primitives by
 * membership, other Sets in iteration order; Dates by time; functions and symbols by identity.
 */
function deepDifference(a: unknown, b: unknown, path: string, seen: Map<object, object>): Diff | undefined {
  if (Object.is(a, b)) return undefined
  const ta = typeTag(a)
  const tb = typeTag(b)
  if (ta !== tb) return { path, values: [a, b], kind: 'type' }
  if (typeof a !== 'object' || a === null || b === null) return { path, values: [a, b], kind: 'value' }
  const oa = a as object
  const ob = b as object
  if (seen.get(oa) === ob) return undefined
  seen.set(oa, ob)
  if (Array.isArray(oa)) {
    const xb = ob as unknown[]
    if (oa.length !== xb.length)
      return { path: `${path}.length`, values: [oa.length, xb.length], kind: 'length' }
    for (let i = 0; i < oa.length; i++) {
      const d = deepDifference(oa[i], xb[i], `${path}[${i}]`, seen)
      if (d) return d
    }
    return undefined
  }
  if (oa instanceof DataView || oa instanceof ArrayBuffer) {
    const bytes = (x: object) =>
      x instanceof DataView
        ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength)
        : new Uint8Array(x as ArrayBuffer)
    return deepDifference(bytes(oa), bytes(ob), path, seen)
  }
  if (ArrayBuffer.isView(oa)) {
    const xa = oa as unknown as ArrayLike<unknown>
    const xb = ob as unknown as ArrayLike<unknown>
    if (xa.length !== xb.length)
      return { path: `${path}.length`, values: [xa.length, xb.length], kind: 'length' }
    for (let i = 0; i < xa.length; i++)
      if (!Object.is(xa[i], xb[i])) return { path: `${path}[${i}]`, values: [xa[i], xb[i]], kind: 'value' }
    return undefined
  }
  if (oa instanceof Date) {
    return Object.is(oa.getTime(), (ob as Date).getTime())
      ? undefined
      : { path, values: [a, b], kind: 'value' }
  }
  if (oa instanceof RegExp) {
    return String(oa) === String(ob) ? undefined : { path, values: [a, b], kind: 'value' }
  }
  if (oa instanceof Map) {
    const mb = ob as Map<unknown, unknown>
    if (oa.size !== mb.size) return { path: `${path}.size`, values: [oa.size, mb.size], kind: 'length' }
    for (const [k, v] of oa) {
      const kp = `${path}.get(${typeof k === 'string' ? JSON.stringify(k) : String(k)})`
      if (!mb.has(k)) return { path: kp, values: [v, undefined], kind: 'keys' }
      const d = deepDifference(v, mb.get(k), kp, seen)
      if (d) return d
    }
    return undefined
  }
  if (oa instanceof Set) {
    const sb = ob as Set<unknown>
    if (oa.size !== sb.size) return { path: `${path}.size`, values: [oa.size, sb.size], kind: 'length' }
    const la = [...oa]
    const lb = [...sb]
    for (let i = 0; i < la.length; i++) {
      const x = la[i]
      if (x === null || typeof x !== 'object') {
        if (!sb.has(x)) return { path: `${path}.has(${String(x)})`, values: [true, false], kind: 'keys' }
      } else {
        const d = deepDifference(x, lb[i], `${path}[...${i}]`, seen)
        if (d) return d
      }
    }
    return undefined
  }
  const ka = Object.keys(oa)
  const kb = new Set(Object.keys(ob))
  for (const k of ka) {
    if (!kb.has(k)) return { path: `${path}${keyPath(k)}`, values: [(oa as any)[k], undefined], kind: 'keys' }
    const d = deepDifference((oa as any)[k], (ob as any)[k], `${path}${keyPath(k)}`, seen)
    if (d) return d
    kb.delete(k)
  }
  for (const k of kb)
    return { path: `${path}${keyPath(k)}`, values: [undefined, (ob as any)[k]], kind: 'keys' }
  return undefined
}

/**
 * The first place two outputs differ, by the comparison {@link checkReproducible} uses, or undefined
 * when they are deep-equal. A matcher that reruns a failed draw with the same seed can use it to say
 * where the rerun departed, e.g. `path: '[17]'` for the 18th draw of two `drawSamples` value arrays.
 *
 * @example findOutputDifference([{ a: 1 }], [{ a: 2 }]) // { path: '[0].a', values: [1, 2], kind: 'value' }
 */
export function findOutputDifference(a: unknown, b: unknown): Omit<OutputDifference, 'run'> | undefined {
  return deepDifference(a, b, '', new Map())
}

/**
 * Runs a sampler `runs` times with the same seed and compares the outputs deeply (see below). Every run
 * gets the same draw `{ rng: createRng(seed), seed, index: 0 }` (a fresh generator each time), so a
 * sampler whose output depends only on what it is given returns the same thing every time; one that
 * reads `Math.random`, the clock or global state usually does not.
 *
 * Comparison: numbers (also inside typed arrays) with `Object.is` — NaN equals NaN, 0 differs from -0,
 * as in Jest's and Vitest's `toEqual`; arrays and typed arrays by type, length and elements; plain
 * objects and class instances by constructor name and own enumerable keys in any order (private
 * `#fields` are not seen); Maps by key lookup and
 * value; Sets of primitives by membership (others in iteration order); Dates by time; functions and
 * symbols by identity. The first difference against run 0 is reported with a path like `[3].score`.
 *
 * @example
 * const r = await checkReproducible(({ seed }) => transform(data, seed), { seed: 'abc' })
 * if (!r.reproducible) console.log(r.firstDifference) // { path: '[3].score', values: [0.1, 0.2], ... }
 */
export async function checkReproducible<T>(
  sampler: Sampler<T>,
  options: ReproducibleOptions,
): Promise<ReproducibilityResult<T>> {
  const where = options?.where ?? 'checkReproducible'
  if (!isSampler(sampler))
    throw new InvalidInputError(where, 'sampler', `must be a function, got ${describeValue(sampler)}`)
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  const seed = checkSeed(where, options.seed)
  const runs = checkCount(where, 'runs', options.runs ?? 2, 2)
  const timeoutMs = checkTimeout(where, options.timeoutMs)
  const concurrency = checkCount(where, 'concurrency', options.concurrency ?? 1, 1)
  const { values } = await runLoop(sampler, {
    where,
    from: 0,
    to: runs,
    seed,
    timeoutMs,
    concurrency,
    label: 'run',
    makeDraw: () => ({ rng: createRng(seed), seed, index: 0 }),
  })
  let firstDifference: OutputDifference | undefined
  for (let r = 1; r < runs && !firstDifference; r++) {
    const d = deepDifference(values[0], values[r], '', new Map())
    if (d) firstDifference = { ...d, run: r }
  }
  return { reproducible: firstDifference === undefined, runs: values, firstDifference, seed }
}
