// Property-based fuzzing of every matcher with hostile input (fast-check, fixed seed). The matcher
// functions are called as a runner calls them, with and without `.not` ({ isNot: true }). Each call must
// give a documented error naming the matcher, or a verdict: never an internal crash, and never a verdict
// (under `.not` either) when the input is invalid: NaN, ±Infinity, holes, mixed kinds, bigints...
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { MatcherContext, MatcherResult } from '../../matchers/context'
import { matchers } from '../../matchers/index'
import {
  holdsNaN,
  hostileArrays,
  hostileNumbers,
  hostileScalars,
  isDocumentedError,
  show,
  UserCodeError,
} from './fuzz.hostile'

type Matcher = (this: MatcherContext, ...args: unknown[]) => MatcherResult | Promise<MatcherResult>

const positive: MatcherContext = { isNot: false, currentTestName: 'fuzz', testPath: 'fuzz' }
const negated: MatcherContext = { isNot: true, currentTestName: 'fuzz', testPath: 'fuzz' }

/** Clearly invalid as data: NaN or ±Infinity anywhere, a hole, a bigint, a symbol, null/undefined inside an array, a DataView. */
function invalidData(x: unknown, depth = 0): boolean {
  if (typeof x === 'number') return !Number.isFinite(x)
  if (typeof x === 'bigint' || typeof x === 'symbol') return true
  if (x instanceof DataView || x instanceof BigInt64Array || x instanceof BigUint64Array) return true
  if (ArrayBuffer.isView(x))
    return Array.from(x as unknown as ArrayLike<number>).some((v) => !Number.isFinite(v))
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (!(i in x)) return true
      const v = x[i]
      if (v === null || v === undefined) return true
      if (depth < 2 && invalidData(v, depth + 1)) return true
    }
    return false
  }
  if (x !== null && typeof x === 'object' && depth < 2)
    return Object.values(x as object).some((v) => invalidData(v, depth + 1))
  return false
}

/** Calls the matcher with both contexts; returns what happened, failing on crashes and verdicts on invalid input. */
async function probe(name: string, args: unknown[], invalid: boolean): Promise<void> {
  const fn = (matchers as unknown as Record<string, Matcher>)[name]
  for (const context of [positive, negated]) {
    let result: MatcherResult | undefined
    try {
      result = await fn.call(context, ...args)
    } catch (e) {
      if (e instanceof UserCodeError) continue
      if (!isDocumentedError(e))
        throw new Error(
          `${name}(${args.map(show).join(', ')}) crashed${context.isNot ? ' under .not' : ''}: ${String(e)}`,
        )
      if (!(e as Error).message.startsWith(`${name}:`))
        throw new Error(
          `${name}(${args.map(show).join(', ')}): the error does not name the matcher: ${(e as Error).message}`,
        )
      continue
    }
    if (invalid)
      throw new Error(
        `${name}(${args.map(show).join(', ')}) gave a verdict${context.isNot ? ' under .not' : ''} (pass: ${result.pass}) on invalid input`,
      )
    // A verdict must have a message that renders.
    expect(typeof result.message()).toBe('string')
    verdicts[name] = (verdicts[name] ?? 0) + 1
  }
}

/** Verdicts given per matcher (valid calls): printed with FUZZ_STATS=1 to check the properties reach them. */
const verdicts: Record<string, number> = {}
afterAll(() => {
  if (process.env.FUZZ_STATS) console.log(verdicts)
})

const FAST = { seed: 42, numRuns: 150 }
const data = fc.constantFrom(...hostileArrays, ...hostileNumbers, ...hostileScalars)
/** Mostly valid values (so that verdicts are reached too), sometimes hostile ones. */
const mostly = (valid: unknown[], hostile: unknown[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(...hostile) },
  )
const labelsLike = mostly(
  [
    [0, 1, 0, 1],
    [1, 1, 0, 0],
    ['a', 'b', 'a', 'b'],
    [true, false, true, false],
    [0, 1, 2, 1],
    [0, 0, 0, 0],
  ],
  hostileArrays,
)
const scoresLike = mostly(
  [
    [0.1, 0.9, 0.4, 0.6],
    [0.5, 0.5, 0.5, 0.5],
    [0, 1, 1, 0],
  ],
  hostileArrays,
)
const numbersLike = mostly(
  [[1, 2, 3, 4], [0, 0, 0, 0], new Float64Array([0.5, 1.5, 2, 3])],
  [...hostileArrays, ...hostileNumbers, ...hostileScalars],
)
const bound = mostly(
  [0.8, 0.5, 0.3],
  [0, 1, -0, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, '0.8', null, undefined],
)
const metricOptions = mostly(
  [undefined, { allowInconclusive: true }, { positive: 1 }],
  [
    { positive: 'zzz' },
    { labels: ['a'] },
    { average: 'macro' },
    { interval: 'nope' },
    { resamples: 100 },
    null,
    'x',
  ],
)

