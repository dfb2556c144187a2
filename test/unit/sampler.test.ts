import { afterEach, describe, expect, it, vi } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { createRng } from '../../src/random'
import {
  checkReproducible,
  drawChecks,
  drawSamples,
  findOutputDifference,
  isSampler,
  SamplerError,
  SamplerTimeoutError,
  withSeededMathRandom,
} from '../../src/sampler'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('drawSamples', () => {
  it('seeds draw i with createRng(seed).fork(i) and the seed string seed/i', async () => {
    const seen: { seed: string; index: number; u: number }[] = []
    const { values, seed, elapsedMs } = await drawSamples(
      ({ rng, seed, index }) => {
        const u = rng()
        seen.push({ seed, index, u })
        return u
      },
      { samples: 5, seed: 'abc' },
    )
    expect(seed).toBe('abc')
    expect(elapsedMs).toBeGreaterThanOrEqual(0)
    expect(values).toHaveLength(5)
    for (let i = 0; i < 5; i++) {
      expect(seen[i]).toEqual({ seed: `abc/${i}`, index: i, u: createRng('abc').fork(i)() })
      expect(values[i]).toBe(createRng(`abc/${i}`)())
    }
  })

  it('gives the same values for sync and async samplers, at any concurrency, in draw order', async () => {
    const sync = await drawSamples(({ rng }) => rng.normal(), { samples: 50, seed: 7 })
    const async1 = await drawSamples(async ({ rng }) => rng.normal(), { samples: 50, seed: 7 })
    const async4 = await drawSamples(
      async ({ rng, index }) => {
        await sleep(index % 3)
        return rng.normal()
      },
      { samples: 50, seed: 7, concurrency: 4 },
    )
    expect(async1.values).toEqual(sync.values)
    expect(async4.values).toEqual(sync.values)
    expect(sync.seed).toBe('7')
  })

  it('handles a sampler that switches from plain values to promises', async () => {
    const { values } = await drawSamples(({ index }) => (index < 3 ? index : Promise.resolve(index)), {
      samples: 6,
      seed: 's',
    })
    expect(values).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('runs promises concurrently up to the limit', async () => {
    let active = 0
    let peak = 0
    await drawSamples(
      async () => {
        active++
        peak = Math.max(peak, active)
        await sleep(2)
        active--
        return 1
      },
      { samples: 12, seed: 's', concurrency: 3 },
    )
    expect(peak).toBe(3)
  })

  it('runs a fast synchronous sampler without awaiting each draw', async () => {
    const t0 = performance.now()
    const { values } = await drawSamples(({ rng }) => rng(), { samples: 100_000, seed: 'fast' })
    expect(values).toHaveLength(100_000)
    // Generous: a per-draw await would still be well under this, so it only guards against pathologies.
    expect(performance.now() - t0).toBeLessThan(5000)
  })

  it('rejects a value of the wrong type, naming the matcher, the draw and its seed', async () => {
    const run = drawSamples(({ index }) => (index === 3 ? ('0.5' as unknown as number) : 0.5), {
      samples: 10,
      seed: 'abc',
      where: 'toBeWithinInterval',
      check: drawChecks.finiteNumber,
    })
    await expect(run).rejects.toThrowError(InvalidInputError)
    await expect(
      drawSamples(({ index }) => (index === 3 ? Number.NaN : 0.5), {
        samples: 10,
        seed: 'abc',
        where: 'toBeWithinInterval',
        check: drawChecks.finiteNumber,
      }),
    ).rejects.toThrowError(
      'toBeWithinInterval: the value returned by the sampler at draw 3 (seed "abc/3") must be a finite number, got NaN',
    )
    await expect(
      drawSamples(async () => 'x', {
        samples: 2,
        seed: 'abc',
        where: 'm',
        check: drawChecks.finiteNumber,
      }),
    ).rejects.toThrowError(/at draw 0 \(seed "abc\/0"\) must be a number, got "x"/)
  })

  it('drawChecks.numericArray accepts arrays of finite numbers only', () => {
    expect(drawChecks.numericArray([1, 2])).toBeUndefined()
    expect(drawChecks.numericArray(new Float64Array(2))).toBeUndefined()
    expect(drawChecks.numericArray([])).toMatch(/empty/)
    expect(drawChecks.numericArray([1, Number.NaN])).toMatch(/NaN at \[1\]/)
    expect(drawChecks.numericArray(3)).toMatch(/must be an array/)
  })

  it('wraps a throwing sampler, keeping the original as cause', async () => {
    const original = new Error('model exploded')
    const sync = drawSamples(
      ({ index }) => {
        if (index === 2) throw original
        return 1
      },
      { samples: 5, seed: 'abc', where: 'toMatchDistribution' },
    )
    const error = await sync.catch((e) => e)
    expect(error).toBeInstanceOf(SamplerError)
    expect(error.message).toBe(
      'toMatchDistribution: the sampler threw at draw 2 (seed "abc/2"): Error: model exploded',
    )
    expect(error.cause).toBe(original)
    expect(error.index).toBe(2)
    expect(error.seed).toBe('abc/2')
    const rejected = await drawSamples(async () => Promise.reject(original), { samples: 3, seed: 'z' }).catch(
      (e) => e,
    )
    expect(rejected).toBeInstanceOf(SamplerError)
    expect(rejected.message).toMatch(/^drawSamples: the sampler threw at draw 0 \(seed "z\/0"\)/)
    expect(rejected.cause).toBe(original)
  })

  it('enforces the time budget for a slow async sampler, saying which limit was hit', async () => {
    const error = await drawSamples(
      async () => {
        await sleep(5)
        return 1
      },
      { samples: 100, seed: 'slow', timeoutMs: 50, where: 'toBeWithinInterval' },
    ).catch((e) => e)
    expect(error).toBeInstanceOf(SamplerTimeoutError)
    // About 8 draws fit in the budget; a heavily loaded machine may finish fewer.
    if (error.completed > 0)
      expect(error.message).toMatch(/At the rate seen \(.+ per draw\), all 100 would take about/)
    expect(error.completed).toBeLessThan(100)
    expect(error.requested).toBe(100)
    expect(error.timeoutMs).toBe(50)
    expect(error.message).toMatch(
      /^toBeWithinInterval: the sampler ran out of its time budget of 50 ms \(timeoutMs\) after \d+ of 100 draws \(seed "slow"\)\./,
    )
    expect(error.message).toMatch(/\{ timeoutMs: \d+ \}/)
    expect(error.message).toMatch(/configure\(\{ timeoutMs \}\)/)
  })

  it('enforces the time budget for a slow synchronous sampler', async () => {
    const error = await drawSamples(
      () => {
        const end = performance.now() + 5
        while (performance.now() < end) {
          // busy wait
        }
        return 1
      },
      { samples: 1000, seed: 'busy', timeoutMs: 50 },
    ).catch((e) => e)
    expect(error).toBeInstanceOf(SamplerTimeoutError)
    expect(error.completed).toBeGreaterThan(0)
    expect(error.completed).toBeLessThan(1000)
    expect(error.elapsedMs).toBeLessThan(2000)
  })

  it('times out a sampler whose promise never resolves', async () => {
    const t0 = performance.now()
    const error = await drawSamples(() => new Promise<number>(() => {}), {
      samples: 10,
      seed: 'never',
      timeoutMs: 50,
      concurrency: 2,
    }).catch((e) => e)
    expect(error).toBeInstanceOf(SamplerTimeoutError)
    expect(error.completed).toBe(0)
    expect(error.message).toMatch(/after 0 of 10 draws/)
    expect(error.message).toMatch(/may never resolve/)
    expect(performance.now() - t0).toBeLessThan(3000)
  })

  it('keeps its time budget under fake timers', async () => {
    vi.useFakeTimers()
    try {
      const error = await drawSamples(() => new Promise<number>(() => {}), {
        samples: 3,
        seed: 'fake',
        timeoutMs: 30,
      }).catch((e) => e)
      expect(error).toBeInstanceOf(SamplerTimeoutError)
    } finally {
      vi.useRealTimers()
    }
  })

  it('validates its arguments, naming them', async () => {
    const s = () => 1
    await expect(drawSamples('x' as any, { samples: 3, seed: 1 })).rejects.toThrowError(
      /drawSamples: sampler must be a function/,
    )
    await expect(drawSamples(s, { samples: 0, seed: 1 })).rejects.toThrowError(InvalidRangeError)
    await expect(drawSamples(s, { samples: 2.5, seed: 1 })).rejects.toThrowError(/samples must be a whole/)
    await expect(drawSamples(s, { samples: 2, seed: '' })).rejects.toThrowError(/seed must be/)
    await expect(drawSamples(s, { samples: 2, seed: 1, timeoutMs: 0 })).rejects.toThrowError(/timeoutMs/)
    await expect(drawSamples(s, { samples: 2, seed: 1, concurrency: 0 })).rejects.toThrowError(/concurrency/)
    await expect(drawSamples(s, { samples: 2, seed: 1, where: 'm', check: 3 as any })).rejects.toThrowError(
      /m: check/,
    )
  })
})

describe('isSampler', () => {
  it('is true for functions only', () => {
    expect(isSampler(() => 1)).toBe(true)
    expect(isSampler(async () => 1)).toBe(true)
    expect(isSampler([1, 2])).toBe(false)
    expect(isSampler(3)).toBe(false)
  })
})

describe('withSeededMathRandom', () => {
  const original = Math.random
  afterEach(() => {
    Math.random = original
  })

  it('replaces Math.random with a seeded stream and restores it', () => {
    const a = withSeededMathRandom('abc', () => [Math.random(), Math.random()])
    const b = withSeededMathRandom('abc', (rng) => [Math.random(), rng.seed])
    const r = createRng('abc')
    expect(a).toEqual([r(), r()])
    expect(b).toEqual([a[0], 'abc'])
    expect(Math.random).toBe(original)
  })

  it('restores Math.random after a throw and after a rejection', async () => {
    expect(() =>
      withSeededMathRandom(1, () => {
        throw new Error('boom')
      }),
    ).toThrowError('boom')
    expect(Math.random).toBe(original)
    await expect(
      withSeededMathRandom(1, async () => {
        await sleep(1)
        throw new Error('later')
      }),
    ).rejects.toThrowError('later')
    expect(Math.random).toBe(original)
  })

  it('keeps the replacement in place while an async fn is pending', async () => {
    const p = withSeededMathRandom('x', async () => {
      const first = Math.random()
      await sleep(5)
      return [first, Math.random()]
    })
    expect(Math.random).not.toBe(original)
    const r = createRng('x')
    expect(await p).toEqual([r(), r()])
    expect(Math.random).toBe(original)
  })

  it('restores the original after overlapping and nested calls', async () => {
    const p1 = withSeededMathRandom('a', () => sleep(10))
    const p2 = withSeededMathRandom('b', () => sleep(2))
    await p2
    expect(Math.random).not.toBe(original)
    await p1
    expect(Math.random).toBe(original)
    const nested = withSeededMathRandom('outer', () => {
      const inner = withSeededMathRandom('inner', () => Math.random())
      return [inner, Math.random()]
    })
    expect(nested).toEqual([createRng('inner')(), createRng('outer')()])
    expect(Math.random).toBe(original)
  })

  it('validates its arguments', () => {
    expect(() => withSeededMathRandom('', () => 1)).toThrowError(/withSeededMathRandom: seed/)
    expect(() => withSeededMathRandom('a', 3 as any)).toThrowError(
      /withSeededMathRandom: fn must be a function/,
    )
  })
})

describe('checkReproducible', () => {
  it('passes a sampler that depends only on its seed', async () => {
    const r = await checkReproducible(
      ({ rng, seed }) => ({ seed, xs: [rng(), rng()], t: new Float64Array([rng()]) }),
      { seed: 'abc', runs: 3 },
    )
    expect(r.reproducible).toBe(true)
    expect(r.firstDifference).toBeUndefined()
    expect(r.runs).toHaveLength(3)
    expect(r.runs[0].seed).toBe('abc')
    expect(r.seed).toBe('abc')
  })

  it('catches a sampler that uses Math.random, with the path of the first difference', async () => {
    const r = await checkReproducible(
      ({ rng }) => [0, 1, 2, 3].map((i) => ({ id: i, score: i === 3 ? Math.random() : rng() })),
      { seed: 'abc' },
    )
    expect(r.reproducible).toBe(false)
    expect(r.firstDifference?.path).toBe('[3].score')
    expect(r.firstDifference?.kind).toBe('value')
    expect(r.firstDifference?.run).toBe(1)
    expect(r.firstDifference?.values).toEqual([r.runs[0][3].score, r.runs[1][3].score])
  })

  it('is made reproducible by withSeededMathRandom', async () => {
    const r = await checkReproducible(({ seed }) => withSeededMathRandom(seed, () => [Math.random()]), {
      seed: 'abc',
    })
    expect(r.reproducible).toBe(true)
  })

  it('catches a sampler that reads the clock or global state', async () => {
    let calls = 0
    const clock = await checkReproducible(
      async () => {
        await sleep(3)
        return { stamp: Date.now() }
      },
      { seed: 1 },
    )
    expect(clock.reproducible).toBe(false)
    expect(clock.firstDifference?.path).toBe('.stamp')
    const state = await checkReproducible(() => ({ n: calls++ }), { seed: 1, runs: 4 })
    expect(state.firstDifference).toEqual({ path: '.n', values: [0, 1], kind: 'value', run: 1 })
  })

  it('reports type, length and key differences, and compares numbers with Object.is', async () => {
    const outputs = (list: unknown[]) => {
      let k = 0
      return () => list[k++]
    }
    const diff = async (a: unknown, b: unknown) =>
      (await checkReproducible(outputs([a, b]), { seed: 's' })).firstDifference
    expect(await diff([1, 2], [1, 2, 3])).toMatchObject({ path: '.length', values: [2, 3], kind: 'length' })
    expect(await diff({ a: 1 }, { a: 1, b: 2 })).toMatchObject({ path: '.b', kind: 'keys' })
    expect(await diff({ a: 1, b: 2 }, { b: 2, a: 1 })).toBeUndefined()
    expect(await diff({ 'my key': [1] }, { 'my key': ['1'] })).toMatchObject({
      path: '["my key"][0]',
      kind: 'type',
    })
    expect(await diff(new Float64Array([1, 2]), new Float32Array([1, 2]))).toMatchObject({ kind: 'type' })
    expect(await diff(new Float64Array([1, Number.NaN]), new Float64Array([1, Number.NaN]))).toBeUndefined()
    expect(await diff([0], [-0])).toMatchObject({ path: '[0]', kind: 'value' })
    expect(await diff(Number.NaN, Number.NaN)).toBeUndefined()
    expect(await diff(1, 2)).toMatchObject({ path: '', values: [1, 2] })
    expect(
      await diff(
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
        new Map([
          ['b', 2],
          ['a', 1],
        ]),
      ),
    ).toBeUndefined()
    expect(await diff(new Map([['a', { x: 1 }]]), new Map([['a', { x: 2 }]]))).toMatchObject({
      path: '.get("a").x',
    })
    expect(await diff(new Set([1, 2]), new Set([2, 1]))).toBeUndefined()
    expect(await diff(new Set([1, 2]), new Set([1, 3]))).toMatchObject({ kind: 'keys' })
    expect(await diff(new Date(1), new Date(1))).toBeUndefined()
    expect(await diff(new Date(1), new Date(2))).toMatchObject({ kind: 'value' })
    const cyclic: any = { a: 1 }
    cyclic.self = cyclic
    const cyclic2: any = { a: 1 }
    cyclic2.self = cyclic2
    expect(await diff(cyclic, cyclic2)).toBeUndefined()
  })

  it('names the run when the sampler throws, and respects the time budget', async () => {
    const thrown = await checkReproducible(
      () => {
        throw new Error('nope')
      },
      { seed: 'q', where: 'toBeReproducible' },
    ).catch((e) => e)
    expect(thrown).toBeInstanceOf(SamplerError)
    expect(thrown.message).toBe('toBeReproducible: the sampler threw at run 0 (seed "q"): Error: nope')
    const slow = await checkReproducible(() => new Promise(() => {}), {
      seed: 'q',
      timeoutMs: 30,
      where: 'toBeReproducible',
    }).catch((e) => e)
    expect(slow).toBeInstanceOf(SamplerTimeoutError)
    expect(slow.message).toMatch(/after 0 of 2 runs/)
  })

  it('findOutputDifference compares two outputs directly', () => {
    expect(findOutputDifference([{ a: 1 }], [{ a: 2 }])).toEqual({
      path: '[0].a',
      values: [1, 2],
      kind: 'value',
    })
    expect(findOutputDifference([1, 2, 3], [1, 2, 3])).toBeUndefined()
  })

  it('validates runs and seed', async () => {
    await expect(checkReproducible(() => 1, { seed: 's', runs: 1 })).rejects.toThrowError(
      /checkReproducible: runs must be at least 2/,
    )
    await expect(checkReproducible(() => 1, {} as any)).rejects.toThrowError(/seed/)
  })
})
