/**
 * Time budgets per test, not per matcher. A sampler matcher's budget is its `timeoutMs` (the call's
 * option, else configure's, default 4 s) cut down to what remains of the test's own timeout (Vitest's
 * `testTimeout` or the test's timeout argument; Jest's `testTimeout`, `jest.setTimeout` or the test's
 * argument) less a margin, so that the library's own timeout error, which says which budget ran out and
 * how to raise it, comes before the runner's generic one.
 */
import { SamplerTimeoutError, type TimeBudget } from '../src/sampler'
import type { MatcherContext } from './context'
import type { TestIdentity } from './runner'

export type { TimeBudget }

/** What is kept back from the test's timeout for the verdict and the rest of the test: 10%, 50 ms to 1 s. */
export function budgetMargin(testTimeoutMs: number): number {
  return Math.min(1000, Math.max(50, 0.1 * testTimeoutMs))
}

/**
 * The time budget of one matcher call: `timeoutMs` from the call (`source: 'option'`) or the
 * configuration (`'configure'`), or, when less, what remains of the test's timeout less
 * {@link budgetMargin} (`'test'`; at least 1 ms, so the draws stop at once with a clear error).
 */
export function timeBudget(
  timeoutMs: number,
  source: 'option' | 'configure',
  test: TestIdentity,
  now: number = Date.now(),
): TimeBudget {
  const own: TimeBudget = { ms: timeoutMs, source }
  const t = test.testTimeoutMs
  if (!(typeof t === 'number' && t > 0 && Number.isFinite(t)) || typeof test.startedAt !== 'number')
    return own
  const spentMs = Math.max(0, now - test.startedAt)
  const left = t - spentMs - budgetMargin(t)
  if (left >= timeoutMs) return own
  return {
    ms: Math.max(1, Math.floor(left)),
    source: 'test',
    testTimeoutMs: t,
    spentMs,
    runner: test.runner,
  }
}

const budgets = new WeakMap<object, { budget: TimeBudget; reproduce: string }>()

/** Notes the budget and Reproduce line of a matcher call, for {@link explainTimeout}. */
export function noteBudget(context: MatcherContext, budget: TimeBudget, reproduce: string): void {
  if (context !== null && typeof context === 'object') budgets.set(context, { budget, reproduce })
}

/**
 * A sampler timeout of a matcher call, told with the budget that ran out, how to raise it, and the
 * Reproduce line; any other error unchanged.
 */
export function explainTimeout(context: MatcherContext, error: unknown): unknown {
  if (!(error instanceof SamplerTimeoutError) || error.budget !== undefined) return error
  const noted = context !== null && typeof context === 'object' ? budgets.get(context) : undefined
  if (!noted) return error
  const explained = new SamplerTimeoutError(
    error.where,
    {
      timeoutMs: error.timeoutMs,
      completed: error.completed,
      requested: error.requested,
      elapsedMs: error.elapsedMs,
      seed: error.seed,
      budget: noted.budget,
      reproduce: noted.reproduce,
    },
    error.label,
  )
  if (error.stack && explained.stack)
    explained.stack = `${explained.name}: ${explained.message}\n${error.stack.split('\n').slice(1).join('\n')}`
  return explained
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as any).then === 'function'
  )
}

/** Wraps a matcher so that its sampler timeouts are explained by {@link explainTimeout}. */
export function withTimeoutExplained<F extends (this: any, ...args: any[]) => any>(matcher: F): F {
  const wrapped = function (this: MatcherContext, ...args: unknown[]) {
    let result: unknown
    try {
      result = matcher.apply(this, args)
    } catch (error) {
      throw explainTimeout(this, error)
    }
    if (isThenable(result))
      return Promise.resolve(result).catch((error: unknown) => {
        throw explainTimeout(this, error)
      })
    return result
  }
  Object.defineProperty(wrapped, 'name', { value: matcher.name })
  return wrapped as unknown as F
}
