/**
 * `await expect(sampler).toBeStableAcrossSeeds({ seeds, tolerance, relativeTolerance, minAgreement })`.
 *
 * Runs the sampler once per seed and asks whether its output depends on the seed more than it should.
 * See {@link toBeStableAcrossSeeds} for the claim and the statistics.
 */
import { checkCount, checkOpenUnit, describeValue, InvalidInputError, InvalidRangeError } from '../src/errors'
import { createRng, type Seed } from '../src/random'
import {
  drawSamples,
  findOutputDifference,
  type Sampler,
  SamplerError,
  SamplerTimeoutError,
} from '../src/sampler'
import { decideAgreement, decideSpread, labelAgreement, type SpreadComponent } from '../src/spread'
import { formatLevel, formatNumber, type MatcherContext, type MatcherResult } from './context'
import { type Evidence, type ResolvedOptions, resolveOptions, type VerdictOptions, verdict } from './verdict'

const NAME = 'toBeStableAcrossSeeds'

/** Options of {@link toBeStableAcrossSeeds}. */
export interface StableAcrossSeedsOptions extends VerdictOptions {
  /** At most this many seeds in flight at once (default 1); seed i gets seed i's stream whatever the order. */
  concurrency?: number
  /**
   * How many seeds to run (a whole number ≥ 2, default 10), derived from the call's seed as
   * `${seed}/seed-0`, `${seed}/seed-1`, …; or the seeds themselves as a list (at least 2, no repeats).
   */
  seeds?: number | ReadonlyArray<Seed>
  /**
   * Numbers: the largest acceptable seed-to-seed standard deviation, in the units of the output (added
   * to `relativeTolerance × |mean|` when both are given). Labels: how far below `minAgreement` the
   * agreement may fall before it matters (default 0.05).
   */
  tolerance?: number
  /**
   * Numbers: the largest acceptable seed-to-seed standard deviation as a fraction of the |mean| output
   * (per element or key). Default 0.01 when neither `tolerance` nor `relativeTolerance` is given.
   */
  relativeTolerance?: number
  /**
   * Labels: the smallest acceptable agreement between the outputs of two seeds (the share of positions
   * where they give the same label). Default 0.9. Giving it makes numeric outputs count as labels (class ids).
   */
  minAgreement?: number
  /** Time budget for all the runs, in milliseconds. Default from `configure()` (4000). */
  timeoutMs?: number
  /**
   * Numbers: assume the outputs are normal across seeds and use the chi-square bounds, exact for normal
   * outputs and far narrower with few seeds (at 10 seeds a pass needs the sample sd below about 1.2 ×
   * the tolerance instead of 0.37 ×). Wrong for skewed or heavy-tailed outputs (a true claim then fails up to
   * 9× as often as falseFailRate): use it for averages of many terms (accuracy, AUC, a mean loss), not
   * for raw single draws. Default false.
   */
  assumeNormal?: boolean
}

const OWN_OPTIONS = ['seeds', 'relativeTolerance', 'minAgreement', 'assumeNormal'] as const
const DEFAULT_SEEDS = 10
const DEFAULT_RELATIVE_TOLERANCE = 0.01
const DEFAULT_MIN_AGREEMENT = 0.9
const DEFAULT_LABEL_TOLERANCE = 0.05
/** Rows of the per-seed table before it is cut short. */
const TABLE_ROWS = 20

