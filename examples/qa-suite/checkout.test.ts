// Statistical assertions added to an existing QA suite of a stochastic service (see checkout-service.ts).
//
// A single call proves little about latency or failure rates: these tests draw many calls, state the
// claim the team actually cares about (an SLO, a success rate, a spec), and let the matcher decide with
// error rates. The matchers seed every draw from the test's file and name, so a red test reruns
// identically with the `PROBABLY_SEED=...` line its message prints.
import { createRng, monteCarlo, type SamplerDraw } from 'probably'
import { assignVariant, callPayment, checkout, deliver, nightlySettlement } from './checkout-service'

describe('checkout latency', () => {
  test('p95 latency of a checkout is under the 400 ms SLO', async () => {
    // The claim is about a quantile, not the mean: a heavy tail can hide behind a good average. The
    // matcher receives the service call itself (a sampler) and draws 3000 checkouts with seeded
    // generators. The default tolerance for p = 0.95 is 0.025: it makes sure that a service where only
    // 92.5% of checkouts meet 400 ms would fail. 2000 draws are just enough to see that; 3000 leave room.
    await expect(({ rng }: SamplerDraw) => checkout(rng).latencyMs).toBeWithinInterval([0, 400], {
      of: { quantile: 0.95 },
      samples: 3000,
    })
  })

  test('p99 latency is under one second', () => {
    // Recorded latencies work as well as a sampler: here an array of 4000 measurements. A quantile this
    // far out needs a lot of data: the default tolerance (0.005 in the quantile level, half of 1 - p)
    // would take about 10000 values to check. The team decides that a service meeting one second only
    // 98% of the time must fail (tolerance 0.01), which 4000 values can show (3000 barely could).
    const rng = createRng('recorded latencies, release 42')
    const latencies = Array.from({ length: 4000 }, () => checkout(rng).latencyMs)
    expect(latencies).toBeWithinInterval([0, 1000], { of: { quantile: 0.99 }, tolerance: 0.01 })
  })

  test('latency has not drifted since the last release', () => {
    // Two recordings of the same service should come from one distribution. A two-sample KS test with the
    // default tolerance (a KS distance of 0.1) fails only on evidence of a difference, and refuses to pass
    // when the recordings are too small to show a shift of that size: 1000 of each are not enough, 3000 are.
    const previous = createRng('release 41')
    const current = createRng('release 42')
    const lastRelease = Array.from({ length: 3000 }, () => checkout(previous).latencyMs)
    const thisRelease = Array.from({ length: 3000 }, () => checkout(current).latencyMs)
    expect(thisRelease).toMatchDistribution(lastRelease)
  })
})

describe('payment reliability', () => {
  test('at least 95% of payment calls succeed', async () => {
    // A success rate is a proportion: map each call to 1 (ok) or 0 and claim that at least 95% of the
    // values lie in [1, 1]. The provider promises 97%; asserting 95% leaves room for noise, and the
    // default tolerance (0.05) makes 1000 calls enough to catch a provider at 90%.
    await expect(({ rng }: SamplerDraw) => (callPayment(rng).ok ? 1 : 0)).toBeWithinInterval([1, 1], {
      of: 'proportion',
      atLeast: 0.95,
      samples: 1000,
    })
  })

  test('with two retries, a checkout succeeds at least 99.5% of the time', async () => {
    // With retries the failure rate should be about 0.03³: the claim is strict, so the tolerance is
    // given explicitly (0.004: a checkout failing 0.9% of the time must fail the test) and the sample
    // size follows from it. With 4000 draws the matcher answers "inconclusive" and asks for about 8700;
    // a simulated checkout is cheap, so draw 10000.
    await expect(({ rng }: SamplerDraw) => (checkout(rng).ok ? 1 : 0)).toBeWithinInterval([1, 1], {
      of: 'proportion',
      atLeast: 0.995,
      tolerance: 0.004,
      samples: 10_000,
      timeoutMs: 30_000,
    })
  })

  test('nightly settlement failures are within what the spec predicts', async () => {
    // How many of 500 payments may fail in one night? Rather than guess a bound, simulate the spec (3%
    // independent failures) 2000 times and take the interval that holds 99.9% of the runs: a real night
    // outside it is strong evidence that failures are not behaving as specified (e.g. they cluster).
    // With 2000 runs the 99.9% bounds are the most extreme runs (a new night lands beyond each with
    // probability 1/2001); with fewer runs the tail is extrapolated (extreme-value theory), and with far
    // fewer the interval is refused. The interval's `method` field says which was used.
    // The simulation makes a million payment calls: the time budget (default 4 s) is raised for slow CI.
    const spec = await monteCarlo(({ rng }: SamplerDraw) => nightlySettlement(rng), {
      runs: 2000,
      seed: 'spec',
      timeoutMs: 30_000,
    })
    const lastNight = nightlySettlement(createRng('2024-06-01'))
    expect(lastNight).toBeWithinInterval(spec.interval(0.999))
  })
})

describe('experiments and estimates', () => {
  test('visitors are split 50/40/10 between the A/B variants', async () => {
    // Category labels against expected shares: a chi-square test. It fails only on evidence that the
    // split is off, and the default tolerance (a total variation distance of 0.1) decides how many
    // visitors are enough; 2000 are.
    await expect(({ rng }: SamplerDraw) => assignVariant(rng)).toMatchDistribution(
      { control: 0.5, 'new-button': 0.4, 'no-banner': 0.1 },
      { samples: 2000 },
    )
  })

  test('promised delivery dates are off by less than a day on average', () => {
    // A regression-style claim: mean absolute error below 1 day over 500 orders, judged with an interval
    // for the MAE, so a lucky sample does not pass a bad estimator.
    const rng = createRng('june orders')
    const orders = Array.from({ length: 500 }, () => deliver(rng))
    expect({
      actual: orders.map((o) => o.actualDays),
      predicted: orders.map((o) => o.estimatedDays),
    }).toHaveErrorBelow({ mae: 1 })
  })
})
