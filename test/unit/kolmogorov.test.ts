import { describe, expect, it } from 'vitest'
import {
  ks2SampleAsymptoticPValue,
  ks2SampleExactPValue,
  ksoneCdf,
  ksoneSf,
  kstwobignCdf,
  kstwobignSf,
  kstwoCdf,
  kstwoSf,
} from '../../src/kolmogorov'
import fixture from '../fixtures/hypothesis_ks.json'

/** |a − b| ≤ atol + rtol·|b|. */
function close(actual: number, expected: number, rtol: number, atol = 0): boolean {
  if (expected === actual) return true
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected)
}

function expectClose(actual: number, expected: number, rtol: number, atol: number, label: string) {
  if (!close(actual, expected, rtol, atol))
    throw new Error(`${label}: got ${actual}, expected ${expected} (rel ${(actual - expected) / expected})`)
}

describe('kstwo (exact two-sided one-sample)', () => {
  it(`matches scipy.stats.kstwo on ${fixture.kstwo.length} points`, () => {
    for (const [n, d, sf, cdf] of fixture.kstwo) {
      // sf to 1e-9 relative (down to 1e-300); cdf absolute 1e-13 where it is 1 − sf
      expectClose(kstwoSf(n, d), sf, 1e-9, 1e-300, `kstwoSf(${n}, ${d})`)
      expectClose(kstwoCdf(n, d), cdf, 1e-9, 1e-14, `kstwoCdf(${n}, ${d})`)
    }
  })
  it('is 1 / 0 outside the support', () => {
    expect(kstwoSf(10, 0)).toBe(1)
    expect(kstwoSf(10, 1)).toBe(0)
    expect(kstwoCdf(10, 0.04)).toBe(0)
  })
  it('validates inputs', () => {
    expect(() => kstwoSf(0, 0.1)).toThrow(RangeError)
    expect(() => kstwoSf(2.5, 0.1)).toThrow(RangeError)
    expect(() => kstwoSf(5, Number.NaN)).toThrow(RangeError)
  })
})

describe('ksone (exact one-sided)', () => {
  it(`matches scipy.stats.ksone on ${fixture.ksone.length} points`, () => {
    for (const [n, d, sf, cdf] of fixture.ksone) {
      expectClose(ksoneSf(n, d), sf, 1e-9, 1e-300, `ksoneSf(${n}, ${d})`)
      // the CDF near d = k/n (k ≤ 3) comes from SciPy's short alternating "upper sum", which SciPy evaluates in
      // double-double arithmetic and we in doubles: up to ~1e-8 relative apart there
      expectClose(ksoneCdf(n, d), cdf, 1e-8, 1e-14, `ksoneCdf(${n}, ${d})`)
    }
    // about 1–4 s alone; more on a loaded machine
  }, 30_000)
})

describe('kstwobign (Kolmogorov limit)', () => {
  it('matches scipy.stats.kstwobign', () => {
    for (const [x, sf, cdf] of fixture.kstwobign) {
      expectClose(kstwobignSf(x), sf, 1e-12, 1e-300, `kstwobignSf(${x})`)
      expectClose(kstwobignCdf(x), cdf, 1e-12, 1e-300, `kstwobignCdf(${x})`)
    }
  })
})

describe('two-sample null distribution', () => {
  it('exact: n = m two-sided equals 1 for d = 0 and is symmetric in n, m', () => {
    expect(ks2SampleExactPValue(10, 10, 0)).toEqual({ statistic: 0, pValue: 1 })
    const a = ks2SampleExactPValue(12, 30, 0.4)!
    const b = ks2SampleExactPValue(30, 12, 0.4)!
    expect(a.pValue).toBeCloseTo(b.pValue, 14)
  })
  it('one-sided exact for n = m is C(2n, n−h)/C(2n, n)', () => {
    // n = 5, h = 2: C(10,3)/C(10,5) = 120/252
    expect(ks2SampleExactPValue(5, 5, 0.4, 'greater')!.pValue).toBeCloseTo(120 / 252, 14)
  })
  it('asymptotic one-sided is Hodges’ formula', () => {
    const p = ks2SampleAsymptoticPValue(100, 50, 0.2, 'less')
    const en = 5000 / 150
    const z = Math.sqrt(en) * 0.2
    expect(p).toBeCloseTo(Math.exp(-2 * z * z - (2 * z * 200) / Math.sqrt(100 * 50 * 150) / 3), 15)
  })
})
