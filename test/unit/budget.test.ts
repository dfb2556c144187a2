import { afterEach, describe, expect, it } from 'vitest'
import type { MatcherContext } from '../../matchers/context'
import { matchers } from '../../matchers/index'
import {
  allocateFalseFailRate,
  BUDGET_PLAN_ENV,
  budgetSpent,
  currentAllocation,
  DEFAULT_SUITE_ASSERTIONS,
  planFromRecords,
} from '../../src/budget'
import { configure, resetConfig } from '../../src/config'
import { decideInterval, decideTest } from '../../src/decision'
import { binomialCdf, normalIsf } from '../../src/distributions'
import { InvalidRangeError } from '../../src/errors'
import { proportionInterval } from '../../src/intervals'
import { createRng } from '../../src/random'
import { type AssertionRecord, takeRecords } from '../../src/records'
import { buildReport, mergeReports } from '../../src/report'

afterEach(() => {
  resetConfig()
  delete process.env[BUDGET_PLAN_ENV]
  takeRecords()
})

const context = (name: string): MatcherContext => ({ currentTestName: name, testPath: '/suite/sim.test.ts' })

describe('allocateFalseFailRate', () => {
  it('divides the budget by the assertions, after the rates set by assertions themselves (Bonferroni)', () => {
    const plan = { assertions: 100, ownRateAssertions: 0, ownRateSpent: 0, source: 'configured' as const }
    expect(allocateFalseFailRate(0.01, plan)).toBeCloseTo(1e-4, 15)
    // Ten assertions set 1e-4 each: the other 90 share 0.01 - 0.001.
    expect(allocateFalseFailRate(0.01, { ...plan, ownRateAssertions: 10, ownRateSpent: 0.001 })).toBeCloseTo(
      0.009 / 90,
      15,
    )
    // Own rates that use up the budget: every assertion falls back to budget / m (the report shows the overspend).
    expect(allocateFalseFailRate(0.01, { ...plan, ownRateAssertions: 10, ownRateSpent: 0.02 })).toBeCloseTo(
      1e-4,
      15,
    )
  })

  it('rejects a budget outside (0, 1) and a malformed plan', () => {
    const plan = { assertions: 10, ownRateAssertions: 0, ownRateSpent: 0, source: 'default' as const }
    expect(() => allocateFalseFailRate(0, plan)).toThrow(InvalidRangeError)
    expect(() => allocateFalseFailRate(1.5, plan)).toThrow(/suiteFalseFailRate/)
    expect(() => allocateFalseFailRate(0.01, { ...plan, assertions: -1 })).toThrow(/plan.assertions/)
    expect(() => configure({ suiteFalseFailRate: 2 })).toThrow(/configure: suiteFalseFailRate/)
    expect(() => configure({ suiteAssertions: 0 })).toThrow(/configure: suiteAssertions/)
  })
})

describe('currentAllocation', () => {
  it('is off without a suite budget, and uses the default count without a plan', () => {
    expect(currentAllocation()).toBeUndefined()
    configure({ suiteFalseFailRate: 0.01 })
    const a = currentAllocation()!
    expect(a.plan.source).toBe('default')
    expect(a.share).toBeCloseTo(0.01 / DEFAULT_SUITE_ASSERTIONS, 15)
  })

  it("takes the previous report's counts from the environment, and the larger of them and suiteAssertions", () => {
    configure({ suiteFalseFailRate: 0.02 })
    process.env[BUDGET_PLAN_ENV] = JSON.stringify({ assertions: 40, ownRateAssertions: 0, ownRateSpent: 0 })
    expect(currentAllocation()).toMatchObject({ share: 0.0005, plan: { source: 'previous-report' } })
    configure({ suiteAssertions: 200 })
    expect(currentAllocation()).toMatchObject({ share: 0.0001, plan: { source: 'configured' } })
    configure({ suiteAssertions: 10 })
    expect(currentAllocation()).toMatchObject({ share: 0.0005, plan: { source: 'previous-report' } })
    process.env[BUDGET_PLAN_ENV] = 'not json'
    expect(() => currentAllocation()).toThrow(/PROBABLY_BUDGET_PLAN/)
  })

  it('gives each matcher call its share unless the call sets its own rate, and records where the rate came from', () => {
    configure({ suiteFalseFailRate: 0.01, suiteAssertions: 50 })
    const rng = createRng('budget-share')
    const xs = Array.from({ length: 500 }, () => rng.uniform(0, 1))
    matchers.toBeWithinInterval.call(context('share'), xs, [0, 1])
    matchers.toBeWithinInterval.call(context('own'), xs, [0, 1], { falseFailRate: 0.001 })
    matchers.toBeWithinInterval.call({ ...context('not'), isNot: true }, xs, [0.9, 1])
    const [share, own, not] = takeRecords()
    expect(share).toMatchObject({ falseFailRate: 0.0002, rateSource: 'suite-budget' })
    expect(share!.budget).toEqual({
      suiteFalseFailRate: 0.01,
      plannedAssertions: 50,
      planSource: 'configured',
    })
    expect(own).toMatchObject({ falseFailRate: 0.001, rateSource: 'call' })
    expect(share!.durationMs).toBeGreaterThanOrEqual(0)
    const spent = budgetSpent([share!, own!, not!])
    expect(spent).toMatchObject({
      assertions: 2,
      fromBudget: 1,
      ownRate: 1,
      notAssertions: 1,
      exceeded: false,
    })
    expect(spent.spent).toBeCloseTo(0.0012, 15)
    expect(planFromRecords([share!, own!, not!])).toEqual({
      assertions: 2,
      ownRateAssertions: 1,
      ownRateSpent: 0.001,
    })
  })
})

