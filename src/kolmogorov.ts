/**
 * Null distributions of the Kolmogorov–Smirnov statistics, computed as SciPy computes them.
 *
 * - {@link kstwoSf} / {@link kstwoCdf}: the exact distribution of the two-sided one-sample statistic
 *   D_n = sup |F_n − F| (SciPy's `kstwo`), by Simard & L'Ecuyer's (2011) selection of methods: Ruben–Gambino
 *   closed forms near the ends, the Durbin matrix (Marsaglia–Tsang–Wang) for small n·d², Pomeranz's
 *   recursion, 2·Smirnov in the upper tail, Pelz–Good for large n.
 * - {@link kstwobignSf} / {@link kstwobignCdf}: Kolmogorov's limiting distribution of √n·D_n (`kstwobign`).
 * - {@link ksoneSf} / {@link ksoneCdf}: the exact one-sided statistic D_n⁺ (Smirnov / Birnbaum–Tingey; `ksone`).
 * - {@link ks2SampleExactPValue} / {@link ks2SampleAsymptoticPValue}: the two-sample statistic D_{n,m}, exact by
 *   lattice-path counting (Hodges 1958; Viehmann 2021 for the two-sided 1 − p recursion) or asymptotic,
 *   exactly as `scipy.stats.ks_2samp`.
 */
import { checkCount, checkFinite, checkOneOf, InvalidRangeError } from './errors'
import { gcd, ksEffectiveSize, roundHalfEven } from './numeric'

const EP128 = 2 ** 128
const EM128 = 2 ** -128
const LOG_2PI = Math.log(2 * Math.PI)
const SQRT2PI = Math.sqrt(2 * Math.PI)
const PI2 = Math.PI ** 2
const PI4 = Math.PI ** 4
const PI6 = Math.PI ** 6
const SQRT3 = Math.sqrt(3)
const MIN_LOG = -708
/** cephes MINLOG = log(2^-1022). */
const CEPHES_MINLOG = -708.3964185322641
const DBL_EPSILON = 2 ** -52
const SMIRNOV_MAX_COMPUTE_N = 1000000

function clip01(p: number): number {
  return p < 0 ? 0 : Math.min(p, 1)
}

interface KsProbs {
  sf: number
  cdf: number
}

// ---------------------------------------------------------------------------------------------
// Kolmogorov limiting distribution (kstwobign)
// ---------------------------------------------------------------------------------------------

function kolmogorovProbs(x: number): KsProbs {
  if (Number.isNaN(x)) return { sf: Number.NaN, cdf: Number.NaN }
  if (x <= 0) return { sf: 1, cdf: 0 }
  if (x <= Math.PI / Math.sqrt((708 + 38) * 8)) return { sf: 1, cdf: 0 }
  let P = 1
  if (x <= 0.82) {
    const w = SQRT2PI / x
    const logu8 = -PI2 / (x * x)
    const u = Math.exp(logu8 / 8)
    if (u === 0) {
      P = Math.exp(logu8 / 8 + Math.log(w))
    } else {
      const u8 = Math.exp(logu8)
      const u8cub = u8 ** 3
      P = 1 + u8cub * P
      P = 1 + u8 * u8 * P
      P = 1 + u8 * P
      P = w * u * P
    }
    return { sf: clip01(1 - P), cdf: clip01(P) }
  }
  const v = Math.exp(-2 * x * x)
  const vsq = v * v
  const v3 = v ** 3
  P = 1 - v3 * v3 * v * P
  P = 1 - v3 * vsq * P
  P = 1 - v3 * P
  P = 2 * v * P
  return { sf: clip01(P), cdf: clip01(1 - P) }
}

/**
 * Survival function of Kolmogorov's limiting distribution (SciPy `kstwobign.sf`, `scipy.special.kolmogorov`):
 * P(K > x) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²}, where K is the limit of √n·D_n. For x ≤ 0.82 the Jacobi-theta
 * form √(2π)/x Σ e^{−(2k−1)²π²/(8x²)} is used for the CDF.
 * @example kstwobignSf(1.3581) // ≈ 0.05
 */
export function kstwobignSf(x: number): number {
  checkFinite('kstwobignSf', 'x', x)
  return kolmogorovProbs(x).sf
}

