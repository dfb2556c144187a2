/**
 * `await expect(sampler).toBeReproducible({ seed, runs })`: the same seed gives the same output.
 * See {@link toBeReproducible}.
 */
import { checkCount, describeValue, InvalidInputError } from '../src/errors'
import { checkReproducible, type OutputDifference, type Sampler } from '../src/sampler'
import { formatNumber, type MatcherContext, type MatcherResult, utilsOf } from './context'
import { type Evidence, resolveOptions, type VerdictOptions, verdict } from './verdict'

const NAME = 'toBeReproducible'

/** Options of {@link toBeReproducible}. */
export interface ReproducibleMatcherOptions extends Omit<VerdictOptions, 'tolerance'> {
  /** How many times to run the sampler with the same seed (a whole number ≥ 2, default 2). */
  runs?: number
  /** Time budget for all the runs, in milliseconds. Default from `configure()` (4000). */
  timeoutMs?: number
  /** At most this many runs in flight at once (default 1); every run gets the same seed. */
  concurrency?: number
}

const OWN_OPTIONS = ['runs'] as const

/** Global sources of randomness or time a sampler may read behind the seed's back (looked up per call: fake timers replace them). */
const WATCHED: ReadonlyArray<{ name: string; owner: () => any; key: string }> = [
  { name: 'Math.random', owner: () => Math, key: 'random' },
  { name: 'Date.now', owner: () => globalThis.Date, key: 'now' },
  { name: 'performance.now', owner: () => (globalThis as any).performance, key: 'now' },
]

/**
 * Runs the received sampler `runs` times (default 2) with the same seed — each run gets
 * `{ rng: createRng(seed), seed, index: 0 }` — and checks that the outputs are deep-equal (numbers with
 * `Object.is`, as `toEqual`; see `checkReproducible`). It catches what the seed does not control:
 * `Math.random`, the clock, global state (caches, counters), the network. Not statistical: it passes or
 * fails, never "inconclusive"; the message still prints the seed and the line that reruns the test.
 *
 * When the runs differ, the message shows the first difference (its path, the value in each run), and
 * which of `Math.random`, `Date.now` and `performance.now` the sampler called while it ran; for
 * `Math.random` it suggests `withSeededMathRandom(seed, fn)`.
 *
 * `.not` passes when the runs differ. Async: always `await` it — in Vitest an async matcher that is not
 * awaited does not fail its test. A sampler that throws is an error naming the run and the seed.
 *
 * @example
 * await expect(({ seed }) => transform(data, seed)).toBeReproducible()
 * await expect(({ seed }) => withSeededMathRandom(seed, () => legacy(data))).toBeReproducible({ runs: 3 })
 */
