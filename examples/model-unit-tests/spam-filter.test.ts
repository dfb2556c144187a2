// Unit tests of a trained model: a naive Bayes spam filter on the SpamAssassin corpus (see spam-filter.ts).
//
// Every claim is about the model, not about this particular held-out set: the matchers put a confidence
// interval around each metric and fail only on evidence that the claim is false. They also refuse to pass
// when the held-out set is too small to tell (an "inconclusive" verdict), so a claim never passes vacuously.
// Thresholds sit somewhat below what the model reaches, so that a real regression fails the test but
// ordinary noise from the training sample does not.
import { rocAuc, type SamplerDraw } from 'probably'
import { evaluate, heldOut, keywordRule, trainSpamFilter } from './spam-filter'

// One training run with a fixed seed is the model "as released"; the held-out set is every email it did
// not train on (about 4000, of which about 1300 spam).
const filter = trainSpamFilter('release-1')
const emails = heldOut(filter)
const { actual, predicted, scores, collection } = evaluate(filter, emails)

describe('spam filter: quality on held-out email', () => {
  test('catches at least 80% of spam (recall)', () => {
    // Recall is a proportion of the ~1250 held-out spam emails. The tolerance is the smallest shortfall
    // that matters: with it the matcher checks that a recall of 0.73 (0.07 below the claim) would have
    // been caught. ~1250 positives can show a shortfall of about 0.056 but not the default 0.05: without
    // the option the verdict is "inconclusive", a failure that says how many examples would be enough.
    expect({ actual, predicted }).toHaveRecallAbove(0.8, { tolerance: 0.07 })
  })

  test('at least 85% of what it flags is spam (precision)', () => {
    // Precision is a proportion of the ~1200 emails flagged as spam; same tolerance as recall. The positive
    // class defaults to 1 for numeric labels: name it when your labels are strings ('spam').
    expect({ actual, predicted }).toHavePrecisionAbove(0.85, { positive: 1, tolerance: 0.07 })
  })

  test('F1 and accuracy stay above their floors', () => {
    // F1 of the positive class has exact bounds: of the examples that are not true negatives, the share
    // of true positives (the Jaccard index J) is binomial, and F1 = 2J / (1 + J).
    expect({ actual, predicted }).toHaveF1Above(0.8)
    expect({ actual, predicted }).toHaveAccuracyAbove(0.88)
  })

  test('ranks spam above ham (ROC-AUC, with DeLong interval)', () => {
    // AUC needs the scores, not the labels: it judges the ranking at every threshold at once.
    expect({ actual, scores }).toHaveAUCAbove(0.9)
  })

  test('its spam probabilities are roughly calibrated', () => {
    // Naive Bayes is known to be over-confident; the claim is modest (ECE at most 0.12) and the matcher
    // judges it with a seeded bootstrap interval of the ECE.
    expect({ actual, probs: scores }).toBeCalibrated({ maxECE: 0.12 })
  })

  test('is no worse than the keyword rule it replaces', () => {
    // Paired comparison on the same emails (McNemar's test for accuracy). A margin of 0 claims the new
    // model is at least as accurate; the test fails only on evidence that it is worse.
    expect({ actual, predicted }).toBeNoWorseThan({ predicted: keywordRule(emails) }, { metric: 'accuracy' })
  })

  test('flags ham from both batches of the corpus equally rarely (parity of false positives)', () => {
    // SpamAssassin's easy ham and spam come in two batches ("-1" and "-2") gathered at different times.
    // The claim: the false positive rate differs by at most 0.02 between the batches. The matcher puts an
    // interval on the difference between every pair of groups, fails only on evidence of a larger gap,
    // and prints a per-group table. (The third ham collection, "hard ham", is the filter's known weak
    // spot: it is left out here, and failing/ shows what the matcher says about it.)
    const inBatch = collection.map((c) => c !== 'hard-ham-1')
    const pick = <T>(xs: T[]) => xs.filter((_, i) => inBatch[i])
    const batch = pick(collection).map((c) => `batch ${c.slice(-1)}`)
    expect({ actual: pick(actual), predicted: pick(predicted) }).toHaveParityAcross(batch, {
      metric: 'falsePositiveRate',
      maxGap: 0.02,
    })
  })
})

describe('spam filter: training', () => {
  test('the AUC is stable across training seeds', async () => {
    // Each seed trains on a different sample of 2000 emails. The claim: the seed-to-seed standard
    // deviation of the AUC is at most 0.01. A pass needs the seeds to rule out twice that; the observed
    // spread is about 0.004, so five seeds are enough (a noisier metric needs more seeds, and the
    // message says how many). Training takes about a second, so the time budget is raised.
    await expect(({ seed }: SamplerDraw) => {
      const model = trainSpamFilter(seed)
      const evaluation = heldOut(model)
      return rocAuc(
        evaluation.map((e) => e.spam),
        model.score(evaluation),
      )
      // An AUC is an average over thousands of emails: normal across seeds, so the chi-square bounds hold
      // (assumeNormal). Without it the bounds assume nothing about the shape and 5 seeds cannot pass.
    }).toBeStableAcrossSeeds({ seeds: 5, tolerance: 0.01, timeoutMs: 40_000, assumeNormal: true })
  })

  test('models trained with different seeds agree on most emails', async () => {
    // Labels instead of a number: the claim is that two seeds' models agree on at least 90% of the emails.
    // The unit of evidence is the seed, not the email (a seed can go wrong as a whole), so a pass needs
    // many seeds: ruling out an agreement below 85% (the default tolerance 0.05) takes about 46 seeds.
    // Here the tolerance is 0.4: the 10 seeds (5 disjoint pairs) pass by ruling out an agreement below
    // 50%, a model whose individual decisions flip with the training sample as often as a coin would.
    await expect(({ seed }: SamplerDraw) => trainSpamFilter(seed).predict(emails)).toBeStableAcrossSeeds({
      seeds: 10,
      minAgreement: 0.9,
      tolerance: 0.4,
      timeoutMs: 50_000,
    })
  })

  test('training is reproducible with a fixed seed', async () => {
    // The same seed twice must give the same scores, bit for bit: this catches a hidden Math.random, a
    // clock or global state in the pipeline. (None here: the seed drives everything through createRng.)
    await expect(({ seed }: SamplerDraw) => trainSpamFilter(seed).score(emails)).toBeReproducible({
      timeoutMs: 20_000,
    })
  })
})
