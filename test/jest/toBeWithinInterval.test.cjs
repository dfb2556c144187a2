// Global expect, CommonJS, with probably/jest loaded by setupFilesAfterEnv.
const { InvalidRangeError, takeRecords } = require('../../dist/index.cjs')

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

describe('toBeWithinInterval under Jest (CommonJS, global expect)', () => {
  test('passes inside, fails outside, .not is the opposite', () => {
    expect(0.8).toBeWithinInterval([0.7, 0.9])
    expect(0.8).toBeWithinInterval({ lower: 0.7, upper: 0.9 })
    expect(1).not.toBeWithinInterval([0.7, 0.9])
    expect(() => expect(0.95).toBeWithinInterval([0.7, 0.9])).toThrow(/above the upper bound by 0\.05/)
    expect(() => expect(0.8).not.toBeWithinInterval([0.7, 0.9])).toThrow(/lies outside/)
  })

  test('asymmetric form', () => {
    expect({ score: 0.8 }).toEqual({ score: expect.toBeWithinInterval([0.7, 0.9]) })
  })

  test('bad input is an error naming the matcher', () => {
    expect(() => expect(Number.NaN).toBeWithinInterval([0, 1])).toThrow(InvalidRangeError)
    expect(() => expect(0.5).toBeWithinInterval([1, 0])).toThrow(
      /toBeWithinInterval: interval has its bounds reversed/,
    )
  })
})

describe('toBeWithinInterval of the mean on a sampler under Jest: sequential', () => {
  test('an async 30 ms sampler with a range stops early on a clear case, never above concurrency', async () => {
    let active = 0
    let peak = 0
    const score = async ({ rng }) => {
      active++
      peak = Math.max(peak, active)
      await sleep(30)
      active--
      return rng() < 0.95 ? 1 : rng()
    }
    takeRecords()
    await expect(score).toBeWithinInterval([0.8, 1], { range: [0, 1], concurrency: 16 })
    const [record] = takeRecords()
    expect(record.stoppedBecause).toBe('decided')
    expect(record.method).toBe('betting-cs')
    expect(record.samplesDrawn).toBeLessThan(300)
    expect(peak).toBeLessThanOrEqual(16)
    expect(peak).toBeGreaterThan(1)
  })

  test('without a range: planned looks, decided at the first on a clear case, never above concurrency', async () => {
    let active = 0
    let peak = 0
    const noisy = async ({ rng }) => {
      active++
      peak = Math.max(peak, active)
      await sleep(0)
      active--
      return rng.normal(0, 1)
    }
    takeRecords()
    await expect(noisy).toBeWithinInterval([-0.5, 0.5], { concurrency: 8 })
    const [record] = takeRecords()
    expect(record.stoppedBecause).toBe('decided')
    expect(record.samplesDrawn).toBe(1000)
    expect(peak).toBeLessThanOrEqual(8)
    await expect(expect(({ rng }) => rng.normal(2, 1)).toBeWithinInterval([-0.5, 0.5])).rejects.toThrow(
      /Draws: +1000 drawn from the sampler in 1 look; stopped: the verdict was reached[\s\S]*Verdict: +fail/,
    )
  })
})
