import { describe, expect, it } from 'vitest'
import { formatNumber } from '../../matchers/context'
import {
  binEdges,
  categoryTable,
  cdfShares,
  largestGapTwoSamples,
  largestGapVsCdf,
  sampleShares,
  sideBySideHistograms,
} from '../../matchers/picture'
import { populationStabilityIndex, psiOfSortedSamples, wasserstein } from '../../src/distances'
import { noncentralityForPower } from '../../src/distributionPower'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { Baseline } from '../../src/montecarlo'
import { createRng } from '../../src/random'
import { asyncMessageOf, messageOf } from './messages'

function normals(seed: string, n: number, mean = 0, sd = 1): Float64Array {
  const rng = createRng(seed)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = rng.normal(mean, sd)
  return out
}

function labels(seed: string, n: number, shares: Record<string, number>): string[] {
  const rng = createRng(seed)
  const keys = Object.keys(shares)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    let u = rng()
    let k = 0
    while (k < keys.length - 1 && u >= shares[keys[k]]) u -= shares[keys[k++]]
    out.push(keys[k])
  }
  return out
}

const N01 = { normal: { mean: 0, sd: 1 } }

describe('picture helpers', () => {
  it('bins values with open-ended first and last bins', () => {
    const edges = binEdges(0, 10, 5)
    expect([...edges]).toEqual([0, 2, 4, 6, 8, 10])
    expect([...sampleShares([-5, 0, 1, 2, 9.9, 10, 50], edges)]).toEqual([3 / 7, 1 / 7, 0, 0, 3 / 7])
    const shares = cdfShares((x) => Math.min(1, Math.max(0, x / 10)), edges)
    expect([...shares].map((s) => Math.round(s * 1e12) / 1e12)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2])
  })

  it('handles all-equal values', () => {
    const edges = binEdges(3, 3, 4)
    const shares = sampleShares([3, 3, 3], edges)
    expect(shares.reduce((s, v) => s + v, 0)).toBe(1)
  })

  it('draws two aligned histograms', () => {
    const edges = binEdges(0, 4, 4)
    const picture = sideBySideHistograms(
      edges,
      { title: 'received (n = 4)', shares: [0.5, 0.25, 0.25, 0] },
      { title: 'reference', shares: [0.25, 0.25, 0.25, 0.25] },
    )
    expect(picture).toMatchInlineSnapshot(`
      "         received (n = 4)          reference
      < 1      ████████████████  50.0%   ████████          25.0%
      [1, 2)   ████████          25.0%   ████████          25.0%
      [2, 3)   ████████          25.0%   ████████          25.0%
      >= 3                          0%   ████████          25.0%"
    `)
    expect(picture.split('\n').length).toBeLessThanOrEqual(12)
  })

  it('finds the largest gap between two ECDFs and against a CDF', () => {
    const gap = largestGapTwoSamples([1, 2, 3, 4], [3, 4, 5, 6])
    expect(gap).toMatchObject({ x: 2, received: 0.5, reference: 0 })
    const vsCdf = largestGapVsCdf([0.1, 0.2, 0.3], (x) => x)
    expect(vsCdf.x).toBe(0.3)
    expect(vsCdf.received).toBe(1)
    expect(vsCdf.reference).toBe(0.3)
  })

  it('tabulates categories by contribution', () => {
    const table = categoryTable([
      { category: 'a', observed: 10, expected: 20, contribution: 5 },
      { category: 'b', observed: 30, expected: 20, contribution: 5.5 },
    ])
    expect(table).toMatchInlineSnapshot(`
      "category     observed     expected   contribution
      b          30 (75.0%)   20 (50.0%)            5.5
      a          10 (25.0%)   20 (50.0%)              5"
    `)
  })
})

describe('chi-square power', () => {
  it('matches scipy ncx2 (noncentrality giving power 1 - b at level a)', () => {
    // scipy.optimize.brentq(lambda l: ncx2.sf(chi2.isf(a, df), df, l) - (1 - b), 1e-6, 1e4)
    const cases: Array<[number, number, number, number]> = [
      [1, 0.001, 0.05, 24.3579792825086],
      [5, 0.001, 0.05, 33.42686493310746],
      [20, 0.01, 0.2, 28.162216440749855],
    ]
    for (const [df, a, b, lambda] of cases) expect(noncentralityForPower(df, a, b)).toBeCloseTo(lambda, 6)
  })
})