/**
 * Runs the received sampler once per seed and checks that its output varies little from seed to seed.
 * Async: always `await` it. In Vitest an async matcher that is not awaited does not fail its test (its
 * rejection only shows as an unhandled error), so lint for it (`valid-expect` with this matcher listed).
 *
 * Seed `s` calls the sampler with `{ rng: createRng(s), seed: s, index }`: pass `seed` to code that seeds
 * itself (`Number(seed)` if it wants a number), or draw from `rng`.
 *
 * **Numbers** (a number, an array of numbers compared element by element, or a record of numbers
 * compared key by key). The claim is about σ, the standard deviation of the output across seeds (of
 * each element or key): σ ≤ τ, where τ = `tolerance` + `relativeTolerance` × |mean output| (default τ:
 * 1% of |mean|). A violation "by the tolerance" is σ ≥ 2τ. Decided by the engine (`decideSpread` in
 * src/spread.ts) with Bonett's kurtosis-robust bounds, which do not assume normal outputs:
 * - **fail** when the one-sided (1 − falseFailRate) lower bound on σ exceeds τ (with m elements or keys,
 *   at falseFailRate / m each, Bonferroni);
 * - **pass** when every one-sided (1 − falsePassRate) upper bound lies below 2τ. The upper bound uses a
 *   kurtosis of at least κ₀(k) = 9·k^0.43 (calibrated so that skewed and heavy-tailed outputs, up to
 *   lognormal and Student t(3), do not pass a violation more often than falsePassRate): wide with few
 *   seeds (about 5.4× the sample sd at 10 seeds, 2.8× at 30, 1.9× at 100);
 * - **inconclusive** otherwise, with the number of seeds that would settle it; also when the upper bound
 *   cannot be trusted (fewer than 5 seeds, or a sample kurtosis above κ₀(k)).
 * τ = 0 (e.g. the default relative tolerance with a mean of 0) demands identical outputs. Identical
 * outputs pass at any number of seeds: an output that differs only on rare seeds can be missed.
 *
 * **Labels** (arrays of strings or booleans, a single label, or numbers when `minAgreement` is given).
 * The claim: two seeds agree on at least `minAgreement` of the positions (p = expected share of equal
 * labels between two seeds). p̂ averages every pair of seeds (reported); the decision takes the seed as
 * the unit: the ⌊k/2⌋ disjoint pairs (seed 1 with 2, 3 with 4, …) give independent agreements in [0, 1]
 * with mean p, bounded by finite-sample betting bounds (valid for any distribution, including seeds that
 * go wrong as a whole and relabel many positions at once). Passing therefore needs many seeds: no valid
 * bound can pass minAgreement 0.9 at the default tolerance 0.05 and falsePassRate 0.05 with fewer than
 * 37 seeds (seeds that are each fine with probability √0.85 all look fine with probability 0.85^(k/2));
 * these bounds pass with 42 seeds when all agree perfectly, 52 when every pair agrees at 0.97. Fewer
 * seeds are inconclusive, with the number that would settle it; a clear fail needs fewer.
 * Fail when the (1 − falseFailRate) upper bound is below `minAgreement`; pass when the
 * (1 − falsePassRate) lower bound is above `minAgreement − tolerance`.
 *
 * `.not` passes only on evidence of instability (a fail of the positive form).
 * A sampler that throws, returns the wrong type, or changes the shape of its output between seeds is an
 * error naming the matcher and the seed; `timeoutMs` bounds all runs together.
 *
 * @example
 * await expect(({ seed }) => trainAndScore(seed)).toBeStableAcrossSeeds({ seeds: 25, tolerance: 0.02 })
 * await expect(({ rng }) => classify(inputs, rng)).toBeStableAcrossSeeds({ minAgreement: 0.95 })
 */