export async function toBeReproducible(
  this: MatcherContext,
  received: unknown,
  options?: ReproducibleMatcherOptions,
): Promise<MatcherResult> {
  const opts = resolveOptions(this, NAME, options, OWN_OPTIONS)
  const given = (options ?? {}) as Record<string, unknown>
  if (given.tolerance !== undefined)
    throw new InvalidInputError(
      NAME,
      'options.tolerance',
      'does not apply: the outputs are compared exactly (deep equality)',
    )
  if (given.samples !== undefined)
    throw new InvalidInputError(
      NAME,
      'options.samples',
      'does not apply: set how many times the sampler runs with runs',
    )
  if (typeof received !== 'function')
    throw new InvalidInputError(
      NAME,
      'received',
      `must be a sampler, a function ({ rng, seed, index }) => value, got ${describeValue(received)}`,
    )
  const runs = checkCount(NAME, 'options.runs', options?.runs ?? 2, 2)
  const sampler = received as Sampler<unknown>

  // Count calls to the global sources while the sampler's own code runs.
  const counts = new Map<string, number>()
  let inside = 0
  const restore: Array<() => void> = []
  for (const w of WATCHED) {
    const owner = w.owner()
    const original = owner?.[w.key]
    if (typeof original !== 'function') continue
    const hadOwn = Object.hasOwn(owner, w.key)
    const spy = function (this: unknown, ...args: unknown[]) {
      if (inside > 0) counts.set(w.name, (counts.get(w.name) ?? 0) + 1)
      return original.apply(this, args)
    }
    try {
      owner[w.key] = spy
    } catch {
      continue // a frozen or read-only global: not watched
    }
    restore.push(() => {
      if (owner[w.key] !== spy) return // replaced meanwhile by someone else: leave theirs
      if (hadOwn) owner[w.key] = original
      else delete owner[w.key]
    })
  }
  // Counted while the sampler's code runs: its synchronous part, and for an async sampler until its
  // promise settles (other code running in those gaps would be counted too: rare inside one test).
  const watched: Sampler<unknown> = (draw) => {
    inside++
    let result: unknown
    try {
      result = sampler(draw)
    } catch (error) {
      inside--
      throw error
    }
    if (result !== null && typeof (result as any)?.then === 'function')
      return Promise.resolve(result).finally(() => {
        inside--
      })
    inside--
    return result
  }
  let result: Awaited<ReturnType<typeof checkReproducible<unknown>>>
  try {
    result = await checkReproducible(watched, {
      seed: opts.seed,
      runs,
      where: NAME,
      timeoutMs: opts.timeoutMs,
      concurrency: opts.concurrency,
    })
  } finally {
    for (const r of restore) r()
  }

  const utils = utilsOf(this)
  const diff = result.firstDifference
  const calls = [...counts].map(([name, n]) => `${name} ${n} time${n === 1 ? '' : 's'}`)
  const observed: Array<[string, string]> = [
    ['Runs', `${runs}, each with seed "${opts.seed}" ({ rng: createRng(seed), seed, index: 0 })`],
  ]
  if (diff) {
    observed.push([
      'Differs',
      `at ${diff.path === '' ? 'the output itself' : diff.path} (${kindWords(diff)})`,
    ])
    observed.push(['Run 0', utils.printExpected(diff.values[0])])
    observed.push([`Run ${diff.run}`, utils.printReceived(diff.values[1])])
  }
  if (calls.length) observed.push(['Calls', `${calls.join(', ')} while the sampler ran`])
  const usedMathRandom = counts.has('Math.random')
  const usedClock = counts.has('Date.now') || counts.has('performance.now')
  let meaning: string
  let advice: string
  if (!diff) {
    meaning = `Every run with this seed gave the same output (an exact check, no statistics).${
      calls.length
        ? ` The sampler called ${calls.join(', ')}, without changing the output in these runs.`
        : ''
    }`
    advice = ''
  } else {
    const causes = [
      usedMathRandom ? 'it calls Math.random, which the seed does not control' : '',
      usedClock ? 'it reads the clock' : '',
    ].filter(Boolean)
    meaning = `The same seed gave different outputs (an exact check, no statistics): ${
      causes.length
        ? `${causes.join(' and ')}.`
        : 'something besides the seed changes the result: global state kept between calls (a cache, a counter, a module variable), new Date(), the network, or the order of concurrent work.'
    }`
    const steps: string[] = []
    if (usedMathRandom)
      steps.push(
        `wrap the code that calls Math.random: ({ seed }) => withSeededMathRandom(seed, () => model(input)) (from probably), or draw from the rng the sampler is given`,
      )
    if (usedClock)
      steps.push('pass the time in, or fix it with fake timers (vi.setSystemTime / jest.setSystemTime)')
    if (!steps.length)
      steps.push('make the sampler depend only on { rng, seed }: reset or inject the state it keeps')
    advice = `To make it reproducible, ${steps.join('; ')}.`
  }
  const evidence: Evidence = {
    claim: `the sampler gives deep-equal output on ${runs} runs with the same seed`,
    oppositeClaim: `the sampler gives different outputs on ${runs} runs with the same seed`,
    outcome: diff ? 'fail' : 'pass',
    observed,
    meaning,
    usedRandomness: true,
    exact: true,
    advice: advice || undefined,
  }
  return verdict(this, NAME, 'options', evidence, opts)
}

function kindWords(d: OutputDifference): string {
  switch (d.kind) {
    case 'type':
      return 'the type changed'
    case 'length':
      return `the length changed: ${formatLength(d.values)}`
    case 'keys':
      return 'a key is present in one run only'
    default:
      return 'the value changed'
  }
}

function formatLength(values: [unknown, unknown]): string {
  return values.map((v) => (typeof v === 'number' ? formatNumber(v) : String(v))).join(' vs ')
}
