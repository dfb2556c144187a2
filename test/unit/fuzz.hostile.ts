/**
 * Hostile values for the fuzz tests (test/unit/fuzz.*.test.ts): everything that is not a clean finite
 * number or sample, and a few clean ones so that valid calls are exercised too.
 */
import fc from 'fast-check'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { SamplerError, SamplerTimeoutError } from '../../src/sampler'

/** Thrown by user code (samplers, CDFs) in the fuzz tests: may propagate, or be wrapped in a SamplerError. */
export class UserCodeError extends Error {
  constructor() {
    super('thrown by user code on purpose')
    this.name = 'UserCodeError'
  }
}

function sparse(): number[] {
  const xs = [1, 2, 3]
  delete xs[1]
  return xs
}

const big = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i))

/** Numbers: the special values and a few ordinary ones. */
export const hostileNumbers: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  1,
  -1,
  0.5,
  2,
  3.7,
  1e6,
  -1e6,
  5e-324,
  1e300,
  -1e300,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
]

/** Huge finite numbers (also in {@link hostileNumbers}). */
export const hugeNumbers: unknown[] = [
  1e300,
  -1e300,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
]

/** Non-numbers where numbers belong. */
export const hostileScalars: unknown[] = [
  '1',
  'abc',
  '',
  true,
  false,
  null,
  undefined,
  {},
  { valueOf: () => 1 },
  [],
  [1],
  1n,
  Symbol('s'),
  () => 1,
  new Date(0),
]

/** Samples: empty, one element, sparse, typed, mixed, nested, large. */
export const hostileArrays: unknown[] = [
  [],
  [1],
  [0],
  [-0],
  [Number.NaN],
  [1, Number.NaN, 2],
  [1, Number.POSITIVE_INFINITY],
  [Number.NEGATIVE_INFINITY, 0],
  [1, 1, 1, 1],
  [0, 1, 0, 1, 1, 0],
  [0.1, 0.9, 0.4, 0.6, 0.2],
  [1, 2, 3, 4, 5, 6, 7, 8],
  sparse(),
  new Array(3),
  [1, '2', 3],
  ['a', 'b', 'a'],
  [true, false, true],
  [null, 1],
  [undefined],
  [{}, {}],
  [
    [1, 2],
    [3, 4],
  ],
  [[1, 2], [3]],
  [1n, 2n],
  new Float64Array([0.5, 0.25, 0.75]),
  new Float64Array([1, Number.NaN]),
  new Float32Array([1, 2, 3]),
  new Int32Array([1, 0, 1, 0]),
  new Uint8Array([]),
  new BigInt64Array([1n]),
  new DataView(new ArrayBuffer(8)),
  big(1500, (i) => Math.sin(i) * 10),
  big(1500, (i) => i % 2),
  big(1500, () => 0),
  [1e300, -1e300, 1],
  [-1.7e308, -1.7e308, 1],
  [Number.MAX_VALUE, Number.MAX_VALUE],
  [1e-320, 3e-321, 5e-324],
  { length: 2, 0: 1, 1: 2 },
  'abc',
]

/** Option objects with bad values or unknown keys. */
export const hostileOptions: unknown[] = [
  undefined,
  {},
  null,
  'options',
  [],
  { confidence: Number.NaN },
  { confidence: 1 },
  { confidence: 0 },
  { confidence: 0.95 },
  { alternative: 'sideways' },
  { alternative: 'less' },
  { method: 'nonsense' },
  { seed: Number.NaN },
  { seed: '' },
  { seed: {} },
  { bins: 0 },
  { bins: 2.5 },
  { bins: -1 },
  { positive: 'nope' },
  { labels: [] },
  { labels: ['a', 'a'] },
  { average: 'median' },
  { resamples: 0 },
  { resamples: 1.5 },
  { falseFailRate: 2 },
  { ddof: Number.NaN },
  { ddof: 5 },
  { thisIsNotAnOption: 1 },
]

/** Any hostile value. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom(...hostileScalars),
  fc.constantFrom(...hostileArrays),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 20 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 20 }),
)

/** The errors the library documents for bad input and failing samplers. */
export function isDocumentedError(e: unknown): boolean {
  return (
    e instanceof InvalidInputError ||
    e instanceof InvalidRangeError ||
    e instanceof SamplerError ||
    e instanceof SamplerTimeoutError
  )
}

/** Whether a value holds NaN anywhere (numbers, arrays, typed arrays, plain objects: one level deep). */
export function holdsNaN(x: unknown, depth = 0): boolean {
  if (typeof x === 'number') return Number.isNaN(x)
  if (depth > 2 || x === null || typeof x !== 'object') return false
  if (ArrayBuffer.isView(x))
    return x instanceof Float64Array || x instanceof Float32Array ? Array.from(x).some(Number.isNaN) : false
  if (Array.isArray(x)) return x.some((v) => holdsNaN(v, depth + 1))
  return Object.values(x).some((v) => holdsNaN(v, depth + 1))
}

/** A short description of a value for failure messages. */
export function show(x: unknown): string {
  if (typeof x === 'symbol' || typeof x === 'bigint') return `${String(x)}${typeof x === 'bigint' ? 'n' : ''}`
  if (typeof x === 'function') return 'function'
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x)
  if (ArrayBuffer.isView(x))
    return `${x.constructor.name}(${(x as unknown as ArrayLike<unknown>).length ?? ''})`
  if (Array.isArray(x)) {
    if (x.length > 12) return `Array(${x.length})`
    const parts: string[] = []
    for (let i = 0; i < x.length; i++) parts.push(i in x ? show(x[i]) : '<hole>')
    return `[${parts.join(', ')}]`
  }
  if (x === undefined) return 'undefined'
  try {
    return (
      JSON.stringify(x, (_k, v) =>
        typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
      ) ?? String(x)
    )
  } catch {
    return Object.prototype.toString.call(x)
  }
}
