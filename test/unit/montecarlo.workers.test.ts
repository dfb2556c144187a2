// monteCarlo on worker threads (tinypool). The workers load the built worker (dist/montecarlo-worker.js):
// `npm test` builds before the unit tests; the suite is skipped when dist/ is missing.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InvalidInputError, InvalidRangeError } from '../../src/errors'
import { monteCarlo } from '../../src/montecarlo'
import { SamplerError, SamplerTimeoutError } from '../../src/sampler'
// @ts-expect-error: a plain ES module without types
import { quick } from './fixtures/simulation.mjs'

/** Time budget of the calls that must finish: thread start-up on a loaded machine takes seconds. */
const LONG = 60_000

const built = existsSync(join(__dirname, '../../dist/montecarlo-worker.js'))
const sim = join(__dirname, 'fixtures/simulation.mjs')

describe.skipIf(!built)('monteCarlo on worker threads', { timeout: 60_000 }, () => {
  it('gives the same values as the single-thread run for the same seed, whatever the number of workers', async () => {
    const single = await monteCarlo(quick, { runs: 301, seed: 'w' })
    for (const workers of [0, 1, 2, 3]) {
      const pooled = await monteCarlo({ module: sim, export: 'quick' }, { runs: 301, seed: 'w', workers })
      expect(Array.from(pooled.samples)).toEqual(Array.from(single.samples))
    }
    const byDefault = await monteCarlo({ module: sim }, { runs: 50, seed: 'w', workers: 2 })
    expect(Array.from(byDefault.samples)).toEqual(
      Array.from((await monteCarlo(quick, { runs: 50, seed: 'w' })).samples),
    )
  })

  it('names the run and its seed when the simulation throws or returns a bad value', async () => {
    const error = await monteCarlo(
      { module: sim, export: 'failsAt7' },
      { runs: 20, seed: 'e', workers: 2 },
    ).catch((e) => e)
    expect(error).toBeInstanceOf(SamplerError)
    expect(error.message).toBe('monteCarlo: the sampler threw at draw 7 (seed "e/7"): Error: diverged')
    await expect(
      monteCarlo({ module: sim, export: 'returnsNaN' }, { runs: 20, seed: 'e', workers: 2 }),
    ).rejects.toThrowError(/at draw 3 \(seed "e\/3"\) must be a finite number, got NaN/)
  })

  it('keeps its pool between calls; a failed or timed-out call leaves the values of other calls untouched', async () => {
    const reference = Array.from((await monteCarlo(quick, { runs: 400, seed: 'p', timeoutMs: LONG })).samples)
    const quickSim = { module: sim, export: 'quick' }
    // A failing call beside a good one on the same pool: the good one is untouched.
    const [failed, good] = await Promise.all([
      monteCarlo(
        { module: sim, export: 'failsAt7' },
        { runs: 400, seed: 'p', workers: 2, timeoutMs: LONG },
      ).catch((e) => e),
      monteCarlo(quickSim, { runs: 400, seed: 'p', workers: 2, timeoutMs: LONG }),
    ])
    expect(failed).toBeInstanceOf(SamplerError)
    expect(Array.from(good.samples)).toEqual(reference)
    // A timeout stops the threads still running its simulation; the next call starts new ones. (No wall-time
    // assertion: on a loaded machine starting a thread alone can take seconds.)
    const timedOut = await monteCarlo(
      { module: sim, export: 'spins' },
      { runs: 40, seed: 'p', workers: 2, timeoutMs: 300 },
    ).catch((e) => e)
    expect(timedOut).toBeInstanceOf(SamplerTimeoutError)
    const again = await monteCarlo(quickSim, { runs: 400, seed: 'p', workers: 2, timeoutMs: LONG })
    expect(Array.from(again.samples)).toEqual(reference)
  }, 120_000)

  it('bad input', async () => {
    await expect(monteCarlo({ module: sim, export: 'nope' }, { runs: 5, workers: 1 })).rejects.toThrowError(
      /the export "nope" .* must be a function/,
    )
    await expect(monteCarlo(quick, { runs: 5, workers: 2 })).rejects.toThrowError(InvalidInputError)
    await expect(monteCarlo({ module: sim }, { runs: 5, workers: -1 })).rejects.toThrowError(
      InvalidRangeError,
    )
    await expect(monteCarlo({ module: '' }, { runs: 5 })).rejects.toThrowError(InvalidInputError)
  })
})