export async function toBeStableAcrossSeeds(
  this: MatcherContext,
  received: unknown,
  options?: StableAcrossSeedsOptions,
): Promise<MatcherResult> {
  const opts = resolveOptions(this, NAME, options, OWN_OPTIONS)
  if ((options as { samples?: unknown } | undefined)?.samples !== undefined)
    throw new InvalidInputError(
      NAME,
      'options.samples',
      'does not apply: the sampler runs once per seed (set the number of seeds with seeds)',
    )
  if (typeof received !== 'function')
    throw new InvalidInputError(
      NAME,
      'received',
      `must be a sampler, a function ({ rng, seed, index }) => value, got ${describeValue(received)}`,
    )
  const { seeds, derived } = parseSeeds(options?.seeds, opts.seed)
  const relativeTolerance =
    options?.relativeTolerance === undefined
      ? undefined
      : positive('options.relativeTolerance', options.relativeTolerance)
  const assumeNormal = options?.assumeNormal
  if (assumeNormal !== undefined && typeof assumeNormal !== 'boolean')
    throw new InvalidInputError(
      NAME,
      'options.assumeNormal',
      `must be a boolean, got ${describeValue(assumeNormal)}`,
    )
  const minAgreement =
    options?.minAgreement === undefined
      ? undefined
      : checkOpenUnit(NAME, 'options.minAgreement', options.minAgreement)

  const sampler = received as Sampler<unknown>
  const start = Date.now()
  const concurrency = opts.concurrency
  const outputs = await runSeeds(sampler, seeds, opts.seed, opts.timeoutMs, undefined, concurrency)
  const data = classify(outputs, seeds, minAgreement !== undefined)
  if (data.kind === 'labels' && relativeTolerance !== undefined)
    throw new InvalidInputError(
      NAME,
      'options.relativeTolerance',
      'applies to numeric outputs, not to labels',
    )
  if (data.kind === 'labels' && assumeNormal !== undefined)
    throw new InvalidInputError(NAME, 'options.assumeNormal', 'applies to numeric outputs, not to labels')
  if (data.kind !== 'labels' && minAgreement !== undefined)
    throw new InvalidInputError(NAME, 'options.minAgreement', 'applies to labels, not to numeric outputs')

  const evidence =
    data.kind === 'labels'
      ? labelEvidence(data, seeds, opts, minAgreement ?? DEFAULT_MIN_AGREEMENT)
      : numericEvidence(data, seeds, opts, relativeTolerance, assumeNormal === true)
  evidence.observed.unshift([
    'Data',
    `${seeds.length} seeds, one run each (${derived ? `derived from the seed: ${seeds[0]} … ${seeds[seeds.length - 1]}` : 'the seeds given'})`,
  ])
  evidence.usedRandomness = true

  // A failure may come from randomness the seed does not control: rerun the two seeds that differ most.
  if (evidence.outcome === 'fail' && evidence.worstPair) {
    const remaining = opts.timeoutMs - (Date.now() - start)
    const note = await rerunCheck(sampler, seeds, evidence.worstPair, outputs, remaining)
    if (note) {
      evidence.meaning = `${note} ${evidence.meaning ?? ''}`.trim()
      evidence.advice =
        'Make the sampler depend only on what it is given (see toBeReproducible; withSeededMathRandom(seed, fn) seeds code that calls Math.random).'
    }
  }
  return verdict(this, NAME, 'options', evidence, opts)
}

function positive(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0))
    throw new InvalidInputError(
      NAME,
      argument,
      `must be a positive finite number, got ${describeValue(value)}`,
    )
  return value
}

function parseSeeds(option: unknown, base: string): { seeds: string[]; derived: boolean } {
  if (option === undefined || typeof option === 'number') {
    const k = checkCount(NAME, 'options.seeds', option ?? DEFAULT_SEEDS, 2)
    return { seeds: Array.from({ length: k }, (_, i) => `${base}/seed-${i}`), derived: true }
  }
  if (!Array.isArray(option))
    throw new InvalidInputError(
      NAME,
      'options.seeds',
      `must be a number of seeds or a list of seeds, got ${describeValue(option)}`,
    )
  if (option.length < 2)
    throw new InvalidRangeError(NAME, 'options.seeds', `must list at least 2 seeds, got ${option.length}`)
  const seeds = option.map((s, i) => {
    if ((typeof s === 'string' && s.length > 0) || (typeof s === 'number' && Number.isFinite(s)))
      return String(s)
    throw new InvalidInputError(
      NAME,
      `options.seeds[${i}]`,
      `must be a non-empty string or a finite number, got ${describeValue(s)}`,
    )
  })
  const seen = new Set<string>()
  for (const s of seeds) {
    if (seen.has(s)) throw new InvalidRangeError(NAME, 'options.seeds', `lists the seed "${s}" twice`)
    seen.add(s)
  }
  return { seeds, derived: false }
}

/** Calls the sampler once per seed through drawSamples (time budget, async samplers), naming our seeds in errors. */
async function runSeeds(
  sampler: Sampler<unknown>,
  seeds: readonly string[],
  base: string,
  timeoutMs: number,
  indices?: readonly number[],
  concurrency?: number,
): Promise<unknown[]> {
  const wrapped: Sampler<unknown> = (draw) =>
    sampler({
      rng: createRng(seeds[draw.index]),
      seed: seeds[draw.index],
      index: indices?.[draw.index] ?? draw.index,
    })
  try {
    const { values } = await drawSamples(wrapped, {
      samples: seeds.length,
      seed: base,
      timeoutMs,
      where: NAME,
      concurrency,
    })
    return values
  } catch (error) {
    if (error instanceof SamplerError)
      throw new SamplerError(NAME, error.index, seeds[error.index], error.cause, 'run')
    if (error instanceof SamplerTimeoutError)
      throw new SamplerTimeoutError(
        NAME,
        {
          timeoutMs: error.timeoutMs,
          completed: error.completed,
          requested: error.requested,
          elapsedMs: error.elapsedMs,
          seed: base,
        },
        'seeds',
      )
    throw error
  }
}

