// Global expect, CommonJS, with probably/jest loaded by setupFilesAfterEnv.
const { InvalidRangeError } = require('../../dist/index.cjs')

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