describe('toMatchDistribution: bad input is an error naming the matcher and the argument', () => {
  const xs = normals('bad', 50)

  it('rejects NaN, Infinity and empty samples', () => {
    expect(() => expect([0, Number.NaN, 1]).toMatchDistribution(N01)).toThrowError(
      /toMatchDistribution: received\[1\] must be finite, got NaN/,
    )
    expect(() => expect(xs).toMatchDistribution([1, Number.POSITIVE_INFINITY])).toThrowError(
      /toMatchDistribution: reference\[1\] must be finite/,
    )
    expect(() => expect([]).toMatchDistribution(N01)).toThrowError(/received must not be empty/)
    expect(() => expect(xs).toMatchDistribution([])).toThrowError(/reference must not be empty/)
    expect(() => expect(new Float64Array([1, Number.NaN])).not.toMatchDistribution(N01)).toThrowError(
      InvalidRangeError,
    )
  })

  it('rejects unknown distributions and invalid parameters', () => {
    expect(() => expect(xs).toMatchDistribution({ gaussian: { mean: 0, sd: 1 } } as any)).toThrowError(
      /toMatchDistribution: reference names an unknown distribution 'gaussian' \(known: normal, uniform, exponential\)/,
    )
    expect(() => expect(xs).toMatchDistribution({ normal: { mean: 0, sd: 0 } })).toThrowError(
      /toMatchDistribution: reference.normal sd must be > 0, got 0/,
    )
    expect(() => expect(xs).toMatchDistribution({ normal: { mean: 0, sd: -1 } })).toThrowError(
      InvalidRangeError,
    )
    expect(() => expect(xs).toMatchDistribution({ normal: { mu: 0 } } as any)).toThrowError(
      /reference.normal.mu is not a parameter of normal/,
    )
    expect(() => expect(xs).toMatchDistribution({ normal: { mean: Number.NaN } })).toThrowError(
      /reference.normal.mean must be finite/,
    )
    expect(() => expect(xs).toMatchDistribution({ uniform: { min: 1, max: 0 } })).toThrowError(
      /max must exceed min/,
    )
    expect(() => expect(xs).toMatchDistribution({ exponential: { rate: 0 } })).toThrowError(
      /rate must be > 0/,
    )
    // Under .not too: never a pass.
    expect(() => expect(xs).not.toMatchDistribution({ normal: { sd: 0 } })).toThrowError(InvalidRangeError)
  })

  it('rejects a CDF that leaves [0, 1], falls, or returns a non-number', () => {
    expect(() => expect(xs).toMatchDistribution((x: number) => x)).toThrowError(
      /toMatchDistribution: reference \(the CDF function\) must return values in \[0, 1\]/,
    )
    expect(() => expect([0.1, 0.2, 0.3]).toMatchDistribution((x: number) => 1 - x)).toThrowError(
      /must be non-decreasing, but it falls from 0.9 to 0.8 at x = 0.2/,
    )
    expect(() => expect([0.1, 0.2]).toMatchDistribution((() => 'a') as any)).toThrowError(InvalidInputError)
    expect(() => expect([0.1, 0.2]).not.toMatchDistribution((x: number) => 10 * x)).toThrowError(
      InvalidRangeError,
    )
  })

  it('rejects mixed numbers and labels, and mismatched kinds', () => {
    expect(() => expect([1, 'a', 2]).toMatchDistribution(['a', 'b'])).toThrowError(
      /toMatchDistribution: received mixes numbers and labels \(at \[1\]\)/,
    )
    expect(() => expect(['a', 'b']).toMatchDistribution(['a', 1])).toThrowError(
      /toMatchDistribution: reference mixes numbers and labels/,
    )
    expect(() => expect(['a', true]).toMatchDistribution(['a'])).toThrowError(
      /mixes string and boolean labels/,
    )
    expect(() => expect([1, null]).toMatchDistribution(N01)).toThrowError(InvalidInputError)
    expect(() => expect(['a', 'b']).toMatchDistribution(N01)).toThrowError(
      /reference is normal\(mean 0, sd 1\), a continuous distribution, but received holds categories/,
    )
    expect(() => expect(xs).toMatchDistribution({ a: 1, b: 2 }, { test: 'ks' })).toThrowError(
      /'ks' needs numbers, but received holds categories/,
    )
    expect(() => expect(['a']).toMatchDistribution(['a'], { test: 'psi' })).toThrowError(InvalidRangeError)
    expect(() => expect(xs).toMatchDistribution(N01, { test: 'psi' })).toThrowError(
      /toMatchDistribution: reference must be samples \(an array or a Baseline\) for test: 'psi'/,
    )
  })

  it('rejects bad category counts and options', () => {
    expect(() => expect(['a']).toMatchDistribution({ a: -1, b: 2 })).toThrowError(
      /reference.a must be a finite number >= 0/,
    )
    expect(() => expect(['a']).toMatchDistribution({ a: 0.2, b: 0.3 })).toThrowError(
      /probabilities summing to 1 \(got a sum of 0.5\)/,
    )
    expect(() => expect(['a']).toMatchDistribution({ a: 0, b: 0 })).toThrowError(/must have a positive total/)
    expect(() => expect(['a']).toMatchDistribution({})).toThrowError(/must name at least one category/)
    expect(() => expect({ a: 1.5 }).toMatchDistribution({ a: 1 })).toThrowError(
      /received.a must be a whole number/,
    )
    expect(() => expect(xs).toMatchDistribution(N01, { test: 'anderson' as any })).toThrowError(
      /options.test must be one of 'ks', 'chi-square', 'psi', 'wasserstein'/,
    )
    expect(() => expect(xs).toMatchDistribution(N01, { tolerance: 1 })).toThrowError(
      /options.tolerance is a KS distance here and must lie strictly between 0 and 1/,
    )
    expect(() => expect(['a']).toMatchDistribution(['a'], { tolerance: 2 })).toThrowError(
      /total variation distance/,
    )
    expect(() => expect(xs).toMatchDistribution(N01, { tolerance: -1 })).toThrowError(
      /options.tolerance must be a positive/,
    )
    expect(() => expect(xs).toMatchDistribution(N01, { bins: 1 })).toThrowError(
      /options.bins must be at least 2/,
    )
    expect(() => expect(xs).toMatchDistribution(N01, { bin: 10 } as any)).toThrowError(
      /options.bin is not an option of toMatchDistribution/,
    )
    expect(() => expect(xs).toMatchDistribution('normal' as any)).toThrowError(InvalidInputError)
    expect(() => expect('abc').toMatchDistribution(N01)).toThrowError(/toMatchDistribution: received must be/)
    expect(() => expect(xs).toMatchDistribution({ normal: { sd: 1 }, uniform: {} } as any)).toThrowError(
      /reference must name one distribution/,
    )
  })

  it('rejects a sampler that returns something else', async () => {
    await expect(expect(() => ({})).toMatchDistribution(N01, { samples: 5 })).rejects.toThrowError(
      /toMatchDistribution: the value returned by the sampler at draw 0.*must be a number or a label/,
    )
    await expect(expect(() => Number.NaN).not.toMatchDistribution(N01, { samples: 5 })).rejects.toThrowError(
      InvalidInputError,
    )
  })
})