/** Numeric outputs as a k × m matrix (row i: seed i), or labels as k arrays of length L. */
type Data =
  | { kind: 'number' | 'vector' | 'record'; m: number; names: string[]; values: Float64Array }
  | { kind: 'labels'; length: number; labels: unknown[][]; scalar: boolean }

type Kind = 'number' | 'vector' | 'record' | 'labels'

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))
}

function isLabel(x: unknown): boolean {
  return typeof x === 'string' || typeof x === 'boolean' || typeof x === 'bigint' || x === null
}

function isPlainRecord(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || isArrayLike(x)) return false
  const proto = Object.getPrototypeOf(x)
  return proto === Object.prototype || proto === null
}

const SHAPES =
  'must be a number, an array of numbers, a record of numbers, a label (string or boolean) or an array of labels'

function kindOf(value: unknown, labelsWanted: boolean, seed: string, run: number): Kind {
  const where = `the output for seed "${seed}" (run ${run})`
  if (typeof value === 'number') return labelsWanted ? 'labels' : 'number'
  if (isLabel(value)) return 'labels'
  if (isArrayLike(value)) {
    if (value.length === 0) throw new InvalidRangeError(NAME, where, 'must not be an empty array')
    if (labelsWanted) return 'labels'
    let numbers = 0
    for (let i = 0; i < value.length; i++) {
      const v = value[i]
      if (typeof v === 'number') numbers++
      else if (!isLabel(v))
        throw new InvalidInputError(
          NAME,
          `${where}[${i}]`,
          `must be a number or a label, got ${describeValue(v)}`,
        )
    }
    if (numbers === value.length) return 'vector'
    if (numbers === 0) return 'labels'
    throw new InvalidInputError(
      NAME,
      where,
      'mixes numbers and labels: pass minAgreement to compare them as labels, or return numbers only',
    )
  }
  if (isPlainRecord(value)) {
    if (Object.keys(value).length === 0)
      throw new InvalidRangeError(NAME, where, 'must not be an empty record')
    return 'record'
  }
  throw new InvalidInputError(NAME, where, `${SHAPES}, got ${describeValue(value)}`)
}

