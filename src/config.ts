/**
 * Global configuration shared by every matcher. It lives on `globalThis[Symbol.for('probably')]` so that
 * the separately bundled entry points (ESM and CommonJS, Vitest and Jest) all see one configuration.
 */
import { checkCount, checkOpenUnit, InvalidInputError, InvalidRangeError } from './errors'

export interface ProbablyConfig {
  /**
   * Probability that a matcher fails when its claim is true (type I error). Default 0.001: a suite of
   * 100 statistical assertions, each with a fresh seed, has about a 10% chance that any one fails by chance.
   */
  falseFailRate: number
  /**
   * Probability that a matcher passes when its claim is violated by `tolerance` (type II error).
   * Default 0.05: a violation of the stated tolerance is caught 95% of the time.
   */
  falsePassRate: number
  /** When the data are too few to tell, pass with a note instead of failing. Default false. */
  allowInconclusive: boolean
  /** Number of draws a sampler-driven matcher takes when the call does not say. Default 1000. */
  samples: number
  /** Time budget in milliseconds for a sampler-driven matcher. Default 4000 (under Jest's 5 s timeout). */
  timeoutMs: number
  /** A fixed seed for every matcher (overridden by a call's `seed`, overrides the per-test default). */
  seed: string | number | undefined
  /**
   * The suite's false-failure budget: the probability that a run whose claims are all true fails by
   * chance. When set, every statistical assertion without its own `falseFailRate` gets a share of it
   * (see src/budget.ts: Bonferroni over the assertions counted in the previous run's report). Default
   * undefined: each assertion uses `falseFailRate`.
   */
  suiteFalseFailRate: number | undefined
  /**
   * How many statistical assertions the suite has, to divide `suiteFalseFailRate` by when no previous
   * report gives the count (with one, the larger of the two is used). Default undefined (100 is assumed).
   */
  suiteAssertions: number | undefined
}

export const DEFAULT_CONFIG: Readonly<ProbablyConfig> = Object.freeze({
  falseFailRate: 0.001,
  falsePassRate: 0.05,
  allowInconclusive: false,
  samples: 1000,
  timeoutMs: 4000,
  seed: undefined,
  suiteFalseFailRate: undefined,
  suiteAssertions: undefined,
})

interface SharedState {
  config: ProbablyConfig
  [key: string]: unknown
}

const KEY = Symbol.for('probably')

/** The state shared by every copy of the library loaded into this realm. */
export function sharedState(): SharedState {
  const g = globalThis as unknown as Record<symbol, SharedState | undefined>
  let s = g[KEY]
  if (!s) {
    s = { config: { ...DEFAULT_CONFIG } }
    Object.defineProperty(globalThis, KEY, {
      value: s,
      configurable: true,
      enumerable: false,
      writable: true,
    })
  }
  return s
}

/** Validates a partial configuration; `where` names the caller in errors. */
export function checkConfig(where: string, options: Partial<ProbablyConfig>): Partial<ProbablyConfig> {
  if (options === null || typeof options !== 'object')
    throw new InvalidInputError(where, 'options', 'must be an object')
  if (options.falseFailRate !== undefined) checkOpenUnit(where, 'falseFailRate', options.falseFailRate)
  if (options.falsePassRate !== undefined) checkOpenUnit(where, 'falsePassRate', options.falsePassRate)
  if (options.samples !== undefined) checkCount(where, 'samples', options.samples, 1)
  if (options.timeoutMs !== undefined) {
    if (typeof options.timeoutMs !== 'number' || !(options.timeoutMs > 0))
      throw new InvalidRangeError(where, 'timeoutMs', 'must be a positive number of milliseconds')
  }
  if (options.allowInconclusive !== undefined && typeof options.allowInconclusive !== 'boolean')
    throw new InvalidInputError(where, 'allowInconclusive', 'must be a boolean')
  if (options.suiteFalseFailRate !== undefined)
    checkOpenUnit(where, 'suiteFalseFailRate', options.suiteFalseFailRate)
  if (options.suiteAssertions !== undefined) checkCount(where, 'suiteAssertions', options.suiteAssertions, 1)
  if (
    options.seed !== undefined &&
    !(typeof options.seed === 'string' || (typeof options.seed === 'number' && Number.isFinite(options.seed)))
  )
    throw new InvalidInputError(where, 'seed', 'must be a string or a finite number')
  return options
}

/**
 * Sets defaults for every matcher (call it in a setup file). Returns the configuration now in force.
 *
 * @example
 * configure({ falseFailRate: 1e-4, samples: 2000 })
 */
export function configure(options: Partial<ProbablyConfig>): Readonly<ProbablyConfig> {
  checkConfig('configure', options)
  const s = sharedState()
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (s.config as any)[k] = v
  return { ...s.config }
}

/** The configuration now in force. */
export function getConfig(): Readonly<ProbablyConfig> {
  return { ...sharedState().config }
}

/** Restores the defaults. */
export function resetConfig(): void {
  sharedState().config = { ...DEFAULT_CONFIG }
}
