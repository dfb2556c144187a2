/**
 * probably: the runner-agnostic engine. Plain functions, no `expect`: usable without any test runner.
 * @packageDocumentation
 */
export * from './config'
export * from './errors'
export * from './random'
