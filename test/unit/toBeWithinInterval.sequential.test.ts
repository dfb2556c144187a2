// toBeWithinInterval on a sampler with a quantile or share claim: drawn until decided (issue 14 item 6),
// on anytime-valid bounds.
import { describe, expect, it } from 'vitest'
import { takeRecords } from '../../src/records'
import type { SamplerDraw } from '../../src/sampler'

// biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours
const strip = (s: string) => s.replace(/\u001b\[\d+m/g, '')

async function failure(assertion: unknown): Promise<string> {
  try {
    await assertion
  } catch (e) {
    return strip((e as Error).message)
  }
  throw new Error('the assertion passed')
}

// Exponential latencies with mean 50: p95 = 150.
const latency = ({ rng }: SamplerDraw) => -50 * Math.log(1 - rng())

describe('toBeWithinInterval on a sampler, sequential', () => {
  it('a p95 claim draws until decided, beyond the old fixed 1000 when needed, and records why it stopped', async () => {
    takeRecords()
    await expect(latency).toBeWithinInterval([0, 200], { of: { quantile: 0.95 } })
    const [r] = takeRecords()
    expect(r.stoppedBecause).toBe('decided')
    expect(r.samplesDrawn).toBeGreaterThan(10)
    expect(r.method).toBe('beta-binomial-mixture-cs')
  })

  it('a clear violation fails after few draws, saying how many were drawn', async () => {
    const message = await failure(expect(latency).toBeWithinInterval([0, 60], { of: { quantile: 0.95 } }))
    expect(message).toMatch(
      /Draws: +\d+ drawn from the sampler in \d+ looks?; stopped: the verdict was reached/,
    )
    expect(message).toMatch(/Verdict: +fail/)
    expect(message).toMatch(/anytime-valid beta-binomial mixture bounds/)
    const n = Number(/Draws: +(\d+) drawn/.exec(message)?.[1])
    expect(n).toBeLessThan(300)
  })

  it('a share claim, with concurrency, stops at maxSamples when it cannot decide', async () => {
    const message = await failure(
      expect(async (d: SamplerDraw) => latency(d)).toBeWithinInterval([0, 150], {
        of: 'proportion',
        atLeast: 0.97,
        tolerance: 0.01,
        maxSamples: 300,
        concurrency: 4,
      }),
    )
    expect(message).toMatch(/stopped: maxSamples reached \(300\)/)
    expect(message).toMatch(/Verdict: +inconclusive/)
  })
})
