/**
 * The verdict model shared by every statistical matcher.
 *
 * A matcher states a claim about an unknown quantity and weighs the evidence:
 * - **fail** when the evidence contradicts the claim at `falseFailRate`;
 * - **inconclusive** when the data could not detect a violation of size `tolerance` with probability
 *   `1 - falsePassRate`: fails by default, saying how many samples would be enough
 *   (`allowInconclusive: true` passes with a note instead);
 * - **pass** otherwise.
 *
 * Under `.not` the claim is the opposite, and it passes only on evidence: `.not` passes exactly when the
 * positive form found evidence against its claim (at `falseFailRate`), and fails otherwise.
 */
import { type BudgetAllocation, currentAllocation } from '../src/budget'
import { checkConfig, getConfig, type ProbablyConfig } from '../src/config'
import type { Decision, IntervalDecision, TestDecision } from '../src/decision'
import { InvalidInputError } from '../src/errors'
import { resolveSeed, SEED_ENV, type Seed, type SeedSource } from '../src/random'
import { type AssertionRecord, recordAssertion } from '../src/records'
import { formatNumber, hint, type MatcherContext, type MatcherResult, utilsOf } from './context'
import { currentTest, reproduceCommand, type TestIdentity } from './runner'
import { noteBudget, type TimeBudget, timeBudget } from './timeBudget'
import { CALL_STARTED, now } from './timing'

/** Options every statistical matcher accepts; unset ones come from `configure()`. */
export interface VerdictOptions {
  /** Probability of failing when the claim is true. Default from `configure()` (0.001). */
  falseFailRate?: number
  /** Probability of passing when the claim is violated by `tolerance`. Default from `configure()` (0.05). */
  falsePassRate?: number
  /** The smallest violation that matters, in the units of the claim (see each matcher). */
  tolerance?: number
  /** Pass with a note, instead of failing, when the data are too few to tell. */
  allowInconclusive?: boolean
  /** Seed for every random draw of this call (else PROBABLY_SEED, configure's seed, or the test's own seed). */
  seed?: Seed
}

/** Options of matchers that draw from a sampler. */
export interface SamplingOptions extends VerdictOptions {
  /** How many values to draw from a sampler. Default from `configure()` (1000). */
  samples?: number
  /**
   * Time budget for all draws, in milliseconds. Default from `configure()` (4000); cut down to what
   * remains of the test's own timeout (less a margin) when that is less.
   */
  timeoutMs?: number
  /** Sequential matchers: the most values to draw before stopping undecided (default 10 000). */
  maxSamples?: number
  /** At most this many sampler calls in flight at once (default 1); draw i keeps the seed of draw i. */
  concurrency?: number
  /** Time budget of one sampler call, in milliseconds (default: none beside `timeoutMs`). */
  callTimeoutMs?: number
  /** A throwing (or timed-out) call: `'fail'` the test naming its draw and seed (default), or `'count-as-failure'`. */
  onError?: 'fail' | 'count-as-failure'
}

/** The options of one call, merged with the configuration and with the seed chosen. */
export interface ResolvedOptions
  extends ProbablyConfig,
    Pick<SamplingOptions, 'maxSamples' | 'concurrency' | 'callTimeoutMs' | 'onError'> {
  /** Where falseFailRate came from (the call, configure, or a share of the suite budget). */
  rateSource?: 'call' | 'config' | 'suite-budget'
  /** The suite budget's allocation, when falseFailRate is a share of it. */
  allocation?: BudgetAllocation
  tolerance: number | undefined
  seed: string
  seedSource: SeedSource
  /** The budget `timeoutMs` holds, and where it came from (the call, configure, the test's timeout). */
  timeBudget: TimeBudget
  /** The test that made the call (see matchers/runner.ts). */
  test: TestIdentity
}

const OPTION_KEYS = new Set([
  'falseFailRate',
  'falsePassRate',
  'tolerance',
  'allowInconclusive',
  'seed',
  'samples',
  'timeoutMs',
  'maxSamples',
  'concurrency',
  'callTimeoutMs',
  'onError',
])

/**
 * Merges a call's options with the configuration and picks the seed. `extraKeys` are the matcher's own
 * options: any other key is an error (a misspelled option must not be silently ignored).
 */