/** CDF of Kolmogorov's limiting distribution (SciPy `kstwobign.cdf`): 1 − {@link kstwobignSf}, computed without cancellation for small x. */
export function kstwobignCdf(x: number): number {
  checkFinite('kstwobignCdf', 'x', x)
  return kolmogorovProbs(x).cdf
}

// ---------------------------------------------------------------------------------------------
// One-sided exact (ksone, scipy.special.smirnov)
// ---------------------------------------------------------------------------------------------

const SPLITTER = 134217729 // 2^27 + 1

/** Exact product a·b as hi + lo (Dekker). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b
  let t = SPLITTER * a
  const ah = t - (t - a)
  const al = a - ah
  t = SPLITTER * b
  const bh = t - (t - b)
  const bl = b - bh
  const err = al * bl - (p - ah * bh - al * bh - ah * bl)
  return [p, err]
}

/**
 * The Birnbaum–Tingey / Smirnov one-sided probabilities. Follows the structure of SciPy's `_smirnov`
 * (cephes kolmogorov.c): the same special cases and the same choice of upper or lower sum, with the
 * terms A_v = C(n,v)(1 − x − v/n)^{n−v}(x + v/n)^{v−1} summed in double precision via logarithms.
 */
function smirnovProbs(n: number, x: number): KsProbs {
  if (Number.isNaN(x)) return { sf: Number.NaN, cdf: Number.NaN }
  if (n === 1) return { sf: 1 - x, cdf: x }
  if (x === 0) return { sf: 1, cdf: 0 }
  if (x === 1) return { sf: 0, cdf: 1 }
  // n·x and its floor, exactly
  const [hi, lo] = twoProduct(n, x)
  let nxfl = Math.floor(hi)
  if (hi === nxfl && lo < 0) nxfl -= 1
  let alpha = hi - nxfl + lo
  if (alpha >= 1) {
    nxfl += 1
    alpha = 0
  }
  if (alpha < 0) alpha = 0
  const nx = hi
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1)
  let n1mxceil = n - nxfl
  if (alpha === 0) {
    n1mxfl -= 1
    n1mxceil += 1
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const t = Math.exp((n - 1) * Math.log1p(x))
    const cdf = x * t
    return { sf: clip01(1 - cdf), cdf: clip01(cdf) }
  }
  if (-2 * n * x * x < CEPHES_MINLOG) return { sf: 0, cdf: 1 }
  if (nxfl >= n - 1) {
    const sf = Math.exp(n * Math.log1p(-x))
    return { sf: clip01(sf), cdf: clip01(1 - sf) }
  }
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6 * nx + 1) ** 2) / 18 / n
    if (logp < -Math.LN2) {
      const sf = Math.exp(logp)
      return { sf, cdf: 1 - sf }
    }
    const cdf = -Math.expm1(logp)
    return { sf: 1 - cdf, cdf }
  }
  const nUpperTerms = n - n1mxceil + 1
  const useUpper = (nUpperTerms <= 1 && x < 0.5) || (n >= 10 && nUpperTerms <= 3 && x <= 0.5 / Math.sqrt(n))
  // log of A_v; sign of (1 − x − v/n)^{n−v}
  const termLog = (v: number, logC: number): [number, number] => {
    const a = n - nxfl - v - alpha // n(1 − x − v/n)
    const b = nxfl + v + alpha // n(x + v/n)
    let sign = 1
    let la = 0
    if (n - v > 0) {
      if (a === 0) return [Number.NEGATIVE_INFINITY, 1]
      // log|1 − x − v/n| without the cancellation of log(a) − log(n)
      la = (n - v) * (a > 0 ? Math.log1p(-b / n) : Math.log(-a / n))
      if (a < 0 && (n - v) % 2 === 1) sign = -1
    }
    const lb = (v - 1) * Math.log(b / n)
    return [logC + la + lb, sign]
  }
  let sum = 0
  if (useUpper) {
    // cdf = x Σ_{v=n1mxceil}^{n} A_v (few terms, alternating)
    let logC = 0 // C(n, n)
    for (let v = n; v >= n1mxceil; v--) {
      const [l, s] = termLog(v, logC)
      sum += s * Math.exp(l)
      logC += Math.log(v / (n - v + 1)) // C(n, v−1) = C(n, v)·v/(n−v+1)
    }
    const cdf = x * sum
    return { sf: clip01(1 - cdf), cdf: clip01(cdf) }
  }
  const nTerms = n1mxfl + 1
  const vmid = Math.floor(n / 2)
  // log C(n, v) accumulated with Neumaier compensation: for n near 10⁶ the plain running sum drifts by ~1e-8
  let logC = 0
  let logCerr = 0
  for (let v = 0; v < nTerms; v++) {
    const [l, s] = termLog(v, logC)
    const a = s * Math.exp(l + logCerr)
    sum += a
    if (a !== 0) {
      if (4 * (nTerms - v) * Math.abs(a) < DBL_EPSILON * sum && v !== nTerms - 1 && v > 0) break
    } else if (v > vmid) break
    const inc = Math.log((n - v) / (v + 1))
    const t = logC + inc
    logCerr += Math.abs(logC) >= Math.abs(inc) ? logC - t + inc : inc - t + logC
    logC = t
  }
  const sf = x * sum
  return { sf: clip01(sf), cdf: clip01(1 - sf) }
}

