import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'

describe('toBeWithinInterval on a number', () => {
  it('passes inside the closed interval, bounds included', () => {
    expect(0.8).toBeWithinInterval([0.7, 0.9])
    expect(0.7).toBeWithinInterval([0.7, 0.9])
    expect(0.9).toBeWithinInterval({ lower: 0.7, upper: 0.9 })
    expect(5).toBeWithinInterval([0, Number.POSITIVE_INFINITY])
  })

  it('fails outside, and says by how much', () => {
    expect(() => expect(0.95).toBeWithinInterval([0.7, 0.9])).toThrowError(/above the upper bound by 0\.05/)
    expect(() => expect(0.5).toBeWithinInterval([0.7, 0.9])).toThrowError(/below the lower bound by 0\.2/)
  })

  it('.not passes outside and fails inside', () => {
    expect(1).not.toBeWithinInterval([0.7, 0.9])
    expect(() => expect(0.8).not.toBeWithinInterval([0.7, 0.9])).toThrowError(
      /received lies outside \[0\.7, 0\.9\]/,
    )
  })

  it('works as an asymmetric matcher', () => {
    expect({ score: 0.8 }).toEqual({ score: expect.toBeWithinInterval([0.7, 0.9]) })
  })

  it('rejects NaN, non-numbers and bad intervals with named errors', () => {
    expect(() => expect(Number.NaN).toBeWithinInterval([0, 1])).toThrowError(InvalidRangeError)
    expect(() => expect(Number.NaN).toBeWithinInterval([0, 1])).toThrowError(
      /toBeWithinInterval: received must be a finite number, got NaN/,
    )
    expect(() => expect('0.5').toBeWithinInterval([0, 1])).toThrowError(InvalidInputError)
    expect(() => expect(0.5).toBeWithinInterval([1, 0])).toThrowError(/bounds reversed/)
    expect(() => expect(0.5).toBeWithinInterval([0, Number.NaN])).toThrowError(/upper bound must not be NaN/)
    expect(() => expect(0.5).toBeWithinInterval([0] as any)).toThrowError(/exactly two bounds/)
    expect(() => expect(0.5).toBeWithinInterval('0..1' as any)).toThrowError(InvalidInputError)
    expect(() => expect(Number.NEGATIVE_INFINITY).not.toBeWithinInterval([0, 1])).toThrowError(
      InvalidRangeError,
    )
    expect(() => expect(0.5).toBeWithinInterval([0, 1], { of: 'mean' })).toThrowError(/single number/)
    expect(() => expect(0.5).toBeWithinInterval([0, 1], { of: { quantile: Number.NaN } })).toThrowError(
      /options\.of\.quantile/,
    )
    expect(0.5).toBeWithinInterval([0, 1], { of: 'each' })
    // NaN is an error even under .not: never a pass.
    expect(() => expect(Number.NaN).not.toBeWithinInterval([0, 1])).toThrowError(InvalidRangeError)
  })

  it('prints a readable message', () => {
    let message = ''
    try {
      expect(0.95).toBeWithinInterval([0.7, 0.9])
    } catch (e) {
      message = (e as Error).message
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours
    expect(message.replace(/\u001b\[\d+m/g, '')).toMatchInlineSnapshot(`
      "expect(received).toBeWithinInterval(interval)

      Claim:    received lies within [0.7, 0.9]
      Interval: [0.7, 0.9]
      Received: 0.95 (above the upper bound by 0.05)"
    `)
  })
})