function classify(outputs: unknown[], seeds: readonly string[], labelsWanted: boolean): Data {
  const k = outputs.length
  const kind = kindOf(outputs[0], labelsWanted, seeds[0], 0)
  for (let i = 1; i < k; i++) {
    const other = kindOf(outputs[i], labelsWanted, seeds[i], i)
    if (other !== kind)
      throw new InvalidInputError(
        NAME,
        `the output for seed "${seeds[i]}" (run ${i})`,
        `is ${article(other)} while the output for seed "${seeds[0]}" is ${article(kind)}: every seed must give the same kind of output`,
      )
  }
  if (kind === 'labels') {
    const labels = outputs.map((o) => (isArrayLike(o) ? Array.from(o) : [o]))
    const scalar = !isArrayLike(outputs[0])
    for (let i = 1; i < k; i++)
      if (labels[i].length !== labels[0].length)
        throw new InvalidRangeError(
          NAME,
          `the output for seed "${seeds[i]}" (run ${i})`,
          `has ${labels[i].length} labels while the output for seed "${seeds[0]}" has ${labels[0].length}: every seed must give as many`,
        )
    for (let i = 0; i < k; i++)
      for (let j = 0; j < labels[i].length; j++) {
        const v = labels[i][j]
        if (!(isLabel(v) || (typeof v === 'number' && !Number.isNaN(v))))
          throw new InvalidInputError(
            NAME,
            `the output for seed "${seeds[i]}" (run ${i})${scalar ? '' : `[${j}]`}`,
            `must be a label (string, boolean or number), got ${describeValue(v)}`,
          )
      }
    return { kind, length: labels[0].length, labels, scalar }
  }
  let names: string[]
  if (kind === 'number') names = ['']
  else if (kind === 'vector')
    names = Array.from({ length: (outputs[0] as ArrayLike<number>).length }, (_, j) => `[${j}]`)
  else names = Object.keys(outputs[0] as object)
  const m = names.length
  const values = new Float64Array(k * m)
  const keys = kind === 'record' ? names : []
  for (let i = 0; i < k; i++) {
    const where = `the output for seed "${seeds[i]}" (run ${i})`
    const o = outputs[i]
    if (kind === 'vector' && (o as ArrayLike<number>).length !== m)
      throw new InvalidRangeError(
        NAME,
        where,
        `has ${(o as ArrayLike<number>).length} elements while the output for seed "${seeds[0]}" has ${m}: every seed must give as many`,
      )
    if (kind === 'record') {
      const own = Object.keys(o as object)
      const missing = keys.filter((key) => !Object.hasOwn(o as object, key))
      const extra = own.filter((key) => !keys.includes(key))
      if (missing.length || extra.length)
        throw new InvalidRangeError(
          NAME,
          where,
          `has other keys than the output for seed "${seeds[0]}" (${[
            missing.length ? `missing ${missing.join(', ')}` : '',
            extra.length ? `extra ${extra.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ')}): every seed must give the same keys`,
        )
    }
    for (let j = 0; j < m; j++) {
      const v =
        kind === 'number'
          ? o
          : kind === 'vector'
            ? (o as ArrayLike<unknown>)[j]
            : (o as Record<string, unknown>)[keys[j]]
      const at = kind === 'number' ? where : kind === 'vector' ? `${where}${names[j]}` : `${where}.${keys[j]}`
      if (typeof v !== 'number')
        throw new InvalidInputError(NAME, at, `must be a number, got ${describeValue(v)}`)
      if (!Number.isFinite(v))
        throw new InvalidRangeError(NAME, at, `must be finite, got ${describeValue(v)}`)
      values[i * m + j] = v
    }
  }
  return { kind, m, names, values }
}

function article(kind: Kind): string {
  return {
    number: 'a number',
    vector: 'an array of numbers',
    record: 'a record of numbers',
    labels: 'labels',
  }[kind]
}

/** Evidence plus the two seeds (indices) whose outputs differ most, for the rerun check. */
type StableEvidence = Evidence & { worstPair?: [number, number] }

function numericEvidence(
  data: Extract<Data, { kind: 'number' | 'vector' | 'record' }>,
  seeds: readonly string[],
  opts: ResolvedOptions,
  relativeTolerance: number | undefined,
  assumeNormal: boolean,
): StableEvidence {
  const { m, names, values } = data
  const k = seeds.length
  const usingDefault = opts.tolerance === undefined && relativeTolerance === undefined
  const abs = opts.tolerance ?? 0
  const rel = relativeTolerance ?? (usingDefault ? DEFAULT_RELATIVE_TOLERANCE : 0)
  const beta = opts.falsePassRate
  const spread = decideSpread({
    values,
    components: m,
    tolerance: abs,
    relativeTolerance: rel,
    falseFailRate: opts.falseFailRate,
    falsePassRate: beta,
    assumeNormal,
  })
  const { outcome, worst, decision } = spread
  const alpha = spread.componentFalseFailRate
  const failing = spread.components.filter((c) => c.decision.outcome === 'fail').length
  const unsettled = spread.components.filter((c) => c.decision.outcome === 'inconclusive').length

  const what =
    data.kind === 'number'
      ? 'the output'
      : data.kind === 'vector'
        ? 'each element of the output'
        : 'each key of the output'
  const worstName =
    data.kind === 'number'
      ? 'the output'
      : data.kind === 'vector'
        ? `element ${names[worst.index]}`
        : `key "${names[worst.index]}"`
  const tolWords = `${[abs > 0 ? formatNumber(abs) : '', rel > 0 ? `${formatNumber(100 * rel)}% of |mean|` : ''].filter(Boolean).join(' + ') || '0'}`
  const claim = `the seed-to-seed standard deviation of ${what} is at most ${tolWords}`
  const oppositeClaim = `the seed-to-seed standard deviation of ${what} exceeds ${tolWords}`
  const confLow = formatLevel(1 - alpha)
  const confHigh = formatLevel(1 - beta)
  const tau = worst.tolerance
  const ratio = worst.sd === 0 ? 0 : tau === 0 ? Number.POSITIVE_INFINITY : worst.sd / tau
  const observed: Array<[string, string]> = []
  if (m > 1)
    observed.push([
      data.kind === 'vector' ? 'Elements' : 'Keys',
      `${m}; ${failing} over the tolerance, ${unsettled} undecided; worst ${worstName} (sd / tolerance ${formatNumber(ratio)})`,
    ])
  observed.push([
    'Spread',
    `${m > 1 ? `${worstName}: ` : ''}sd ${formatNumber(worst.sd)} across seeds, range ${formatNumber(worst.max - worst.min)}, mean ${formatNumber(worst.mean, 6)}${worst.kurtosis !== undefined ? `, kurtosis ${formatNumber(worst.kurtosis)}` : ''}`,
  ])
  const { failBounds, passBounds } = decision
  if (tau > 0 && worst.sd > 0)
    observed.push([
      'Bounds',
      `σ ≥ ${formatNumber(failBounds.lower)} (${confLow}% lower bound), σ ≤ ${formatBound(passBounds.upper)} (${confHigh}% upper bound); ${assumeNormal ? `chi-square, df = ${k - 1}, assuming normal outputs (assumeNormal)` : 'Bonett, kurtosis-robust'}${m > 1 ? `, Bonferroni over ${m}` : ''}`,
    ])
  observed.push([
    'Tolerance',
    `${formatNumber(tau)} in the sd${m > 1 ? ` of ${worstName}` : ''}${usingDefault ? ` (default: ${formatNumber(100 * DEFAULT_RELATIVE_TOLERANCE)}% of |mean|)` : tolWords.includes('%') ? ` (${tolWords})` : ''}; a violation is an sd of ${formatNumber(2 * tau)} (twice the tolerance)`,
  ])
  if (worst.sd > 0)
    observed.push([
      'Worst',
      `seeds "${seeds[worst.argmin]}" (${formatNumber(worst.min, 6)}) and "${seeds[worst.argmax]}" (${formatNumber(worst.max, 6)}) are ${formatNumber(worst.max - worst.min)} apart${m > 1 ? ` in ${worstName}` : ''}`,
    ])

  const seedsNeeded = outcome === 'inconclusive' ? decision.samplesNeeded : undefined
  let meaning: string
  if (outcome === 'fail')
    meaning =
      tau === 0
        ? `The tolerance is 0${usingDefault ? ' (the default 1% of a mean of 0)' : ''}, so any difference between seeds is a violation; set an absolute tolerance.`
        : `Even the lower confidence bound on the seed-to-seed sd (${formatNumber(failBounds.lower)}) exceeds the tolerance: the output depends on the seed more than claimed.${usingDefault ? ' (The default tolerance is 1% of |mean|: for outputs near 0, set an absolute tolerance.)' : ''}`
  else if (outcome === 'inconclusive')
    meaning =
      decision.reason === 'untrusted'
        ? `No verdict: ${decision.untrusted}, so an sd of ${formatNumber(2 * tau)} cannot be ruled out${seedsNeeded ? `; about ${seedsNeeded} seeds would` : ''}.`
        : `${k} seeds can neither show σ above ${formatNumber(tau)} nor rule out σ = ${formatNumber(2 * tau)} (twice the tolerance)${seedsNeeded ? `; about ${seedsNeeded} seeds would settle it` : ''}.${assumeNormal ? ' Assumes outputs normal across seeds.' : ' The upper bound does not assume normal outputs, so it is wide with few seeds (assumeNormal: true narrows it where outputs are averages of many terms).'}`
  else
    meaning =
      worst.sd === 0
        ? `Every seed gave the same output${m > 1 ? ' in every element' : ''}. (An output that differs only on rare seeds can be missed by ${k} seeds.)`
        : `A seed-to-seed sd of twice the tolerance is ruled out (upper bound ${formatNumber(passBounds.upper)} < ${formatNumber(2 * tau)}).`
  return {
    claim,
    oppositeClaim,
    outcome,
    observed,
    meaning,
    detectable:
      outcome !== 'fail' && tau > 0 && worst.sd > 0 && Number.isFinite(passBounds.upper)
        ? `σ = ${formatNumber(Math.max(passBounds.upper, 2 * tau))} (the ${confHigh}% upper bound rules out larger sds${m > 1 ? ` of ${worstName}` : ''})`
        : undefined,
    samplesNeeded: seedsNeeded,
    samplesUnit: 'seeds',
    picture: numericTable(data, seeds, worst),
    advice:
      'Find what makes the output depend on the seed (initialisation, data order, too few iterations), or widen the tolerance if this spread is acceptable.',
    worstPair: worst.sd > 0 ? [worst.argmin, worst.argmax] : undefined,
    decision,
    record: { method: spread.method === 'bonett' ? 'bonett-sd' : spread.method, samplesDrawn: k },
  }
}

function formatBound(x: number): string {
  return Number.isFinite(x) ? formatNumber(x) : '∞'
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)))
  const line = (cells: string[]) =>
    `  ${cells
      .map((x, c) => x.padEnd(widths[c]))
      .join('  ')
      .trimEnd()}`
  return [line(header), ...rows.map(line)].join('\n')
}

