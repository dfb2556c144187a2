/**
 * Sorted copies of samples, fast: internal to the engine (not re-exported from the package), shared by the
 * tests and the distances that sort their samples.
 */
import { checkSample } from './errors'

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
const RADIX_MIN = 1 << 15

/**
 * Validates `xs` (non-empty, finite numbers) and returns a sorted Float64Array copy. Large inputs are sorted
 * by a least-significant-digit radix sort on the IEEE-754 bit patterns (3 passes of 16 bits over the top 48
 * bits, passes where every key shares the digit skipped, then runs sharing those bits ordered by the rest), about twice as fast as `Float64Array.prototype.sort` at 10⁶ values;
 * small inputs use the native sort. Typed-array inputs are validated on the copy, in the same pass.
 */
export function validatedSortedCopy(where: string, argument: string, xs: ArrayLike<number>): Float64Array {
  const typed =
    ArrayBuffer.isView(xs) &&
    !(xs instanceof DataView) &&
    !(xs instanceof BigInt64Array) &&
    !(xs instanceof BigUint64Array)
  if (!typed || xs.length === 0) checkSample(where, argument, xs)
  const n = xs.length
  const a = new Float64Array(n)
  a.set(xs)
  if (n < RADIX_MIN || !LITTLE_ENDIAN) {
    if (typed)
      for (let i = 0; i < n; i++) {
        const v = a[i]
        if (v - v !== 0) checkSample(where, argument, xs) // NaN or ±Infinity: throws the standard message
      }
    return a.sort()
  }
  // the radix sort's first pass flags NaN and ±Infinity (exponent bits all ones)
  const sorted = radixSortInPlace(a)
  if (sorted === null) checkSample(where, argument, xs)
  return sorted as Float64Array
}

/** Sorts (returning `a` or a new array), or returns null if `a` holds NaN or ±Infinity. */
function radixSortInPlace(a: Float64Array): Float64Array | null {
  const n = a.length
  let u: Uint32Array = new Uint32Array(a.buffer, a.byteOffset, 2 * n)
  const spare = new Float64Array(n)
  let w: Uint32Array = new Uint32Array(spare.buffer)
  const counts = new Uint32Array(3 << 16)
  // order-preserving map of doubles to unsigned 64-bit keys (hi, lo), and the digit histograms, in one pass
  let special = 0
  for (let i = 0; i < n; i++) {
    let hi = u[2 * i + 1]
    let lo = u[2 * i]
    special |= ((hi & 0x7ff00000) + 0x00100000) & 0x80000000
    if (hi & 0x80000000) {
      hi = ~hi >>> 0
      lo = ~lo >>> 0
    } else hi = (hi | 0x80000000) >>> 0
    u[2 * i + 1] = hi
    u[2 * i] = lo
    counts[lo >>> 16]++
    counts[65536 + (hi & 0xffff)]++
    counts[131072 + (hi >>> 16)]++
  }
  if (special !== 0) return null
  // LSD passes on the top 48 bits only (digits 1–3); passes where every key shares the digit are skipped
  for (let pass = 0; pass < 3; pass++) {
    const off = pass << 16
    let sum = 0
    let trivial = false
    for (let d = 0; d < 65536; d++) {
      const c = counts[off + d]
      if (c === n) {
        trivial = true
        break
      }
      counts[off + d] = sum
      sum += c
    }
    if (trivial) continue
    // one loop per digit, so that the digit extraction is not re-decided per element
    if (pass === 0)
      for (let i = 0; i < n; i++) {
        const lo = u[2 * i]
        const k = counts[off + (lo >>> 16)]++
        w[2 * k] = lo
        w[2 * k + 1] = u[2 * i + 1]
      }
    else if (pass === 1)
      for (let i = 0; i < n; i++) {
        const hi = u[2 * i + 1]
        const k = counts[off + (hi & 0xffff)]++
        w[2 * k] = u[2 * i]
        w[2 * k + 1] = hi
      }
    else
      for (let i = 0; i < n; i++) {
        const hi = u[2 * i + 1]
        const k = counts[off + (hi >>> 16)]++
        w[2 * k] = u[2 * i]
        w[2 * k + 1] = hi
      }
    const t = u
    u = w
    w = t
  }
  // keys sharing their top 48 bits are adjacent: order each such run by its low 16 bits (runs are rare for
  // continuous data; runs of exact ties are already in order and only checked)
  let s = 0
  while (s < n) {
    const hi = u[2 * s + 1]
    const top = u[2 * s] >>> 16
    let e = s + 1
    let sorted = true
    while (e < n && u[2 * e + 1] === hi && u[2 * e] >>> 16 === top) {
      if (u[2 * e] < u[2 * e - 2]) sorted = false
      e++
    }
    if (!sorted) {
      const run = new Uint32Array(e - s)
      for (let k = s; k < e; k++) run[k - s] = u[2 * k]
      run.sort()
      for (let k = s; k < e; k++) u[2 * k] = run[k - s]
    }
    s = e
  }
  for (let i = 0; i < n; i++) {
    const hi = u[2 * i + 1]
    if (hi & 0x80000000) u[2 * i + 1] = hi & 0x7fffffff
    else {
      u[2 * i + 1] = ~hi >>> 0
      u[2 * i] = ~u[2 * i] >>> 0
    }
  }
  return u.buffer === a.buffer ? a : spare
}