function checkN(where: string, n: number): number {
  return checkCount(where, 'n', n, 1)
}

/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic D_n⁺ = sup(F_n − F) (or D_n⁻) for a sample
 * of n from a continuous distribution: SciPy `ksone.sf` (= `scipy.special.smirnov`). Exact, by the
 * Birnbaum–Tingey (Smirnov) sum P(D_n⁺ ≥ d) = d Σ_{v=0}^{⌊n(1−d)⌋} C(n,v)(d + v/n)^{v−1}(1 − d − v/n)^{n−v};
 * for n > 10⁶ SciPy's approximation exp(−(6nd + 1)²/(18n)) is used.
 * @example ksoneSf(10, 0.3) // P(D⁺₁₀ ≥ 0.3)
 */
export function ksoneSf(n: number, d: number): number {
  checkN('ksoneSf', n)
  checkFinite('ksoneSf', 'd', d)
  if (d <= 0) return 1
  if (d >= 1) return 0
  return smirnovProbs(n, d).sf
}

/** CDF of the one-sided statistic D_n⁺: SciPy `ksone.cdf` (= `scipy.special.smirnovc`). See {@link ksoneSf}. */
export function ksoneCdf(n: number, d: number): number {
  checkN('ksoneCdf', n)
  checkFinite('ksoneCdf', 'd', d)
  if (d <= 0) return 0
  if (d >= 1) return 1
  return smirnovProbs(n, d).cdf
}

// ---------------------------------------------------------------------------------------------
// Two-sided exact (kstwo): Simard & L'Ecuyer, as scipy.stats._ksstats._kolmogn
// ---------------------------------------------------------------------------------------------

const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
]

/** log(n!/nⁿ) by Stirling's series (as SciPy). */
function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n
  const t = rn / n
  let poly = 0
  for (const c of STIRLING) poly = poly * t + c
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m)
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]
      if (aik === 0) continue
      const bo = k * m
      const co = i * m
      for (let j = 0; j < m; j++) c[co + j] += aik * b[bo + j]
    }
  }
  return c
}

/** Durbin matrix method, Marsaglia–Tsang–Wang variant: P(D_n ≤ d). */
function kolmognDMTW(n: number, d: number): number {
  if (d >= 1) return 1
  const nd = n * d
  if (nd <= 0.5) return 0
  const k = Math.ceil(nd)
  const h = k - nd
  const m = 2 * k - 1
  let H: Float64Array = new Float64Array(m * m)
  const v = new Float64Array(m)
  const w = new Float64Array(m)
  let fac = 1
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - h ** j
    w[j - 1] = fac
    fac /= j
    v[j - 1] *= fac
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m
  v[m - 1] = (1 + tt) * fac
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)]
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r]
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]

  let Hpwr: Float64Array = new Float64Array(m * m)
  for (let i = 0; i < m; i++) Hpwr[i * m + i] = 1
  let nn = n
  let expnt = 0
  let Hexpnt = 0
  while (nn > 0) {
    if (nn % 2) {
      Hpwr = matmul(Hpwr, H, m)
      expnt += Hexpnt
    }
    H = matmul(H, H, m)
    Hexpnt *= 2
    if (Math.abs(H[(k - 1) * m + (k - 1)]) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] /= EP128
      Hexpnt += 128
    }
    nn = Math.floor(nn / 2)
  }
  let p = Hpwr[(k - 1) * m + (k - 1)]
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n
    if (Math.abs(p) < EM128) {
      p *= EP128
      expnt -= 128
    }
  }
  if (expnt !== 0) p *= 2 ** expnt
  return clip01(p)
}

