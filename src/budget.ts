/**
 * The suite's false-failure budget: `configure({ suiteFalseFailRate: 0.01 })` says "at most 1% of CI
 * runs may fail by chance", and each statistical assertion that does not set its own `falseFailRate`
 * gets a share of it.
 *
 * ## The allocation
 *
 * With budget α, m statistical assertions expected, of which k set their own rates r₁…r_k (spending
 * R = Σ rᵢ), every other assertion gets the share
 *
 *     a = (α − R) / (m − k)
 *
 * so that the rates sum to α: by Bonferroni's inequality (valid whatever the dependence between the
 * assertions: the same data, the same seed), a run in which every claim is true fails on evidence with
 * probability at most Σ rates = α. Bonferroni is the floor, and the rule uses what the structure gives:
 *
 * - only **statistical, positive** assertions spend the budget: exact checks (`toBeReproducible`, a number
 *   against an interval) cannot fail by chance, and a `.not` assertion fails for want of evidence, which
 *   its falseFailRate does not govern (it is reported apart);
 * - m is **the count recorded in the previous run's report** (the reporter reads it from its folder and
 *   hands it to the workers in `PROBABLY_BUDGET_PLAN`), so the budget is divided by the suite's real size,
 *   not by a guess; the rates set by the assertions themselves are taken out first;
 * - with `suiteAssertions` configured, m is the larger of it and the recorded count; with neither,
 *   m = {@link DEFAULT_SUITE_ASSERTIONS}. If the suite grew beyond m, the report shows the sum spent
 *   above the budget, and the next run divides by the new count.
 *
 * Across shards the recorded count is the whole suite's (the merged report's), so the shards together
 * spend α, not α per shard.
 *
 * The budget bounds failures *on evidence*. An inconclusive verdict (too few data for the tolerance)
 * fails by default whatever the budget; the report lists those that passed only by `allowInconclusive`.
 */
import { getConfig, sharedState } from './config'
import { checkOpenUnit, InvalidInputError, InvalidRangeError } from './errors'
import type { AssertionRecord } from './records'

/** The count of statistical assertions assumed when neither a previous report nor `suiteAssertions` gives one. */
export const DEFAULT_SUITE_ASSERTIONS = 100

/** The environment variable by which a reporter hands the previous run's counts to the workers. */
export const BUDGET_PLAN_ENV = 'PROBABLY_BUDGET_PLAN'

/** What the allocation is computed from. */
export interface BudgetPlan {
  /** Statistical positive assertions expected in the suite (m). */
  assertions: number
  /** Of those, how many set their own falseFailRate (k). */
  ownRateAssertions: number
  /** The sum of the rates they set (R). */
  ownRateSpent: number
  /** Where m comes from. */
  source: 'previous-report' | 'configured' | 'default'
}

/** The share each assertion without its own rate gets, and how it was found. */
export interface BudgetAllocation {
  suiteFalseFailRate: number
  /** The per-assertion falseFailRate. */
  share: number
  plan: BudgetPlan
}

/**
 * The per-assertion share of a suite budget: (α − R) / (m − k), Bonferroni over the m − k assertions
 * that take a share; when the own rates use up the budget, (α / m), and the report shows the overspend.
 */
export function allocateFalseFailRate(suiteFalseFailRate: number, plan: BudgetPlan): number {
  if (!(typeof suiteFalseFailRate === 'number' && suiteFalseFailRate > 0 && suiteFalseFailRate < 1))
    throw new InvalidRangeError('allocateFalseFailRate', 'suiteFalseFailRate', 'must lie in (0, 1)')
  checkPlan('allocateFalseFailRate', plan)
  const m = Math.max(1, plan.assertions)
  const rest = m - Math.min(plan.ownRateAssertions, m)
  const left = suiteFalseFailRate - plan.ownRateSpent
  if (rest >= 1 && left > 0) return left / rest
  return suiteFalseFailRate / m
}

function checkPlan(where: string, plan: BudgetPlan): void {
  if (plan === null || typeof plan !== 'object')
    throw new InvalidInputError(where, 'plan', 'must be an object')
  for (const key of ['assertions', 'ownRateAssertions'] as const)
    if (!(Number.isInteger(plan[key]) && plan[key] >= 0))
      throw new InvalidRangeError(where, `plan.${key}`, 'must be a non-negative integer')
  if (
    !(typeof plan.ownRateSpent === 'number' && plan.ownRateSpent >= 0 && Number.isFinite(plan.ownRateSpent))
  )
    throw new InvalidRangeError(where, 'plan.ownRateSpent', 'must be a non-negative number')
}

/** Throws unless `records` is an array of assertion records (objects naming their matcher). */
export function checkRecords(where: string, records: unknown): asserts records is AssertionRecord[] {
  if (!Array.isArray(records))
    throw new InvalidInputError(where, 'records', 'must be an array of assertion records')
  for (const r of records)
    if (r === null || typeof r !== 'object' || typeof (r as AssertionRecord).matcher !== 'string')
      throw new InvalidInputError(
        where,
        'records',
        'must hold assertion records (objects naming their matcher)',
      )
}

/** Whether a record spends the false-failure budget: a statistical assertion in its positive form. */
export function spendsBudget(record: AssertionRecord): boolean {
  return !record.exact && !record.isNot
}

