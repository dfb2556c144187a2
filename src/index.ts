/**
 * probably: the runner-agnostic engine. Plain functions, no `expect`: usable without any test runner.
 * @packageDocumentation
 */
export * from './baselineStore'
export * from './baselines'
export * from './config'
export * from './decision'
export * from './descriptive'
export * from './distances'
export * from './distributions'
export * from './errors'
export * from './hypothesis'
export * from './intervals'
export * from './kolmogorov'
export * from './metrics'
export * from './montecarlo'
export * from './power'
export * from './random'
export * from './records'
export * from './sampler'
export * from './version'
