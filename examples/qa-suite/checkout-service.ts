/**
 * A small simulated checkout service, standing in for the stochastic system a QA team tests: a payment
 * call whose latency has a heavy tail and which fails about 3% of the time, retries, an A/B experiment
 * assignment and a delivery-date estimate. All its randomness comes from the `rng` it is given, so a
 * test can seed it; in a real suite these functions would call the service.
 */
import type { Rng } from 'probably'

export interface PaymentResult {
  ok: boolean
  latencyMs: number
}

/**
 * One call to the payment provider. Latency: log-normal around 80 ms, and 5% of calls take a slow path
 * with a Pareto tail (a cold cache, a retry inside the provider). Fails with probability `failureRate`.
 */
export function callPayment(rng: Rng, failureRate = 0.03): PaymentResult {
  let latencyMs = 80 * Math.exp(0.35 * rng.normal())
  if (rng() < 0.05) latencyMs += 150 / (1 - rng()) ** (1 / 2.5) // Pareto(150 ms, shape 2.5)
  return { ok: rng() >= failureRate, latencyMs }
}

export interface CheckoutResult extends PaymentResult {
  attempts: number
}

/** A checkout: the payment call, retried up to `retries` times after a failure, 20 ms apart. */
export function checkout(rng: Rng, retries = 2, failureRate = 0.03): CheckoutResult {
  let latencyMs = 0
  for (let attempt = 1; ; attempt++) {
    const call = callPayment(rng, failureRate)
    latencyMs += call.latencyMs
    if (call.ok || attempt > retries) return { ok: call.ok, latencyMs, attempts: attempt }
    latencyMs += 20
  }
}

/** The nightly settlement: `orders` single payment calls; returns how many failed. */
export function nightlySettlement(rng: Rng, orders = 500, failureRate = 0.03): number {
  let failures = 0
  for (let i = 0; i < orders; i++) if (!callPayment(rng, failureRate).ok) failures++
  return failures
}

/** The A/B experiment: assigns a visitor to 'control' (50%), 'new-button' (40%) or 'no-banner' (10%). */
export function assignVariant(rng: Rng): 'control' | 'new-button' | 'no-banner' {
  const u = rng()
  return u < 0.5 ? 'control' : u < 0.9 ? 'new-button' : 'no-banner'
}

export interface Delivery {
  /** The delivery time the checkout page promised, in days. */
  estimatedDays: number
  /** When the parcel arrived, in days. */
  actualDays: number
}

/** An order's promised and actual delivery time: the estimate is off by about half a day. */
export function deliver(rng: Rng): Delivery {
  const distanceKm = rng.uniform(5, 800)
  const estimatedDays = 1 + distanceKm / 300
  const actualDays = Math.max(0.5, estimatedDays + rng.normal(0.1, 0.6))
  return { estimatedDays, actualDays }
}
