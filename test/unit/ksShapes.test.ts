// The calibration row "KS one-sample, exponential, least favourable violation (n = 800)" once read 9/2000
// false failures at 0.001. The cause is the draw, not the engine: on the same uniforms the exponential,
// lognormal and normal samples give the uniform sample's statistic and p-value (KS is invariant under
// increasing maps), the exact p-values near the cut agree with SciPy, and that seed stream settles at
// 15/10,000 (a fresh stream: 99/100,000 below 0.001 at n = 800).
import { describe, expect, it } from 'vitest'
import { exponentialCdf, normalCdf, normalPpf } from '../../src/distributions'
import { ksTest } from '../../src/hypothesis'
import { kstwoSf } from '../../src/kolmogorov'
import { createRng } from '../../src/random'

describe('one-sample KS across shapes', () => {
  it('gives the same statistic and p-value for increasing maps of the same uniforms', () => {
    const rng = createRng('ks shapes')
    for (let run = 0; run < 50; run++) {
      const us = Float64Array.from({ length: 800 }, () => {
        let u = rng()
        while (u === 0) u = rng()
        return u
      })
      const base = ksTest(us, (x) => x)
      const shapes: [Float64Array, (x: number) => number][] = [
        [us.map((u) => -Math.log1p(-u)), (x) => exponentialCdf(x)],
        [us.map((u) => normalPpf(u)), (x) => normalCdf(x)],
        [us.map((u) => Math.exp(normalPpf(u))), (x) => (x > 0 ? normalCdf(Math.log(x)) : 0)],
      ]
      for (const [xs, cdf] of shapes) {
        const t = ksTest(xs, cdf)
        expect(t.statistic).toBeCloseTo(base.statistic, 12)
        expect(t.pValue / base.pValue).toBeCloseTo(1, 9)
      }
    }
  })

  it('has exact p-values at n = 800 near 0.001 (scipy.stats.kstwo.sf(d, 800), scipy 1.x)', () => {
    for (const [d, p] of [
      [0.07037500838046307, 0.0006860222348981306],
      [0.06890113256621172, 0.0009542800758326855],
      [0.07743968517602373, 0.000127962730942303],
    ])
      expect(kstwoSf(800, d) / p).toBeCloseTo(1, 12)
  })
})
