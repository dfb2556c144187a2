/**
 * A small feature-engineering library, as its author would test it: a standard scaler fitted on a seeded
 * subsample, a min-max scaler that clips, a feature-hashing encoder with a seeded hash, and a word-piece
 * tokenizer with seeded piece dropout (a data augmentation), plus an older tokenizer that calls
 * `Math.random` directly.
 */
import { createRng, type Seed } from 'probably'

export interface StandardScaler {
  mean: number
  sd: number
  transform(x: number): number
}

export interface FitOptions {
  /** Fit on at most this many values, chosen with `seed` (for data too large to scan). Default: all. */
  sampleSize?: number
  seed?: Seed
}

/** Fits `(x - mean) / sd` to `values`, or to a seeded subsample of them. */
export function fitStandardScaler(values: ArrayLike<number>, options: FitOptions = {}): StandardScaler {
  const { sampleSize = values.length, seed = 0 } = options
  const rng = createRng(seed)
  const sample =
    sampleSize >= values.length
      ? Array.from(values)
      : Array.from({ length: sampleSize }, () => rng.choice(values))
  const mean = sample.reduce((a, b) => a + b, 0) / sample.length
  const sd = Math.sqrt(sample.reduce((a, b) => a + (b - mean) ** 2, 0) / (sample.length - 1))
  return { mean, sd, transform: (x) => (x - mean) / sd }
}

/** Fits a scaler to [0, 1] on `values`; values outside the fitted range are clipped. */
export function fitMinMaxScaler(values: ArrayLike<number>): (x: number) => number {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i])
    max = Math.max(max, values[i])
  }
  return (x) => Math.min(1, Math.max(0, (x - min) / (max - min)))
}

/** Feature hashing: maps a token to one of `buckets` columns with a seeded FNV-1a hash. */
export function hashingEncoder(buckets: number, seed: Seed = 0): (token: string) => number {
  const salt = Math.floor(createRng(seed)() * 2 ** 32)
  return (token) => {
    let h = (0x811c9dc5 ^ salt) >>> 0
    for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193) >>> 0
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0 // final mix, so that similar tokens spread out
    return ((h ^ (h >>> 13)) >>> 0) % buckets // >>> 0: as unsigned, or the bucket can be negative
  }
}

const PIECES = ['ing', 'tion', 'er', 'ed', 'ly', 'un', 're', 'pre', 'es', 's']

/** Greedy word pieces: known prefixes/suffixes split off; each split is skipped with probability `dropout`. */
function pieces(word: string, keep: () => boolean): string[] {
  for (const piece of PIECES) {
    if (word.length > piece.length + 2 && word.endsWith(piece) && keep())
      return [...pieces(word.slice(0, -piece.length), keep), `##${piece}`]
    if (word.length > piece.length + 2 && word.startsWith(piece) && keep())
      return [`${piece}##`, ...pieces(word.slice(piece.length), keep)]
  }
  return [word]
}

export interface TokenizeOptions {
  /** Probability of skipping each split (piece dropout, a training-time augmentation). Default 0. */
  dropout?: number
  /** Seed of the dropout. */
  seed?: Seed
}

/** Lowercases, splits into words and words into pieces, with seeded piece dropout. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const { dropout = 0, seed = 0 } = options
  const rng = createRng(seed)
  const keep = () => rng() >= dropout
  return (text.toLowerCase().match(/[a-z]+/g) ?? []).flatMap((word) => pieces(word, keep))
}

/** The previous version of `tokenize`: the same dropout, but drawn from `Math.random`. */
export function legacyTokenize(text: string, dropout = 0.1): string[] {
  const keep = () => Math.random() >= dropout
  return (text.toLowerCase().match(/[a-z]+/g) ?? []).flatMap((word) => pieces(word, keep))
}
