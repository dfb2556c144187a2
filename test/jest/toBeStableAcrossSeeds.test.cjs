// Global expect, CommonJS, with probably/jest loaded by setupFilesAfterEnv.
const { createRng, InvalidInputError, SamplerTimeoutError } = require('../../dist/index.cjs')

const noisy =
  (mean, sd) =>
  ({ rng }) =>
    mean + rng.normal(0, sd)

describe('toBeStableAcrossSeeds under Jest (CommonJS, global expect)', () => {
  test('passes on a stable sampler, fails on an unstable one, .not is the opposite', async () => {
    await expect(noisy(0.9, 0.005)).toBeStableAcrossSeeds({ tolerance: 0.02 })
    await expect(() => 0.9).toBeStableAcrossSeeds()
    await expect(expect(noisy(0.9, 0.05)).toBeStableAcrossSeeds({ tolerance: 0.01 })).rejects.toThrow(
      /the evidence contradicts the claim/,
    )
    await expect(noisy(0.9, 0.05)).not.toBeStableAcrossSeeds({ tolerance: 0.01 })
    await expect(expect(() => 0.9).not.toBeStableAcrossSeeds()).rejects.toThrow(
      /`.not` passes only on evidence/,
    )
  })

  test('seeds derive from the test, or are given', async () => {
    const seen = []
    await expect(({ rng, seed }) => {
      seen.push([seed, rng()])
      return 1
    }).toBeStableAcrossSeeds({ seeds: [3, 'b'] })
    expect(seen).toEqual([
      ['3', createRng('3')()],
      ['b', createRng('b')()],
    ])
  })

  test('inconclusive with too few seeds, with the count that would settle it', async () => {
    await expect(
      expect(noisy(0.9, 0.015)).toBeStableAcrossSeeds({ seeds: 5, tolerance: 0.01 }),
    ).rejects.toThrow(/inconclusive[\s\S]*about \d+ seeds would settle it/)
  })

  test('arrays, records and labels', async () => {
    await expect(({ rng }) => [1, 2 + rng.normal(0, 0.001)]).toBeStableAcrossSeeds({ tolerance: 0.01 })
    await expect(
      expect(({ rng }) => ({ a: 1, b: rng() })).toBeStableAcrossSeeds({ tolerance: 0.01 }),
    ).rejects.toThrow(/worst key "b"/)
    // Labels: the seed is the unit (disjoint pairs of seeds), so a label claim needs tens of seeds.
    const inputs = Array.from({ length: 300 }, (_, i) => String(i % 4))
    await expect(({ rng }) => inputs.map((x) => (rng() < 0.01 ? 'x' : x))).toBeStableAcrossSeeds({
      seeds: 60,
    })
    await expect(({ rng }) => inputs.map((x) => (rng() < 0.4 ? 'x' : x))).not.toBeStableAcrossSeeds({
      seeds: 60,
    })
  })

  test('bad input and the time budget', async () => {
    await expect(expect(0.5).toBeStableAcrossSeeds()).rejects.toThrow(InvalidInputError)
    await expect(expect(() => 'a').toBeStableAcrossSeeds({ relativeTolerance: 0.1 })).rejects.toThrow(
      /toBeStableAcrossSeeds: options.relativeTolerance applies to numeric outputs/,
    )
    const slow = () => new Promise((resolve) => setTimeout(() => resolve(1), 40))
    await expect(expect(slow).toBeStableAcrossSeeds({ timeoutMs: 60 })).rejects.toThrow(SamplerTimeoutError)
  })
})
