// Global expect, CommonJS, with probably/jest loaded by setupFilesAfterEnv.
const { createRng, InvalidRangeError } = require('../../dist/index.cjs')

function normals(seed, n, mean = 0, sd = 1) {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => rng.normal(mean, sd))
}

const N01 = { normal: { mean: 0, sd: 1 } }

describe('toMatchDistribution under Jest (CommonJS, global expect)', () => {
  test('KS: passes on the same distribution, fails on a shift, .not is the opposite', () => {
    const xs = normals('jest-ks', 2000)
    expect(xs).toMatchDistribution(N01)
    expect(xs).toMatchDistribution(normals('jest-ks-ref', 3000))
    const shifted = normals('jest-ks-shifted', 2000, 0.3)
    expect(() => expect(shifted).toMatchDistribution(N01)).toThrow(/the evidence contradicts the claim/)
    expect(shifted).not.toMatchDistribution(N01)
    expect(() => expect(xs).not.toMatchDistribution(N01)).toThrow(/no evidence/)
  })

  test('chi-square on labels', () => {
    const rng = createRng('jest-labels')
    const labels = Array.from({ length: 2000 }, () => (rng() < 0.7 ? 'yes' : 'no'))
    expect(labels).toMatchDistribution({ yes: 0.7, no: 0.3 })
    expect(labels).not.toMatchDistribution({ yes: 0.5, no: 0.5 })
  })

  test('drift thresholds: PSI and Wasserstein', () => {
    const reference = normals('jest-drift-ref', 1500)
    expect(normals('jest-drift-same', 1000)).toMatchDistribution(reference, { test: 'psi' })
    const drifted = normals('jest-drift-shifted', 1000, 0.8)
    expect(drifted).not.toMatchDistribution(reference, { test: 'psi' })
    expect(() => expect(drifted).toMatchDistribution(reference, { test: 'wasserstein' })).toThrow(
      /Wasserstein-1 distance between received and the reference is at most/,
    )
  })

  test('inconclusive with too few samples', () => {
    expect(() => expect(normals('jest-few', 30)).toMatchDistribution(N01)).toThrow(/inconclusive/)
  })

  test('async: draws from a sampler', async () => {
    await expect(({ rng }) => rng.normal()).toMatchDistribution(N01, { samples: 1500 })
    await expect(({ rng }) => rng.normal(0.5)).not.toMatchDistribution(N01, { samples: 1500 })
    await expect(
      expect(({ rng }) => rng.normal(0.5)).toMatchDistribution(N01, { samples: 1500 }),
    ).rejects.toThrow(/drawn from the sampler in \d+ looks; stopped: the verdict was reached/) // sequential: fails early
  })

  test('bad input is an error naming the matcher', () => {
    expect(() => expect([1, Number.NaN]).toMatchDistribution(N01)).toThrow(
      /toMatchDistribution: received\[1\] must be finite/,
    )
    expect(() => expect([1, 2]).toMatchDistribution({ normal: { sd: 0 } })).toThrow(InvalidRangeError)
  })
})