describe('fuzz: matchers with hostile input (positive and .not)', () => {
  it('toBeWithinInterval', async () => {
    await fc.assert(
      fc.asyncProperty(
        data,
        fc.constantFrom<unknown>(
          [0, 1],
          [1, 0],
          [Number.NaN, 1],
          [0, Number.POSITIVE_INFINITY],
          [0],
          'x',
          null,
          { lower: 0, upper: 1 },
          [-0, 0],
        ),
        fc.constantFrom<unknown>(
          undefined,
          { of: 'median' },
          { of: 'proportion', atLeast: 0.5 },
          { of: { quantile: Number.NaN } },
          { of: 'mode' },
          { tolerance: -1 },
          { atLeast: 2 },
        ),
        (received, interval, options) =>
          probe(
            'toBeWithinInterval',
            [received, interval, options],
            // A single number ignores options.of and atLeast, even invalid ones: a known bug, pinned below.
            // So does ±Infinity received as a single number (a verdict, not an error): pinned below too.
            (typeof received === 'number' ? Number.isNaN(received) : invalidData(received)) ||
              holdsNaN(interval) ||
              (typeof received !== 'number' && holdsNaN(options)),
          ),
      ),
      FAST,
    )
  })

  for (const name of [
    'toHaveRecallAbove',
    'toHavePrecisionAbove',
    'toHaveF1Above',
    'toHaveAccuracyAbove',
    'toHaveAUCAbove',
  ]) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(
          labelsLike,
          labelsLike,
          scoresLike,
          fc.boolean(),
          bound,
          metricOptions,
          (actual, predicted, scores, useScores, threshold, options) => {
            const received =
              useScores || name === 'toHaveAUCAbove' ? { actual, scores } : { actual, predicted }
            const invalid =
              invalidData(received) || typeof threshold !== 'number' || !Number.isFinite(threshold)
            return probe(name, [received, threshold, options], invalid)
          },
        ),
        { seed: 42, numRuns: 100 },
      )
    })
  }

  it('toBeCalibrated', async () => {
    await fc.assert(
      fc.asyncProperty(
        labelsLike,
        scoresLike,
        bound,
        fc.constantFrom<unknown>(undefined, 0, 2.5, 3),
        (actual, probs, maxECE, bins) =>
          probe(
            'toBeCalibrated',
            [
              { actual, probs },
              { maxECE, bins },
            ],
            invalidData({ actual, probs }) || typeof maxECE !== 'number' || !Number.isFinite(maxECE),
          ),
      ),
      FAST,
    )
  })

  it('toHaveErrorBelow', async () => {
    await fc.assert(
      fc.asyncProperty(
        numbersLike,
        numbersLike,
        bound,
        fc.constantFrom('mae', 'rmse'),
        (actual, predicted, limit, kind) =>
          probe(
            'toHaveErrorBelow',
            [{ actual, predicted }, { [kind]: limit }],
            invalidData({ actual, predicted }) || typeof limit !== 'number' || !Number.isFinite(limit),
          ),
      ),
      FAST,
    )
  })

  it('toHaveParityAcross', async () => {
    await fc.assert(
      fc.asyncProperty(
        labelsLike,
        labelsLike,
        mostly(
          [
            ['g', 'h', 'g', 'h'],
            ['g', 'g', 'g', 'g'],
            [1, 2, 1, 2],
          ],
          hostileArrays,
        ),
        mostly(
          [{ maxGap: 0.1 }, { minRatio: 0.8 }, { metric: 'recall', maxGap: 0.2 }],
          [{ maxGap: Number.NaN }, { maxGap: 0.1, minRatio: 0.8 }, {}, { metric: 'nope', maxGap: 0.1 }],
        ),
        (actual, predicted, groups, options) =>
          probe(
            'toHaveParityAcross',
            [{ actual, predicted }, groups, options],
            invalidData({ actual, predicted, groups }) || holdsNaN(options),
          ),
      ),
      FAST,
    )
  })

  it('toBeNoWorseThan', async () => {
    await fc.assert(
      fc.asyncProperty(
        labelsLike,
        labelsLike,
        labelsLike,
        fc.constantFrom<unknown>(
          undefined,
          { metric: 'auc' },
          { metric: 'accuracy', allowInconclusive: true },
          { margin: -1 },
          { margin: Number.NaN },
          { metric: 'nope' },
        ),
        (actual, a, b, options) =>
          probe(
            'toBeNoWorseThan',
            [{ actual, predicted: a }, { predicted: b }, options],
            invalidData({ actual, a, b }) || holdsNaN(options),
          ),
      ),
      FAST,
    )
  })

  it('toMatchDistribution', async () => {
    await fc.assert(
      fc.asyncProperty(
        data,
        fc.constantFrom<unknown>(
          [1, 2, 3],
          { normal: { mean: 0, sd: 1 } },
          { normal: { mean: 0, sd: -1 } },
          { normal: { mean: Number.NaN } },
          { cauchy: {} },
          { a: 0.5, b: 0.5 },
          { a: -1, b: 2 },
          { a: Number.NaN },
          (x: number) => x,
          () => Number.NaN,
          () => {
            throw new UserCodeError()
          },
          ...hostileArrays,
        ),
        fc.constantFrom<unknown>(
          undefined,
          { test: 'psi' },
          { test: 'wasserstein' },
          { test: 'chi-square' },
          { test: 'nope' },
          { bins: 0 },
          { tolerance: 2 },
        ),
        (received, reference, options) =>
          probe(
            'toMatchDistribution',
            [received, reference, options],
            invalidData(received) ||
              (typeof reference !== 'function' && invalidData(reference)) ||
              holdsNaN(options),
          ),
      ),
      { seed: 42, numRuns: 200 },
    )
  })
})