function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number
  let j2: number
  if (i === 0) {
    j1 = -ll - ceilf - 1
    j2 = ll + ceilf - 1
  } else {
    const ip1div2 = Math.floor((i + 1) / 2)
    const ip1mod2 = (i + 1) % 2
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1
        j2 = n + ll + ceilf - 1
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1
        j2 = ip1div2 + ll - 1 + ceilf - 1
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1
      j2 = ip1div2 + ll + roundf - 1
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)]
}

/** Pomeranz's recursion: P(D_n ≤ x). */
function kolmognPomeranz(n: number, x: number): number {
  const t = n * x
  const ll = Math.floor(t)
  const f = t - ll
  const g = Math.min(f, 1 - f)
  const ceilf = f > 0 ? 1 : 0
  const roundf = f > 0.5 ? 1 : 0
  const npwrs = 2 * (ll + 1)
  const gpower = new Float64Array(npwrs)
  const twogpower = new Float64Array(npwrs)
  const onem2gpower = new Float64Array(npwrs)
  gpower[0] = 1
  twogpower[0] = 1
  onem2gpower[0] = 1
  let expnt = 0
  const gn = g / n
  const tgn = (2 * g) / n
  const omtgn = (1 - 2 * g) / n
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * gn) / m
    twogpower[m] = (twogpower[m - 1] * tgn) / m
    onem2gpower[m] = (onem2gpower[m - 1] * omtgn) / m
  }
  let V0 = new Float64Array(npwrs)
  let V1 = new Float64Array(npwrs)
  V1[0] = 1
  let V0s = 0
  let V1s = 0
  let [j1, j2] = pomeranzJ1J2(0, n, ll, ceilf, roundf)
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1
    const tmp = V0
    V0 = V1
    V1 = tmp
    const tmps = V0s
    V0s = V1s
    V1s = tmps
    V1.fill(0)
    ;[j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf)
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower
    const ln2 = j2 - k1 + 1
    if (ln2 > 0) {
      // conv = convolve(V0[k1-V0s : k1-V0s+ln2], pwrs[:ln2]); V1[0:len] = conv[j1-k1 : j2-k1+1]
      const base = k1 - V0s
      const convStart = j1 - k1
      const convLen = j2 - j1 + 1
      let maxV = 0
      for (let q = 0; q < convLen; q++) {
        const idx = convStart + q
        let s = 0
        const lo = Math.max(0, idx - (ln2 - 1))
        const hiIdx = Math.min(idx, ln2 - 1)
        for (let a = lo; a <= hiIdx; a++) s += V0[base + a] * pwrs[idx - a]
        V1[q] = s
        if (s > maxV) maxV = s
      }
      if (maxV > 0 && maxV < EM128) {
        for (let q = 0; q < npwrs; q++) V1[q] *= EP128
        expnt -= 128
      }
      V1s = V0s + j1 - k1
    }
  }
  let ans = V1[n - V1s]
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128
      expnt += 128
    }
    ans *= m
  }
  if (expnt !== 0) ans *= 2 ** expnt
  return clip01(ans)
}

