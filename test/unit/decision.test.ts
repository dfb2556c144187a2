import { describe, expect, it } from 'vitest'
import { decideInterval, decideTest, samplesForPower } from '../../src/decision'
import { normalCdf, normalIsf } from '../../src/distributions'
import { createRng } from '../../src/random'

// A normal mean with known sd 1: bounds x̄ ∓ z(rate)/√n, exact, so the rule's rates can be checked.
function meanClaim(xbar: number, n: number, target = { lower: -0.1, upper: 0.1 }, tolerance = 0.05) {
  const se = 1 / Math.sqrt(n)
  return decideInterval({
    target,
    tolerance,
    estimate: xbar,
    n,
    falseFailRate: 0.01,
    falsePassRate: 0.05,
    bounds: (rate) => ({ lower: xbar - normalIsf(rate) * se, upper: xbar + normalIsf(rate) * se }),
  })
}

describe('decideInterval', () => {
  it('fails, passes and is inconclusive by the rule', () => {
    expect(meanClaim(0.5, 1000).outcome).toBe('fail')
    expect(meanClaim(0, 2000).outcome).toBe('pass')
    const d = meanClaim(0, 100)
    expect(d.outcome).toBe('inconclusive')
    expect(d.samplesNeeded).toBeGreaterThan(100)
    // Projected n decides: at it, the same estimate passes.
    expect(meanClaim(0, d.samplesNeeded as number).outcome).toBe('pass')
  })

  it('bounds the false-fail rate at the boundary and the false-pass rate at the tolerance', () => {
    const rng = createRng('decision')
    const n = 400
    const runs = 20000
    let fails = 0
    let passes = 0
    for (let i = 0; i < runs; i++) {
      const z = rng.normal(0, 1) / Math.sqrt(n)
      if (meanClaim(0.1 + z, n).outcome === 'fail') fails++
      if (meanClaim(0.15 + z, n).outcome === 'pass') passes++
    }
    // Exact: P(fail at the boundary) = 0.01, P(pass at the violation) = 0.05 (binomial slack of ~4 sd).
    expect(fails / runs).toBeLessThan(0.01 + 4 * Math.sqrt(0.01 / runs))
    expect(passes / runs).toBeLessThan(0.05 + 4 * Math.sqrt(0.05 / runs))
  })

  it('passes at the boundary with fewer samples than the fixed-n test', () => {
    // Fixed n: ((z_α + z_β)/tol)². The rule at the boundary passes 95% of the time at (2 z_β / tol)².
    const fixed = ((normalIsf(0.01) + normalIsf(0.05)) / 0.05) ** 2
    const rule = ((2 * normalIsf(0.05)) / 0.05) ** 2
    expect(rule).toBeLessThan(fixed)
    const se = 1 / Math.sqrt(rule)
    expect(1 - normalCdf(normalIsf(0.05) - 0.05 / se)).toBeCloseTo(0.95, 6)
  })

  it('an untrusted method is inconclusive, never a fail', () => {
    const d = decideInterval({
      target: { lower: 0, upper: 1 },
      tolerance: 0.1,
      estimate: 5,
      n: 10,
      falseFailRate: 0.01,
      falsePassRate: 0.05,
      bounds: () => ({ lower: 4, upper: 6 }),
      untrusted: 'too skewed',
      trustedFrom: 500,
    })
    expect(d).toMatchObject({ outcome: 'inconclusive', reason: 'untrusted', samplesNeeded: 500 })
  })

  it('rejects bad input', () => {
    expect(() => meanClaim(Number.NaN, 0)).toThrow(RangeError)
    expect(() => meanClaim(0, 10, { lower: 1, upper: 0 })).toThrow(/target/)
  })
})

describe('decideTest', () => {
  const power = (n: number) => 1 - Math.exp(-n / 100)
  it('fails on p < α, passes on power, else projects n', () => {
    const rates = { falseFailRate: 0.001, falsePassRate: 0.05 }
    expect(decideTest({ ...rates, pValue: 1e-4, n: 10, power }).outcome).toBe('fail')
    expect(decideTest({ ...rates, pValue: 0.5, n: 400, power }).outcome).toBe('pass')
    const d = decideTest({ ...rates, pValue: 0.5, n: 100, power })
    expect(d.outcome).toBe('inconclusive')
    expect(d.samplesNeeded).toBe(samplesForPower(power, 0.95))
    expect(power(d.samplesNeeded as number)).toBeGreaterThanOrEqual(0.95)
    expect(power((d.samplesNeeded as number) - 1)).toBeLessThan(0.95)
  })
})