/**
 * One suite run: 100 true claims at the edge of what they claim, decided by the decision core at the
 * share the allocation gives (the matchers' own rates are measured in docs/calibration.md; the budget's
 * part is the allocation). Three shapes: a normal mean (exact bounds: fails with probability exactly the
 * share), a discrete share (exact binomial test) and the median of a heavy-tailed (Cauchy) sample (sign test).
 */
function suiteRun(rng: ReturnType<typeof createRng>, share: number): boolean {
  let failed = false
  for (let i = 0; i < 100; i++) {
    const kind = i % 10
    if (kind < 4) {
      // Mean of 50 normal values, σ = 1 known, claimed at least its true value 0.
      const n = 50
      let sum = 0
      for (let j = 0; j < n; j++) sum += rng.normal(0, 1)
      const xbar = sum / n
      const se = 1 / Math.sqrt(n)
      const d = decideInterval({
        target: { lower: 0, upper: Number.POSITIVE_INFINITY },
        tolerance: 0.2,
        estimate: xbar,
        n,
        falseFailRate: share,
        falsePassRate: 0.05,
        bounds: (rate) => ({ lower: xbar - normalIsf(rate) * se, upper: xbar + normalIsf(rate) * se }),
      })
      if (d.outcome === 'fail') failed = true
    } else {
      // kind 4-6: a die shows 1 or 2 in a third of rolls, claimed at least 1/3 (discrete, tied);
      // kind 7-9: a Cauchy sample's median is 0, claimed at most 0 (heavy tails: the sign test).
      const n = 60
      const p0 = kind < 7 ? 1 / 3 : 0.5
      let k = 0
      for (let j = 0; j < n; j++) {
        if (kind < 7) k += rng() < 1 / 3 ? 1 : 0
        else k += Math.tan(Math.PI * (rng() - 0.5)) > 0 ? 0 : 1
      }
      // "Share ≥ p0" is rejected when few successes: exact one-sided p-value P(K ≤ k).
      const d = decideTest({
        pValue: binomialCdf(k, n, p0),
        n,
        power: () => 1,
        falseFailRate: share,
        falsePassRate: 0.05,
      })
      if (d.outcome === 'fail') failed = true
    }
  }
  return failed
}

describe('a simulated suite of 100 true claims', () => {
  it('fails by chance at most as often as the stated budget', () => {
    const budget = 0.05
    configure({ suiteFalseFailRate: budget, suiteAssertions: 100 })
    const share = currentAllocation()!.share
    expect(share * 100).toBeCloseTo(budget, 15)
    const rng = createRng('budget-simulation')
    const runs = 3000
    let failures = 0
    for (let run = 0; run < runs; run++) if (suiteRun(rng, share)) failures++
    // The suite's chance-failure rate, with its 99% interval: its lower end may not be above the budget.
    const { lower, estimate } = proportionInterval(failures, runs, {
      method: 'clopper-pearson',
      confidence: 0.99,
    })
    expect(lower, `${failures} of ${runs} suite runs failed by chance`).toBeLessThanOrEqual(budget)
    // The budget is spent, not wasted: the exact mean claims alone fail 40 × share ≈ 2% of runs.
    expect(estimate).toBeGreaterThan(0.01)
  }, 30_000)

  it('holds across shards: the merged report plans the whole suite, so the shards share one budget', () => {
    const record = (i: number): AssertionRecord => ({
      matcher: 'toBeWithinInterval',
      claim: 'c',
      isNot: false,
      outcome: 'pass',
      passed: true,
      passedInconclusive: false,
      exact: false,
      seed: 's',
      falseFailRate: 0.0001,
      falsePassRate: 0.05,
      rateSource: 'suite-budget',
      testName: `t${i}`,
      time: i,
    })
    const shard1 = buildReport(
      Array.from({ length: 60 }, (_, i) => record(i)),
      { shard: { index: 1, count: 2 } },
    )
    const shard2 = buildReport(
      Array.from({ length: 40 }, (_, i) => record(60 + i)),
      { shard: { index: 2, count: 2 } },
    )
    const merged = mergeReports([shard2, shard1])
    expect(merged.plan.assertions).toBe(100)
    expect(merged.shards!.map((s) => s.index)).toEqual([1, 2])
    // The next run: every shard reads the merged plan and gives each assertion budget / 100.
    configure({ suiteFalseFailRate: 0.01 })
    process.env[BUDGET_PLAN_ENV] = JSON.stringify(merged.plan)
    expect(currentAllocation()!.share).toBeCloseTo(1e-4, 15)
    expect(merged.budget.spent).toBeCloseTo(0.01, 12)
  })
})
