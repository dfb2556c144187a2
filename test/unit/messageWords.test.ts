// The message helpers of matchers/context.ts that keep words and numbers from slipping (issue 14).
import { describe, expect, it } from 'vitest'
import { formatAgainst, formatLevel, formatNumber, withArticle } from '../../matchers/context'
import { messageOf } from './messages'

describe('formatLevel', () => {
  it('prints four significant digits, more where fewer would round to 100%', () => {
    expect(formatLevel(0.998)).toBe('99.8')
    expect(formatLevel(0.95)).toBe('95')
    expect(formatLevel(1 - 0.001 / 20)).toBe('99.995')
    expect(formatLevel(1 - 1e-5)).toBe('99.999')
    expect(formatLevel(1 - 2e-7)).toBe('99.99998')
  })
})

describe('formatAgainst and formatNumber', () => {
  it('show four digits, more only where fewer would cross or touch a number compared with', () => {
    expect(formatAgainst(0.700734, [0.4, 0.6])).toBe('0.7007')
    expect(formatAgainst(0.60000021, [0.4, 0.6])).toBe('0.6000002')
    expect(formatAgainst(0.59999, [0.4, 0.6])).toBe('0.59999')
    expect(formatAgainst(0.6, [0.4, 0.6])).toBe('0.6')
  })
  it('print infinities as ∞, not as Infinity', () => {
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞')
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe('-∞')
  })
})

describe('withArticle', () => {
  it('says "an" before a vowel and before acronyms said with a vowel sound', () => {
    expect(withArticle('recall of class 1')).toBe('a recall of class 1')
    expect(withArticle('accuracy')).toBe('an accuracy')
    expect(withArticle('F1 of class 1')).toBe('an F1 of class 1')
    expect(withArticle('ROC-AUC')).toBe('an ROC-AUC')
    expect(withArticle('precision')).toBe('a precision')
    expect(withArticle('selection rate')).toBe('a selection rate')
  })
})

describe('messages read by a new user', () => {
  it('a Bonferroni-corrected level is not printed as 100%', async () => {
    const msg = await (async () => {
      try {
        await expect(({ rng }: { rng: () => number }) =>
          Array.from({ length: 20 }, () => rng()),
        ).toBeStableAcrossSeeds({
          seeds: 10,
          tolerance: 0.01,
        })
      } catch (e) {
        return (e as Error).message
      }
      return ''
    })()
    expect(msg).toMatch(/99\.995% lower bound/)
    expect(msg).not.toMatch(/\b100% lower bound/)
  })
  it('the metric matchers use "an" where it belongs, and say the shortfall in the Power line', () => {
    const actual = [...Array(60).fill(1), ...Array(140).fill(0)]
    const predicted = [
      ...Array(48).fill(1),
      ...Array(12).fill(0),
      ...Array(128).fill(0),
      ...Array(12).fill(1),
    ]
    const msg = messageOf(() => expect({ actual, predicted }).toHaveF1Above(0.8))
    expect(msg).toMatch(/an F1 of class 1 of/)
    expect(msg).toMatch(
      /Power: {5}the smallest violation detectable at this n is [\d.]+ below 0\.8 in F1 of class 1 \(an F1 of class 1 of [\d.]+ or less\)/,
    )
    expect(msg).not.toMatch(/would likely go unseen/)
  })
  it('an open interval reads [0.6, ∞] in every line', () => {
    const xs = Array.from({ length: 50 }, (_, i) => 0.3 + 0.01 * (i % 7))
    const msg = messageOf(() => expect(xs).toBeWithinInterval([0.6, Number.POSITIVE_INFINITY]))
    expect(msg).toContain('the mean lies within [0.6, ∞]')
    expect(msg).not.toMatch(/Infinity|NaN/)
  })
  it('toHaveErrorBelow and an array toBeWithinInterval count what they were given', () => {
    const actual = Array.from({ length: 40 }, (_, i) => Math.sin(i))
    const predicted = actual.map((a, i) => a + 0.4 * Math.cos(7 * i))
    expect(messageOf(() => expect({ actual, predicted }).toHaveErrorBelow({ mae: 0.25 }))).toMatch(
      /Take at least \d+ examples/,
    )
    expect(messageOf(() => expect([0.1, 0.2, 0.9, 0.5, 0.4]).toBeWithinInterval([0.4, 0.6]))).toMatch(
      /Take at least \d+ values/,
    )
  })
  it('toHaveSuccessRateAbove prints a Power line', () => {
    const msg = messageOf(() =>
      expect(Array.from({ length: 40 }, (_, i) => i % 20 !== 0)).toHaveSuccessRateAbove(0.95),
    )
    expect(msg).toMatch(
      /Power: {5}the smallest violation detectable at this n is [\d.]+ below 0\.95 in the success rate \(a success rate of/,
    )
  })
  it('.not on an exact check says what to do next', async () => {
    let msg = ''
    try {
      await expect(({ seed }: { seed: string }) => seed.length).not.toBeReproducible()
    } catch (e) {
      msg = (e as Error).message
    }
    expect(msg).toMatch(/Next: {6}`\.not` passes only when the exact check finds the opposite/)
  })
})