export function resolveOptions(
  context: MatcherContext,
  where: string,
  options: object | undefined,
  extraKeys: readonly string[] = [],
): ResolvedOptions {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options)))
    throw new InvalidInputError(where, 'options', 'must be an object')
  const o = (options ?? {}) as Record<string, unknown>
  for (const key of Object.keys(o))
    if (!OPTION_KEYS.has(key) && !extraKeys.includes(key))
      throw new InvalidInputError(
        where,
        `options.${key}`,
        `is not an option of ${where} (known: ${[...OPTION_KEYS, ...extraKeys].join(', ')})`,
      )
  checkConfig(where, o as Partial<ProbablyConfig>)
  if (
    o.tolerance !== undefined &&
    !(typeof o.tolerance === 'number' && o.tolerance > 0 && Number.isFinite(o.tolerance))
  )
    throw new InvalidInputError(where, 'options.tolerance', 'must be a positive finite number')
  const config = getConfig()
  // Throws where the runner cannot tell which test is calling (never a guessed seed).
  const test = currentTest(context, where, o.seed !== undefined)
  const { seed, source } = resolveSeed({
    option: o.seed as Seed | undefined,
    configured: config.seed,
    testPath: test.testPath,
    testName: test.testName,
    root: test.root,
  })
  // The false-fail rate: the call's own, else a share of the suite budget, else configure's (src/budget.ts).
  const allocation = o.falseFailRate === undefined ? currentAllocation() : undefined
  const merged = {
    ...config,
    ...(allocation ? { falseFailRate: allocation.share } : {}),
    ...(Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<ProbablyConfig>),
  }
  const budget = timeBudget(merged.timeoutMs, o.timeoutMs !== undefined ? 'option' : 'configure', test)
  noteBudget(context, budget, reproduceLine(context, seed, test))
  return {
    ...merged,
    rateSource: o.falseFailRate !== undefined ? 'call' : allocation ? 'suite-budget' : 'config',
    ...(allocation ? { allocation } : {}),
    timeoutMs: budget.ms,
    tolerance: o.tolerance as number | undefined,
    seed,
    seedSource: source,
    timeBudget: budget,
    test,
  }
}

export type Outcome = 'pass' | 'fail' | 'inconclusive'

/** What a matcher found, in words and numbers; {@link verdict} turns it into a result and a message. */
export interface Evidence {
  /** The claim of the positive form, e.g. "the mean lies within [0.4, 0.6]". */
  claim: string
  /** The claim of the `.not` form, e.g. "the mean lies outside [0.4, 0.6]". */
  oppositeClaim: string
  outcome: Outcome
  /** Labelled observations: estimate, interval, n, p-value... */
  observed: Array<[label: string, value: string]>
  /** One or two sentences on what the outcome means. */
  meaning?: string
  /** The smallest violation this test could detect at its n, in words ("0.031 in the mean"). */
  detectable?: string
  /**
   * The Power line in full, when the matcher words it itself (e.g. "these data rule out a violation
   * larger than 0.031"); overrides `detectable` in the message (the record keeps `detectable`).
   */
  power?: string
  /** When inconclusive: how many samples would be enough to detect a violation of `tolerance`. */
  samplesNeeded?: number
  /** What `samplesNeeded` counts (default 'samples'; e.g. 'seeds'). */
  samplesUnit?: string
  /** An exact check (no statistics): the message states no error rates. */
  exact?: boolean
  /** Extra lines drawn under the numbers (tables, histograms). */
  picture?: string
  /** Whether randomness was involved (a sampler, a bootstrap): then the seed is printed. */
  usedRandomness?: boolean
  /** What to do next when the verdict is a failure (overrides the default advice). */
  advice?: string
  /** The engine's decision (src/decision.ts) this evidence renders; fills the assertion's record. */
  decision?: Decision | IntervalDecision | TestDecision
  /** Fields of the assertion's record the decision does not hold (method, samples drawn...). */
  record?: Partial<AssertionRecord>
}