/** The counts of a run's records that plan the next run's allocation. */
export function planFromRecords(records: readonly AssertionRecord[]): Omit<BudgetPlan, 'source'> {
  checkRecords('planFromRecords', records)
  let assertions = 0
  let ownRateAssertions = 0
  let ownRateSpent = 0
  for (const r of records) {
    if (!spendsBudget(r)) continue
    assertions++
    if (r.rateSource === 'call') {
      ownRateAssertions++
      ownRateSpent += r.falseFailRate
    }
  }
  return { assertions, ownRateAssertions, ownRateSpent }
}

function envPlan(): Omit<BudgetPlan, 'source'> | undefined {
  const text = typeof process !== 'undefined' ? process.env?.[BUDGET_PLAN_ENV] : undefined
  if (!text) return undefined
  try {
    const p = JSON.parse(text) as Omit<BudgetPlan, 'source'>
    checkPlan(BUDGET_PLAN_ENV, { ...p, source: 'previous-report' })
    return p
  } catch {
    throw new InvalidInputError(
      'suiteFalseFailRate',
      BUDGET_PLAN_ENV,
      `must be the JSON plan a probably reporter writes, not ${JSON.stringify(text.slice(0, 80))}`,
    )
  }
}

/**
 * The allocation now in force: undefined without `suiteFalseFailRate`. Computed once per configuration
 * and realm (the plan of the previous run does not change during a run).
 */
export function currentAllocation(): BudgetAllocation | undefined {
  const config = getConfig()
  const alpha = config.suiteFalseFailRate
  if (alpha === undefined) return undefined
  const s = sharedState()
  const envText = typeof process !== 'undefined' ? (process.env?.[BUDGET_PLAN_ENV] ?? '') : ''
  const key = `${alpha}|${config.suiteAssertions ?? ''}|${envText}`
  const cached = s.budgetAllocation as { key: string; allocation: BudgetAllocation } | undefined
  if (cached && cached.key === key) return cached.allocation
  const previous = envPlan()
  let plan: BudgetPlan
  if (previous && previous.assertions > 0) {
    plan =
      config.suiteAssertions !== undefined && config.suiteAssertions > previous.assertions
        ? { ...previous, assertions: config.suiteAssertions, source: 'configured' }
        : { ...previous, source: 'previous-report' }
  } else if (config.suiteAssertions !== undefined) {
    plan = { assertions: config.suiteAssertions, ownRateAssertions: 0, ownRateSpent: 0, source: 'configured' }
  } else {
    plan = { assertions: DEFAULT_SUITE_ASSERTIONS, ownRateAssertions: 0, ownRateSpent: 0, source: 'default' }
  }
  const allocation = { suiteFalseFailRate: alpha, share: allocateFalseFailRate(alpha, plan), plan }
  s.budgetAllocation = { key, allocation }
  return allocation
}

/** The budget as a run spent it. */
export interface BudgetSpent {
  /** The stated suite budget, when one was configured. */
  suiteFalseFailRate?: number
  /** Σ falseFailRate over the assertions that spend the budget (the chance of any false failure is at most this). */
  spent: number
  /** How many assertions spent it. */
  assertions: number
  /** Of those, how many took a share of the suite budget, and how many set their own rate. */
  fromBudget: number
  ownRate: number
  /** The share each took (the largest, if shares differ between workers or shards). */
  share?: number
  /** The smallest share, when shares differ (shards or workers that planned from different reports). */
  minShare?: number
  /** The count the allocation assumed. */
  plannedAssertions?: number
  planSource?: BudgetPlan['source']
  /** Whether the sum spent is above the stated budget. */
  exceeded: boolean
  /** `.not` assertions: not covered by the budget (they fail for want of evidence). */
  notAssertions: number
}

/** Sums the false-failure rates a run's records spent. */
export function budgetSpent(records: readonly AssertionRecord[], suiteFalseFailRate?: number): BudgetSpent {
  checkRecords('budgetSpent', records)
  if (suiteFalseFailRate !== undefined) checkOpenUnit('budgetSpent', 'suiteFalseFailRate', suiteFalseFailRate)
  let spent = 0
  let assertions = 0
  let fromBudget = 0
  let ownRate = 0
  let notAssertions = 0
  let share: number | undefined
  let minShare: number | undefined
  let planned: number | undefined
  let source: BudgetPlan['source'] | undefined
  let alpha = suiteFalseFailRate
  for (const r of records) {
    if (r.exact) continue
    if (r.isNot) {
      notAssertions++
      continue
    }
    assertions++
    spent += r.falseFailRate
    if (r.rateSource === 'suite-budget') {
      fromBudget++
      minShare = Math.min(minShare ?? Number.POSITIVE_INFINITY, r.falseFailRate)
      if (share === undefined || r.falseFailRate > share) {
        share = r.falseFailRate
        // The plan shown is that of the largest share.
        if (r.budget) {
          planned = r.budget.plannedAssertions
          source = r.budget.planSource
        }
      }
      if (r.budget) alpha ??= r.budget.suiteFalseFailRate
    } else if (r.rateSource === 'call') ownRate++
  }
  const out: BudgetSpent = {
    spent,
    assertions,
    fromBudget,
    ownRate,
    exceeded: alpha !== undefined && spent > alpha * (1 + 1e-9),
    notAssertions,
  }
  if (alpha !== undefined) out.suiteFalseFailRate = alpha
  if (share !== undefined) out.share = share
  if (minShare !== undefined && share !== undefined && minShare < share * (1 - 1e-9)) out.minShare = minShare
  if (planned !== undefined) out.plannedAssertions = planned
  if (source !== undefined) out.planSource = source
  return out
}
