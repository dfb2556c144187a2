// Global expect, CommonJS, with probably/jest loaded by setupFilesAfterEnv.
const { InvalidRangeError, withSeededMathRandom } = require('../../dist/index.cjs')

describe('toBeReproducible under Jest (CommonJS, global expect)', () => {
  test('passes when the output depends only on the seed', async () => {
    await expect(({ rng }) => [rng(), rng()]).toBeReproducible()
    await expect(({ seed }) => withSeededMathRandom(seed, () => Math.random())).toBeReproducible({ runs: 3 })
  })

  test('fails on Math.random with a suggestion, on the clock, on global state', async () => {
    await expect(expect(() => ({ x: Math.random() })).toBeReproducible()).rejects.toThrow(
      /at \.x[\s\S]*Math.random 2 times[\s\S]*withSeededMathRandom/,
    )
    let t = 0
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => ++t)
    await expect(expect(() => Date.now()).toBeReproducible()).rejects.toThrow(/it reads the clock/)
    clock.mockRestore()
    let n = 0
    await expect(expect(() => n++).toBeReproducible()).rejects.toThrow(/global state/)
  })

  test('.not passes when the runs differ', async () => {
    let n = 0
    await expect(() => n++).not.toBeReproducible()
    await expect(expect(() => 1).not.toBeReproducible()).rejects.toThrow(
      /found the opposite: the sampler gives deep-equal output/,
    )
  })

  test('bad input', async () => {
    await expect(expect(() => 1).toBeReproducible({ runs: 1 })).rejects.toThrow(InvalidRangeError)
    await expect(expect(1).not.toBeReproducible()).rejects.toThrow(
      /toBeReproducible: received must be a sampler/,
    )
  })
})
