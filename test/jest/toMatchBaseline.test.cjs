// Global expect, CommonJS, with probably/jest loaded by setupFilesAfterEnv. The baselines are committed in
// __baselines__/toMatchBaseline.test.cjs.json (under CI a missing one fails); the seeds are the tests' own.
const { createRng } = require('../../dist/index.cjs')

describe('toMatchBaseline under Jest (CommonJS, global expect)', () => {
  test('a sampler matches its recorded distribution', async () => {
    await expect(({ rng }) => rng.normal(0, 1)).toMatchBaseline('normal scores', { label: 'N(0, 1)' })
  })
  test('a shifted sampler does not (.not passes on evidence of the change)', async () => {
    await expect(({ rng }) => rng.normal(0.5, 1)).not.toMatchBaseline('normal scores')
    await expect(expect(({ rng }) => rng.normal(0.5, 1)).toMatchBaseline('normal scores')).rejects.toThrow(
      /the evidence contradicts the claim/,
    )
  })
  test('labels and a metric', () => {
    const rng = createRng('jest-labels')
    expect(Array.from({ length: 1500 }, () => (rng() < 0.3 ? 'spam' : 'ham'))).toMatchBaseline('labels')
    expect({ metric: 'recall', value: 0.9, n: 2000 }).toMatchBaseline('recall')
    expect(() => expect({ metric: 'recall', value: 0.85, n: 2000 }).toMatchBaseline('recall')).toThrow(
      /recall has not dropped below its baseline 0\.9/,
    )
  })
})