/** The rows to print: all of them, or the first ones plus those that must be seen (the worst pair). */
function cut<T>(rows: T[], keep: readonly number[] = []): { shown: T[]; more: number } {
  if (rows.length <= TABLE_ROWS) return { shown: rows, more: 0 }
  const chosen = new Set<number>(keep)
  for (let i = 0; chosen.size < TABLE_ROWS; i++) chosen.add(i)
  const indices = [...chosen].sort((a, b) => a - b)
  return { shown: indices.map((i) => rows[i]), more: rows.length - indices.length }
}

function numericTable(
  data: Extract<Data, { kind: 'number' | 'vector' | 'record' }>,
  seeds: readonly string[],
  worst: SpreadComponent,
): string {
  const { m, values, names } = data
  const k = seeds.length
  const header =
    m === 1
      ? ['seed', 'value', '']
      : ['seed', data.kind === 'vector' ? `element ${names[worst.index]}` : names[worst.index], '']
  const rows: string[][] = []
  for (let i = 0; i < k; i++) {
    const v = values[i * m + worst.index]
    const mark = worst.sd === 0 ? '' : i === worst.argmin ? '← lowest' : i === worst.argmax ? '← highest' : ''
    rows.push([seeds[i], formatNumber(v, 6), mark])
  }
  const { shown, more } = cut(rows, worst.sd === 0 ? [] : [worst.argmin, worst.argmax])
  const title =
    m === 1 ? 'Output per seed:' : `Output per seed (worst ${data.kind === 'vector' ? 'element' : 'key'}):`
  return [title, table(header, shown), ...(more ? [`  … ${more} more seeds`] : [])].join('\n')
}

