// Global expect, CommonJS, with probably/jest loaded by setupFilesAfterEnv.
const { takeRecords } = require('../../dist/index.cjs')

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

describe('toHaveSuccessRateAbove under Jest (CommonJS, global expect)', () => {
  test('an async sampler with 30 ms latency decides a clear case in the default budget at concurrency 32', async () => {
    let active = 0
    let peak = 0
    const callModel = async ({ rng }) => {
      active++
      peak = Math.max(peak, active)
      await sleep(30)
      active--
      return rng() < 0.995 ? '{"ok":true}' : 'not json'
    }
    const isJson = (s) => {
      try {
        JSON.parse(s)
        return true
      } catch {
        return false
      }
    }
    takeRecords()
    await expect(callModel).toHaveSuccessRateAbove(0.95, { concurrency: 32, check: isJson })
    const [record] = takeRecords()
    expect(record.stoppedBecause).toBe('decided')
    expect(record.outcome).toBe('pass')
    expect(peak).toBeLessThanOrEqual(32)
  })

  test('fails on evidence, and .not passes on evidence', async () => {
    await expect(expect(({ rng }) => rng() < 0.5).toHaveSuccessRateAbove(0.9)).rejects.toThrow(
      /stopped: the verdict was reached[\s\S]*Verdict: +fail/,
    )
    await expect(({ rng }) => rng() < 0.5).not.toHaveSuccessRateAbove(0.9)
  })

  test('arrays: booleans and cases × repeats', () => {
    expect(Array.from({ length: 400 }, (_, i) => i % 50 !== 0)).toHaveSuccessRateAbove(0.9)
    expect(() =>
      expect(
        Array.from({ length: 40 }, (_, i) => Array.from({ length: 10 }, () => i >= 4)),
      ).toHaveSuccessRateAbove(0.8),
    ).toThrow(/the case is the unit/)
  })
})
