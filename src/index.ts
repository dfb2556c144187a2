/**
 * probably: the runner-agnostic engine. Plain functions, no `expect`: usable without any test runner.
 * @packageDocumentation
 */
// The store's plumbing (paths, locks, atomic writes, parsing) is internal: matchers import it from its module.
export {
  BASELINE_FORMAT,
  type BaselineChanges,
  type BaselineFile,
  BaselineFileError,
  readBaselineFile,
  updateBaselineFile,
} from './baselineStore'
export * from './baselines'
export {
  allocateFalseFailRate,
  BUDGET_PLAN_ENV,
  type BudgetAllocation,
  type BudgetPlan,
  type BudgetSpent,
  budgetSpent,
  currentAllocation,
  DEFAULT_SUITE_ASSERTIONS,
  planFromRecords,
} from './budget'
export * from './comparisons'
export * from './config'
export * from './decision'
export * from './descriptive'
export * from './distances'
export * from './distributionPower'
export * from './distributions'
export * from './errors'
export * from './histogram'
export * from './hypothesis'
export * from './intervals'
export * from './kolmogorov'
export * from './meanBounds'
export * from './metricDecisions'
export * from './metrics'
export * from './montecarlo'
export * from './power'
export * from './random'
export * from './records'
export {
  type BuildReportOptions,
  buildReport,
  cdfSketch,
  ecdfSketch,
  isSuiteReport,
  mergeReports,
  missingShards,
  parseReport,
  REPORT_SCHEMA,
  type ReportedAssertion,
  type ReportShard,
  renderReportTable,
  type SuiteReport,
  type TableOptions,
} from './report'
export { type EcdfPair, type HtmlOptions, renderReportHtml } from './report-html'
// samplerClock (the time budgets' clock) is internal: src/sequential.ts imports it from its module.
export {
  CallTimeoutError,
  checkReproducible,
  type DrawCheck,
  type DrawOptions,
  type DrawRangeOptions,
  type DrawRangeResult,
  type DrawResult,
  drawChecks,
  drawRange,
  drawSamples,
  findOutputDifference,
  isSampler,
  type OnDrawError,
  type OutputDifference,
  type ReproducibilityResult,
  type ReproducibleOptions,
  type Sampler,
  type SamplerDraw,
  SamplerError,
  SamplerTimeoutError,
  type TimeBudget,
  withSeededMathRandom,
} from './sampler'
export * from './sequential'
export * from './spread'
export * from './version'
