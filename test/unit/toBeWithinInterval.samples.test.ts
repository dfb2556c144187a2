import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { createRng } from '../../src/random'
import { asyncMessageOf, messageOf } from './messages'

const rng = createRng('toBeWithinInterval.samples')
const uniform = (n: number, lo = 0, hi = 1) => Array.from({ length: n }, () => rng.uniform(lo, hi))
const normal = (n: number, m = 0, sd = 1) => Float64Array.from({ length: n }, () => rng.normal(m, sd))

describe('toBeWithinInterval, of: mean (default)', () => {
  it('passes when the mean is inside and enough data were given', () => {
    expect(uniform(2000)).toBeWithinInterval([0.4, 0.6])
    expect(normal(1000, 5, 1)).toBeWithinInterval({ lower: 4, upper: 6 })
  })

  it('fails on evidence that the mean is outside', () => {
    const msg = messageOf(() => expect(uniform(2000, 0.5, 1)).toBeWithinInterval([0.4, 0.6]))
    expect(msg).toMatch(/fail: the evidence contradicts the claim/)
    expect(msg).toMatch(/Claim: {5}the mean lies within \[0\.4, 0\.6\]/)
    expect(msg).toMatch(/Seed:/)
    expect(msg).toMatch(
      /Reproduce: PROBABLY_SEED=\w+ npx vitest run test\/unit\/toBeWithinInterval\.samples\.test\.ts -t 'toBeWithinInterval, of: mean \\\(default\\\) fails on evidence/,
    )
  })

  it('is inconclusive, not a pass, when the data are too few', () => {
    const few = uniform(20)
    const msg = messageOf(() => expect(few).toBeWithinInterval([0.4, 0.6]))
    expect(msg).toMatch(/inconclusive/)
    expect(msg).toMatch(/Take at least \d+ values/)
    // allowInconclusive turns it into a pass. Without a declared range, 20 values are too few to check
    // the shape, whatever the tolerance; with the range [0, 1], betting bounds hold at any n.
    expect(few).toBeWithinInterval([0.4, 0.6], { allowInconclusive: true })
    expect(messageOf(() => expect(few).toBeWithinInterval([0.4, 0.6], { tolerance: 0.5 }))).toMatch(
      /too few to check the shape of their distribution for a trustworthy bound on the mean at n = 20: about \d+ values would be/,
    )
    expect(few).toBeWithinInterval([0.4, 0.6], { tolerance: 0.5, range: [0, 1] })
  })

  it("the audit's standard-normal column: n = 2000 in [-0.1, 0.1] passes, and the message agrees", () => {
    const xs = normal(2000)
    expect(xs).toBeWithinInterval([-0.1, 0.1])
    const m = messageOf(() => expect(xs).not.toBeWithinInterval([-0.1, 0.1]))
    expect(m).toMatch(
      /Power: {5}these data rule out (any violation|a violation larger than [\d.]+ in the mean)/,
    )
    expect(m).not.toMatch(/Infinity|would likely not show it/)
  })

  it('skewed values at small n are inconclusive, saying why and from which n', () => {
    const r = createRng('lognormal')
    const xs = Float64Array.from({ length: 30 }, () => Math.exp(r.normal(0, 1)))
    const m = messageOf(() => expect(xs).toBeWithinInterval([Math.exp(0.5), 10]))
    expect(m).toMatch(/inconclusive: no bound can be trusted at this n/)
    expect(m).toMatch(/for a trustworthy bound on the mean at n = 30: about \d+ values would be/)
    const needed = Number(/about (\d+) values would be/.exec(m)?.[1])
    expect(needed).toBeGreaterThan(30)
    expect(m).toMatch(/options\.range/)
  })

  it('all values equal: inconclusive without a range, decided with one', () => {
    const ones = new Array(50).fill(1)
    expect(messageOf(() => expect(ones).toBeWithinInterval([0, 2]))).toMatch(/All 50 values are equal/)
    expect(ones).toBeWithinInterval([0, 2], { range: [0, 5] })
    expect(() => expect(ones).toBeWithinInterval([3, 4], { range: [0, 5] })).toThrowError(
      /evidence contradicts/,
    )
  })

  it('range: values outside it are an error; it goes with the mean only', () => {
    expect(() => expect([0.5, 1.5]).toBeWithinInterval([0, 1], { range: [0, 1] })).toThrowError(
      /toBeWithinInterval: received value \[1\] = 1\.5 lies outside the declared options\.range \[0, 1\]/,
    )
    expect(() => expect([0.5, 0.6]).toBeWithinInterval([0, 1], { range: [1, 0] })).toThrowError(
      InvalidRangeError,
    )
    expect(() => expect([0.5, 0.6]).toBeWithinInterval([0, 1], { of: 'median', range: [0, 1] })).toThrowError(
      /options\.range goes with of: 'mean'/,
    )
  })

  it('samples needed are never fewer than the values taken', () => {
    const xs = normal(500, 0, 1)
    const m = messageOf(() => expect(xs).toBeWithinInterval([-0.05, 0.05], { tolerance: 0.01 }))
    const needed = Number(/Take at least (?:\S*?)(\d+)/.exec(m)?.[1])
    expect(needed).toBeGreaterThan(500)
  })

  it('.not passes only on evidence that the mean is outside', () => {
    expect(uniform(2000, 0.5, 1)).not.toBeWithinInterval([0.4, 0.6])
    // Too few values: no evidence either way, so .not fails.
    expect(() => expect(uniform(20)).not.toBeWithinInterval([0.4, 0.6])).toThrowError(/no evidence/)
    expect(() => expect(uniform(2000)).not.toBeWithinInterval([0.4, 0.6])).toThrowError(/no evidence/)
  })

  it('accepts a Baseline-like object with samples', () => {
    expect({ samples: Float64Array.from(uniform(2000)) }).toBeWithinInterval([0.4, 0.6])
  })

  it('pins its failure message', () => {
    const xs = normal(400, 0.7, 0.1)
    expect(messageOf(() => expect(xs).toBeWithinInterval([0.4, 0.6]))).toMatchSnapshot()
  })
})