describe('toMatchDistribution on categories (chi-square)', () => {
  const shares = { cat: 0.5, dog: 0.3, bird: 0.2 }
  const same = labels('cats', 2000, shares)
  const shifted = labels('cats-shifted', 2000, { cat: 0.4, dog: 0.35, bird: 0.25 })

  it('passes against probabilities, counts and another label sample from the same shares', () => {
    expect(same).toMatchDistribution(shares)
    expect(same).toMatchDistribution({ cat: 50, dog: 30, bird: 20 })
    expect(same).toMatchDistribution(labels('cats-other', 3000, shares))
    // Received category counts.
    expect({ cat: 1010, dog: 590, bird: 400 }).toMatchDistribution(shares)
  })

  it('fails on evidence, and .not passes then', () => {
    expect(() => expect(shifted).toMatchDistribution(shares)).toThrowError(
      /the evidence contradicts the claim/,
    )
    expect(shifted).not.toMatchDistribution(shares)
    expect(shifted).not.toMatchDistribution(labels('cats-other', 3000, shares))
  })

  it('.not fails without evidence of a difference', () => {
    expect(() => expect(same).not.toMatchDistribution(shares)).toThrowError(
      /no evidence, at false-fail rate 0.001/,
    )
  })

  it('is inconclusive with too few labels, and says how many would do', () => {
    const few = labels('few', 60, shares)
    const message = messageOf(() => expect(few).toMatchDistribution(shares))
    expect(message).toMatch(/Verdict: {3}inconclusive: the data are too few/)
    expect(message).toMatch(/Next: {6}Take at least \d+ values/)
    expect(few).toMatchDistribution(shares, { allowInconclusive: true })
    // Under .not, inconclusive is not evidence: .not fails.
    expect(() => expect(few).not.toMatchDistribution(shares)).toThrowError(/too few to tell either way/)
  })

  it('fails when received holds a category the reference rules out', () => {
    const message = messageOf(() => expect([...same, 'fish']).toMatchDistribution(shares))
    expect(message).toMatch(/received holds fish, which the reference gives probability 0/)
  })

  it('compares category counts with labels, and booleans with probabilities', () => {
    expect({ cat: 1010, dog: 590, bird: 400 }).toMatchDistribution(labels('cats-other', 3000, shares))
    const rng = createRng('coin')
    const flips = Array.from({ length: 2000 }, () => rng() < 0.5)
    expect(flips).toMatchDistribution({ true: 0.5, false: 0.5 })
    expect(flips).not.toMatchDistribution({ true: 0.4, false: 0.6 })
  })

  it('keeps the table to 10 categories plus a summary row', () => {
    const rng = createRng('many')
    const many = Array.from({ length: 3000 }, () => `k${rng.integer(0, 19)}`)
    const uniform = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 0.05]))
    const skewed = { ...uniform, k0: 0.1, k1: 0 }
    const message = messageOf(() => expect(many).toMatchDistribution(skewed))
    const table = message
      .slice(message.search(/^category +observed/m), message.indexOf('Seed:'))
      .trim()
      .split('\n')
    expect(table.length).toBeLessThanOrEqual(12)
    expect(table[table.length - 1]).toMatch(/^… 11 more/)
    expect(message).toMatch(/received holds k1, which the reference gives probability 0/)
    expect(many).toMatchDistribution(uniform)
  })

  it('notes expected counts below 5', () => {
    const message = messageOf(() => expect(labels('tiny', 12, shares)).toMatchDistribution(shares))
    expect(message).toMatch(/Note: {6}2 categories have an expected count below 5/)
  })

  it('treats numbers as labels with test: chi-square (dice)', () => {
    const rng = createRng('dice')
    const rolls = Array.from({ length: 3000 }, () => rng.integer(1, 6))
    expect(rolls).toMatchDistribution({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1 })
    expect(rolls).toMatchDistribution([1, 2, 3, 4, 5, 6], { test: 'chi-square', allowInconclusive: true })
    const loaded = rolls.map((r) => (r === 6 && rng() < 0.3 ? 1 : r))
    expect(loaded).not.toMatchDistribution({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1 })
  })

  it('prints a table of categories', () => {
    const message = messageOf(() => expect(shifted).toMatchDistribution(shares))
    expect(message).toMatchSnapshot()
    const homogeneity = messageOf(() => expect(shifted.slice(0, 500)).toMatchDistribution(same.slice(0, 400)))
    expect(homogeneity).toMatchSnapshot()
  })
})

