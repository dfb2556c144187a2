// Deliberately failing examples, and the messages users see when they fail.
//
// Each test below runs an assertion that must fail, catches the error and pins its message (without
// colours) with a snapshot: a change in what a failing test tells its reader shows up in review as a
// snapshot diff. The file runs under both runners (snapshots in __snapshots__/vitest and __snapshots__/jest).
// Run with `npm run examples`; after an intended change to a message, update both with
//   npx vitest run --config examples/vitest.failing.config.ts -u
//   npx jest --config examples/jest.failing.config.cjs -u
// and read the diff. The seeds printed in the messages derive from this file's path (relative to the
// runner's root, examples/, under both runners) and each test's name: renaming a test changes its
// snapshot. Each Reproduce line, run from the repository's root, reruns its test with the same message.
import { createRng, monteCarlo, type SamplerDraw, withSeededMathRandom } from 'probably'
import { fitStandardScaler, legacyTokenize } from '../feature-transformers/transformers'
import { evaluate, heldOut, keywordRule, trainSpamFilter } from '../model-unit-tests/spam-filter'
import { assignVariant, callPayment, checkout, nightlySettlement } from '../qa-suite/checkout-service'

/** Runs an assertion that must fail and returns its message without ANSI colours. */
async function failureOf(assertion: () => unknown): Promise<string> {
  try {
    await assertion()
  } catch (error) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's colour codes
    const plain = (error as Error).message.replace(/\u001b\[[0-9;]*m/g, '')
    // The time a sampler run took varies from run to run: it is pinned as "after …".
    return plain.replace(/, after \d+(\.\d+)? (ms|s)\b/g, ', after …')
  }
  throw new Error('this example was meant to fail, but its assertion passed')
}

describe('a model that falls short', () => {
  const filter = trainSpamFilter('release-1')
  const emails = heldOut(filter)
  const { actual, predicted, scores, collection } = evaluate(filter, emails)

  test('recall below the claim', async () => {
    expect(await failureOf(() => expect({ actual, predicted }).toHaveRecallAbove(0.95))).toMatchSnapshot()
  })

  test('AUC below the claim', async () => {
    expect(await failureOf(() => expect({ actual, scores }).toHaveAUCAbove(0.99))).toMatchSnapshot()
  })

  test('an evaluation set too small to tell (inconclusive)', async () => {
    // Every 50th held-out email: 81 emails, about 25 of them spam.
    const few = (xs: number[]) => xs.filter((_, i) => i % 50 === 0)
    expect(
      await failureOf(() =>
        expect({ actual: few(actual), predicted: few(predicted) }).toHaveRecallAbove(0.8),
      ),
    ).toMatchSnapshot()
  })

  test('.not without evidence: the recall is not shown to be below 0.8', async () => {
    expect(await failureOf(() => expect({ actual, predicted }).not.toHaveRecallAbove(0.8))).toMatchSnapshot()
  })

  test('hard ham is flagged far more often (parity)', async () => {
    const group = collection.map((c) => (c === 'hard-ham-1' ? 'hard ham' : `batch ${c.slice(-1)}`))
    expect(
      await failureOf(() =>
        expect({ actual, predicted }).toHaveParityAcross(group, {
          metric: 'falsePositiveRate',
          maxGap: 0.05,
        }),
      ),
    ).toMatchSnapshot()
  })

  test('the keyword rule is worse than the model it would replace', async () => {
    expect(
      await failureOf(() =>
        expect({ actual, predicted: keywordRule(emails) }).toBeNoWorseThan({ predicted }, { margin: 0.01 }),
      ),
    ).toMatchSnapshot()
  })

  test('over-confident probabilities (calibration)', async () => {
    expect(
      await failureOf(() => expect({ actual, probs: scores }).toBeCalibrated({ maxECE: 0.02 })),
    ).toMatchSnapshot()
  })

  test('a model trained on too little data is unstable across seeds', async () => {
    expect(
      await failureOf(() =>
        expect(({ seed }: SamplerDraw) => {
          const small = trainSpamFilter(seed, { trainingSize: 60, vocabularySize: 50 })
          const { actual, predicted } = evaluate(small, emails)
          return predicted.filter((p, i) => p === actual[i]).length / actual.length
          // An accuracy is an average over many emails: normal across seeds (assumeNormal, chi-square bounds).
        }).toBeStableAcrossSeeds({ seeds: 5, tolerance: 0.005, timeoutMs: 30_000, assumeNormal: true }),
      ),
    ).toMatchSnapshot()
  })
})