/** The record of one assertion, from its evidence (see src/records.ts). */
function recordOf(
  context: MatcherContext,
  name: string,
  evidence: Evidence,
  options: ResolvedOptions,
  passed: boolean,
): AssertionRecord {
  const isNot = context.isNot === true
  const d = evidence.decision
  const r: AssertionRecord = {
    matcher: name,
    claim: isNot ? evidence.oppositeClaim : evidence.claim,
    isNot,
    outcome: evidence.outcome,
    passed,
    passedInconclusive: !isNot && evidence.outcome === 'inconclusive' && passed,
    exact: evidence.exact === true,
    testPath: options.test?.testPath ?? context.testPath,
    testName: options.test?.testName ?? context.currentTestName,
    seed: options.seed,
    falseFailRate: options.falseFailRate,
    falsePassRate: options.falsePassRate,
    time: Date.now(),
  }
  if (options.rateSource) r.rateSource = options.rateSource
  if (options.allocation)
    r.budget = {
      suiteFalseFailRate: options.allocation.suiteFalseFailRate,
      plannedAssertions: options.allocation.plan.assertions,
      planSource: options.allocation.plan.source,
    }
  const started = (context as { [CALL_STARTED]?: number })[CALL_STARTED]
  if (typeof started === 'number') r.durationMs = now() - started
  if (options.tolerance !== undefined) r.tolerance = options.tolerance
  if (evidence.samplesNeeded !== undefined) r.samplesNeeded = evidence.samplesNeeded
  if (evidence.detectable !== undefined) r.detectableText = evidence.detectable
  if (d) {
    r.n = d.n
    r.reason = d.reason
    if (d.samplesNeeded !== undefined && r.samplesNeeded === undefined) r.samplesNeeded = d.samplesNeeded
    if ('kind' in d && d.kind === 'interval') {
      r.estimate = d.estimate
      r.target = { ...d.target }
      r.interval = { ...d.failBounds }
      r.tolerance = d.tolerance
      r.detectable = d.ruledOut
    } else if ('kind' in d && d.kind === 'test') {
      r.pValue = d.pValue
    }
  }
  return { ...r, ...evidence.record }
}

/**
 * The one line that reruns this test with this seed and this configuration: the runner's options that
 * chose the configuration (config file, root, project; from its command line when it can be read, else
 * the root and project it exposes), the file, and the test's name as a `-t` pattern. Both runners match
 * `-t` as a regular expression against the names of the test and its describe blocks joined by spaces, so
 * regex characters are escaped, and every word is single-quoted for the shell where it needs to be.
 */
