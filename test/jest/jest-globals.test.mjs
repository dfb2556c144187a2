// ESM, explicit `expect` from @jest/globals, with probably/jest-globals.
import { describe, expect, test } from '@jest/globals'
import '../../dist/jest-globals.js'

describe('toBeWithinInterval under Jest (ESM, @jest/globals)', () => {
  test('passes inside, fails outside', () => {
    expect(0.8).toBeWithinInterval([0.7, 0.9])
    expect(() => expect(0.95).toBeWithinInterval([0.7, 0.9])).toThrow(/above the upper bound/)
  })
})