/** Pelz–Good asymptotic series: P(D_n ≤ x). */
function kolmognPelzGood(n: number, x: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const z = Math.sqrt(n) * x
  const z2 = z * z
  const z3 = z2 * z
  const z4 = z2 * z2
  const z6 = z4 * z2
  const qlog = -PI2 / 8 / z2
  if (qlog < MIN_LOG) return 0
  let q = Math.exp(qlog)
  const k1a = -z2
  const k1b = PI2 / 4
  const k2a = 6 * z6 + 2 * z4
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4
  const k2c = (PI4 * (1 - 2 * z2)) / 16
  const k3d = (PI6 * (5 - 30 * z2)) / 64
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4
  const k3a = -30 * z6 - 90 * z ** 8
  const K = [0, 0, 0, 0]
  const maxk = Math.ceil((16 * z) / Math.PI)
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1
    const m2 = m * m
    const m4 = m2 * m2
    const m6 = m4 * m2
    const qp = q ** (8 * k)
    K[0] = K[0] * qp + 1
    K[1] = K[1] * qp + (k1a + k1b * m2)
    K[2] = K[2] * qp + (k2a + k2b * m2 + k2c * m4)
    K[3] = K[3] * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6)
  }
  const den = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10]
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT2PI) / den[i]
  q = Math.exp(-PI2 / 2 / z2)
  const sqrt3z = SQRT3 * z
  let k2extra = 0
  let k3extra = 0
  for (let k = maxk; k > 0; k--) {
    const ks2 = k * k
    const qp = q ** ks2
    const kspi = Math.PI * k
    k2extra += ks2 * qp
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp
  }
  K[2] += (k2extra * PI2 * SQRT2PI) / (-36 * z3)
  K[3] += (k3extra * PI2 * SQRT2PI) / (216 * z6)
  for (let i = 0; i < 4; i++) K[i] /= n ** (i / 2)
  return K[0] + K[1] + K[2] + K[3]
}

function kolmogn(n: number, x: number, cdf: boolean): number {
  const pick = (c: number, s: number) => clip01(cdf ? c : s)
  if (x >= 1) return pick(1, 0)
  if (x <= 0) return pick(0, 1)
  const t = n * x
  if (t <= 1) {
    if (t <= 0.5) return pick(0, 1)
    let prob: number
    if (n <= 140) {
      prob = 1
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1)
    } else prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1))
    return pick(prob, 1 - prob)
  }
  if (t >= n - 1) {
    const prob = 2 * (1 - x) ** n
    return pick(1 - prob, prob)
  }
  if (x >= 0.5) {
    const prob = 2 * smirnovProbs(n, x).sf
    return pick(1 - prob, prob)
  }
  const nxsq = t * x
  if (n <= 140) {
    if (nxsq <= 0.754693) {
      const prob = kolmognDMTW(n, x)
      return pick(prob, 1 - prob)
    }
    if (nxsq <= 4) {
      const prob = kolmognPomeranz(n, x)
      return pick(prob, 1 - prob)
    }
    const prob = 2 * smirnovProbs(n, x).sf
    return pick(1 - prob, prob)
  }
  if (!cdf) {
    if (nxsq >= 370) return 0
    if (nxsq >= 2.2) return clip01(2 * smirnovProbs(n, x).sf)
  }
  let cdfprob: number
  if (nxsq >= 18) cdfprob = 1
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdfprob = kolmognDMTW(n, x)
  else cdfprob = kolmognPelzGood(n, x)
  return pick(cdfprob, 1 - cdfprob)
}

/**
 * Survival function of the exact two-sided one-sample Kolmogorov–Smirnov statistic D_n = sup|F_n − F|:
 * SciPy `kstwo.sf(d, n)`. Method by Simard & L'Ecuyer (2011) as in SciPy: Ruben–Gambino closed forms for
 * n·d ≤ 1 and n·d ≥ n − 1; 2·Smirnov for d ≥ 0.5 and in the upper tail (exact there, since the two one-sided
 * events cannot both occur); for n ≤ 140 the Durbin matrix (Marsaglia–Tsang–Wang) when n·d² ≤ 0.754693, else
 * Pomeranz's recursion when n·d² ≤ 4; for n > 140, Durbin when n·d^{3/2} ≤ 1.4 and n ≤ 10⁵, else Pelz–Good.
 * Relative accuracy is about 1e-12 down to p-values near 1e-300 in the upper tail (where the
 * 2·Smirnov sum is used).
 * @example kstwoSf(20, 0.29) // ≈ 0.057
 */
export function kstwoSf(n: number, d: number): number {
  checkN('kstwoSf', n)
  checkFinite('kstwoSf', 'd', d)
  return kolmogn(n, d, false)
}

/** CDF of the exact two-sided one-sample statistic D_n: SciPy `kstwo.cdf(d, n)`. See {@link kstwoSf}. */
export function kstwoCdf(n: number, d: number): number {
  checkN('kstwoCdf', n)
  checkFinite('kstwoCdf', 'd', d)
  return kolmogn(n, d, true)
}

