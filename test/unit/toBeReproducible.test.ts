import { afterEach, describe, expect, it, vi } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { type SamplerDraw, SamplerError, SamplerTimeoutError, withSeededMathRandom } from '../../src/sampler'

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

afterEach(() => {
  vi.restoreAllMocks()
})

describe('toBeReproducible', () => {
  it('passes when the output depends only on the seed', async () => {
    await expect(({ rng }: SamplerDraw) => [rng(), rng.normal()]).toBeReproducible()
    await expect(({ seed }: SamplerDraw) => ({
      seed,
      scores: new Float64Array([1, Number.NaN]),
    })).toBeReproducible({
      runs: 3,
    })
    await expect(async ({ rng }: SamplerDraw) => new Map([['a', rng()]])).toBeReproducible({ seed: 42 })
  })

  it('gives every run the same { rng, seed, index: 0 }', async () => {
    const seen: Array<[string, number, number]> = []
    await expect(({ rng, seed, index }: SamplerDraw) => {
      seen.push([seed, index, rng()])
      return 1
    }).toBeReproducible({ seed: 'abc', runs: 3 })
    expect(seen).toHaveLength(3)
    expect(new Set(seen.map((s) => JSON.stringify(s))).size).toBe(1)
    expect(seen[0][0]).toBe('abc')
  })

  it('fails on Math.random, shows the first difference and suggests withSeededMathRandom', async () => {
    let u = 0
    vi.spyOn(Math, 'random').mockImplementation(() => (u = (u + 0.25) % 1))
    const message = await failure(
      expect(({ rng }: SamplerDraw) => ({
        weights: [1, rng() > 2 ? 0 : 1, Math.random()],
      })).toBeReproducible(),
    )
    expect(message).toMatch(/Calls: {5}Math.random 2 times while the sampler ran/)
    expect(message).toMatch(/withSeededMathRandom\(seed, \(\) => model\(input\)\)/)
    expect(message).toMatchSnapshot()
  })

  it('passes once Math.random is seeded with withSeededMathRandom', async () => {
    await expect(({ seed }: SamplerDraw) =>
      withSeededMathRandom(seed, () => [Math.random(), Math.random()]),
    ).toBeReproducible()
    // The spies are gone afterwards.
    expect(Math.random.name).not.toBe('spy')
  })

  it('fails on the clock', async () => {
    let t = 1_700_000_000_000
    vi.spyOn(Date, 'now').mockImplementation(() => (t += 1000))
    const message = await failure(expect(() => ({ stamp: Date.now() })).toBeReproducible())
    expect(message).toMatch(/Differs: {3}at \.stamp \(the value changed\)/)
    expect(message).toMatch(/it reads the clock/)
    expect(message).toMatch(/Calls: {5}Date.now 2 times/)
  })

  it('fails on hidden global state, with the path, the values and the run', async () => {
    let calls = 0
    const message = await failure(
      expect(() => {
        calls++
        return calls < 3 ? { items: ['a', 'b'] } : { items: ['a', 'b', 'c'] }
      }).toBeReproducible({ runs: 4 }),
    )
    expect(message).toMatch(/Differs: {3}at \.items\.length \(the length changed: 2 vs 3\)/)
    expect(message).toMatch(/Run 2: {5}3/)
    expect(message).toMatch(/global state kept between calls/)
    expect(message).toMatchSnapshot()
  })

  it('.not passes when runs differ, and fails when they agree', async () => {
    let n = 0
    await expect(() => n++).not.toBeReproducible()
    const message = await failure(expect(() => 1).not.toBeReproducible())
    expect(message).toMatch(/Claim: {5}the sampler gives different outputs on 2 runs with the same seed/)
    expect(message).toMatchSnapshot()
  })

  it('rejects bad input, also under .not', async () => {
    await expect(expect(1).toBeReproducible()).rejects.toThrow(InvalidInputError)
    await expect(expect('f').not.toBeReproducible()).rejects.toThrow(
      /toBeReproducible: received must be a sampler/,
    )
    await expect(expect(() => 1).toBeReproducible({ runs: 1 })).rejects.toThrow(InvalidRangeError)
    await expect(expect(() => 1).toBeReproducible({ runs: 2.5 })).rejects.toThrow(
      /options.runs must be a whole number/,
    )
    await expect(expect(() => 1).toBeReproducible({ tolerance: 0.1 } as any)).rejects.toThrow(
      /options.tolerance does not apply: the outputs are compared exactly/,
    )
    await expect(expect(() => 1).toBeReproducible({ samples: 5 } as any)).rejects.toThrow(
      /options.samples does not apply/,
    )
    await expect(expect(() => 1).toBeReproducible({ run: 5 } as any)).rejects.toThrow(
      /options.run is not an option/,
    )
  })

  it('names the run and the seed when the sampler throws', async () => {
    let n = 0
    const assertion = expect(() => {
      if (n++ === 1) throw new Error('flaky')
      return 1
    }).toBeReproducible({ seed: 's' })
    await expect(assertion).rejects.toThrow(SamplerError)
    n = 0
    await expect(
      expect(() => {
        if (n++ === 1) throw new Error('flaky')
        return 1
      }).not.toBeReproducible({ seed: 's' }),
    ).rejects.toThrow(/toBeReproducible: the sampler threw at run 1 \(seed "s"\): Error: flaky/)
  })

  it('stops at the time budget', async () => {
    // The first run settles at once, the next never: "after 1 of 3 runs" however busy the machine is.
    const slowAfterFirst = () => {
      let calls = 0
      return () => (calls++ === 0 ? Promise.resolve(1) : new Promise<number>(() => {}))
    }
    await expect(expect(slowAfterFirst()).toBeReproducible({ timeoutMs: 50, runs: 3 })).rejects.toThrow(
      SamplerTimeoutError,
    )
    await expect(expect(slowAfterFirst()).toBeReproducible({ timeoutMs: 50, runs: 3 })).rejects.toThrow(
      /toBeReproducible: the sampler ran out of its time budget of 50 ms \(timeoutMs\) after 1 of 3 runs/,
    )
  })
})

describe('toBeReproducible with an async sampler', () => {
  it('also sees Math.random called after an await', async () => {
    const message = await failure(
      expect(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1))
        return Math.random()
      }).toBeReproducible(),
    )
    expect(message).toMatch(/Calls: {5}Math.random 2 times while the sampler ran/)
  })
})

describe('toBeReproducible with concurrency', () => {
  it('runs at most k runs in flight, every run with the same seed', async () => {
    let inFlight = 0
    let peak = 0
    const seen: string[] = []
    const slow = async ({ rng, seed }: SamplerDraw) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      seen.push(String(seed))
      await new Promise((r) => setTimeout(r, 2))
      inFlight--
      return [rng(), rng()]
    }
    await expect(slow).toBeReproducible({ runs: 6, concurrency: 2, seed: 'r' })
    expect(peak).toBe(2)
    expect(new Set(seen)).toEqual(new Set(['r']))
    peak = 0
    await expect(slow).toBeReproducible({ runs: 3, seed: 'r' })
    expect(peak).toBe(1)
  })
})