describe('fuzz: known bugs (minimal inputs, reported)', () => {
  // When fixed these fail: remove them and the exception in the toBeWithinInterval property above.
  const throws = (args: unknown[]) => () => {
    expect(() => (matchers.toBeWithinInterval as unknown as Matcher).call(positive, ...args)).toThrow(
      /^toBeWithinInterval: options/,
    )
  }
  it(
    'toBeWithinInterval(0, [0, 1], { of: { quantile: NaN } }) is an error',
    throws([0, [0, 1], { of: { quantile: Number.NaN } }]),
  )
  it("toBeWithinInterval(0, [0, 1], { of: 'mode' }) is an error", throws([0, [0, 1], { of: 'mode' }]))
  it('toBeWithinInterval(0.5, [0, 1], { atLeast: 2 }) is an error', throws([0.5, [0, 1], { atLeast: 2 }]))
  it('toBeWithinInterval(-Infinity, [0, 1]) is an error, also under .not', () => {
    expect(() =>
      (matchers.toBeWithinInterval as unknown as Matcher).call(negated, Number.NEGATIVE_INFINITY, [0, 1]),
    ).toThrow(/^toBeWithinInterval: received/)
  })
  it('toBeNoWorseThan with metric recall: a bootstrap resample without positives is not an error of recallScore', () => {
    const labels = [0, 1, 0, 1]
    expect(() =>
      (matchers.toBeNoWorseThan as unknown as Matcher).call(
        positive,
        { actual: labels, predicted: labels },
        { predicted: labels },
        { metric: 'recall', resamples: 100, seed: 1 },
      ),
    ).not.toThrow()
  })
})

describe('fuzz: samplers that throw, return the wrong type or never resolve', () => {
  it('a valid sampler gives a verdict in every sampler matcher (the pool is not all errors)', async () => {
    const good = ({ rng }: { rng: () => number }) => rng()
    for (const [name, args] of [
      ['toBeWithinInterval', [good, [0, 1], { samples: 20, allowInconclusive: true }]],
      ['toMatchDistribution', [good, { uniform: {} }, { samples: 20, allowInconclusive: true }]],
      ['toBeStableAcrossSeeds', [good, { seeds: 3 }]],
      ['toBeReproducible', [good, {}]],
    ] as const) {
      const fn = (matchers as unknown as Record<string, Matcher>)[name]
      const r = await fn.call(positive, ...args)
      expect(typeof r.pass, name).toBe('boolean')
    }
  })

  const bad: Array<[string, () => unknown]> = [
    [
      'throws',
      () => {
        throw new UserCodeError()
      },
    ],
    ['rejects', () => Promise.reject(new UserCodeError())],
    ['returns NaN', () => Number.NaN],
    ['returns an object', () => ({ a: {} })],
    ['returns undefined', () => undefined],
    ['never resolves', () => new Promise(() => {})],
  ]
  const calls: Array<[string, (s: unknown) => unknown[]]> = [
    ['toBeWithinInterval', (s) => [s, [0, 1], { samples: 20, timeoutMs: 50 }]],
    ['toMatchDistribution', (s) => [s, { normal: {} }, { samples: 20, timeoutMs: 50 }]],
    ['toBeStableAcrossSeeds', (s) => [s, { seeds: 3, timeoutMs: 50 }]],
    ['toBeReproducible', (s) => [s, { timeoutMs: 50 }]],
  ]
  it('every sampler matcher: a documented error naming it, under .not too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bad),
        fc.constantFrom(...calls),
        async ([what, sampler], [name, args]) => {
          const fn = (matchers as unknown as Record<string, Matcher>)[name]
          for (const context of [positive, negated]) {
            const outcome = await Promise.resolve()
              .then(() => fn.call(context, ...args(sampler)))
              .then(
                (r) => r,
                (e) => e,
              )
            // toBeReproducible compares outputs: an object or undefined returned the same way twice is reproducible.
            if (
              name === 'toBeReproducible' &&
              /object|undefined|NaN/.test(what) &&
              !(outcome instanceof Error)
            )
              continue
            // toBeStableAcrossSeeds takes labels and records too: an object of non-numbers must still be an error.
            expect(
              isDocumentedError(outcome),
              `${name} with a sampler that ${what}${context.isNot ? ' (.not)' : ''}: ${outcome instanceof Error ? outcome.message : show(outcome)}`,
            ).toBe(true)
            expect((outcome as Error).message.startsWith(`${name}:`), (outcome as Error).message).toBe(true)
          }
        },
      ),
      { seed: 42, numRuns: 40 },
    )
  })
})