describe('toBeWithinInterval, quantiles and shares', () => {
  it('of: median and quantile', () => {
    const xs = normal(3000, 100, 10)
    expect(xs).toBeWithinInterval([95, 105], { of: 'median' })
    expect(xs).toBeWithinInterval([0, 125], { of: { quantile: 0.95 } })
    expect(() => expect(xs).toBeWithinInterval([0, 110], { of: { quantile: 0.95 } })).toThrowError(
      /95th percentile/,
    )
    expect(xs).not.toBeWithinInterval([0, 110], { of: { quantile: 0.95 } })
    // The p95 failure says what to do next; no quantile message speaks of Infinity.
    const fail = messageOf(() => expect(xs).toBeWithinInterval([0, 110], { of: { quantile: 0.95 } }))
    expect(fail).toMatch(/Next: {6}\S/)
    const open = messageOf(() =>
      expect(xs.slice(0, 50)).toBeWithinInterval([0, 125], { of: { quantile: 0.95 } }),
    )
    expect(open).toMatch(/inconclusive/)
    expect(open).not.toMatch(/Infinity/)
    expect(open).toMatch(/Power: {5}/)
  })

  it('of: proportion with atLeast', () => {
    const xs = normal(3000, 0, 1)
    expect(xs).toBeWithinInterval([-3, 3], { of: 'proportion', atLeast: 0.99 })
    expect(() => expect(xs).toBeWithinInterval([-1, 1], { of: 'proportion', atLeast: 0.9 })).toThrowError(
      /at least 90% of values lie within/,
    )
  })

  it('of: each is a hard bound', () => {
    expect([0.1, 0.5, 0.9]).toBeWithinInterval([0, 1], { of: 'each' })
    const msg = messageOf(() => expect([0.1, 1.5, 0.9, -2]).toBeWithinInterval([0, 1], { of: 'each' }))
    expect(msg).toMatch(/Outside: {3}2 of 4: \[1\] = 1\.5, \[3\] = -2/)
    expect([0.1, 1.5]).not.toBeWithinInterval([0, 1], { of: 'each' })
  })
})

describe('toBeWithinInterval with a sampler', () => {
  it('draws `samples` values, seeded, and must be awaited', async () => {
    await expect(({ rng }: { rng: () => number }) => rng()).toBeWithinInterval([0, 1], {
      of: 'each',
      samples: 200,
    })
    await expect(({ rng }: { rng: { normal(m: number, s: number): number } }) =>
      rng.normal(0.5, 0.1),
    ).toBeWithinInterval([0.45, 0.55], { samples: 500 })
  })

  it('fails with the seed and the line that reproduces it', async () => {
    const msg = await asyncMessageOf(async () => {
      await expect(({ rng }: { rng: () => number }) => rng() * 2).toBeWithinInterval([0, 1], {
        of: 'each',
        samples: 100,
        seed: 42,
      })
    })
    expect(msg).toMatch(/Seed: {6}42 \(from the seed option\)/)
    expect(msg).toMatch(/Reproduce: PROBABLY_SEED=42 /)
  })

  it('tells a failure the seed cannot reproduce from a statistical one', async () => {
    const msg = await asyncMessageOf(async () => {
      await expect(() => 0.9 + 0.2 * Math.random()).toBeWithinInterval([0, 1], { of: 'each', samples: 100 })
    })
    expect(msg).toMatch(/Redrawing with the same seed gave a different value at draw 0/)
    expect(msg).toMatch(/randomness the seed does not control/)
    expect(msg).toMatch(/withSeededMathRandom/)
  })

  it('rejects a sampler returning the wrong type', async () => {
    await expect(expect(() => 'x').toBeWithinInterval([0, 1], { samples: 10 })).rejects.toThrowError(
      InvalidInputError,
    )
  })
})

describe('toBeWithinInterval bad input', () => {
  it('is an error, never a pass, also under .not', () => {
    expect(() => expect([]).toBeWithinInterval([0, 1])).toThrowError(InvalidRangeError)
    expect(() => expect([0.5, Number.NaN]).toBeWithinInterval([0, 1])).toThrowError(
      /received\[1\] must be finite/,
    )
    expect(() => expect([0.5, Number.NaN]).not.toBeWithinInterval([0, 1])).toThrowError(InvalidRangeError)
    expect(() => expect(['a']).toBeWithinInterval([0, 1])).toThrowError(InvalidInputError)
    expect(() => expect({}).toBeWithinInterval([0, 1])).toThrowError(InvalidInputError)
    expect(() => expect([1, 2]).toBeWithinInterval([0, 1], { of: 'mode' as any })).toThrowError(/options\.of/)
    expect(() => expect([1, 2]).toBeWithinInterval([0, 1], { falseFailRate: 2 })).toThrowError(
      /falseFailRate/,
    )
    expect(() => expect([1, 2]).toBeWithinInterval([0, 1], { tolerence: 0.1 } as any)).toThrowError(
      /options\.tolerence is not an option/,
    )
    expect(() => expect([1]).toBeWithinInterval([0, 1])).toThrowError(/at least 2 values/)
  })
})
