import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { createRng } from '../../src/random'
import { type SamplerDraw, SamplerError, SamplerTimeoutError } from '../../src/sampler'

// biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours
const strip = (s: string) => s.replace(/\u001b\[\d+m/g, '')

/** The message of an assertion that must fail. */
async function failure(assertion: Promise<unknown>): Promise<string> {
  try {
    await assertion
  } catch (e) {
    return strip((e as Error).message)
  }
  throw new Error('the assertion passed')
}

const noisy =
  (mean: number, sd: number) =>
  ({ rng }: SamplerDraw) =>
    mean + rng.normal(0, sd)

describe('toBeStableAcrossSeeds on numbers', () => {
  it('passes when the seed-to-seed sd is well below the tolerance', async () => {
    await expect(noisy(0.9, 0.005)).toBeStableAcrossSeeds({ tolerance: 0.02 })
    await expect(noisy(0.9, 0.01)).toBeStableAcrossSeeds({ seeds: 30, tolerance: 0.02 })
  })

  it('passes a sampler that ignores the seed with the default tolerance (1% of |mean|)', async () => {
    await expect(() => 0.9).toBeStableAcrossSeeds()
    await expect(async () => 42).toBeStableAcrossSeeds({ seeds: 2 })
  })

  it('gives each seed { rng: createRng(seed), seed, index }, derived from the seed or listed', async () => {
    const seen: Array<[string, number, number]> = []
    await expect(({ rng, seed, index }: SamplerDraw) => {
      seen.push([seed, index, rng()])
      return 1
    }).toBeStableAcrossSeeds({ seeds: 3, seed: 'base' })
    expect(seen).toEqual([0, 1, 2].map((i) => [`base/seed-${i}`, i, createRng(`base/seed-${i}`)()]))
    seen.length = 0
    await expect(({ rng, seed, index }: SamplerDraw) => {
      seen.push([seed, index, rng()])
      return 1
    }).toBeStableAcrossSeeds({ seeds: [7, 'x'] })
    expect(seen).toEqual([
      ['7', 0, createRng('7')()],
      ['x', 1, createRng('x')()],
    ])
  })

  it('fails when the lower confidence bound on the sd exceeds the tolerance', async () => {
    const message = await failure(expect(noisy(0.9, 0.05)).toBeStableAcrossSeeds({ tolerance: 0.01 }))
    expect(message).toMatch(/Verdict: {3}fail: the evidence contradicts the claim/)
    expect(message).toMatch(/Worst: {5}seeds ".*\/seed-\d" \(.*\) and ".*\/seed-\d" \(.*\) are .* apart/)
    expect(message).toMatchSnapshot()
  })

  it('a tolerance of 0 (the default with a mean of 0) demands identical outputs', async () => {
    await expect(() => 0).toBeStableAcrossSeeds()
    const message = await failure(
      expect(({ index }: SamplerDraw) => (index % 2 ? 1e-9 : -1e-9)).toBeStableAcrossSeeds(),
    )
    expect(message).toMatch(/The tolerance is 0 \(the default 1% of a mean of 0\)/)
  })

  it('relativeTolerance scales with |mean|, and adds to tolerance', async () => {
    await expect(noisy(100, 0.3)).toBeStableAcrossSeeds({ relativeTolerance: 0.01 })
    await failure(expect(noisy(100, 3)).toBeStableAcrossSeeds({ relativeTolerance: 0.01 }))
    await expect(noisy(100, 3)).toBeStableAcrossSeeds({ relativeTolerance: 0.01, tolerance: 5, seeds: 40 })
  })

  it('does not assume normal outputs: the upper bound is wide with few seeds, untrusted below 5', async () => {
    // sd 0.5 × tolerance, 10 seeds: the chi-square bound would pass; the kurtosis-robust one needs more seeds.
    const few = await failure(expect(noisy(0.9, 0.005)).toBeStableAcrossSeeds({ tolerance: 0.01 }))
    expect(few).toMatch(/Verdict: {3}inconclusive/)
    expect(few).toMatch(/Bonett, kurtosis-robust/)
    await expect(noisy(0.9, 0.005)).toBeStableAcrossSeeds({ tolerance: 0.01, seeds: 60 })
    const tiny = await failure(expect(noisy(0.9, 0.001)).toBeStableAcrossSeeds({ tolerance: 0.01, seeds: 4 }))
    expect(tiny).toMatch(
      /No verdict: 4 runs are too few for a bound on the standard deviation that does not assume normal outputs \(it takes 5\)/,
    )
    expect(tiny).toContain('Take at least 5 seeds')
    // Declaring the outputs normal gives the chi-square bounds: 10 seeds then suffice.
    await expect(noisy(0.9, 0.005)).toBeStableAcrossSeeds({ tolerance: 0.01, assumeNormal: true })
    const declared = await failure(
      expect(noisy(0.9, 0.015)).toBeStableAcrossSeeds({ tolerance: 0.01, seeds: 5, assumeNormal: true }),
    )
    expect(declared).toMatch(/chi-square, df = 4, assuming normal outputs \(assumeNormal\)/)
    await expect(expect(noisy(0.9, 0.005)).toBeStableAcrossSeeds({ assumeNormal: 1 as any })).rejects.toThrow(
      /options.assumeNormal must be a boolean/,
    )
    await expect(expect(() => 'cat').toBeStableAcrossSeeds({ assumeNormal: true })).rejects.toThrow(
      /assumeNormal applies to numeric outputs/,
    )
    // A failure needs no trust in the upper bound: 4 seeds far apart still fail.
    await failure(expect(noisy(0.9, 1)).toBeStableAcrossSeeds({ tolerance: 0.01, seeds: 4 }))
  })

  it('is inconclusive with too few seeds, and says how many would settle it', async () => {
    const message = await failure(
      expect(noisy(0.9, 0.015)).toBeStableAcrossSeeds({ seeds: 5, tolerance: 0.01 }),
    )
    expect(message).toMatch(/Verdict: {3}inconclusive/)
    const needed = Number(/about (\d+) seeds would settle it/.exec(message)?.[1])
    expect(needed).toBeGreaterThan(5)
    expect(message).toContain(`Take at least ${needed}`)
    expect(message).toMatchSnapshot()
    await expect(noisy(0.9, 0.015)).toBeStableAcrossSeeds({
      seeds: 5,
      tolerance: 0.01,
      allowInconclusive: true,
    })
  })

  it('.not passes only on evidence of instability', async () => {
    await expect(noisy(0.9, 0.05)).not.toBeStableAcrossSeeds({ tolerance: 0.01 })
    const stable = await failure(expect(() => 0.9).not.toBeStableAcrossSeeds())
    expect(stable).toMatch(/`.not` passes only on evidence/)
    // Inconclusive is no evidence either way: .not fails too.
    await failure(expect(noisy(0.9, 0.015)).not.toBeStableAcrossSeeds({ seeds: 5, tolerance: 0.01 }))
  })

  it('awaits async samplers', async () => {
    await expect(async ({ rng }: SamplerDraw) => 0.9 + rng.normal(0, 0.001)).toBeStableAcrossSeeds({
      tolerance: 0.01,
    })
  })

  it('notices when a failure comes from randomness the seed does not control', async () => {
    const message = await failure(expect(() => Math.random()).toBeStableAcrossSeeds({ tolerance: 0.01 }))
    expect(message).toMatch(
      /Rerunning seed ".*" gave a different output \(.* then .*\): the sampler has randomness the seed does not control/,
    )
    // A sampler that depends only on { seed, index } is rerun with the same ones: no such note.
    const honest = await failure(
      expect(({ index }: SamplerDraw) => index).toBeStableAcrossSeeds({ tolerance: 0.01 }),
    )
    expect(honest).not.toMatch(/Rerunning/)
    expect(message).toMatch(/toBeReproducible; withSeededMathRandom\(seed, fn\)/)
  })
})

describe('toBeStableAcrossSeeds on arrays and records', () => {
  it('compares arrays element by element and reports the worst element', async () => {
    await expect(({ rng }: SamplerDraw) =>
      [1, 2, 3].map((x) => x + rng.normal(0, 0.001)),
    ).toBeStableAcrossSeeds({
      tolerance: 0.01,
    })
    await expect(({ rng }: SamplerDraw) =>
      Float64Array.of(1 + rng.normal(0, 0.001), 5),
    ).toBeStableAcrossSeeds({
      tolerance: 0.01,
    })
    const message = await failure(
      expect(({ rng }: SamplerDraw) => [1, 2 + rng.normal(0, 0.5), 3]).toBeStableAcrossSeeds({
        tolerance: 0.01,
      }),
    )
    expect(message).toMatch(/Elements: {2}3; 1 over the tolerance, 0 undecided; worst element \[1\]/)
    expect(message).toMatch(/Bonferroni over 3/)
    expect(message).toMatchSnapshot()
  })

  it('compares records key by key and reports the worst key', async () => {
    await expect(({ rng }: SamplerDraw) => ({
      accuracy: 0.9 + rng.normal(0, 0.001),
      loss: 0.3,
    })).toBeStableAcrossSeeds({
      tolerance: 0.01,
    })
    const message = await failure(
      expect(({ rng }: SamplerDraw) => ({
        accuracy: 0.9,
        loss: 0.3 + rng.normal(0, 0.2),
      })).toBeStableAcrossSeeds({
        tolerance: 0.01,
      }),
    )
    expect(message).toMatch(/worst key "loss"/)
    expect(message).toMatch(/Output per seed \(worst key\):/)
  })
})

describe('toBeStableAcrossSeeds on labels', () => {
  const inputs = Array.from({ length: 300 }, (_, i) => ['cat', 'dog', 'bird'][i % 3])
  const flip =
    (p: number) =>
    ({ rng }: SamplerDraw) =>
      inputs.map((x) => (rng() < p ? 'other' : x))

  it('passes when two seeds agree on at least minAgreement of the labels', async () => {
    // The seed is the unit: passing 90% at the default tolerance needs at least 37 seeds with any valid
    // bound (42 here with identical outputs).
    await expect(flip(0.01)).toBeStableAcrossSeeds({ seeds: 50 })
    await expect(flip(0.02)).toBeStableAcrossSeeds({ minAgreement: 0.9, seeds: 60 })
    await expect(() => 'cat').toBeStableAcrossSeeds({ seeds: 42 })
    await expect(() => [true, false]).toBeStableAcrossSeeds({ seeds: 50 })
  })

  it('is inconclusive at the default 10 seeds even when every seed agrees, saying how many would pass', async () => {
    const message = await failure(expect(() => 'cat').toBeStableAcrossSeeds())
    expect(message).toMatch(/over the 5 disjoint pairs of seeds/)
    expect(message).toMatch(/about 42 seeds would settle it/)
    expect(await failure(expect(() => 'cat').toBeStableAcrossSeeds({ seeds: 41 }))).toMatch(
      /about 42 seeds would settle it/,
    )
  })

  it('fails when the agreement is too low, showing the worst pair and the labels', async () => {
    // 10 disjoint pairs of seeds: enough to fail an agreement of 58% at falseFailRate 0.001 (5 are not).
    const message = await failure(expect(flip(0.3)).toBeStableAcrossSeeds({ seeds: 20 }))
    expect(message).toMatch(/Agreement: .* over 190 pairs of seeds, 300 positions each/)
    expect(message).toMatch(/Worst: {5}seeds ".*" and ".*" agree on .*%: \[\d+\] "/)
    expect(message).toMatchSnapshot()
    await expect(flip(0.3)).not.toBeStableAcrossSeeds({ seeds: 20 })
  })

  it('is inconclusive with too few seeds to tell', async () => {
    const message = await failure(expect(flip(0.05)).toBeStableAcrossSeeds())
    expect(message).toMatch(/inconclusive/)
    expect(message).toMatch(/about \d+ seeds would settle it/)
  })

  it('treats numbers as labels (class ids) when minAgreement is given', async () => {
    await expect(({ rng }: SamplerDraw) =>
      [0, 1, 2, 1, 0].map((c) => (rng() < 0.001 ? 3 : c)),
    ).toBeStableAcrossSeeds({
      minAgreement: 0.5,
      seeds: 40,
    })
    const message = await failure(
      expect(({ rng }: SamplerDraw) => rng.integer(0, 3)).toBeStableAcrossSeeds({
        minAgreement: 0.9,
        seeds: 40,
      }),
    )
    expect(message).toMatch(/two seeds agree on at least 90% of the label/)
  })
})

describe('toBeStableAcrossSeeds rejects bad input, also under .not', () => {
  it('received must be a sampler', async () => {
    await expect(expect(0.9).toBeStableAcrossSeeds()).rejects.toThrow(InvalidInputError)
    await expect(expect([1, 2]).not.toBeStableAcrossSeeds()).rejects.toThrow(
      /toBeStableAcrossSeeds: received must be a sampler, a function \(\{ rng, seed, index \}\) => value, got an array of length 2/,
    )
  })

  it('checks the options', async () => {
    const s = () => 1
    await expect(expect(s).toBeStableAcrossSeeds({ seeds: 1 })).rejects.toThrow(
      /options.seeds must be at least 2/,
    )
    await expect(expect(s).toBeStableAcrossSeeds({ seeds: 2.5 })).rejects.toThrow(InvalidRangeError)
    await expect(expect(s).toBeStableAcrossSeeds({ seeds: [1] })).rejects.toThrow(
      /must list at least 2 seeds/,
    )
    await expect(expect(s).toBeStableAcrossSeeds({ seeds: [1, '1'] })).rejects.toThrow(
      /lists the seed "1" twice/,
    )
    await expect(expect(s).toBeStableAcrossSeeds({ seeds: [1, ''] })).rejects.toThrow(/options.seeds\[1\]/)
    await expect(expect(s).toBeStableAcrossSeeds({ seeds: 'ten' as any })).rejects.toThrow(InvalidInputError)
    await expect(expect(s).toBeStableAcrossSeeds({ tolerance: -1 })).rejects.toThrow(/options.tolerance/)
    await expect(expect(s).toBeStableAcrossSeeds({ relativeTolerance: 0 })).rejects.toThrow(
      /options.relativeTolerance/,
    )
    await expect(expect(s).toBeStableAcrossSeeds({ minAgreement: 1 })).rejects.toThrow(/options.minAgreement/)
    await expect(expect(s).toBeStableAcrossSeeds({ samples: 10 } as any)).rejects.toThrow(
      /options.samples does not apply/,
    )
    await expect(expect(s).not.toBeStableAcrossSeeds({ seed: 'a', tolerence: 1 } as any)).rejects.toThrow(
      /options.tolerence is not an option of toBeStableAcrossSeeds/,
    )
    await expect(expect(() => 'cat').toBeStableAcrossSeeds({ relativeTolerance: 0.1 })).rejects.toThrow(
      /relativeTolerance applies to numeric outputs/,
    )
    await expect(expect(() => 'cat').toBeStableAcrossSeeds({ tolerance: 0.95 })).rejects.toThrow(
      /options.tolerance must be below minAgreement \(0.9\) for labels/,
    )
    await expect(
      expect(() => 1).toBeStableAcrossSeeds({ minAgreement: 0.9, relativeTolerance: 0.1 }),
    ).rejects.toThrow(InvalidInputError)
  })

  it('names the seed whose output is of the wrong kind or shape', async () => {
    await expect(expect(() => Number.NaN).toBeStableAcrossSeeds({ seed: 's' })).rejects.toThrow(
      /toBeStableAcrossSeeds: the output for seed "s\/seed-0" \(run 0\) must be finite, got NaN/,
    )
    await expect(
      expect(({ index }: SamplerDraw) => (index === 3 ? 'x' : 1)).toBeStableAcrossSeeds({ seed: 's' }),
    ).rejects.toThrow(
      /the output for seed "s\/seed-3" \(run 3\) is labels while the output for seed "s\/seed-0" is a number/,
    )
    await expect(
      expect(({ index }: SamplerDraw) => new Array(index === 2 ? 3 : 2).fill(1)).toBeStableAcrossSeeds({
        seed: 's',
      }),
    ).rejects.toThrow(/seed "s\/seed-2" \(run 2\) has 3 elements while the output for seed "s\/seed-0" has 2/)
    await expect(
      expect(({ index }: SamplerDraw) => (index ? { a: 1 } : { b: 1 })).toBeStableAcrossSeeds({ seed: 's' }),
    ).rejects.toThrow(/has other keys than the output for seed "s\/seed-0" \(missing b; extra a\)/)
    await expect(expect(() => ({ a: 'x' })).toBeStableAcrossSeeds({ seed: 's' })).rejects.toThrow(
      /\(run 0\)\.a must be a number/,
    )
    await expect(expect(() => [1, 'a']).toBeStableAcrossSeeds()).rejects.toThrow(/mixes numbers and labels/)
    await expect(expect(() => []).toBeStableAcrossSeeds()).rejects.toThrow(/must not be an empty array/)
    await expect(expect(() => new Map()).not.toBeStableAcrossSeeds()).rejects.toThrow(InvalidInputError)
  })

  it('names the seed at which the sampler threw', async () => {
    const assertion = expect(({ index }: SamplerDraw) => {
      if (index === 4) throw new Error('boom')
      return 1
    }).toBeStableAcrossSeeds({ seeds: ['a', 'b', 'c', 'd', 'e', 'f'] })
    await expect(assertion).rejects.toThrow(SamplerError)
    await expect(
      expect(async ({ index }: SamplerDraw) => {
        if (index === 1) throw new Error('boom')
        return 1
      }).not.toBeStableAcrossSeeds({ seeds: ['a', 'b'] }),
    ).rejects.toThrow(/toBeStableAcrossSeeds: the sampler threw at run 1 \(seed "b"\): Error: boom/)
  })

  it('stops at the time budget and says which limit was hit', async () => {
    // The first seed's run settles at once, the next never: "after 1 of 10 seeds" however busy the machine is.
    const slowAfterFirst = () => {
      let calls = 0
      return () => (calls++ === 0 ? Promise.resolve(1) : new Promise<number>(() => {}))
    }
    const assertion = expect(slowAfterFirst()).toBeStableAcrossSeeds({ seeds: 10, timeoutMs: 60, seed: 's' })
    await expect(assertion).rejects.toThrow(SamplerTimeoutError)
    await expect(
      expect(slowAfterFirst()).toBeStableAcrossSeeds({ seeds: 10, timeoutMs: 60, seed: 's' }),
    ).rejects.toThrow(
      /toBeStableAcrossSeeds: the sampler ran out of its time budget of 60 ms \(timeoutMs\) after 1 of 10 seeds \(seed "s"\)\..*ask for fewer seeds/,
    )
    await expect(
      expect(() => new Promise(() => {})).toBeStableAcrossSeeds({ timeoutMs: 30 }),
    ).rejects.toThrow(/after 0 of 10 seeds/)
  })
})

describe('toBeStableAcrossSeeds on labels that flip in blocks', () => {
  it('counts one odd seed as one seed, not as hundreds of independent flips', async () => {
    const inputs = Array.from({ length: 300 }, (_, i) => String(i % 3))
    // Seed 7 gives different labels everywhere: with 10 seeds, agreement 80%, but from one seed in ten.
    const oddOne = ({ index }: SamplerDraw) => (index === 7 ? inputs.map(() => 'x') : inputs)
    const message = await failure(expect(oddOne).toBeStableAcrossSeeds())
    expect(message).toMatch(/Agreement: 80% of positions/)
    expect(message).toMatch(
      /5 disjoint pairs of seeds \(seed 1 with 2, 3 with 4, …; mean 80%\): the seed is the unit/,
    )
    expect(message).toMatch(/Verdict: {3}inconclusive/)
    // One odd seed in 60 (one spoilt pair in 30): consistent with agreement ≥ 90%, and no fail.
    const many = await failure(expect(oddOne).toBeStableAcrossSeeds({ seeds: 60 })).catch(() => '')
    expect(many).not.toMatch(/Verdict: {3}fail/)
  })
})

describe('toBeStableAcrossSeeds per-seed table', () => {
  it('keeps the worst pair in view when it cuts a long table', async () => {
    const message = await failure(
      expect(({ index }: SamplerDraw) =>
        index === 27 ? 5 : index === 33 ? -5 : index / 100,
      ).toBeStableAcrossSeeds({
        seeds: 40,
        tolerance: 0.01,
        seed: 't',
      }),
    )
    expect(message).toMatch(/t\/seed-27 +5 +← highest/)
    expect(message).toMatch(/t\/seed-33 +-5 +← lowest/)
    expect(message).toMatch(/… 20 more seeds/)
  })
})

describe('toBeStableAcrossSeeds with concurrency', () => {
  it('runs at most k seeds in flight, each seed with its own stream: the same verdict and record as serial', async () => {
    const { takeRecords } = await import('../../src/records')
    let inFlight = 0
    let peak = 0
    const slow = async ({ rng, seed }: SamplerDraw) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      // Finish out of order: later seeds are not slower.
      await new Promise((r) => setTimeout(r, 1 + (String(seed).length % 3)))
      inFlight--
      return 0.9 + rng.normal(0, 0.005)
    }
    takeRecords()
    await expect(slow).toBeStableAcrossSeeds({ seeds: 12, tolerance: 0.02, concurrency: 3, seed: 'k' })
    const parallel = peak
    peak = 0
    await expect(slow).toBeStableAcrossSeeds({ seeds: 12, tolerance: 0.02, seed: 'k' })
    const [a, b] = takeRecords()
    expect(parallel).toBe(3)
    expect(peak).toBe(1)
    expect(a.estimate).toBe(b.estimate)
    expect(a.interval).toEqual(b.interval)
  })
})
