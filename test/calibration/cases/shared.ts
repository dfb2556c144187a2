/** Data generators shared by the calibration cases. */
import { normalPpf } from '../../../src/distributions'
export const normals = (rng: { normal(m: number, s: number): number }, n: number, m: number, sd = 1) =>
  Float64Array.from({ length: n }, () => rng.normal(m, sd))

/** The shift of N(mu, 1) from N(0, 1) whose KS distance 2Φ(mu/2) − 1 is 0.1. */
export const KS_SHIFT = 2 * normalPpf(0.55)

/** The shift of N(mu, 1) whose PSI against N(0, 1) over the deciles of N(0, 1) is 0.1 (scipy brentq). */
export const PSI_SHIFT = 0.32347439970548886

/** n labels 'a' (probability pa) or 'b'. */
export const labels = (rng: () => number, n: number, pa: number) =>
  Array.from({ length: n }, () => (rng() < pa ? 'a' : 'b'))

/** Binary labels with prevalence `prevalence`; positives predicted positive w.p. tpr, negatives w.p. fpr. */
export function classify(rng: () => number, n: number, prevalence: number, tpr: number, fpr: number) {
  const actual = new Array<number>(n)
  const predicted = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const y = rng() < prevalence ? 1 : 0
    actual[i] = y
    predicted[i] = rng() < (y ? tpr : fpr) ? 1 : 0
  }
  return { actual, predicted }
}

/** Two groups of `size`: group 'A' predicted positive w.p. pA, group 'B' w.p. pB (actual: fair coin). */
export function parity(rng: () => number, size: number, pA: number, pB: number) {
  const actual = new Array<number>(2 * size)
  const predicted = new Array<number>(2 * size)
  const groups = new Array<string>(2 * size)
  for (let i = 0; i < 2 * size; i++) {
    const a = i < size
    groups[i] = a ? 'A' : 'B'
    actual[i] = rng() < 0.5 ? 1 : 0
    predicted[i] = rng() < (a ? pA : pB) ? 1 : 0
  }
  return { received: { actual, predicted }, groups }
}
export const uniforms = (rng: () => number, n: number, lo: number, hi: number) =>
  Float64Array.from({ length: n }, () => lo + (hi - lo) * rng())