function labelEvidence(
  data: Extract<Data, { kind: 'labels' }>,
  seeds: readonly string[],
  opts: ResolvedOptions,
  minAgreement: number,
): StableEvidence {
  const { labels, length: L } = data
  const k = seeds.length
  const alpha = opts.falseFailRate
  const beta = opts.falsePassRate
  const tolerance = opts.tolerance ?? Math.min(DEFAULT_LABEL_TOLERANCE, minAgreement / 2)
  if (tolerance >= minAgreement)
    throw new InvalidRangeError(
      NAME,
      'options.tolerance',
      `must be below minAgreement (${formatNumber(minAgreement)}) for labels: it is how far below minAgreement the agreement may fall, got ${formatNumber(tolerance)}`,
    )
  const agreement = labelAgreement(labels)
  const decision = decideAgreement({
    agreement,
    minAgreement,
    tolerance,
    falseFailRate: alpha,
    falsePassRate: beta,
  })
  const { outcome } = decision
  const p = agreement.agreement
  const { worstPair, worstAgreement: worstRate, runAgreement: rowMean, pairMean } = agreement
  const units = agreement.pairAgreement.length
  const pairs = (k * (k - 1)) / 2
  const upper = decision.failBounds.upper
  const lower = decision.passBounds.lower
  const pct = (x: number) => `${formatNumber(100 * x)}%`
  const seedsNeeded = outcome === 'inconclusive' ? decision.samplesNeeded : undefined
  const [a, b] = worstPair
  const diffs: string[] = []
  for (let q = 0; q < L && diffs.length < 3; q++)
    if (!Object.is(labels[a][q], labels[b][q]))
      diffs.push(`${data.scalar ? '' : `[${q}] `}${show(labels[a][q])} vs ${show(labels[b][q])}`)
  const what = data.scalar ? 'the label' : 'the labels'
  const observed: Array<[string, string]> = [
    [
      'Agreement',
      `${pct(p)} of positions on average over ${pairs} pairs of seeds, ${L} position${L === 1 ? '' : 's'} each`,
    ],
    [
      'Bounds',
      `≤ ${pct(upper)} (${formatLevel(1 - alpha)}% upper bound), ≥ ${pct(lower)} (${formatLevel(1 - beta)}% lower bound); betting bounds on [0, 1] over the ${units} disjoint pair${units === 1 ? '' : 's'} of seeds (seed 1 with 2, 3 with 4, …; mean ${pct(pairMean)}): the seed is the unit`,
    ],
    [
      'Tolerance',
      `${formatNumber(tolerance)} in the agreement${opts.tolerance === undefined ? ' (default)' : ''}`,
    ],
  ]
  if (worstRate < 1)
    observed.push([
      'Worst',
      `seeds "${seeds[a]}" and "${seeds[b]}" agree on ${pct(worstRate)}${diffs.length ? `: ${diffs.join(', ')}${L * (1 - worstRate) > diffs.length ? ', …' : ''}` : ''}`,
    ])
  const rows = labels.map((ls, i) => [
    seeds[i],
    pct(rowMean[i]),
    preview(ls, data.scalar),
    worstRate < 1 && (i === a || i === b) ? '← worst pair' : '',
  ])
  const { shown, more } = cut(rows, worstRate < 1 ? [a, b] : [])
  const picture = [
    'Output per seed (agreement with the other seeds):',
    table(['seed', 'agreement', data.scalar ? 'label' : 'labels', ''], shown),
    ...(more ? [`  … ${more} more seeds`] : []),
  ].join('\n')
  let meaning: string
  if (outcome === 'fail')
    meaning = `Even the upper bound on the agreement (${pct(upper)}) is below ${pct(minAgreement)}: ${what} depend on the seed more than claimed.`
  else if (outcome === 'inconclusive')
    meaning = `${k} seeds can neither show the agreement below ${pct(minAgreement)} nor rule out ${pct(minAgreement - tolerance)}${seedsNeeded ? `; about ${seedsNeeded} seeds would settle it` : ''}.`
  else
    meaning = `An agreement as low as ${pct(minAgreement - tolerance)} is ruled out (lower bound ${pct(lower)}).`
  return {
    claim: `two seeds agree on at least ${pct(minAgreement)} of ${what}`,
    oppositeClaim: `two seeds agree on less than ${pct(minAgreement)} of ${what}`,
    outcome,
    observed,
    meaning,
    detectable:
      outcome === 'fail'
        ? undefined
        : `an agreement of ${pct(Math.min(lower, minAgreement - tolerance))} (the ${formatLevel(1 - beta)}% lower bound rules out lower agreements)`,
    samplesNeeded: seedsNeeded,
    samplesUnit: 'seeds',
    picture,
    advice:
      'Find what makes the labels depend on the seed, or lower minAgreement if this agreement is acceptable.',
    worstPair: worstRate < 1 ? worstPair : undefined,
    decision,
    record: { method: 'betting-pair-agreement', samplesDrawn: k },
  }
}

