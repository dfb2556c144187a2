import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { takeRecords } from '../../src/records'
import { type SamplerDraw, SamplerError } from '../../src/sampler'

// biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours
const strip = (s: string) => s.replace(/\u001b\[\d+m/g, '')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function failure(assertion: unknown): Promise<string> {
  try {
    await assertion
  } catch (e) {
    return strip((e as Error).message)
  }
  throw new Error('the assertion passed')
}

describe('toHaveSuccessRateAbove with a sampler (sequential)', () => {
  it('passes a clear case early and records how many were drawn and why it stopped', async () => {
    takeRecords()
    await expect(({ rng }: SamplerDraw) => rng() < 0.99).toHaveSuccessRateAbove(0.9)
    const [r] = takeRecords()
    expect(r.matcher).toBe('toHaveSuccessRateAbove')
    expect(r.outcome).toBe('pass')
    expect(r.stoppedBecause).toBe('decided')
    expect(r.samplesDrawn).toBeLessThan(150)
    expect(r.method).toBe('beta-binomial-mixture-cs')
  })

  it('fails a clearly worse sampler, saying how many were drawn', async () => {
    const message = await failure(
      expect(({ rng }: SamplerDraw) => rng() < 0.6).toHaveSuccessRateAbove(0.9, { seed: 'worse' }),
    )
    expect(message).toMatch(/Claim: +the success rate is at least 0\.9/)
    expect(message).toMatch(
      /Draws: +\d+ drawn from the sampler in \d+ looks; stopped: the verdict was reached/,
    )
    expect(message).toMatch(/Verdict: +fail/)
    expect(message).toMatch(/Seed: +worse/)
  })

  it('.not passes only on evidence', async () => {
    await expect(({ rng }: SamplerDraw) => rng() < 0.5).not.toHaveSuccessRateAbove(0.9)
    const message = await failure(expect(() => true).not.toHaveSuccessRateAbove(0.9))
    expect(message).toMatch(/\.not passes only on evidence/)
  })

  it('inconclusive at maxSamples, with how many more would likely decide', async () => {
    const message = await failure(
      expect(({ rng }: SamplerDraw) => rng() < 0.88).toHaveSuccessRateAbove(0.9, { maxSamples: 200 }),
    )
    expect(message).toMatch(/stopped: maxSamples reached \(200\)/)
    expect(message).toMatch(/Verdict: +inconclusive/)
    expect(message).toMatch(/Take at least \d+ draws/)
  })

  it('turns outputs into booleans with check; an async sampler with 30 ms latency decides at concurrency 32', async () => {
    let active = 0
    let peak = 0
    const callModel = async ({ rng }: SamplerDraw) => {
      active++
      peak = Math.max(peak, active)
      await sleep(30)
      active--
      return rng() < 0.995 ? '{"ok": true}' : 'oops'
    }
    takeRecords()
    const t0 = Date.now()
    await expect(callModel).toHaveSuccessRateAbove(0.95, {
      concurrency: 32,
      check: (reply: string) => {
        try {
          JSON.parse(reply)
          return true
        } catch {
          return false
        }
      },
    })
    expect(Date.now() - t0).toBeLessThan(4000)
    expect(peak).toBeLessThanOrEqual(32)
    const [r] = takeRecords()
    expect(r.stoppedBecause).toBe('decided')
  })

  it('stops at the time budget, inconclusive, with the estimate so far', async () => {
    const message = await failure(
      expect(async () => {
        await sleep(20)
        return true
      }).toHaveSuccessRateAbove(0.99, { timeoutMs: 150 }),
    )
    expect(message).toMatch(/stopped: the time budget \(timeoutMs\) ran out/)
    expect(message).toMatch(/The time budget of 150 ms ran out after \d+ draws/)
  })

  it('onError: a throwing call fails the test with its seed, or counts as a failure', async () => {
    const flaky = ({ index }: SamplerDraw) => {
      if (index % 50 === 7) throw new Error('503')
      return true
    }
    await expect(expect(flaky).toHaveSuccessRateAbove(0.9, { seed: 'f' })).rejects.toThrowError(SamplerError)
    await expect(expect(flaky).toHaveSuccessRateAbove(0.9, { seed: 'f' })).rejects.toThrowError(
      /threw at draw 7 \(seed "f\/7"\)/,
    )
    await expect(flaky).toHaveSuccessRateAbove(0.9, { onError: 'count-as-failure' })
    const message = await failure(
      expect(({ index }: SamplerDraw) => {
        if (index % 2) throw new Error('503')
        return true
      }).toHaveSuccessRateAbove(0.9, { onError: 'count-as-failure' }),
    )
    expect(message).toMatch(/Errors: +\d+ calls threw or timed out and were counted as failures/)
  })

  it('pass@k from a sampler of attempts', async () => {
    // p = 0.5 per attempt: pass@5 = 0.969
    await expect(({ rng }: SamplerDraw) => rng() < 0.5).toHaveSuccessRateAbove(0.8, { passAtK: 5 })
    await expect(({ rng }: SamplerDraw) => rng() < 0.1).not.toHaveSuccessRateAbove(0.8, { passAtK: 5 })
  })

  it('bad input is an error, never a pass', async () => {
    await expect(expect(() => 1).toHaveSuccessRateAbove(0.9)).rejects.toThrowError(
      /must be a boolean \(true for a success\), got 1: give a check option/,
    )
    await expect(
      expect(() => 'x').toHaveSuccessRateAbove(0.9, { check: () => 'yes' as never }),
    ).rejects.toThrowError(/was turned by check into "yes", not a boolean/)
    expect(() => expect(() => true).toHaveSuccessRateAbove(1.5)).toThrowError(InvalidRangeError)
    expect(() => expect(() => true).toHaveSuccessRateAbove(0.9, { concurency: 3 } as never)).toThrowError(
      InvalidInputError,
    )
    await expect(expect(() => true).toHaveSuccessRateAbove(0.9, { concurrency: 0 })).rejects.toThrowError(
      InvalidRangeError,
    )
  })
})

describe('toHaveSuccessRateAbove with arrays', () => {
  it('booleans: Clopper–Pearson', () => {
    const ok = Array.from({ length: 300 }, (_, i) => i % 100 !== 0)
    expect(ok).toHaveSuccessRateAbove(0.9)
    const bad = Array.from({ length: 300 }, (_, i) => i % 3 !== 0)
    expect(bad).not.toHaveSuccessRateAbove(0.9)
    const message = strip(
      (() => {
        try {
          expect([true, true, false]).toHaveSuccessRateAbove(0.9)
        } catch (e) {
          return (e as Error).message
        }
        return ''
      })(),
    )
    expect(message).toMatch(/Data: +3 attempts, 2 successes/)
    expect(message).toMatch(/Verdict: +inconclusive/)
  })

  it('cases × repeats: the case is the unit (repeats of one case are not independent)', () => {
    // 40 cases: 36 always pass, 4 always fail. Per attempt 90%, but only 40 independent units.
    const cases = Array.from({ length: 40 }, (_, i) => Array.from({ length: 10 }, () => i >= 4))
    const flatResults = cases.flat()
    let clustered = ''
    try {
      expect(cases).toHaveSuccessRateAbove(0.8)
    } catch (e) {
      clustered = strip((e as Error).message)
    }
    expect(clustered).toMatch(/40 cases × 10 repeats \(400 attempts, 360 successes\); the case is the unit/)
    // The flat view pretends 400 independent attempts and passes; the case view does not.
    expect(flatResults).toHaveSuccessRateAbove(0.8)
    expect(clustered).toMatch(/Verdict: +inconclusive/)
  })

  it('pass@k per case (Chen et al. unbiased estimator)', () => {
    // every case: 3 successes of 10 attempts → pass@5 = 1 − C(7,5)/C(10,5) = 1 − 21/252 = 0.9167
    const cases = Array.from({ length: 200 }, () => Array.from({ length: 10 }, (_, j) => j < 3))
    expect(cases).toHaveSuccessRateAbove(0.8, { passAtK: 5 })
    const message = (() => {
      try {
        expect(cases).toHaveSuccessRateAbove(0.95, { passAtK: 5 })
      } catch (e) {
        return strip((e as Error).message)
      }
      return ''
    })()
    expect(message).toMatch(/mean pass@5 over cases 0\.9167/)
    expect(() => expect([[true, false]]).toHaveSuccessRateAbove(0.8, { passAtK: 5 })).toThrowError(
      /at least passAtK = 5 attempts/,
    )
  })

  it('bad input', () => {
    expect(() => expect([]).toHaveSuccessRateAbove(0.9)).toThrowError(InvalidRangeError)
    expect(() => expect([true, [true]]).toHaveSuccessRateAbove(0.9)).toThrowError(/mixes arrays/)
    expect(() => expect([1, 0]).toHaveSuccessRateAbove(0.9)).toThrowError(/must be a boolean/)
    expect(() => expect('x').toHaveSuccessRateAbove(0.9)).toThrowError(InvalidInputError)
    expect(() => expect([true]).toHaveSuccessRateAbove(0.1, { tolerance: 0.2 })).toThrowError(
      /must be below the threshold/,
    )
  })
})