describe('toMatchDistribution on numbers (Kolmogorov–Smirnov)', () => {
  const xs = normals('ks', 2000)

  it('passes against a named distribution, a CDF, samples and a Baseline from the same distribution', () => {
    expect(xs).toMatchDistribution(N01)
    expect(xs).toMatchDistribution({ normal: {} })
    expect(Float32Array.from(xs)).toMatchDistribution(N01)
    const reference = normals('ks-reference', 3000)
    expect(xs).toMatchDistribution(reference)
    expect(xs).toMatchDistribution(Baseline.from(reference))
    expect(Baseline.from(xs)).toMatchDistribution(N01)
    const rng = createRng('u')
    const us = Array.from({ length: 2000 }, () => rng.uniform(2, 5))
    expect(us).toMatchDistribution({ uniform: { min: 2, max: 5 } })
    expect(us).toMatchDistribution((x: number) => Math.min(1, Math.max(0, (x - 2) / 3)))
    const es = us.map((u) => -Math.log((u - 2) / 3) / 4)
    expect(es).toMatchDistribution({ exponential: { rate: 4 } })
  })

  it('fails on a shift, and .not passes then', () => {
    const shifted = normals('ks-shifted', 2000, 0.3)
    expect(() => expect(shifted).toMatchDistribution(N01)).toThrowError(/the evidence contradicts the claim/)
    expect(shifted).not.toMatchDistribution(N01)
    expect(shifted).not.toMatchDistribution(xs)
    // A change of spread with the same mean.
    expect(normals('ks-wide', 2000, 0, 1.5)).not.toMatchDistribution(xs)
  })

  it('.not fails without evidence of a difference', () => {
    expect(() => expect(xs).not.toMatchDistribution(N01)).toThrowError(
      /no evidence, at false-fail rate 0.001/,
    )
  })

  it('is inconclusive with too few samples, and says how many would do', () => {
    const few = normals('few', 50)
    const message = messageOf(() => expect(few).toMatchDistribution(N01))
    expect(message).toMatch(/Verdict: {3}inconclusive/)
    expect(message).toMatch(/Next: {6}Take at least \d+ values/)
    expect(few).toMatchDistribution(N01, { allowInconclusive: true })
    expect(few).toMatchDistribution(N01, { tolerance: 0.5 })
    expect(() => expect(few).not.toMatchDistribution(N01)).toThrowError(/too few to tell either way/)
    // A small reference limits a two-sample test however many values are received.
    const small = messageOf(() => expect(xs).toMatchDistribution(normals('small-ref', 40)))
    expect(small).toMatch(/The reference \(40 values\) is itself too small/)
  })

  it('notes tied values against a continuous distribution', () => {
    const rounded = Array.from(normals('ties', 200), (x) => Math.round(x * 10) / 10)
    const message = messageOf(() => expect(rounded).toMatchDistribution(N01))
    expect(message).toMatch(/Note: {6}\d+ tied values: the KS test assumes a continuous distribution/)
  })

  it('draws from a sampler (async) with the seed', async () => {
    await expect(({ rng }: { rng: ReturnType<typeof createRng> }) => rng.normal()).toMatchDistribution(N01, {
      samples: 1500,
    })
    await expect(({ rng }: { rng: ReturnType<typeof createRng> }) => rng.normal(0.4)).not.toMatchDistribution(
      N01,
      {
        samples: 1500,
      },
    )
    const message = await asyncMessageOf(
      expect(({ rng }: { rng: ReturnType<typeof createRng> }) => rng.normal(0.4)).toMatchDistribution(N01, {
        samples: 1500,
        seed: 'fixed',
      }),
    )
    expect(message).toMatch(/1500 draws from the sampler/)
    // Without a samples option, a sampler is drawn as often as the tolerance needs (1214 > the default 1000
    // at tolerance 0.08; 777 at the default 0.1 needs no raise).
    await expect(({ rng }: { rng: ReturnType<typeof createRng> }) => rng.normal()).toMatchDistribution(N01, {
      tolerance: 0.08,
    })
    const raised = await asyncMessageOf(
      expect(({ rng }: { rng: ReturnType<typeof createRng> }) => rng.normal()).not.toMatchDistribution(N01, {
        tolerance: 0.08,
      }),
    )
    expect(raised).toMatch(
      /\d{4} draws from the sampler \(raised from 1000: enough to detect the tolerance\)/,
    )
    expect(message).toMatch(/Seed: {6}fixed \(from the seed option\)/)
  })

  it('says so when a failing sampler has randomness the seed does not control', async () => {
    const message = await asyncMessageOf(
      expect(() => Math.random() * 2).toMatchDistribution({ uniform: { min: 0, max: 1 } }, { samples: 300 }),
    )
    expect(message).toMatch(/Redrawing with the same seed gave a different value at draw 0/)
    expect(message).toMatch(/withSeededMathRandom/)
    // A seeded sampler that fails says nothing of the kind.
    const seeded = await asyncMessageOf(
      expect(({ rng }: { rng: ReturnType<typeof createRng> }) => rng.uniform(0, 2)).toMatchDistribution(
        { uniform: { min: 0, max: 1 } },
        { samples: 300 },
      ),
    )
    expect(seeded).not.toMatch(/Redrawing/)
  })

  it('prints the statistic, the largest gap and two histograms (named distribution)', () => {
    const message = messageOf(() => expect(normals('ks-shifted', 400, 0.5)).toMatchDistribution(N01))
    expect(message).toMatchSnapshot()
  })

  it('prints a .not failure and an inconclusive verdict', () => {
    expect(
      messageOf(() => expect(normals('not-msg', 300)).not.toMatchDistribution(N01, { bins: 4 })),
    ).toMatchSnapshot()
    expect(
      messageOf(() => expect(normals('inc-msg', 40)).toMatchDistribution(N01, { bins: 4 })),
    ).toMatchSnapshot()
  })

  it('prints the statistic, the largest gap and two histograms (two samples)', () => {
    const message = messageOf(() =>
      expect(normals('ks-a', 500, 0, 1.6)).toMatchDistribution(normals('ks-b', 300), { bins: 8 }),
    )
    expect(message).toMatchSnapshot()
  })
})

