import { inspect } from 'node:util'
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { createRng, hashSeed, resolveSeed, SEED_ENV, seedFor } from '../../src/random'

const draws = (seed: string | number, k: number) => {
  const r = createRng(seed)
  return Array.from({ length: k }, () => r.next())
}

describe('createRng', () => {
  it('is deterministic for a seed; numbers and their strings are the same seed', () => {
    expect(draws('abc', 20)).toEqual(draws('abc', 20))
    expect(draws(42, 5)).toEqual(draws('42', 5))
    expect(draws('abc', 5)).not.toEqual(draws('abd', 5))
    expect(createRng('abc').seed).toBe('abc')
    // Calling the generator itself and .next() read the same stream.
    const a = createRng(7)
    const b = createRng(7)
    expect([a(), a(), a()]).toEqual([b.next(), b.next(), b.next()])
  })
  it('draws uniforms in [0, 1) with mean ½ and variance 1/12', () => {
    const r = createRng('uniform')
    const n = 100_000
    let s = 0
    let ss = 0
    let min = 1
    let max = 0
    for (let i = 0; i < n; i++) {
      const u = r.next()
      s += u
      ss += u * u
      if (u < min) min = u
      if (u > max) max = u
    }
    expect(min).toBeGreaterThanOrEqual(0)
    expect(max).toBeLessThan(1)
    const m = s / n
    expect(Math.abs(m - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n))
    expect(Math.abs(ss / n - m * m - 1 / 12)).toBeLessThan(0.002)
  })
  it('uniform(min, max) stays in range', () => {
    const r = createRng('u2')
    let ok = true
    for (let i = 0; i < 1000; i++) {
      const v = r.uniform(-3, 5)
      if (!(v >= -3 && v < 5)) ok = false
    }
    expect(ok).toBe(true)
  })
  it('normal: mean and variance right on 10^5 draws; mean/sd arguments', () => {
    const r = createRng('normal')
    const n = 100_000
    let s = 0
    let ss = 0
    let s3 = 0
    for (let i = 0; i < n; i++) {
      const z = r.normal()
      s += z
      ss += z * z
      s3 += z * z * z
    }
    // Standard errors: mean 1/√n ≈ 0.0032, variance √(2/n) ≈ 0.0045, third moment √(15/n) ≈ 0.012.
    expect(Math.abs(s / n)).toBeLessThan(0.016)
    expect(Math.abs(ss / n - 1)).toBeLessThan(0.023)
    expect(Math.abs(s3 / n)).toBeLessThan(0.06)
    const r2 = createRng('normal2')
    let t = 0
    for (let i = 0; i < 10_000; i++) t += r2.normal(100, 0.5)
    expect(Math.abs(t / 10_000 - 100)).toBeLessThan(0.025)
  })
  it('integer: in range, every value hit, unbiased (chi-square)', () => {
    const r = createRng('integer')
    const k = 7
    const counts = new Array(k).fill(0)
    const n = 70_000
    let allWhole = true
    for (let i = 0; i < n; i++) {
      const v = r.integer(3, 3 + k - 1)
      if (!Number.isInteger(v)) allWhole = false
      counts[v - 3]++
    }
    expect(allWhole).toBe(true)
    expect(counts.every((c) => c > 0)).toBe(true)
    const e = n / k
    const chi2 = counts.reduce((a, c) => a + (c - e) ** 2 / e, 0)
    // χ²(6): P(> 22.46) = 0.001.
    expect(chi2).toBeLessThan(22.46)
    expect(r.integer(5, 5)).toBe(5)
    expect(r.integer(-2, -1)).toBeGreaterThanOrEqual(-2)
  })
  it('integer: a span that does not divide 2^53 is still unbiased at the top', () => {
    const r = createRng('big-span')
    const span = 3 * 2 ** 50 // about 3.4e15, exercises the rejection step
    let high = 0
    const n = 20_000
    for (let i = 0; i < n; i++) if (r.integer(0, span - 1) >= (2 * span) / 3) high++
    expect(Math.abs(high / n - 1 / 3)).toBeLessThan(0.015)
  })
  it('integer: rejects bad bounds', () => {
    const r = createRng(1)
    expect(() => r.integer(5, 4)).toThrow(InvalidRangeError)
    expect(() => r.integer(0.5, 4.5)).toThrow(InvalidRangeError)
    expect(() => r.integer(0, 2 ** 54)).toThrow(InvalidRangeError)
    expect(() => r.integer(0, Number.NaN)).toThrow()
  })
  it('shuffle is an in-place permutation, deterministic for the seed', () => {
    const a = Array.from({ length: 50 }, (_, i) => i)
    const out = createRng('shuffle').shuffle(a)
    expect(out).toBe(a)
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i))
    const b = createRng('shuffle').shuffle(Array.from({ length: 50 }, (_, i) => i))
    expect(b).toEqual(a)
    expect(createRng(1).shuffle([])).toEqual([])
  })
  it('shuffle is uniform over permutations of 3', () => {
    const r = createRng('perm3')
    const counts = new Map<string, number>()
    const n = 30_000
    for (let i = 0; i < n; i++) {
      const key = r.shuffle([1, 2, 3]).join('')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(counts.size).toBe(6)
    const e = n / 6
    const chi2 = [...counts.values()].reduce((a, c) => a + (c - e) ** 2 / e, 0)
    expect(chi2).toBeLessThan(20.52) // χ²(5), P = 0.001
  })
  it('resample and choice draw from the values', () => {
    const r = createRng('resample')
    const values = [1.5, 2.5, 3.5]
    const s = r.resample(values, 1000)
    expect(s).toBeInstanceOf(Float64Array)
    expect(s.length).toBe(1000)
    expect(new Set(s)).toEqual(new Set(values))
    expect(r.resample(values).length).toBe(3)
    expect(values).toContain(r.choice(values))
    expect(() => r.choice([])).toThrow(InvalidRangeError)
  })
  it('fork: deterministic per label, independent of the parent and of other labels', () => {
    const parent = createRng('parent')
    const f1 = parent.fork('a')
    const f1again = createRng('parent').fork('a')
    expect([f1(), f1(), f1()]).toEqual([f1again(), f1again(), f1again()])
    // Forking does not advance the parent.
    const p2 = createRng('parent')
    p2.fork('x')
    expect(p2.next()).toBe(createRng('parent').next())
    // Different labels and the parent give different streams, uncorrelated.
    const xs = draws('parent', 5000)
    const a = createRng('parent').fork('a')
    const b = createRng('parent').fork('b')
    const as = Array.from({ length: 5000 }, () => a())
    const bs = Array.from({ length: 5000 }, () => b())
    expect(as).not.toEqual(bs)
    const corr = (u: number[], v: number[]) => {
      const mu = u.reduce((s, x) => s + x, 0) / u.length
      const mv = v.reduce((s, x) => s + x, 0) / v.length
      let c = 0
      let su = 0
      let sv = 0
      for (let i = 0; i < u.length; i++) {
        c += (u[i] - mu) * (v[i] - mv)
        su += (u[i] - mu) ** 2
        sv += (v[i] - mv) ** 2
      }
      return c / Math.sqrt(su * sv)
    }
    // |r| < 4/√n for independent streams.
    expect(Math.abs(corr(as, bs))).toBeLessThan(4 / Math.sqrt(5000))
    expect(Math.abs(corr(as, xs))).toBeLessThan(4 / Math.sqrt(5000))
    expect(a.seed).toBe('parent/a')
    expect(createRng('parent').fork(3).seed).toBe('parent/3')
  })
  it('rejects bad seeds', () => {
    expect(() => createRng('')).toThrow(InvalidRangeError)
    expect(() => createRng(Number.NaN)).toThrow(InvalidRangeError)
    expect(() => createRng(Number.POSITIVE_INFINITY)).toThrow(InvalidRangeError)
    expect(() => createRng(undefined as any)).toThrow(InvalidInputError)
    expect(() => createRng(null as any)).toThrow(InvalidInputError)
    expect(() => createRng({} as any)).toThrow(InvalidInputError)
  })
})

