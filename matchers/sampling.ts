/**
 * What the sampler-driven matchers share beyond drawing: telling a statistical failure from a sampler
 * whose randomness the seed does not control, and the one sizing rule (draw until decided).
 */
import type { Decision } from '../src/decision'
import type { AssertionRecord } from '../src/records'
import { type DrawCheck, drawSamples, type Sampler, SamplerTimeoutError } from '../src/sampler'
import {
  DEFAULT_MAX_SAMPLES,
  drawSequentially,
  type SequentialResult,
  type StoppedBecause,
} from '../src/sequential'
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

/** The sampling options of a call, as resolveOptions merged them. */
interface SequentialCallOptions {
  maxSamples?: number
  concurrency?: number
  callTimeoutMs?: number
  onError?: 'fail' | 'count-as-failure'
}

/** Why a sequential run stopped, in words. */
export const STOP_WORDS: Record<StoppedBecause, string> = {
  decided: 'the verdict was reached',
  maxSamples: 'maxSamples reached',
  timeout: 'the time budget (timeoutMs) ran out',
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${formatNumber(ms / 1000, 3)} s` : `${Math.round(ms)} ms`
}

/**
 * The one sizing rule of the sampler matchers: draw until the verdict is clear, up to `maxSamples`
 * (default {@link DEFAULT_MAX_SAMPLES}; a call's `samples` is read as that cap), `concurrency` calls in
 * flight, deciding after every batch with `decide` — which must use anytime-valid bounds
 * (src/sequential.ts). Returns the run and the observed line and record fields every message shows.
 */
export async function drawUntilDecided<T, D extends Decision>(
  where: string,
  sampler: Sampler<T>,
  opts: ResolvedOptions,
  callSamples: number | undefined,
  spec: {
    check?: DrawCheck
    failureValue?: unknown
    decide: (values: readonly T[], final: boolean) => D | undefined
    method: string
    /** The first look (default 10, at least `concurrency`). */
    minSamples?: number
    /** Planned looks (see {@link drawSequentially}'s nextLook). */
    nextLook?: (drawn: number, decision: D | undefined) => number
  },
): Promise<{
  run: SequentialResult<T, D>
  maxSamples: number
  drawsLine: [string, string]
  record: Partial<AssertionRecord>
}> {
  const o = opts as ResolvedOptions & SequentialCallOptions
  const maxSamples = o.maxSamples ?? callSamples ?? DEFAULT_MAX_SAMPLES
  const run = await drawSequentially(sampler, {
    seed: opts.seed,
    maxSamples,
    timeoutMs: opts.timeoutMs,
    concurrency: o.concurrency,
    callTimeoutMs: o.callTimeoutMs,
    onError: o.onError,
    failureValue: spec.failureValue,
    where,
    check: spec.check,
    decide: spec.decide,
    ...(spec.minSamples !== undefined ? { minSamples: spec.minSamples } : {}),
    ...(spec.nextLook ? { nextLook: spec.nextLook } : {}),
  })
  const inFlight =
    (o.concurrency ?? 1) > 1 && run.peakInFlight > 0
      ? `, at most ${o.concurrency} in flight (peak ${run.peakInFlight})`
      : ''
  const drawsLine: [string, string] = [
    'Draws',
    `${run.samplesDrawn} drawn from the sampler in ${run.looks} ${run.looks === 1 ? 'look' : 'looks'}${inFlight}; stopped: ${STOP_WORDS[run.stoppedBecause]}${run.stoppedBecause === 'maxSamples' ? ` (${maxSamples})` : ''}, after ${formatMs(run.elapsedMs)}`,
  ]
  return {
    run,
    maxSamples,
    drawsLine,
    record: {
      method: spec.method,
      samplesDrawn: run.samplesDrawn,
      stoppedBecause: run.stoppedBecause,
      durationMs: run.elapsedMs,
    },
  }
}

/** The meaning of an undecided run stopped by the time budget. */
export function timeoutMeaning(
  opts: ResolvedOptions,
  n: number,
  estimate: string,
  samplesNeeded: number | undefined,
): string {
  return `The time budget of ${formatMs(opts.timeoutMs)} ran out after ${n} draws, with ${estimate} so far${samplesNeeded ? `; about ${samplesNeeded} draws would likely decide` : ''}. Raise timeoutMs (and the test's own timeout), or raise concurrency if the sampler waits on I/O.`
}
