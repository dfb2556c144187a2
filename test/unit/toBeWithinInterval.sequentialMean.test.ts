// toBeWithinInterval on a sampler with a mean claim: drawn until decided (issue 11, issue 14 item 6):
// a betting confidence sequence on a declared finite range, a group-sequential design without one.
import { describe, expect, it } from 'vitest'
import { takeRecords } from '../../src/records'
import type { SamplerDraw } from '../../src/sampler'

// biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours
const strip = (s: string) => s.replace(/\u001b\[\d+m/g, '')

async function message(assertion: unknown): Promise<string> {
  try {
    await assertion
  } catch (e) {
    return strip((e as Error).message)
  }
  throw new Error('the assertion passed')
}

const score = ({ rng }: SamplerDraw) => (rng() < 0.9 ? 1 : rng())

describe('toBeWithinInterval of the mean on a sampler, sequential', () => {
  it('with a declared range: a clear pass stops early on the betting confidence sequence', async () => {
    takeRecords()
    await expect(score).toBeWithinInterval([0.8, 1], { range: [0, 1] })
    const [r] = takeRecords()
    expect(r.stoppedBecause).toBe('decided')
    expect(r.method).toBe('betting-cs')
    expect(r.samplesDrawn).toBeLessThan(300)
  })

  it('with a declared range: a clear violation fails early, saying how many were drawn and why it stopped', async () => {
    const m = await message(expect(score).toBeWithinInterval([0, 0.5], { range: [0, 1] }))
    expect(m).toMatch(/Draws: +\d+ drawn from the sampler in \d+ looks?; stopped: the verdict was reached/)
    expect(m).toMatch(/Verdict: +fail/)
    expect(m).toMatch(/confidence sequence for the mean/)
    expect(Number(/Draws: +(\d+) drawn/.exec(m)?.[1])).toBeLessThan(200)
  })

  it('without a range: a clear case decides at the first planned look', async () => {
    takeRecords()
    await expect(({ rng }: SamplerDraw) => rng.normal(0, 1)).toBeWithinInterval([-0.5, 0.5])
    const [r] = takeRecords()
    expect(r.stoppedBecause).toBe('decided')
    expect(r.samplesDrawn).toBe(1000)
    expect(r.method).toBe('group-sequential/skew-corrected-t')
  })

  it('without a range: a case the first look cannot decide goes on to a later planned look', async () => {
    takeRecords()
    // A narrow claim: sd 1, margin 0.05 at falsePassRate/3: about 2000 values, more than the first look's 1000.
    await expect(({ rng }: SamplerDraw) => rng.normal(0, 1)).toBeWithinInterval([-0.02, 0.02], {
      tolerance: 0.03,
    })
    const [r] = takeRecords()
    expect(r.stoppedBecause).toBe('decided')
    expect([3163, 10000]).toContain(r.samplesDrawn)
  })

  it('without a range: stops at maxSamples, inconclusive, naming the planned looks', async () => {
    const m = await message(
      expect(({ rng }: SamplerDraw) => rng.normal(0, 1)).toBeWithinInterval([-0.01, 0.01], {
        tolerance: 0.01,
        maxSamples: 4000,
      }),
    )
    expect(m).toMatch(/stopped: maxSamples reached \(4000\)/)
    expect(m).toMatch(/Verdict: +inconclusive/)
    expect(m).toMatch(/look 2 of 2 planned at n = 1000, 4000/)
  })

  it('a call with samples and no maxSamples is the fixed-n test at that n (one look, rates unsplit)', async () => {
    takeRecords()
    await expect(({ rng }: SamplerDraw) => rng.normal(0, 1)).toBeWithinInterval([-0.5, 0.5], {
      samples: 500,
    })
    const [r] = takeRecords()
    expect(r.samplesDrawn).toBe(500)
  })

  it('.not passes only on evidence against the claim, in both designs', async () => {
    await expect(score).not.toBeWithinInterval([0, 0.5], { range: [0, 1] })
    await expect(({ rng }: SamplerDraw) => rng.normal(2, 1)).not.toBeWithinInterval([-0.5, 0.5])
    const m = await message(expect(score).not.toBeWithinInterval([0.8, 1], { range: [0, 1] }))
    expect(m).toMatch(/Claim: +the mean lies outside \[0\.8, 1\]/)
  })

  it('a value outside the declared range is an error naming it', async () => {
    await expect(
      expect(({ rng }: SamplerDraw) => 2 * rng()).toBeWithinInterval([0, 1], { range: [0, 1] }),
    ).rejects.toThrow(/declared options.range/)
  })

  it('never more than concurrency calls in flight; draw i keeps its seed (same run as a synchronous sampler)', async () => {
    let inFlight = 0
    let peak = 0
    const slow = async ({ rng }: SamplerDraw) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((r) => setTimeout(r, 1))
      inFlight--
      return rng() < 0.95 ? 1 : 0
    }
    takeRecords()
    await expect(slow).toBeWithinInterval([0.8, 1], { range: [0, 1], concurrency: 4, seed: 'c' })
    const sync = ({ rng }: SamplerDraw) => (rng() < 0.95 ? 1 : 0)
    await expect(sync).toBeWithinInterval([0.8, 1], { range: [0, 1], concurrency: 4, seed: 'c' })
    const [a, b] = takeRecords()
    expect(peak).toBeLessThanOrEqual(4)
    expect(peak).toBeGreaterThan(1)
    expect(a.estimate).toBe(b.estimate)
    expect(a.samplesDrawn).toBe(b.samplesDrawn)
  })
})
