/**
 * What the sampler-driven matchers share beyond drawing: telling a statistical failure from a sampler
 * whose randomness the seed does not control.
 */
import { drawSamples, type Sampler, SamplerTimeoutError } from '../src/sampler'
import { formatNumber, type MatcherContext } from './context'
import type { Evidence, ResolvedOptions } from './verdict'

/** Whether the assertion (with `.not` taken into account) fails on this evidence. */
export function assertionFails(context: MatcherContext, evidence: Evidence, opts: ResolvedOptions): boolean {
  if (context.isNot === true) return evidence.outcome !== 'fail'
  return !(evidence.outcome === 'pass' || (evidence.outcome === 'inconclusive' && opts.allowInconclusive))
}

function showDraw(v: unknown): string {
  return typeof v === 'number' ? formatNumber(v, 6) : (JSON.stringify(v) ?? String(v))
}

/** Draws redrawn with the same seeds by {@link rerunCheck}. */
const RERUN_DRAWS = 20

/**
 * Redraws the first few values with the same seeds: when they differ, the sampler has randomness the seed
 * does not control, and the failure may not reproduce. Returns a note, or undefined (also when out of time).
 */
export async function rerunCheck(
  where: string,
  sampler: Sampler<unknown>,
  values: readonly unknown[],
  opts: ResolvedOptions,
  remainingMs: number,
): Promise<string | undefined> {
  if (!(remainingMs > 0)) return undefined
  const k = Math.min(RERUN_DRAWS, values.length)
  let again: unknown[]
  try {
    again = (await drawSamples(sampler, { samples: k, seed: opts.seed, timeoutMs: remainingMs, where }))
      .values
  } catch (error) {
    if (error instanceof SamplerTimeoutError) return undefined
    return `Redrawing with the same seed threw where the first run did not (${error instanceof Error ? error.message : String(error)}): the sampler has randomness the seed does not control.`
  }
  for (let i = 0; i < k; i++)
    if (!Object.is(values[i], again[i]))
      return `Redrawing with the same seed gave a different value at draw ${i} (${showDraw(values[i])} then ${showDraw(again[i])}): the sampler has randomness the seed does not control (Math.random, time, global state), so this failure may not reproduce.`
  return undefined
}

/** Advice when a failing sampler does not reproduce. */
export const UNCONTROLLED_RANDOMNESS_ADVICE =
  'Make the sampler depend only on what it is given (see toBeReproducible; withSeededMathRandom(seed, fn) seeds code that calls Math.random).'