function show(label: unknown): string {
  return typeof label === 'string' ? JSON.stringify(label) : String(label)
}

function preview(ls: unknown[], scalar: boolean): string {
  if (scalar) return show(ls[0])
  const head = ls.slice(0, 8).map(show).join(', ')
  return `[${head}${ls.length > 8 ? `, … (${ls.length})` : ''}]`
}

/** Reruns the two seeds that differ most; returns a note when their outputs changed. */
async function rerunCheck(
  sampler: Sampler<unknown>,
  seeds: readonly string[],
  pair: [number, number],
  outputs: readonly unknown[],
  remainingMs: number,
): Promise<string | undefined> {
  if (!(remainingMs > 0)) return undefined
  const chosen = pair.map((i) => seeds[i])
  let again: unknown[]
  try {
    again = await runSeeds(sampler, chosen, 'rerun', remainingMs, pair)
  } catch (error) {
    // Out of time: say nothing. Threw or changed type where it did not before: that is not reproducible.
    if (error instanceof SamplerTimeoutError) return undefined
    return `Rerunning seeds "${chosen[0]}" and "${chosen[1]}" failed where the first run did not (${error instanceof Error ? error.message : String(error)}): the sampler has randomness the seed does not control.`
  }
  for (let r = 0; r < 2; r++) {
    const i = pair[r]
    const d = findOutputDifference(outputs[i], again[r])
    if (d)
      return `Rerunning seed "${seeds[i]}" gave a different output${d.path ? ` at ${d.path}` : ''} (${showValue(d.values[0])} then ${showValue(d.values[1])}): the sampler has randomness the seed does not control (Math.random, time, global state), so part of this spread is not seed-to-seed variation.`
  }
  return undefined
}

function showValue(v: unknown): string {
  return typeof v === 'number' ? formatNumber(v, 6) : typeof v === 'string' ? JSON.stringify(v) : String(v)
}