// ---------------------------------------------------------------------------------------------
// Two-sample (ks_2samp)
// ---------------------------------------------------------------------------------------------

/** Alternative hypotheses, as SciPy names them. */
type Alternative = 'two-sided' | 'less' | 'greater'

/** P(D_{n,n} ≥ h/n): 2·(A0(1 − A1(1 − A2(…)))) Horner form, as SciPy `_compute_prob_outside_square`. */
function probOutsideSquare(n: number, h: number): number {
  let P = 0
  let k = Math.floor(n / h)
  while (k >= 0) {
    let p1 = 1
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1)
    P = p1 * (1 - P)
    k -= 1
  }
  return 2 * P
}

/** Viehmann's 1 − p recursion for the two-sided statistic (SciPy `_compute_outer_prob_inside_method`). */
function outerProbInside(m: number, n: number, g: number, h: number): number {
  if (m < n) {
    const t = m
    m = n
    n = t
  }
  const mg = m / g
  const ng = n / g
  let minj = 0
  let maxj = Math.min(Math.ceil(h / mg), n + 1)
  let curlen = maxj - minj
  const lenA = Math.min(2 * maxj + 2, n + 1)
  const A = new Float64Array(lenA).fill(1)
  for (let j = minj; j < maxj; j++) A[j] = 0
  for (let i = 1; i <= m; i++) {
    const lastminj = minj
    const lastlen = curlen
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0)
    minj = Math.min(minj, n)
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1)
    if (maxj <= minj) return 1
    let val = minj === 0 ? 0 : 1
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j)
      A[jj] = val
    }
    curlen = maxj - minj
    if (lastlen > curlen) {
      const end = Math.min(maxj - minj + (lastlen - curlen), lenA)
      for (let q = maxj - minj; q < end; q++) A[q] = 1
    }
  }
  return A[maxj - minj - 1]
}

/** binom(n, k) in double precision (may overflow to Infinity, as `scipy.special.binom`). */
function binom(n: number, k: number): number {
  if (k < 0 || k > n) return 0
  if (k > n - k) k = n - k
  let r = 1
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i
  return r
}

/** Number of lattice paths from (0,0) to (m,n) that go below the diagonal shifted by h (SciPy `_count_paths_outside_method`). */
function countPathsOutside(m: number, n: number, g: number, h: number): number {
  if (m < n) {
    const t = m
    m = n
    n = t
  }
  const mg = m / g
  const ng = n / g
  const lxj = n + Math.floor((mg - h) / mg)
  if (lxj <= 0) return binom(m + n, n)
  const xj = new Float64Array(lxj)
  for (let j = 0; j < lxj; j++) xj[j] = Math.floor((h + mg * j + ng - 1) / ng)
  const B = new Float64Array(lxj)
  B[0] = 1
  for (let j = 1; j < lxj; j++) {
    let Bj = binom(xj[j] + j, j)
    if (!Number.isFinite(Bj)) return Number.NaN
    for (let i = 0; i < j; i++) Bj -= binom(xj[j] - xj[i] + j - i, j - i) * B[i]
    if (!Number.isFinite(Bj)) return Number.NaN
    B[j] = Bj
  }
  let num = 0
  for (let j = 0; j < lxj; j++) num += B[j] * binom(m - xj[j] + (n - j), n - j)
  return num
}

/** The largest sample size {@link ks2SampleExactPValue} computes exactly (null beyond). */
export const KS2_EXACT_MAX_SIZE = 1e6
/** The largest product n·m {@link ks2SampleExactPValue} computes exactly (null beyond). */
export const KS2_EXACT_MAX_WORK = 1e10

/** Result of an exact two-sample KS probability computation. */
export interface Ks2SampleExact {
  /** The statistic snapped to the lattice, h / lcm(n, m) (SciPy reports this value for exact p-values). */
  statistic: number
  /** P(D ≥ statistic) under the null. */
  pValue: number
}