describe('seeds', () => {
  it('hashSeed is FNV-1a 32-bit as 8 hex digits', () => {
    expect(hashSeed('')).toBe('811c9dc5')
    expect(hashSeed('a')).toBe('e40c292c')
    expect(hashSeed('foobar')).toBe('bf9cf968')
  })
  it('seedFor is independent of the working directory prefix and of separators', () => {
    const cwd = process.cwd()
    expect(seedFor(`${cwd}/test/x.test.ts`, 'name')).toBe(seedFor('test/x.test.ts', 'name'))
    expect(seedFor('test\\x.test.ts', 'name')).toBe(seedFor('test/x.test.ts', 'name'))
    expect(seedFor('test/x.test.ts', 'a')).not.toBe(seedFor('test/x.test.ts', 'b'))
  })
  it('resolveSeed: option, then environment, then configure, then test', () => {
    const saved = process.env[SEED_ENV]
    try {
      delete process.env[SEED_ENV]
      expect(resolveSeed({ option: 5, configured: 'c', testPath: 't', testName: 'n' })).toEqual({
        seed: '5',
        source: 'option',
      })
      expect(resolveSeed({ configured: 'c', testPath: 't', testName: 'n' })).toEqual({
        seed: 'c',
        source: 'configure',
      })
      expect(resolveSeed({ testPath: 't', testName: 'n' })).toEqual({
        seed: seedFor('t', 'n'),
        source: 'test',
      })
      process.env[SEED_ENV] = 'env-seed'
      expect(resolveSeed({ configured: 'c' })).toEqual({ seed: 'env-seed', source: 'environment' })
      process.env[SEED_ENV] = 'random'
      const r = resolveSeed({})
      expect(r.source).toBe('random')
      expect(r.seed).toMatch(/^[0-9a-f]{8}$/)
    } finally {
      if (saved === undefined) delete process.env[SEED_ENV]
      else process.env[SEED_ENV] = saved
    }
  })
})