export function reproduceLine(context: MatcherContext, seed: string, test?: TestIdentity): string {
  const t = test ?? currentTest(context, 'reproduceLine')
  const quote = (text: string) => (/^[\w./=:@+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`)
  const { env, words, note } = reproduceCommand(t)
  const name = (t.names ?? []).join(' ')
  const pattern = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  if (pattern) words.push('-t', pattern)
  return [
    `${SEED_ENV}=${quote(seed)}`,
    ...env.map((e) => e.replace(/=(.*)$/, (_, v: string) => `=${quote(v)}`)),
    ...words.map(quote),
    ...(note ? [`# ${note}`] : []),
  ].join(' ')
}

const SOURCE_WORDS: Record<SeedSource, string> = {
  option: 'from the seed option',
  environment: `from ${SEED_ENV}`,
  configure: 'from configure()',
  test: "derived from the test's file and name",
  random: `drawn fresh because ${SEED_ENV}=random`,
}

/**
 * Turns evidence into the matcher's result. `pass` follows the verdict model, `.not` included, and
 * the message says what was claimed, what was observed, what it means and what to do next.
 */
export function verdict(
  context: MatcherContext,
  name: string,
  expected: string,
  evidence: Evidence,
  options: ResolvedOptions,
): MatcherResult {
  const isNot = context.isNot === true
  const { outcome } = evidence
  // The value handed to the runner is for the positive form; the runner inverts it under .not.
  const pass = isNot
    ? outcome !== 'fail'
    : outcome === 'pass' || (outcome === 'inconclusive' && options.allowInconclusive)
  recordAssertion(recordOf(context, name, evidence, options, isNot ? !pass : pass))
  const message = () => {
    const utils = utilsOf(context)
    const lines: string[] = [hint(context, name, expected), '']
    const claim = isNot ? evidence.oppositeClaim : evidence.claim
    lines.push(`Claim:     ${claim}`)
    for (const [label, value] of evidence.observed) lines.push(`${`${label}:`.padEnd(11)}${value}`)
    const unit = evidence.samplesUnit ?? 'samples'
    // How many would decide: only a number above what was taken is worth saying (the core never says fewer).
    const taken = evidence.decision?.n
    const needed =
      evidence.samplesNeeded !== undefined &&
      Number.isFinite(evidence.samplesNeeded) &&
      (taken === undefined || evidence.samplesNeeded > taken)
        ? evidence.samplesNeeded
        : undefined
    const d = evidence.decision as
      | { tolerance?: number; target?: { lower: number; upper: number } }
      | undefined
    // A threshold claim (a distance at most t) decides with a vanishing tolerance: not one to name.
    const scale = Math.max(
      1,
      ...[d?.target?.lower, d?.target?.upper].filter((x): x is number => Number.isFinite(x)).map(Math.abs),
    )
    const tolerance =
      options.tolerance ??
      (typeof d?.tolerance === 'number' && d.tolerance > 1e-9 * scale ? d.tolerance : undefined)
    const rates = evidence.exact
      ? 'an exact check'
      : `false-fail rate ${formatNumber(options.falseFailRate)}, false-pass rate ${formatNumber(options.falsePassRate)}`
    let verdictLine: string
    let next: string | undefined
    if (isNot) {
      if (outcome === 'fail') {
        verdictLine = `${utils.RECEIVED_COLOR('fail')}: the evidence supports the claim of .not, so .not passes (${rates})`
      } else {
        verdictLine = evidence.exact
          ? `${utils.RECEIVED_COLOR('fail')}: the check found the opposite: ${evidence.claim}`
          : `${utils.RECEIVED_COLOR('fail')}: no evidence, at false-fail rate ${formatNumber(options.falseFailRate)}, that ${evidence.oppositeClaim}`
        next =
          outcome === 'inconclusive'
            ? needed !== undefined
              ? `The data are too few to tell either way: take at least ${utils.EXPECTED_COLOR(String(needed))} ${unit}, enough to detect a difference of the tolerance.`
              : `The data are too few to tell either way: take more ${unit}.`
            : evidence.exact
              ? '`.not` passes only when the exact check finds the opposite; here the positive claim held.'
              : '`.not` passes only on evidence; with these data the positive claim is consistent.'
      }
    } else if (outcome === 'fail') {
      verdictLine = `${utils.RECEIVED_COLOR('fail')}: the evidence contradicts the claim (${rates})`
      next = evidence.advice
    } else if (outcome === 'inconclusive') {
      verdictLine =
        evidence.decision?.reason === 'untrusted'
          ? `${utils.RECEIVED_COLOR('inconclusive')}: no bound can be trusted at this n (see Meaning), so neither a failure nor a pass is reached`
          : `${utils.RECEIVED_COLOR('inconclusive')}: the data are too few to detect a violation of the tolerance${tolerance !== undefined ? ` (${formatNumber(tolerance)})` : ''} with false-pass rate ${formatNumber(options.falsePassRate)}`
      if (options.allowInconclusive) verdictLine += '; passing because allowInconclusive is set'
      next =
        needed !== undefined
          ? `Take at least ${utils.EXPECTED_COLOR(String(needed))} ${unit}, widen the tolerance, or set allowInconclusive: true.`
          : `Take more ${unit}, widen the tolerance, or set allowInconclusive: true.`
    } else {
      verdictLine = `${utils.EXPECTED_COLOR('pass')}: no evidence against the claim, and a violation of the tolerance would have been detected (${rates})`
    }
    lines.push(`Verdict:   ${verdictLine}`)
    if (evidence.meaning) lines.push(`Meaning:   ${evidence.meaning}`)
    if (evidence.power) lines.push(`Power:     ${evidence.power}`)
    else if (evidence.detectable)
      lines.push(`Power:     the smallest violation detectable at this n is ${evidence.detectable}`)
    if (next) lines.push(`Next:      ${next}`)
    if (evidence.picture) lines.push('', evidence.picture)
    // Every statistical verdict prints its seed, whether or not this call drew at random.
    lines.push('')
    lines.push(
      `Seed:      ${options.seed} (${SOURCE_WORDS[options.seedSource]}${evidence.usedRandomness ? '' : '; this call made no random draws'})`,
    )
    lines.push(`Reproduce: ${reproduceLine(context, options.seed, options.test)}`)
    return lines.join('\n')
  }
  return { pass, message }
}
