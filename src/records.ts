/**
 * Records of statistical assertions: every verdict a matcher reaches is kept as one plain, JSON-safe
 * record, for reporters (the suite report, the false-failure budget) and for baselines.
 *
 * Records live in the realm's shared state (see `sharedState` in config.ts), so the separately bundled
 * entries all add to one list; a reporter or a worker hook takes them with {@link takeRecords}.
 */
import { sharedState } from './config'
import type { Outcome } from './decision'
import { InvalidInputError } from './errors'

/** One statistical assertion, as decided. Fields a matcher does not know are left out. */
export interface AssertionRecord {
  /** The matcher, e.g. 'toBeWithinInterval'. */
  matcher: string
  /** The claim in words, of the form that was asserted (the `.not` claim under `.not`). */
  claim: string
  /** Whether the assertion was `.not`. */
  isNot: boolean
  /** The verdict of the positive claim. */
  outcome: Outcome
  /** Whether the assertion passed (after `.not` and allowInconclusive). */
  passed: boolean
  /** Passed only because allowInconclusive was set. */
  passedInconclusive: boolean
  /** An exact check (no statistics, no error rates). */
  exact: boolean
  /** The test file, as the runner gave it. */
  testPath?: string
  /** The test's full name, as the runner gave it. */
  testName?: string
  seed: string
  falseFailRate: number
  /**
   * Where falseFailRate came from: the call's own option, `configure({ falseFailRate })` or the default,
   * or a share of `configure({ suiteFalseFailRate })` (see src/budget.ts).
   */
  rateSource?: 'call' | 'config' | 'suite-budget'
  /** With a suite budget: the budget and the allocation's plan. */
  budget?: {
    suiteFalseFailRate: number
    plannedAssertions: number
    planSource: 'previous-report' | 'configured' | 'default'
  }
  falsePassRate: number
  /** The tolerance, in the units of the claim. */
  tolerance?: number
  /** Sample size the verdict was reached at. */
  n?: number
  /** The point estimate of the quantity claimed about. */
  estimate?: number
  /** The claim as an interval of the quantity (an infinite end for one-sided claims). */
  target?: { lower: number; upper: number }
  /** The confidence interval shown (one-sided bounds at falseFailRate). */
  interval?: { lower: number; upper: number }
  /** The p-value, for test-based claims. */
  pValue?: number
  /** The smallest violation these data rule out (interval claims) or detect (test claims), in the claim's units. */
  detectable?: number
  /** The same in words, as the message says it. */
  detectableText?: string
  /** When inconclusive: the samples that would likely decide. */
  samplesNeeded?: number
  /** Values drawn from a sampler, when one was used. */
  samplesDrawn?: number
  /** Why sampling stopped (sequential matchers): 'decided', 'maxSamples', 'timeout'. */
  stoppedBecause?: string
  /** Wall time of the assertion, in milliseconds, when measured. */
  durationMs?: number
  /** The method, e.g. 'student-t', 'clopper-pearson', 'ks-exact'. */
  method?: string
  /** Why the verdict is what it is (see DecisionReason in decision.ts). */
  reason?: string
  /** Extra data for pictures (e.g. two ECDFs as [x, F] pairs), small. */
  extra?: Record<string, unknown>
  /** When the record was made (ms since the epoch). */
  time: number
  /** The runner's status of the test the assertion ran in (filled by the reporter). */
  testStatus?: string
}

const KEY = 'records'

function list(): AssertionRecord[] {
  const s = sharedState()
  let r = s[KEY] as AssertionRecord[] | undefined
  if (!r) {
    r = []
    s[KEY] = r
  }
  return r
}

/** Records kept at most before the oldest are dropped (a calibration loop makes millions). */
export const MAX_RECORDS = 10_000

/** Adds a record (matchers call this through their verdict). */
export function recordAssertion(record: AssertionRecord): void {
  if (record === null || typeof record !== 'object' || typeof record.matcher !== 'string')
    throw new InvalidInputError(
      'recordAssertion',
      'record',
      'must be an assertion record (an object naming its matcher)',
    )
  const r = list()
  if (r.length >= MAX_RECORDS) {
    r.shift()
    const s = sharedState()
    s.droppedRecords = ((s.droppedRecords as number | undefined) ?? 0) + 1
  }
  r.push(record)
}

/** The records made so far in this realm, and clears them. */
export function takeRecords(): AssertionRecord[] {
  const r = list()
  const out = r.slice()
  r.length = 0
  return out
}

/** The records made so far, without clearing them. */
export function peekRecords(): readonly AssertionRecord[] {
  return list().slice()
}
