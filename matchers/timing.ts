/**
 * Wall time of each assertion, measured generically: every matcher is wrapped so that its `this` carries
 * the time the call started, and `verdict` puts the elapsed time in the assertion's record.
 */

/** The property of a matcher's `this` holding the call's start (performance.now() milliseconds). */
export const CALL_STARTED = Symbol.for('probably.callStarted')

/** Milliseconds, monotonic where the platform has it. */
export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now()
}

type Matcher = (this: any, ...args: any[]) => unknown

/** The same matchers, each noting on its `this` when the call started. */
export function timed<M extends { [name: string]: Matcher }>(matchers: M): M {
  const out: Record<string, Matcher> = {}
  for (const [name, fn] of Object.entries(matchers)) {
    const wrapper = function (this: unknown, ...args: unknown[]) {
      // Both runners make a fresh `this` for every assertion: the start is noted on it, nothing is copied.
      if (this !== null && typeof this === 'object' && Object.isExtensible(this))
        (this as Record<symbol, number>)[CALL_STARTED] = now()
      return fn.apply(this, args)
    }
    Object.defineProperty(wrapper, 'name', { value: fn.name || name })
    out[name] = wrapper
  }
  return out as M
}