/**
 * Exact p-value of the two-sample Kolmogorov–Smirnov statistic, as SciPy's `_attempt_exact_2kssamp`:
 * d is rounded to h/lcm(n, m); two-sided with n = m uses the reflection-principle series, unequal sizes the
 * Hodges/Viehmann inside method; one-sided with n = m uses Π_{j<h}(n − j)/(n + j + 1), unequal sizes counts
 * lattice paths outside the boundary and divides by C(n + m, n). Returns `null` when the computation
 * overflows or produces a value outside [0, 1] (SciPy then falls back to the asymptotic method), and when
 * the sizes exceed {@link KS2_EXACT_MAX_SIZE} or their product {@link KS2_EXACT_MAX_WORK} (the lattice walk
 * would not finish in useful time). Assumes no ties between the samples (as SciPy does).
 */
export function ks2SampleExactPValue(
  n: number,
  m: number,
  d: number,
  alternative: Alternative = 'two-sided',
): Ks2SampleExact | null {
  const where = 'ks2SampleExactPValue'
  checkCount(where, 'n', n, 1)
  checkCount(where, 'm', m, 1)
  checkFinite(where, 'd', d)
  checkOneOf(where, 'alternative', alternative, ['two-sided', 'less', 'greater'])
  // The lattice walk takes up to n·m steps: beyond these sizes it would not finish in useful time.
  if (Math.max(n, m) > KS2_EXACT_MAX_SIZE || n * m > KS2_EXACT_MAX_WORK) return null
  const g = gcd(n, m)
  const lcm = (n / g) * m
  const h = roundHalfEven(d * lcm)
  const dd = h / lcm
  if (h === 0) return { statistic: dd, pValue: 1 }
  let prob: number
  if (alternative === 'two-sided') {
    prob = n === m ? probOutsideSquare(n, h) : outerProbInside(n, m, g, h)
  } else if (n === m) {
    prob = 1
    for (let j = 0; j < h; j++) prob *= (n - j) / (n + j + 1)
  } else {
    const num = countPathsOutside(n, m, g, h)
    const bin = binom(n + m, n)
    if (!Number.isFinite(num) || !Number.isFinite(bin) || num > bin) return null
    prob = num / bin
  }
  if (!(prob >= 0 && prob <= 1)) return null
  return { statistic: dd, pValue: prob }
}

/**
 * Asymptotic p-value of the two-sample Kolmogorov–Smirnov statistic, as `scipy.stats.ks_2samp(method='asymp')`:
 * two-sided uses {@link kstwoSf}(d, round(n_e)) with n_e = nm/(n + m); one-sided uses Hodges' approximation
 * exp(−2z² − 2z(M + 2N)/(3√(MN(M + N)))) with z = d√n_e and M ≥ N the larger and smaller size.
 */
export function ks2SampleAsymptoticPValue(
  n: number,
  m: number,
  d: number,
  alternative: Alternative = 'two-sided',
): number {
  const where = 'ks2SampleAsymptoticPValue'
  checkCount(where, 'n', n, 1)
  checkCount(where, 'm', m, 1)
  checkFinite(where, 'd', d)
  checkOneOf(where, 'alternative', alternative, ['two-sided', 'less', 'greater'])
  const M = Math.max(n, m)
  const N = Math.min(n, m)
  // nm/(n + m) and (M + 2N)/√(MN(M + N)) written with N/M, so that sizes near the largest double do not
  // overflow (M·N would).
  const r = N / M
  const en = N / (1 + r)
  let prob: number
  if (alternative === 'two-sided') {
    const ne = ksEffectiveSize(n, m)
    if (ne < 1) throw new InvalidRangeError(where, 'n and m', 'give an effective size below 1')
    prob = kolmogn(ne, d, false)
  } else {
    const z = Math.sqrt(en) * d
    const expt = -2 * z * z - (2 * z * (1 + 2 * r)) / Math.sqrt(N * (1 + r)) / 3
    prob = Math.exp(expt)
  }
  return clip01(prob)
}

/** Whether SciPy's `ks_2samp(method='auto')` tries the exact method: max(n, m) ≤ 10000 (sample sizes ≥ 1). */
export function ks2SampleUsesExact(n: number, m: number): boolean {
  checkCount('ks2SampleUsesExact', 'n', n, 1)
  checkCount('ks2SampleUsesExact', 'm', m, 1)
  return Math.max(n, m) <= 10000
}