describe('a service that breaks its SLO', () => {
  test('p95 latency over the SLO', async () => {
    expect(
      await failureOf(() =>
        expect(({ rng }: SamplerDraw) => checkout(rng).latencyMs).toBeWithinInterval([0, 150], {
          of: { quantile: 0.95 },
          samples: 2000,
        }),
      ),
    ).toMatchSnapshot()
  })

  test('a degraded payment provider (success rate)', async () => {
    expect(
      await failureOf(() =>
        expect(({ rng }: SamplerDraw) => (callPayment(rng, 0.1).ok ? 1 : 0)).toBeWithinInterval([1, 1], {
          of: 'proportion',
          atLeast: 0.95,
          samples: 1000,
        }),
      ),
    ).toMatchSnapshot()
  })

  test('payment calls succeed less often than promised (sequential success rate)', async () => {
    expect(
      await failureOf(() =>
        expect(({ rng }: SamplerDraw) => callPayment(rng, 0.1).ok).toHaveSuccessRateAbove(0.95),
      ),
    ).toMatchSnapshot()
  })

  test('too few requests to tell whether latency drifted (two-sample KS, inconclusive)', async () => {
    const latencies = (seed: string) => {
      const rng = createRng(seed)
      return Array.from({ length: 300 }, () => checkout(rng).latencyMs)
    }
    expect(
      await failureOf(() => expect(latencies('release-2')).toMatchDistribution(latencies('release-1'))),
    ).toMatchSnapshot()
  })

  test('a night of failures outside the Monte Carlo interval of the spec', async () => {
    const spec = await monteCarlo(({ rng }: SamplerDraw) => nightlySettlement(rng), {
      runs: 2000,
      seed: 'spec',
      timeoutMs: 30_000,
    })
    const outageNight = nightlySettlement(createRng('2024-06-02'), 500, 0.08)
    expect(
      await failureOf(() => expect(outageNight).toBeWithinInterval(spec.interval(0.999))),
    ).toMatchSnapshot()
  })

  test('an A/B split that is off', async () => {
    // A bug in the bucketing: 60% of visitors land in control.
    const skewed = ({ rng }: SamplerDraw) => (rng() < 0.2 ? 'control' : assignVariant(rng))
    expect(
      await failureOf(() =>
        expect(skewed).toMatchDistribution(
          { control: 0.5, 'new-button': 0.4, 'no-banner': 0.1 },
          { samples: 2000 },
        ),
      ),
    ).toMatchSnapshot()
  })
})

describe('a transformer that does not do what it says', () => {
  const rng = createRng('feature-transformers')
  const incomes = Array.from({ length: 2000 }, () => Math.exp(rng.normal(10.5, 0.6)))

  test('scaled skewed data is not normal', async () => {
    const scaler = fitStandardScaler(incomes)
    expect(
      await failureOf(() =>
        expect(incomes.map(scaler.transform)).toMatchDistribution({ normal: { mean: 0, sd: 1 } }),
      ),
    ).toMatchSnapshot()
  })

  test('.not without evidence: log-scaled data cannot be shown to differ from normal', async () => {
    const logs = incomes.map(Math.log)
    const scaler = fitStandardScaler(logs)
    expect(
      await failureOf(() =>
        expect(logs.map(scaler.transform)).not.toMatchDistribution({ normal: { mean: 0, sd: 1 } }),
      ),
    ).toMatchSnapshot()
  })

  test('a tokenizer that calls Math.random is not reproducible', async () => {
    const text = 'Unsubscribing requires reconfiguration of the preprocessing'
    // Math.random is seeded around the whole assertion only so that this snapshot is stable: the two runs
    // still draw different numbers, as they would in a real test.
    const message = await withSeededMathRandom('snapshot', () =>
      failureOf(() => expect(() => legacyTokenize(text, 0.3)).toBeReproducible()),
    )
    expect(message).toMatchSnapshot()
  })

  test('withSeededMathRandom fixes it (so .not.toBeReproducible fails)', async () => {
    const text = 'Unsubscribing requires reconfiguration of the preprocessing'
    expect(
      await failureOf(() =>
        expect(({ seed }: SamplerDraw) =>
          withSeededMathRandom(seed, () => legacyTokenize(text, 0.3)),
        ).not.toBeReproducible(),
      ),
    ).toMatchSnapshot()
  })
})

describe('a plain number outside its band', () => {
  test('a score outside the agreed band', async () => {
    expect(await failureOf(() => expect(0.71).toBeWithinInterval([0.75, 0.9]))).toMatchSnapshot()
  })
})