describe('createRng stream', () => {
  it("is seedrandom's Tyche-i double(), bit for bit (the faster stepping changes no draw)", () => {
    for (const seed of [
      '0',
      '1',
      'full/a case/false-fail',
      'quick',
      '12345678901234',
      '-3.5',
      'ü/🎲',
      'x'.repeat(300),
    ]) {
      const reference = seedrandom.tychei(seed)
      const rng = createRng(seed)
      let same = 0
      for (let i = 0; i < 100_000; i++) if (rng() === reference.double()) same++
      expect(same, seed).toBe(100_000)
    }
    // Numbers are seeds through their string, as before.
    const a = createRng(42)
    const b = seedrandom.tychei('42')
    for (let i = 0; i < 1000; i++) expect(a.next()).toBe(b.double())
  })
  it("starts from seedrandom's state for every seed (the seeding is done here too)", () => {
    // 20,000 seeds as the sampler loops make them (`seed/index`), of every length and code unit, a few
    // draws each: the first draws are the ones that show a seeding difference.
    const seeds: string[] = []
    for (let i = 0; i < 10_000; i++) seeds.push(`s/${i}`)
    for (let i = 0; i < 5_000; i++) seeds.push(`a1b2c3d4/${i}/${i * 7}`)
    for (let len = 1; len <= 5_000; len++)
      seeds.push(
        String.fromCharCode(
          ...Array.from({ length: (len % 97) + 1 }, (_, k) => (len * 131 + k * 977) % 65536),
        ),
      )
    let same = 0
    for (const seed of seeds) {
      const reference = seedrandom.tychei(seed)
      const rng = createRng(seed)
      if (rng() === reference.double() && rng() === reference.double() && rng() === reference.double()) same++
    }
    expect(same).toBe(seeds.length)
  })
})

describe('createRng methods', () => {
  it('work taken off the generator, keep their state, and are the same function each time', () => {
    const a = createRng('detached')
    const b = createRng('detached')
    const { normal, next, uniform, integer, choice, shuffle, resample, fork } = a
    expect([normal(), normal(), normal()]).toEqual([b.normal(), b.normal(), b.normal()])
    expect(a.normal).toBe(normal)
    expect([next(), uniform(2, 3), integer(1, 6), choice([1, 2, 3])]).toEqual([
      b.next(),
      b.uniform(2, 3),
      b.integer(1, 6),
      b.choice([1, 2, 3]),
    ])
    expect(shuffle([1, 2, 3, 4])).toEqual(b.shuffle([1, 2, 3, 4]))
    expect(resample([1, 2, 3], 5)).toEqual(b.resample([1, 2, 3], 5))
    expect(fork('x').seed).toBe('detached/x')
    expect(typeof a).toBe('function')
    expect(a).toBeInstanceOf(Function)
  })
  it('shows its seed, not its state, in console.log and util.inspect', () => {
    const r = createRng('shown')
    r.normal()
    expect(inspect(r)).toBe('Rng { seed: "shown" }')
    expect(inspect({ rng: r })).toBe('{ rng: Rng { seed: "shown" } }')
  })
  it('has a read-only seed and lists its methods as properties', () => {
    const r = createRng('ro')
    expect(() => {
      ;(r as { seed: string }).seed = 'other'
    }).toThrow(TypeError)
    expect(r.seed).toBe('ro')
    for (const k of ['seed', 'next', 'uniform', 'normal', 'integer', 'shuffle', 'resample', 'choice', 'fork'])
      expect(k in r, k).toBe(true)
  })
})