describe('toMatchDistribution drift thresholds (psi, wasserstein)', () => {
  const reference = normals('drift-reference', 1500)
  const same = normals('drift-same', 1000)
  const shifted = normals('drift-shifted', 1000, 0.8)

  it('passes when the drift is clearly below the threshold', () => {
    expect(same).toMatchDistribution(reference, { test: 'psi' })
    // The Wasserstein upper bound keeps the estimate's upward sampling inflation (about 0.04 here), so
    // 1000 vs 1500 values settle a threshold of 0.15 sd but not the default 0.1 sd.
    expect(same).toMatchDistribution(reference, { test: 'wasserstein', tolerance: 0.15 })
    expect(normals('drift-same-big', 4000)).toMatchDistribution(normals('drift-reference-big', 4000), {
      test: 'wasserstein',
    })
    expect(same).toMatchDistribution(Baseline.from(reference), { test: 'psi', bins: 20 })
  })

  it('fails when the drift is clearly above it, and .not passes then', () => {
    expect(() => expect(shifted).toMatchDistribution(reference, { test: 'psi' })).toThrowError(
      /the evidence contradicts the claim/,
    )
    expect(shifted).not.toMatchDistribution(reference, { test: 'psi' })
    expect(shifted).not.toMatchDistribution(reference, { test: 'wasserstein', tolerance: 0.5 })
    expect(shifted).toMatchDistribution(reference, { test: 'wasserstein', tolerance: 1.2 })
  })

  it('is inconclusive when the bounds straddle the threshold', () => {
    const message = messageOf(() =>
      expect(normals('drift-few', 80)).toMatchDistribution(normals('drift-few-ref', 80), { test: 'psi' }),
    )
    expect(message).toMatch(/Verdict: {3}inconclusive/)
    expect(() => expect(same).not.toMatchDistribution(reference, { test: 'psi' })).toThrowError(/no evidence/)
  })

  it('is inconclusive for Wasserstein at the default threshold with 1000 vs 1500 values, and says how many would do', () => {
    const message = messageOf(() => expect(same).toMatchDistribution(reference, { test: 'wasserstein' }))
    expect(message).toMatch(/Verdict: {3}inconclusive/)
    expect(message).toMatch(/no resampling/)
    expect(message).toContain(`Wasserstein-1 distance ${formatNumber(wasserstein(same, reference))} (`)
  })

  it('computes the bootstrap PSI from counts exactly as populationStabilityIndex does', () => {
    const rng = createRng('psi-counts')
    const tied = Array.from({ length: 300 }, () => Math.floor(rng() * 4))
    const cases: Array<[ArrayLike<number>, ArrayLike<number>, number]> = [
      [same, reference, 10],
      [shifted, reference, 20],
      [normals('psi-small', 7), normals('psi-small-ref', 5), 3],
      [[1, 2], [2, 3], 2],
      [tied, Array.from({ length: 200 }, () => Math.floor(rng() * 3)), 10],
      [normals('psi-far', 50, 9), normals('psi-far-ref', 60), 10],
    ]
    for (const [received, ref, bins] of cases)
      expect(psiOfSortedSamples(received, ref, bins)).toBeCloseTo(
        populationStabilityIndex(ref, received, { bins }).value,
        12,
      )
  })

  it('is reproducible: the bootstrap is seeded', () => {
    const a = messageOf(() => expect(shifted).toMatchDistribution(reference, { test: 'psi', seed: 7 }))
    const b = messageOf(() => expect(shifted).toMatchDistribution(reference, { test: 'psi', seed: 7 }))
    expect(a).toBe(b)
  })

  it('prints the estimate, bounds and histograms', () => {
    const message = messageOf(() =>
      expect(normals('drift-msg', 600, 0.4)).toMatchDistribution(normals('drift-msg-ref', 800), {
        test: 'wasserstein',
        tolerance: 0.1,
      }),
    )
    expect(message).toMatchSnapshot()
  })

  it('prints the PSI estimate, bootstrap bounds and method', () => {
    const message = messageOf(() =>
      expect(normals('drift-msg', 600, 0.4)).toMatchDistribution(normals('drift-msg-ref', 800), {
        test: 'psi',
        seed: 3,
      }),
    )
    expect(message).toMatchSnapshot()
  })
})
